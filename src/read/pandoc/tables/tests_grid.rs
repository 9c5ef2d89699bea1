//! Grid tables, each expectation pandoc 3.9's reading of the same input
//! (see `tests.rs`), and hostile input that must stay linear.

use super::tests::{read, tables};
use super::*;

#[test]
fn grid_table_with_header_and_cells_of_blocks() {
    let source = r#": Sample grid table.

+---------------+---------------+--------------------+
| Fruit         | Price         | Advantages         |
+===============+===============+====================+
| Bananas       | $1.34         | - built-in wrapper |
|               |               | - bright color     |
+---------------+---------------+--------------------+
| Oranges       | $2.10         | - cures scurvy     |
|               |               | - tasty            |
+---------------+---------------+--------------------+
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=D:0.2222 D:0.2222 D:0.2917 head=[Fruit|Price|Advantages] body=[Bananas|$1.34|- built-in wrapper - bright color] [Oranges|$2.10|- cures scurvy - tasty] cap=Sample grid table."#,
        ]
    );
}

#[test]
fn grid_table_cells_span_rows_and_columns() {
    let source = r#"+---------------------+----------+
| Property            | Earth    |
+=============+=======+==========+
|             | min   | -89.2 °C |
| Temperature +-------+----------+
| 1961-1990   | mean  | 14 °C    |
|             +-------+----------+
|             | max   | 56.7 °C  |
+-------------+-------+----------+
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=D:0.1944 D:0.1111 D:0.1528 head=[Property{1x2}|Earth] body=[Temperature 1961-1990{3x1}|min|-89.2 °C] [mean|14 °C] [max|56.7 °C]"#,
        ]
    );
}

#[test]
fn grid_table_header_of_two_rows() {
    let source = r#"+---------------------+-----------------------+
| Location            | Temperature 1961-1990 |
|                     | in degree Celsius     |
|                     +-------+-------+-------+
|                     | min   | mean  | max   |
+=====================+=======+=======+=======+
| Antarctica          | -89.2 | N/A   | 19.8  |
+---------------------+-------+-------+-------+
| Earth               | -89.2 | 14    | 56.7  |
+---------------------+-------+-------+-------+
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=D:0.3056 D:0.1111 D:0.1111 D:0.1111 head=[Location{2x1}|Temperature 1961-1990 in degree Celsius{1x3}] [min|mean|max] body=[Antarctica|-89.2|N/A|19.8] [Earth|-89.2|14|56.7]"#,
        ]
    );
}

#[test]
fn grid_table_aligns_by_colons_in_the_header_separator() {
    let source = r#"+---------------+---------------+--------------------+
| Right         | Left          | Centered           |
+==============:+:==============+:==================:+
| Bananas       | $1.34         | built-in wrapper   |
+---------------+---------------+--------------------+
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=R:0.2222 L:0.2222 C:0.2917 head=[Right|Left|Centered] body=[Bananas|$1.34|built-in wrapper]"#,
        ]
    );
}

#[test]
fn headerless_grid_table_aligns_by_colons_in_the_top_border() {
    let source = r#"+--------------:+:--------------+:------------------:+
| Right         | Left          | Centered           |
+---------------+---------------+--------------------+
"#;

    assert_eq!(
        read(source),
        [r#"cols=R:0.2222 L:0.2222 C:0.2917 head= body=[Right|Left|Centered]"#,]
    );
}

#[test]
fn grid_table_foot_between_closing_separators() {
    let source = r#"+---------------+---------------+
| Fruit         | Price         |
+===============+===============+
| Bananas       | $1.34         |
+---------------+---------------+
| Oranges       | $2.10         |
+===============+===============+
| Sum           | $3.44         |
+===============+===============+
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=D:0.2222 D:0.2222 head=[Fruit|Price] body=[Bananas|$1.34] [Oranges|$2.10] foot=[Sum|$3.44]"#,
        ]
    );
}

#[test]
fn grid_table_cell_spanning_two_columns() {
    let source = r#"+---+---+
| a | b |
+---+---+
| c     |
+-------+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.0556 D:0.0556 head= body=[a|b] [c{1x2}]"#,]
    );
}

#[test]
fn grid_table_cell_spanning_columns_below_a_header() {
    let source = r#"+-----+-----+
| a   | b   |
+=====+=====+
| 1   | 2   |
+-----+-----+
| 3         |
+-----------+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.0833 D:0.0833 head=[a|b] body=[1|2] [3{1x2}]"#,]
    );
}

#[test]
fn grid_table_empty_header_is_no_header() {
    let source = r#"+---+---+
|   |   |
+===+===+
| 1 | 2 |
+---+---+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.0556 D:0.0556 head= body=[1|2]"#,]
    );
}

#[test]
fn grid_table_cells_hold_code_quotes_and_paragraphs() {
    let source = r#"+--------+--------+
| ```    | > q    |
| code   |        |
| ```    | para   |
|        |        |
|        | two    |
+--------+--------+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.1250 D:0.1250 head= body=[``` code ```|> q para two]"#,]
    );
}

#[test]
fn grid_table_with_wide_characters() {
    let source = r#"+------+-----+
| 中文 | b   |
+======+=====+
| 表格 | 2   |
+------+-----+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.0972 D:0.0833 head=[中文|b] body=[表格|2]"#,]
    );
}

#[test]
fn grid_table_drops_lines_after_its_last_border_as_pandoc_does() {
    let source = r#"+---+---+
| a | b |
+---+---+
| c | d |

para
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.0556 D:0.0556 head= body=[a|b]"#,]
    );
    assert_eq!(tables(source)[0].dropped, Some((3, 3)));
}

#[test]
fn grid_table_cell_keeps_lists_and_indented_code() {
    let source = r#"+---------+
| - x     |
| - y     |
|         |
|     code|
+---------+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.1389 head= body=[- x - y code]"#,]
    );
}

#[test]
fn grid_table_with_empty_header_body_and_foot() {
    let source = r#"+---+
|   |
+===+
| a |
+===+
| f |
+===+
"#;

    assert_eq!(read(source), [r#"cols=D:0.0556 head= body=[a] foot=[f]"#,]);
}

#[test]
fn grid_table_one_separator_at_the_bottom_makes_a_foot() {
    let source = r#"+-----+
| a   |
+=====+
| b   |
+=====+
"#;

    assert_eq!(read(source), [r#"cols=D:0.0833 head=[a] body= foot=[b]"#,]);
}

#[test]
fn grid_table_with_caption_before_and_a_foot() {
    let source = r#": caption

+---+---+
| a | b |
+===+===+
| c | d |
+===+===+
| e | f |
+===+===+
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.0556 D:0.0556 head=[a|b] body=[c|d] foot=[e|f] cap=caption"#,]
    );
}

#[test]
fn grid_table_never_closed_is_no_table() {
    let source = r#"+----+
| a  |
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn indented_grid_table_is_a_paragraph_in_pandoc_3_9() {
    let source = r#" +---+---+
 | a | b |
 +===+===+
 | c | d |
 +---+---+
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

/// The work `find_tables` does on `source`, per byte of it.
fn work_per_byte(source: &str) -> f64 {
    let lines: Vec<&str> = source.lines().collect();
    let (_, work) = find_tables_counted(&lines);
    work as f64 / source.len().max(1) as f64
}

/// Hostile inputs, each built at two sizes: the work per byte must not
/// grow with the size (a nested rescan would double it) and stays small.
fn assert_linear(name: &str, build: impl Fn(usize) -> String, size: usize) {
    let small = work_per_byte(&build(size));
    let large = work_per_byte(&build(size * 2));
    assert!(
        large <= small * 1.1 + 0.5,
        "{name}: work per byte grew from {small:.2} to {large:.2}"
    );
    assert!(large < 80.0, "{name}: {large:.2} work per byte");
}

fn grid_rows(rows: usize, closed: bool) -> String {
    let mut s = String::from("+-----+-----+\n| a   | b   |\n+=====+=====+\n");
    for i in 0..rows {
        s += &format!("| {:<3} | x   |\n", i % 1000);
        if closed {
            s += "+-----+-----+\n";
        }
    }
    s
}

#[test]
fn a_grid_table_of_5000_rows_is_read_in_linear_time() {
    let found = tables(&grid_rows(5000, true));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].body.len(), 5000);
    assert_eq!(found[0].body[4999][0].text, "999");
    assert_linear("5,000-row grid", |n| grid_rows(n, true), 5000);
}

#[test]
fn a_grid_table_never_closed_is_no_table_in_linear_time() {
    let unclosed = |n: usize| format!("+-----+-----+\n{}", "| a   | b   |\n".repeat(n));
    assert!(tables(&unclosed(5000)).is_empty());
    assert_linear("unclosed grid", unclosed, 5000);
    // Closed after its header, the rows below are part of it, and dropped.
    let found = tables(&grid_rows(5000, false));
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].head.len(), found[0].body.len()), (1, 0));
    assert_eq!(found[0].dropped, Some((3, 5002)));
    assert_linear(
        "grid closed after its header",
        |n| grid_rows(n, false),
        5000,
    );
    // Borders with no right edge: every corner's trace runs to the end.
    assert_linear(
        "grid without right borders",
        |n| format!("+--+\n{}", "+-----------------\n| a\n".repeat(n)),
        2000,
    );
}

#[test]
fn a_one_megabyte_line_is_read_in_linear_time() {
    const MEGABYTE: usize = 1 << 20;
    type Build = fn(usize) -> String;
    let shapes: [(&str, Build); 8] = [
        ("prose", |n| "word -- ".repeat(n / 8) + "\n"),
        ("pipe row of backticks", |n| {
            format!("| a | b |\n|---|---|\n| {} |\n", "`` `|".repeat(n / 5))
        }),
        ("pipe row of dollars", |n| {
            format!("| a | b |\n|---|---|\n| {} |\n", "$a |".repeat(n / 4))
        }),
        ("pipe header of backslashes", |n| {
            format!("{}|\n|---|\n", "\\".repeat(n))
        }),
        ("grid border", |n| {
            let border = "+-".repeat(n / 2) + "+\n";
            format!("{border}{}|\n{border}", "| ".repeat(n / 2))
        }),
        ("grid border over text", |n| {
            format!("{}+\n| a\n+-+\n", "+-".repeat(n / 2))
        }),
        ("dashed groups", |n| {
            format!("x\n{}\ny\n", "- ".repeat(n / 2))
        }),
        ("caption braces", |n| {
            format!("| a |\n|---|\n\n: {}\n", "{#a} ".repeat(n / 5))
        }),
    ];
    for (name, build) in shapes {
        assert_linear(name, build, MEGABYTE / 4);
    }
}

#[test]
fn many_openings_that_never_close_stay_linear() {
    assert_linear("unclosed fences", |n| "```\n\n````\n\n".repeat(n), 5000);
    assert_linear(
        "dashed lines over rows to the end",
        |n| format!("-----\nx\n-----\n{}", "a\n\n".repeat(n)),
        5000,
    );
    assert_linear("dashed lines apart", |n| "-- --\nx\n\n".repeat(n), 5000);
    assert_linear("captions", |n| ": caption\n\n".repeat(n), 5000);
    assert_linear(
        "unclosed pre and comments",
        |n| "<pre>\n</script>\n<!--\n\n".repeat(n),
        5000,
    );
    assert_linear("list items", |n| "- a\n\n  b\n".repeat(n), 5000);
    assert_linear(
        "grid cells spanning one another",
        |n| {
            let top = "+-".repeat(n) + "+\n";
            let row = "|a".repeat(n) + "|\n";
            format!(
                "{top}{row}{top}| {}|\n+{}+\n",
                "a".repeat(2 * n - 2),
                "-".repeat(2 * n - 1)
            )
        },
        500,
    );
}
