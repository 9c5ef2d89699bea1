#!/usr/bin/env python3
"""Writes N sponsor records (YAML) shaped like data/sponsors.yaml, for
`make bench`: python3 benches/records.py 1000 > target/bench/sponsors.yaml"""
import sys

LEVELS = ["Visionary", "Sustainability", "Maintaining", "Contributing", "Supporting"]
BENEFITS = [
    "Logo on the PyCon US website and the printed programme",
    "One booth space in the expo hall",
    "Four conference passes",
    "A thank-you from the keynote stage",
    "A job listing on the PyCon US jobs board",
]

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
print("sponsors:")
for i in range(count):
    name = f"Sponsor {i:04d} & Partners"
    print(f"  - slug: sponsor-{i:04d}")
    print(f"    name: \"{name}\"")
    print(f"    level: {LEVELS[i % len(LEVELS)]}")
    print(f"    contact: Contact Person {i}")
    print(f"    email: contact{i}@sponsor{i}.example")
    print(f"    booth: {i % 200 + 1}")
    print("    benefits:")
    for b in BENEFITS[: 2 + i % 4]:
        print(f"      - {b}")
