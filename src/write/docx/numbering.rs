//! `numbering.xml`: every list of the source is a Word list of its own
//! (an abstract definition and an instance), so each numbers from the
//! start the source gives and restarts where the source starts a new list,
//! with its own number format (decimal, lettered, roman; `1.`, `1)`,
//! `(1)`) at its depth, and bullets for bullet lists.

use super::xml::{escape, DECLARATION, W};
use crate::doc::{Delim, ListStyle};
use std::fmt::Write;

/// Word's list levels: 0 to 8.
pub const MAX_LEVEL: usize = 8;
/// Each level's indent and the room its number hangs in, in twips
/// (a quarter inch, as Word's own lists step).
const STEP: i64 = 360;
const HANG: i64 = 360;
/// A bullet for each depth, as the PDF and HTML draw them.
const BULLETS: [&str; 3] = ["\u{2022}", "\u{25E6}", "\u{25AA}"];

/// How one list numbers its items.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Bullet,
    Ordered {
        start: u64,
        style: ListStyle,
        delimiter: Delim,
    },
}

#[derive(Debug, Clone, Default)]
pub struct Numbering {
    /// One per list, in the order met: (depth, kind).
    lists: Vec<(usize, Kind)>,
}

impl Numbering {
    /// A new list at `depth`; its `numId`.
    pub fn add(&mut self, depth: usize, kind: Kind) -> u32 {
        self.lists.push((depth.min(MAX_LEVEL), kind));
        self.lists.len() as u32
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }

    /// A list item's left indent at `depth` (continuation paragraphs align
    /// with the item's text).
    pub fn indent(depth: usize) -> (i64, i64) {
        (STEP * (depth.min(MAX_LEVEL) as i64 + 1) + HANG / 2, HANG)
    }

    pub fn xml(&self) -> String {
        let mut out = format!("{DECLARATION}<w:numbering xmlns:w=\"{W}\">");
        for (i, (depth, kind)) in self.lists.iter().enumerate() {
            let _ = write!(
                out,
                "<w:abstractNum w:abstractNumId=\"{i}\"><w:multiLevelType w:val=\"multilevel\"/>"
            );
            for level in 0..=MAX_LEVEL {
                // The list's own format at its depth; the other levels are
                // there because Word wants all nine, never used.
                let kind = if level == *depth { *kind } else { Kind::Bullet };
                level_xml(&mut out, level, kind);
            }
            out.push_str("</w:abstractNum>");
        }
        for i in 0..self.lists.len() {
            let _ = write!(
                out,
                "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"{i}\"/></w:num>",
                i + 1
            );
        }
        out.push_str("</w:numbering>");
        out
    }
}

fn level_xml(out: &mut String, level: usize, kind: Kind) {
    let (left, hanging) = Numbering::indent(level);
    let (start, format, text) = match kind {
        Kind::Bullet => (1, "bullet", BULLETS[level % BULLETS.len()].to_owned()),
        Kind::Ordered {
            start,
            style,
            delimiter,
        } => {
            let format = match style {
                ListStyle::Decimal => "decimal",
                ListStyle::LowerAlpha => "lowerLetter",
                ListStyle::UpperAlpha => "upperLetter",
                ListStyle::LowerRoman => "lowerRoman",
                ListStyle::UpperRoman => "upperRoman",
            };
            (start, format, delimiter.label(&format!("%{}", level + 1)))
        }
    };
    let _ = write!(
        out,
        "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"{start}\"/><w:numFmt w:val=\"{format}\"/>\
         <w:lvlText w:val=\"{}\"/><w:lvlJc w:val=\"left\"/>\
         <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"{hanging}\"/></w:pPr></w:lvl>",
        escape(&text)
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_list_is_its_own_instance_with_its_start_and_format() {
        let mut numbering = Numbering::default();
        assert_eq!(
            numbering.add(
                0,
                Kind::Ordered {
                    start: 1,
                    style: ListStyle::Decimal,
                    delimiter: Delim::Period
                }
            ),
            1
        );
        numbering.add(
            1,
            Kind::Ordered {
                start: 3,
                style: ListStyle::LowerAlpha,
                delimiter: Delim::TwoParens,
            },
        );
        let xml = numbering.xml();
        assert!(xml.contains("<w:lvl w:ilvl=\"1\"><w:start w:val=\"3\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/>"), "{xml}");
        assert!(xml.contains("<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"));
    }
}
