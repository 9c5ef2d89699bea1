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
hyperfine --warmup 2 --runs 10 --export-json "$work/result.json" --export-markdown "$work/table.md" \
  -n "quire (html, txt, epub, pdf: one call)" "$quire build $seed --to html,txt,epub,pdf -o $work/q --quiet" \
  -n "pandoc ($formats)" "sh -c '$pandoc_all'" \
  -n "pandoc (html, plain, epub)" "sh -c '$pandoc_three'"
ratio=$(python3 -c "import json; r=json.load(open('$work/result.json'))['results']; print(f'{r[1][\"mean\"]/r[0][\"mean\"]:.1f}')")
ratio_three=$(python3 -c "import json; r=json.load(open('$work/result.json'))['results']; print(f'{r[2][\"mean\"]/r[0][\"mean\"]:.1f}')")
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
