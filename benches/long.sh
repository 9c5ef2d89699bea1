#!/usr/bin/env bash
# A report of about 1,000 pages to PDF with the release binary, in the base
# layout and in the report layout (contents with page numbers): pages, wall
# time and peak memory, printed and added to docs/benchmarks.md.
# Usage: benches/long.sh [target/release/quire]
set -euo pipefail
quire=${1:-target/release/quire}
work=target/bench
mkdir -p "$work"
python3 benches/long_report.py 3000 > "$work/long.md"
{
  echo
  echo "## A long document (benches/long.sh)"
  echo
  echo '```'
} >> docs/benchmarks.md
for layout in base report; do
  /usr/bin/time -f "%e %M" -o "$work/time-long" \
    "$quire" build "$work/long.md" --layout "$layout" --to pdf -o "$work/long-$layout" --quiet
  read -r seconds kilobytes < "$work/time-long"
  pages=$(pdfinfo "$work/long-$layout/long.pdf" | awk '/^Pages:/ {print $2}')
  printf '%-6s layout: %5d pages, %6.2f s, peak memory %4d MB\n' "$layout" "$pages" "$seconds" $((kilobytes / 1024)) |
    tee -a docs/benchmarks.md
done
echo '```' >> docs/benchmarks.md
