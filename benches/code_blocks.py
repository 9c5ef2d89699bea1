"""A code-heavy handout for benches/code.sh: N Python blocks of the kind a
PyCon tutorial prints (nested blocks, a REPL session, a long line), each
introduced by a sentence."""
import sys

BLOCKS = [
    ("python", '''import csv

def totals(path):
    """Sum the amounts per category."""
    sums = {}
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            try:
                amount = float(row["amount"])
            except ValueError:
                continue  # skip bad rows
            sums[row["category"]] = sums.get(row["category"], 0) + amount
    return sums'''),
    ("python", '''def run(command):
    match command.split():
        case ["go", direction]:
            return f"going {direction}"
        case ["quit" | "exit"]:
            return None
        case _:
            raise ValueError(f"unknown command: {command!r}, expected one of go, quit, exit or help")'''),
    ("pycon", '''>>> for n in range(3):
...     print(n * 2)
...
0
2
4'''),
    ("console", '''$ python -m venv .venv
$ source .venv/bin/activate
$ pip install requests  # the HTTP library'''),
]

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
print("---\ntitle: Python in practice\n---\n")
for i in range(n):
    lang, code = BLOCKS[i % len(BLOCKS)]
    if i % 10 == 0:
        print(f"## Part {i // 10 + 1}\n")
    print(f"Example {i + 1} shows the idea:\n")
    print(f"```{lang}\n{code}\n```\n")
