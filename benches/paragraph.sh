#!/usr/bin/env bash
# Issue 27: one paragraph of 10,000, 20,000 and 40,000 source lines
# (benches/paragraph.py) to PDF with the release binary, counted in
# instructions under callgrind (wall time on this machine drifts 20–40 %):
# the line breaker's (break_lines, everything it calls included) and the
# whole build's. Each doubling of the lines may cost the line breaker at
# most 2.2× the instructions. Then a paragraph of 100,000 lines is built
# natively: wall time, peak memory and pages. Printed and added to
# docs/benchmarks.md.
# Usage: benches/paragraph.sh [target/release/quire]
set -euo pipefail
quire=${1:-target/release/quire}
work=target/bench/paragraph
mkdir -p "$work"
command -v valgrind >/dev/null || { SUDO=$( [ "$(id -u)" = 0 ] || echo sudo ); $SUDO apt-get update && $SUDO apt-get install -y valgrind; }
# The base layout, named, so that quire.yaml's default does not move the
# figures; SOURCE_DATE_EPOCH so each run makes the same bytes.
export SOURCE_DATE_EPOCH=1700000000
for lines in 10000 20000 40000; do
  python3 benches/paragraph.py "$lines" > "$work/paragraph-$lines.md"
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind-$lines.out" \
    "$quire" build "$work/paragraph-$lines.md" --layout base --to pdf -o "$work/out" --quiet 2>/dev/null
  callgrind_annotate --inclusive=yes "$work/callgrind-$lines.out" > "$work/annotate-$lines.txt"
done
python3 benches/paragraph.py 100000 > "$work/paragraph-100000.md"
/usr/bin/time -f "%e %M" -o "$work/time-100000" \
  "$quire" build "$work/paragraph-100000.md" --layout base --to pdf -o "$work/out" --quiet
read -r seconds kilobytes < "$work/time-100000"
pages=$(pdfinfo "$work/out/paragraph-100000.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')

summary=$(python3 - "$work" "$seconds" "$kilobytes" "${pages:-?}" <<'PY'
import re, sys
work, seconds, kilobytes, pages = sys.argv[1:]
def count(lines, pattern):
    for line in open(f"{work}/annotate-{lines}.txt"):
        if re.search(pattern, line):
            return int(line.split()[0].replace(",", ""))
    raise SystemExit(f"{pattern} not in {work}/annotate-{lines}.txt")
rows, before, met = [], None, True
for lines in (10000, 20000, 40000):
    breaker = count(lines, r"quire::write::pdf::lines::break_lines ")
    total = count(lines, r"PROGRAM TOTALS")
    ratio = "" if before is None else f"{breaker / before:.2f}×"
    if before is not None and breaker > 2.2 * before:
        met = False
    rows.append(f"| {lines:,} | {breaker / 1e9:.2f} G | {ratio} | {total / 1e9:.2f} G |")
    before = breaker
print("| lines | line breaker | against half the lines | whole build |")
print("|---:|---:|---:|---:|")
print("\n".join(rows))
print()
print(f"- Each doubling at most 2.2× the line breaker's instructions: {'yes' if met else 'no'}.")
print(f"- 100,000 lines: {float(seconds):.1f} s, peak memory {int(kilobytes) // 1024} MB, {pages} pages.")
PY
)
{
  echo
  echo "## One long paragraph (benches/paragraph.sh, issue 27)"
  echo
  echo "Instructions under callgrind (the base layout, one paragraph of N source lines of prose)."
  echo
  echo "$summary"
} >> docs/benchmarks.md
echo "$summary"
