#!/usr/bin/env bash
# `make demo`: builds everything and serves the demo page with a local API, under the
# strict Content-Security-Policy of a hardened admin page (see the README).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
scripts/setup.sh
scripts/build-pkg.sh
cargo build -p drush-io-devserver
mkdir -p target
# The server prints the URL to open and a token to paste, and stops on Ctrl-C. Arguments go
# to `serve` (e.g. --allow-host NAME, --allow-origin ORIGIN, --public, --csp strict).
exec "$devserver" serve --addr "${DEMO_ADDR:-127.0.0.1:8787}" --jobs www/jobs.toml \
  --static www --pkg pkg --secret-file target/devserver-secret --csp strict "$@"
