#!/usr/bin/env bash
# Issue 28: the PSF agreement to DOCX, quire against pandoc, both with the
# same reference document (pandoc's own default one, so that neither side
# is given styles the other lacks), timed side by side with hyperfine.
# Usage: benches/docx.sh QUIRE
set -euo pipefail
quire=$(realpath "$1")
cd "$(dirname "$0")/.."
work=target/bench/docx
mkdir -p "$work"
pandoc=$(command -v pandoc || true)
if [ -z "$pandoc" ]; then
  python3 -c "import pypandoc" 2>/dev/null || pip install --quiet pypandoc_binary
  pandoc=$(python3 -c "import pypandoc; print(pypandoc.get_pandoc_path())")
fi
command -v hyperfine >/dev/null || { SUDO=$( [ "$(id -u)" = 0 ] || echo sudo ); $SUDO apt-get update && $SUDO apt-get install -y hyperfine; }
agreement=tests/fixtures/sponsorship-agreement.md
"$pandoc" -o "$work/reference.docx" --print-default-data-file reference.docx
hyperfine --warmup 3 --runs 20 --export-json "$work/docx.json" \
  -n "quire" "$quire build $agreement --to docx --reference-doc $work/reference.docx -o $work/q --quiet" \
  -n "pandoc" "$pandoc $agreement --reference-doc $work/reference.docx -o $work/p.docx"
summary=$(python3 - "$work/docx.json" <<'PY'
import json, sys
results = {r["command"]: r["median"] * 1000 for r in json.load(open(sys.argv[1]))["results"]}
quire, pandoc = results["quire"], results["pandoc"]
print(f"| quire | pandoc | pandoc ÷ quire |\n|---:|---:|---:|\n| {quire:.1f} ms | {pandoc:.1f} ms | {pandoc / quire:.1f}× |")
print()
print(f"- At least 10× faster than pandoc: {'yes' if pandoc >= 10 * quire else 'no'}.")
PY
)
{
  echo
  echo "## The agreement to DOCX (benches/docx.sh, issue 28)"
  echo
  echo "Median of 20 runs each, the same reference document (pandoc's default)."
  echo
  echo "$summary"
} >> docs/benchmarks.md
echo "$summary"
