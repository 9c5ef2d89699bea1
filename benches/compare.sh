#!/usr/bin/env bash
# quire against pandoc on the seed, side by side with hyperfine: quire makes
# html, txt, epub and pdf in one call; pandoc makes the same four (its pdf
# through typst or WeasyPrint, installed from PyPI when missing). Writes the
# table, the machine and the versions to docs/benchmarks.md and prints the
# ratios: against pandoc's four, and against the three (html, plain text,
# epub) that issue 19 measures by.
# Usage: benches/compare.sh [target/release/quire]
set -euo pipefail
quire=${1:-target/release/quire}
seed=source/about-psf.md
work=target/bench/compare
mkdir -p "$work"
SUDO=$( [ "$(id -u)" = 0 ] || echo sudo )
command -v hyperfine >/dev/null || { $SUDO apt-get update && $SUDO apt-get install -y hyperfine; }
pandoc=$(command -v pandoc || true)
if [ -z "$pandoc" ]; then
  python3 -c "import pypandoc" 2>/dev/null || pip install --quiet pypandoc_binary
  pandoc=$(python3 -c "import pypandoc; print(pypandoc.get_pandoc_path())")
fi
# pandoc's PDF: typst when the machine has it, else WeasyPrint (from PyPI;
# it needs only the pango Debian ships), so all four formats are compared.
command -v typst >/dev/null || command -v weasyprint >/dev/null || pip install --quiet weasyprint || true
pdf_engine=""
for engine in typst weasyprint; do
  if command -v "$engine" >/dev/null; then pdf_engine=$engine; break; fi
done
pandoc_all="$pandoc $seed -s -o $work/p.html && $pandoc $seed -t plain -o $work/p.txt && $pandoc $seed -o $work/p.epub"
formats="html,txt,epub"
if [ -n "$pdf_engine" ]; then
  pandoc_all="$pandoc_all && $pandoc $seed --pdf-engine=$pdf_engine -o $work/p.pdf"
  formats="html,txt,epub,pdf"
fi
# Issue 19's measure: pandoc making html, epub and plain text (no PDF).
pandoc_three="$pandoc $seed -s -o $work/p.html && $pandoc $seed -t plain -o $work/p.txt && $pandoc $seed -o $work/p.epub"
# quire alone first: 50 runs without a shell (-N; a shell's start would be
# a tenth of what is measured), as benches/speed.sh measures; pandoc's
# chains need the shell, which hyperfine subtracts, and take 10 runs each.
# Medians: on a machine shared with other work, a mean is mostly outliers.
hyperfine -N --warmup 5 --runs 50 --export-json "$work/quire.json" \
  -n "quire (html, txt, epub, pdf: one call)" "$quire build $seed --to html,txt,epub,pdf -o $work/q --quiet"
hyperfine --warmup 2 --runs 10 --export-json "$work/pandoc.json" \
  -n "pandoc ($formats)" "sh -c '$pandoc_all'" \
  -n "pandoc (html, plain, epub)" "sh -c '$pandoc_three'"
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
results = [r for name in ("quire", "pandoc") for r in json.load(open(f"{work}/{name}.json"))["results"]]
json.dump({"results": results}, open(f"{work}/result.json", "w"), indent=1)
quire = results[0]["median"]
with open(f"{work}/table.md", "w") as table:
    table.write("| Command | Median [ms] | Min [ms] | Max [ms] | Runs | Relative |\n|:---|---:|---:|---:|---:|---:|\n")
    for r in results:
        table.write(f"| `{r['command']}` | {r['median'] * 1000:.1f} | {r['min'] * 1000:.1f} | {r['max'] * 1000:.1f} | {len(r['times'])} | {r['median'] / quire:.2f} |\n")
PY
ratio=$(python3 -c "import json; r=json.load(open('$work/result.json'))['results']; print(f'{r[1][\"median\"]/r[0][\"median\"]:.1f}')")
ratio_three=$(python3 -c "import json; r=json.load(open('$work/result.json'))['results']; print(f'{r[2][\"median\"]/r[0][\"median\"]:.1f}')")
{
  echo "# Benchmarks"
  echo
  echo "Made by \`make bench\` (benches/compare.sh): the seed, \`$seed\`."
  echo "quire makes html, txt, epub and pdf in one call; pandoc makes $formats"
  echo "(its PDF needs typst or weasyprint, $( [ -n "$pdf_engine" ] && echo "here $pdf_engine" || echo "neither is here" ))."
  echo
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
  echo "- quire $("$quire" --version | awk '{print $2}') (release build), pandoc $("$pandoc" --version | head -1 | awk '{print $2}'), hyperfine $(hyperfine --version | awk '{print $2}')"
  echo "- pandoc making html, plain text and epub takes **${ratio_three}×** as long as quire making all four (issue 19: at least 20×)."
  echo "- pandoc making $formats takes **${ratio}×** as long."
  echo
  cat "$work/table.md"
} > docs/benchmarks.md
echo "pandoc (html, plain, epub) / quire (four formats): ${ratio_three}× (target ≥ 20×)"
echo "pandoc ($formats) / quire (four formats): ${ratio}×"
