#!/usr/bin/env bash
# The docs check of `make test`: builds the site (scripts/docs.sh), then runs tests/docs/ in
# Chromium: every code sample of README.md and docs/ run against a dev server, links and
# anchors, the element's tables against its description, axe-core and the strict CSP on every
# page, and the element's live examples. scripts/test.sh prints `docs: ok` when it passed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
started=$SECONDS

scripts/docs.sh
[ -x "$devserver" ] || cargo build -p drush-io-devserver
trap stop_devservers EXIT
mkdir -p target/docs/samples
start_devserver docs/jobs.toml "$root/target/docs/site" --csp strict
site_url=$server_url
start_devserver docs/jobs.toml "$root/target/docs/samples" --csp strict
samples_url=$server_url
# The playground of `make demo`, as scripts/demo.sh serves it.
start_devserver www/jobs.toml "$root/www" --csp strict
demo_url=$server_url
# README.md's starts, in fresh projects made from the package's tarball (tests/docs/readme.test.mjs).
rm -rf target/docs/fresh
mkdir -p target/docs/fresh
(cd pkg && npm pack --silent --pack-destination ../target/docs/fresh >/dev/null)
mv target/docs/fresh/drush-io-embed-*.tgz target/docs/fresh/drush-io-embed.tgz
start_devserver docs/jobs.toml "$root/target/docs/fresh" --csp off
DRUSH_IO_DOCS_URL=$site_url DRUSH_IO_DOCS_SAMPLES_URL=$samples_url DRUSH_IO_DOCS_DEMO_URL=$demo_url \
  DRUSH_IO_DOCS_FRESH_URL=$server_url \
  node --test --test-reporter=spec tests/docs/
echo "docs: checked in $((SECONDS - started)) s"
