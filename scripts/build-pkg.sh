#!/usr/bin/env bash
# Builds the npm package into pkg/ in release mode (wasm-opt included: scripts/opt-wasm.sh)
# and completes it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
wasm-pack build --release --target web --out-dir pkg
scripts/opt-wasm.sh pkg
node scripts/short-imports.mjs pkg
node scripts/finish-pkg.mjs
node scripts/minify-js.mjs pkg
