#!/usr/bin/env bash
# Installs every tool the build and the tests need, skipping what is already present at
# the right version, so a second run takes seconds. Safe to run on a fresh machine.
#   scripts/setup.sh           build tools (wasm target, wasm-bindgen, wasm-pack, npm tools)
#   scripts/setup.sh --browser also the browsers and their WebDriver servers
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the wasm-bindgen crate to the letter; Cargo.toml pins it with `=`.
want_bindgen=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have_bindgen=$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have_bindgen" != "$want_bindgen" ]; then
  say "installing wasm-bindgen-cli $want_bindgen (about 2 minutes)"
  # Not --locked: the registry mirror lacks some of the CLI's locked dependencies.
  cargo install wasm-bindgen-cli --version "$want_bindgen" --force
fi

want_pack=0.15.1
have_pack=$(wasm-pack --version 2>/dev/null | awk '{ print $2 }' || true)
if [ "$have_pack" != "$want_pack" ]; then
  say "installing wasm-pack $want_pack (about 3 minutes)"
  cargo install wasm-pack --version "$want_pack" --force
fi

# binaryen (wasm-opt 132), TypeScript and the browser drivers' npm packages come from
# package-lock.json.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] \
  || [ ! -d node_modules/selenium-webdriver ] || [ ! -x node_modules/.bin/web-ext ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm tools"
  npm ci --no-audit --no-fund
fi

# schemathesis checks the dev server's answers against openapi.json (scripts/testing-kit.sh).
want_schemathesis=4.32.5
have_schemathesis=$(st --version 2>/dev/null | awk '{ print $3 }' || true)
if [ "$have_schemathesis" != "$want_schemathesis" ]; then
  say "installing schemathesis $want_schemathesis from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==$want_schemathesis"
fi

if [ "${1:-}" = "--browser" ]; then
  # The three engines and their WebDriver servers, from Debian: Chromium, Firefox ESR and
  # WebKitGTK (MiniBrowser with WebKitWebDriver, which needs an X display: Xvfb).
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || missing+=(xvfb)
  # PHP and PHPUnit 9.6 for the CMS integrations' shared rules (cms/).
  command -v phpunit >/dev/null || missing+=(php8.2-cli php8.2-xml php8.2-mbstring phpunit)
  # Symfony's YAML parser, which Drupal reads its files with, for the Drupal module's tests.
  [ -f /usr/share/php/Symfony/Component/Yaml/autoload.php ] || missing+=(php-symfony-yaml)
  # Guzzle and Symfony's HttpFoundation, the libraries Drupal's proxy route runs on, for its tests.
  [ -f /usr/share/php/GuzzleHttp/autoload.php ] || missing+=(php-guzzlehttp-guzzle)
  [ -f /usr/share/php/Symfony/Component/HttpFoundation/autoload.php ] || missing+=(php-symfony-http-foundation)
  # A real WordPress for the plugin's tests (apache2 comes along; no service starts).
  [ -f /usr/share/wordpress/wp-settings.php ] || missing+=(wordpress)
  # The block theme the CMS tests' screenshots show a post in (a Recommends of wordpress: said here, where --no-install-recommends would drop it).
  [ -f /usr/share/wordpress/wp-content/themes/twentytwentythree/theme.json ] || missing+=(wordpress-theme-twentytwentythree)
  command -v mariadbd >/dev/null || missing+=(mariadb-server)
  php -m 2>/dev/null | grep -qx mysqli || missing+=(php8.2-mysql)
  php -m 2>/dev/null | grep -qx curl || missing+=(php8.2-curl)
  command -v zip >/dev/null || missing+=(zip)
  command -v unzip >/dev/null || missing+=(unzip)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from apt"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi

  want_gecko=0.37.1
  have_gecko=$(geckodriver --version 2>/dev/null | awk 'NR == 1 { print $2 }' || true)
  if [ "$have_gecko" != "$want_gecko" ]; then
    # A debug build: geckodriver only relays commands, and it compiles in half the time.
    say "installing geckodriver $want_gecko (about 2 minutes)"
    cargo install geckodriver --version "$want_gecko" --debug --force
  fi
fi
