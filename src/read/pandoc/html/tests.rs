use super::*;

fn marked(source: &str) -> (String, Vec<String>) {
    let (text, found) = mark(source, true);
    (text.into_owned(), found.tags)
}

#[test]
fn tag_lines_become_one_line_comments_and_keep_their_line() {
    let source = "<div class=\"a\">\n- x\n</div>\n";
    let (text, tags) = marked(source);
    assert_eq!(
        text,
        "<!--\u{E001}0\u{E001}-->\n- x\n<!--\u{E001}1\u{E001}-->\n"
    );
    assert_eq!(tags, ["<div class=\"a\">", "</div>"]);
}

#[test]
fn tags_inside_a_line_of_text_become_inline_markers() {
    let (text, tags) = marked("<td>    *one*</td>\n");
    assert_eq!(text, "\u{E001}0\u{E001}     *one* \u{E001}1\u{E001}\n");
    assert_eq!(tags, ["<td>", "</td>"]);
}

#[test]
fn verbatim_elements_code_and_inline_tags_are_left_as_written() {
    for source in [
        "<pre>\n<div>\n*x*\n</pre>\n",
        "<textarea>\n <div>\n</textarea>\n",
        "```\n<div>\n```\n",
        "    <div>\n",
        "text <div> more\n",
        "<!--\n<div>\n-->\n",
        "No tags at all.\n",
    ] {
        let (text, found) = mark(source, true);
        assert_eq!(text, source, "{source}");
        assert!(found.is_empty(), "{source}");
    }
}

#[test]
fn a_non_block_tag_alone_or_a_comment_under_text_is_escaped_into_a_paragraph() {
    let (text, found) = mark("<unknown>\nx\n", true);
    assert_eq!(text, "\u{E002}<unknown>\nx\n");
    assert!(found.escaped);
    let (text, _) = mark("Def\n<!--\n: more\n-->\n", true);
    assert_eq!(text, "Def\n\u{E002}<!--\n: more\n-->\n");
    // Under a blank line a comment is a block, as comrak reads it.
    assert!(mark("a\n\n<!-- c -->\n", true).1.is_empty());
}

#[test]
fn the_indentation_inside_an_html_block_is_stripped_as_pandoc_does() {
    let (text, _) = marked("<table>\n    <tr>\n        <td>*a*</td>\n    </tr>\n</table>\n");
    assert_eq!(text.lines().count(), 5);
    assert!(text.lines().all(|line| !line.starts_with(' ')), "{text}");
    // A div's content keeps it: four spaces there are code.
    let (text, _) = marked("<div>\n    code\n</div>\n");
    assert_eq!(text.lines().nth(1), Some("    code"));
}

#[test]
fn segments_cut_at_block_tags_only() {
    let line = "<td>a <em>b</em> `<td>` c</td>";
    let cut: Vec<_> = segments(line)
        .into_iter()
        .map(|s| match s {
            Segment::Tag(start, end) => format!("[{}]", &line[start..end]),
            Segment::Text(text) => text.to_owned(),
        })
        .collect();
    assert_eq!(cut, ["[<td>]", "a <em>b</em> `<td>` c", "[</td>]"]);
}
