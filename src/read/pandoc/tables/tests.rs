//! Simple, multiline and pipe tables, captions, and what is never a table.
//! Each expectation is pandoc 3.9's reading of the same input (`pandoc -f
//! markdown -t native`), written compactly by `compact`: columns as
//! alignment (`D`efault, `L`eft, `R`ight, `C`entre) and width, rows in
//! brackets, cells split by `|`, spans as `{rows x cols}`.

use super::*;

/// A table as one line, whitespace in cells collapsed.
pub(super) fn compact(t: &SourceTable) -> String {
    fn rows(rows: &[Vec<SourceCell>]) -> String {
        let rows: Vec<String> = rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| {
                        let mut s = c.text.split_whitespace().collect::<Vec<_>>().join(" ");
                        if c.row_span != 1 || c.col_span != 1 {
                            s += &format!("{{{}x{}}}", c.row_span, c.col_span);
                        }
                        s
                    })
                    .collect();
                format!("[{}]", cells.join("|"))
            })
            .collect();
        rows.join(" ")
    }
    let cols: Vec<String> = t
        .columns
        .iter()
        .map(|c| {
            let a = match c.align {
                Align::None => "D",
                Align::Left => "L",
                Align::Right => "R",
                Align::Center => "C",
            };
            match c.width {
                Some(w) => format!("{a}:{w:.4}"),
                None => a.to_owned(),
            }
        })
        .collect();
    let mut line = format!(
        "cols={} head={} body={}",
        cols.join(" "),
        rows(&t.head),
        rows(&t.body)
    );
    if !t.foot.is_empty() {
        line += &format!(" foot={}", rows(&t.foot));
    }
    if let Some(c) = &t.caption {
        let c = c.split_whitespace().collect::<Vec<_>>().join(" ");
        if !c.is_empty() {
            line += &format!(" cap={c}");
        }
    }
    if let Some(a) = &t.caption_attr {
        line += &format!(" attr={a}");
    }
    line
}

pub(super) fn tables(source: &str) -> Vec<SourceTable> {
    let lines: Vec<&str> = source.lines().collect();
    find_tables(&lines)
}

/// The tables in `source`, compactly.
pub(super) fn read(source: &str) -> Vec<String> {
    tables(source).iter().map(compact).collect()
}

#[test]
fn line_ranges_cover_the_table_and_its_captions() {
    let source = "para\n\n: before\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n| c | d |\n|---|---|\n| 3 | 4 |\n\n\nTable: after\nmore\n\ntail\n";
    let found = tables(source);
    let ranges: Vec<(usize, usize)> = found.iter().map(|t| (t.first_line, t.last_line)).collect();
    assert_eq!(ranges, [(2, 6), (8, 14)]);
    assert_eq!(found[1].caption.as_deref(), Some("after\nmore"));
    assert!(found.iter().all(|t| t.kind == TableKind::Pipe));
}

#[test]
fn kinds_say_whether_cells_hold_blocks() {
    let source = "a  b\n-- --\n1  2\n\n| a |\n|---|\n";
    let found = tables(source);
    let kinds: Vec<TableKind> = found.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [TableKind::Simple, TableKind::Pipe]);
    let source = "+-----+\n| - x |\n+-----+\n\n-----\n a\n-----\n b\n-----\n";
    let found = tables(source);
    let kinds: Vec<TableKind> = found.iter().map(|t| t.kind).collect();
    assert_eq!(kinds, [TableKind::Grid, TableKind::Multiline]);
    assert!(found[0].kind.cells_are_blocks() && !found[1].kind.cells_are_blocks());
    assert_eq!(found[0].body[0][0].text, "- x");
}

#[test]
fn tabs_are_expanded_to_four_columns_and_crlf_is_a_newline() {
    let source = "a\tb\r\n-\t--\r\n1\t2\r\n";
    // `a` and `-` flush on both sides: default; `b` short of `--`: left.
    assert_eq!(read(source), ["cols=D L head=[a|b] body=[1|2]"]);
}

#[test]
fn simple_table_aligns_columns_by_where_the_header_sits_over_its_dashes() {
    let source = r#"  Right     Left     Center     Default
-------     ------ ----------   -------
     12     12        12            12
    123     123       123          123
      1     1          1             1

Table:  Demonstration of simple table syntax.
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=R L C D head=[Right|Left|Center|Default] body=[12|12|12|12] [123|123|123|123] [1|1|1|1] cap=Demonstration of simple table syntax."#,
        ]
    );
}

#[test]
fn headless_simple_table_aligns_by_its_first_row_and_needs_a_closing_dashed_line() {
    let source = r#"-------     ------ ----------   -------
     12     12        12             12
    123     123       123           123
      1     1          1              1
-------     ------ ----------   -------
"#;

    assert_eq!(
        read(source),
        [r#"cols=R L C R head= body=[12|12|12|12] [123|123|123|123] [1|1|1|1]"#,]
    );
}

#[test]
fn simple_table_header_may_be_indented_and_a_caption_follows_a_blank_line() {
    let source = r#"
  Right  Left  Center  Default
-------  ----  ------  -------
     12  12      12    12

Table: cap
"#;

    assert_eq!(
        read(source),
        [r#"cols=R D D D head=[Right|Left|Center|Default] body=[12|12|12|12] cap=cap"#,]
    );
}

#[test]
fn simple_table_ends_at_a_dashed_line() {
    let source = r#"  Right   Left
-------   ----
     1    2
    22    33
-------   ----

para
"#;

    assert_eq!(
        read(source),
        [r#"cols=R D head=[Right|Left] body=[1|2] [22|33]"#,]
    );
}

#[test]
fn simple_table_header_short_of_both_ends_is_centred() {
    let source = r#"  Centre  
 ------------ 
  x
"#;

    assert_eq!(read(source), [r#"cols=C head=[Centre] body=[x]"#,]);
}

#[test]
fn simple_table_dashed_line_may_be_indented() {
    let source = r#"  Col A   Col B
  -----   -----
  x       y
  -----   -----
"#;

    assert_eq!(read(source), [r#"cols=D D head=[Col A|Col B] body=[x|y]"#,]);
}

#[test]
fn a_paragraph_over_dashes_in_groups_is_a_simple_table_as_in_pandoc() {
    let source = r#"Some text
---------- ------
more text
"#;

    assert_eq!(
        read(source),
        [r#"cols=L D head=[Some text|] body=[more text|]"#,]
    );
}

#[test]
fn a_paragraph_line_over_grouped_dashes_is_a_header() {
    let source = r#"para
----- -----
row   x
"#;

    assert_eq!(read(source), [r#"cols=L D head=[para|] body=[row|x]"#,]);
}

#[test]
fn spaced_dashes_around_a_row_make_a_headless_simple_table() {
    let source = r#"- - -
a b c
- - -
"#;

    assert_eq!(read(source), [r#"cols=D D D head= body=[a|b|c]"#,]);
}

#[test]
fn a_yaml_fence_around_a_non_mapping_is_a_headless_simple_table() {
    let source = r#"---
foo
---

para
"#;

    assert_eq!(read(source), [r#"cols=D head= body=[foo]"#,]);
}

#[test]
fn a_table_may_follow_a_rule() {
    let source = r#"* * *

  a  b
---- ----
1    2
"#;

    assert_eq!(read(source), [r#"cols=C L head=[a|b] body=[1|2]"#,]);
}

#[test]
fn multiline_table_takes_widths_from_its_dashes_and_joins_cell_lines() {
    let source = r#"-------------------------------------------------------------
 Centered   Default           Right Left
  Header    Aligned         Aligned Aligned
----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one. Note
                                    the blank line between
                                    rows.
-------------------------------------------------------------

Table: Here's the caption. It, too, may span
multiple lines.
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=C:0.1667 D:0.1111 R:0.2222 L:0.3611 head=[Centered Header|Default Aligned|Right Aligned|Left Aligned] body=[First|row|12.0|Example of a row that spans multiple lines.] [Second|row|5.0|Here's another one. Note the blank line between rows.] cap=Here's the caption. It, too, may span multiple lines."#,
        ]
    );
}

#[test]
fn headless_multiline_table_with_a_caption_after() {
    let source = r#"----------- ------- --------------- -------------------------
   First    row                12.0 Example of a row that
                                    spans multiple lines.

  Second    row                 5.0 Here's another one. Note
                                    the blank line between
                                    rows.
----------- ------- --------------- -------------------------

: Here's a multiline table without a header.
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=C:0.1667 L:0.1111 R:0.2222 L:0.3611 head= body=[First|row|12.0|Example of a row that spans multiple lines.] [Second|row|5.0|Here's another one. Note the blank line between rows.] cap=Here's a multiline table without a header."#,
        ]
    );
}

#[test]
fn headless_multiline_table_rows_are_separated_by_blank_lines() {
    let source = r#"----- -----
a     b

c     d
----- -----
"#;

    assert_eq!(
        read(source),
        [r#"cols=L:0.0833 L:0.0833 head= body=[a|b] [c|d]"#,]
    );
}

#[test]
fn multiline_table_with_one_column() {
    let source = r#"-----------
 Head
-----------
 one

 two
-----------
"#;

    assert_eq!(
        read(source),
        [r#"cols=C:0.1667 head=[Head] body=[one] [two]"#,]
    );
}

#[test]
fn dashed_line_on_top_then_header_then_rows_is_a_multiline_table() {
    let source = r#"-------  ------
a       b
-------  ------
c       d
-------  ------
"#;

    assert_eq!(
        read(source),
        [r#"cols=D:0.1250 D:0.1250 head=[a b|] body=[c d|]"#,]
    );
}

#[test]
fn multiline_cell_lines_are_joined_and_an_empty_cell_stays() {
    let source = r#"-------- --------
  a
  second

  b       c
-------- --------
"#;

    assert_eq!(
        read(source),
        [r#"cols=C:0.1250 D:0.1250 head= body=[a second|] [b|c]"#,]
    );
}
