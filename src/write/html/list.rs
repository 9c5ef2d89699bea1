//! Lists: bullet and ordered, and task items with their checkboxes.

use super::Renderer;
use crate::doc::{Delim, Item, ListStyle};
use std::fmt::Write;

impl Renderer<'_> {
    pub(super) fn list(
        &mut self,
        start: Option<u64>,
        style: ListStyle,
        delimiter: Delim,
        tight: bool,
        items: &[Item],
    ) {
        self.cr();
        let tag = match start {
            None => "ul",
            Some(n) => {
                self.out.push_str("<ol");
                if n != 1 {
                    let _ = write!(self.out, " start=\"{n}\"");
                }
                if style != ListStyle::Decimal {
                    let _ = write!(self.out, " type=\"{}\"", list_type(style));
                }
                // The delimiter has no HTML attribute; style.css
                // draws `(a)` and `a)` from the class.
                match delimiter {
                    _ if !self.options.decorate => {}
                    Delim::Period => {}
                    Delim::OneParen => self.out.push_str(" class=\"paren\""),
                    Delim::TwoParens => self.out.push_str(" class=\"parens\""),
                }
                self.out.push_str(">\n");
                "ol"
            }
        };
        if tag == "ul" {
            self.out.push_str("<ul>\n");
        }
        for item in items {
            self.cr();
            self.out.push_str("<li>");
            if let Some(done) = item.task {
                // A box with no label is unnamed to a screen reader
                // (DAISY Ace: critical); cmark-gfm's own has none.
                let label = match (self.options.decorate, done) {
                    (false, _) => "",
                    (true, true) => " aria-label=\"done\"",
                    (true, false) => " aria-label=\"not done\"",
                };
                let checked = if done { " checked=\"\"" } else { "" };
                let _ = write!(
                    self.out,
                    "<input type=\"checkbox\"{checked} disabled=\"\"{label} /> "
                );
            }
            let blocks_at = self.out.len();
            self.blocks(&item.blocks, tight);
            if item.task.is_some() {
                box_into_paragraph(&mut self.out, blocks_at);
            }
            self.out.push_str("</li>\n");
        }
        let _ = writeln!(self.out, "</{tag}>");
    }
}

/// The `type` of an `<ol>` in a style.
pub fn list_type(style: ListStyle) -> &'static str {
    match style {
        ListStyle::Decimal => "1",
        ListStyle::LowerAlpha => "a",
        ListStyle::UpperAlpha => "A",
        ListStyle::LowerRoman => "i",
        ListStyle::UpperRoman => "I",
    }
}

/// A task item's checkbox, written just before `blocks_at`, moved into the
/// paragraph that starts there (a loose item): it is the paragraph's first
/// word, as pandoc writes it, not a line of its own before it.
fn box_into_paragraph(out: &mut String, blocks_at: usize) {
    let Some(input_at) = out[..blocks_at].rfind("<input ") else {
        return;
    };
    let blocks = &out[blocks_at..];
    let opened = blocks.trim_start_matches('\n');
    if !opened.starts_with("<p>") && !opened.starts_with("<p ") {
        return;
    }
    let Some(end) = opened.find('>') else {
        return;
    };
    let inside = out.len() - opened.len() + end + 1;
    let input = out[input_at..blocks_at].to_owned();
    out.insert_str(inside, &input);
    out.replace_range(input_at..blocks_at, "");
}

#[cfg(test)]
mod tests {
    use super::box_into_paragraph;

    #[test]
    fn a_loose_task_items_box_goes_into_its_paragraph() {
        let mut out = String::from("<li><input type=\"checkbox\" /> ");
        let at = out.len();
        out.push_str("\n<p>foo</p>\n<p>baz</p>\n");
        box_into_paragraph(&mut out, at);
        assert_eq!(
            out,
            "<li>\n<p><input type=\"checkbox\" /> foo</p>\n<p>baz</p>\n"
        );
    }
}
