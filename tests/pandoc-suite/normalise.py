"""HTML from pandoc and from quire, brought to one form so that what is left
to differ is what a reader would see differ: the visible text in order, and
the element structure.

Each rule below says what it takes away and why it is presentational or
generated rather than part of the document. Every rule applies to both
sides alike, except `quire_body` (quire's fragment template) and the two
wrappers named in UNWRAP that only one side writes.

The result of `normalise` is a tree of `Node`s; `text_of` and
`structure_of` turn it into the two things compared.
"""

import re
from dataclasses import dataclass, field

import html5lib

MATHML_NS = "{http://www.w3.org/1998/Math/MathML}"


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)  # Node | str


# --- what the source says explicitly -------------------------------------


@dataclass
class Explicit:
    """Identifiers, classes and attribute names the Markdown source writes
    itself (`{#id .class key=value}`, `::: name`, a fence's language, raw
    HTML's `id="…"`/`class="…"`). Only these survive normalisation: an id
    pandoc or quire makes up (headings, footnotes, code lines) or a class
    either adds for its own styling is generated, not the document's."""

    ids: set
    classes: set
    attributes: set


ATTR_BLOCK = re.compile(r"\{([^{}\n]*)\}")
FENCE_CLASS = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{?\s*\.?([A-Za-z][\w-]*)", re.M)
RAW_ID = re.compile(r"\bid\s*=\s*[\"']?([^\"'\s>]+)")
RAW_CLASS = re.compile(r"\bclass\s*=\s*[\"']([^\"']*)[\"']|\bclass\s*=\s*([^\s>\"']+)")
ATTR_NAME = re.compile(r"([A-Za-z][\w:-]*)\s*=")


def explicit_in(source: str) -> Explicit:
    ids, classes, names = set(), set(), set()
    for block in ATTR_BLOCK.findall(source):
        ids.update(re.findall(r"(?:^|\s)#([^\s}#.]+)", block))
        classes.update(re.findall(r"(?:^|\s)\.([^\s}#.=]+)", block))
        classes.update(m for m in re.findall(r"^\s*=?([A-Za-z][\w-]*)\s*$", block))
    classes.update(FENCE_CLASS.findall(source))
    ids.update(RAW_ID.findall(source))
    for quoted, bare in RAW_CLASS.findall(source):
        classes.update((quoted or bare).split())
    names.update(ATTR_NAME.findall(source))
    return Explicit(ids, classes, names)


# --- parsing ---------------------------------------------------------------


def parse(html: str) -> Node:
    """html5lib parses as a browser does (a `tr` gets its `tbody`, an
    unclosed `p` closes), so two spellings of one tree give one tree.
    Comments are dropped: a reader never sees them."""
    tree = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    return _convert(tree, "fragment")


def _convert(element, tag) -> Node:
    node = Node(tag, dict(element.attrib))
    if element.text:
        node.children.append(element.text)
    for child in element:
        if isinstance(child.tag, str):
            name = child.tag.replace(MATHML_NS, "").split("}")[-1]
            node.children.append(_convert(child, name))
        if child.tail:
            node.children.append(child.tail)
    return node


def quire_body(root: Node) -> Node:
    """quire's fragment template (layouts/base/fragment.html) wraps the body
    in `div.quire-fragment > style + article`, and puts the title it takes
    from the metadata (or the first heading) in `h2.title` and
    `p.subtitle` before it. pandoc without `--standalone` writes no title,
    so those are dropped with the wrapper and the style sheet."""
    article = _find(root, lambda n: n.tag == "article")
    if article is None:
        return root
    kids = [c for c in article.children if not (isinstance(c, str) and not c.strip())]
    if kids and isinstance(kids[0], Node) and kids[0].tag == "h2" and "title" in _classes(kids[0]):
        kids.pop(0)
        if kids and isinstance(kids[0], Node) and kids[0].tag == "p" and "subtitle" in _classes(kids[0]):
            kids.pop(0)
    return Node("fragment", {}, kids)


def _find(node: Node, want):
    if want(node):
        return node
    for child in node.children:
        if isinstance(child, Node):
            found = _find(child, want)
            if found is not None:
                return found
    return None


def _classes(node: Node) -> list:
    return node.attrs.get("class", "").split()


def _text_content(node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text_content(c) for c in node.children)


# --- the rules ---------------------------------------------------------------

# Wrappers only one side writes, whose children are the content: pandoc's
# `div.sourceCode` around a highlighted code block (for its line-number
# styling), quire's `div.table` around a table (a scroll box for narrow
# screens), and pandoc's `label` around a task-list item's checkbox and
# text (a click target; quire puts the checkbox straight in the `li`).
UNWRAP = {("div", "sourceCode"), ("div", "table"), ("label", None)}

# Presentational elements dropped with their content: column widths
# (`colgroup`/`col`, from the dashes of a table's separator line).
DROP = {"colgroup", "col"}

# Classes pandoc writes that carry meaning rather than styling, kept even
# though the source does not spell them: a citation, small capitals, a
# line block. Every other class neither the source nor this list names is
# dropped (`uri`, `email`, `footnote-ref`, `task-list`, `sourceCode`,
# highlighting classes, quire's `parens`, `tok-*`, `align-*`…).
MEANINGFUL_CLASSES = {"citation", "smallcaps", "line-block"}

# Attributes that are part of the content whatever the source says. The
# rest (role, aria-*, tabindex, disabled on a task checkbox, loading…) is
# accessibility or behaviour markup each writer adds its own way, kept only
# when the source names the attribute itself (`{key=value}`, raw HTML).
MEANINGFUL_ATTRIBUTES = {
    "href", "src", "alt", "title", "start", "type", "reversed", "value",
    "colspan", "rowspan", "checked", "data-cites", "align", "display",
}

ALIGN_STYLE = re.compile(r"text-align:\s*(left|right|center)")


def normalise(root: Node, explicit: Explicit) -> Node:
    return _rewrite(root, explicit)[0]


def _rewrite(node: Node, explicit: Explicit) -> list:
    """The node as zero or more normalised nodes (unwrapping and dropping
    are a node turning into its children, or into nothing)."""
    classes = _classes(node)
    role = node.attrs.get("role", "")
    tag = node.tag

    # Footnotes. pandoc writes `a.footnote-ref > sup`, quire `sup > a`; both
    # become one `noteref` holding the number. The back links (↩︎ / ↩) are
    # navigation, not content. The notes' section (pandoc's has an `hr`
    # first) becomes one `footnotes` holding the list.
    if role == "doc-backlink":
        return []
    if role == "doc-noteref":
        return [Node("noteref", {}, [_text_content(node)])]
    if tag == "sup":
        elements = [c for c in node.children if isinstance(c, Node)]
        if len(elements) == 1 and elements[0].attrs.get("role") == "doc-noteref" \
                and not "".join(c for c in node.children if isinstance(c, str)).strip():
            return [Node("noteref", {}, [_text_content(elements[0])])]
    if role == "doc-endnotes" or (tag == "section" and "footnotes" in classes):
        kids = [k for c in node.children for k in _rewrite_child(c, explicit)
                if not (isinstance(k, Node) and k.tag == "hr")]
        return [Node("footnotes", {}, kids)]

    # Math: the MathML inside is each converter's own spelling of the same
    # formula (texmath's and another's differ in mrow nesting and spacing
    # elements), so a formula is compared as one leaf holding its TeX (the
    # `annotation` pandoc keeps) or, without one, its text.
    if tag == "math":
        annotation = _find(node, lambda n: n.tag == "annotation")
        tex = _text_content(annotation) if annotation is not None else _text_content(node)
        display = node.attrs.get("display", "inline")
        return [Node("math", {"display": display}, [" ".join(tex.split())])]

    # Code. Highlighting is each writer's own tokens (pandoc's `kw`, quire's
    # `tok-keyword`) and pandoc's per-line anchors are generated, so a code
    # element keeps only its text. A block's language, which pandoc writes
    # on `pre` and `code` and quire as `code.language-X`, is put on `pre`.
    if tag == "code":
        text = _text_content(node)
        langs = [c.removeprefix("language-") for c in classes]
        attrs = _attributes(Node("code", {**node.attrs, "class": " ".join(langs)}), explicit)
        return [Node("code", attrs, [text])]
    if tag == "pre":
        code = next((c for c in node.children if isinstance(c, Node) and c.tag == "code"), None)
        langs = classes + ([c.removeprefix("language-") for c in _classes(code)] if code else [])
        attrs = _attributes(Node("pre", {**node.attrs, "class": " ".join(dict.fromkeys(langs))}), explicit)
        # A block's text ends in at most one newline in either writer.
        text = _text_content(node).rstrip("\n")
        body = [Node("code", {}, [text])] if code is not None else [text]
        return [Node("pre", attrs, body)]

    if tag in DROP:
        return []
    # pandoc writes a highlighted block's `#id` on the `div.sourceCode`
    # around it, quire on its `pre`: the id goes to the `pre` it names.
    if tag == "div" and "sourceCode" in classes and "id" in node.attrs:
        for child in node.children:
            if isinstance(child, Node) and child.tag == "pre" and "id" not in child.attrs:
                child.attrs = {**child.attrs, "id": node.attrs["id"]}
    if (tag, None) in UNWRAP or any((tag, c) in UNWRAP for c in classes):
        return [k for c in node.children for k in _rewrite_child(c, explicit)]
    kids = [k for c in node.children for k in _rewrite_child(c, explicit)]
    attrs = _attributes(node, explicit)
    # A `span` left with no attributes (pandoc's `[text]{}`, or one whose
    # classes were all generated) neither shows nor means anything.
    if tag == "span" and not attrs:
        return kids
    # `type="1"` is an ordered list's default numbering (pandoc writes it
    # for an explicit `1.`/`1)` style, quire leaves it out).
    if tag == "ol" and attrs.get("type") == "1":
        del attrs["type"]
    # A table with no body rows: pandoc writes an empty `tbody`, quire none.
    if tag == "tbody" and not any(isinstance(k, Node) for k in kids):
        return []
    return [Node(tag, attrs, kids)]


def _rewrite_child(child, explicit: Explicit) -> list:
    if isinstance(child, str):
        return [child]
    return _rewrite(child, explicit)


def _attributes(node: Node, explicit: Explicit) -> dict:
    """Attributes reduced to the document's: see MEANINGFUL_ATTRIBUTES,
    MEANINGFUL_CLASSES and `Explicit`. An alignment is one `align` whether
    written as pandoc's `style="text-align: …"` or quire's `class="align-…"`.
    A link to a generated id is `href="#"`: where it points is generated,
    that it is an internal link is not."""
    out = {}
    for name, value in node.attrs.items():
        if name == "class":
            for c in value.split():
                if c.startswith("align-") and c[6:] in ("left", "right", "center"):
                    out["align"] = c[6:]
            kept = sorted({c for c in value.split() if c in explicit.classes or c in MEANINGFUL_CLASSES})
            if kept:
                out["class"] = " ".join(kept)
        elif name == "style":
            match = ALIGN_STYLE.search(value)
            if match:
                out["align"] = match.group(1)
            if "style" in explicit.attributes:
                out["style"] = value
        elif name == "id":
            if value in explicit.ids:
                out["id"] = value
        elif name == "href" and value.startswith("#"):
            out["href"] = value if value[1:] in explicit.ids else "#"
        elif name == "alt" and not value.strip():
            continue  # no alt text: pandoc leaves the attribute out, quire writes alt=""
        elif name in MEANINGFUL_ATTRIBUTES:
            out[name] = " ".join(value.split()) if name in ("alt", "title") else value
        elif name in explicit.attributes or name.removeprefix("data-") in explicit.attributes:
            out[name] = value
    return dict(sorted(out.items()))


# --- the two things compared ------------------------------------------------

# Elements that end a run of text: the text comparison puts a line break at
# each, so `<p>a</p><p>b</p>` reads "a / b" and a paragraph's trailing space
# does not count.
BLOCKS = {
    "p", "div", "section", "article", "aside", "header", "footer", "nav", "main",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure",
    "figcaption", "blockquote", "pre", "hr", "br", "footnotes", "details",
    "summary", "address", "fieldset", "legend", "center", "hgroup",
}
# Elements whose text a reader never sees.
INVISIBLE = {"script", "style", "template", "head", "title"}


def text_of(node: Node) -> str:
    """The visible text in reading order: white space collapsed to one
    space, a line break between blocks, code blocks verbatim. Math is its
    TeX (see `_rewrite`); an image counts as its alt text only in the
    structure (its `alt`), as pandoc and quire both repeat it in a caption."""
    parts = []
    _collect(node, parts)
    text = "".join(parts)
    lines = []
    for line in text.split("\n"):
        if line.startswith("\x00"):  # a verbatim code line
            lines.append(line[1:])
        else:
            line = re.sub(r" +", " ", line).strip()
            if line:
                lines.append(line)
    return "\n".join(lines)


def _collect(node, parts: list) -> None:
    if isinstance(node, str):
        # A no-break space looks like a space: pandoc puts one after
        # abbreviations (`Mr.`, `e.g.`) and for `\ `; it keeps a line from
        # breaking there but is not different text.
        parts.append(re.sub(r"[ \t\n\r\f\u00a0]+", " ", node))
        return
    if node.tag in INVISIBLE:
        return
    if node.tag == "pre":
        parts.append("\n")
        for line in _text_content(node).split("\n"):
            parts.append("\x00" + line.rstrip() + "\n")
        return
    block = node.tag in BLOCKS
    if block:
        parts.append("\n")
    for child in node.children:
        _collect(child, parts)
    if block:
        parts.append("\n")


def structure_of(node: Node) -> list:
    """The elements as indented lines, `tag key="value"…` with sorted
    attributes, and no text."""
    lines = []
    _outline(node, 0, lines)
    return lines


def _outline(node: Node, depth: int, lines: list) -> None:
    for child in node.children:
        if isinstance(child, Node):
            attrs = "".join(f' {k}="{v}"' for k, v in child.attrs.items())
            lines.append(f"{'  ' * depth}{child.tag}{attrs}")
            _outline(child, depth + 1, lines)


def from_pandoc(html: str, source: str) -> Node:
    return normalise(parse(html), explicit_in(source))


def from_quire(html: str, source: str) -> Node:
    return normalise(quire_body(parse(html)), explicit_in(source))
