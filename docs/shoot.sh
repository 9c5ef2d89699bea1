#!/usr/bin/env bash
# Pictures of every built-in layout for docs/layouts.md: the seed set in each
# layout, the first PDF page (pdftoppm) and the HTML page (headless Debian
# chromium). Usage: docs/shoot.sh [path/to/quire]
set -euo pipefail
quire=${1:-target/debug/quire}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for layout in factsheet handout brief report; do
  SOURCE_DATE_EPOCH=1700000000 "$quire" build source/about-psf.md --layout "$layout" \
    --to pdf,html -o "$work/$layout" --quiet
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/$layout/about-psf.pdf" "docs/layouts/$layout-pdf"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1300 \
    --screenshot="docs/layouts/$layout-html.png" "file://$work/$layout/about-psf.html" 2>/dev/null
done
ls -l docs/layouts
