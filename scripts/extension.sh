#!/usr/bin/env bash
# Builds the browser extension (extension/) into target/drush-io-extension-chromium.zip and
# target/drush-io-extension-firefox.zip, from pkg/ (built first: scripts/build-pkg.sh) for
# its pages and the package's client entry, pkg/client/ (`drush-io-embed/client`: the crate
# without the element), for its background. Nothing is compiled here.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
[ -f pkg/package.json ] && [ -f pkg/client/drush_io_embed.js ] ||
  { echo "extension: build pkg/ and pkg/client/ first (scripts/build-pkg.sh)" >&2; exit 1; }
node extension/build.mjs pkg pkg/client
