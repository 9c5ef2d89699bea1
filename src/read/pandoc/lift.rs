//! Blocks read from the source's lines before comrak sees them: raw TeX
//! (`\begin{center}` … `\end{center}`, `\vspace{2em}` on its own line),
//! which comrak would read as Markdown. Each is replaced by a marker line
//! (the rest of its lines left blank, so every line keeps its number), and
//! the reader puts the block back where the marker's paragraph is.

use super::inline_env;
use super::nested::{regions, Region};
use super::prepare::code_fence;
use super::tables::{find_tables, SourceTable, TableKind};
use super::tex;
use std::borrow::Cow;

/// What marks a lifted block in the text comrak reads: a private-use
/// character around the block's index. A paragraph is taken for a marker
/// only when it is exactly that and the index is one of the lifted blocks.
pub const MARK: char = '\u{E000}';

/// A block read from the lines.
#[derive(Debug, Clone, PartialEq)]
pub enum Lifted {
    /// Raw TeX, as written, and its first line (1-based, in the body).
    RawTex { text: String, line: usize },
    /// A TeX environment in running text that spans lines
    /// (`inline_env.rs`), as written, and its first line.
    InlineTex { text: String, line: usize },
    /// pandoc's title block (`% title`, `% author; author`, `% date`) at
    /// the top of the body: its three fields as written.
    TitleBlock {
        title: String,
        authors: Vec<String>,
        date: String,
    },
    /// A YAML metadata block inside the body (`---` … `---` or `...`):
    /// its YAML and its first line.
    Metadata { yaml: String, line: usize },
    /// A table in one of pandoc's four grammars, its cells still Markdown.
    Table(Box<SourceTable>),
}

/// What the pre-pass lifts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lift {
    pub raw_tex: bool,
    pub title_block: bool,
    /// Which of pandoc's table grammars are read (`pipe`, `simple`,
    /// `multiline`, `grid`), and whether captions are.
    pub tables: [bool; 4],
    pub table_captions: bool,
    pub metadata_blocks: bool,
}

/// The text with raw TeX and metadata blocks replaced by markers, and the
/// blocks.
pub fn lift(markdown: &str, what: Lift) -> (Cow<'_, str>, Vec<Lifted>) {
    let tex = what.raw_tex && markdown.contains('\\');
    let yaml = what.metadata_blocks && markdown.contains("\n---");
    let title = what.title_block && markdown.starts_with('%');
    let lines: Vec<&str> = markdown.split_inclusive('\n').collect();
    let mut tables = if what.tables.iter().any(|&on| on) {
        tables_in(&lines, what)
    } else {
        Vec::new()
    };
    if !tex && !yaml && !title && tables.is_empty() {
        return (Cow::Borrowed(markdown), Vec::new());
    }
    tables.reverse();
    // Byte offset of each line.
    let mut offsets = Vec::with_capacity(lines.len());
    let mut offset = 0;
    for line in &lines {
        offsets.push(offset);
        offset += line.len();
    }
    let mut out = String::with_capacity(markdown.len());
    let mut lifted = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    let mut after_blank = true;
    let mut index = 0;
    let inline_environments = tex && markdown.contains("\\begin{");
    let mut context = inline_env::Context::default();
    if title {
        let (block, end) = title_block(&lines);
        out.push_str(&format!("{MARK}0{MARK}\n"));
        for _ in 1..end {
            out.push('\n');
        }
        lifted.push(block);
        index = end;
    }
    while index < lines.len() {
        if tables.last().is_some_and(|(t, _)| t.first_line == index) {
            let Some((table, region)) = tables.pop() else {
                break;
            };
            let end_line = table
                .last_line
                .max(table.dropped.map_or(0, |(_, last)| last));
            // Inside a quote or a list item, the marker and the lines the
            // table took keep the container's prefix.
            let (prefix, blank) = region
                .as_ref()
                .map_or(("", ""), |r| (r.prefix.as_str(), r.blank_line()));
            out.push_str(&format!("{prefix}{MARK}{}{MARK}", lifted.len()));
            // The notes its cells refer to, where comrak sees them: it
            // keeps and numbers only the definitions it finds referred to.
            for line in &lines[index..=end_line.min(lines.len() - 1)] {
                out.extend(note_references(line));
            }
            out.push('\n');
            for _ in index + 1..=end_line.min(lines.len() - 1) {
                out.push_str(blank);
                out.push('\n');
            }
            lifted.push(Lifted::Table(Box::new(table)));
            index = end_line + 1;
            after_blank = true;
            fence = None;
            continue;
        }
        while tables.last().is_some_and(|(t, _)| t.first_line < index) {
            tables.pop();
        }
        let line = lines[index];
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if let Some((ch, len)) = fence {
            let indent = body.len() - trimmed.len();
            if indent < 4
                && trimmed.starts_with(&ch.to_string().repeat(len))
                && trimmed.trim_start_matches(ch).trim().is_empty()
            {
                fence = None;
            }
        } else if let Some(open) = code_fence(trimmed) {
            fence = Some(open);
        } else if yaml && after_blank && index > 0 && body.trim_end() == "---" {
            if let Some(end_line) = metadata_block(&lines, index) {
                let yaml_text: String = lines[index + 1..end_line].concat();
                out.push_str(&format!("{MARK}{}{MARK}\n", lifted.len()));
                for _ in index + 1..=end_line {
                    out.push('\n');
                }
                lifted.push(Lifted::Metadata {
                    yaml: yaml_text,
                    line: index + 1,
                });
                index = end_line + 1;
                after_blank = true;
                continue;
            }
        } else if tex && after_blank && body.starts_with('\\') {
            if let Some(end_line) = raw_tex_block(markdown, &offsets, index) {
                let end = offsets.get(end_line + 1).copied().unwrap_or(markdown.len());
                let text = markdown[offsets[index]..end].trim_end().to_owned();
                out.push(MARK);
                out.push_str(&lifted.len().to_string());
                out.push(MARK);
                out.push('\n');
                for _ in index + 1..=end_line {
                    out.push('\n');
                }
                lifted.push(Lifted::RawTex {
                    text,
                    line: index + 1,
                });
                index = end_line + 1;
                after_blank = true;
                continue;
            }
        }
        // An environment in running text, over several lines: one inline.
        let indent = body.len() - trimmed.len();
        if inline_environments && fence.is_none() && code_fence(trimmed).is_none() && indent < 4 {
            if trimmed.is_empty() {
                context = inline_env::Context::default();
            } else if let Some((text, end)) = inline_env::lift_line(
                markdown,
                offsets[index],
                index + 1,
                &mut context,
                &mut lifted,
            ) {
                out.push_str(&text);
                index = offsets.partition_point(|&offset| offset < end);
                after_blank = false;
                continue;
            }
        }
        after_blank = fence.is_none() && trimmed.is_empty();
        out.push_str(line);
        index += 1;
    }
    if lifted.is_empty() {
        (Cow::Borrowed(markdown), lifted)
    } else {
        (Cow::Owned(out), lifted)
    }
}

/// The `[^label]` note references in a line, as written.
fn note_references(line: &str) -> impl Iterator<Item = &str> + '_ {
    line.match_indices("[^").filter_map(move |(at, _)| {
        let rest = &line[at + 2..];
        let end = rest.find(']')?;
        let label = &rest[..end];
        (!label.is_empty() && !label.contains(char::is_whitespace) && !label.contains('['))
            .then(|| &line[at..at + 2 + end + 1])
    })
}

/// The tables of the grammars switched on, captions dropped when
/// `table_captions` is off: those among the top-level lines, then those
/// inside block quotes and list items (with the region they are in), in
/// the order of their lines.
fn tables_in(lines: &[&str], what: Lift) -> Vec<(SourceTable, Option<Region>)> {
    let bare: Vec<&str> = lines
        .iter()
        .map(|line| line.trim_end_matches(['\n', '\r']))
        .collect();
    let mut found: Vec<(SourceTable, Option<Region>)> = read_tables(&bare, what)
        .into_iter()
        .map(|table| (table, None))
        .collect();
    let top_level: Vec<(usize, usize)> = found
        .iter()
        .map(|(t, _)| (t.first_line, t.last_line))
        .collect();
    for region in regions(&bare) {
        let inner = region.strip(&bare);
        // Every table grammar has a line of dashes, `+--` or `|`.
        if !inner
            .iter()
            .any(|l| l.trim_start().starts_with(['-', '+', '|']))
        {
            continue;
        }
        for mut table in read_tables(&inner, what) {
            if region.opens && table.first_line == 0 {
                continue;
            }
            let (first, last) = (
                region.start + table.first_line,
                region.start + table.last_line,
            );
            if top_level.iter().any(|&(a, b)| first <= b && a <= last) {
                continue;
            }
            table.shift(region.start);
            found.push((table, Some(region.clone())));
        }
    }
    found.sort_by_key(|(t, _)| t.first_line);
    found
}

/// The tables in `lines` of the grammars switched on.
fn read_tables(lines: &[&str], what: Lift) -> Vec<SourceTable> {
    find_tables(lines)
        .into_iter()
        .filter(|table| {
            let index = match table.kind {
                TableKind::Pipe => 0,
                TableKind::Simple => 1,
                TableKind::Multiline => 2,
                TableKind::Grid => 3,
            };
            // A pipe table without a caption is comrak's (GFM's grammar,
            // with each cell's source position); one with a caption is
            // read here, as comrak has no captions.
            let pipe_for_comrak = table.kind == TableKind::Pipe && table.caption.is_none();
            what.tables[index]
                && !pipe_for_comrak
                && (what.table_captions || table.caption.is_none())
        })
        .collect()
}

/// The title block's fields (each `%` line and the lines that continue it
/// with a space; authors split at `;`) and the number of lines it takes.
fn title_block(lines: &[&str]) -> (Lifted, usize) {
    let mut fields: Vec<String> = Vec::new();
    let mut end = 0;
    for line in lines {
        let line = line.trim_end_matches(['\n', '\r']);
        if let Some(field) = line.strip_prefix('%') {
            if fields.len() == 3 {
                break;
            }
            fields.push(field.trim().to_owned());
        } else if line.starts_with([' ', '\t']) && !line.trim().is_empty() && !fields.is_empty() {
            if let Some(field) = fields.last_mut() {
                field.push(if field.is_empty() { ' ' } else { '\n' });
                field.push_str(line.trim());
            }
        } else {
            break;
        }
        end += 1;
    }
    let mut fields = fields.into_iter();
    let title = fields.next().unwrap_or_default().replace('\n', " ");
    let authors = fields
        .next()
        .unwrap_or_default()
        .split([';', '\n'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    let date = fields.next().unwrap_or_default();
    (
        Lifted::TitleBlock {
            title,
            authors,
            date,
        },
        end,
    )
}

/// A YAML block opening at line `index` (`---` not followed by a blank
/// line), closed by `---` or `...`, whose YAML is a mapping: the index of
/// its closing line. Anything else there is a rule and text, as pandoc
/// reads it.
fn metadata_block(lines: &[&str], index: usize) -> Option<usize> {
    let next = lines.get(index + 1)?;
    if next.trim().is_empty() {
        return None;
    }
    let close = lines[index + 1..]
        .iter()
        .position(|line| matches!(line.trim_end(), "---" | "..."))
        .map(|offset| index + 1 + offset)?;
    let yaml: String = lines[index + 1..close].concat();
    let is_mapping = matches!(
        serde_yaml::from_str::<serde_yaml::Value>(&yaml),
        Ok(serde_yaml::Value::Mapping(_))
    );
    is_mapping.then_some(close)
}

/// Raw TeX starting at line `index`: a command or an environment that
/// ends its line. The index of its last line.
fn raw_tex_block(markdown: &str, offsets: &[usize], index: usize) -> Option<usize> {
    let start = offsets[index];
    let text = &markdown[start..];
    // A command that sets text (`\textbf{…}`) starts a paragraph, as
    // pandoc's `inlineCommands` do: a raw inline, not a raw block.
    if tex::command_name(text).is_some_and(|name| tex::TEXT_COMMANDS.contains(&name)) {
        return None;
    }
    let len = tex::command_len(text)?;
    // Only white space after it on its line.
    let rest_of_line = text[len..].split('\n').next().unwrap_or("");
    if !rest_of_line.trim().is_empty() {
        return None;
    }
    let end = start + len;
    // The line holding the command's last byte.
    let last = match offsets.binary_search(&end) {
        Ok(line) => line.saturating_sub(1).max(index),
        Err(next) => next - 1,
    };
    Some(last)
}

/// The lifted block a paragraph's text marks (`MARK` index `MARK`).
pub fn marked(text: &str) -> Option<usize> {
    text.trim()
        .strip_prefix(MARK)?
        .strip_suffix(MARK)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEX: Lift = Lift {
        raw_tex: true,
        title_block: false,
        tables: [false; 4],
        table_captions: false,
        metadata_blocks: false,
    };

    #[test]
    fn raw_tex_blocks_are_lifted_and_lines_kept() {
        let source =
            "Text.\n\n\\begin{center}\nA *b*\n\n(a) c\n\\end{center}\n\n\\vspace{1em}\nabc\n";
        let (text, lifted) = lift(source, TEX);
        assert_eq!(text.lines().count(), source.lines().count());
        assert_eq!(lifted.len(), 2);
        assert_eq!(
            lifted[0],
            Lifted::RawTex {
                text: "\\begin{center}\nA *b*\n\n(a) c\n\\end{center}".to_owned(),
                line: 3
            }
        );
        assert!(matches!(&lifted[1], Lifted::RawTex { text, line: 9 } if text == "\\vspace{1em}"));
        assert_eq!(text.lines().nth(9), Some("abc"));
        assert_eq!(marked(text.lines().nth(2).unwrap()), Some(0));
    }

    #[test]
    fn what_is_not_a_raw_block_stays() {
        for source in [
            "a paragraph\n\\vspace{1em}\n",
            "```\n\\begin{x}\n\\end{x}\n```\n",
            "\\textbf{bold} and more words\n",
            "\\begin{center} never closed\n",
        ] {
            let (text, lifted) = lift(source, TEX);
            assert!(lifted.is_empty(), "{source}");
            assert_eq!(text, source);
        }
        assert!(lift("\\vspace{1em}\n", Lift::default()).1.is_empty());
    }

    #[test]
    fn a_yaml_block_in_the_body_is_lifted_and_a_rule_is_not() {
        let what = Lift {
            metadata_blocks: true,
            ..Lift::default()
        };
        let source = "Text.\n\n---\nauthor: Ada\n...\n\nMore.\n\n---\n\nAfter a rule.\n";
        let (text, lifted) = lift(source, what);
        assert_eq!(text.lines().count(), source.lines().count());
        assert_eq!(
            lifted,
            [Lifted::Metadata {
                yaml: "author: Ada\n".to_owned(),
                line: 3
            }]
        );
        assert!(text.contains("After a rule."));
        // Not YAML: a rule and a paragraph.
        assert!(lift("a\n\n---\nnot: [yaml\n---\n", what).1.is_empty());
    }
}
