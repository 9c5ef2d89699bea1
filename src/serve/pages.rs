//! What the preview sends: the reload script put into served HTML, the
//! index of outputs, a PDF's wrapper page, content types, and the request
//! path made into a path under the output folder (or refused).

use super::{Response, State, VIEW};
use crate::diag::Diagnostic;
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::path::{Component, Path, PathBuf};

/// The script every served page carries: it listens to the event stream,
/// reloads the page (or only the PDF) after a rebuild, and lays a failed
/// rebuild's errors over the page.
const CLIENT: &str = include_str!("client.js");

/// A path segment in a link: everything but RFC 3986's unreserved characters escaped.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `response` with the header `name: value` (both ASCII here, always valid).
pub(super) fn with_header(response: Response, name: &str, value: &str) -> Response {
    match tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

pub(super) fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    let response = tiny_http::Response::from_data(body).with_status_code(status);
    let response = with_header(response, "Content-Type", content_type);
    // Every response is fresh: the files change under the same names.
    let response = with_header(response, "Cache-Control", "no-store");
    with_header(response, "X-Content-Type-Options", "nosniff")
}

pub(super) fn text(status: u16, body: &str) -> Response {
    bytes(
        status,
        "text/plain; charset=utf-8",
        body.as_bytes().to_vec(),
    )
}

/// An HTML response with the reload script put in before `</body>` (at the
/// end when there is none, as in a fragment).
pub(super) fn html(status: u16, page: &str, version: u64) -> Response {
    bytes(
        status,
        "text/html; charset=utf-8",
        inject(page, version).into_bytes(),
    )
}

/// `page` with the reload script, for a page built at `version`.
pub(super) fn inject(page: &str, version: u64) -> String {
    let script = format!(
        "<script data-quire-preview>\n{}</script>\n",
        CLIENT.replace("__QUIRE_VERSION__", &version.to_string())
    );
    let at = page
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + script.len());
    out.push_str(&page[..at]);
    out.push_str(&script);
    out.push_str(&page[at..]);
    out
}

/// The Content-Type of a served file, by its extension.
pub(super) fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "xhtml" => "application/xhtml+xml",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "epub" => "application/epub+zip",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        _ => "application/octet-stream",
    }
}

/// The request path (without its query) as a relative path under the
/// output folder, or None when it cannot be one: a `..` or `.` segment
/// (also written `%2e%2e`), an absolute or drive path, a backslash or NUL,
/// or bytes that are not UTF-8 once decoded.
pub(super) fn relative(url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(url_path).decode_utf8().ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut rel = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        let mut components = Path::new(segment).components();
        match (components.next(), components.next()) {
            (Some(Component::Normal(name)), None) if name == segment => rel.push(name),
            _ => return None,
        }
    }
    (!rel.as_os_str().is_empty()).then_some(rel)
}

/// A link to `rel` from the site's root, each segment escaped.
fn href(rel: &Path) -> String {
    rel.components()
        .map(|c| utf8_percent_encode(&c.as_os_str().to_string_lossy(), SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn escape(text: &str) -> String {
    html_escape::encode_text(text).into_owned()
}

/// The page around the preview's own content.
fn frame(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1f2328}\
h1{font-size:1.4rem}ul{padding-left:1.2rem}li{margin:.3rem 0}a{color:#0b5cad}\
.kind{color:#656d76;font-size:.85em;margin-left:.5em}.failed{color:#a40e26}code{font-size:.9em}";

/// The index: every output under the folder, a PDF through its viewer page.
pub(super) fn index(outputs: &[PathBuf], errors: &[Diagnostic]) -> String {
    let mut body = String::from("<h1>quire preview</h1>\n");
    if !errors.is_empty() {
        body.push_str(&format!(
            "<p class=\"failed\">The last rebuild failed ({} error(s)); the files below are from the last good one.</p>\n",
            errors.len()
        ));
    }
    if outputs.is_empty() {
        body.push_str("<p>No outputs yet: the first build has not written any.</p>\n");
    } else {
        body.push_str("<ul>\n");
        for rel in outputs {
            let name = escape(&rel.to_string_lossy());
            let kind = escape(content_kind(rel));
            let link = href(rel);
            if super::is_pdf(rel) {
                body.push_str(&format!(
                    "<li><a href=\"{VIEW}{link}\">{name}</a><span class=\"kind\">{kind} · <a href=\"/{link}\">the file</a></span></li>\n"
                ));
            } else {
                body.push_str(&format!(
                    "<li><a href=\"/{link}\">{name}</a><span class=\"kind\">{kind}</span></li>\n"
                ));
            }
        }
        body.push_str("</ul>\n");
    }
    frame("quire preview", &body)
}

/// What the index calls a file.
fn content_kind(path: &Path) -> &'static str {
    let name = path.to_string_lossy();
    if name.ends_with(".fragment.html") {
        return "HTML fragment";
    }
    match content_type(path).split(';').next().unwrap_or_default() {
        "text/html" => "HTML page",
        "application/pdf" => "PDF",
        "application/epub+zip" => "EPUB (download)",
        "text/plain" => "plain text",
        "application/json" => "JSON",
        "text/css" => "stylesheet",
        kind if kind.starts_with("image/") => "image",
        kind if kind.starts_with("font/") => "font",
        _ => "file",
    }
}

/// A PDF in the browser's own viewer, in a frame the reload script points
/// at `NAME.pdf?v=VERSION` after each rebuild.
pub(super) fn pdf_viewer(rel: &Path, version: u64) -> String {
    let link = href(rel);
    let name = escape(&rel.to_string_lossy());
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{name}</title>\n\
         <style>html,body{{margin:0;height:100%;overflow:hidden}}iframe{{display:block;border:0;width:100%;height:100%}}</style>\n\
         </head>\n<body>\n<iframe id=\"quire-pdf\" title=\"{name}\" data-src=\"/{link}\" src=\"/{link}?v={version}\"></iframe>\n</body>\n</html>\n"
    )
}

pub(super) fn not_found(path: &str) -> String {
    frame(
        "Not found",
        &format!(
            "<h1>Not found</h1>\n<p><code>{}</code> is not an output of this build. <a href=\"/\">Every output</a>.</p>\n",
            escape(path)
        ),
    )
}

/// One server-sent event: its name and the state as JSON on one line.
pub(super) fn event(name: &str, state: &State) -> String {
    let errors: Vec<serde_json::Value> = state
        .errors
        .iter()
        .map(|d| {
            serde_json::json!({
                "location": d.location(),
                "message": d.message,
                "hint": d.hint,
                "line": d.line,
                "column": d.column,
                "line_text": d.line_text,
            })
        })
        .collect();
    let data = serde_json::json!({ "version": state.version, "errors": errors });
    format!("event: {name}\ndata: {data}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_that_leaves_the_folder_is_refused() {
        assert_eq!(relative("/doc.html"), Some(PathBuf::from("doc.html")));
        assert_eq!(
            relative("/brief/a%20b.pdf"),
            Some(PathBuf::from("brief/a b.pdf"))
        );
        for bad in [
            "/../secret",
            "/a/../../secret",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/./doc.html",
            "/a%5c..%5csecret",
            "/a%00.html",
            "/%ff.html",
            "/",
        ] {
            assert_eq!(relative(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let page = inject("<html><body><p>x</p></BODY></html>", 7);
        let script = page.find("<script data-quire-preview>").unwrap();
        assert!(script < page.find("</BODY>").unwrap());
        assert!(page.contains("const version = 7;"));
        assert!(inject("<p>fragment</p>", 1).starts_with("<p>fragment</p><script"));
    }

    #[test]
    fn links_are_escaped() {
        let page = index(&[PathBuf::from("a b/<x>.pdf")], &[]);
        assert!(
            page.contains("href=\"/_quire/view/a%20b/%3Cx%3E.pdf\""),
            "{page}"
        );
        assert!(page.contains("a b/&lt;x&gt;.pdf"), "{page}");
    }
}
