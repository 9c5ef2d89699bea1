//! The only file that knows minijinja: compiled templates rendered with any
//! serialisable context, and a source's body as a data template for a batch.
//! It knows nothing of layouts or writers.

use crate::diag::{line_column, Diagnostic};
use crate::doc::{Meta, Value};
use crate::error::Result;
use minijinja::{AutoEscape, Environment};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// One template's text and where it came from.
pub struct TemplateSource {
    /// The name writers ask for (`page.html`).
    pub name: String,
    /// Where it was read from, for error messages (`layouts/base/page.html`).
    pub path: String,
    pub text: String,
}

/// A layout's templates, each compiled when it is first rendered: a build
/// of one format parses that format's template only (compiling all five was
/// a seventh of a plain-text build), and a syntax error in a template no
/// requested format uses stops nothing.
pub struct Templates {
    env: Environment<'static>,
    /// Each template's path and text, by name: the loader's source, and
    /// where an error points.
    sources: Arc<HashMap<String, (String, String)>>,
}

/// What a template sees: named values, each converted once when it is put
/// in (a long document's contents converted again for every page's footer
/// was a fifth of its PDF's time), so a context is cheap to clone and reuse.
#[derive(Debug, Clone, Default)]
pub struct Context {
    values: BTreeMap<String, minijinja::Value>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// `key` as the serialised `value`, escaped where the template escapes.
    pub fn with(mut self, key: &str, value: &impl Serialize) -> Context {
        self.values
            .insert(key.to_owned(), minijinja::Value::from_serialize(value));
        self
    }

    /// `key` as markup the caller vouches for (a rendered body, scoped CSS):
    /// never escaped.
    pub fn with_trusted(mut self, key: &str, markup: String) -> Context {
        self.values
            .insert(key.to_owned(), minijinja::Value::from_safe_string(markup));
        self
    }

    fn value(&self) -> minijinja::Value {
        minijinja::Value::from(self.values.clone())
    }
}

/// A value made once and shared by many renders (a batch's `records`).
#[derive(Debug, Clone)]
pub struct Shared(minijinja::Value);

impl Shared {
    pub fn new(value: &impl Serialize) -> Shared {
        Shared(minijinja::Value::from_serialize(value))
    }
}

/// The front matter as templates see it: known fields and every other key
/// side by side (`meta.title`, `meta.sponsor`).
pub fn meta_map(meta: &Meta) -> BTreeMap<String, Value> {
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
    put("name", &meta.name);
    put("title_id", &meta.title_id);
    let list = |items: &[String]| Value::List(items.iter().cloned().map(Value::String).collect());
    map.insert("authors".to_owned(), list(&meta.authors));
    map.insert("keywords".to_owned(), list(&meta.keywords));
    map
}

impl Templates {
    /// Keeps the templates' sources for compiling on first use; a syntax
    /// error names the file, line and column when that template is rendered.
    pub fn new(sources: Vec<TemplateSource>) -> Templates {
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
        let sources: Arc<HashMap<String, (String, String)>> = Arc::new(
            sources
                .into_iter()
                .map(|source| (source.name, (source.path, source.text)))
                .collect(),
        );
        let texts = Arc::clone(&sources);
        env.set_loader(move |name| Ok(texts.get(name).map(|(_, text)| text.clone())));
        Templates { env, sources }
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The text of template `name`, as its file holds it.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(|(_, text)| text.as_str())
    }

    /// Renders template `name`; an error names the template file, line and column.
    pub fn render(&self, name: &str, context: &Context) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|err| self.error(&err))?;
        template
            .render(context.value())
            .map_err(|err| self.error(&err).into())
    }

    /// Renders a one-off template string (a header or footer from layout.yaml,
    /// `path` naming where it was written) with `context` and `extra`
    /// (`page`, `pages`) beside it.
    pub fn render_str(
        &self,
        path: &str,
        source: &str,
        context: &Context,
        extra: &[(&str, String)],
    ) -> Result<String> {
        let mut context = context.clone();
        for (key, value) in extra {
            context = context.with(key, value);
        }
        self.env.render_str(source, context.value()).map_err(|err| {
            let (line, column) = err.range().map_or((1, 1), |r| line_column(source, r.start));
            Diagnostic::error(path, describe(&err))
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
        let diagnostic = Diagnostic::error(path, describe(err));
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

/// One record of a batch, as a templated source sees it: under the name the
/// front matter chooses (`data_name`, default `record`), with `index`
/// (0-based), `number` (1-based) and every record as `records`.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    pub name: &'a str,
    pub value: &'a serde_json::Value,
    pub index: usize,
    /// Every record, made a template value once per batch (see
    /// `records_value`): converting the list for each record was quadratic.
    pub records: &'a Shared,
}

/// A Markdown source whose body is a data template, compiled once and
/// rendered once per record. Values print escaped for Markdown, so a record
/// saying `*Co* <Ltd>` comes out literally; `| safe` opts out.
pub struct SourceTemplate {
    env: Environment<'static>,
    /// The source's name and whole text, for error positions.
    file: String,
    text: String,
    /// Where the body starts in `text`.
    body_offset: usize,
}

/// The template name of a source's body; `.md` selects Markdown escaping.
const BODY: &str = "body.md";

impl SourceTemplate {
    /// Compiles the body (`text[body_offset..]`); a syntax error points into
    /// the Markdown file.
    pub fn new(file: &str, text: &str, body_offset: usize) -> Result<SourceTemplate> {
        let mut env = Environment::new();
        env.set_keep_trailing_newline(true);
        // A misspelt field is an error for that record, not a blank; `if`
        // may still test a field that some records lack.
        env.set_undefined_behavior(minijinja::UndefinedBehavior::SemiStrict);
        // `{% for %}` and `{% if %}` on lines of their own leave no blank
        // lines behind (which would turn a tight list loose).
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".md") {
                AutoEscape::Custom("markdown")
            } else {
                AutoEscape::None
            }
        });
        env.set_formatter(|out, state, value| {
            if value.is_undefined() {
                return Err(minijinja::Error::from(minijinja::ErrorKind::UndefinedError));
            }
            let escape = state.auto_escape() == AutoEscape::Custom("markdown") && !value.is_safe();
            let text = value.to_string();
            let text = if escape { escape_markdown(&text) } else { text };
            out.write_str(&text).map_err(minijinja::Error::from)
        });
        let template = SourceTemplate {
            env,
            file: file.to_owned(),
            text: text.to_owned(),
            body_offset,
        };
        let mut env = template.env.clone();
        env.add_template_owned(BODY, text[body_offset..].to_owned())
            .map_err(|err| template.body_error(&err))?;
        Ok(SourceTemplate { env, ..template })
    }

    /// The body for one record; `meta` is the front matter, already rendered.
    pub fn render_body(
        &self,
        record: Record<'_>,
        meta: &BTreeMap<String, Value>,
    ) -> Result<String> {
        let template = self
            .env
            .get_template(BODY)
            .map_err(|e| self.body_error(&e))?;
        let context = record_context(record, Some(meta));
        template.render(context).map_err(|err| {
            let fields: Vec<&str> = match record.value {
                serde_json::Value::Object(map) => map.keys().map(String::as_str).collect(),
                _ => Vec::new(),
            };
            let hint = if err.kind() == minijinja::ErrorKind::UndefinedError && !fields.is_empty() {
                format!("this record's `{}` has: {}", record.name, fields.join(", "))
            } else {
                format!(
                    "each record is `{}`; also `index`, `number`, `records`, `meta`",
                    record.name
                )
            };
            self.body_error(&err).hint(hint).into()
        })
    }

    /// A front matter value or an output name template for one record, as
    /// plain text (the writers escape it for their formats).
    pub fn render_text(&self, template: &str, record: Record<'_>) -> Result<String, String> {
        self.env
            .render_str(template, record_context(record, None))
            .map_err(|err| describe(&err))
    }

    /// Renders every string in the front matter for one record. An error
    /// names the top-level key it is under.
    pub fn render_meta(&self, meta: &mut Meta, record: Record<'_>) -> Result<(), (String, String)> {
        let render = |key: &str, text: &mut String| -> Result<(), (String, String)> {
            if text.contains("{{") || text.contains("{%") {
                *text = self
                    .render_text(text, record)
                    .map_err(|message| (key.to_owned(), message))?;
            }
            Ok(())
        };
        for (key, field) in [
            ("title", &mut meta.title),
            ("subtitle", &mut meta.subtitle),
            ("description", &mut meta.description),
            ("date", &mut meta.date),
        ] {
            if let Some(text) = field {
                render(key, text)?;
            }
        }
        for text in &mut meta.authors {
            render("author", text)?;
        }
        for text in &mut meta.keywords {
            render("keywords", text)?;
        }
        for (key, value) in &mut meta.extra {
            render_value(value, &mut |text| render(key, text))?;
        }
        Ok(())
    }

    fn body_error(&self, err: &minijinja::Error) -> Diagnostic {
        let diagnostic = Diagnostic::error(&self.file, describe(err));
        let body = &self.text[self.body_offset..];
        let (offset, length) = match (err.range(), err.line()) {
            (Some(range), _) => {
                let length = body.get(range.clone()).map_or(1, |s| s.chars().count());
                (range.start, length)
            }
            (None, Some(line)) => {
                let start: usize = body
                    .split_inclusive('\n')
                    .take(line - 1)
                    .map(str::len)
                    .sum();
                (start, 1)
            }
            _ => return diagnostic,
        };
        let (line, column) = line_column(&self.text, self.body_offset + offset);
        diagnostic
            .at(&self.text, line, column)
            .length(length)
            .hint("the source is a data template: `{{ record.field }}`, `{% for x in list %}`…`{% endfor %}`")
    }
}

fn record_context(record: Record<'_>, meta: Option<&BTreeMap<String, Value>>) -> minijinja::Value {
    use minijinja::Value as V;
    let mut values: BTreeMap<String, V> = BTreeMap::new();
    values.insert("records".into(), record.records.0.clone());
    values.insert("index".into(), V::from(record.index));
    values.insert("number".into(), V::from(record.index + 1));
    if let Some(meta) = meta {
        values.insert("meta".into(), V::from_serialize(meta));
    }
    values.insert(record.name.to_owned(), V::from_serialize(record.value));
    V::from(values)
}

fn render_value<E>(
    value: &mut Value,
    render: &mut impl FnMut(&mut String) -> Result<(), E>,
) -> Result<(), E> {
    match value {
        Value::String(text) => render(text),
        Value::List(items) => items.iter_mut().try_for_each(|v| render_value(v, render)),
        Value::Map(map) => map.values_mut().try_for_each(|v| render_value(v, render)),
        _ => Ok(()),
    }
}

fn describe(err: &minijinja::Error) -> String {
    match err.detail() {
        Some(detail) => format!("template error: {}: {detail}", err.kind()),
        None => format!("template error: {}", err.kind()),
    }
}

/// Makes text literal in Markdown: every ASCII punctuation character is
/// backslash-escaped (CommonMark gives each back as itself), and a line
/// break cannot start an indented code block or a new block.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut line_start = false;
    for ch in text.chars() {
        if line_start && (ch == ' ' || ch == '\t') {
            continue;
        }
        line_start = ch == '\n';
        if ch.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}
