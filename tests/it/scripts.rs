//! Every script a speaker's name is written in: system font fallback (the
//! Noto fonts `make deps` installs), right-to-left text that reads back,
//! `--no-system-fonts` for the same bytes on every machine, and
//! hyphenation by the document's language.

use crate::common;
use crate::pdf::{build, require, run};
use std::path::Path;

const SPEAKERS: &str = "tests/fixtures/scripts/speakers.md";

/// Each speaker's name as the source writes it (NFC), Arabic and Hebrew in
/// logical order.
const NAMES: &[&str] = &[
    "王小明",
    "山田太郎",
    "김민준",
    "प्रिया शर्मा",
    "สมชาย ใจดี",
    "محمد علي",
    "דוד כהן",
    "Γιώργος Παπαδόπουλος",
    "Иван Петров",
    "Ada Lovelace",
    "🐍",
];

/// pdftotext's text without the bidi embedding marks it wraps
/// right-to-left lines in.
fn text_of(pdf: &Path) -> String {
    let (ok, text) = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert!(ok, "{text}");
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}'))
        .collect()
}

#[test]
fn a_speakers_table_in_ten_scripts_keeps_every_name() {
    require("pdftotext");
    require("pdffonts");
    let (_dir, file, out) = build(SPEAKERS, &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("no font"), "{}", out.stderr);
    let text = text_of(&file);
    for name in NAMES {
        assert!(text.contains(name), "{name} is not in the text:\n{text}");
    }
    // The Arabic sentence reads back word by word in logical order.
    // (pdftotext sets the full stop's word apart: the words stay whole.)
    for words in [
        "محمد علي يتحدث عن بايثون في المؤتمر",
        "كوهين يتحدث",
        "الويب",
    ] {
        assert!(text.contains(words), "{words}:\n{text}");
    }
    // Every font embedded; every one but the colour emoji (a Type 3 font
    // of bitmaps, holding only the glyphs used) subset.
    let (ok, fonts) = run("pdffonts", &[file.to_str().unwrap()]);
    assert!(ok, "{fonts}");
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    // Arabic and Hebrew in faces made for them, before DejaVu Sans's.
    for family in [
        "NotoSansCJK",
        "NotoSansDevanagari",
        "NotoSansThai",
        "NotoSansArabic",
        "NotoSansHebrew",
    ] {
        assert!(fonts.contains(family), "no {family}:\n{fonts}");
    }
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        let n = cols.len();
        assert!(n >= 5 && cols[n - 5] == "yes", "not embedded: {row}");
        assert!(
            cols[n - 4] == "yes" || row.contains("Type 3"),
            "not subset: {row}"
        );
    }
    // Bold follows the text into the fallback (the Korean name in bold).
    assert!(fonts.contains("NotoSansCJKkr-Bold"), "{fonts}");
    for checker in [&["pdfua", "check"][..], &["outloud"][..]] {
        let mut args = checker[1..].to_vec();
        args.push(file.to_str().unwrap());
        let (ok, report) = run(checker[0], &args);
        assert!(
            ok && !report.contains("WARNING"),
            "{}: {report}",
            checker[0]
        );
    }
}

#[test]
fn right_to_left_lines_are_drawn_right_to_left_and_flush_right() {
    let (_dir, file, out) = build(SPEAKERS, &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The Arabic paragraph's first word (محمد) is drawn right of its second (علي).
    let (ok, bbox) = run("pdftotext", &["-bbox", file.to_str().unwrap(), "-"]);
    assert!(ok);
    // pdftotext's boxes give each word's characters as drawn, left to right.
    let x_of = |word: &str| -> Vec<f64> {
        let drawn: String = word.chars().rev().collect();
        bbox.lines()
            .filter(|l| l.contains(&format!(">{drawn}<")))
            .filter_map(|l| l.split("xMin=\"").nth(1)?.split('"').next()?.parse().ok())
            .collect()
    };
    let (first, second) = (x_of("محمد"), x_of("علي"));
    assert!(!first.is_empty() && first.len() == second.len(), "{bbox}");
    for (a, b) in first.iter().zip(&second) {
        assert!(a > b, "محمد at {a} is not right of علي at {b}");
    }
}

#[test]
fn without_system_fonts_the_pdf_is_the_same_bytes_and_the_warnings_name_packages() {
    let (_d1, f1, out1) = build(SPEAKERS, &["--no-system-fonts"], Some("1700000000"));
    let (_d2, f2, out2) = build(SPEAKERS, &["--no-system-fonts"], Some("1700000000"));
    assert_eq!(out1.code, 0, "{}", out1.stderr);
    assert_eq!(out2.code, 0, "{}", out2.stderr);
    assert!(std::fs::read(&f1).unwrap() == std::fs::read(&f2).unwrap());
    for hint in [
        "fonts-noto-cjk",
        "fonts-noto-core",
        "fonts-noto-color-emoji",
    ] {
        assert!(out1.stderr.contains(hint), "no {hint}:\n{}", out1.stderr);
    }
    assert!(out1.stderr.contains("U+738B"), "{}", out1.stderr); // 王
                                                                // quire.yaml's `system_fonts: false` does the same.
    let project = tempfile::tempdir().unwrap();
    std::fs::write(project.path().join("quire.yaml"), "system_fonts: false\n").unwrap();
    std::fs::copy(
        common::repo().join(SPEAKERS),
        project.path().join("speakers.md"),
    )
    .unwrap();
    let out = common::quire(&["build", "speakers.md", "--to", "pdf", "-o", "out"])
        .in_dir(project.path())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("fonts-noto-cjk"), "{}", out.stderr);
}

#[test]
fn html_and_epub_say_where_text_is_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let out = common::quire(&["build", SPEAKERS, "--to", "html", "-o", out_dir]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
    let html = std::fs::read_to_string(dir.path().join("speakers.html")).unwrap();
    assert!(html.contains("<td dir=\"rtl\">محمد علي</td>"), "{html}");
    assert!(html.contains("<td dir=\"rtl\">דוד כהן</td>"), "{html}");
    assert!(html.contains("<td>Ada Lovelace"), "{html}");
}

/// Spanish patterns: every hyphenated line end of a justified two-column
/// Spanish fact sheet is a break the Spanish patterns allow.
#[test]
fn a_spanish_fact_sheet_is_hyphenated_by_spanish_patterns() {
    use hyphenation::{Hyphenator, Language, Load, Standard};
    let spanish = Standard::from_embedded(Language::Spanish).unwrap();
    let (_dir, file, out) = build("tests/fixtures/scripts/hoja.md", &[], None);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = common::pdf_text(&file);
    let lines: Vec<&str> = text.lines().collect();
    let mut checked = 0;
    for pair in lines.windows(2) {
        let Some(head) = pair[0].strip_suffix('-') else {
            continue;
        };
        let head = head.rsplit(' ').next().unwrap();
        let tail: String = pair[1]
            .split(' ')
            .next()
            .unwrap()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let word = format!("{head}{tail}").to_lowercase();
        let breaks = spanish.hyphenate(&word).breaks;
        assert!(
            breaks.contains(&head.to_lowercase().len()),
            "{head}-{tail}: not a Spanish break (Spanish: {:?})",
            breaks
        );
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} hyphenated line ends:\n{text}");
}

#[test]
fn a_language_without_patterns_is_set_without_hyphenation_and_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("ja.md");
    let text = "---\ntitle: 日本語\nlang: ja\n---\n\nPython のコミュニティ。\n";
    std::fs::write(&source, text).unwrap();
    let project = quire::Project::load(dir.path()).unwrap();
    let options = quire::BuildOptions {
        formats: vec![quire::Format::Pdf],
        out_dir: Some(dir.path().join("out")),
        to_stdout: false,
        layout: None,
        dialect: quire::Dialect::markdown(),
        write: quire::WriteOptions::default(),
        data: None,
        name: None,
        reference_doc: None,
        metadata: Vec::new(),
        ..Default::default()
    };
    let reports = quire::build(&project, &[quire::Input::File(source)], &options, &|_| {}).unwrap();
    let notes: Vec<&quire::Diagnostic> = reports[0]
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("no hyphenation patterns for `lang: ja`"))
        .collect();
    assert_eq!(notes.len(), 1, "{:?}", reports[0].diagnostics);
    assert_eq!(notes[0].severity, quire::Severity::Note);
}

#[test]
fn the_document_language_picks_the_cjk_forms() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("ja.md");
    let text =
        "---\ntitle: 山田太郎\nlang: ja\nlayout: base\n---\n\n山田太郎は東京に住んでいる。\n";
    std::fs::write(&source, text).unwrap();
    let out = common::build_beside(&source, "pdf");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let (ok, fonts) = run("pdffonts", &[dir.path().join("ja.pdf").to_str().unwrap()]);
    assert!(ok && fonts.contains("NotoSansCJKjp"), "{fonts}");
    assert!(!fonts.contains("NotoSansCJKsc"), "{fonts}");
}

/// Quotation marks follow the language, in every format: «» in Spanish,
/// „“ in a German span inside it; English stays “”.
#[test]
fn quotation_marks_follow_the_language() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("citas.md");
    std::fs::write(
        &source,
        "---\ntitle: Citas\nlang: es\n---\n\nDijo \"hola\" y [\"guten Tag\"]{lang=de}; it's fine.\n",
    )
    .unwrap();
    let out = common::build_beside(&source, "txt,html,pdf");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let txt = std::fs::read_to_string(dir.path().join("citas.txt")).unwrap();
    assert!(
        txt.contains("Dijo «hola» y „guten Tag“; it’s fine."),
        "{txt}"
    );
    let html = std::fs::read_to_string(dir.path().join("citas.html")).unwrap();
    assert!(
        html.contains("«hola»") && html.contains("„guten Tag“"),
        "{html}"
    );
    let pdf = common::pdf_text(&dir.path().join("citas.pdf"));
    assert!(pdf.contains("«hola»"), "{pdf}");
}

/// The project's `fonts/` folder comes after the layout's fonts and before
/// the system's: with system fonts off, a Thai name is drawn from the
/// project's Thai face (embedded, and it reads back); a layout may name
/// the family, and the EPUB then carries it; a file there that is no font
/// is named in a warning.
#[test]
fn the_projects_fonts_folder_draws_what_the_layout_lacks() {
    require("pdftotext");
    require("pdffonts");
    let thai = Path::new("/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf");
    assert!(
        thai.exists(),
        "fonts-noto-core is not installed; run `make deps`"
    );
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("doc.md"),
        "---\ntitle: Speakers\n---\n\nสมชาย ใจดี opens the day.\n",
    )
    .unwrap();
    let build = |args: &[&str]| {
        let mut all = vec!["build", "doc.md", "--no-system-fonts", "-o", "out"];
        all.extend_from_slice(args);
        common::quire(&all).in_dir(root).run()
    };
    // Without the folder, the Thai letters are missing.
    let out = build(&["--to", "pdf"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("no font in the layout"),
        "{}",
        out.stderr
    );

    std::fs::create_dir(root.join("fonts")).unwrap();
    std::fs::copy(thai, root.join("fonts/NotoSansThai-Regular.ttf")).unwrap();
    std::fs::write(root.join("fonts/OFL.txt"), "the licence").unwrap();
    std::fs::write(root.join("fonts/broken.otf"), "not a font").unwrap();
    let out = build(&["--to", "pdf"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("no font"), "{}", out.stderr);
    assert!(
        out.stderr.contains("fonts/broken.otf") && out.stderr.contains("skipped"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("OFL.txt"), "{}", out.stderr);
    let pdf = root.join("out/doc.pdf");
    assert!(text_of(&pdf).contains("สมชาย ใจดี"), "{}", text_of(&pdf));
    let (ok, fonts) = run("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(ok && fonts.contains("NotoSansThai"), "{fonts}");

    // Named by a layout, the family is the text's, on screen too.
    std::fs::create_dir_all(root.join("layouts/thai")).unwrap();
    std::fs::write(
        root.join("layouts/thai/layout.yaml"),
        "extends: base\nembed_fonts: true\nfonts:\n  text: [Noto Sans Thai, Inter]\n",
    )
    .unwrap();
    let out = build(&["--to", "epub", "--layout", "thai"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let epub = std::fs::read(root.join("out/doc.epub")).unwrap();
    let css = crate::epub::entry(&epub, "OEBPS/stylesheet.css");
    assert!(
        css.contains("font-family: \"Noto Sans Thai\"")
            && css.contains("fonts/NotoSansThai-Regular.ttf"),
        "{css}"
    );
    // Thai is set through the face's layout tables (tone marks placed on
    // their letters), which a cut would drop: the face travels whole.
    let packaged = crate::epub::entry_bytes(&epub, "OEBPS/fonts/NotoSansThai-Regular.ttf");
    let face = rustybuzz::ttf_parser::Face::parse(&packaged, 0).expect("a font");
    assert!(face.glyph_index('ส').is_some() && face.tables().gpos.is_some());
}

const HARDEST: &str = "tests/fixtures/scripts/hardest.md";

/// Text without whitespace and without the bidi marks pdftotext adds.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{200E}' | '\u{200F}')
        })
        .collect()
}

/// Combining marks (harakat, niqqud) are general category M: Arabic's and
/// Hebrew's blocks.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670)
}

/// The scripts whose glyphs are reordered, stacked and joined build into
/// the default accessible PDF (PDF/UA-1), each glyph standing for the text
/// of its cluster: pdftotext gives Thai, Khmer, Myanmar and Devanagari back
/// word for word; Arabic's and Hebrew's letters in logical order with every
/// vowel mark kept (pdftotext turns a right-to-left letter and its mark
/// about, as it does every cluster of several characters); and the checkers
/// pass.
#[test]
fn the_hardest_scripts_build_and_read_back_in_logical_order() {
    require("pdftotext");
    let (_dir, file, out) = build(HARDEST, &[], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(!out.stderr.contains("no font"), "{}", out.stderr);
    let text = letters(&text_of(&file));
    for words in [
        "ช้าง โดยที่การยอมรับศักดิ์ศรีแต่กำเนิด และสิทธิที่เท่าเทียมกัน",
        "ខ្មែរ ជនគ្រប់រូប",
        "មានសិទ្ធិសេរីភាពខាងការគិត",
        "မည်သူမျှ ဥပဒေအရ မဟုတ်သော ဖမ်းဆီးခြင်းကို ဖြစ်စေ၊",
        "किसी व्यक्ति की एकान्तता, परिवार, घर या पत्रव्यवहार",
    ] {
        assert!(text.contains(&letters(words)), "{words}:\n{text}");
    }
    for words in ["بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ", "בְּרֵאשִׁית בָּרָא אֱלֹהִים"]
    {
        let base: String = letters(words).chars().filter(|&c| !is_mark(c)).collect();
        let read: String = text.chars().filter(|&c| !is_mark(c)).collect();
        assert!(read.contains(&base), "{words}:\n{text}");
        for mark in words.chars().filter(|&c| is_mark(c)) {
            let (want, got) = (words.matches(mark).count(), text.matches(mark).count());
            assert!(got >= want, "U+{:04X}: {got} of {want}", mark as u32);
        }
    }
    for checker in [&["pdfua", "check"][..], &["outloud"][..]] {
        let mut args = checker[1..].to_vec();
        args.push(file.to_str().unwrap());
        let (ok, report) = run(checker[0], &args);
        assert!(
            ok && !report.contains("WARNING"),
            "{}: {report}",
            checker[0]
        );
    }
}

/// A character no font has (system fonts off) is drawn as a visible
/// substitute, never `.notdef`, and keeps its text; the warning names the
/// package to install.
#[test]
fn a_character_no_font_has_is_drawn_as_a_substitute_and_read_back() {
    require("pdftotext");
    let (_dir, file, out) = build(HARDEST, &["--no-system-fonts"], Some("1700000000"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("U+0E0A") && out.stderr.contains("fonts-noto-core"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("draws `�`"), "{}", out.stderr);
    let text = letters(&text_of(&file));
    assert!(text.contains(&letters("ช้าง")), "{text}");
}
