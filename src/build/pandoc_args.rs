//! pandoc's command-line options, as pypandoc's `extra_args` passes them,
//! set on a build's options: those that mean something here are honoured,
//! `--lua-filter` is refused, the rest are named in one warning.

use super::BuildOptions;
use crate::doc::{self, Block, Document};
use crate::error::{Error, Result};
use std::path::PathBuf;

/// What `extra_args` asked for beyond the build's options.
#[derive(Debug, Default)]
pub struct PandocArgs {
    /// `-s`/`--standalone`: HTML as a whole page, not the body.
    pub standalone: bool,
    /// `--resource-path`: folders images are also read from.
    pub resource_path: Vec<PathBuf>,
    /// The options accepted and ignored, for one warning.
    pub ignored: Vec<String>,
}

/// pandoc's options that take a value (`--pdf-engine xelatex`): ignored
/// here, their value with them.
const IGNORED_WITH_VALUE: &[&str] = &[
    "--pdf-engine",
    "--pdf-engine-opt",
    "--wrap",
    "--columns",
    "--template",
    "--css",
    "-c",
    "--highlight-style",
    "--syntax-highlighting",
    "--include-in-header",
    "-H",
    "--include-before-body",
    "-B",
    "--include-after-body",
    "-A",
    "--bibliography",
    "--csl",
    "--citation-abbreviations",
    "--data-dir",
    "--defaults",
    "-d",
    "--dpi",
    "--eol",
    "--epub-cover-image",
    "--epub-metadata",
    "--epub-embed-font",
    "--extract-media",
    "--id-prefix",
    "--indented-code-classes",
    "--log",
    "--metadata-file",
    "--tab-stop",
    "--title-prefix",
    "-T",
    "--top-level-division",
    "--request-header",
    "--slide-level",
    "--abbreviations",
    "--reference-location",
    "--syntax-definition",
    "--toc-depth",
    "--track-changes",
    "--email-obfuscation",
    "--split-level",
    "--chunk-template",
];

/// Sets pandoc's options `args` on `options`.
pub fn apply(options: &mut BuildOptions, args: &[String]) -> Result<PandocArgs> {
    let mut out = PandocArgs::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        // A short option's value may follow it directly (`-Mkey=value`).
        let (name, inline) = match (name, inline) {
            (short, None)
                if short.len() > 2 && !short.starts_with("--") && short.starts_with('-') =>
            {
                let (flag, value) = short.split_at(2);
                (flag, Some(value.to_owned()))
            }
            other => other,
        };
        let mut value = |what: &str| -> Result<String> {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| Error::Usage(format!("extra_args: `{name}` needs {what}")))
        };
        match name {
            "-s" | "--standalone" => out.standalone = true,
            "--reference-doc" => options.reference_doc = Some(PathBuf::from(value("a file")?)),
            "-M" | "--metadata" | "-V" | "--variable" => {
                let (key, value) = key_value(&value("KEY=VALUE")?);
                options.metadata.push((key, value));
            }
            "--toc" | "--table-of-contents" => options
                .metadata
                .push(("toc".to_owned(), doc::Value::Bool(true))),
            "-N" | "--number-sections" => options
                .metadata
                .push(("numbersections".to_owned(), doc::Value::Bool(true))),
            "--shift-heading-level-by" => {
                let given = value("a number")?;
                options.shift_heading_level_by = given.trim().parse().map_err(|_| {
                    Error::Usage(format!(
                        "extra_args: `--shift-heading-level-by` takes a whole number, not `{given}`"
                    ))
                })?;
            }
            "-F" | "--filter" => options
                .filters
                .programs
                .push(PathBuf::from(value("a program")?)),
            "-L" | "--lua-filter" => return Err(crate::filters::lua_refused()),
            "--resource-path" => out.resource_path.extend(
                std::env::split_paths(&value("folders")?).filter(|p| !p.as_os_str().is_empty()),
            ),
            // quire never reads outside the project nor fetches anything.
            "--sandbox" => {}
            "-f" | "-r" | "--from" | "--read" | "-t" | "-w" | "--to" | "--write" | "-o"
            | "--output" => {
                let _ = value("a value")?;
                out.ignored
                    .push(format!("{name} (give it as the call's argument)"));
            }
            _ if IGNORED_WITH_VALUE.contains(&name) => {
                let _ = value("a value")?;
                out.ignored.push(name.to_owned());
            }
            _ => out.ignored.push(arg.clone()),
        }
    }
    Ok(out)
}

/// pandoc's `KEY[=VALUE]` or `KEY[:VALUE]`; a key alone is `true`.
fn key_value(given: &str) -> (String, doc::Value) {
    match given.split_once(['=', ':']) {
        Some((key, value)) => {
            let value = match value {
                "true" => doc::Value::Bool(true),
                "false" => doc::Value::Bool(false),
                text => doc::Value::String(text.to_owned()),
            };
            (key.to_owned(), value)
        }
        None => (given.to_owned(), doc::Value::Bool(true)),
    }
}

/// pandoc's `--shift-heading-level-by=N`: every heading `N` levels down
/// (up, when negative). A heading shifted above level 1 is the title when
/// there is none yet (pandoc's rule), else a paragraph.
pub fn shift_headings(doc: &mut Document, by: i32) {
    if by == 0 {
        return;
    }
    let blocks = std::mem::take(&mut doc.blocks);
    for block in blocks {
        match block {
            Block::Heading {
                level,
                attr,
                content,
                pos,
            } => {
                let shifted = i32::from(level) + by;
                if shifted >= 1 {
                    doc.blocks.push(Block::Heading {
                        level: shifted.min(6) as u8,
                        attr,
                        content,
                        pos,
                    });
                } else if doc.meta.title.is_none() {
                    doc.meta.title = Some(doc::plain_text(&content).trim().to_owned());
                } else {
                    doc.blocks.push(Block::Paragraph { content });
                }
            }
            other => doc.blocks.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn pythondotorgs_and_pandocs_usual_options() {
        let mut options = BuildOptions::default();
        let out = apply(
            &mut options,
            &args(&[
                "--reference-doc",
                "reference.docx",
                "-M",
                "title=Agreement",
                "--metadata=draft",
                "-Vgeometry:margin=1in",
                "-s",
                "--toc",
                "--number-sections",
                "--shift-heading-level-by=-1",
                "--filter",
                "pagebreak.py",
                "--pdf-engine",
                "xelatex",
                "--wrap=none",
                "--sandbox",
            ]),
        )
        .unwrap();
        assert_eq!(options.reference_doc, Some(PathBuf::from("reference.docx")));
        assert!(out.standalone);
        assert_eq!(options.shift_heading_level_by, -1);
        assert_eq!(options.filters.programs, [PathBuf::from("pagebreak.py")]);
        let keys: Vec<&str> = options.metadata.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            ["title", "draft", "geometry", "toc", "numbersections"]
        );
        assert_eq!(
            options.metadata[2].1,
            doc::Value::String("margin=1in".to_owned())
        );
        assert_eq!(out.ignored, ["--pdf-engine", "--wrap"]);
        let lua = apply(&mut options, &args(&["--lua-filter", "x.lua"])).unwrap_err();
        assert!(lua.to_string().contains("Lua filters are not supported"));
        let missing = apply(&mut options, &args(&["--reference-doc"])).unwrap_err();
        assert!(missing.to_string().contains("needs a file"));
    }

    #[test]
    fn shifted_headings_go_down_or_become_the_title() {
        let heading = |level: u8, text: &str| Block::Heading {
            level,
            attr: doc::Attr::default(),
            content: vec![doc::Inline::text(text)],
            pos: doc::Pos::default(),
        };
        let mut doc = Document {
            blocks: vec![heading(1, "Title"), heading(2, "Part"), heading(1, "Again")],
            ..Document::default()
        };
        shift_headings(&mut doc, -1);
        assert_eq!(doc.meta.title.as_deref(), Some("Title"));
        assert!(matches!(doc.blocks[0], Block::Heading { level: 1, .. }));
        assert!(matches!(doc.blocks[1], Block::Paragraph { .. }));
    }
}
