//! The only file that knows minijinja: a layout's templates, rendered with
//! the one context every template gets.

use crate::diag::{line_column, Diagnostic};
use crate::doc::{Document, Value};
use crate::error::Result;
use crate::layout::{Layout, Style};
use crate::write::WriteOptions;
use minijinja::{AutoEscape, Environment};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One template's text and where it came from.
pub struct TemplateSource {
    /// The name writers ask for (`page.html`).
    pub name: String,
    /// Where it was read from, for error messages (`layouts/base/page.html`).
    pub path: String,
    pub text: String,
}

/// A layout's compiled templates.
pub struct Templates {
    env: Environment<'static>,
    sources: HashMap<String, (String, String)>,
}

/// A heading, for tables of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// What every template gets: `meta`, `body`, `toc`, `style`, `build`, `css`.
#[derive(Debug, Clone)]
pub struct TemplateContext {
    pub meta: BTreeMap<String, Value>,
    /// The body rendered for the template's format (HTML or text); trusted.
    pub body: String,
    pub toc: Vec<TocEntry>,
    pub style: Style,
    pub build: BuildInfo,
    /// The layout's `style.css`, rendered and scoped; trusted.
    pub css: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildInfo {
    pub version: &'static str,
    pub date: Option<String>,
}

impl TemplateContext {
    pub fn new(
        doc: &Document,
        layout: &Layout,
        options: &WriteOptions,
        body: String,
        toc: Vec<TocEntry>,
    ) -> Self {
        TemplateContext {
            meta: meta_map(doc),
            body,
            toc,
            style: layout.style.clone(),
            build: BuildInfo {
                version: env!("CARGO_PKG_VERSION"),
                date: options.build_date.clone(),
            },
            css: String::new(),
        }
    }
}

/// The front matter as templates see it: known fields and every other key
/// side by side (`meta.title`, `meta.sponsor`).
fn meta_map(doc: &Document) -> BTreeMap<String, Value> {
    let meta = &doc.meta;
    let mut map = meta.extra.clone();
    let mut put = |key: &str, value: &Option<String>| {
        if let Some(value) = value {
            map.insert(key.to_owned(), Value::String(value.clone()));
        }
    };
    put("title", &meta.title);
    put("subtitle", &meta.subtitle);
    put("description", &meta.description);
    put("date", &meta.date);
    put("lang", &meta.lang);
    put("layout", &meta.layout);
    let list = |items: &[String]| Value::List(items.iter().cloned().map(Value::String).collect());
    map.insert("authors".to_owned(), list(&meta.authors));
    map.insert("keywords".to_owned(), list(&meta.keywords));
    map
}

impl Templates {
    /// Compiles the templates; a syntax error names the file, line and column.
    pub fn new(sources: Vec<TemplateSource>) -> Result<Templates> {
        let mut env = Environment::new();
        env.set_keep_trailing_newline(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xhtml") || name.ends_with(".xml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        env.add_filter("underline", underline);
        let mut templates = Templates {
            env,
            sources: HashMap::new(),
        };
        for source in sources {
            templates.sources.insert(
                source.name.clone(),
                (source.path.clone(), source.text.clone()),
            );
            if let Err(err) = templates.env.add_template_owned(source.name, source.text) {
                return Err(templates.error(&err).into());
            }
        }
        Ok(templates)
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders template `name`; an error names the template file, line and column.
    pub fn render(&self, name: &str, context: &TemplateContext) -> Result<String> {
        use minijinja::Value as V;
        let template = self
            .env
            .get_template(name)
            .map_err(|err| self.error(&err))?;
        let ctx = minijinja::context! {
            meta => V::from_serialize(&context.meta),
            body => V::from_safe_string(context.body.clone()),
            toc => V::from_serialize(&context.toc),
            style => V::from_serialize(&context.style),
            build => V::from_serialize(&context.build),
            css => V::from_safe_string(context.css.clone()),
        };
        template.render(ctx).map_err(|err| self.error(&err).into())
    }

    /// Renders a one-off template string (a header or footer from layout.yaml).
    pub fn render_str(
        &self,
        path: &str,
        source: &str,
        context: &TemplateContext,
        extra: &[(&str, String)],
    ) -> Result<String> {
        use minijinja::Value as V;
        let mut values: BTreeMap<String, V> = BTreeMap::new();
        values.insert("meta".into(), V::from_serialize(&context.meta));
        values.insert("toc".into(), V::from_serialize(&context.toc));
        values.insert("style".into(), V::from_serialize(&context.style));
        values.insert("build".into(), V::from_serialize(&context.build));
        for (key, value) in extra {
            values.insert((*key).to_owned(), V::from(value.clone()));
        }
        self.env.render_str(source, values).map_err(|err| {
            let (line, column) = err.range().map_or((1, 1), |r| line_column(source, r.start));
            Diagnostic::error(
                path,
                format!(
                    "template error: {}: {}",
                    err.kind(),
                    err.detail().unwrap_or_default()
                ),
            )
            .at(source, line, column)
            .into()
        })
    }

    fn error(&self, err: &minijinja::Error) -> Diagnostic {
        let name = err.name().unwrap_or("template");
        let (path, text) = self
            .sources
            .get(name)
            .cloned()
            .unwrap_or_else(|| (name.to_owned(), String::new()));
        let message = match err.detail() {
            Some(detail) => format!("template error: {}: {detail}", err.kind()),
            None => format!("template error: {}", err.kind()),
        };
        let diagnostic = Diagnostic::error(path, message);
        match (err.range(), err.line()) {
            (Some(range), _) => {
                let (line, column) = line_column(&text, range.start);
                let length = text.get(range.clone()).map_or(1, |s| s.chars().count());
                diagnostic.at(&text, line, column).length(length)
            }
            (None, Some(line)) => diagnostic.at(&text, line as u32, 1),
            _ => diagnostic,
        }
    }
}

/// `{{ title | underline("=") }}`: a rule as wide as the text.
fn underline(text: String, ch: Option<String>) -> String {
    use unicode_width::UnicodeWidthStr;
    ch.unwrap_or_else(|| "=".to_owned()).repeat(text.width())
}
