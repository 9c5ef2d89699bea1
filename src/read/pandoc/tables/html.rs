//! Raw HTML at the block level, as far as tables need it: a line that
//! starts with one of pandoc's block tags is raw HTML and ends a
//! paragraph; `<pre>`, `<script>`, `<style>`, `<textarea>` and comments
//! hide their lines up to their end.

use super::blocks::Fences;
use super::Src;
pub(super) use crate::read::pandoc::html::tag::VERBATIM_TAGS;

/// How many closing tags of other verbatim elements are passed over when
/// looking for a `<pre>`'s own: a bound on the work.
const VERBATIM_HOPS: usize = 64;

#[derive(Debug, Clone, Copy)]
pub(super) enum HtmlTag {
    Comment,
    Open(&'static str),
    Close,
}

/// A line that starts with a block-level HTML tag or a comment.
pub(super) fn html_block_tag(line: &str) -> Option<HtmlTag> {
    let rest = line.strip_prefix('<')?;
    if rest.starts_with("!--") {
        return Some(HtmlTag::Comment);
    }
    let (closing, rest) = match rest.strip_prefix('/') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let name_len = rest.bytes().take_while(u8::is_ascii_alphanumeric).count();
    let name = &rest[..name_len];
    let after = rest[name_len..].chars().next();
    if !after.is_none_or(|c| c == '>' || c == '/' || c.is_whitespace()) {
        return None;
    }
    let tag = crate::read::pandoc::html::tag::block_tag(name)?;
    Some(if closing {
        HtmlTag::Close
    } else {
        HtmlTag::Open(tag)
    })
}

/// The last line of the raw HTML a tag line starts: a comment to its
/// `-->` (an unclosed one is text), a verbatim element (`<pre>`) to its
/// closing tag, any other tag its own line (pandoc reads the Markdown
/// inside as blocks).
pub(super) fn html_block_end(
    src: &Src,
    fences: &Fences,
    start: usize,
    tag: HtmlTag,
) -> Option<usize> {
    let end = match tag {
        HtmlTag::Comment => {
            let close = fences.next_comment_close[start];
            if close == u32::MAX {
                return None;
            }
            close as usize
        }
        HtmlTag::Open(name) if VERBATIM_TAGS.contains(&name) => {
            let mut i = start;
            for _ in 0..VERBATIM_HOPS {
                let Some(&close) = fences.next_verbatim_close.get(i) else {
                    break;
                };
                let close = close as usize;
                if close >= src.len() {
                    break;
                }
                if closes_verbatim(src.line(close), name)
                    && (close > start || {
                        // `<pre>…</pre>` on one line.
                        let line = src.line(close);
                        let lower = line.to_ascii_lowercase();
                        lower.find(&format!("</{name}")) > lower.find(&format!("<{name}"))
                    })
                {
                    return Some(close);
                }
                i = close + 1;
            }
            start
        }
        _ => start,
    };
    Some(end.min(src.len().saturating_sub(1)).max(start))
}

pub(super) fn closes_verbatim(line: &str, name: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    lower.contains(&format!("</{name}"))
}
