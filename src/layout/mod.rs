//! A layout: its `Style` (layout.yaml) and its templates, resolved through
//! `extends` down to `base`. Layouts that ship with quire are compiled into
//! the binary; a project's `layouts/NAME` overrides one by name.

pub mod pandoc;

use crate::diag::Diagnostic;
use crate::error::Result;
use crate::files;
use crate::project::{yaml_error, Project};
use crate::template::{TemplateContext, TemplateSource, Templates};
use crate::write::image::ImageData;
use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::Arc;

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/layouts");

/// The templates a layout may provide; a missing one comes from the layout it extends.
pub const TEMPLATE_NAMES: [&str; 5] = [
    "page.html",
    "fragment.html",
    "chapter.xhtml",
    "text.txt",
    "style.css",
];

/// Every visual decision of a layout, written once in `layout.yaml` and
/// read by every writer (and by `style.css` through `style.…`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Style {
    /// The layout this one builds on; `base` when not given.
    /// Example: `extends: base`
    pub extends: Option<String>,
    /// One line for `quire layouts`. Example: `description: One-page fact sheet`
    pub description: String,
    /// Page size and margins (PDF, and `@page` in print CSS).
    pub page: Page,
    /// Text columns on a page. Example: `columns: 2`
    pub columns: u8,
    /// Body type size in points. Example: `size: 10.5`
    pub size: f64,
    /// Line height as a multiple of the size. Example: `leading: 1.4`
    pub leading: f64,
    /// Font families, first choice first; later ones are fallbacks.
    pub fonts: Fonts,
    /// The document title's size as a multiple of the body size.
    /// Example: `title_scale: 1.8`
    pub title_scale: f64,
    /// Each heading level's size as a multiple of the body size, h1 first.
    /// Example: `heading_scale: [1.6, 1.3, 1.1]`
    pub heading_scale: Vec<f64>,
    /// Colours as `#rrggbb`.
    pub colors: Colors,
    /// Justify paragraphs (otherwise ragged right). Example: `justify: true`
    pub justify: bool,
    /// Hyphenate words that do not fit. Example: `hyphenate: true`
    pub hyphenate: bool,
    /// Widest line of the HTML page, in `em`. Example: `measure: 40`
    pub measure: f64,
    /// Width of the plain-text output, in characters. Example: `text_width: 72`
    pub text_width: usize,
    /// Heading levels listed in tables of contents. Example: `toc_depth: 2`
    pub toc_depth: u8,
    /// Smallest body size fit-to-pages may shrink to, in points. Example: `min_size: 8.5`
    pub min_size: f64,
    /// Most pages the PDF may take (fit-to-pages shrinks the type to stay
    /// within it). Example: `max_pages: 2`
    pub max_pages: Option<u32>,
    /// Space between columns, in points. Example: `column_gap: 18`
    pub column_gap: f64,
    /// Shortest word that is hyphenated, in letters. Example: `hyphenate_min_word: 6`
    pub hyphenate_min_word: usize,
    /// Fewest letters left on either side of a hyphen. Example: `hyphenate_min_fragment: 3`
    pub hyphenate_min_fragment: usize,
    /// Extra space between letters of ALL-CAPS runs, in em. Example: `caps_tracking: 0.06`
    pub caps_tracking: f64,
    /// PDF running header, a template string (`{{ meta.title }}`, `{{ page }}`,
    /// `{{ pages }}`, `{{ build.date }}`); empty for none.
    pub header: String,
    /// PDF running footer, as `header`. Example: `footer: "Page {{ page }} of {{ pages }}"`
    pub footer: String,
    /// EPUB: split into chapters at headings of this level (0: one chapter).
    /// Example: `chapter_level: 1`
    pub chapter_level: u8,
    /// EPUB: embed the layout's fonts (their licences allow it). Example: `embed_fonts: false`
    pub embed_fonts: bool,
    /// A table of contents after the title, `toc_depth` levels deep (PDF
    /// with page numbers, HTML page). Example: `toc: true`
    pub toc: bool,
    /// Print: the plain address of each link in small type under its
    /// paragraph, so a printed page stays usable. Example: `print_urls: true`
    pub print_urls: bool,
    /// A letter's sender block: lines set flush right above the title in
    /// small type (the brief's publisher address), the date under them.
    /// Example: `letterhead: [Python Software Foundation, "Beaverton, OR 97008"]`
    pub letterhead: Vec<String>,
    /// An image (PNG or JPEG) in the layout folder, set at the top left of
    /// the PDF's first page and the HTML page beside the letterhead.
    /// Example: `logo: logo.png`
    pub logo: Option<String>,
    /// The logo's height in points. Example: `logo_height: 36`
    pub logo_height: f64,
    /// How links look: `accent` (accent colour; underlined on screen only),
    /// `underline` (accent colour, underlined everywhere, print included) or
    /// `plain` (text colour, no underline). Example: `link_style: underline`
    pub link_style: LinkStyle,
    /// How tables are ruled: `rules` (a line under each row), `grid` (every
    /// cell boxed) or `stripes` (alternate rows shaded, no row lines).
    /// Example: `table_style: stripes`
    pub table_style: TableStyle,
    /// Styles for a div or span class (`::: note`, `[x]{.note}`, GitHub's
    /// `> [!NOTE]`), the same in every format; a class with no entry is
    /// kept as a class in HTML and ignored in print.
    /// Example: `classes: {note: {background: "#eef4fa", rule: "#306998"}}`
    pub classes: std::collections::BTreeMap<String, ClassStyle>,
}

/// How one class looks: a shaded box, a rule down its left side, a text
/// colour, kept on one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ClassStyle {
    /// The shade behind the block, `#rrggbb`. Example: `background: "#eef4fa"`
    pub background: Option<String>,
    /// A rule down the block's left side, `#rrggbb`. Example: `rule: "#306998"`
    pub rule: Option<String>,
    /// The text's colour, `#rrggbb`. Example: `color: "#7a2e0e"`
    pub color: Option<String>,
    /// Print: keep the block on one page (up to a dozen lines; a longer one
    /// breaks as any text). Example: `keep: true`
    pub keep: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkStyle {
    #[default]
    Accent,
    Underline,
    Plain,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TableStyle {
    #[default]
    Rules,
    Grid,
    Stripes,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Page {
    /// `letter` or `a4`. Example: `size: letter`
    pub size: String,
    /// Margins in points (72 to the inch). Example: `margin: {top: 54, right: 54, bottom: 54, left: 54}`
    pub margin: Margins,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
    pub left: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fonts {
    /// Body text. Example: `text: [Inter, Liberation Sans]`
    pub text: Vec<String>,
    /// Headings. Example: `heading: [Inter]`
    pub heading: Vec<String>,
    /// Code. Example: `mono: [DejaVu Sans Mono]`
    pub mono: Vec<String>,
    /// A layout's own font files, by family, relative to the layout folder.
    /// Example: `files: {Inter: {regular: fonts/Inter-Regular.ttf, bold: fonts/Inter-Bold.ttf}}`
    pub files: std::collections::BTreeMap<String, FontFiles>,
}

/// The files of one font family; missing styles fall back to `regular`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FontFiles {
    pub regular: Option<String>,
    pub bold: Option<String>,
    pub italic: Option<String>,
    pub bold_italic: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Colors {
    /// Body text. Example: `text: "#1f2328"`
    pub text: String,
    /// Headings, links, rules that carry the brand. Example: `accent: "#306998"`
    pub accent: String,
    /// Secondary text (subtitles, captions). Example: `muted: "#59636e"`
    pub muted: String,
    /// Table and section rules. Example: `rule: "#d1d9e0"`
    pub rule: String,
    /// Code and table header shading. Example: `shade: "#f6f8fa"`
    pub shade: String,
}

impl Default for Style {
    fn default() -> Self {
        Style {
            extends: None,
            description: String::new(),
            page: Page::default(),
            columns: 1,
            size: 10.5,
            leading: 1.45,
            fonts: Fonts::default(),
            title_scale: 2.3,
            heading_scale: vec![1.6, 1.3, 1.12, 1.0, 1.0, 1.0],
            colors: Colors::default(),
            justify: false,
            hyphenate: true,
            measure: 40.0,
            text_width: 72,
            toc_depth: 2,
            min_size: 8.0,
            max_pages: None,
            column_gap: 18.0,
            hyphenate_min_word: 6,
            hyphenate_min_fragment: 3,
            caps_tracking: 0.06,
            header: String::new(),
            footer: "{{ meta.title }} · page {{ page }} of {{ pages }}".to_owned(),
            chapter_level: 0,
            letterhead: Vec::new(),
            logo: None,
            logo_height: 36.0,
            link_style: LinkStyle::Accent,
            table_style: TableStyle::Rules,
            embed_fonts: false,
            toc: false,
            print_urls: false,
            classes: Default::default(),
        }
    }
}

/// Class names go into CSS selectors and colours into CSS values: each must
/// be what it says.
fn check_classes(name: &str, style: &Style) -> Result<()> {
    let file = format!("layouts/{name}/layout.yaml");
    for (class, entry) in &style.classes {
        let valid = !class.is_empty()
            && !class.starts_with(|c: char| c.is_ascii_digit())
            && class
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Diagnostic::error(
                &file,
                format!("`classes: {class}` is not a class name"),
            )
            .hint("letters, digits, `-` and `_`, not starting with a digit")
            .into());
        }
        for colour in [&entry.background, &entry.rule, &entry.color]
            .into_iter()
            .flatten()
        {
            let hex = colour.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(Diagnostic::error(
                    &file,
                    format!("`classes: {class}`: `{colour}` is not a colour"),
                )
                .hint("write colours as `#rrggbb`")
                .into());
            }
        }
    }
    Ok(())
}

impl Default for Page {
    fn default() -> Self {
        Page {
            size: "letter".to_owned(),
            margin: Margins {
                top: 54.0,
                right: 54.0,
                bottom: 54.0,
                left: 54.0,
            },
        }
    }
}

impl Default for Fonts {
    fn default() -> Self {
        Fonts {
            text: vec!["Inter".to_owned()],
            heading: vec!["Inter".to_owned()],
            mono: vec!["DejaVu Sans Mono".to_owned()],
            files: Default::default(),
        }
    }
}

impl Default for Colors {
    fn default() -> Self {
        Colors {
            text: "#1f2328".to_owned(),
            accent: "#306998".to_owned(),
            muted: "#59636e".to_owned(),
            rule: "#d1d9e0".to_owned(),
            shade: "#f6f8fa".to_owned(),
        }
    }
}

/// A loaded layout, ready for the writers. Cloning is cheap (the templates
/// are shared): a document's front matter may change its style (`pandoc.rs`).
#[derive(Clone)]
pub struct Layout {
    pub name: String,
    pub style: Style,
    templates: Arc<Templates>,
    /// The folders of this layout and those it extends, nearest first.
    folders: Vec<Folder>,
    /// The image `logo:` names, loaded once for every document.
    pub logo: Option<Arc<ImageData>>,
}

/// One entry of `quire layouts`.
#[derive(Debug, Clone, Serialize)]
pub struct LayoutInfo {
    pub name: String,
    pub description: String,
    /// `built-in`, or the project folder it comes from.
    pub origin: String,
}

/// The files of layout `name`'s own folder (not those it inherits), for
/// `quire new --layout-from`.
pub fn own_files(name: &str, project: &Project) -> Result<Vec<(String, Vec<u8>)>> {
    match Folder::find(name, project) {
        Some(Folder::Project(dir)) => files::files_in(&dir),
        Some(Folder::Builtin(dir)) => {
            let mut found: Vec<(String, Vec<u8>)> = dir
                .files()
                .filter_map(|f| {
                    let name = f.path().file_name()?.to_str()?.to_owned();
                    Some((name, f.contents().to_vec()))
                })
                .collect();
            found.sort();
            Ok(found)
        }
        None => Err(unknown_layout(name, project)),
    }
}

/// Where one layout folder was found.
#[derive(Clone)]
enum Folder {
    Project(PathBuf),
    Builtin(&'static Dir<'static>),
}

impl Folder {
    fn find(name: &str, project: &Project) -> Option<Folder> {
        let on_disk = project.layouts_dir().join(name);
        if files::is_dir(&on_disk) {
            return Some(Folder::Project(on_disk));
        }
        BUILTIN.get_dir(name).map(Folder::Builtin)
    }

    fn read_bytes(&self, file: &str) -> Result<Option<Vec<u8>>> {
        match self {
            Folder::Project(dir) => files::read_if_exists(&dir.join(file)),
            Folder::Builtin(dir) => Ok(dir
                .get_file(dir.path().join(file))
                .map(|f| f.contents().to_vec())),
        }
    }

    /// The file's text and a path to show in errors, if the folder has it.
    fn read(&self, file: &str) -> Result<Option<(String, String)>> {
        match self {
            Folder::Project(dir) => {
                let path = dir.join(file);
                Ok(files::read_if_exists(&path)?.map(|bytes| {
                    (
                        files::display(&path),
                        String::from_utf8_lossy(&bytes).into_owned(),
                    )
                }))
            }
            Folder::Builtin(dir) => Ok(dir.get_file(dir.path().join(file)).map(|f| {
                (
                    format!("<built-in>/layouts/{}", dir.path().join(file).display()),
                    String::from_utf8_lossy(f.contents()).into_owned(),
                )
            })),
        }
    }
}

impl Layout {
    /// Loads layout `name`: the project's own folder first, then the built-in one.
    pub fn load(name: &str, project: &Project) -> Result<Layout> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(
                Diagnostic::error("quire", format!("`{name}` is not a layout name"))
                    .hint("layout names are letters, digits, `-` and `_`; see `quire layouts`")
                    .into(),
            );
        }
        // The chain from this layout down to `base`, with each one's style.
        let mut chain: Vec<(Folder, serde_yaml::Value)> = Vec::new();
        let mut next = Some(name.to_owned());
        while let Some(current) = next.take() {
            if chain.len() > 16 {
                return Err(Diagnostic::error(
                    "quire",
                    format!("layout `{name}` extends itself in a loop"),
                )
                .into());
            }
            let folder =
                Folder::find(&current, project).ok_or_else(|| unknown_layout(&current, project))?;
            let style_value = match folder.read("layout.yaml")? {
                Some((path, text)) => parse_style(&path, &text)?,
                None => serde_yaml::Value::Mapping(Default::default()),
            };
            next = match style_value.get("extends").and_then(|v| v.as_str()) {
                Some(parent) => Some(parent.to_owned()),
                None if current != "base" => Some("base".to_owned()),
                None => None,
            };
            chain.push((folder, style_value));
        }
        let mut merged = serde_yaml::Value::Mapping(Default::default());
        for (_, value) in chain.iter().rev() {
            merge(&mut merged, value.clone());
        }
        let style: Style = serde_yaml::from_value(merged).map_err(|err| {
            Diagnostic::error(format!("layouts/{name}/layout.yaml"), err.to_string())
        })?;
        check_classes(name, &style)?;
        let mut sources = Vec::new();
        for template in TEMPLATE_NAMES {
            for (folder, _) in &chain {
                if let Some((path, text)) = folder.read(template)? {
                    sources.push(TemplateSource {
                        name: template.to_owned(),
                        path,
                        text,
                    });
                    break;
                }
            }
        }
        let mut layout = Layout {
            name: name.to_owned(),
            style,
            templates: Arc::new(Templates::new(sources)?),
            folders: chain.into_iter().map(|(folder, _)| folder).collect(),
            logo: None,
        };
        if let Some(path) = layout.style.logo.clone() {
            let file = format!("layouts/{name}/layout.yaml");
            let bytes = layout.asset(&path)?.ok_or_else(|| {
                Diagnostic::error(
                    &file,
                    format!("the logo `{path}` is not in the layout folder"),
                )
                .hint("put the image next to layout.yaml, or remove `logo:`")
            })?;
            let image = ImageData::parse(bytes).map_err(|reason| {
                Diagnostic::error(&file, format!("the logo `{path}` cannot be used: {reason}"))
                    .hint("a logo is a PNG or JPEG file")
            })?;
            layout.logo = Some(Arc::new(image));
        }
        Ok(layout)
    }

    /// A file of the layout (a font, a logo) by its path relative to the
    /// layout folder, from this layout or the nearest one it extends.
    pub fn asset(&self, path: &str) -> Result<Option<Vec<u8>>> {
        if path.split(['/', '\\']).any(|part| part == "..") || path.starts_with('/') {
            return Err(Diagnostic::error(
                format!("layouts/{}", self.name),
                format!("`{path}` points outside the layout folder"),
            )
            .into());
        }
        for folder in &self.folders {
            if let Some(bytes) = folder.read_bytes(path)? {
                return Ok(Some(bytes));
            }
        }
        Ok(None)
    }

    /// Renders a template string from the layout (a PDF header or footer)
    /// with extra values (`page`, `pages`) beside the usual context.
    pub fn render_str(
        &self,
        what: &str,
        source: &str,
        values: &minijinja::Value,
        extra: &[(&str, String)],
    ) -> Result<String> {
        self.templates.render_str(
            &format!("layouts/{}/layout.yaml ({what})", self.name),
            source,
            values,
            extra,
        )
    }

    /// Renders one of the layout's templates.
    pub fn render(&self, template: &str, context: &TemplateContext) -> Result<String> {
        if !self.templates.has(template) {
            return Err(Diagnostic::error(
                format!("layouts/{}", self.name),
                format!("the layout has no `{template}` template, and neither has any layout it extends"),
            )
            .into());
        }
        self.templates.render(template, context)
    }
}

/// Checks one `layout.yaml` against the schema (so an unknown key points at
/// its own line) and returns it as YAML for merging.
fn parse_style(path: &str, text: &str) -> Result<serde_yaml::Value> {
    if text.trim().is_empty() {
        return Ok(serde_yaml::Value::Mapping(Default::default()));
    }
    serde_yaml::from_str::<Style>(text).map_err(|err| yaml_error(path, text, &err))?;
    serde_yaml::from_str(text).map_err(|err| yaml_error(path, text, &err).into())
}

/// Deep-merges `over` into `base`: mappings key by key, anything else replaced.
fn merge(base: &mut serde_yaml::Value, over: serde_yaml::Value) {
    match (base, over) {
        (serde_yaml::Value::Mapping(base), serde_yaml::Value::Mapping(over)) => {
            for (key, value) in over {
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

fn unknown_layout(name: &str, project: &Project) -> crate::error::Error {
    let known: Vec<String> = list(project).into_iter().map(|l| l.name).collect();
    Diagnostic::error("quire", format!("unknown layout `{name}`"))
        .hint(format!("known layouts: {}", known.join(", ")))
        .into()
}

/// The layouts a project can use: built-in ones and its own, by name.
pub fn list(project: &Project) -> Vec<LayoutInfo> {
    let mut names: Vec<String> = BUILTIN
        .dirs()
        .filter_map(|d| d.path().file_name()?.to_str().map(str::to_owned))
        .collect();
    for name in files::subfolders(&project.layouts_dir()) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let folder = Folder::find(&name, project)?;
            let origin = match &folder {
                Folder::Project(dir) => files::display(dir),
                Folder::Builtin(_) => "built-in".to_owned(),
            };
            let description = folder
                .read("layout.yaml")
                .ok()
                .flatten()
                .and_then(|(_, text)| serde_yaml::from_str::<serde_yaml::Value>(&text).ok())
                .and_then(|v| {
                    v.get("description")
                        .and_then(|d| d.as_str())
                        .map(str::to_owned)
                })
                .unwrap_or_default();
            Some(LayoutInfo {
                name,
                description,
                origin,
            })
        })
        .collect()
}
