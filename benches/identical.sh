#!/usr/bin/env bash
# Byte-identical outputs from two quire binaries (before and after a speed
# change): the seed in every format, every fixture that builds, source/ as
# `make docs` builds it, the seed in each built-in layout, generated long
# and code-heavy documents, and an EPUB and PDF with the fonts embedded;
# all with SOURCE_DATE_EPOCH=1700000000, then `diff -r`. Both run now, on
# this machine: system fonts change what the PDF falls back on.
# Usage: benches/identical.sh BEFORE AFTER
set -euo pipefail
before=$(realpath "$1")
after=$(realpath "$2")
work=target/identical
rm -rf "$work"
mkdir -p "$work/gen/embedded/layouts/embedded"
python3 benches/long_report.py 300 > "$work/gen/long.md"
python3 benches/code_blocks.py 200 > "$work/gen/code.md"
printf 'extends: factsheet\nembed_fonts: true\nweb_fonts: true\n' > "$work/gen/embedded/layouts/embedded/layout.yaml"
printf 'layout: embedded\n' > "$work/gen/embedded/quire.yaml"
cp source/about-psf.md "$work/gen/embedded/"
export SOURCE_DATE_EPOCH=1700000000
all=pdf,epub,html,fragment,txt,json
outputs() {
  local quire=$1 out
  out=$(realpath -m "$2")
  "$quire" build source/about-psf.md --to "$all" -o "$out/seed" --quiet
  "$quire" build -o "$out/docs" --quiet
  for fixture in tests/fixtures/*.md tests/fixtures/scripts/*.md; do
    "$quire" build "$fixture" --to "$all" -o "$out/fixtures/$(basename "$fixture" .md)" --quiet 2>/dev/null ||
      echo "$fixture does not build" >> "$out/failures"
  done
  for layout in $("$quire" layouts | awk '{print $1}'); do
    "$quire" build source/about-psf.md --layout "$layout" --to pdf,epub,html,txt -o "$out/layouts/$layout" --quiet
  done
  "$quire" build "$work/gen/long.md" "$work/gen/code.md" --to epub,html,txt -o "$out/generated" --quiet
  (cd "$work/gen/embedded" && "$quire" build about-psf.md --to pdf,epub,html -o "$out/embedded" --quiet)
}
outputs "$before" "$work/before"
outputs "$after" "$work/after"
diff -r "$work/before" "$work/after"
echo "identical: $(find "$work/after" -type f | wc -l) files from each binary"
