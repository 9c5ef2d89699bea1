//! A layout: its `Style` (layout.yaml) and its templates, resolved through
//! `extends` down to `base`. Layouts that ship with quire are compiled into
//! the binary; a project's `layouts/NAME` overrides one by name.

pub mod pandoc;
mod style;

pub use style::{
    ClassStyle, Code, CodeWrap, Color, Colors, FontFiles, Fonts, LinkStyle, Margins, Page, Style,
    TableStyle, Theme,
};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::files;
use crate::image::ImageData;
use crate::project::{yaml_error, Project};
use crate::template::{Context, TemplateSource, Templates};
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

/// A loaded layout, ready for the writers.
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
                Ok(files::read_if_exists(&path)?
                    .map(|bytes| (files::display(&path), text_of(bytes))))
            }
            Folder::Builtin(dir) => Ok(dir.get_file(dir.path().join(file)).map(|f| {
                (
                    format!("<built-in>/layouts/{}", dir.path().join(file).display()),
                    text_of(f.contents().to_vec()),
                )
            })),
        }
    }
}

/// A layout file's text, invalid UTF-8 replaced (checked as a whole first:
/// decoding char by char was most of the time spent reading its files).
fn text_of(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes)
        .unwrap_or_else(|err| String::from_utf8_lossy(err.as_bytes()).into_owned())
}

impl Layout {
    /// Loads layout `name`: the project's own folder first, then the
    /// built-in one. What goes wrong is an `Error::Layout`.
    pub fn load(name: &str, project: &Project) -> Result<Layout> {
        Layout::resolve(name, project).map_err(Error::in_layout)
    }

    fn resolve(name: &str, project: &Project) -> Result<Layout> {
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
                Some((path, text)) => match known_style(&text) {
                    Some(value) => value,
                    None => parse_style(&path, &text)?,
                },
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
            templates: Arc::new(Templates::new(sources)),
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
                    .hint("a logo is a PNG, JPEG or SVG file")
            })?;
            layout.logo = Some(Arc::new(image));
        }
        Ok(layout)
    }

    /// A file of the layout (a font, a logo) by its path relative to the
    /// layout folder, from this layout or the nearest one it extends.
    pub fn asset(&self, path: &str) -> Result<Option<Vec<u8>>> {
        self.find_asset(path).map_err(Error::in_layout)
    }

    fn find_asset(&self, path: &str) -> Result<Option<Vec<u8>>> {
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
        context: &Context,
        extra: &[(&str, String)],
    ) -> Result<String> {
        self.templates
            .render_str(
                &format!("layouts/{}/layout.yaml ({what})", self.name),
                source,
                context,
                extra,
            )
            .map_err(Error::in_layout)
    }

    /// The text of one of the layout's templates (its own or the one it
    /// extends).
    pub fn template_source(&self, template: &str) -> Option<&str> {
        self.templates.source(template)
    }

    /// Renders one of the layout's templates.
    pub fn render(&self, template: &str, context: &Context) -> Result<String> {
        if !self.templates.has(template) {
            return Err(Error::Layout(Box::new(Diagnostic::error(
                format!("layouts/{}", self.name),
                format!("the layout has no `{template}` template, and neither has any layout it extends"),
            ))));
        }
        self.templates
            .render(template, context)
            .map_err(Error::in_layout)
    }
}

/// Each built-in layout's `layout.yaml` text, and the same read by build.rs
/// (as JSON, which parses in a tenth of the YAML's time).
const BUILTIN_STYLES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/builtin_styles.rs"));

/// The style of a `layout.yaml` whose text is a built-in one's (the file
/// itself, or a project's unchanged copy), without parsing the YAML;
/// checked against the schema as any layout is.
fn known_style(text: &str) -> Option<serde_yaml::Value> {
    let (_, json) = BUILTIN_STYLES.iter().find(|(yaml, _)| *yaml == text)?;
    let value: serde_yaml::Value = serde_json::from_str(json).ok()?;
    Style::deserialize(&value).is_ok().then_some(value)
}

/// Checks one `layout.yaml` against the schema (so an unknown key points at
/// its own line) and returns it as YAML for merging. The text is parsed
/// once, and checked as the parsed value; only a file that fails the check
/// is read again as text, for the line and column of what is wrong.
fn parse_style(path: &str, text: &str) -> Result<serde_yaml::Value> {
    if text.trim().is_empty() {
        return Ok(serde_yaml::Value::Mapping(Default::default()));
    }
    let value: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|err| yaml_error(path, text, &err))?;
    if Style::deserialize(&value).is_err() {
        serde_yaml::from_str::<Style>(text).map_err(|err| yaml_error(path, text, &err))?;
    }
    Ok(value)
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

/// Class names go into CSS selectors: each must be one (colours are typed
/// and checked as they are read).
fn check_classes(name: &str, style: &Style) -> Result<()> {
    let file = format!("layouts/{name}/layout.yaml");
    for class in style.classes.keys() {
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
    }
    Ok(())
}
