//! Links in print: where each one goes, and (`print_urls`) the addresses
//! of a paragraph's outside links under it, for readers of the paper.

use super::flow::Flow;
use super::page::Target;
use crate::doc::Inline;

/// A link target: `#id` stays inside the document. Which addresses with
/// no scheme are web addresses was decided when links were resolved
/// (transform/links.rs); the rest stay as written.
pub fn link_target(url: &str) -> Target {
    if let Some(id) = url.strip_prefix('#') {
        return Target::Anchor(id.to_owned());
    }
    Target::Uri(url.to_owned())
}

/// Calls `visit` with the URL of every link in `inlines`, nested ones too.
fn for_each_link(inlines: &[Inline], visit: &mut dyn FnMut(&str)) {
    for inline in inlines {
        match inline {
            Inline::Link { url, content, .. } => {
                visit(url);
                for_each_link(content, visit);
            }
            Inline::Emph { content } | Inline::Strong { content } | Inline::Strike { content } => {
                for_each_link(content, visit)
            }
            _ => {}
        }
    }
}

/// An address as a reader would type it: no `https://`, `mailto:` or
/// trailing slash.
fn short_address(uri: &str) -> String {
    let rest = ["https://", "http://", "mailto:"]
        .iter()
        .find_map(|scheme| uri.strip_prefix(scheme))
        .unwrap_or(uri);
    rest.trim_end_matches('/').to_owned()
}

impl Flow<'_> {
    /// `print_urls`: the addresses of a paragraph's outside links in small
    /// type under it, so that a printed page can still be followed.
    pub(super) fn link_addresses(&mut self, content: &[Inline], x: f64, width: f64) {
        // Each address shown, with where it goes: the printed address is a
        // live link too.
        let mut shown: Vec<(String, String)> = Vec::new();
        for_each_link(content, &mut |url| {
            if let Target::Uri(uri) = link_target(url) {
                let short = short_address(&uri);
                if !short.is_empty() && !shown.iter().any(|(s, _)| *s == short) {
                    shown.push((short, uri));
                }
            }
        });
        if shown.is_empty() {
            return;
        }
        let mut base = self.base_style(self.size * 0.78);
        base.color = self.colors.muted;
        base.hyphenate = false;
        let settings = self.settings(width, false, false);
        let mut inlines = Vec::new();
        for (i, (short, uri)) in shown.into_iter().enumerate() {
            if i > 0 {
                inlines.push(Inline::text("  \u{b7}  "));
            }
            inlines.push(Inline::Link {
                attr: Default::default(),
                url: uri,
                title: String::new(),
                content: vec![Inline::text(short)],
                pos: Default::default(),
            });
        }
        let (lines, mut styles) = self.set(&inlines, &base, &settings);
        // Links, but they look as before: small, muted, not underlined.
        for style in &mut styles {
            style.color = base.color;
            style.underline = false;
        }
        // The addresses belong to the paragraph: never the first thing on a
        // page without its last line.
        if let Some(last) = self.chunks.last_mut() {
            last.keep = true;
        }
        let before = self.size * 0.15;
        self.push_lines(&lines, &styles, x, base.size * 1.3, base.size, before);
    }
}

/// A line of plain text (a letterhead's, a recipient's) with each e-mail
/// address in it a `mailto:` link, as a reader of the screen expects.
pub fn with_mail_links(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            plain.push(' ');
        }
        let address = word.trim_matches(|c: char| "<>(),;".contains(c));
        let is_mail = address.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty()
                && host.contains('.')
                && !host.starts_with('.')
                && !address.contains('/')
        });
        if !is_mail {
            plain.push_str(word);
            continue;
        }
        let at = word.find(address).unwrap_or(0);
        plain.push_str(&word[..at]);
        out.push(Inline::text(std::mem::take(&mut plain)));
        out.push(Inline::Link {
            attr: Default::default(),
            url: format!("mailto:{address}"),
            title: String::new(),
            content: vec![Inline::text(address)],
            pos: Default::default(),
        });
        plain.push_str(&word[at + address.len()..]);
    }
    out.push(Inline::text(plain));
    out.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn mail_addresses_become_links() {
        let line = super::with_mail_links("Write to sponsors@python.org, please");
        assert_eq!(line.len(), 3);
        assert!(
            matches!(&line[1], super::Inline::Link { url, .. } if url == "mailto:sponsors@python.org")
        );
        assert_eq!(super::with_mail_links("Beaverton, OR").len(), 1);
    }
}
