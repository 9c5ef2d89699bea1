#!/usr/bin/env python3
"""One paragraph of N source lines of ordinary prose (no blank line, so
Markdown joins them into a single paragraph), for the line breaker's
bench (benches/paragraph.sh). The words cycle through a fixed text, so
the same N always gives the same file.
Usage: python3 benches/paragraph.py 10000 > target/bench/paragraph-10000.md"""
import sys

TEXT = (
    "The Python Software Foundation is the organization behind the open source "
    "Python programming language. We are devoted to creating the conditions for "
    "Python and the Python community to grow and thrive, internationally and "
    "institutionally. Grants support workshops, sprints and regional conferences "
    "where people meet, teach one another and contribute to the language, its "
    "documentation and the packaging ecosystem that millions of developers use."
).split()
WORDS_PER_LINE = 11

lines = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
print("---\ntitle: One long paragraph\n---\n")
at = 0
for _ in range(lines):
    print(" ".join(TEXT[(at + k) % len(TEXT)] for k in range(WORDS_PER_LINE)))
    at += WORDS_PER_LINE
