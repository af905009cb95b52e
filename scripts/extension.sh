#!/usr/bin/env bash
# Builds the browser extension (extension/) into target/drush-io-extension-chromium.zip and
# target/drush-io-extension-firefox.zip, from pkg/ (built first: scripts/build-pkg.sh) for
# its pages and the client alone (the same crate without the element) for its background.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
[ -f pkg/package.json ] || { echo "extension: build pkg/ first (scripts/build-pkg.sh)" >&2; exit 1; }
client=target/extension/pkg-client
wasm-pack build --release --target web --out-dir "$client" --no-typescript -- --no-default-features
scripts/opt-wasm.sh "$client"
node scripts/short-imports.mjs "$client"
node scripts/minify-js.mjs "$client"
node extension/build.mjs pkg "$client"
