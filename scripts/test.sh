#!/usr/bin/env bash
# `make test`: lint, native tests, browser tests against a real dev server, type check of
# the published declarations, and end-to-end tests of the demo page.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh --browser

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p drush-io-embed --target wasm32-unknown-unknown --lib --tests -- -D warnings

step "native tests (core logic and dev server)"
cargo test --workspace

step "release build of pkg/"
scripts/build-pkg.sh
cargo build -p drush-io-devserver

step "TypeScript declarations"
tsc --noEmit -p tests

trap stop_devservers EXIT

step "browser tests (wasm-bindgen-test, headless Chromium)"
start_devserver tests/jobs.toml
DRUSH_IO_TEST_API="$server_url" DRUSH_IO_TEST_TOKEN="$server_token" \
  wasm-pack test --headless --chrome --release
stop_devservers

step "end-to-end tests: the demo page and the element's test pages, under a strict CSP"
mkdir -p target/e2e
start_devserver www/jobs.toml "$root/www" --csp strict
demo_url=$server_url
start_devserver tests/jobs.toml "$root/tests/e2e/pages" --csp strict
DRUSH_IO_E2E_URL="$demo_url" DRUSH_IO_E2E_PAGES_URL="$server_url" node --test tests/e2e/
stop_devservers
