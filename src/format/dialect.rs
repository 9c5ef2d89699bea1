//! The Markdown dialect, as pandoc's `--from`: a flavour and the
//! extensions switched on, written as pandoc writes it
//! (`markdown-raw_tex+hard_line_breaks`).

use std::fmt;

/// The Markdown a reader starts from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// pandoc's Markdown (the default).
    #[default]
    Markdown,
    /// GitHub Flavored Markdown exactly: tables, strikethrough, autolinks,
    /// task lists, footnotes.
    Gfm,
    /// Strict CommonMark, every extension off.
    Commonmark,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Markdown => "markdown",
            Flavor::Gfm => "gfm",
            Flavor::Commonmark => "commonmark",
        }
    }
}

macro_rules! extensions {
    ($($variant:ident = $name:literal),* $(,)?) => {
        /// A pandoc extension quire reads (`+name` / `-name`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Extension { $($variant),* }

        impl Extension {
            pub const ALL: &'static [Extension] = &[$(Extension::$variant),*];

            /// pandoc's name for it.
            pub fn name(self) -> &'static str {
                match self { $(Extension::$variant => $name),* }
            }
        }
    };
}

extensions! {
    Alerts = "alerts",
    AutoIdentifiers = "auto_identifiers",
    AutolinkBareUris = "autolink_bare_uris",
    BracketedSpans = "bracketed_spans",
    Citations = "citations",
    DefinitionLists = "definition_lists",
    ExampleLists = "example_lists",
    FancyLists = "fancy_lists",
    FencedCodeAttributes = "fenced_code_attributes",
    FencedDivs = "fenced_divs",
    Footnotes = "footnotes",
    GfmAutoIdentifiers = "gfm_auto_identifiers",
    GridTables = "grid_tables",
    HardLineBreaks = "hard_line_breaks",
    HeaderAttributes = "header_attributes",
    ImplicitFigures = "implicit_figures",
    ImplicitHeaderReferences = "implicit_header_references",
    InlineCodeAttributes = "inline_code_attributes",
    InlineNotes = "inline_notes",
    LatexMacros = "latex_macros",
    LineBlocks = "line_blocks",
    LinkAttributes = "link_attributes",
    MarkdownInHtmlBlocks = "markdown_in_html_blocks",
    MultilineTables = "multiline_tables",
    NativeDivs = "native_divs",
    PandocTitleBlock = "pandoc_title_block",
    PipeTables = "pipe_tables",
    RawAttribute = "raw_attribute",
    RawHtml = "raw_html",
    RawTex = "raw_tex",
    SimpleTables = "simple_tables",
    Smart = "smart",
    Strikeout = "strikeout",
    Subscript = "subscript",
    Superscript = "superscript",
    TableCaptions = "table_captions",
    TaskLists = "task_lists",
    TexMathDollars = "tex_math_dollars",
    TexMathDoubleBackslash = "tex_math_double_backslash",
    TexMathSingleBackslash = "tex_math_single_backslash",
    YamlMetadataBlock = "yaml_metadata_block",
}

/// pandoc's extensions that quire knows by name but does not read: switching
/// one on is a warning, off changes nothing (from `pandoc --list-extensions`,
/// pandoc 3.9).
const NOT_READ: &[&str] = &[
    "abbreviations",
    "all_symbols_escapable",
    "angle_brackets_escapable",
    "ascii_identifiers",
    "attributes",
    "backtick_code_blocks",
    "blank_before_blockquote",
    "blank_before_header",
    "east_asian_line_breaks",
    "emoji",
    "escaped_line_breaks",
    "fenced_code_blocks",
    "four_space_rule",
    "gutenberg",
    "ignore_line_breaks",
    "intraword_underscores",
    "lists_without_preceding_blankline",
    "literate_haskell",
    "mark",
    "markdown_attribute",
    "mmd_header_identifiers",
    "mmd_link_attributes",
    "mmd_title_block",
    "native_spans",
    "old_dashes",
    "rebase_relative_paths",
    "short_subsuperscripts",
    "shortcut_reference_links",
    "sourcepos",
    "space_in_atx_header",
    "spaced_reference_links",
    "startnum",
    "table_attributes",
    "tex_math_gfm",
    "wikilinks_title_after_pipe",
    "wikilinks_title_before_pipe",
];

/// A set of extensions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Extensions(u64);

impl Extensions {
    pub fn of(list: &[Extension]) -> Extensions {
        let mut set = Extensions::default();
        for &extension in list {
            set.insert(extension);
        }
        set
    }

    pub fn contains(self, extension: Extension) -> bool {
        self.0 & (1 << extension as u64) != 0
    }

    pub fn insert(&mut self, extension: Extension) {
        self.0 |= 1 << extension as u64;
    }

    pub fn remove(&mut self, extension: Extension) {
        self.0 &= !(1 << extension as u64);
    }

    /// What a flavour reads with no switches. pandoc's Markdown is pandoc's
    /// defaults, and bare URLs as links (a quire departure, for pages moved
    /// from GitHub; `-autolink_bare_uris` turns it off). GFM and CommonMark
    /// are as their specs define them.
    pub fn defaults(flavor: Flavor) -> Extensions {
        use Extension::*;
        match flavor {
            Flavor::Markdown => Extensions::of(&[
                Alerts,
                AutoIdentifiers,
                AutolinkBareUris,
                BracketedSpans,
                Citations,
                DefinitionLists,
                ExampleLists,
                FancyLists,
                FencedCodeAttributes,
                FencedDivs,
                Footnotes,
                GridTables,
                HeaderAttributes,
                ImplicitFigures,
                ImplicitHeaderReferences,
                InlineCodeAttributes,
                InlineNotes,
                LatexMacros,
                LineBlocks,
                LinkAttributes,
                MarkdownInHtmlBlocks,
                MultilineTables,
                NativeDivs,
                PandocTitleBlock,
                PipeTables,
                RawAttribute,
                RawHtml,
                RawTex,
                SimpleTables,
                Smart,
                Strikeout,
                Subscript,
                Superscript,
                TableCaptions,
                TaskLists,
                TexMathDollars,
                YamlMetadataBlock,
            ]),
            Flavor::Gfm => Extensions::of(&[
                AutolinkBareUris,
                Footnotes,
                GfmAutoIdentifiers,
                PipeTables,
                RawHtml,
                Strikeout,
                TaskLists,
                YamlMetadataBlock,
            ]),
            Flavor::Commonmark => Extensions::of(&[RawHtml, YamlMetadataBlock]),
        }
    }
}

/// The Markdown dialect: a flavour and its extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dialect {
    pub flavor: Flavor,
    pub extensions: Extensions,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect::of(Flavor::Markdown)
    }
}

/// A format string quire cannot read, or a switch it does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownDialect(pub String);

impl fmt::Display for UnknownDialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Dialect {
    pub fn markdown() -> Dialect {
        Dialect::of(Flavor::Markdown)
    }

    pub fn gfm() -> Dialect {
        Dialect::of(Flavor::Gfm)
    }

    pub fn commonmark() -> Dialect {
        Dialect::of(Flavor::Commonmark)
    }

    /// A flavour with its default extensions.
    pub fn of(flavor: Flavor) -> Dialect {
        Dialect {
            flavor,
            extensions: Extensions::defaults(flavor),
        }
    }

    pub fn has(self, extension: Extension) -> bool {
        self.extensions.contains(extension)
    }

    pub fn is_markdown(self) -> bool {
        self.flavor == Flavor::Markdown
    }

    /// Reads pandoc's format string (`markdown`, `md`, `gfm+footnotes`,
    /// `markdown-raw_tex-tex_math_dollars`): the dialect, and a warning for
    /// each extension switched on that quire knows but does not read. An
    /// unknown flavour or extension is an error naming it.
    pub fn parse(spec: &str) -> Result<(Dialect, Vec<String>), UnknownDialect> {
        let spec = spec.trim();
        let end = spec.find(['+', '-']).unwrap_or(spec.len());
        let flavor = match spec[..end].to_ascii_lowercase().as_str() {
            "markdown" | "md" | "pandoc" => Flavor::Markdown,
            "gfm" | "markdown_github" => Flavor::Gfm,
            "commonmark" | "commonmark_x" => Flavor::Commonmark,
            other => {
                return Err(UnknownDialect(format!(
                    "unknown input format `{other}`; formats: markdown, gfm, commonmark \
                     (with pandoc's +extension and -extension switches)"
                )))
            }
        };
        let mut dialect = Dialect::of(flavor);
        let mut warnings = Vec::new();
        let mut rest = &spec[end..];
        while let Some(sign) = rest.chars().next() {
            let name_end = rest[1..].find(['+', '-']).map_or(rest.len(), |i| i + 1);
            let name = &rest[1..name_end];
            rest = &rest[name_end..];
            match Extension::ALL.iter().find(|e| e.name() == name) {
                Some(&extension) if sign == '+' => dialect.extensions.insert(extension),
                Some(&extension) => dialect.extensions.remove(extension),
                None if NOT_READ.contains(&name) => {
                    if sign == '+' {
                        warnings.push(format!(
                            "the extension `{name}` is not read by quire; the input is read without it"
                        ));
                    }
                }
                None => {
                    return Err(UnknownDialect(format!(
                        "unknown extension `{name}` in `{spec}`; `quire build --help` lists the formats"
                    )))
                }
            }
        }
        Ok((dialect, warnings))
    }
}

impl fmt::Display for Dialect {
    /// pandoc's format string: the flavour, then each switch from its defaults.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.flavor.name())?;
        let defaults = Extensions::defaults(self.flavor);
        for &extension in Extension::ALL {
            match (defaults.contains(extension), self.has(extension)) {
                (false, true) => write!(f, "+{}", extension.name())?,
                (true, false) => write!(f, "-{}", extension.name())?,
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pythondotorgs_format_string_reads_as_pandoc_reads_it() {
        let (dialect, warnings) =
            Dialect::parse("markdown-raw_tex-tex_math_dollars-tex_math_single_backslash").unwrap();
        assert_eq!(dialect.flavor, Flavor::Markdown);
        assert!(!dialect.has(Extension::RawTex));
        assert!(!dialect.has(Extension::TexMathDollars));
        assert!(dialect.has(Extension::PipeTables));
        assert!(warnings.is_empty());
        assert_eq!(dialect.to_string(), "markdown-raw_tex-tex_math_dollars");
    }

    #[test]
    fn switches_turn_extensions_on_and_off_and_unknown_ones_are_named() {
        let (gfm, _) = Dialect::parse("gfm+tex_math_dollars-autolink_bare_uris").unwrap();
        assert!(gfm.has(Extension::TexMathDollars));
        assert!(!gfm.has(Extension::AutolinkBareUris));
        let (_, warnings) = Dialect::parse("markdown+emoji").unwrap();
        assert!(warnings[0].contains("`emoji`"), "{warnings:?}");
        let error = Dialect::parse("markdown+no_such_thing").unwrap_err();
        assert!(error.0.contains("`no_such_thing`"), "{error}");
        assert!(Dialect::parse("rst").unwrap_err().0.contains("`rst`"));
        assert_eq!(Dialect::parse("md").unwrap().0, Dialect::default());
    }
}
