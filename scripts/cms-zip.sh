#!/usr/bin/env bash
# cms-zip.sh wordpress|drupal: builds target/drush-io-wordpress.zip (Plugins, then Add New,
# then Upload) or target/drush-io-drupal.zip (unzip into modules/custom): the integration's
# files, the shared rules (shared/) and the built pkg/ files a page loads (pkg/).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  wordpress) source=cms/wordpress/drush-io ;;
  drupal) source=cms/drupal/drush_io ;;
  *) echo "usage: scripts/cms-zip.sh wordpress|drupal" >&2; exit 2 ;;
esac
[ -f pkg/drush_io_embed.js ] || scripts/build-pkg.sh
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
folder=$stage/$(basename "$source")
cp -a "$source" "$folder"
mkdir -p "$folder/shared" "$folder/pkg"
cp -a cms/shared/autoload.php cms/shared/src "$folder/shared/"
# The glue imports the class shell (run-button.js); run-button.css holds each button's place.
cp -a pkg/drush_io_embed.js pkg/run-button.js pkg/run-button.css pkg/drush_io_embed_bg.wasm pkg/LICENSE "$folder/pkg/"
mkdir -p target
rm -f "target/drush-io-$1.zip"
(cd "$stage" && zip -qr - "$(basename "$source")") >"target/drush-io-$1.zip"
echo "target/drush-io-$1.zip"
