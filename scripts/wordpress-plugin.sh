#!/usr/bin/env bash
# Builds target/drush-io-wordpress.zip, installable through Plugins, then Add New, then
# Upload: the plugin's PHP and script, the shared rules and the built pkg/ files a page loads.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f pkg/drush_io_embed.js ] || scripts/build-pkg.sh
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
plugin=$stage/drush-io
cp -a cms/wordpress/drush-io "$plugin"
mkdir -p "$plugin/shared" "$plugin/pkg"
cp -a cms/shared/autoload.php cms/shared/src "$plugin/shared/"
cp -a pkg/drush_io_embed.js pkg/drush_io_embed_bg.wasm pkg/LICENSE "$plugin/pkg/"
mkdir -p target
rm -f target/drush-io-wordpress.zip
(cd "$stage" && zip -qr - drush-io) > target/drush-io-wordpress.zip
echo "target/drush-io-wordpress.zip"
