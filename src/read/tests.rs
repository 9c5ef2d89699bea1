use super::*;

#[test]
fn positions_count_front_matter_lines() {
    let body = read("# Title\n\nSee [x](y).\n", 3, Dialect::markdown());
    let Block::Heading { pos, .. } = &body.blocks[0] else {
        panic!()
    };
    assert_eq!((pos.line, pos.column), (4, 1));
    let Block::Paragraph { content } = &body.blocks[1] else {
        panic!()
    };
    let Inline::Link { pos, .. } = &content[1] else {
        panic!("{content:?}")
    };
    assert_eq!((pos.line, pos.column), (6, 5));
}

#[test]
fn pandoc_code_attributes_give_the_language() {
    let body = read(
        "```{.python #listing}\nx = 1\n```\n",
        0,
        Dialect::markdown(),
    );
    assert_eq!(
        body.blocks,
        vec![Block::Code {
            lang: Some("python".to_owned()),
            attr: Attr {
                id: "listing".to_owned(),
                classes: vec!["python".to_owned()],
                pairs: Vec::new(),
            },
            text: "x = 1\n".to_owned()
        }]
    );
}

#[test]
fn escapes_are_gone_and_text_is_joined() {
    let body = read("Python\\-related \\& more\n", 0, Dialect::markdown());
    assert_eq!(
        body.blocks,
        vec![Block::Paragraph {
            content: vec![Inline::text("Python-related & more")]
        }]
    );
}

#[test]
fn footnotes_and_tasks_are_kept() {
    let body = read(
        "- [x] done\n- [ ] todo\n\nA note[^n].\n\n[^n]: The note.\n",
        0,
        Dialect::markdown(),
    );
    let Block::List { items, .. } = &body.blocks[0] else {
        panic!()
    };
    assert_eq!(items[0].task, Some(true));
    assert_eq!(items[1].task, Some(false));
    assert_eq!(body.notes.len(), 1);
    let Block::Paragraph { content } = &body.blocks[1] else {
        panic!()
    };
    assert!(content.contains(&Inline::NoteRef { index: 0 }));
}
