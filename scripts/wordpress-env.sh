# Sourced after scripts/env.sh. start_wordpress API_URL TOKEN JOBS_JSON: a private, real
# WordPress (Debian's package) in its own folder, with MariaDB started there, the plugin
# installed from target/drush-io-wordpress.zip as Upload would, and served by `php -S`.
# Sets wp_url, wp_run and wp_pids; stop_wordpress stops everything it started.
# start_wordpress_fresh PERMALINKS: a WordPress as it comes, without the plugin (a site
# builder uploads it), with PERMALINKS as its structure ('' for plain, as WordPress installs).
wp_pids=()
wp_runs=()
start_wordpress_fresh() {
  DRUSH_IO_WP_FRESH=1 DRUSH_IO_WP_PERMALINKS=$1 start_wordpress '' '' ''
}
start_wordpress() {
  local api=$1 token=$2 jobs=$3 port
  wp_run=$(mktemp -d "$root/target/wordpress.XXXXXX")
  wp_runs+=("$wp_run")
  port=$(free_ports 1)
  wp_url="http://127.0.0.1:$port"
  mariadb-install-db --no-defaults --datadir="$wp_run/db" --user=root \
    --auth-root-authentication-method=normal --skip-test-db >"$wp_run/db-install.log" 2>&1
  mariadbd --no-defaults --datadir="$wp_run/db" --socket="$wp_run/mysql.sock" \
    --pid-file="$wp_run/mysqld.pid" --skip-networking --user=root --log-error="$wp_run/mysqld.err" &
  wp_pids+=($!)
  for _ in $(seq 100); do
    mariadb-admin --no-defaults --socket="$wp_run/mysql.sock" -uroot ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  mariadb --no-defaults --socket="$wp_run/mysql.sock" -uroot -e 'CREATE DATABASE wordpress'
  cp -aL /usr/share/wordpress "$wp_run/wp"
  rm -f "$wp_run/wp/.htaccess" "$wp_run/wp/wp-config.php"
  [ -n "${DRUSH_IO_WP_FRESH:-}" ] || unzip -q "$root/target/drush-io-wordpress.zip" -d "$wp_run/wp/wp-content/plugins"
  # The tests' query counter (tests/cms/mu-plugins/), in this private copy only.
  mkdir -p "$wp_run/wp/wp-content/mu-plugins"
  cp "$root"/tests/cms/mu-plugins/*.php "$wp_run/wp/wp-content/mu-plugins/"
  DRUSH_IO_WP_RUN=$wp_run DRUSH_IO_WP_URL=$wp_url DRUSH_IO_API=$api DRUSH_IO_TOKEN=$token \
    DRUSH_IO_JOBS=$jobs php "$root/scripts/wordpress-install.php" >"$wp_run/install.log" 2>&1 \
    || { cat "$wp_run/install.log" >&2; return 1; }
  # Four workers, as a real server answers several requests at once: with one, the tab's
  # polls, nonce refreshes and heartbeat queue behind each other on a busy machine.
  PHP_CLI_SERVER_WORKERS=4 php -S "127.0.0.1:$port" -t "$wp_run/wp" >"$wp_run/php.log" 2>&1 &
  wp_pids+=($!)
  for _ in $(seq 100); do
    curl -fs -o /dev/null "$wp_url/wp-login.php" && return 0
    sleep 0.1
  done
  echo "WordPress did not start" >&2
  return 1
}

stop_wordpress() {
  local pid run
  # php -S's workers outlive their parent: they go first.
  for pid in "${wp_pids[@]}"; do pkill -P "$pid" 2>/dev/null || true; kill "$pid" 2>/dev/null || true; done
  for pid in "${wp_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  wp_pids=()
  for run in "${wp_runs[@]}"; do rm -rf "$run"; done
  wp_runs=()
}
