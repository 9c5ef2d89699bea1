//! Quotation marks in the document's language: the reader's smart
//! punctuation makes English “double quotes”; French and Spanish set
//! «guillemets», German „these“, Polish „these”. A span's `lang=` (`[…]{lang=de}`) sets its
//! own. Single quotes are left as they are: `’` is also the apostrophe.

use crate::doc::{walk_mut, Block, Document, Inline, NodesMut};

/// The opening and closing double quotes of a language (BCP 47), where
/// they are not English's.
fn double_quotes(lang: &str) -> Option<(char, char)> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    match primary.to_ascii_lowercase().as_str() {
        "fr" | "es" | "ca" | "it" | "pt" | "ru" | "uk" | "el" => Some(('«', '»')),
        "de" | "cs" | "sk" | "da" => Some(('„', '“')),
        // Polish and Hungarian close low-high: „…”.
        "pl" | "hu" => Some(('„', '”')),
        _ => None,
    }
}

/// Sets every double quote of the document in its language's marks.
pub fn localise(doc: &mut Document) {
    let lang = doc.meta.lang.clone().unwrap_or_default();
    walk_mut(doc, &mut |nodes| {
        let NodesMut::Blocks(blocks) = nodes else {
            return;
        };
        for block in blocks.iter_mut() {
            match block {
                Block::Heading { content, .. }
                | Block::Paragraph { content }
                | Block::Figure { content } => inlines(content, &lang),
                Block::LineBlock { lines } => lines.iter_mut().for_each(|l| inlines(l, &lang)),
                Block::DefinitionList { items } => {
                    items.iter_mut().for_each(|i| inlines(&mut i.term, &lang))
                }
                // Cells are blocks of their own, walked into.
                Block::Table { caption, .. } => inlines(caption, &lang),
                _ => {}
            }
        }
    });
}

fn inlines(list: &mut [Inline], lang: &str) {
    for inline in list {
        match inline {
            Inline::Text { text } => {
                if let Some((open, close)) = double_quotes(lang) {
                    *text = text
                        .replace('“', &open.to_string())
                        .replace('”', &close.to_string());
                }
            }
            Inline::Span { attr, content } => {
                let own = attr.pairs.iter().find(|(key, _)| key == "lang");
                inlines(content, own.map_or(lang, |(_, value)| value.as_str()));
            }
            other => {
                if let Some(children) = other.children_mut() {
                    inlines(children, lang);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(lang: &str, text: &str) -> String {
        let mut list = vec![Inline::text(text)];
        inlines(&mut list, lang);
        crate::doc::plain_text(&list)
    }

    #[test]
    fn quotes_follow_the_language() {
        assert_eq!(said("en", "“Python” isn’t"), "“Python” isn’t");
        assert_eq!(said("fr", "“Python” isn’t"), "«Python» isn’t");
        assert_eq!(said("es-MX", "“hola”"), "«hola»");
        assert_eq!(said("de", "“Hallo”"), "„Hallo“");
        assert_eq!(said("ja", "“x”"), "“x”");
    }

    #[test]
    fn a_span_speaks_its_own_language() {
        let mut list = vec![Inline::Span {
            attr: crate::doc::Attr {
                pairs: vec![("lang".to_owned(), "de".to_owned())],
                ..Default::default()
            },
            content: vec![Inline::text("“ja”")],
        }];
        inlines(&mut list, "fr");
        assert_eq!(crate::doc::plain_text(&list), "„ja“");
    }
}
