//! A div that opens with a heading is that heading's section, as pandoc's
//! `makeSections` makes it and its HTML writer sets it (`<section>`).

use super::{div_attributes, Renderer};
use crate::doc::{Attr, Block};

/// The attributes of the `<section>` a div is, when it is one: its first
/// block is a heading, every other heading at its top level is deeper, it
/// is no slide column or fragment, and its id (if any) is the heading's. The section
/// takes the heading's id, and the div's classes (but pandoc's marker
/// `section`) and pairs.
fn section_attr(attr: &Attr, blocks: &[Block]) -> Option<Attr> {
    let Some(Block::Heading {
        level,
        attr: heading,
        ..
    }) = blocks.first()
    else {
        return None;
    };
    let deeper = blocks[1..]
        .iter()
        .all(|block| !matches!(block, Block::Heading { level: inner, .. } if inner <= level));
    // Slide columns and fragments stay divs, as in pandoc.
    let column = ["column", "columns", "fragment"]
        .iter()
        .any(|class| attr.has_class(class));
    let same_id = attr.id.is_empty() || heading.id.is_empty() || attr.id == heading.id;
    if !deeper || column || !same_id {
        return None;
    }
    let mut section = attr.clone();
    if section.id.is_empty() {
        section.id = heading.id.clone();
    }
    section.classes.retain(|class| class != "section");
    Some(section)
}

impl Renderer<'_> {
    /// A fenced div: a `<section>` when it is one (`section_attr`), the
    /// heading's id then on the section only; otherwise a `<div>`.
    pub(super) fn div(&mut self, attr: &Attr, blocks: &[Block]) {
        self.cr();
        let section = self
            .options
            .decorate
            .then(|| section_attr(attr, blocks))
            .flatten();
        match (section, blocks) {
            (Some(section), [first, rest @ ..]) => {
                self.out.push_str("<section");
                self.out.push_str(&div_attributes(&section));
                self.out.push_str(">\n");
                let mut heading = first.clone();
                if let Block::Heading { attr, .. } = &mut heading {
                    attr.id.clear();
                }
                self.block(&heading, false);
                self.blocks(rest, false);
                self.cr();
                self.out.push_str("</section>\n");
            }
            _ => {
                self.out.push_str("<div");
                self.out.push_str(&div_attributes(attr));
                self.out.push_str(">\n");
                self.blocks(blocks, false);
                self.cr();
                self.out.push_str("</div>\n");
            }
        }
    }
}
