#!/usr/bin/env bash
# `make bench`: size, per-request overhead, large logs, polling efficiency and memory,
# each beside its baseline in the same run; prints one table and writes BENCHMARKS.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
out=target/bench
mkdir -p "$out"

scripts/setup.sh --browser
scripts/build-pkg.sh
# The client alone (drush-io-embed/client): the same crate without the element.
node benches/size.mjs element=pkg client=pkg/client >"$out/size.json"

cargo bench -p drush-io-embed --bench polling -- --json >"$out/polling.json"

cargo build -p drush-io-devserver
trap stop_devservers EXIT
start_devserver benches/jobs.toml "$root/benches/www"
DRUSH_IO_BENCH_URL="$server_url" DRUSH_IO_BENCH_TOKEN="$server_token" \
  node benches/browser.mjs >"$out/browser.json"
DRUSH_IO_BENCH_URL="$server_url" node benches/first-paint.mjs >"$out/first-paint.json"
# A poll through the WordPress plugin's route beside the same GET sent straight.
source scripts/wordpress-env.sh
trap 'stop_wordpress; stop_devservers' EXIT
scripts/cms-zip.sh wordpress
start_wordpress "$server_url/v1" "$server_token" '[{"project":"bench","job":"instant","label":"Instant"}]'
DRUSH_IO_WP_URL="$wp_url" DRUSH_IO_BENCH_URL="$server_url" DRUSH_IO_BENCH_TOKEN="$server_token" \
  node benches/wordpress.mjs >"$out/wordpress.json"
stop_wordpress
stop_devservers

# The soak test's full day (24 simulated hours): writes $out/soak.json, whose figures
# the report shows (with their verdicts) even when the soak failed.
scripts/soak.sh --full || echo "bench: the soak test failed (its figures are in the report)" >&2

node benches/report.mjs "$out/size.json" "$out/browser.json" "$out/polling.json" BENCHMARKS.md \
  "$out/first-paint.json" "$out/wordpress.json" "$out/soak.json"
echo
echo "bench: wrote BENCHMARKS.md"
