#!/usr/bin/env bash
# The packaging matrix (CONTRACT 11), from the npm pack tarball of pkg/: Node 20 and 22,
# Deno, Bun, workerd (wrangler dev --local), a module worker in Chromium, Vitest with
# happy-dom and jsdom, Jest with jsdom, a Next.js App Router page, the Node example, imports
# without a DOM, publint and arethetypeswrong (tests/runtimes/runtimes.test.mjs), side by
# side against one dev server. Needs pkg/ and the dev server built (scripts/test.sh).
# Exits non-zero when any test failed (scripts/test.sh prints the summary line).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
started=$SECONDS

pack_pkg
# Each project installs from its lock file, the package from today's tarball (the lock
# files record no checksum for it: it changes with every build); the three side by side.
install() {
  cd "$1" &&
    node -e 'const lock = require("./package-lock.json").packages["node_modules/drush-io-embed"];
      if (lock && lock.integrity) { console.error("package-lock.json: remove the integrity of drush-io-embed"); process.exit(1); }' &&
    npm ci --no-audit --no-fund --loglevel=error
}
mkdir -p target/runtimes
installs=()
log() { echo "target/runtimes/npm-ci-${1//\//-}.log"; }
for dir in tests/runtimes tests/runtimes/next www/examples/node; do
  install "$dir" >"$(log "$dir")" 2>&1 &
  installs+=("$dir:$!")
done
for entry in "${installs[@]}"; do
  dir=${entry%%:*}
  wait "${entry#*:}" || { cat "$(log "$dir")"; echo "runtimes: npm ci failed in $dir" >&2; exit 1; }
done
echo "runtimes: installed in $((SECONDS - started)) s"

trap stop_devservers EXIT
# happy-dom's fetch applies CORS, for the page Vitest gives it (http://localhost:3000).
start_devserver tests/runtimes/jobs.toml "$root/tests/runtimes" --allow-origin http://localhost:3000
DRUSH_IO_RT_URL=$server_url DRUSH_IO_RT_TOKEN=$server_token \
  node --test --test-reporter=spec tests/runtimes/runtimes.test.mjs
stop_devservers
echo "runtimes: every runtime passed, in $((SECONDS - started)) s"
