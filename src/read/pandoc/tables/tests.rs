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

/// Development aid: prints every `*.md` in `$TABLE_CASES` as `read` sees
/// it, to compare with pandoc.
#[test]
#[ignore]
fn print_cases() {
    let Ok(dir) = std::env::var("TABLE_CASES") else {
        return;
    };
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    paths.sort();
    for path in paths {
        let source = std::fs::read_to_string(&path).unwrap();
        println!("=== {}", path.file_name().unwrap().to_string_lossy());
        for line in read(&source) {
            println!("{line}");
        }
    }
}
