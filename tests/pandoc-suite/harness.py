#!/usr/bin/env python3
"""How much of pandoc's Markdown quire reads as pandoc reads it (issue 26),
measured on pandoc's own test suite.

    tests/pandoc-suite/harness.py [SUITE] [--quire PATH] [--pandoc PATH]
                                  [--json FILE] [--show NAME] [--jobs N]

SUITE is a folder laid out as pandoc's `test/` (default /work/pandoc-suite):
`command/*.md` and `testsuite.txt`, from jgm/pandoc at the tag of the pandoc
that is run (3.9). Those files are GPL: they are read from outside this
repository and never copied into it.

The cases (cases.py) are those of `command/*.md` whose command is `pandoc`
reading pandoc's `markdown` from standard input with no extension switches.
Each input is run through `pandoc -f markdown -t html --mathml` and through
`quire build - --to fragment -o -`; the case's own writer and options are
not used, both programs get the same fixed arguments. Both outputs are
normalised (normalise.py) and a case passes when (a) the visible text in
order and (b) the element structure are the same. On `testsuite.txt` the
figure is the words of pandoc's visible text that quire's keeps in order
(the longest common subsequence of the two word lists, over pandoc's count).

Prints a summary and the failures by category (the first differing element,
or `text`) and by file; writes every case to --json (default
target/pandoc-suite/results.json). `--show NAME` (a case, `FILE.md#N`, or
a file, `FILE.md`) prints the command, the input and the normalised diffs.
pandoc's output is cached by input in target/pandoc-suite/pandoc-cache/.
"""

import argparse
import difflib
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import cases as suite_cases  # noqa: E402
import normalise  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PANDOC_ARGS = ["-f", "markdown", "-t", "html", "--mathml"]
QUIRE_ARGS = ["build", "-", "--to", "fragment", "-o", "-", "--quiet"]
# A case that takes longer than this is a failure, not a hang.
TIMEOUT_SECONDS = 60


def default_pandoc() -> str:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        return "pandoc"


def run(argv: list, text: str, cwd: str) -> tuple:
    try:
        done = subprocess.run(argv, input=text.encode(), capture_output=True,
                              cwd=cwd, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return 124, "", f"timed out after {TIMEOUT_SECONDS} s"
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")


class Runner:
    def __init__(self, pandoc: str, quire: str, cache: Path):
        self.pandoc, self.quire, self.cache = pandoc, quire, cache
        self.pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True,
                                             text=True).stdout.split("\n")[0]
        cache.mkdir(parents=True, exist_ok=True)

    def pandoc_html(self, text: str, cwd: str) -> tuple:
        key = hashlib.sha256(
            "\0".join([self.pandoc_version, *PANDOC_ARGS, text]).encode()).hexdigest()
        cached = self.cache / f"{key}.json"
        if cached.exists():
            return tuple(json.loads(cached.read_text()))
        result = run([self.pandoc, *PANDOC_ARGS], text, cwd)
        # Written whole then renamed: two cases with one input may race.
        partial = cached.with_suffix(f".{os.getpid()}.{threading.get_ident()}")
        partial.write_text(json.dumps(result))
        partial.replace(cached)
        return result

    def quire_html(self, text: str, cwd: str) -> tuple:
        return run([self.quire, *QUIRE_ARGS], text, cwd)

    def both(self, text: str) -> tuple:
        # An empty folder, so neither finds a project file or the images a
        # case names; both are asked about the same missing files.
        with tempfile.TemporaryDirectory(prefix="pandoc-suite-") as cwd:
            return self.pandoc_html(text, cwd), self.quire_html(text, cwd)


def compare(runner: Runner, case) -> dict:
    (p_rc, p_out, p_err), (q_rc, q_out, q_err) = runner.both(case.input)
    result = {"name": case.name, "command": case.command}
    if p_rc != 0:
        return {**result, "status": "skipped", "why": f"pandoc exit {p_rc}: {p_err.strip()[:200]}"}
    if q_rc != 0:
        return {**result, "status": "fail", "category": "quire-error",
                "why": f"quire exit {q_rc}: {q_err.strip()[:300]}"}
    pandoc_tree = normalise.from_pandoc(p_out, case.input)
    quire_tree = normalise.from_quire(q_out, case.input)
    p_text, q_text = normalise.text_of(pandoc_tree), normalise.text_of(quire_tree)
    p_shape, q_shape = normalise.structure_of(pandoc_tree), normalise.structure_of(quire_tree)
    text_ok, shape_ok = p_text == q_text, p_shape == q_shape
    result.update(text_ok=text_ok, structure_ok=shape_ok,
                  status="pass" if text_ok and shape_ok else "fail")
    if not shape_ok or not text_ok:
        result["category"], result["first_difference"] = categorise(p_shape, q_shape, p_text, q_text)
    result["_views"] = (p_text, q_text, p_shape, q_shape, p_out, q_out)
    return result


# --- categories ---------------------------------------------------------------

# The element a difference is filed under: a table's parts under `table`, a
# list item under its list, a term or definition under `dl`, a caption
# under its figure or table.
PART_OF = {
    "td": "table", "th": "table", "tr": "table", "thead": "table", "tbody": "table",
    "tfoot": "table", "caption": "table", "figcaption": "figure", "dt": "dl", "dd": "dl",
    "noteref": "footnote", "footnotes": "footnote", "annotation": "math",
}
# Classes that name what a span or div is.
NAMED_CLASSES = {"citation": "cite", "smallcaps": "smallcaps", "line-block": "line-block"}


def feature(lines: list, index: int) -> str:
    """The category of structure line `index`: its element, or the element
    it is part of (PART_OF, or its list for an `li`)."""
    def element(i):
        head = lines[i].strip().split(" ")[0]
        if head in ("span", "div"):
            for cls, name in NAMED_CLASSES.items():
                if f'class="{cls}' in lines[i] or f" {cls}" in lines[i].split('class="')[-1].split('"')[0]:
                    return name
        return head

    def parent(i):
        depth = len(lines[i]) - len(lines[i].lstrip(" "))
        for j in range(i - 1, -1, -1):
            if len(lines[j]) - len(lines[j].lstrip(" ")) < depth:
                return j
        return None

    tag = element(index)
    if tag == "li":
        up = parent(index)
        return element(up) if up is not None else "li"
    if tag == "code":
        up = parent(index)
        if up is not None and element(up) == "pre":
            return "pre"
    if tag in ("img", "p"):
        up = parent(index)
        if up is not None and element(up) in ("figure", "caption"):
            return PART_OF.get(element(up), element(up))
    return PART_OF.get(tag, tag)


# Elements pandoc's HTML writer makes from Markdown (with `noteref` and
# `footnotes` from normalise.py). Any other element on pandoc's side came
# through from the source's raw HTML.
WRITER_TAGS = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "blockquote", "pre", "code", "em", "strong", "del", "sup", "sub", "span", "div",
    "a", "img", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot",
    "tr", "th", "td", "hr", "br", "math", "section", "u", "mark", "kbd", "q",
    "noteref", "footnotes", "input", "label",
}
TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def categorise(p_shape: list, q_shape: list, p_text: str, q_text: str) -> tuple:
    """The category of a failing case: the first element that differs
    (see `feature`), or `text` when only the text does; then three causes
    told apart by what differs, as they are one piece of work each:
    `raw-tex` (quire shows TeX that pandoc's raw_tex extension reads and
    the HTML writer leaves out), `title-block` (quire shows a `% title`
    line), `raw-html` (pandoc passes an element quire's sanitiser drops)."""
    category, where = first_difference(p_shape, q_shape) if p_shape != q_shape else ("text", {})
    p_words, q_words = first_text_difference(p_text, q_text) if p_text != q_text else ("", "")
    if category in ("p", "text", "hr"):
        if TEX_COMMAND.search(q_words) and not TEX_COMMAND.search(p_words):
            category = "raw-tex"
        elif q_words.startswith("%"):
            category = "title-block"
    tag = where.get("pandoc", "").split(" ")[0]
    if tag and tag not in WRITER_TAGS:
        category = "raw-html"
    if not where:
        where = {"pandoc": p_words, "quire": q_words} if p_words or q_words \
            else {"pandoc": "(white space only)", "quire": ""}
    return category, where


def first_difference(p_shape: list, q_shape: list) -> tuple:
    matcher = difflib.SequenceMatcher(a=p_shape, b=q_shape, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        p_line = p_shape[i1].strip() if i1 < len(p_shape) and i1 < i2 else ""
        q_line = q_shape[j1].strip() if j1 < len(q_shape) and j1 < j2 else ""
        if i1 < i2:
            category = feature(p_shape, i1)
        else:
            category = feature(q_shape, j1)
        return category, {"pandoc": p_line, "quire": q_line}
    return "structure", {}


def first_text_difference(p_text: str, q_text: str) -> tuple:
    """The first run of words that differs, pandoc's and quire's."""
    p_words, q_words = p_text.split(), q_text.split()
    matcher = difflib.SequenceMatcher(a=p_words, b=q_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            return " ".join(p_words[i1:i2]), " ".join(q_words[j1:j2])
    return "", ""


# --- testsuite.txt ----------------------------------------------------------------


def lcs_length(a: list, b: list) -> int:
    """Longest common subsequence of two word lists, bit-parallel
    (Crochemore et al., "A fast and practical bit-vector algorithm for the
    longest common subsequence problem", 2001): one big-integer step per
    word of `a`."""
    positions = defaultdict(int)
    for j, word in enumerate(b):
        positions[word] |= 1 << j
    mask = (1 << len(b)) - 1
    v = mask
    for word in a:
        m = positions.get(word, 0)
        u = v & m
        v = ((v + u) | (v - u)) & mask
    return len(b) - bin(v).count("1")


def testsuite_words(runner: Runner, path: Path) -> dict:
    text = path.read_text()
    (p_rc, p_out, p_err), (q_rc, q_out, q_err) = runner.both(text)
    if p_rc != 0 or q_rc != 0:
        return {"error": (p_err or q_err).strip()[:300]}
    p_words = normalise.text_of(normalise.from_pandoc(p_out, text)).split()
    q_words = normalise.text_of(normalise.from_quire(q_out, text)).split()
    kept = lcs_length(p_words, q_words)
    return {"pandoc_words": len(p_words), "quire_words": len(q_words), "kept": kept,
            "percent": round(100 * kept / max(1, len(p_words)), 1)}


# --- output ----------------------------------------------------------------------


def show(result: dict) -> None:
    print(f"== {result['name']}: {result['status']}   % {result['command']}")
    if "_views" not in result:
        print(result.get("why", ""))
        return
    p_text, q_text, p_shape, q_shape, _, _ = result["_views"]
    for title, a, b in (("text", p_text.split("\n"), q_text.split("\n")),
                        ("structure", p_shape, q_shape)):
        diff = list(difflib.unified_diff(a, b, "pandoc", "quire", lineterm="", n=3))
        print(f"-- {title}: {'same' if not diff else 'differs'}")
        for line in diff[2:]:
            print(line)


def report(results: list, words: dict, runner: Runner, total: int, suite: Path) -> None:
    measured = [r for r in results if r["status"] != "skipped"]
    passed = [r for r in measured if r["status"] == "pass"]
    failed = [r for r in measured if r["status"] == "fail"]
    percent = 100 * len(passed) / max(1, len(measured))
    print(f"{runner.pandoc_version}; {len(results)} of {total} cases in {suite}/command read pandoc markdown"
          + (f" ({len(results) - len(measured)} skipped: pandoc failed)" if len(measured) < len(results) else ""))
    text_ok = sum(1 for r in measured if r.get("text_ok"))
    shape_ok = sum(1 for r in measured if r.get("structure_ok"))
    print(f"same text: {text_ok}, same structure: {shape_ok}")
    print("failures by first difference:")
    by_category = defaultdict(list)
    for r in failed:
        by_category[r["category"]].append(r)
    for category, rs in sorted(by_category.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        example = rs[0]
        diff = example.get("first_difference") or {}
        what = (f"pandoc `{diff.get('pandoc', '')}` / quire `{diff.get('quire', '')}`"
                if diff else example.get("why", "")[:100])
        what = " ".join(what.split())[:160]
        print(f"  {len(rs):4}  {category:<14} e.g. {example['name']}: {what}")
    print("failures by file (most first):")
    by_file = Counter(r["name"].split("#")[0] for r in failed)
    print("  " + ", ".join(f"{name} {n}" for name, n in by_file.most_common(25)))
    if "percent" in words:
        print(f"testsuite.txt: quire keeps {words['kept']}/{words['pandoc_words']} "
              f"of pandoc's words in order ({words['percent']} %)")
    else:
        print(f"testsuite.txt: not measured ({words.get('error', 'missing')})")
    print(f"{len(passed)}/{len(measured)} cases pass ({percent:.1f} %)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("suite", nargs="?", default="/work/pandoc-suite", type=Path,
                        help="folder with command/*.md and testsuite.txt (pandoc's test/)")
    parser.add_argument("--quire", default=str(Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target")) / "debug/quire"),
                        help="the quire binary (default: $CARGO_TARGET_DIR or target/, debug/quire)")
    parser.add_argument("--pandoc", default=default_pandoc())
    parser.add_argument("--json", type=Path, default=REPO / "target/pandoc-suite/results.json")
    parser.add_argument("--show", metavar="NAME", help="a case (FILE.md#N) or file (FILE.md) to diff")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    if not (args.suite / "command").is_dir():
        print(f"no {args.suite}/command: extract pandoc's test/command/*.md and "
              "test/testsuite.txt there (see tests/pandoc-suite/README.md)", file=sys.stderr)
        return 2
    if not Path(args.quire).exists():
        print(f"no quire binary at {args.quire} (cargo build, or --quire PATH)", file=sys.stderr)
        return 2
    runner = Runner(args.pandoc, args.quire, args.json.parent / "pandoc-cache")
    all_cases = suite_cases.load(args.pandoc, args.suite, runner.cache)
    selected = [c for c in all_cases if c.selected]

    if args.show:
        chosen = [c for c in all_cases if c.name == args.show or c.name.split("#")[0] == args.show]
        if not chosen:
            print(f"no case {args.show}", file=sys.stderr)
            return 2
        for case in chosen:
            if not case.selected:
                print(f"== {case.name}: not measured ({case.why_not})   % {case.command}")
                continue
            show(compare(runner, case))
        return 0

    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda c: compare(runner, c), selected))
    words = testsuite_words(runner, args.suite / "testsuite.txt") \
        if (args.suite / "testsuite.txt").exists() else {"error": "no testsuite.txt"}
    report(results, words, runner, len(all_cases), args.suite)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    passed = sum(r["status"] == "pass" for r in results)
    measured = sum(r["status"] != "skipped" for r in results)
    args.json.write_text(json.dumps({
        "pandoc": runner.pandoc_version, "quire": args.quire, "suite": str(args.suite),
        "passed": passed, "measured": measured, "testsuite_words": words,
        "cases": [{k: v for k, v in r.items() if k != "_views"} for r in results],
    }, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
