//! What comes before the body: the title block and a table of contents.

use super::body::{Ctx, Writer};
use super::props::ParaProps;
use super::xml::escape;
use crate::doc::Inline;
use std::fmt::Write;

impl Writer<'_> {
    /// Title, subtitle, authors and date, as pandoc sets them.
    pub fn title_block(&mut self) {
        let meta = &self.doc.meta;
        let mut lines: Vec<(&str, String)> = Vec::new();
        if let Some(title) = meta.title.as_deref().filter(|t| !t.trim().is_empty()) {
            lines.push(("Title", title.to_owned()));
        }
        if let Some(subtitle) = meta.subtitle.as_deref().filter(|t| !t.trim().is_empty()) {
            lines.push(("Subtitle", subtitle.to_owned()));
        }
        for author in &meta.authors {
            lines.push(("Author", author.clone()));
        }
        if let Some(date) = meta.date.as_deref().filter(|t| !t.trim().is_empty()) {
            lines.push(("Date", date.to_owned()));
        }
        for (style, text) in lines {
            let props = ParaProps {
                style: Some(style.to_owned()),
                ..ParaProps::default()
            };
            self.paragraph(props, &[Inline::text(text)], &Ctx::default());
        }
        self.after_heading = true;
    }

    /// A table of contents filled in (LibreOffice does not update fields),
    /// inside a TOC field Word can refresh.
    pub fn contents(&mut self) {
        let depth = self.layout.style.toc_depth.clamp(1, 3);
        let entries: Vec<_> = crate::doc::toc(self.doc)
            .into_iter()
            .filter(|e| e.level <= depth && !e.text.trim().is_empty())
            .collect();
        if entries.is_empty() {
            return;
        }
        self.out.push_str(
            "<w:p><w:pPr><w:pStyle w:val=\"TOCHeading\"/></w:pPr><w:r><w:t>Contents</w:t></w:r></w:p>",
        );
        let last = entries.len() - 1;
        for (i, entry) in entries.iter().enumerate() {
            let anchor = self.anchor(&entry.id);
            let _ = write!(
                self.out,
                "<w:p><w:pPr><w:pStyle w:val=\"TOC{}\"/></w:pPr>",
                entry.level
            );
            if i == 0 {
                let _ = write!(
                    self.out,
                    "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-{depth}\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                );
            }
            let _ = write!(
                self.out,
                "<w:hyperlink w:anchor=\"{anchor}\"><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:hyperlink>",
                escape(&entry.text)
            );
            if i == last {
                self.out
                    .push_str("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
            }
            self.out.push_str("</w:p>");
        }
    }
}
