//! Pipe tables and captions, each expectation pandoc 3.9's reading of the
//! same input (see `tests.rs`).

use super::tests::read;

#[test]
fn pipe_table_aligns_by_colons() {
    let source = r#"| Right | Left | Default | Center |
|------:|:-----|---------|:------:|
|   12  |  12  |    12   |    12  |
|  123  |  123 |   123   |   123  |
|    1  |    1 |     1   |     1  |

  : Demonstration of pipe table syntax.
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=R L D C head=[Right|Left|Default|Center] body=[12|12|12|12] [123|123|123|123] [1|1|1|1] cap=Demonstration of pipe table syntax."#,
        ]
    );
}

#[test]
fn pipe_table_needs_no_outer_pipes_nor_aligned_columns() {
    let source = r#"fruit| price
-----|-----:
apple|2.05
pear|1.37
orange|3.09
"#;

    assert_eq!(
        read(source),
        [r#"cols=D R head=[fruit|price] body=[apple|2.05] [pear|1.37] [orange|3.09]"#,]
    );
}

#[test]
fn pipe_table_separator_may_use_plus_as_orgtbl_writes_it() {
    let source = r#"| One | Two   |
|-----+-------|
| my  | table |
| is  | nice  |
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[One|Two] body=[my|table] [is|nice]"#,]
    );
}

#[test]
fn pipe_table_keeps_pipes_in_code_math_and_escapes() {
    let source = r#"| a `x|y` | b \| c | $|x|$ |
|---|---|---|
| 1 | 2 | 3 |
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D D head=[a `x|y`|b \| c|$|x|$] body=[1|2|3]"#,]
    );
}

#[test]
fn pipe_table_minimal_separator() {
    let source = r#"a | b
--|--
1 | 2
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body=[1|2]"#,]);
}

#[test]
fn one_column_pipe_table_has_outer_pipes() {
    let source = r#"| a |
|---|
| b |
"#;

    assert_eq!(read(source), [r#"cols=D head=[a] body=[b]"#,]);
}

#[test]
fn pipe_table_may_be_indented_up_to_three_spaces() {
    let source = r#"  | a | b |
  |:-:|--:|
  | 1 | 2 |
"#;

    assert_eq!(read(source), [r#"cols=C R head=[a|b] body=[1|2]"#,]);
}

#[test]
fn pipe_table_with_wide_characters() {
    let source = r#"中文 | b
---|---
表格 | 2
"#;

    assert_eq!(read(source), [r#"cols=D D head=[中文|b] body=[表格|2]"#,]);
}

#[test]
fn pipe_table_with_leading_pipes_only() {
    let source = r#"| a
|---
| b
"#;

    assert_eq!(read(source), [r#"cols=D head=[a] body=[b]"#,]);
}

#[test]
fn pipe_table_rows_are_padded_or_cut_to_the_separator() {
    let source = r#"|a|b|
|-|-|
|1|2|3|
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body=[1|2]"#,]);
}

#[test]
fn pipe_table_within_72_columns_has_no_widths() {
    let source = r#"| a long header cell that goes on and on and on and on and on | b |
|----|--|
| 1 | 2 |
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=D D head=[a long header cell that goes on and on and on and on and on|b] body=[1|2]"#,
        ]
    );
}

#[test]
fn pipe_table_wider_than_72_columns_takes_widths_from_its_separator() {
    let source = r#"| a long header cell that goes on and on and on and on and on and on | b |
|:-----|--:|
| 1 | 2 |
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=L:0.6667 R:0.3333 head=[a long header cell that goes on and on and on and on and on and on|b] body=[1|2]"#,
        ]
    );
}

#[test]
fn pipe_table_cells_are_trimmed() {
    let source = r#" x | y
---|---
 1 | 2
"#;

    assert_eq!(read(source), [r#"cols=D D head=[x|y] body=[1|2]"#,]);
}

#[test]
fn pipe_table_ends_at_a_line_without_a_pipe() {
    let source = r#"| a | b |
|---|---|
| x | y |
+---+---+
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body=[x|y]"#,]);
}

#[test]
fn caption_after_a_blank_line() {
    let source = r#"| a | b |
|---|---|
| 1 | 2 |

Table: after
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[a|b] body=[1|2] cap=after"#,]
    );
}

#[test]
fn caption_before_with_attributes_and_no_second_caption() {
    let source = r#": before {#tbl:x .cls}

| a | b |
|---|---|
| 1 | 2 |

: not a caption
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[a|b] body=[1|2] cap=before attr={#tbl:x .cls}"#,]
    );
}

#[test]
fn a_definition_before_a_table_is_its_caption_as_in_pandoc() {
    let source = r#"Term

: definition

| a | b |
|---|---|
| 1 | 2 |
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[a|b] body=[1|2] cap=definition"#,]
    );
}

#[test]
fn caption_right_after_a_pipe_table() {
    let source = r#"| a | b |
|---|---|
| 1 | 2 |
: caption after, no blank
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[a|b] body=[1|2] cap=caption after, no blank"#,]
    );
}

#[test]
fn lower_case_caption_before_a_headless_simple_table() {
    let source = r#"table: lower case {.x}

----- -----
a     b
----- -----
"#;

    assert_eq!(
        read(source),
        [r#"cols=L L head= body=[a|b] cap=lower case attr={.x}"#,]
    );
}

#[test]
fn caption_continues_to_a_blank_line_and_ends_in_attributes() {
    let source = r#"| a | b |
|---|---|

: cap line one
line two {#id}
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[a|b] body= cap=cap line one line two attr={#id}"#,]
    );
}

#[test]
fn a_caption_needs_the_table_right_after_it() {
    let source = r#"Table: Trailing

    indented code

| a | b |
|---|---|
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body="#,]);
}

#[test]
fn a_caption_alone_is_no_table() {
    let source = r#"Table: only a caption

para
"#;

    assert_eq!(read(source), Vec::<String>::new());
}
