//! Helpers shared by the integration tests: run the `quire` binary, and
//! normalise HTML the way the CommonMark spec runner does.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub struct Run {
    command: Command,
    stdin: Vec<u8>,
}

pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// `quire ARGS` in the repository root.
pub fn quire(args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command
        .args(args)
        .current_dir(repo())
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1");
    Run {
        command,
        stdin: Vec::new(),
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Run {
    pub fn in_dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn stdin_bytes(mut self, bytes: &[u8]) -> Self {
        self.stdin = bytes.to_vec();
        self
    }

    pub fn run(mut self) -> Output {
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the quire binary runs");
        let mut stdin = child.stdin.take().unwrap();
        let bytes = std::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&bytes);
        });
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        Output {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Block-level elements, around which whitespace does not matter.
const BLOCK_TAGS: &[&str] = &[
    "article",
    "header",
    "aside",
    "hgroup",
    "blockquote",
    "hr",
    "iframe",
    "body",
    "li",
    "map",
    "button",
    "object",
    "canvas",
    "ol",
    "caption",
    "output",
    "col",
    "p",
    "colgroup",
    "pre",
    "dd",
    "progress",
    "div",
    "section",
    "dl",
    "table",
    "td",
    "dt",
    "tbody",
    "embed",
    "textarea",
    "fieldset",
    "tfoot",
    "figcaption",
    "th",
    "figure",
    "thead",
    "footer",
    "tr",
    "form",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "video",
    "script",
    "style",
];

/// The spec runner's normalisation (normalize.py): attributes sorted,
/// `/>` dropped, entities decoded then re-escaped, whitespace collapsed
/// outside `<pre>` and removed next to block-level tags.
pub fn normalize_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut in_pre = 0usize;
    let mut last_was_block = true;
    let mut pending_text = String::new();
    let flush = |text: &mut String,
                 out: &mut String,
                 in_pre: usize,
                 next_is_block: bool,
                 last_was_block: bool| {
        if text.is_empty() {
            return;
        }
        let decoded = escape(&decode_entities(text));
        let piece = if in_pre > 0 {
            decoded
        } else {
            let mut collapsed = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
            let starts = decoded.starts_with(char::is_whitespace);
            let ends = decoded.ends_with(char::is_whitespace);
            if starts && !last_was_block && !collapsed.is_empty() {
                collapsed.insert(0, ' ');
            }
            if ends && !next_is_block && !collapsed.is_empty() {
                collapsed.push(' ');
            }
            if collapsed.is_empty() && !last_was_block && !next_is_block && !decoded.is_empty() {
                collapsed.push(' ');
            }
            collapsed
        };
        out.push_str(&piece);
        text.clear();
    };
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").map_or(after.len(), |i| i + 3);
            flush(&mut pending_text, &mut out, in_pre, false, last_was_block);
            out.push_str(&rest[..4 + end]);
            rest = &after[end..];
            last_was_block = false;
            continue;
        }
        if rest.starts_with('<') {
            if let Some((tag, len)) = parse_tag(rest) {
                let is_block = BLOCK_TAGS.contains(&tag.name.as_str());
                flush(
                    &mut pending_text,
                    &mut out,
                    in_pre,
                    is_block,
                    last_was_block,
                );
                if tag.name == "pre" {
                    if tag.closing {
                        in_pre = in_pre.saturating_sub(1);
                    } else {
                        in_pre += 1;
                    }
                }
                out.push_str(&tag.render());
                last_was_block = is_block;
                rest = &rest[len..];
                continue;
            }
        }
        let first = rest.chars().next().map_or(1, char::len_utf8);
        let next = rest[first..].find('<').map_or(rest.len(), |i| i + first);
        pending_text.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    flush(&mut pending_text, &mut out, in_pre, true, last_was_block);
    out.trim().to_owned()
}

struct Tag {
    name: String,
    closing: bool,
    attributes: Vec<(String, Option<String>)>,
}

impl Tag {
    fn render(&self) -> String {
        if self.closing {
            return format!("</{}>", self.name);
        }
        let mut attributes = self.attributes.clone();
        attributes.sort();
        let mut out = format!("<{}", self.name);
        for (name, value) in attributes {
            match value {
                Some(value) => {
                    out.push_str(&format!(" {name}=\"{}\"", escape(&decode_entities(&value))))
                }
                None => out.push_str(&format!(" {name}")),
            }
        }
        out.push('>');
        out
    }
}

/// Parses a start or end tag at the start of `s`: the tag and its length.
fn parse_tag(s: &str) -> Option<(Tag, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(i) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    if i == name_start || !bytes[name_start].is_ascii_alphabetic() {
        return None;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => {
                return Some((
                    Tag {
                        name,
                        closing,
                        attributes,
                    },
                    i + 1,
                ))
            }
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                return Some((
                    Tag {
                        name,
                        closing,
                        attributes,
                    },
                    i + 2,
                ))
            }
            _ => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        if i == attr_start {
            return None;
        }
        let attr = s[attr_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            attributes.push((attr, None));
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = s[i + 1..].find(q as char)? + i + 1;
                let value = s[i + 1..end].to_owned();
                i = end + 1;
                value
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                s[start..i].to_owned()
            }
        };
        attributes.push((attr, Some(value)));
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Decodes numeric entities and the few named ones HTML writers emit.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.find(';').filter(|&end| end <= 32).and_then(|end| {
            let name = &after[..end];
            let c = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = name.strip_prefix('#') {
                dec.parse::<u32>().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    "copy" => Some('©'),
                    "ouml" => Some('ö'),
                    _ => None,
                }
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A PDF's text in reading order (`pdftotext -raw`, which `make deps`
/// installs; a missing tool fails the test).
pub fn pdf_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .args(["-raw", pdf.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext runs (make deps)");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A PDF page's words with their boxes, `[x_min, y_min, x_max, y_max]` in
/// points from the page's top left (`pdftotext -bbox`).
pub fn pdf_words(pdf: &Path, page: usize) -> Vec<(String, [f64; 4])> {
    let page = page.to_string();
    let output = Command::new("pdftotext")
        .args([
            "-bbox",
            "-f",
            &page,
            "-l",
            &page,
            pdf.to_str().unwrap(),
            "-",
        ])
        .output()
        .expect("pdftotext runs (make deps)");
    assert!(output.status.success(), "pdftotext {}", pdf.display());
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with("<word"))
        .map(|line| {
            let attr = |name: &str| -> f64 {
                let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
                line[at..].split('"').next().unwrap().parse().unwrap()
            };
            let word = line.split('>').nth(1).unwrap().split('<').next().unwrap();
            (
                word.to_owned(),
                [attr("xMin"), attr("yMin"), attr("xMax"), attr("yMax")],
            )
        })
        .collect()
}

/// The names of the files in `dir`, sorted (none when it does not exist).
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A rule or box drawn on a PDF page, as pdfplumber reads it (points,
/// from the top left; colours as 0–1 fractions).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Shape {
    /// `line` or `rect`.
    pub kind: String,
    pub x0: f64,
    pub x1: f64,
    pub top: f64,
    pub bottom: f64,
    pub linewidth: f64,
    pub fill: Option<Vec<f64>>,
}

/// Every line and rectangle on page `page` (1-based) of `pdf`, through
/// pdfplumber (`make deps` installs it): it reads the drawing as a viewer
/// does, whatever operators the writer chose.
pub fn pdf_shapes(pdf: &Path, page: usize) -> Vec<Shape> {
    const SCRIPT: &str = r#"
import json, sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    page = pdf.pages[int(sys.argv[2]) - 1]
    def colour(c):
        if c is None or isinstance(c, (int, float)):
            return None if c is None else [float(c)]
        return [float(v) for v in c] if all(isinstance(v, (int, float)) for v in c) else None
    shapes = [dict(kind=kind, x0=s["x0"], x1=s["x1"], top=s["top"], bottom=s["bottom"],
                   linewidth=s.get("linewidth") or 0.0, fill=colour(s.get("non_stroking_color")))
              for kind, group in (("line", page.lines), ("rect", page.rects)) for s in group]
    print(json.dumps(shapes))
"#;
    python_json(SCRIPT, &[pdf.to_str().unwrap(), &page.to_string()])
}

/// Runs a Python script that prints JSON (pdfplumber, which `make deps`
/// installs, reads the PDF) and parses what it prints.
pub fn python_json<T: serde::de::DeserializeOwned>(script: &str, args: &[&str]) -> T {
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "pdfplumber (make deps): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("the script's JSON")
}

/// `quire build SOURCE --to FORMATS -o` the source's own folder.
pub fn build_beside(source: &Path, formats: &str) -> Output {
    let dir = source.parent().unwrap().to_str().unwrap();
    quire(&[
        "build",
        source.to_str().unwrap(),
        "--to",
        formats,
        "-o",
        dir,
    ])
    .run()
}

/// Builds `doc.md` in the project at `root` into `out/` as `to`, at a fixed
/// `SOURCE_DATE_EPOCH`; the build must succeed.
pub fn build_doc(root: &Path, to: &str) -> Output {
    let out = quire(&["build", "doc.md", "--to", to, "-o", "out"])
        .in_dir(root)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    out
}

/// Runs a checker (`make deps` installs them): whether it passed, and what
/// it printed on both streams.
pub fn run_tool(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|_| panic!("`{cmd}` is not installed; run `make deps`"));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}
