//! Spans as pandoc's HTML writer sets them: the classes that name an HTML
//! element become that element.

use super::{attributes, Renderer};
use crate::doc::{Attr, Inline};
use std::fmt::Write;

/// A span class pandoc's HTML writer sets as an element of its own, and
/// the tag it opens (`smallcaps` keeps a span, with its class).
fn element_of(class: &str) -> Option<(&'static str, &'static str)> {
    match class {
        "kbd" => Some(("kbd", "<kbd")),
        "mark" => Some(("mark", "<mark")),
        "dfn" => Some(("dfn", "<dfn")),
        "underline" => Some(("u", "<u")),
        "smallcaps" => Some(("span", "<span class=\"smallcaps\"")),
        _ => None,
    }
}

impl Renderer<'_> {
    /// `[x]{.kbd}` is `<kbd>x</kbd>`: from the first class that names an
    /// element, each such class opens one, nested in their order, and the
    /// outermost carries the id, the other classes after it and the pairs.
    /// The classes before it are left off, as pandoc leaves them
    /// (its test `nested-spanlike` asserts so).
    pub(super) fn span(&mut self, attr: &Attr, content: &[Inline]) {
        let Some(first) = attr.classes.iter().position(|c| element_of(c).is_some()) else {
            let _ = write!(self.out, "<span{}>", attributes(attr));
            self.inlines(content);
            self.out.push_str("</span>");
            return;
        };
        let mut elements = Vec::new();
        let mut rest = Attr {
            id: attr.id.clone(),
            classes: Vec::new(),
            pairs: attr.pairs.clone(),
        };
        for class in &attr.classes[first..] {
            match element_of(class) {
                Some(element) => elements.push(element),
                None => rest.classes.push(class.clone()),
            }
        }
        for (depth, (_, open)) in elements.iter().enumerate() {
            self.out.push_str(open);
            if depth == 0 {
                if open.ends_with('"') && !rest.classes.is_empty() {
                    // `smallcaps` outermost: one class attribute for both.
                    self.out.pop();
                    let _ = write!(self.out, " {}\"", super::escape(&rest.classes.join(" ")));
                    rest.classes.clear();
                }
                self.out.push_str(&attributes(&rest));
            }
            self.out.push('>');
        }
        self.inlines(content);
        for (tag, _) in elements.iter().rev() {
            let _ = write!(self.out, "</{tag}>");
        }
    }
}
