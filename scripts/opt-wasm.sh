#!/usr/bin/env bash
# Optimises the wasm file of a package wasm-pack built (with its own wasm-opt step off,
# see Cargo.toml): first scripts/trap-panics.mjs, which needs the function names that
# wasm-opt strips, then binaryen 132's wasm-opt (from npm, put on PATH by env.sh).
# Usage: scripts/opt-wasm.sh PKG_DIR
set -euo pipefail
source "$(dirname "$0")/env.sh"
wasm="$1/drush_io_embed_bg.wasm"
node "$root/scripts/trap-panics.mjs" "$wasm"
# --converge and the strips save about 0.3 KB gzipped; --low-memory-unused about 0.3 KB
# more: Rust's data starts at 1 MiB with the 1 MiB stack below it, so the low 1 KiB is only
# reached by a stack about to overflow. The features are those rustc enables for wasm32.
wasm-opt -Oz --converge --low-memory-unused --strip-debug --strip-producers \
  --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm"
node "$root/scripts/blank-panic-data.mjs" "$wasm"
