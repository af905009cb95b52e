# Two commands do everything: `make demo` and `make test`. Each installs what is missing.
.PHONY: setup build demo test bench clean wordpress-plugin drupal-module extension

setup:
	scripts/setup.sh --browser

build:
	scripts/setup.sh
	scripts/build-pkg.sh

demo:
	scripts/demo.sh

test:
	scripts/test.sh

bench:
	scripts/bench.sh

# The WordPress plugin as a zip for Plugins, then Add New, then Upload.
wordpress-plugin:
	scripts/cms-zip.sh wordpress

# The Drupal module as a zip to unpack into modules/custom.
drupal-module:
	scripts/cms-zip.sh drupal

# The browser extension for Chromium and Firefox as two zips (docs/extension.md).
extension: build
	scripts/extension.sh

clean:
	cargo clean
	rm -rf pkg
