#!/usr/bin/env bash
# Issue 19's targets, each a ratio measured in the same run on this machine:
#   - the seed into pdf, epub, html and txt in one call against pandoc
#     making html, plain text and epub (benches/compare.sh measures it;
#     this reads its result): at least 20×;
#   - a txt build and an html build of the seed against `quire --version`
#     (the floor: a process start): at most 2×;
#   - a rebuild of the seed in `quire watch` (the watcher's own figure,
#     benches/watch_rebuild.py): under 15 ms;
#   - 1,000 sponsor briefs against one brief (PDF): at most 100×.
# Prints each with the machine line and appends them to docs/benchmarks.md
# (run after benches/compare.sh, which writes it first).
# Usage: benches/speed.sh [target/release/quire]
set -euo pipefail
quire=${1:-target/release/quire}
seed=source/about-psf.md
work=target/bench/speed
mkdir -p "$work"
command -v hyperfine >/dev/null || { SUDO=$( [ "$(id -u)" = 0 ] || echo sudo ); $SUDO apt-get update && $SUDO apt-get install -y hyperfine; }
machine="$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr), load $(cut -d' ' -f1-3 /proc/loadavg)"

# The floor and the two builds in turns (benches/turns.py), each spawned
# without a shell: timed in blocks of their own, as hyperfine does, the
# floor's median moved by a fifth between blocks seconds apart.
python3 benches/turns.py "$work/floor.json" 100 \
  "quire --version" "$quire --version" \
  "seed to txt" "$quire build $seed --to txt -o $work/out --quiet" \
  "seed to html" "$quire build $seed --to html -o $work/out --quiet"
python3 benches/records.py 1 > "$work/sponsors-1.yaml"
python3 benches/records.py 1000 > "$work/sponsors-1000.yaml"
hyperfine -N --warmup 2 --runs 20 --export-json "$work/brief.json" \
  -n "one brief" "$quire build source/sponsor-brief.md --data $work/sponsors-1.yaml --to pdf -o $work/briefs-1 --quiet" >/dev/null
hyperfine -N --warmup 1 --runs 3 --export-json "$work/briefs.json" \
  -n "1,000 briefs" "$quire build source/sponsor-brief.md --data $work/sponsors-1000.yaml --to pdf -o $work/briefs-1000 --quiet" >/dev/null
read -r watch_median watch_min watch_max watch_runs < <(python3 benches/watch_rebuild.py "$quire" 20)

summary=$(python3 - "$work" target/bench/compare/result.json "$watch_median" "$watch_min" "$watch_max" "$watch_runs" <<'PY'
import json, sys
work, compare, w_med, w_min, w_max, w_runs = sys.argv[1:]
def results(path):
    return {r["command"]: r for r in json.load(open(path))["results"]}
floor = results(f"{work}/floor.json")
# Medians: on a machine shared with other work, a mean is mostly outliers.
ms = lambda r: f"{r['median'] * 1000:.2f} ms"
version = floor["quire --version"]
rows = []
try:
    c = json.load(open(compare))["results"]
    quire, three = c[0], c[2]
    ratio = three["median"] / quire["median"]
    rows.append(("seed, four formats, vs pandoc html+plain+epub", f"{ratio:.1f}× ({three['median'] * 1000:.0f} ms / {quire['median'] * 1000:.1f} ms)", "≥ 20×", ratio >= 20))
except (OSError, IndexError, KeyError):
    rows.append(("seed, four formats, vs pandoc html+plain+epub", "not measured (run benches/compare.sh first)", "≥ 20×", None))
for name in ("seed to txt", "seed to html"):
    r = floor[name]
    ratio = r["median"] / version["median"]
    rows.append((f"{name} vs `quire --version`", f"{ratio:.2f}× ({ms(r)} / {ms(version)})", "≤ 2×", ratio <= 2))
rows.append(("watch rebuild of the seed (six formats)", f"median {w_med} ms (min {w_min}, max {w_max}; {w_runs} edits)", "< 15 ms", float(w_med) < 15))
one, many = results(f"{work}/brief.json")["one brief"], results(f"{work}/briefs.json")["1,000 briefs"]
ratio = many["median"] / one["median"]
rows.append(("1,000 sponsor briefs vs one", f"{ratio:.0f}× ({many['median']:.2f} s / {one['median'] * 1000:.1f} ms)", "≤ 100×", ratio <= 100))
print("| target | measured | goal | met |")
print("|---|---|---|---|")
for name, measured, goal, met in rows:
    print(f"| {name} | {measured} | {goal} | {'—' if met is None else 'yes' if met else 'no'} |")
PY
)
{
  echo
  echo "## Speed against the floor (benches/speed.sh, issue 19)"
  echo
  echo "- Machine: $machine"
  echo "- quire $("$quire" --version | awk '{print $2}') (release build), hyperfine $(hyperfine --version | awk '{print $2}'); medians of 100 runs (the floor, txt and html in turns, benches/turns.py; 20 for one brief, 3 for 1,000; against pandoc: 50 of quire, 10 of pandoc)"
  echo
  echo "$summary"
} >> docs/benchmarks.md
echo "Machine: $machine"
echo "$summary"
