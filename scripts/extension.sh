#!/usr/bin/env bash
# Builds the browser extension (extension/) into target/drush-io-extension-chromium.zip and
# target/drush-io-extension-firefox.zip, from pkg/ (built first: scripts/build-pkg.sh) for
# its pages and the client alone (`drush-io-embed/client`: the crate without the element)
# for its background.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
[ -f pkg/package.json ] || { echo "extension: build pkg/ first (scripts/build-pkg.sh)" >&2; exit 1; }
client=pkg/client
if [ ! -f "$client/drush_io_embed.js" ]; then
  # A pkg/ without its client entry: the same build of the client, made here.
  client=target/extension/pkg-client
  wasm-pack build --release --target web --out-dir "$client" --no-typescript -- --no-default-features
  scripts/opt-wasm.sh "$client"
  node scripts/short-imports.mjs "$client"
  node scripts/minify-js.mjs "$client"
fi
node extension/build.mjs pkg "$client"
