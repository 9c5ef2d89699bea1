"""The harness's own checks, on hand-written HTML (no pandoc, no quire, no
suite needed): `python3 -m unittest discover -s tests/pandoc-suite`.
Each normalisation is shown to make two spellings of one document equal,
and a real difference is shown to survive it."""

import random
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import cases  # noqa: E402
import harness  # noqa: E402
import normalise  # noqa: E402


def quire(body: str) -> str:
    """`body` in quire's fragment template, as layouts/base/fragment.html
    writes it."""
    return ('<div class="quire quire-fragment" lang="en">\n<style>\n.quire p { margin: 0 }\n'
            f'</style>\n<article>\n<h2 class="title">Untitled</h2>\n{body}\n</article>\n</div>')


def views(html: str, source: str, side) -> tuple:
    tree = side(html, source)
    return normalise.text_of(tree), normalise.structure_of(tree)


class Normalise(unittest.TestCase):
    def same(self, pandoc: str, quire_body: str, source: str = "") -> None:
        self.assertEqual(views(pandoc, source, normalise.from_pandoc),
                         views(quire(quire_body), source, normalise.from_quire))

    def differ(self, pandoc: str, quire_body: str, source: str = "") -> None:
        self.assertNotEqual(views(pandoc, source, normalise.from_pandoc),
                            views(quire(quire_body), source, normalise.from_quire))

    def test_footnotes_written_two_ways_are_one(self):
        self.same(
            '<p>A<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup></a></p>\n'
            '<section id="footnotes" class="footnotes footnotes-end-of-document" role="doc-endnotes">\n'
            '<hr />\n<ol>\n<li id="fn1"><p>Note.<a href="#fnref1" class="footnote-back" '
            'role="doc-backlink">↩︎</a></p></li>\n</ol>\n</section>',
            '<p>A<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" role="doc-noteref">1</a></sup></p>\n'
            '<section class="footnotes" role="doc-endnotes">\n<ol>\n<li id="fn-1">\n<p>Note. '
            '<a href="#fnref-1" class="footnote-backref" role="doc-backlink">↩</a></p>\n</li>\n</ol>\n</section>')

    def test_highlighting_and_wrappers_do_not_count(self):
        self.same(
            '<div class="sourceCode" id="cb1"><pre class="sourceCode python"><code class="sourceCode python">'
            '<span id="cb1-1"><a href="#cb1-1" aria-hidden="true" tabindex="-1"></a>'
            '<span class="kw">def</span> f():</span></code></pre></div>',
            '<pre><code class="language-python"><span class="tok-keyword">def</span> '
            '<span class="tok-function">f</span>():\n</code></pre>',
            "```python\ndef f():\n```\n")

    def test_a_code_blocks_id_is_on_its_pre_either_way(self):
        source = "``` {.haskell #bar}\na\n```\n"
        self.same('<div class="sourceCode" id="bar"><pre class="sourceCode haskell">'
                  '<code class="sourceCode haskell">a</code></pre></div>',
                  '<pre class="haskell" id="bar"><code class="language-haskell">a\n</code></pre>',
                  source)
        self.differ('<div class="sourceCode" id="bar"><pre class="sourceCode haskell">'
                    '<code class="sourceCode haskell">a</code></pre></div>',
                    '<pre class="haskell"><code class="language-haskell">a\n</code></pre>', source)

    def test_code_text_still_counts(self):
        self.differ('<pre><code>a  b</code></pre>', '<pre><code>a b\n</code></pre>')

    def test_alignment_style_and_class_are_one(self):
        self.same('<table><colgroup><col style="width: 50%" /></colgroup>'
                  '<tr><td style="text-align: right;">1</td></tr></table>',
                  '<div class="table"><table><tbody><tr><td class="align-right">1</td></tr>'
                  '</tbody></table></div>')

    def test_generated_ids_go_and_explicit_ones_stay(self):
        source = "# A {#keep}\n\n# B\n"
        self.same('<h1 id="keep">A</h1><h1 id="b">B</h1><p><a href="#b">x</a></p>',
                  '<h1 id="keep">A</h1><h1 id="b-2">B</h1><p><a href="#b-2">x</a></p>', source)
        self.differ('<h1 id="keep">A</h1>', '<h1 id="other">A</h1>', source)

    def test_generated_classes_go_and_explicit_ones_stay(self):
        source = "[a]{.mine}\n"
        self.same('<p><a href="http://x" class="uri">http://x</a></p>',
                  '<p><a href="http://x">http://x</a></p>', source)
        self.differ('<p><span class="mine">a</span></p>', '<p>a</p>', source)

    def test_citations_are_structure(self):
        self.differ('<p><span class="citation" data-cites="doe">@doe</span></p>', '<p>@doe</p>')

    def test_math_is_its_tex(self):
        mathml = ('<math display="inline" xmlns="http://www.w3.org/1998/Math/MathML"><semantics>'
                  '<msup><mi>x</mi><mn>2</mn></msup><annotation encoding="application/x-tex">'
                  'x^2</annotation></semantics></math>')
        text, shape = views(f"<p>{mathml}</p>", "", normalise.from_pandoc)
        self.assertEqual((text, shape), ("x^2", ["p", '  math display="inline"']))
        self.differ(f"<p>{mathml}</p>", "<p>$x^2$</p>")

    def test_whitespace_and_no_break_space(self):
        self.same("<p>Mr.\u00a0Brown\n  and <em>x</em></p>\n\n", "<p>Mr. Brown and <em>x</em> </p>")
        self.differ("<p>a <em>b</em></p>", "<p>a<em>b</em></p>")

    def test_paragraph_boundaries_count(self):
        self.differ("<p>a</p><p>b</p>", "<p>a b</p>")

    def test_quire_title_is_template_not_body(self):
        self.same("<p>x</p>", "<p>x</p>")
        self.differ("<p>x</p>", "<h2>Untitled</h2><p>x</p>")


class Cases(unittest.TestCase):
    def test_selection(self):
        chosen = {
            "pandoc": "", "pandoc -t native": "", "pandoc -f markdown -t html": "",
            "pandoc --from=markdown --wrap=none": "", "pandoc -fmarkdown -s": "",
            "pandoc --citeproc -t plain --csl command/x.csl": "",
            "pandoc -f markdown+smart": "extension switches",
            "pandoc -f markdown-implicit_figures": "extension switches",
            "pandoc -f gfm": "reader gfm", "pandoc -r latex": "reader latex",
            "pandoc command/x.docx -t html": "reads a file",
            "pandoc -t native | pandoc -f native": "pipeline or redirection",
            "pandoc -d command/defaults.yaml": "defaults file",
            "pandoc-citeproc": "not pandoc",
        }
        for command, why_not in chosen.items():
            self.assertEqual(cases.select(command), why_not, command)

    def test_a_case_as_command_hs_reads_it(self):
        case = cases.parse_case("x.md#1", "% pandoc \\\n-t html\n*hi*\n\n^D\n<p><em>hi</em></p>")
        self.assertEqual((case.command, case.input, case.selected), ("pandoc  -t html", "*hi*\n\n", True))


class Words(unittest.TestCase):
    def test_lcs_agrees_with_the_table(self):
        def table(a, b):
            row = [0] * (len(b) + 1)
            for x in a:
                new = [0]
                for j, y in enumerate(b):
                    new.append(row[j] + 1 if x == y else max(row[j + 1], new[j]))
                row = new
            return row[-1]

        rng = random.Random(26)
        for _ in range(500):
            a = [rng.choice("abcd") for _ in range(rng.randint(0, 12))]
            b = [rng.choice("abcde") for _ in range(rng.randint(0, 12))]
            self.assertEqual(harness.lcs_length(a, b), table(a, b), (a, b))


if __name__ == "__main__":
    unittest.main()
