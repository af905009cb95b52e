# Sourced by the other scripts: puts the project's tools first on PATH. binaryen 132's
# wasm-opt (from npm) must shadow any system wasm-opt, whose output Chromium rejects.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
devserver="$root/target/debug/drush-io-devserver"

# start_devserver JOBS_FILE [STATIC_DIR [SERVE_ARGS...]]: starts the dev server on a free
# loopback port and sets server_pid, server_url and server_token. The caller stops it with
# stop_devservers.
server_pids=()
start_devserver() {
  local jobs=$1 static=${2:-$root/www} dir
  shift $(($# < 2 ? $# : 2))
  dir=$(mktemp -d "$root/target/devserver.XXXXXX")
  server_token=$("$devserver" token --secret-file "$dir/secret" --name "make test")
  "$devserver" serve --addr 127.0.0.1:0 --jobs "$jobs" --static "$static" --pkg "$root/pkg" \
    --secret-file "$dir/secret" --ready-file "$dir/ready" "$@" >"$dir/log" 2>&1 &
  server_pid=$!
  server_pids+=("$server_pid")
  for _ in $(seq 100); do
    [ -s "$dir/ready" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/log" >&2; return 1; }
    sleep 0.1
  done
  [ -s "$dir/ready" ] || { echo "dev server did not become ready" >&2; return 1; }
  server_url=$(cat "$dir/ready")
}

stop_devservers() {
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  server_pids=()
  return 0
}
