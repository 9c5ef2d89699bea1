//! What every layout template gets — `meta`, `body`, `toc`, `style`,
//! `build`, `css`, `logo` — built the same way for every writer.

use crate::doc::{self, Document, TocEntry, Value};
use crate::layout::{Layout, Style};
use crate::template::{meta_map, Context};
use crate::write::WriteOptions;
use serde::Serialize;
use std::collections::BTreeMap;

/// The values of one document's templates, before they become a `Context`.
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
    /// The layout's logo as a `data:` URI, when it has one.
    pub logo: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildInfo {
    pub version: &'static str,
    pub date: Option<String>,
}

impl TemplateContext {
    /// The context of `doc` in `layout`, with `body` already rendered; the
    /// contents are the document's headings.
    pub fn new(doc: &Document, layout: &Layout, options: &WriteOptions, body: String) -> Self {
        TemplateContext::with_toc(doc, layout, options, body, doc::toc(doc))
    }

    /// The same with contents of the writer's own (an EPUB's point into its
    /// chapter files).
    pub fn with_toc(
        doc: &Document,
        layout: &Layout,
        options: &WriteOptions,
        body: String,
        toc: Vec<TocEntry>,
    ) -> Self {
        TemplateContext {
            meta: meta_map(&doc.meta),
            body,
            toc,
            style: layout.style.clone(),
            build: BuildInfo {
                version: env!("CARGO_PKG_VERSION"),
                date: options.build_date.clone(),
            },
            css: String::new(),
            logo: layout.logo.as_ref().map(|logo| logo.data_uri()),
        }
    }

    /// What a template string sees (meta, toc, style, build): enough for a
    /// PDF's running header and footer, made once for all pages.
    pub fn values(&self) -> Context {
        Context::new()
            .with("meta", &self.meta)
            .with("toc", &self.toc)
            .with("style", &self.style)
            .with("build", &self.build)
    }

    /// Everything, the rendered body, CSS and logo among it.
    pub fn full(&self) -> Context {
        self.with_markup(self.body.clone(), self.css.clone(), self.logo.clone())
    }

    /// The layout's `style.css` rendered with these values, or the sheet
    /// it is known to render to (`css::prerendered_sheet`).
    pub fn style_sheet(&self, layout: &Layout) -> crate::error::Result<String> {
        let prerendered = layout
            .template_source("style.css")
            .and_then(|template| crate::write::css::prerendered_sheet(template, &self.style));
        match prerendered {
            Some(sheet) => Ok(sheet.to_owned()),
            None => layout.render("style.css", &self.full()),
        }
    }

    /// The same for a last render: the body and the CSS (a page's fonts
    /// are in its CSS) move into it rather than being copied.
    pub fn into_full(mut self) -> Context {
        let body = std::mem::take(&mut self.body);
        let css = std::mem::take(&mut self.css);
        let logo = self.logo.take();
        self.with_markup(body, css, logo)
    }

    fn with_markup(&self, body: String, css: String, logo: Option<String>) -> Context {
        let context = self
            .values()
            .with_trusted("body", body)
            .with_trusted("css", css);
        match logo {
            Some(logo) => context.with_trusted("logo", logo),
            None => context,
        }
    }
}
