//! pandoc-types' `Text.Pandoc.Definition` as its JSON encoding: every
//! constructor is `{"t": name, "c": fields}` (serde's adjacently tagged
//! enums), records and tuples are arrays. pandoc-types 1.23 (pandoc 3);
//! 1.22 (pandoc 2.17) is the same less `Figure`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole document: `{"pandoc-api-version": [1,23,1], "meta": …, "blocks": …}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pandoc {
    #[serde(rename = "pandoc-api-version")]
    pub api_version: Vec<u32>,
    pub meta: BTreeMap<String, MetaValue>,
    pub blocks: Vec<Block>,
}

/// `(identifier, classes, key-value pairs)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Attr(pub String, pub Vec<String>, pub Vec<(String, String)>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum MetaValue {
    MetaMap(BTreeMap<String, MetaValue>),
    MetaList(Vec<MetaValue>),
    MetaBool(bool),
    MetaString(String),
    MetaInlines(Vec<Inline>),
    MetaBlocks(Vec<Block>),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum Block {
    Plain(Vec<Inline>),
    Para(Vec<Inline>),
    LineBlock(Vec<Vec<Inline>>),
    CodeBlock(Attr, String),
    RawBlock(String, String),
    BlockQuote(Vec<Block>),
    OrderedList(ListAttributes, Vec<Vec<Block>>),
    BulletList(Vec<Vec<Block>>),
    DefinitionList(Vec<(Vec<Inline>, Vec<Vec<Block>>)>),
    Header(i64, Attr, Vec<Inline>),
    HorizontalRule,
    /// Boxed: a table's parts are many times the size of other blocks.
    Table(Box<Table>),
    Figure(Attr, Caption, Vec<Block>),
    Div(Attr, Vec<Block>),
    /// Gone from pandoc-types 1.23, still read: nothing.
    Null,
}

/// `(start, style, delimiter)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListAttributes(pub i64, pub NumberStyle, pub NumberDelim);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum NumberStyle {
    DefaultStyle,
    Example,
    Decimal,
    LowerRoman,
    UpperRoman,
    LowerAlpha,
    UpperAlpha,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum NumberDelim {
    DefaultDelim,
    Period,
    OneParen,
    TwoParens,
}

/// `(attr, caption, columns, head, bodies, foot)`: a `Table`'s fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table(
    pub Attr,
    pub Caption,
    pub Vec<ColSpec>,
    pub TableHead,
    pub Vec<TableBody>,
    pub TableFoot,
);

/// `(short caption, caption blocks)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Caption(pub Option<Vec<Inline>>, pub Vec<Block>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColSpec(pub Alignment, pub ColWidth);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum Alignment {
    AlignLeft,
    AlignRight,
    AlignCenter,
    AlignDefault,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum ColWidth {
    ColWidth(f64),
    ColWidthDefault,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableHead(pub Attr, pub Vec<Row>);

/// `(attr, row head columns, intermediate head rows, body rows)`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableBody(pub Attr, pub i64, pub Vec<Row>, pub Vec<Row>);

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableFoot(pub Attr, pub Vec<Row>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row(pub Attr, pub Vec<Cell>);

/// `(attr, alignment, row span, column span, blocks)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell(pub Attr, pub Alignment, pub i64, pub i64, pub Vec<Block>);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
pub enum Inline {
    Str(String),
    Emph(Vec<Inline>),
    Underline(Vec<Inline>),
    Strong(Vec<Inline>),
    Strikeout(Vec<Inline>),
    Superscript(Vec<Inline>),
    Subscript(Vec<Inline>),
    SmallCaps(Vec<Inline>),
    Quoted(QuoteType, Vec<Inline>),
    Cite(Vec<Citation>, Vec<Inline>),
    Code(Attr, String),
    Space,
    SoftBreak,
    LineBreak,
    Math(MathType, String),
    RawInline(String, String),
    /// `(attr, text, (url, title))`.
    Link(Attr, Vec<Inline>, (String, String)),
    /// `(attr, alt text, (url, title))`.
    Image(Attr, Vec<Inline>, (String, String)),
    Note(Vec<Block>),
    Span(Attr, Vec<Inline>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum QuoteType {
    SingleQuote,
    DoubleQuote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum MathType {
    DisplayMath,
    InlineMath,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Citation {
    pub citation_id: String,
    pub citation_prefix: Vec<Inline>,
    pub citation_suffix: Vec<Inline>,
    pub citation_mode: CitationMode,
    pub citation_note_num: i64,
    pub citation_hash: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t")]
pub enum CitationMode {
    AuthorInText,
    SuppressAuthor,
    NormalCitation,
}
