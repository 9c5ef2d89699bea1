use super::*;

/// Capitals are letters with case: a sentence in a script without case
/// is no tagline.
#[test]
fn taglines_are_capitals_and_caseless_scripts_are_not() {
    let tagline = |text: &str| is_tagline(&[Inline::text(text)]);
    assert!(tagline(
        "STRUCTURE AND STABILITY SO THE PYTHON LANGUAGE CAN THRIVE."
    ));
    assert!(tagline("WE MAINTAIN CRITICAL PUBLIC GOODs"));
    assert!(!tagline("We maintain critical public goods for all."));
    for caseless in [
        "محمد علي يتحدث عن بايثون في المؤتمر",
        "דוד כהן מדבר על אפליקציות",
        "王小明 讲 异步 编程 的 深度",
    ] {
        assert!(!tagline(caseless), "{caseless}");
    }
}

#[test]
fn list_numbers_in_every_style() {
    assert_eq!(ListStyle::LowerAlpha.number(1), "a");
    assert_eq!(ListStyle::LowerAlpha.number(27), "aa");
    assert_eq!(ListStyle::UpperRoman.number(14), "XIV");
    assert_eq!(ListStyle::LowerRoman.number(3999), "mmmcmxcix");
    assert_eq!(Delim::TwoParens.label("b"), "(b)");
    assert_eq!(Delim::OneParen.label("4"), "4)");
}

#[test]
fn walk_sees_every_node_and_walk_mut_every_list() {
    let mut doc = Document {
        blocks: vec![Block::Div {
            attr: Attr::default(),
            blocks: vec![Block::Paragraph {
                content: vec![Inline::Span {
                    attr: Attr::default(),
                    content: vec![Inline::text("a")],
                }],
            }],
        }],
        ..Document::default()
    };
    let mut texts = 0;
    walk(&doc, &mut |node| {
        texts += matches!(node, Node::Inline(Inline::Text { .. })) as usize
    });
    assert_eq!(texts, 1);
    walk_mut(&mut doc, &mut |nodes| {
        if let NodesMut::Inlines(inlines) = nodes {
            for inline in inlines.iter_mut() {
                if let Inline::Text { text } = inline {
                    text.push('!');
                }
            }
        }
    });
    assert_eq!(
        plain_text(match &doc.blocks[0] {
            Block::Div { blocks, .. } => match &blocks[0] {
                Block::Paragraph { content } => content,
                _ => unreachable!(),
            },
            _ => unreachable!(),
        }),
        "a!"
    );
}
