#!/usr/bin/env bash
# The Drupal module's script in a browser (tests/drupal/): its zip (scripts/cms-zip.sh
# drupal), a dev server with tests/jobs.toml, and a stand-in Drupal site in front of it,
# in every engine of DRUSH_IO_ENGINES (default: Chromium, Firefox and WebKit).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
trap stop_devservers EXIT
scripts/cms-zip.sh drupal >/dev/null
start_devserver tests/jobs.toml
DRUSH_IO_E2E_URL=$server_url DRUSH_IO_TOKEN=$server_token node --test --test-reporter=spec tests/drupal/
