#!/usr/bin/env bash
# Pictures of every built-in layout for docs/layouts.md: the seed set in each
# layout, the first PDF page (pdftoppm) and the HTML page (headless Debian
# chromium). Usage: docs/shoot.sh [path/to/quire]
set -euo pipefail
quire=${1:-target/debug/quire}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The brief is shown as what it is for: the first sponsor's letter.
for layout in factsheet handout brief report; do
  if [ "$layout" = brief ]; then
    SOURCE_DATE_EPOCH=1700000000 "$quire" build source/sponsor-brief.md \
      --to pdf,html -o "$work/$layout" --quiet
    made="$work/$layout/sponsor-brief/acme-analytics"
  else
    SOURCE_DATE_EPOCH=1700000000 "$quire" build source/about-psf.md --layout "$layout" \
      --to pdf,html -o "$work/$layout" --quiet
    made="$work/$layout/about-psf"
  fi
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$made.pdf" "docs/layouts/$layout-pdf"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,1300 \
    --screenshot="docs/layouts/$layout-html.png" "file://$made.html" 2>/dev/null
done
ls -l docs/layouts
