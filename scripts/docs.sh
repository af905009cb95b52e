#!/usr/bin/env bash
# `make docs`: builds the documentation site from docs/ into target/docs/site (Eleventy and
# TypeDoc, pinned in docs/package.json). With --serve, then serves it as a page of the dev
# server would be, under the strict Content-Security-Policy, its live examples running
# docs/jobs.toml's jobs, until Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"

if [ ! -d docs/node_modules/@11ty/eleventy ] || [ docs/package-lock.json -nt docs/node_modules/.package-lock.json ]; then
  (cd docs && npm ci --no-audit --no-fund)
fi
# The API reference and the live examples come from the built package.
[ -f pkg/drush_io_embed.d.ts ] || { scripts/setup.sh && scripts/build-pkg.sh; }

rm -rf target/docs/api-md target/docs/site
(cd docs && npx typedoc --logLevel Warn && npx @11ty/eleventy --quiet)
echo "docs: built target/docs/site ($(find target/docs/site -name '*.html' | wc -l) pages)"

if [ "${1:-}" = "--serve" ]; then
  cargo build -p drush-io-devserver
  "$devserver" serve --jobs docs/jobs.toml --static target/docs/site --pkg pkg --csp strict
fi
