//! After comrak: the tags `mark` took out put back as raw HTML blocks, the
//! paragraphs split at them, and `<div>` … `</div>` made divs.

use super::{tag, HtmlTags, ESCAPE, MARK};
use crate::doc::{walk_blocks_mut, Attr, Block, Inline, NodesMut};

/// The deepest HTML divs nest in one list of blocks; deeper ones stay raw
/// HTML (100,000 nested `<div>` lines would otherwise nest the tree, and
/// every walk of it, as deep). As the reader's `MAX_NESTING`.
const MAX_DIV_NESTING: usize = crate::read::MAX_NESTING;

/// Puts the tags back into the blocks (and their notes' blocks).
pub fn rebuild(blocks: &mut Vec<Block>, found: &HtmlTags, native_divs: bool) {
    if found.is_empty() {
        return;
    }
    let tags = &found.tags;
    walk_blocks_mut(blocks, &mut |nodes| match nodes {
        NodesMut::Blocks(blocks) => {
            if blocks.iter().any(|block| has_marker(block, tags.len())) {
                let taken = std::mem::take(blocks);
                *blocks = nest(pieces(taken, found), tags, native_divs);
            }
        }
        NodesMut::Inlines(inlines) => {
            if inlines
                .iter()
                .any(|i| matches!(i, Inline::Text { text } if text.contains([MARK, ESCAPE])))
            {
                *inlines = clean(std::mem::take(inlines), tags);
            }
        }
    });
}

/// A block, or a tag between blocks.
enum Piece {
    Tag(usize),
    Block(Block),
    /// Text right before a tag, with no blank line between (pandoc's
    /// `Plain`: no paragraph of its own in pandoc's HTML).
    Plain(Vec<Inline>),
}

fn has_marker(block: &Block, count: usize) -> bool {
    match block {
        Block::Raw { format, text } => format == "html" && comment_markers(text, count).is_some(),
        Block::Paragraph { content } => content
            .iter()
            .any(|i| matches!(i, Inline::Text { text } if next_marker(text, count).is_some())),
        _ => false,
    }
}

/// The tag indices of a line of comment markers (`<!--⟨3⟩--><!--⟨4⟩-->`).
fn comment_markers(text: &str, count: usize) -> Option<Vec<usize>> {
    let mut indices = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let inner = rest.strip_prefix("<!--")?;
        let end = inner.find("-->")?;
        let (start, stop, index) = next_marker(&inner[..end], count)?;
        if start != 0 || stop != end {
            return None;
        }
        indices.push(index);
        rest = inner[end + 3..].trim_start();
    }
    (!indices.is_empty()).then_some(indices)
}

/// The first marker in a text: where it starts and ends, and its tag.
fn next_marker(text: &str, count: usize) -> Option<(usize, usize, usize)> {
    let mut from = 0;
    while let Some(found) = text[from..].find(MARK) {
        let start = from + found;
        let digits_at = start + MARK.len_utf8();
        let digits = text[digits_at..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = digits_at + digits;
        if digits > 0 && text[end..].starts_with(MARK) {
            if let Some(index) = text[digits_at..end].parse().ok().filter(|&i| i < count) {
                return Some((start, end + MARK.len_utf8(), index));
            }
        }
        from = digits_at;
    }
    None
}

/// The blocks with their markers as tags, paragraphs cut where a tag was.
fn pieces(blocks: Vec<Block>, found: &HtmlTags) -> Vec<Piece> {
    let count = found.tags.len();
    let mut pieces = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Raw { format, text } if format == "html" => {
                match comment_markers(&text, count) {
                    Some(indices) => {
                        let under_text = found.after_text.get(indices[0]) == Some(&true);
                        if let (true, Some(Piece::Block(Block::Paragraph { .. }))) =
                            (under_text, pieces.last())
                        {
                            if let Some(Piece::Block(Block::Paragraph { content })) = pieces.pop() {
                                pieces.push(Piece::Plain(content));
                            }
                        }
                        pieces.extend(indices.into_iter().map(Piece::Tag));
                    }
                    None => pieces.push(Piece::Block(Block::Raw { format, text })),
                }
            }
            Block::Paragraph { content } => split_paragraph(content, count, &mut pieces),
            other => pieces.push(Piece::Block(other)),
        }
    }
    pieces
}

/// A paragraph cut at the markers among its inlines.
fn split_paragraph(content: Vec<Inline>, count: usize, pieces: &mut Vec<Piece>) {
    let mut current: Vec<Inline> = Vec::new();
    for inline in content {
        let Inline::Text { text } = inline else {
            current.push(inline);
            continue;
        };
        let mut rest = text.as_str();
        while let Some((start, end, index)) = next_marker(rest, count) {
            if start > 0 {
                current.push(Inline::text(&rest[..start]));
            }
            if let Some(content) = trimmed(std::mem::take(&mut current)) {
                pieces.push(Piece::Plain(content));
            }
            pieces.push(Piece::Tag(index));
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            current.push(Inline::text(rest));
        }
    }
    if let Some(content) = trimmed(current) {
        pieces.push(Piece::Block(Block::Paragraph { content }));
    }
}

/// The inlines without the spaces and breaks at their ends; none if that
/// leaves nothing.
fn trimmed(mut content: Vec<Inline>) -> Option<Vec<Inline>> {
    let blank = |i: &Inline| match i {
        Inline::SoftBreak | Inline::LineBreak => true,
        Inline::Text { text } => text.trim().is_empty(),
        _ => false,
    };
    while content.last().is_some_and(blank) {
        content.pop();
    }
    let leading = content.iter().take_while(|i| blank(i)).count();
    content.drain(..leading);
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end().to_owned();
    }
    (!content.is_empty()).then_some(content)
}

/// pandoc's `Plain` as the tree can hold it: text with no Markdown in it
/// stays the raw HTML it sits in (as written, escaped), so a table cell or
/// a `<summary>` gets no paragraph its author did not write; text with
/// emphasis, links, code… is a paragraph (given back).
fn plain_html(content: Vec<Inline>) -> Result<String, Vec<Inline>> {
    let text_only = content.iter().all(|inline| match inline {
        Inline::Text { .. } | Inline::SoftBreak => true,
        Inline::Raw { format, .. } => format == "html",
        _ => false,
    });
    if !text_only {
        return Err(content);
    }
    let mut html = String::new();
    for inline in &content {
        match inline {
            Inline::Text { text } => {
                for c in text.chars() {
                    match c {
                        '&' => html.push_str("&amp;"),
                        '<' => html.push_str("&lt;"),
                        '>' => html.push_str("&gt;"),
                        _ => html.push(c),
                    }
                }
            }
            Inline::SoftBreak => html.push('\n'),
            Inline::Raw { text, .. } => html.push_str(text),
            _ => {}
        }
    }
    Ok(html)
}

/// The blocks being rebuilt from the pieces of one list.
struct Nest {
    out: Vec<Block>,
    /// Each open div: its attributes and where its blocks start in `out`.
    open: Vec<(Attr, usize)>,
    /// Opening `<div>`s past the nesting limit, kept raw with their closers.
    raw_open: usize,
    /// Whether the last block is raw HTML of the tags, in the innermost
    /// open div: the next tag joins it (one block for `<table><tr><td>`,
    /// which the text writer shows as one, not a blank line each).
    joins: bool,
}

impl Nest {
    fn raw(&mut self, html: &str) {
        if let (true, Some(Block::Raw { text, .. })) = (self.joins, self.out.last_mut()) {
            text.push('\n');
            text.push_str(html);
            return;
        }
        self.out.push(Block::html(html.to_owned()));
        self.joins = true;
    }

    fn push(&mut self, block: Block) {
        self.out.push(block);
        self.joins = false;
    }

    fn close_div(&mut self) {
        if let Some((attr, start)) = self.open.pop() {
            let blocks = self.out.split_off(start);
            self.push(Block::Div { attr, blocks });
        }
    }
}

/// The pieces as blocks: `<div …>` to its `</div>` a div (one never
/// closed ends with the blocks, as pandoc closes it), every other tag raw
/// HTML.
fn nest(pieces: Vec<Piece>, tags: &[String], native_divs: bool) -> Vec<Block> {
    let mut nest = Nest {
        out: Vec::with_capacity(pieces.len()),
        open: Vec::new(),
        raw_open: 0,
        joins: false,
    };
    let native_div = |index: usize| {
        native_divs
            .then(|| tag::parse(&tags[index]))
            .flatten()
            .filter(|t| t.name == "div")
    };
    let mut pieces = pieces.into_iter().peekable();
    let mut after_tag = false;
    while let Some(piece) = pieces.next() {
        let index = match piece {
            Piece::Block(block) => {
                nest.push(block);
                after_tag = false;
                continue;
            }
            // Text between two tags; but right before a `</div>` it is a
            // paragraph of the div (as pandoc reads a div's last lines),
            // and text before a tag outside any is a paragraph still.
            Piece::Plain(content) => {
                let before_div_end = matches!(pieces.peek(),
                    Some(Piece::Tag(next)) if native_div(*next).is_some_and(|t| t.closing));
                let kept = match after_tag && !before_div_end {
                    true => plain_html(content),
                    false => Err(content),
                };
                match kept {
                    Ok(html) => nest.raw(&html),
                    Err(content) => nest.push(Block::Paragraph { content }),
                }
                after_tag = false;
                continue;
            }
            Piece::Tag(index) => index,
        };
        after_tag = true;
        let written = &tags[index];
        match native_div(index) {
            Some(t) if !t.closing && !t.empty && nest.open.len() < MAX_DIV_NESTING => {
                nest.open.push((div_attr(written), nest.out.len()));
                nest.joins = false;
            }
            Some(t) if !t.closing && !t.empty => {
                nest.raw_open += 1;
                nest.raw(written);
            }
            Some(t) if t.closing && nest.raw_open > 0 => {
                nest.raw_open -= 1;
                nest.raw(written);
            }
            Some(t) if t.closing && !nest.open.is_empty() => nest.close_div(),
            _ => nest.raw(written),
        }
    }
    while !nest.open.is_empty() {
        nest.close_div();
    }
    nest.out
}

/// A `<div>`'s attributes as a div's: `id`, `class`, and the rest as pairs.
fn div_attr(written: &str) -> Attr {
    let attributes = tag::attributes(written);
    Attr::default().with_pairs(attributes.iter().map(|(k, v)| (k.as_str(), v.as_str())))
}

/// Inlines with no marker left: one comrak put where no paragraph is cut
/// (a heading's text, emphasis around a tag) is the tag's raw HTML, and
/// escapes are dropped.
fn clean(inlines: Vec<Inline>, tags: &[String]) -> Vec<Inline> {
    let mut out = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let Inline::Text { text } = inline else {
            out.push(inline);
            continue;
        };
        let text = text.replace(ESCAPE, "");
        let mut rest = text.as_str();
        while let Some((start, end, index)) = next_marker(rest, tags.len()) {
            if start > 0 {
                out.push(Inline::text(&rest[..start]));
            }
            out.push(Inline::html(tags[index].clone()));
            rest = &rest[end..];
        }
        if !rest.is_empty() {
            out.push(Inline::text(rest));
        }
    }
    out
}
