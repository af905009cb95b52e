#!/usr/bin/env bash
# `make test`: lint, native tests, type check of the published declarations, the package's
# contents, browser tests against a real dev server in Chromium and Firefox, end-to-end
# tests of the demo page in Chromium, Firefox and WebKit, and the Vite, webpack, React and Vue
# examples.
# Ends with one summary line for the engines and one for the bundlers, each printed only
# when every suite of its kind passed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "setup"
scripts/setup.sh --browser

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p drush-io-embed --target wasm32-unknown-unknown --lib --tests -- -D warnings

step "native tests (core logic and dev server)"
cargo test --workspace

step "release build of pkg/"
scripts/build-pkg.sh
cargo build -p drush-io-devserver

step "TypeScript declarations"
tsc --noEmit -p tests

step "package contents (npm pack --dry-run)"
node --test tests/package/

step "JS modules under Node (tests/js/: the tabs' news)"
node --test tests/js/

trap stop_devservers EXIT
e2e_engines=${DRUSH_IO_ENGINES:-chromium,firefox,webkit}
# Suites of one engine or bundler fail without stopping the others, so that one run tells
# which engines are broken; the summary at the end turns any failure into the exit status.
failures=()
declare -A kind_failed=()
failed() {
  kind_failed[$1]=1
  failures+=("$2")
  printf '\033[1;31mFAILED: %s\033[0m\n' "$2"
}

step "browser tests (wasm-bindgen-test, headless Chromium and Firefox)"
# One dev server for both engines: the tests name it at compile time, so they build once.
# Each engine's test page has its own fixed address.
read -r chrome_port firefox_port < <(free_ports 2)
start_devserver tests/jobs.toml \
  --allow-origin "http://127.0.0.1:$chrome_port" --allow-origin "http://127.0.0.1:$firefox_port"
# Chromium reaches the runner's page through scripts/page-proxy.mjs (why: see that file).
start_page_proxy "http://127.0.0.1:$chrome_port" "$server_url"
for engine in chrome firefox; do
  port_var=${engine}_port
  echo "-- $engine (test page on 127.0.0.1:${!port_var})"
  # The test runner picks Firefox whenever GECKODRIVER is set (env.sh sets it), even
  # under --chrome: the Chromium pass must not see it.
  engine_env=()
  [ "$engine" = chrome ] && engine_env=(-u GECKODRIVER WASM_BINDGEN_TEST_WEBDRIVER_JSON="$page_capabilities")
  env "${engine_env[@]}" WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:${!port_var}" \
    DRUSH_IO_TEST_API="$server_url" DRUSH_IO_TEST_TOKEN="$server_token" \
    wasm-pack test --headless "--$engine" --release ||
    failed engines "wasm-bindgen tests in ${engine/chrome/chromium}"
done
stop_devservers

step "end-to-end tests: the demo page, the element's test pages under a strict CSP and its accessibility ($e2e_engines, side by side)"
# Each engine gets its own dev servers, so the request counts of one never see another's.
mkdir -p target/e2e
pids=()
for engine in ${e2e_engines//,/ }; do
  start_devserver www/jobs.toml "$root/www" --csp strict
  demo_url=$server_url
  start_devserver tests/jobs.toml "$root/tests/e2e/pages" --csp strict
  pages_url=$server_url
  # The accessibility pages, without the strict policy: axe-core compiles its messages with
  # `new Function` (tests/e2e/a11y.test.mjs).
  start_devserver tests/jobs.toml "$root/tests/e2e/pages" --csp off
  DRUSH_IO_ENGINES=$engine DRUSH_IO_E2E_URL="$demo_url" DRUSH_IO_E2E_PAGES_URL="$pages_url" \
    DRUSH_IO_E2E_A11Y_URL="$server_url" \
    node --test --test-reporter=spec tests/e2e/ >"target/e2e/$engine.log" 2>&1 &
  pids+=("$engine:$!")
done
for entry in "${pids[@]}"; do
  engine=${entry%%:*}
  wait "${entry#*:}" && status=0 || status=$?
  echo "-- $engine"
  cat "target/e2e/$engine.log"
  [ "$status" = 0 ] || failed engines "end-to-end tests in $engine"
done
stop_devservers

step "consumer examples (Vite, webpack, React, Vue) built from the npm pack tarball, in Chromium"
mkdir -p target/pack
rm -f target/pack/*.tgz
tarball=$(cd pkg && npm pack --pack-destination ../target/pack --json | node -e \
  'let s = ""; process.stdin.on("data", (c) => (s += c)).on("end", () => console.log(JSON.parse(s)[0].filename))')
# The examples depend on file:../../../target/pack/drush-io-embed.tgz, whatever the version.
mv "target/pack/$tarball" target/pack/drush-io-embed.tgz
for bundler in vite webpack react vue; do
  echo "-- $bundler"
  dir=www/examples/$bundler
  # npm ci: the bundler from the example's lock file, the package from today's tarball. The
  # lock file records no checksum for the tarball, which changes with every build.
  # (A subshell checked with || ignores set -e, hence the && chain.)
  (
    cd "$dir" &&
      node -e 'if (require("./package-lock.json").packages["node_modules/drush-io-embed"].integrity) {
        console.error("package-lock.json: remove the integrity of drush-io-embed (see www/examples/README.md)");
        process.exit(1); }' &&
      npm ci --no-audit --no-fund &&
      npm run --if-present typecheck &&
      npm run build
  ) || { failed bundlers "$bundler build"; continue; }
  # (react and vue: typecheck is tsc / vue-tsc against the published declarations, with
  # src/type-errors.tsx / src/TypeErrors.vue proving a misspelt attribute or handler fails.)
  start_devserver www/jobs.toml "$root/$dir/dist"
  DRUSH_IO_ENGINES=chromium DRUSH_IO_EXAMPLE=$bundler DRUSH_IO_E2E_URL="$server_url" \
    node --test --test-reporter=spec tests/examples/ || failed bundlers "$bundler example"
  stop_devservers
done

step "CMS integrations: php -l on every PHP file, PHPUnit of the shared rules and of the Drupal module's zip (cms/)"
php_lint_failed=0
while IFS= read -r -d '' php_file; do
  php -l "$php_file" >/dev/null || php_lint_failed=1
done < <(find cms -name '*.php' -print0)
[ "$php_lint_failed" = 0 ] || failed cms "php -l"
phpunit -c cms/shared/phpunit.xml || failed cms "cms/shared PHPUnit"
{ scripts/cms-zip.sh drupal && phpunit -c cms/drupal/phpunit.xml; } || failed cms "Drupal module"
# The plugin from its zip on a real WordPress (scripts/wordpress-env.sh) before the dev server.
source scripts/wordpress-env.sh
if scripts/cms-zip.sh wordpress && start_devserver tests/jobs.toml \
  && start_wordpress "$server_url/v1" "$server_token" \
    '[{"project":"test","job":"vars","label":"Greet","variables":["GREETING"]},{"project":"test","job":"ok","confirm":"Run it now?","capability":"edit_posts"}]'; then
  DRUSH_IO_ENGINES=$e2e_engines DRUSH_IO_WP_URL=$wp_url DRUSH_IO_WP_RUN=$wp_run DRUSH_IO_E2E_URL=$server_url DRUSH_IO_TOKEN=$server_token \
    node --test --test-reporter=spec tests/cms/ || failed cms "WordPress plugin"
  # Last: it deletes the plugin's settings.
  DRUSH_IO_WP_RUN=$wp_run DRUSH_IO_WP_URL=$wp_url php tests/cms/uninstall.php || failed cms "WordPress uninstall"
else
  failed cms "WordPress start"
fi
stop_wordpress
stop_devservers

step "WordPress as a site builder meets it: fresh sites with plain and pretty permalinks side by side, the zip uploaded and configured through the screens (tests/cms/site-builder/)"
DRUSH_IO_ENGINES=$e2e_engines scripts/wordpress-site-builder.sh || failed cms "WordPress site builder"

step "The Drupal module's script on a stand-in Drupal page, in each engine (tests/drupal/)"
DRUSH_IO_ENGINES=$e2e_engines scripts/drupal-script.sh || failed drupal-script "Drupal module script"

step "summary"
if [ -z "${kind_failed[engines]:-}" ]; then
  engines_line=""
  for engine in ${e2e_engines//,/ }; do engines_line+="${engines_line:+, }$engine ok"; done
  echo "engines: $engines_line"
fi
[ -n "${kind_failed[bundlers]:-}" ] || echo "bundlers: vite ok, webpack ok, react ok, vue ok"
cms_line=""
[ -n "${kind_failed[cms]:-}" ] || cms_line="wordpress ok"
[ -n "${kind_failed[drupal-script]:-}" ] || cms_line+="${cms_line:+, }drupal-script ok"
[ -z "$cms_line" ] || echo "cms: $cms_line"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
