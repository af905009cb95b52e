# Two commands do everything: `make demo` and `make test`. Each installs what is missing.
.PHONY: setup build demo test bench clean

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

clean:
	cargo clean
	rm -rf pkg
