#!/usr/bin/env bash
# Builds the npm package into pkg/ in release mode (wasm-opt included: scripts/opt-wasm.sh)
# and completes it: the full crate in pkg/, the client alone (the crate without the
# element, `drush-io-embed/client`) in pkg/client/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
# The client first: the full build's wasm is then the one left in target/ (tests read it).
rm -rf pkg target/pkg-client
wasm-pack build --release --target web --out-dir target/pkg-client -- --no-default-features
wasm-pack build --release --target web --out-dir pkg
mkdir pkg/client
mv target/pkg-client/drush_io_embed.js target/pkg-client/drush_io_embed.d.ts \
  target/pkg-client/drush_io_embed_bg.wasm target/pkg-client/snippets pkg/client/
for dir in pkg/client pkg; do
  scripts/opt-wasm.sh "$dir"
  node scripts/short-imports.mjs "$dir"
done
node scripts/finish-pkg.mjs
node scripts/minify-js.mjs pkg/client
node scripts/minify-js.mjs pkg
