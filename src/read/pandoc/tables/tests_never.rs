//! Where a table is never found: headings, rules, prose with dashes, YAML,
//! lists, quotes, code, paragraphs; and the contexts where one is. Each
//! expectation is pandoc 3.9's reading of the same input (see `tests.rs`).

use super::tests::read;

#[test]
fn a_table_may_follow_an_atx_heading() {
    let source = r#"# Heading
| a | b |
|---|---|
| 1 | 2 |
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body=[1|2]"#,]);
}

#[test]
fn a_table_inside_a_fenced_div() {
    let source = r#"::: note
| a | b |
|---|---|
| 1 | 2 |
:::
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body=[1|2]"#,]);
}

#[test]
fn setext_heading_underline_is_never_a_table() {
    let source = r#"Title
-----

text
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn dashes_inside_prose_are_never_a_table() {
    let source = r#"a -- b and c --- d
more -- text

para
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn horizontal_rules_are_never_tables() {
    let source = r#"---

- - -

***
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn yaml_block_is_never_a_table() {
    let source = r#""#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn list_items_starting_with_a_dash_are_never_tables() {
    let source = r#"- a
- b

-----  ----
x      y
-----  ----
"#;

    assert_eq!(read(source), [r#"cols=L L head= body=[x|y]"#,]);
}

#[test]
fn fenced_code_is_never_a_table() {
    let source = r#"```
----- -----
a     b
----- -----
```
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn fenced_code_then_a_paragraph_hide_pipe_lines() {
    let source = r#"```
| a | b |
|---|---|
```
para
| a | b |
|---|---|
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn pipe_lines_without_a_separator_are_no_table() {
    let source = r#"| a | b |
| c | d |
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn a_single_column_over_dashes_is_a_heading() {
    let source = r#"a
---
b
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn a_table_in_a_block_quote_is_not_found() {
    let source = r#"> | a | b |
> |---|---|
> | 1 | 2 |
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn indented_code_is_never_a_table() {
    let source = r#"    | a | b |
    |---|---|
    | 1 | 2 |
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn a_table_in_a_list_item_is_not_found_the_one_after_the_list_is() {
    let source = r#"1. item

   | a | b |
   |---|---|
   | 1 | 2 |

| c | d |
|---|---|
| 3 | 4 |
"#;

    assert_eq!(read(source), [r#"cols=D D head=[c|d] body=[3|4]"#,]);
}

#[test]
fn a_table_cannot_interrupt_a_paragraph() {
    let source = r#"text before
| a | b |
|---|---|
| 1 | 2 |
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn a_table_in_a_footnote_is_not_found() {
    let source = r#"[^1]: note

    | a | b |
    |---|---|

| c | d |
|---|---|
"#;

    assert_eq!(read(source), [r#"cols=D D head=[c|d] body="#,]);
}

#[test]
fn a_block_html_tag_ends_a_paragraph_and_its_content_is_read() {
    let source = r#"para
<div>
| a | b |
|---|---|
| 1 | 2 |
</div>
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body=[1|2]"#,]);
}

#[test]
fn pre_content_is_never_a_table() {
    let source = r#"<pre>
| a | b |
|---|---|
</pre>

| c | d |
|---|---|
"#;

    assert_eq!(read(source), [r#"cols=D D head=[c|d] body="#,]);
}

#[test]
fn a_comment_is_never_a_table() {
    let source = r#"<!-- comment
| a | b |
|---|---|
-->

| c | d |
|---|---|
"#;

    assert_eq!(read(source), [r#"cols=D D head=[c|d] body="#,]);
}

#[test]
fn a_comment_inside_a_paragraph_hides_nothing() {
    let source = r#"para <!--
| a | b |
|---|---|
-->
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn a_block_html_tag_is_never_a_table_header() {
    let source = r#"<div>
--- ---
    code
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn pre_tags_in_any_case() {
    let source = r#"<PRE class="x">
----- -----
a     b
----- -----
</pre>
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn an_unclosed_pre_is_one_line_of_html() {
    let source = r#"<pre>unclosed

| a | b |
|---|---|
"#;

    assert_eq!(read(source), [r#"cols=D D head=[a|b] body="#,]);
}

#[test]
fn a_line_block_ends_where_its_lines_do() {
    let source = r#"::: d
a|b|c
> quote
:::
| z     |
a | b
--|--
Table: cap {#id}
"#;

    assert_eq!(
        read(source),
        [r#"cols=D D head=[a|b] body= cap=cap attr={#id}"#,]
    );
}

#[test]
fn a_setext_heading_wins_over_an_atx_one_and_a_table() {
    let source = r#"# head
-----
-----  -----
> quote
"#;

    assert_eq!(read(source), Vec::<String>::new());
}

#[test]
fn an_item_of_another_list_kind_ends_the_list() {
    let source = r#"> quote
--- ---
  ab   cd
- - -
- item
# head
1. item
-----  -----
x   y
"#;

    assert_eq!(
        read(source),
        [
            r#"cols=D D head=[> qu|ote] body=[ab|cd]"#,
            r#"cols=D D head=[1. item|] body=[x y|]"#,
        ]
    );
}

#[test]
fn a_caption_ends_at_its_attributes() {
    let source = r#"|---|---|

Table: cap {#id}
    code
-----  -----
  12     3
+===+===+
"#;

    assert_eq!(
        read(source),
        [r#"cols=R L head=[cod|e] body=[12|3] [+===+==|=+] cap=cap attr={#id}"#,]
    );
}

#[test]
fn a_multiline_table_needs_a_header_line() {
    let source = r#"::: d
<div>
---
--- ---
word text

-----
"#;

    assert_eq!(read(source), [r#"cols=D D head=[---|] body=[word|text]"#,]);
}
