//! `quire new`: a project to start from — quire.yaml, an example source
//! and, on request, a copy of a layout to edit.

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::files;
use crate::project::{Project, CONFIG_FILE};
use std::path::{Path, PathBuf};

/// The example document of a new project: it shows what quire does with
/// each kind of block, and builds as it is.
const EXAMPLE: &str = r#"---
title: Welcome to quire
subtitle: Your first document
author: Your Name
date: 2027-01-15
---

This document is Markdown with a little YAML at the top. Edit it, then run
`quire build` to make every format listed in `quire.yaml`, or
`quire watch` to rebuild each time you save.

## What you can write

- **Bold**, *italic* and `code`, and [links](https://www.python.org)
- Lists, nested as deep as you need
  1. numbered ones too
- Tables, block quotes and footnotes[^1]

| Format | File |
|---|---|
| PDF | `dist/example.pdf` |
| HTML page | `dist/example.html` |
| Plain text | `dist/example.txt` |

> The layout in `quire.yaml` decides how every format looks.

[^1]: Footnotes go at the end of the page, or of the document.
"#;

/// What `quire new` wrote.
pub struct Scaffold {
    pub files: Vec<PathBuf>,
}

/// Creates a project in `dir`: `quire.yaml`, `source/example.md` and, with
/// `layout_from`, a copy of that layout to edit in `layouts/NAME`. Refuses
/// to touch a folder that is already a project.
pub fn scaffold(dir: &Path, layout_from: Option<&str>) -> Result<Scaffold> {
    let config_path = dir.join(CONFIG_FILE);
    if files::is_file(&config_path) {
        return Err(Diagnostic::error(
            files::display(&config_path),
            "this folder is already a quire project",
        )
        .hint("choose a new folder: quire new DIR")
        .into());
    }
    let example = dir.join("source").join("example.md");
    if files::is_file(&example) {
        return Err(Diagnostic::error(files::display(&example), "the file already exists").into());
    }
    let layout = layout_from.unwrap_or("base");
    // Read the layout before writing anything, so an unknown name leaves no trace.
    let copied = match layout_from {
        Some(name) => crate::layout::own_files(name, &Project::load(dir)?)?,
        None => Vec::new(),
    };
    let config = format!(
        "# quire project settings. Every key is optional.\n\
         source: source\n\
         layouts: layouts\n\
         output: dist\n\
         layout: {layout}\n\
         lang: en\n\
         # base_url: https://www.example.org   # where site-relative links point\n\
         # publisher: Your Organisation        # EPUB publisher, default author\n\
         formats: [pdf, html, txt]\n"
    );
    let mut written = Vec::new();
    let mut put = |path: PathBuf, bytes: &[u8]| -> Result<()> {
        files::write_atomic(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    put(config_path, config.as_bytes())?;
    put(example, EXAMPLE.as_bytes())?;
    for (name, bytes) in copied {
        put(dir.join("layouts").join(layout).join(name), &bytes)?;
    }
    Ok(Scaffold { files: written })
}
