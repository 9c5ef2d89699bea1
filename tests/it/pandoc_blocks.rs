//! pandoc's Markdown block structure (issue 26): where pandoc makes figures,
//! and what its lists, fences and headings hold — each from pandoc's manual
//! or, where the manual is silent, from pandoc 3.9's own output.

use quire::doc::{Block, Inline};
use quire::read::{read, Dialect};

/// The fragment's HTML.
fn fragment(markdown: &str) -> String {
    crate::dialect::html(markdown)
}

fn blocks(markdown: &str) -> Vec<Block> {
    read(markdown, 0, Dialect::markdown()).blocks
}

fn is_figure(block: &Block) -> bool {
    matches!(block, Block::Figure { .. })
}

/// The blocks of every cell of the first table.
fn cells(markdown: &str) -> Vec<Vec<Block>> {
    match blocks(markdown).into_iter().next() {
        Some(Block::Table { head, body, .. }) => head
            .into_iter()
            .chain(body)
            .flatten()
            .map(|cell| cell.blocks)
            .collect(),
        other => panic!("not a table: {other:?}"),
    }
}

#[test]
fn a_linked_image_alone_is_a_paragraph_not_a_figure() {
    let read = blocks("[![alt](badge.svg \"title\")](https://example.org)\n");
    assert!(
        matches!(read.as_slice(), [Block::Paragraph { content }]
            if matches!(content.as_slice(), [Inline::Link { .. }])),
        "{read:?}"
    );
    // An image with a hard line break after it is not alone.
    assert!(!is_figure(&blocks("![a](x.png)\\\n")[0]));
}

#[test]
fn an_image_alone_in_a_grid_tables_cell_is_a_figure_but_not_in_a_pipe_tables() {
    let grid = cells(
        "+:------:+:-----------:+\n\
         | hello  | ![a](b.png) |\n\
         +--------+-------------+\n",
    );
    assert!(!is_figure(&grid[0][0]), "{grid:?}");
    assert!(is_figure(&grid[1][0]), "{grid:?}");
    for table in [
        "| a | b |\n|---|---|\n| x | ![c](b.png) |\n",
        "| a | b |\n|---|---|\n| x | ![c](b.png) |\n\n: Caption\n",
        "  a      b\n  --- -----------\n  x   ![c](b.png)\n",
    ] {
        let cells = cells(table);
        assert!(!cells.iter().flatten().any(is_figure), "{table}: {cells:?}");
    }
}

#[test]
fn figures_in_quotes_divs_definitions_and_notes_but_not_tight_items() {
    let read = read(
        "> ![q](b.png)\n\n::: d\n![d](b.png)\n:::\n\nTerm\n:   ![t](b.png)\n\n\
         - ![l](b.png)\n- x\n\nx[^1]\n\n[^1]: Foo:\n\n    ![n](b.png)\n",
        0,
        Dialect::markdown(),
    );
    let [Block::Quote { blocks: quote }, Block::Div { blocks: div, .. }, Block::DefinitionList { items }, Block::List { items: list, .. }, ..] =
        read.blocks.as_slice()
    else {
        panic!("{:?}", read.blocks);
    };
    assert!(is_figure(&quote[0]) && is_figure(&div[0]));
    assert!(is_figure(&items[0].definitions[0][0]));
    assert!(!is_figure(&list[0].blocks[0]));
    assert!(is_figure(&read.notes[0].blocks[1]), "{:?}", read.notes);
}

#[test]
fn implicit_figures_switched_off_keeps_the_paragraph() {
    let (dialect, _) = Dialect::parse("markdown-implicit_figures").expect("a dialect");
    let read = read("![a](x.png)\n", 0, dialect);
    assert!(matches!(read.blocks[0], Block::Paragraph { .. }));
}

#[test]
fn a_notes_link_back_after_a_figure_stands_alone_in_the_item() {
    // pandoc's HTML writer puts the link back in the note's last paragraph,
    // or, after any other block, alone at the end of the item.
    let out = fragment("Test.[^fn]\n\n[^fn]: Foo:\n\n    ![Caption.](/image.jpg)\n");
    let item = out
        .split_once("<li id=\"fn-1\">")
        .and_then(|(_, rest)| rest.split_once("</li>"))
        .map(|(item, _)| item)
        .expect("a note");
    assert!(item.contains("</figure>\n<a href=\"#fnref-1\""), "{item}");
    assert!(!item.contains("<p><a"), "{item}");
    let out = fragment("Test.[^fn]\n\n[^fn]: Foo.\n");
    assert!(out.contains("Foo. <a href=\"#fnref-1\""), "{out}");
}

/// The classes of the divs in `blocks`, nested as `a(b c)`.
fn divs(blocks: &[Block]) -> String {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Div { attr, blocks } => {
                let inner = divs(blocks);
                let name = attr.classes.join(".");
                out.push(if inner.is_empty() {
                    name
                } else {
                    format!("{name}({inner})")
                });
            }
            Block::List { items, .. } => out.extend(
                items
                    .iter()
                    .map(|i| divs(&i.blocks))
                    .filter(|s| !s.is_empty()),
            ),
            Block::Quote { blocks } => out.push(divs(blocks)),
            Block::Paragraph { .. } => out.push("p".to_owned()),
            _ => {}
        }
    }
    out.join(" ")
}

#[test]
fn a_closing_fence_closes_the_innermost_div_however_many_colons_it_has() {
    // pandoc's manual: fenced divs can be nested; a closing fence closes the
    // innermost one, even when the inner opening is longer than the outer.
    let read =
        blocks("::: columns\n:::: column\nLeft\n::::\n\n. . .\n\n:::: column\nRight\n::::\n:::\n");
    assert_eq!(divs(&read), "columns(column(p) p column(p))", "{read:?}");
}

#[test]
fn a_div_may_open_on_a_list_items_or_a_quotes_first_line() {
    let read =
        blocks(":::: {.a}\n- ::: {.b}\n  text\n  :::\n  ::: {.c}\n  text\n  :::\n::::\n\nafter\n");
    assert_eq!(divs(&read), "a(b(p) c(p)) p", "{read:?}");
    let read = blocks("::::: {.a}\n> ::: {.b}\n> text\n> :::\n:::::\n\nafter\n");
    assert_eq!(divs(&read), "a(b(p)) p", "{read:?}");
    // A closing fence with no div open stays text, after its list marker.
    let read = blocks("- :::\n");
    assert!(
        matches!(&read[0], Block::List { items, .. }
            if matches!(&items[0].blocks[0], Block::Paragraph { content }
                if content == &vec![Inline::text(":::")])),
        "{read:?}"
    );
}
