#!/usr/bin/env python3
"""Writes a long mixed report (the one benches/stages.rs sets): N sections
of a heading, a paragraph with every inline kind, a list, a table and code,
about a third of a page each (3,000 make some 1,000 pages).
Usage: python3 benches/long_report.py 3000 > target/bench/long.md"""
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
print("---\ntitle: A long report\n---\n")
for n in range(count):
    print(f"""## Section {n}

The Python Software Foundation supports the community through grants, \
events and infrastructure; this paragraph says so at length, with *emphasis*, **strength**, \
`code` and [a link](https://www.python.org/psf/) so that every inline kind is set. \
It goes on long enough to be broken into several justified lines with hyphenation.

- First point of section {n}, short
- Second point, with a longer explanation that wraps

| Item | Amount | Note |
|---|---:|---|
| Grants | {n}00 | community events |
| Travel | 42 | speakers |

```python
print("section {n}")
```
""")
