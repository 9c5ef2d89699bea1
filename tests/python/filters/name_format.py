#!/usr/bin/env python3
"""A panflute filter that adds a paragraph naming the format it was run
for (its first argument): the test fails if filters do not run."""

import panflute as pf


def finalize(doc):
    doc.content.append(pf.Para(pf.Str("Filtered"), pf.Space(), pf.Str("for"), pf.Space(), pf.Str(doc.format)))


if __name__ == "__main__":
    pf.run_filter(lambda elem, doc: None, finalize=finalize)
