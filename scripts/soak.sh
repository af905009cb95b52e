#!/usr/bin/env bash
# The soak test (tests/soak/): `--short` (make test) follows runs for 3 simulated hours,
# `--full` (make bench) for 24 and writes its figures to target/bench/soak.json.
# Chromium only. Needs pkg/ (scripts/build-pkg.sh); builds the dev server.
# DRUSH_IO_SOAK_SEED=N repeats a schedule.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"

case "${1:-}" in
  --short) export DRUSH_IO_SOAK_HOURS=3 ;;
  --full)
    export DRUSH_IO_SOAK_HOURS=24
    mkdir -p target/bench
    export DRUSH_IO_SOAK_JSON="$root/target/bench/soak.json"
    rm -f "$DRUSH_IO_SOAK_JSON"
    ;;
  *) echo "usage: scripts/soak.sh --short|--full" >&2; exit 2 ;;
esac

[ -f pkg/drush_io_embed.js ] || { echo "soak: pkg/ is missing: run scripts/build-pkg.sh" >&2; exit 1; }
cargo build -q -p drush-io-devserver
trap stop_devservers EXIT
start_devserver tests/soak/jobs.toml "$root/tests" --csp strict
DRUSH_IO_SOAK_URL="$server_url" node --test --test-reporter=spec tests/soak/
