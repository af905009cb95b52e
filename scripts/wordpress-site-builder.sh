#!/usr/bin/env bash
# The WordPress plugin as a site builder meets it (tests/cms/site-builder/): two fresh
# WordPress installs side by side, one with plain permalinks (as WordPress installs) and one
# with pretty ones, each driven through its screens in every engine of DRUSH_IO_ENGINES, the
# two at once. Needs target/drush-io-wordpress.zip (scripts/cms-zip.sh wordpress).
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$root/scripts/wordpress-env.sh"
cd "$root"
trap stop_wordpress EXIT
start_wordpress_fresh ''
plain=$wp_url
start_wordpress_fresh '/%postname%/'
pretty=$wp_url
started=$SECONDS
status=0
DRUSH_IO_WP_PLAIN_URL=$plain DRUSH_IO_WP_PRETTY_URL=$pretty \
  node --test --test-concurrency=2 --test-reporter=spec tests/cms/site-builder/ || status=$?
echo "site-builder suites: $((SECONDS - started)) s"
exit "$status"
