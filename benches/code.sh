#!/usr/bin/env bash
# A code-heavy handout (200 highlighted blocks, benches/code_blocks.py) into
# PDF (the handout layout, its two-page limit lifted), HTML and EPUB with
# the release binary: wall time and peak memory,
# printed and added to docs/benchmarks.md.
# Usage: benches/code.sh [target/release/quire]
set -euo pipefail
quire=${1:-target/release/quire}
work=target/bench
mkdir -p "$work"
python3 benches/code_blocks.py 200 > "$work/code.md"
{
  echo
  echo "## A code-heavy handout (benches/code.sh)"
  echo
  echo '```'
} >> docs/benchmarks.md
for formats in pdf html epub; do
  /usr/bin/time -f "%e %M" -o "$work/time-code" \
    "$quire" build "$work/code.md" --layout handout --max-pages 500 --to "$formats" -o "$work/code" --quiet
  read -r seconds kilobytes < "$work/time-code"
  printf '200 code blocks to %-4s: %6.2f s, peak memory %4d MB\n' "$formats" "$seconds" $((kilobytes / 1024)) |
    tee -a docs/benchmarks.md
done
echo '```' >> docs/benchmarks.md
