#!/usr/bin/env python3
"""Every script builds: the UDHR specimen of each of gflanguages' languages
(755 languages in 157 scripts) as a document, built into PDF (PDF/UA-1 with
the built-in layout), HTML, EPUB and plain text, and the PDF's text read
back with pdftotext.

What is measured is how much of each specimen's text a reader of the PDF
gets back in order: the longest common subsequence of the characters
written (title and specimen, NFC, whitespace removed) and of the
characters pdftotext gives (the same), summed over every specimen. A
specimen that does not build gives nothing back.

    python3 tests/scripts/specimens.py [--quire target/debug/quire]
        [--min-recovery 0.96] [--whole] [--only th_Thai,km_Khmr] [--jobs 2]
        [--keep DIR] [--report FILE]

It fails (exit 1) when a specimen does not build in every format, when the
recovery over all of them is under --min-recovery, or (with --whole) when a
specimen whose every character has an installed font does not come back
whole; those are listed either way.
`make check-scripts` runs it.
"""

import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata

FORMATS = ("pdf", "html", "epub", "txt")
# Format characters pdftotext wraps right-to-left lines in; not the text's.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Markdown's ASCII punctuation, escaped so a specimen is read as text.
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~^&$@:=\"'%])")


def specimens(only):
    from gflanguages import LoadLanguages

    found = []
    for code, lang in sorted(LoadLanguages().items()):
        text = lang.sample_text.specimen_21
        if not text or (only and code not in only):
            continue
        found.append((code, lang.name, lang.script, text))
    return found


def comparable(text):
    """NFC, without whitespace or bidi marks."""
    text = BIDI_MARKS.sub("", unicodedata.normalize("NFC", text))
    return "".join(c for c in text if not c.isspace())


def lcs_length(a, b):
    """Longest common subsequence of two strings, bit-parallel (Hyyrö 2004):
    one big-integer step per character of `b`."""
    if not a or not b:
        return 0
    masks = {}
    for i, c in enumerate(a):
        masks[c] = masks.get(c, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for c in b:
        u = v & masks.get(c, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def markdown(name, code, text):
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    body = "\n\n".join(MARKDOWN_PUNCTUATION.sub(r"\\\1", p) for p in paragraphs)
    lang = code.replace("_", "-")
    front = f"---\ntitle: {json.dumps(name, ensure_ascii=False)}\nlang: {lang}\n---\n\n"
    return front + body + "\n"


def build(quire, work, code, name, text):
    folder = os.path.join(work, code)
    os.makedirs(folder, exist_ok=True)
    source = os.path.join(folder, "specimen.md")
    with open(source, "w", encoding="utf-8") as f:
        f.write(markdown(name, code, text))
    out = os.path.join(folder, "out")
    run = subprocess.run(
        [quire, "build", source, "--to", ",".join(FORMATS), "-o", out],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )
    built = [f for f in FORMATS if os.path.isfile(os.path.join(out, f"specimen.{f}"))]
    result = {
        "code": code,
        "exit": run.returncode,
        "stderr": run.stderr.strip(),
        "built": built,
        "missing_font": "no font" in run.stderr,
        "warnings": [l for l in run.stderr.splitlines() if l.startswith("warning")],
    }
    expected = comparable(name + text)
    got = ""
    pdf = os.path.join(out, "specimen.pdf")
    if "pdf" in built:
        extracted = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True)
        got = comparable(extracted.stdout)
    result["chars"] = len(expected)
    result["recovered"] = lcs_length(expected, got)
    # Every character given back, in any order: poppler reverses clusters
    # of several characters in right-to-left text and leaves scripts it
    # does not know in visual order, which the in-order count above pays for.
    wanted, found = collections.Counter(expected), collections.Counter(got)
    result["every"] = all(found[c] >= n for c, n in wanted.items())
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quire", default="target/debug/quire")
    parser.add_argument("--min-recovery", type=float, default=0.0)
    parser.add_argument("--only", default="", help="language codes, comma-separated")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", help="keep the sources and outputs in this folder")
    parser.add_argument("--report", help="write each specimen's figures here (JSON)")
    parser.add_argument(
        "--every",
        action="store_true",
        help="fail when a specimen every character of which has a font does not give every "
        "character back, in any order (poppler's dehyphenation and its reordering of "
        "right-to-left clusters still cost four specimens a character each)",
    )
    parser.add_argument(
        "--whole",
        action="store_true",
        help="fail when a specimen every character of which has a font does not come back whole",
    )
    args = parser.parse_args()
    quire = os.path.abspath(args.quire)
    only = set(filter(None, args.only.split(",")))
    langs = specimens(only)
    with tempfile.TemporaryDirectory() as temp:
        work = os.path.abspath(args.keep) if args.keep else temp
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            results = list(
                pool.map(lambda l: build(quire, work, l[0], l[1], l[3]), langs)
            )
    scripts = {code: script for code, _, script, _ in langs}
    failed = [r for r in results if r["exit"] != 0 or len(r["built"]) < len(FORMATS)]
    # A specimen every character of which has a font must come back whole.
    short = [
        r
        for r in results
        if r not in failed and not r["missing_font"] and r["recovered"] < r["chars"]
    ]
    chars = sum(r["chars"] for r in results)
    recovered = sum(r["recovered"] for r in results)
    share = recovered / chars if chars else 1.0
    for r in failed:
        first = r["stderr"].splitlines()[0] if r["stderr"] else ""
        print(f"does not build: {r['code']} ({scripts[r['code']]}): exit {r['exit']}, "
              f"built {','.join(r['built']) or 'nothing'}: {first}")
    for r in sorted(short, key=lambda r: r["recovered"] / r["chars"]):
        print(f"short: {r['code']} ({scripts[r['code']]}): "
              f"{r['recovered']}/{r['chars']} characters back")
    no_font = sorted({scripts[r["code"]] for r in results if r["missing_font"]})
    print(f"no installed font for some characters of: {', '.join(no_font) or 'none'}")
    lacking = [r for r in results if r not in failed and not r["missing_font"] and not r["every"]]
    for r in lacking:
        print(f"a character not given back: {r['code']} ({scripts[r['code']]})")
    print(f"every character given back (in any order) for {len(results) - len(failed) - len(lacking)} "
          f"of {len(results) - len(failed)} that build, all of whose characters have a font: "
          f"{'yes' if not lacking else 'no'}")
    print(f"{len(results)} specimens in {len(set(scripts.values()))} scripts: "
          f"{len(results) - len(failed)} build; pdftotext gives back "
          f"{recovered}/{chars} characters in order = {share:.1%}")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(results, f, ensure_ascii=False, indent=1)
    ok = (
        not failed
        and share >= args.min_recovery
        and not (args.every and lacking)
        and not (args.whole and short)
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
