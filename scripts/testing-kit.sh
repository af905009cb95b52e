#!/usr/bin/env bash
# The testing kit (drush-io-embed/testing): FakeDrushIoApi's own tests; one conformance suite
# run against drush-io-devserver (its /v1 and /proxy/v1) and against the fake, every answer
# validated against openapi.json; and schemathesis, the field's tool, on the dev server's
# /v1 with the same document; then the examples of www/examples/testing/ from the npm pack
# tarball. Needs pkg/ and target/debug/drush-io-devserver (scripts/test.sh builds both).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
trap stop_devservers EXIT

mkdir -p target/conformance
node tests/conformance/jobs.mjs >target/conformance/jobs.toml
start_devserver target/conformance/jobs.toml
DRUSH_IO_CONFORMANCE_URL=$server_url DRUSH_IO_CONFORMANCE_TOKEN=$server_token \
  node --test --test-reporter=spec tests/testing/ tests/conformance/

echo "-- schemathesis: the dev server's /v1 against openapi.json"
# positive_data_acceptance is left out: which variables a run may set is each job's own list
# (a schema-valid `env` naming another variable is rightly refused with 400).
(cd target/conformance && st --config-file "$root/tests/conformance/schemathesis.toml" run "$root/openapi.json" \
  --url "$server_url/v1" -H "Authorization: Bearer $server_token" \
  --checks all --exclude-checks positive_data_acceptance --max-examples 50 --workers 1 --no-color)
stop_devservers

# The examples users copy (www/examples/testing/), from the npm pack tarball as users get the
# package: Vitest with happy-dom, Vitest browser mode (Playwright driving Debian's Chromium)
# and Jest with jsdom. One line per runner at the end; the exit status says whether all passed.
echo "-- examples: www/examples/testing from the npm pack tarball"
pack_pkg
cd www/examples/testing
node -e 'if (require("./package-lock.json").packages["node_modules/drush-io-embed"].integrity) {
  console.error("package-lock.json: remove the integrity of drush-io-embed (see www/examples/README.md)"); process.exit(1); }'
npm ci --no-audit --no-fund --loglevel=error
results=()
for runner in vitest vitest-browser jest; do
  if npm run "test:$runner"; then results+=("$runner ok"); else results+=("$runner FAILED"); fi
done
echo "examples: $(IFS=,; echo "${results[*]}" | sed 's/,/, /g')"
[[ "${results[*]}" != *FAILED* ]]
