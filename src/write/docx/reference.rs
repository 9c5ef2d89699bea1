//! A reference document (`--reference-doc`, as pandoc's): its styles, page
//! setup, headers and footers win. Styles the writer uses and the reference
//! lacks are added (so nothing is based on a style that is not there), and
//! the reference's own styles are written back with their children in the
//! schema's order (Word writes some out of order; validators refuse them).

use super::package::Rels;
use super::styles::StyleDef;
use crate::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use usvg::roxmltree::{Document, Node};

/// The children of each element whose order the schema fixes (ECMA-376
/// part 1, 17.7 styles, 17.3 paragraphs and runs, 17.4 tables), by local
/// name of the parent.
fn schema_order(parent: &str) -> Option<&'static [&'static str]> {
    Some(match parent {
        "styles" => &["docDefaults", "latentStyles", "style"],
        "docDefaults" => &["rPrDefault", "pPrDefault"],
        "style" => &[
            "name",
            "aliases",
            "basedOn",
            "next",
            "link",
            "autoRedefine",
            "hidden",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "locked",
            "personal",
            "personalCompose",
            "personalReply",
            "rsid",
            "pPr",
            "rPr",
            "tblPr",
            "trPr",
            "tcPr",
            "tblStylePr",
        ],
        "pPr" => &[
            "pStyle",
            "keepNext",
            "keepLines",
            "pageBreakBefore",
            "framePr",
            "widowControl",
            "numPr",
            "suppressLineNumbers",
            "pBdr",
            "shd",
            "tabs",
            "suppressAutoHyphens",
            "kinsoku",
            "wordWrap",
            "overflowPunct",
            "topLinePunct",
            "autoSpaceDE",
            "autoSpaceDN",
            "bidi",
            "adjustRightInd",
            "snapToGrid",
            "spacing",
            "ind",
            "contextualSpacing",
            "mirrorIndents",
            "suppressOverlap",
            "jc",
            "textDirection",
            "textAlignment",
            "textboxTightWrap",
            "outlineLvl",
            "divId",
            "cnfStyle",
            "rPr",
            "sectPr",
            "pPrChange",
        ],
        "rPr" => &[
            "rStyle",
            "rFonts",
            "b",
            "bCs",
            "i",
            "iCs",
            "caps",
            "smallCaps",
            "strike",
            "dstrike",
            "outline",
            "shadow",
            "emboss",
            "imprint",
            "noProof",
            "snapToGrid",
            "vanish",
            "webHidden",
            "color",
            "spacing",
            "w",
            "kern",
            "position",
            "sz",
            "szCs",
            "highlight",
            "u",
            "effect",
            "bdr",
            "shd",
            "fitText",
            "vertAlign",
            "rtl",
            "cs",
            "em",
            "lang",
            "eastAsianLayout",
            "specVanish",
            "oMath",
            "rPrChange",
        ],
        "tblPr" => &[
            "tblStyle",
            "tblpPr",
            "tblOverlap",
            "bidiVisual",
            "tblStyleRowBandSize",
            "tblStyleColBandSize",
            "tblW",
            "jc",
            "tblCellSpacing",
            "tblInd",
            "tblBorders",
            "shd",
            "tblLayout",
            "tblCellMar",
            "tblLook",
            "tblCaption",
            "tblDescription",
            "tblPrChange",
        ],
        "tcPr" => &[
            "cnfStyle",
            "tcW",
            "gridSpan",
            "hMerge",
            "vMerge",
            "tcBorders",
            "shd",
            "noWrap",
            "tcMar",
            "textDirection",
            "tcFitText",
            "vAlign",
            "hideMark",
            "headers",
            "cellIns",
            "cellDel",
            "cellMerge",
            "tcPrChange",
        ],
        "tblStylePr" => &["pPr", "rPr", "tblPr", "trPr", "tcPr"],
        "pBdr" => &["top", "left", "bottom", "right", "between", "bar"],
        "tblBorders" | "tcBorders" => &[
            "top", "left", "start", "bottom", "right", "end", "insideH", "insideV", "tl2br",
            "tr2bl",
        ],
        "tblCellMar" | "tcMar" => &["top", "left", "start", "bottom", "right", "end"],
        _ => return None,
    })
}

fn reference_error(what: impl std::fmt::Display) -> Error {
    Error::Write(format!(
        "the reference document cannot be used: {what} (give a .docx saved by Word, LibreOffice or pandoc)"
    ))
}

/// A part of the reference kept as it is (a header or footer, their media).
struct Kept {
    name: String,
    bytes: Vec<u8>,
}

pub struct Reference {
    styles: String,
    /// The body's last `w:sectPr`, as written.
    sect_pr: Option<String>,
    /// The headers and footers it references: (old id, kind, target).
    running: Vec<(String, &'static str, String)>,
    kept: Vec<Kept>,
    pub theme: Option<Vec<u8>>,
}

fn read_entry(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let mut file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

fn text(bytes: Vec<u8>, name: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| reference_error(format!("{name} is not UTF-8")))
}

/// A part's relationships: id → (type's last word, target).
fn relationships(xml: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    if let Ok(doc) = Document::parse(xml) {
        for rel in doc.descendants().filter(|n| n.has_tag_name("Relationship")) {
            let (Some(id), Some(kind), Some(target)) = (
                rel.attribute("Id"),
                rel.attribute("Type"),
                rel.attribute("Target"),
            ) else {
                continue;
            };
            let kind = kind.rsplit('/').next().unwrap_or(kind);
            out.insert(id.to_owned(), (kind.to_owned(), target.to_owned()));
        }
    }
    out
}

impl Reference {
    pub fn read(bytes: &[u8]) -> Result<Reference> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(reference_error)?;
        let styles = read_entry(&mut archive, "word/styles.xml")
            .ok_or_else(|| reference_error("it has no word/styles.xml"))?;
        let styles = text(styles, "word/styles.xml")?;
        Document::parse(&styles).map_err(|e| reference_error(format!("word/styles.xml: {e}")))?;
        let document = read_entry(&mut archive, "word/document.xml")
            .map(|b| text(b, "word/document.xml"))
            .transpose()?
            .unwrap_or_default();
        let rels = read_entry(&mut archive, "word/_rels/document.xml.rels")
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let rels = relationships(&rels);
        let mut sect_pr = None;
        let mut running = Vec::new();
        let mut kept = Vec::new();
        if let Ok(doc) = Document::parse(&document) {
            let body = doc.descendants().find(|n| n.tag_name().name() == "body");
            if let Some(sect) =
                body.and_then(|b| b.children().rfind(|n| n.tag_name().name() == "sectPr"))
            {
                sect_pr = Some(document[sect.range()].to_owned());
                for reference in sect.children().filter(|n| {
                    matches!(n.tag_name().name(), "headerReference" | "footerReference")
                }) {
                    let Some(id) = reference
                        .attributes()
                        .find(|a| a.name() == "id")
                        .map(|a| a.value().to_owned())
                    else {
                        continue;
                    };
                    let Some((kind, target)) = rels.get(&id) else {
                        continue;
                    };
                    let kind: &'static str = if kind == "header" { "header" } else { "footer" };
                    let name = format!("word/{target}");
                    let Some(bytes) = read_entry(&mut archive, &name) else {
                        continue;
                    };
                    kept.push(Kept {
                        name: name.clone(),
                        bytes,
                    });
                    // The part's own relationships and the media they name.
                    let (dir, file) = name.rsplit_once('/').unwrap_or(("word", &name));
                    let rels_name = format!("{dir}/_rels/{file}.rels");
                    if let Some(part_rels) = read_entry(&mut archive, &rels_name) {
                        for (_, (_, media)) in relationships(&String::from_utf8_lossy(&part_rels)) {
                            let media_name = format!("{dir}/{media}");
                            if let Some(bytes) = read_entry(&mut archive, &media_name) {
                                kept.push(Kept {
                                    name: media_name,
                                    bytes,
                                });
                            }
                        }
                        kept.push(Kept {
                            name: rels_name,
                            bytes: part_rels,
                        });
                    }
                    running.push((id, kind, target.clone()));
                }
            }
        }
        let theme = read_entry(&mut archive, "word/theme/theme1.xml");
        Ok(Reference {
            styles,
            sect_pr,
            running,
            kept,
            theme,
        })
    }

    /// The reference's `w:sectPr`, its headers and footers added to the
    /// package under new relationship ids; none: the layout's page.
    pub fn section(&self, rels: &mut Rels, parts: &mut Vec<(String, Vec<u8>)>) -> Option<String> {
        let sect_pr = self.sect_pr.as_ref()?;
        let mut sect_pr = sect_pr.clone();
        for (old, kind, target) in &self.running {
            let new = rels.add(kind, target, false);
            sect_pr = sect_pr.replace(&format!("\"{old}\""), &format!("\"{new}\u{0}\""));
        }
        for kept in &self.kept {
            if !parts.iter().any(|(name, _)| *name == kept.name) {
                parts.push((kept.name.clone(), kept.bytes.clone()));
            }
        }
        Some(sect_pr.replace('\u{0}', ""))
    }

    /// The reference's styles in schema order, and the writer's styles it
    /// lacks after them.
    pub fn styles(&self, ours: &[StyleDef]) -> Result<String> {
        let doc = Document::parse(&self.styles)
            .map_err(|e| reference_error(format!("word/styles.xml: {e}")))?;
        let root = doc.root_element();
        let have: Vec<&str> = root
            .children()
            .filter(|n| n.tag_name().name() == "style")
            .filter_map(|n| {
                n.attributes()
                    .find(|a| a.name() == "styleId")
                    .map(|a| a.value())
            })
            .collect();
        let mut added = String::new();
        for def in ours {
            if !have.contains(&def.id.as_str()) {
                def.xml(&mut added);
            }
        }
        let mut known: Vec<String> = have.iter().map(|s| s.to_string()).collect();
        known.extend(ours.iter().map(|d| d.id.clone()));
        let mut out = String::from(super::xml::DECLARATION);
        write_node(&self.styles, root, &known, &mut out);
        // The writer's styles go in before the closing tag.
        let close = out.rfind("</").unwrap_or(out.len());
        out.insert_str(close, &added);
        Ok(out)
    }
}

/// The end of an element's start tag in `source` (past `>`), quotes heeded.
fn start_tag_end(source: &str, start: usize) -> usize {
    let mut quote = None;
    for (i, c) in source[start..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return start + i + 1,
            _ => {}
        }
    }
    source.len()
}

/// An element written back as it was, its children in schema order, and a
/// `basedOn`/`next`/`link` that names a style that is not there left out.
fn write_node(source: &str, node: Node<'_, '_>, known: &[String], out: &mut String) {
    let range = node.range();
    if !node.is_element() {
        out.push_str(&source[range]);
        return;
    }
    let name = node.tag_name().name();
    if matches!(name, "basedOn" | "next" | "link")
        && node
            .parent()
            .is_some_and(|p| p.tag_name().name() == "style")
    {
        let target = node
            .attributes()
            .find(|a| a.name() == "val")
            .map(|a| a.value());
        if !target.is_some_and(|t| known.iter().any(|k| k == t)) {
            return;
        }
    }
    let head_end = start_tag_end(source, range.start);
    if head_end >= range.end || source[..head_end].ends_with("/>") {
        out.push_str(&source[range]);
        return;
    }
    out.push_str(&source[range.start..head_end]);
    let mut children: Vec<Node<'_, '_>> = node.children().collect();
    if let Some(order) = schema_order(name) {
        let rank = |n: &Node<'_, '_>| {
            if n.is_element() {
                order
                    .iter()
                    .position(|o| *o == n.tag_name().name())
                    .unwrap_or(order.len())
            } else {
                order.len()
            }
        };
        // Text between elements (indentation) carries no meaning here.
        children.retain(|n| n.is_element());
        children.sort_by_key(rank);
        // Each property once: Word wrote `<w:sz>` twice in the PSF's
        // reference (openxml-audit's 27 findings); the first stays.
        if !matches!(name, "styles") {
            let mut seen: Vec<(Option<&str>, &str)> = Vec::new();
            children.retain(|n| {
                let key = (n.tag_name().namespace(), n.tag_name().name());
                if key.1 == "tblStylePr" || seen.contains(&key) {
                    return key.1 == "tblStylePr";
                }
                seen.push(key);
                true
            });
        }
    }
    for child in children {
        write_node(source, child, known, out);
    }
    let close = source[..range.end].rfind("</").unwrap_or(range.end);
    out.push_str(&source[close..range.end]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_come_back_in_schema_order_without_dangling_bases() {
        let styles =
            "<w:styles xmlns:w=\"urn:w\"><w:style w:type=\"paragraph\" w:styleId=\"BodyText\">\
            <w:rPr><w:sz w:val=\"20\"/><w:rFonts w:ascii=\"Times\"/></w:rPr>\
            <w:basedOn w:val=\"Missing\"/><w:name w:val=\"Body Text\"/></w:style></w:styles>";
        let doc = Document::parse(styles).unwrap();
        let mut out = String::new();
        write_node(
            styles,
            doc.root_element(),
            &["BodyText".to_owned()],
            &mut out,
        );
        assert_eq!(
            out,
            "<w:styles xmlns:w=\"urn:w\"><w:style w:type=\"paragraph\" w:styleId=\"BodyText\">\
             <w:name w:val=\"Body Text\"/><w:rPr><w:rFonts w:ascii=\"Times\"/><w:sz w:val=\"20\"/></w:rPr></w:style></w:styles>"
        );
    }
}
