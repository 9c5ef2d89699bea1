//! Links: make every link work outside the website it was written for.
//!
//! The rules, in order (the first that matches wins):
//! 1. empty, or `#fragment`: kept.
//! 2. `//host/path` (protocol-relative): `https:` is added, with a warning.
//! 3. `/path` (site-relative): joined to `base_url`, with a note; without a
//!    `base_url` it is kept, with a warning.
//! 4. `scheme:…` (`https:`, `mailto:`, `tel:` …): kept. `host:8080/…` is not
//!    a scheme but a host and port, and goes on to rule 7.
//! 5. `./…` or `../…`: a relative file, kept.
//! 6. `name@domain.tld` with no path: `mailto:` is added, with a warning.
//! 7. The first segment (up to `/`, `?` or `#`) is a domain name (two or
//!    more labels, the last one alphabetic like `org` or `xn--…`): `https://`
//!    is added, with a warning that says so. Except a lone file name such as
//!    `index.html` or `notes.md` (a known file extension and nothing after
//!    it), which is a relative file and is kept.
//! 8. Anything else (`docs/guide.md`, `image.png`): a relative file, kept.
//!
//! Before all of them: a `javascript:`, `vbscript:` or `data:` link would
//! run or carry code in a reader's browser; it is dropped (its text stays),
//! with a warning.

use super::{for_each_inlines, Context};
use crate::diag::Diagnostic;
use crate::doc::{Document, Inline};

/// What the rules decided for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The URL is fine as written.
    Kept,
    /// A site-relative path joined to the base URL.
    SiteRelative(String),
    /// A site-relative path with no base URL to join it to.
    Unresolved,
    /// A scheme (or `mailto:`) was assumed.
    Assumed(String),
    /// A scheme that runs or carries code: the link is dropped.
    Unsafe,
}

/// Link schemes that run or carry code in a browser.
const UNSAFE_SCHEMES: &[&str] = &["javascript", "vbscript", "data"];

/// File extensions that make a lone `name.ext` a file, not a domain, even
/// where the extension is also a top-level domain (`.md`, `.py`, `.zip`).
const FILE_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "md", "markdown", "txt", "pdf", "png", "jpg", "jpeg", "gif", "svg",
    "webp", "css", "js", "json", "yaml", "yml", "xml", "csv", "tsv", "epub", "zip", "gz", "tar",
    "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "rst", "py", "rs", "ipynb", "toml", "ini",
    "cfg", "sh", "mp3", "mp4", "mov", "wav", "ico",
];

/// Applies the rules to one URL.
pub fn resolve_url(url: &str, base_url: Option<&str>) -> Resolution {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') {
        return Resolution::Kept;
    }
    // Browsers ignore tabs, newlines and case in a scheme (`Java\tScript:`).
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|&c| c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    if url.contains(':') && UNSAFE_SCHEMES.contains(&scheme.as_str()) {
        return Resolution::Unsafe;
    }
    if let Some(rest) = url.strip_prefix("//") {
        return Resolution::Assumed(format!("https://{rest}"));
    }
    if url.starts_with('/') {
        return match base_url {
            Some(base) => Resolution::SiteRelative(format!("{}{url}", base.trim_end_matches('/'))),
            None => Resolution::Unresolved,
        };
    }
    if has_scheme(url) {
        return Resolution::Kept;
    }
    if url.starts_with("./") || url.starts_with("../") {
        return Resolution::Kept;
    }
    if is_email(url) {
        return Resolution::Assumed(format!("mailto:{url}"));
    }
    let first_segment_end = url.find(['/', '?', '#']).unwrap_or(url.len());
    let first_segment = &url[..first_segment_end];
    let host = first_segment.split(':').next().unwrap_or(first_segment);
    if is_domain(host) && has_public_suffix(host) {
        let lone = first_segment_end == url.len() || !url[first_segment_end..].starts_with('/');
        let extension = host.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        let file_like =
            lone && !host.starts_with("www.") && FILE_EXTENSIONS.contains(&extension.as_str());
        if !file_like {
            return Resolution::Assumed(format!("https://{url}"));
        }
    }
    Resolution::Kept
}

/// `scheme:` as RFC 3986 defines it, but not `host.name:8080`.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'));
    let looks_like_port =
        scheme.contains('.') && url[colon + 1..].starts_with(|c: char| c.is_ascii_digit());
    valid && !looks_like_port
}

fn is_email(url: &str) -> bool {
    match url.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !local.contains(['/', ' ', ':'])
                && !domain.contains(['/', '@', '?', '#'])
                && is_domain(domain)
        }
        None => false,
    }
}

/// Whether a host ends in a suffix of the Public Suffix List (`org`,
/// `co.uk`, `xn--p1ai`) under a name of its own: `boost.python` does not
/// (no such suffix), `python.org` does. The list is the `psl` crate's,
/// compiled in and kept current by its releases.
fn has_public_suffix(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    psl::suffix(host.as_bytes()).is_some_and(|suffix| suffix.is_known())
        && psl::domain(host.as_bytes()).is_some()
}

/// Two or more DNS labels, the last one alphabetic (a top-level domain).
fn is_domain(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    let tld = labels[labels.len() - 1];
    let tld_ok = (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
        || tld.to_ascii_lowercase().starts_with("xn--");
    labels.iter().all(label_ok) && tld_ok
}

/// Resolves every link of the document, reporting each change at the link.
pub fn resolve(doc: &mut Document, context: &Context<'_>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for_each_inlines(doc, &mut |inlines| {
        let mut index = 0;
        while index < inlines.len() {
            let Inline::Link { url, pos, .. } = &mut inlines[index] else {
                index += 1;
                continue;
            };
            index += 1;
            let resolution = resolve_url(url, context.base_url);
            // Measured only for a diagnostic: finding the line is a walk
            // through the text, too slow to do for every link of a long one.
            let at = |d: Diagnostic, url: &str| {
                let length = link_length(context.text, pos.line, pos.column, url);
                d.at(context.text, pos.line, pos.column).length(length)
            };
            match resolution {
                Resolution::Kept => {}
                Resolution::SiteRelative(absolute) => {
                    diagnostics.push(at(
                        Diagnostic::note(
                            context.file,
                            format!("site-relative link `{url}` points to `{absolute}`"),
                        ),
                        url,
                    ));
                    *url = absolute;
                }
                Resolution::Unresolved => diagnostics.push(at(
                    Diagnostic::warning(
                        context.file,
                        format!("site-relative link `{url}` has no site to point into"),
                    )
                    .hint("set `base_url` in quire.yaml, or write the full address"),
                    url,
                )),
                Resolution::Assumed(absolute) => {
                    diagnostics.push(at(
                        Diagnostic::warning(
                            context.file,
                            format!("link `{url}` has no scheme; assumed `{absolute}`"),
                        )
                        .hint(format!("write the full address: ({absolute})")),
                        url,
                    ));
                    *url = absolute;
                }
                Resolution::Unsafe => {
                    diagnostics.push(at(
                        Diagnostic::warning(
                            context.file,
                            format!("link `{url}` would run code in a browser; its text is kept, the link dropped"),
                        ),
                        url,
                    ));
                    // The link's text takes its place.
                    index -= 1;
                    if let Inline::Link { content, .. } = inlines.remove(index) {
                        let count = content.len();
                        inlines.splice(index..index, content);
                        index += count;
                    }
                }
            }
        }
    });
    diagnostics
}

/// How many characters the link's source takes, up to the end of its URL
/// (so the caret underlines `[text](url`), or 1 when it cannot be found.
pub(crate) fn link_length(text: &str, line: u32, column: u32, url: &str) -> usize {
    let Some(line_text) = text.lines().nth(line.saturating_sub(1) as usize) else {
        return 1;
    };
    let from: String = line_text
        .chars()
        .skip(column.saturating_sub(1) as usize)
        .collect();
    match from.find(url) {
        Some(i) if !url.is_empty() => from[..i + url.len()].chars().count() + 1,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: Option<&str> = Some("https://www.python.org");

    #[test]
    fn the_rules_as_a_table() {
        use Resolution::*;
        let assumed = |s: &str| Assumed(s.to_owned());
        let cases: &[(&str, Option<&str>, Resolution)] = &[
            // 1. empty and fragments
            ("", BASE, Kept),
            ("#community", BASE, Kept),
            // 2. protocol-relative
            (
                "//cdn.example.org/x.js",
                BASE,
                assumed("https://cdn.example.org/x.js"),
            ),
            // 3. site-relative
            (
                "/psf/mission/",
                BASE,
                SiteRelative("https://www.python.org/psf/mission/".into()),
            ),
            (
                "/psf/faq/",
                Some("https://www.python.org/"),
                SiteRelative("https://www.python.org/psf/faq/".into()),
            ),
            ("/psf/faq/", None, Unresolved),
            // 4. schemes kept
            ("https://www.python.org/psf/", BASE, Kept),
            ("http://python.org/downloads", BASE, Kept),
            ("mailto:psf@python.org", BASE, Kept),
            ("tel:+15555550100", BASE, Kept),
            ("ftp://ftp.python.org", BASE, Kept),
            // host:port is not a scheme
            // (and a host with no public suffix is no web address)
            ("localhost.localdomain:8000/x", BASE, Kept),
            (
                "python.org:8080/path",
                BASE,
                assumed("https://python.org:8080/path"),
            ),
            // code-carrying schemes, however written
            ("javascript:alert(1)", BASE, Unsafe),
            (" JavaScript:alert(1)", BASE, Unsafe),
            ("java\tscript:alert(1)", BASE, Unsafe),
            ("vbscript:msgbox", BASE, Unsafe),
            ("data:text/html,<script>alert(1)</script>", BASE, Unsafe),
            // 5. explicit relative paths
            ("./notes.md", BASE, Kept),
            ("../images/logo.png", BASE, Kept),
            // 6. bare e-mail addresses
            ("psf@python.org", BASE, assumed("mailto:psf@python.org")),
            // 7. scheme-less domains
            ("us.pycon.org", BASE, assumed("https://us.pycon.org")),
            ("pypi.org", BASE, assumed("https://pypi.org")),
            (
                "python.org/psf/grants",
                BASE,
                assumed("https://python.org/psf/grants"),
            ),
            (
                "python.org/codeofconduct",
                BASE,
                assumed("https://python.org/codeofconduct"),
            ),
            ("www.python.org", BASE, assumed("https://www.python.org")),
            // 7b. no public suffix: a relative path with a dot in it
            ("boost.python/FAQ", BASE, Kept),
            ("pkg.internal/docs", BASE, Kept),
            ("example.co.uk/a", BASE, assumed("https://example.co.uk/a")),
            (
                "docs.python.org?q=1",
                BASE,
                assumed("https://docs.python.org?q=1"),
            ),
            (
                "pycon.org#schedule",
                BASE,
                assumed("https://pycon.org#schedule"),
            ),
            (
                "xn--bcher-kva.ch",
                BASE,
                assumed("https://xn--bcher-kva.ch"),
            ),
            ("www.report.md", BASE, assumed("https://www.report.md")),
            ("python.md/page", BASE, assumed("https://python.md/page")),
            // lone file names stay files even where the extension is a TLD
            ("index.html", BASE, Kept),
            ("notes.md", BASE, Kept),
            ("setup.py", BASE, Kept),
            ("report.pdf#page=2", BASE, Kept),
            // 8. other relative paths
            ("docs/guide.md", BASE, Kept),
            ("image.png", BASE, Kept),
            ("grants", BASE, Kept),
            ("v1.2/notes", BASE, Kept),
            ("1.2.3", BASE, Kept),
        ];
        for (url, base, expected) in cases {
            assert_eq!(&resolve_url(url, *base), expected, "{url:?}");
        }
    }

    #[test]
    fn changed_links_are_reported_at_the_link() {
        let text = "We host [PyCon US](us.pycon.org) and [more](/psf/).\n";
        let mut doc = Document {
            blocks: crate::read::read(text, 0, crate::read::Dialect::markdown()).blocks,
            ..Document::default()
        };
        let context = Context {
            file: "d.md",
            text,
            base_url: BASE,
            identifiers: Default::default(),
        };
        let diagnostics = resolve(&mut doc, &context);
        assert_eq!(diagnostics.len(), 2);
        assert_eq!((diagnostics[0].line, diagnostics[0].column), (1, 9));
        assert_eq!(diagnostics[0].length, 24);
        assert!(diagnostics[0].message.contains("https://us.pycon.org"));
        assert_eq!(diagnostics[1].severity, crate::diag::Severity::Note);
    }
}
