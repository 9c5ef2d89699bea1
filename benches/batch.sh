#!/usr/bin/env bash
# The sponsor briefs at scale: one record, then 1,000 records, to PDF, with
# the release binary; wall time and peak memory of each (memory must stay
# flat as records grow), printed and added to docs/benchmarks.md (which
# benches/compare.sh writes first). Usage: benches/batch.sh [target/release/quire]
set -euo pipefail
quire=${1:-target/release/quire}
work=target/bench
mkdir -p "$work"
python3 benches/records.py 1 > "$work/sponsors-1.yaml"
python3 benches/records.py 100 > "$work/sponsors-100.yaml"
python3 benches/records.py 1000 > "$work/sponsors-1000.yaml"
{
  echo
  echo "## Sponsor briefs (benches/batch.sh)"
  echo
  echo "\`source/sponsor-brief.md\` with generated records, PDF only, one call each:"
  echo
  echo '```'
} >> docs/benchmarks.md
for n in 1 100 1000; do
  rm -rf "$work/out-$n"
  /usr/bin/time -f "%e %M" -o "$work/time-$n" \
    "$quire" build source/sponsor-brief.md --data "$work/sponsors-$n.yaml" --to pdf -o "$work/out-$n" --quiet
  read -r seconds kilobytes < "$work/time-$n"
  files=$(find "$work/out-$n" -name '*.pdf' | wc -l)
  printf '%5d record(s) → %5d PDF(s): %6.2f s, peak memory %4d MB\n' "$n" "$files" "$seconds" $((kilobytes / 1024)) |
    tee -a docs/benchmarks.md
done
echo '```' >> docs/benchmarks.md
