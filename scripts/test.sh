#!/usr/bin/env bash
# `make test`: lint, native tests, type check of the published declarations, the package's
# contents, then every browser, runtime and CMS suite, in three lanes side by side:
#   engines   wasm-bindgen tests (Chromium, Firefox), the end-to-end tests of the demo page
#             and the element's pages in Chromium, Firefox and WebKit
#   packages  the bundler examples, the runtimes matrix, the testing kit, the docs site, the
#             short soak
#   cms       the shared PHP rules, the Drupal module, the WordPress plugin, the Drupal
#             module's script in three engines, the browser extension
# Each lane's output is printed whole when it ends. A failing suite does not stop the others;
# the run ends with one summary line per kind, each printed only when every suite of its kind
# passed, and exits non-zero when any failed.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
started=$SECONDS

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
lanes=target/lanes
rm -rf "$lanes"
mkdir -p "$lanes"
# failed KIND WHAT: records a failed suite (lanes are subshells: the record is a file).
failed() {
  printf '%s\t%s\n' "$1" "$2" >>"$lanes/failures"
  printf '\033[1;31mFAILED: %s\033[0m\n' "$2"
}

wasm_bindgen_tests() {
  step "browser tests (wasm-bindgen-test, headless Chromium and Firefox)"
  # One dev server for both engines: the tests name it at compile time, so they build once.
  # Each engine's test page has its own fixed address.
  local chrome_port firefox_port engine port_var engine_env
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
}

end_to_end_tests() {
  step "end-to-end tests: the demo page, the element's test pages under a strict CSP and its accessibility ($e2e_engines, side by side)"
  # Each engine gets its own dev servers, so the request counts of one never see another's.
  local engine entry status demo_url pages_url pids=()
  mkdir -p target/e2e
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
}

bundler_examples() {
  step "consumer examples (Vite, webpack, React, Vue) built from the npm pack tarball, in Chromium"
  local bundler dir
  # The examples depend on file:../../../target/pack/drush-io-embed.tgz, whatever the version.
  pack_pkg
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
}

soak_short() {
  step "the soak, short: one page and three tabs following runs for 3 hours of fake-clock time in Chromium (tests/soak/; the 24 hours are in make bench)"
  scripts/soak.sh --short || failed engines "soak (short schedule)"
}

runtimes() {
  step "runtimes: Node 20 and 22, Deno, Bun, workerd, a module worker, Vitest, Jest, Next.js and the Node example, from the npm pack tarball (side by side)"
  scripts/test-runtimes.sh || failed runtimes "runtimes matrix (tests/runtimes/)"
}

testing_kit() {
  step "testing kit: FakeDrushIoApi, one conformance suite against the dev server and the fake, schemathesis, the Vitest and Jest examples from the npm pack tarball (scripts/testing-kit.sh)"
  scripts/testing-kit.sh || failed testing "testing kit"
}

docs_site() {
  step "docs: the site built, its samples run, links, tables, axe and the strict CSP, the README's starts, the playground (scripts/docs-check.sh)"
  scripts/docs-check.sh || failed docs "docs check"
}

cms_php() {
  step "CMS integrations: php -l on every PHP file, PHPUnit of the shared rules and of the Drupal module's zip (cms/)"
  local php_lint_failed=0 php_file
  while IFS= read -r -d '' php_file; do
    php -l "$php_file" >/dev/null || php_lint_failed=1
  done < <(find cms -name '*.php' -print0)
  [ "$php_lint_failed" = 0 ] || failed cms "php -l"
  phpunit -c cms/shared/phpunit.xml || failed cms "cms/shared PHPUnit"
  { scripts/cms-zip.sh drupal && phpunit -c cms/drupal/phpunit.xml; } || failed cms "Drupal module"
}

wordpress_plugin() {
  step "the WordPress plugin from its zip on a real WordPress (tests/cms/*.test.mjs; the site-builder suites follow)"
  # The plugin from its zip on a real WordPress (scripts/wordpress-env.sh) before the dev server.
  source scripts/wordpress-env.sh
  if scripts/cms-zip.sh wordpress && start_devserver tests/jobs.toml \
    && start_wordpress "$server_url/v1" "$server_token" \
      '[{"project":"test","job":"vars","label":"Greet","variables":["GREETING"]},{"project":"test","job":"ok","confirm":"Run it now?","capability":"edit_posts"}]'; then
    DRUSH_IO_ENGINES=$e2e_engines DRUSH_IO_WP_URL=$wp_url DRUSH_IO_WP_RUN=$wp_run DRUSH_IO_E2E_URL=$server_url DRUSH_IO_TOKEN=$server_token \
      node --test --test-reporter=spec tests/cms/*.test.mjs || failed cms "WordPress plugin"
    # Last: it deletes the plugin's settings.
    DRUSH_IO_WP_RUN=$wp_run DRUSH_IO_WP_URL=$wp_url php tests/cms/uninstall.php || failed cms "WordPress uninstall"
    # Then the site becomes a network of two, and the plugin is deleted from it.
    DRUSH_IO_WP_RUN=$wp_run DRUSH_IO_WP_URL=$wp_url php tests/cms/uninstall-multisite.php || failed cms "WordPress uninstall on a multisite"
  else
    failed cms "WordPress start"
  fi
  stop_wordpress
  stop_devservers
}

drupal_script() {
  step "the Drupal module's script on a stand-in Drupal page, in each engine (tests/drupal/)"
  DRUSH_IO_ENGINES=$e2e_engines scripts/drupal-script.sh || failed drupal-script "Drupal module script"
}

wordpress_site_builder() {
  step "WordPress as a site builder meets it: fresh sites with plain and pretty permalinks side by side, the zip uploaded and configured through the screens (tests/cms/site-builder/)"
  # Needs target/drush-io-wordpress.zip, which wordpress_plugin builds.
  DRUSH_IO_ENGINES=$e2e_engines scripts/wordpress-site-builder.sh || failed cms "WordPress site builder"
}

browser_extension() {
  step "browser extension (extension/): its build checked, then run in Chromium and Firefox"
  local browser
  if scripts/extension.sh && start_devserver tests/jobs.toml; then
    node --test --test-reporter=spec tests/extension/package.test.mjs || failed extension "extension build checks"
    for browser in chromium firefox; do
      DRUSH_IO_E2E_URL=$server_url DRUSH_IO_TOKEN=$server_token \
        node --test --test-reporter=spec "tests/extension/$browser.test.mjs" || failed extension "extension in $browser"
    done
  else
    failed extension "extension build"
  fi
  stop_devservers
}

# lane NAME SUITE...: runs the suites one after another in the background, into NAME's log.
lane_pids=()
lane() {
  local name=$1
  shift
  (
    set +e
    lane_started=$SECONDS
    for suite in "$@"; do
      suite_started=$SECONDS
      "$suite"
      echo "-- $suite: $((SECONDS - suite_started)) s"
    done
    stop_devservers
    echo "-- lane $name: $((SECONDS - lane_started)) s"
  ) >"$lanes/$name.log" 2>&1 &
  lane_pids+=("$name:$!")
}

step "the suites, in three lanes side by side (logs in target/lanes/)"
lane engines wasm_bindgen_tests end_to_end_tests
lane packages bundler_examples runtimes testing_kit docs_site soak_short
lane cms cms_php wordpress_plugin wordpress_site_builder drupal_script browser_extension
for entry in "${lane_pids[@]}"; do
  wait "${entry#*:}" || failed "${entry%%:*}" "lane ${entry%%:*} stopped early"
  step "lane ${entry%%:*}"
  cat "$lanes/${entry%%:*}.log"
done

step "summary ($((SECONDS - started)) s)"
kind_failed() { [ -f "$lanes/failures" ] && cut -f1 "$lanes/failures" | grep -qx "$1"; }
if ! kind_failed engines; then
  engines_line=""
  for engine in ${e2e_engines//,/ }; do engines_line+="${engines_line:+, }$engine ok"; done
  echo "engines: $engines_line"
fi
kind_failed bundlers || echo "bundlers: vite ok, webpack ok, react ok, vue ok"
cms_line=""
kind_failed cms || cms_line="wordpress ok"
kind_failed drupal-script || cms_line+="${cms_line:+, }drupal-script ok"
[ -z "$cms_line" ] || echo "cms: $cms_line"
kind_failed runtimes || echo "runtimes: node ok, deno ok, bun ok, workerd ok, vitest ok, jest ok, next ok"
kind_failed testing || echo "testing: vitest ok, vitest-browser ok, jest ok"
kind_failed extension || echo "extension: chromium ok, firefox ok"
kind_failed docs || echo "docs: ok"
if [ -f "$lanes/failures" ]; then
  cut -f2 "$lanes/failures" | sed 's/^/FAILED: /' >&2
  exit 1
fi
