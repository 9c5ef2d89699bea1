//! tree → plain text: wrapped at the layout's width, headings underlined,
//! lists indented, tables as aligned columns, links as numbered references
//! listed at the end.

use crate::doc::{plain_text, Block, Document, Inline, Row};
use crate::error::Result;
use crate::layout::Layout;
use crate::write::context::TemplateContext;
use crate::write::WriteOptions;
use unicode_width::UnicodeWidthStr;

/// The whole text file, through the layout's `text.txt`.
pub fn write(doc: &Document, layout: &Layout, options: &WriteOptions) -> Result<String> {
    let body = body(doc, layout.style.text_width.max(20));
    let context = TemplateContext::new(doc, layout, options, body).full();
    let mut text = layout.render("text.txt", &context)?;
    // One final newline, whatever the template left.
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    text.push('\n');
    Ok(text)
}

/// The body as wrapped text, then the footnotes and the link references.
pub fn body(doc: &Document, width: usize) -> String {
    let mut writer = TextWriter { links: Vec::new() };
    let mut lines = writer.blocks(&doc.blocks, width);
    if !doc.notes.is_empty() {
        push_separated(&mut lines, vec!["Notes".to_owned(), "-----".to_owned()]);
        for (index, note) in doc.notes.iter().enumerate() {
            let marker = format!("[^{}] ", index + 1);
            let note_lines =
                writer.blocks(&note.blocks, width.saturating_sub(marker.len()).max(10));
            push_separated(&mut lines, hang(&marker, note_lines));
        }
    }
    if !writer.links.is_empty() {
        let references: Vec<String> = writer
            .links
            .iter()
            .enumerate()
            .map(|(i, url)| format!("[{}] {url}", i + 1))
            .collect();
        push_separated(&mut lines, references);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

struct TextWriter {
    /// Link targets in order of first appearance; `[n]` is `links[n - 1]`.
    links: Vec<String>,
}

impl TextWriter {
    fn blocks(&mut self, blocks: &[Block], width: usize) -> Vec<String> {
        let mut lines = Vec::new();
        for block in blocks {
            let block_lines = self.block(block, width);
            if !block_lines.is_empty() {
                push_separated(&mut lines, block_lines);
            }
        }
        lines
    }

    fn block(&mut self, block: &Block, width: usize) -> Vec<String> {
        match block {
            Block::Paragraph { content } | Block::Figure { content } => {
                wrap(&self.inlines(content), width)
            }
            Block::Heading { level, content, .. } => {
                let text = self.inlines(content).replace('\n', " ");
                let mut lines = wrap(&text, width);
                match level {
                    1 | 2 => {
                        let rule_width = lines.iter().map(|l| l.width()).max().unwrap_or(0);
                        let ch = if *level == 1 { "=" } else { "-" };
                        lines.push(ch.repeat(rule_width));
                    }
                    _ => {
                        let marks = "#".repeat(*level as usize);
                        lines = wrap(&format!("{marks} {text}"), width);
                    }
                }
                lines
            }
            Block::List {
                start,
                style,
                delimiter,
                tight,
                items,
            } => {
                let labels: Vec<String> = (0..items.len() as u64)
                    .map(|i| match start {
                        None => "-".to_owned(),
                        Some(s) => delimiter.label(&style.number(s + i)),
                    })
                    .collect();
                let label_width = labels.iter().map(|l| l.width()).max().unwrap_or(0);
                let mut lines = Vec::new();
                for (item, label) in items.iter().zip(&labels) {
                    let mut marker = format!("{label:>label_width$} ");
                    if let Some(done) = item.task {
                        marker.push_str(if done { "[x] " } else { "[ ] " });
                    }
                    let inner =
                        self.blocks(&item.blocks, width.saturating_sub(marker.width()).max(10));
                    let item_lines = hang(&marker, inner);
                    if *tight {
                        lines.extend(item_lines);
                    } else {
                        push_separated(&mut lines, item_lines);
                    }
                }
                lines
            }
            Block::Quote { blocks } => self
                .blocks(blocks, width.saturating_sub(2).max(10))
                .into_iter()
                .map(|line| {
                    if line.is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {line}")
                    }
                })
                .collect(),
            Block::Code { text, .. } => text
                .trim_end_matches('\n')
                .lines()
                .map(|line| {
                    if line.is_empty() {
                        String::new()
                    } else {
                        format!("    {line}")
                    }
                })
                .collect(),
            Block::Rule => vec![format!("{:^width$}", "* * *").trim_end().to_owned()],
            Block::Table {
                caption,
                head,
                body,
                foot,
                ..
            } => {
                let mut lines = self.table(head, body.iter().chain(foot), width);
                if !caption.is_empty() {
                    lines.push(String::new());
                    lines.extend(wrap(&self.inlines(caption), width));
                }
                lines
            }
            Block::Raw { format, text } if format == "html" => wrap(&strip_tags(text), width),
            Block::Raw { .. } => Vec::new(),
            Block::Div { blocks, .. } => self.blocks(blocks, width),
            // A form feed: printers and pagers start a new page there.
            Block::PageBreak => vec!["\u{c}".to_owned()],
            Block::LineBlock { lines } => lines
                .iter()
                .flat_map(|line| {
                    let text = self.inlines(line);
                    let wrapped = wrap(&text, width);
                    if wrapped.is_empty() {
                        vec![String::new()]
                    } else {
                        wrapped
                    }
                })
                .collect(),
            Block::DefinitionList { items } => {
                let mut lines = Vec::new();
                for item in items {
                    let mut item_lines = wrap(&self.inlines(&item.term).replace('\n', " "), width);
                    for definition in &item.definitions {
                        let inner = self.blocks(definition, width.saturating_sub(4).max(10));
                        item_lines.extend(hang("    ", inner));
                    }
                    push_separated(&mut lines, item_lines);
                }
                lines
            }
        }
    }

    fn table<'a>(
        &mut self,
        head: &[Row],
        rows: impl Iterator<Item = &'a Row>,
        width: usize,
    ) -> Vec<String> {
        let mut cells_text = |row: &Row| -> Vec<String> {
            row.iter()
                .map(|c| self.inlines(&c.inlines()).replace('\n', " "))
                .collect()
        };
        let heads: Vec<Vec<String>> = head.iter().map(&mut cells_text).collect();
        let rows: Vec<Vec<String>> = rows.map(&mut cells_text).collect();
        let columns = heads.iter().chain(&rows).map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return Vec::new();
        }
        const GAP: usize = 2;
        let mut widths = vec![1usize; columns];
        for row in heads.iter().chain(rows.iter()) {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
            }
        }
        // Too wide for the page: narrow the widest column until it fits
        // (cells then wrap), but never below a readable minimum.
        let available = width.saturating_sub(GAP * (columns - 1));
        while widths.iter().sum::<usize>() > available {
            let (widest, &w) = widths
                .iter()
                .enumerate()
                .max_by_key(|(_, w)| **w)
                .unwrap_or((0, &0));
            if w <= 8 {
                break;
            }
            widths[widest] = w - 1;
        }
        let mut lines = Vec::new();
        let render_row = |cells: &[String], lines: &mut Vec<String>| {
            let wrapped: Vec<Vec<String>> = (0..columns)
                .map(|i| wrap(cells.get(i).map_or("", String::as_str), widths[i]))
                .collect();
            let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for line_index in 0..height {
                let mut line = String::new();
                for (i, cell) in wrapped.iter().enumerate() {
                    let text = cell.get(line_index).map_or("", String::as_str);
                    line.push_str(text);
                    if i + 1 < columns {
                        let pad = widths[i].saturating_sub(text.width()) + GAP;
                        line.push_str(&" ".repeat(pad));
                    }
                }
                lines.push(line.trim_end().to_owned());
            }
        };
        if heads.iter().flatten().any(|h| !h.trim().is_empty()) {
            for head in &heads {
                render_row(head, &mut lines);
            }
            let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
            lines.push(rule.join(&" ".repeat(GAP)));
        }
        for row in &rows {
            render_row(row, &mut lines);
        }
        lines
    }

    /// Inlines as one string: soft breaks are spaces, hard breaks newlines,
    /// links get their `[n]`.
    fn inlines(&mut self, inlines: &[Inline]) -> String {
        let mut out = String::new();
        // A display formula has its line: the space after it goes.
        let mut after_display = false;
        for inline in inlines {
            if std::mem::take(&mut after_display) {
                match inline {
                    Inline::SoftBreak => continue,
                    Inline::Text { text } => {
                        out.push_str(text.trim_start());
                        continue;
                    }
                    _ => {}
                }
            }
            match inline {
                Inline::Text { text } | Inline::Code { text, .. } => out.push_str(text),
                // As pandoc's plain writer gives it: Unicode where that is
                // exact (`x²`), else the TeX between dollars; a display
                // formula on a line of its own.
                Inline::Math { display, tex, .. } => {
                    let fence = if *display { "$$" } else { "$" };
                    let set = crate::write::math::unicode(tex)
                        .unwrap_or_else(|| format!("{fence}{tex}{fence}"));
                    if *display {
                        out.truncate(out.trim_end_matches(' ').len());
                        if !out.is_empty() && !out.ends_with('\n') {
                            out.push('\n');
                        }
                        out.push_str(&set);
                        out.push('\n');
                        after_display = true;
                    } else {
                        out.push_str(&set);
                    }
                }
                // Styles have no plain-text form: their words, as pandoc's plain writer.
                Inline::Emph { content }
                | Inline::Strong { content }
                | Inline::Strike { content }
                | Inline::Underline { content }
                | Inline::SmallCaps { content }
                | Inline::Mark { content }
                | Inline::Superscript { content }
                | Inline::Subscript { content }
                | Inline::Cite { content, .. }
                | Inline::Span { content, .. } => {
                    let inner = self.inlines(content);
                    out.push_str(&inner);
                }
                Inline::Link { url, content, .. } => {
                    let text = self.inlines(content);
                    out.push_str(&text);
                    let shown_already =
                        text == *url || url.strip_prefix("mailto:") == Some(text.as_str());
                    if !url.starts_with('#') && !shown_already && !url.is_empty() {
                        let n = self.reference(url);
                        out.push_str(&format!("\u{a0}[{n}]"));
                    }
                }
                Inline::Image { url, alt, .. } => {
                    let alt = plain_text(alt);
                    let n = self.reference(url);
                    let label = if alt.is_empty() {
                        "image".to_owned()
                    } else {
                        format!("image: {alt}")
                    };
                    out.push_str(&format!("[{label}]\u{a0}[{n}]"));
                }
                Inline::NoteRef { index } => out.push_str(&format!("[^{}]", index + 1)),
                Inline::SoftBreak => out.push(' '),
                Inline::LineBreak => out.push('\n'),
                Inline::Raw { format, text } if format == "html" => out.push_str(&strip_tags(text)),
                Inline::Raw { .. } => {}
            }
        }
        if after_display {
            out.pop();
        }
        out
    }

    fn reference(&mut self, url: &str) -> usize {
        match self.links.iter().position(|u| u == url) {
            Some(i) => i + 1,
            None => {
                self.links.push(url.to_owned());
                self.links.len()
            }
        }
    }
}

/// Appends `more` after a blank line (no blank line at the very start).
fn push_separated(lines: &mut Vec<String>, more: Vec<String>) {
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(more);
}

/// Puts `marker` before the first line and indents the rest under it.
fn hang(marker: &str, lines: Vec<String>) -> Vec<String> {
    let indent = " ".repeat(marker.width());
    if lines.is_empty() {
        return vec![marker.trim_end().to_owned()];
    }
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| match (i, line.is_empty()) {
            (0, _) => format!("{marker}{line}"),
            (_, true) => line,
            _ => format!("{indent}{line}"),
        })
        .collect()
}

/// Greedy word wrap to `width` columns. A word longer than the width (a
/// URL) gets a line of its own rather than being cut. `\n` forces a break;
/// no-break spaces keep a link's `[n]` with its last word.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for hard_line in text.split('\n') {
        // A space ends every sequence unicode-width measures as a whole
        // (emoji, ligatures), so a line is as wide as its words and spaces
        // summed; measuring the whole line again for each word was half
        // of a text build's writer.
        let (mut line, mut line_width) = (String::new(), 0);
        for word in hard_line.split(' ').filter(|w| !w.is_empty()) {
            let word_width = word.width();
            if !line.is_empty() && line_width + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if !line.is_empty() {
                line.push(' ');
                line_width += 1;
            }
            line.push_str(word);
            line_width += word_width;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(String::is_empty) && lines.len() > 1 {
        lines.pop();
    }
    lines
        .into_iter()
        .map(|l| l.replace('\u{a0}', " "))
        .collect()
}

/// Raw HTML as text: tags and comments removed, entities of the common kind decoded.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = if after.starts_with("<!--") {
            after.find("-->").map(|i| i + 3)
        } else {
            after.find('>').map(|i| i + 1)
        };
        match end {
            Some(end) => rest = &after[end..],
            None => {
                out.push_str(after);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // A no-break space wraps like any other in the plain text.
    let text = crate::write::html::unescape(&out).replace('\u{a0}', " ");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The running width gives the lines that measuring each candidate
    /// line whole gives, for the text unicode-width measures by sequence.
    #[test]
    fn wrap_sums_widths_as_the_whole_line_measures_them() {
        fn measured_whole(text: &str, width: usize) -> Vec<String> {
            let mut lines = Vec::new();
            let mut line = String::new();
            for word in text.split(' ').filter(|w| !w.is_empty()) {
                if !line.is_empty() && line.width() + 1 + word.width() > width {
                    lines.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
            }
            lines.push(line);
            lines
        }
        let text = "👩\u{200D}💻 codes ❤\u{FE0F} and ❤\u{FE0E} \u{FE0F}x 日本語の文 لا لآ                     e\u{301}te\u{301} \r ok ꓹꓼ ⵏ⵿ⴾ \u{2018}\u{FE01} <\u{338} 👍\u{1F3FD} end";
        for width in 1..40 {
            assert_eq!(
                wrap(text, width),
                measured_whole(text, width),
                "width {width}"
            );
        }
    }

    #[test]
    fn wrap_never_exceeds_width_except_for_long_words() {
        let text = "The Python Software Foundation is the organization behind the open source Python programming language.";
        for line in wrap(text, 30) {
            assert!(line.width() <= 30, "{line:?}");
        }
        let long = wrap(
            "see https://example.org/a/very/long/path/that/cannot/break ok",
            20,
        );
        assert_eq!(
            long[1],
            "https://example.org/a/very/long/path/that/cannot/break"
        );
    }

    #[test]
    fn links_become_numbered_references_once_per_url() {
        let doc = Document {
            blocks: crate::read::read(
                "[a](https://x.org) [b](https://y.org) [c](https://x.org) <https://z.org>\n",
                0,
                crate::read::Dialect::markdown(),
            )
            .blocks,
            ..Document::default()
        };
        let text = body(&doc, 72);
        assert!(
            text.starts_with("a [1] b [2] c [1] https://z.org\n"),
            "{text}"
        );
        assert!(
            text.ends_with("[1] https://x.org\n[2] https://y.org\n"),
            "{text}"
        );
    }

    #[test]
    fn strip_tags_keeps_text() {
        assert_eq!(
            strip_tags("<p>Hi <b>there</b> &amp; you<!-- x --></p>"),
            "Hi there & you"
        );
    }
}
