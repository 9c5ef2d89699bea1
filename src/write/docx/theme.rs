//! `theme/theme1.xml`: the theme every Word document relates to (validators
//! require one), its colours and fonts from the layout.

use super::props::hex;
use super::xml::{escape, A, DECLARATION};
use crate::layout::Style;

/// The theme; the reference document's replaces it when one is given.
pub fn theme_xml(style: &Style) -> String {
    let c = &style.colors;
    let srgb = |color| format!("<a:srgbClr val=\"{}\"/>", hex(color));
    let colors = [
        ("dk1", srgb(c.text)),
        ("lt1", "<a:srgbClr val=\"FFFFFF\"/>".to_owned()),
        ("dk2", srgb(c.accent)),
        ("lt2", srgb(c.shade)),
        ("accent1", srgb(c.accent)),
        ("accent2", srgb(c.muted)),
        ("accent3", srgb(c.rule)),
        ("accent4", srgb(style.code.theme.keyword)),
        ("accent5", srgb(style.code.theme.string)),
        ("accent6", srgb(style.code.theme.function)),
        ("hlink", srgb(c.accent)),
        ("folHlink", srgb(c.muted)),
    ]
    .map(|(name, color)| format!("<a:{name}>{color}</a:{name}>"))
    .concat();
    let font = |fonts: &[String]| escape(fonts.first().map(String::as_str).unwrap_or("Arial"));
    let fonts = |name: &str, face: String| {
        format!(
            "<a:{name}><a:latin typeface=\"{face}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/></a:{name}>"
        )
    };
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let three = |item: &str| item.repeat(3);
    format!(
        "{DECLARATION}<a:theme xmlns:a=\"{A}\" name=\"quire\"><a:themeElements>\
         <a:clrScheme name=\"quire\">{colors}</a:clrScheme>\
         <a:fontScheme name=\"quire\">{}{}</a:fontScheme>\
         <a:fmtScheme name=\"quire\"><a:fillStyleLst>{}</a:fillStyleLst>\
         <a:lnStyleLst>{}</a:lnStyleLst>\
         <a:effectStyleLst>{}</a:effectStyleLst>\
         <a:bgFillStyleLst>{}</a:bgFillStyleLst></a:fmtScheme>\
         </a:themeElements></a:theme>",
        fonts("majorFont", font(&style.fonts.heading)),
        fonts("minorFont", font(&style.fonts.text)),
        three(solid),
        three(&format!("<a:ln w=\"9525\">{solid}</a:ln>")),
        three("<a:effectStyle><a:effectLst/></a:effectStyle>"),
        three(solid),
    )
}
