# Sourced by the other scripts: puts the project's tools first on PATH. binaryen 132's
# wasm-opt (from npm) must shadow any system wasm-opt, whose output Chromium rejects.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export GECKODRIVER="${GECKODRIVER:-$HOME/.cargo/bin/geckodriver}"
devserver="$root/target/debug/drush-io-devserver"
# The wasm file keeps the source paths of panic locations, though it never prints them
# (they trap: scripts/trap-panics.mjs). Those of crates name this machine's Cargo home:
# they start at the registry's index instead, in every wasm build the scripts make.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}/registry/src/="

# free_ports [N]: prints N (default 1) distinct loopback TCP ports free at the moment.
free_ports() {
  node -e 'const net = require("net");
    const servers = Array.from({ length: Number(process.argv[1] || 1) }, () => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", ok)))).then(() => {
      console.log(servers.map((s) => s.address().port).join(" "));
      servers.forEach((s) => s.close());
    })' "${1:-1}"
}

# start_devserver JOBS_FILE [STATIC_DIR] [SERVE_ARG...]: starts the dev server on a free loopback
# port and sets server_pid, server_url and server_token. SERVE_ARGs go to `serve` as they are
# (e.g. `--allow-origin "$test_page_origin"`). The caller stops it with stop_devservers.
server_pids=()
start_devserver() {
  local jobs=$1 static=$root/www dir
  shift
  if [ $# -gt 0 ] && [[ $1 != --* ]]; then
    static=$1
    shift
  fi
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

# start_page_proxy RUNNER_ORIGIN DIRECT_ORIGIN...: starts scripts/page-proxy.mjs for headless
# Chromium's visits to the wasm-bindgen test runner and sets page_capabilities to the
# webdriver.json that routes them through it. stop_devservers stops it too.
start_page_proxy() {
  page_capabilities=$(mktemp "$root/target/webdriver.XXXXXX")
  rm -f "$page_capabilities"
  node "$root/scripts/page-proxy.mjs" "$root/webdriver.json" "$page_capabilities" "$@" &
  server_pids+=("$!")
  for _ in $(seq 100); do
    [ -s "$page_capabilities" ] && return 0
    sleep 0.1
  done
  echo "page proxy did not become ready" >&2
  return 1
}

# pack_pkg: packs pkg/ into target/pack/drush-io-embed.tgz (whatever the version), the
# tarball the examples and tests/runtimes install.
pack_pkg() {
  local tarball dir
  mkdir -p "$root/target/pack"
  # Packed into a folder of its own, then renamed: suites side by side may pack at once, and
  # each sees a whole tarball.
  dir=$(mktemp -d "$root/target/pack/tmp.XXXXXX")
  tarball=$(cd "$root/pkg" && npm pack --pack-destination "$dir" --json | node -e \
    'let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => console.log(JSON.parse(s)[0].filename))')
  mv "$dir/$tarball" "$root/target/pack/drush-io-embed.tgz"
  rmdir "$dir"
}

stop_devservers() {
  local pid
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  server_pids=()
  return 0
}
