//! Code → tokens: one small lexer per family of languages, so that every
//! writer colours the same tokens from the same theme (`code.theme`).
//!
//! Hand-written rather than a grammar crate, by measurement: arborium 2.18
//! with the thirteen grammars these languages need took 1 min 22 s of clean
//! release build (one job, 29 crates, 360 MB of compiler memory) and made a
//! trivial binary 11 MB larger (15.6 MB against 4.3 MB); syntect + two-face
//! cost ~54 s and 2–5 MB and tag Python's `match`/`case` as names. This
//! lexer costs no dependency and a few tens of KB. A handout's code needs
//! keywords, strings, comments, numbers, calls and prompts told apart,
//! which a lexer does exactly; soft keywords are keywords only where they
//! open a statement.

mod grammar;

use crate::doc::Attr;
use crate::layout::{Color, Theme};
use grammar::{grammar, Grammar};

/// What a piece of code is, for its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Plain,
    Keyword,
    String,
    Comment,
    Number,
    Function,
    Type,
    Operator,
    Punctuation,
    Prompt,
    Output,
}

impl Kind {
    /// The HTML class (`tok-keyword`), none for plain text.
    pub fn class(self) -> Option<&'static str> {
        Some(match self {
            Kind::Plain => return None,
            Kind::Keyword => "tok-keyword",
            Kind::String => "tok-string",
            Kind::Comment => "tok-comment",
            Kind::Number => "tok-number",
            Kind::Function => "tok-function",
            Kind::Type => "tok-type",
            Kind::Operator => "tok-operator",
            Kind::Punctuation => "tok-punctuation",
            Kind::Prompt => "tok-prompt",
            Kind::Output => "tok-output",
        })
    }

    /// Its colour in `theme`; plain text has the text colour (none here).
    pub fn color(self, theme: &Theme) -> Option<Color> {
        Some(match self {
            Kind::Plain => return None,
            Kind::Keyword => theme.keyword,
            Kind::String => theme.string,
            Kind::Comment => theme.comment,
            Kind::Number => theme.number,
            Kind::Function => theme.function,
            Kind::Type => theme.r#type,
            Kind::Operator => theme.operator,
            Kind::Punctuation => theme.punctuation,
            Kind::Prompt => theme.prompt,
            Kind::Output => theme.output,
        })
    }
}

/// One token: its kind and its text (which may hold newlines).
pub type Token = (Kind, String);

/// The tokens of `text` in `lang` (the info string's first word); an
/// unknown or missing language is one plain token.
pub fn highlight(lang: Option<&str>, text: &str) -> Vec<Token> {
    let lang = lang.unwrap_or("").to_ascii_lowercase();
    match lang.as_str() {
        "pycon" | "python-repl" | "repl" => {
            session(text, &[">>> ", "... ", ">>>", "..."], "python")
        }
        "console" | "shell-session" | "sh-session" => session(text, &["$ ", "# "], "bash"),
        "diff" | "patch" => diff(text),
        _ => match grammar(&lang) {
            Some(g) => Lexer::new(&g, text).run(),
            None => vec![(Kind::Plain, text.to_owned())],
        },
    }
}

/// The number of a code block's first line when its lines are numbered:
/// pandoc's `.numberLines` (or `.number-lines`) class, or every block when
/// the layout says so; `startFrom="N"` starts at N.
pub fn first_line_number(attr: &Attr, every_block: bool) -> Option<u64> {
    let marked = attr
        .classes
        .iter()
        .any(|c| c == "numberLines" || c == "number-lines");
    (marked || every_block).then(|| {
        attr.pairs
            .iter()
            .find(|(key, _)| key == "startFrom")
            .and_then(|(_, value)| value.trim().parse().ok())
            .unwrap_or(1)
    })
}

/// Tokens split into lines (no token holds a newline afterwards).
pub fn lines(tokens: &[Token]) -> Vec<Vec<Token>> {
    let mut out = vec![Vec::new()];
    for (kind, text) in tokens {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                out.push(Vec::new());
            }
            if let Some(line) = out.last_mut().filter(|_| !part.is_empty()) {
                line.push((*kind, part.to_owned()));
            }
        }
    }
    out
}

/// `text` with each tab expanded to the next stop of `width` columns.
pub fn expand_tabs(text: &str, width: usize) -> String {
    let width = width.max(1);
    let mut out = String::with_capacity(text.len());
    let mut col = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let n = width - col % width;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            '\n' => {
                out.push(c);
                col = 0;
            }
            _ => {
                out.push(c);
                col += 1;
            }
        }
    }
    out
}

fn push(out: &mut Vec<Token>, kind: Kind, text: &str) {
    if text.is_empty() {
        return;
    }
    match out.last_mut() {
        Some((k, t)) if *k == kind => t.push_str(text),
        _ => out.push((kind, text.to_owned())),
    }
}

/// A REPL or shell session: prompt lines are code in `inner` after their
/// prompt; other lines are output.
fn session(text: &str, prompts: &[&str], inner: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            push(&mut out, Kind::Plain, "\n");
        }
        match prompts.iter().find(|p| line.starts_with(*p)) {
            Some(p) => {
                push(&mut out, Kind::Prompt, p);
                for (k, t) in highlight(Some(inner), &line[p.len()..]) {
                    push(&mut out, k, &t);
                }
            }
            None => push(&mut out, Kind::Output, line),
        }
    }
    out
}

fn diff(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            push(&mut out, Kind::Plain, "\n");
        }
        let kind = if line.starts_with("@@") {
            Kind::Function
        } else if line.starts_with("+++") || line.starts_with("---") || line.starts_with("diff ") {
            Kind::Type
        } else if line.starts_with('+') {
            Kind::String
        } else if line.starts_with('-') {
            Kind::Keyword
        } else {
            Kind::Plain
        };
        push(&mut out, kind, line);
    }
    out
}

struct Lexer<'g, 't> {
    g: &'g Grammar,
    text: &'t str,
    pos: usize,
    out: Vec<Token>,
    /// Only white space so far on this line.
    line_start: bool,
    /// The last word was `def`/`fn`/`function` (the next names a function)
    /// or `class`/`struct` (the next names a type).
    next: Kind,
    /// Inside an HTML tag.
    in_tag: bool,
}

impl<'g, 't> Lexer<'g, 't> {
    fn new(g: &'g Grammar, text: &'t str) -> Self {
        Lexer {
            g,
            text,
            pos: 0,
            out: Vec::new(),
            line_start: true,
            next: Kind::Plain,
            in_tag: false,
        }
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn take(&mut self, kind: Kind, len: usize) {
        let piece = &self.text[self.pos..self.pos + len];
        push(&mut self.out, kind, piece);
        self.pos += len;
        if piece.contains('\n') {
            self.line_start = piece.ends_with('\n');
        } else if !piece.trim().is_empty() {
            self.line_start = false;
        }
    }

    fn run(mut self) -> Vec<Token> {
        while let Some(c) = self.rest().chars().next() {
            let rest = self.rest();
            if let Some(len) = self.comment(rest) {
                self.take(Kind::Comment, len);
            } else if c.is_whitespace() {
                self.take(Kind::Plain, c.len_utf8());
            } else if self.g.markup && self.markup(rest) {
            } else if let Some(len) = self.string(rest) {
                let kind = if self.g.keys && self.is_key(len) {
                    Kind::Function
                } else {
                    Kind::String
                };
                self.take(kind, len);
            } else if c.is_ascii_digit()
                || (c == '.' && rest[1..].starts_with(|d: char| d.is_ascii_digit()))
            {
                let len = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
                    .unwrap_or(rest.len());
                self.take(Kind::Number, len);
            } else if self.g.dollars && c == '$' {
                let len = if rest[1..].starts_with('{') {
                    rest.find('}').map_or(rest.len(), |e| e + 1)
                } else {
                    1 + rest[1..]
                        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .unwrap_or(rest.len() - 1)
                };
                self.take(Kind::Type, len);
            } else if is_word_start(c)
                || (c == '#' || c == '@' || c == '!') && self.starts_word(rest)
            {
                self.word(rest);
            } else {
                let kind = if "+-*/%=<>!&|^~?".contains(c) {
                    Kind::Operator
                } else if "()[]{},;.:".contains(c) {
                    Kind::Punctuation
                } else {
                    Kind::Plain
                };
                self.take(kind, c.len_utf8());
            }
        }
        self.out
    }

    fn starts_word(&self, rest: &str) -> bool {
        let word = self.word_len(&rest[1..]) + 1;
        self.g.keywords.contains(&&rest[..word])
    }

    fn comment(&self, rest: &str) -> Option<usize> {
        for start in self.g.line_comments {
            // `#` begins a comment in shells only at a word's start.
            let at_word = !self.g.dollars
                || self.pos == 0
                || self.text[..self.pos].ends_with(char::is_whitespace);
            if rest.starts_with(start) && at_word {
                return Some(rest.find('\n').unwrap_or(rest.len()));
            }
        }
        let (open, close) = self.g.block_comment?;
        rest.starts_with(open).then(|| {
            rest[open.len()..]
                .find(close)
                .map_or(rest.len(), |e| open.len() + e + close.len())
        })
    }

    fn string(&self, rest: &str) -> Option<usize> {
        let mut chars = rest.char_indices();
        let (_, mut q) = chars.next()?;
        let mut start = 0;
        // Python's prefixes: f"", r"", b"", rb"" …
        if self.g.triple && "rRbBfFuU".contains(q) {
            let n = rest
                .find(|c: char| !"rRbBfFuU".contains(c))
                .filter(|&n| n <= 2)?;
            q = rest[n..].chars().next()?;
            start = n;
        }
        if !self.g.quotes.contains(q) {
            return None;
        }
        let body = &rest[start..];
        if self.g.triple {
            let three: String = std::iter::repeat_n(q, 3).collect();
            if body.starts_with(&three) {
                return Some(start + body[3..].find(&three).map_or(body.len(), |e| e + 6));
            }
        }
        let mut escaped = false;
        for (i, c) in body.char_indices().skip(1) {
            match c {
                '\\' if !escaped => escaped = true,
                '\n' if q != '`' => return Some(start + i),
                _ if c == q && !escaped => return Some(start + i + 1),
                _ => escaped = false,
            }
        }
        Some(rest.len())
    }

    /// The token of `len` bytes here is a key: first on its line, `:` or `=` after it.
    fn is_key(&self, len: usize) -> bool {
        self.line_start
            && self.text[self.pos + len..]
                .trim_start_matches([' ', '\t'])
                .starts_with([':', '='])
    }

    fn word_len(&self, rest: &str) -> usize {
        rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || self.g.dashes && c == '-'))
            .unwrap_or(rest.len())
    }

    fn word(&mut self, rest: &str) {
        let len = if rest.starts_with(['#', '@', '!']) {
            1 + self.word_len(&rest[1..])
        } else {
            self.word_len(rest)
        };
        let word = &rest[..len];
        let after = rest[len..].trim_start_matches([' ', '\t']);
        let is = |list: &[&str]| {
            if self.g.fold_case {
                list.iter().any(|k| k.eq_ignore_ascii_case(word))
            } else {
                list.contains(&word)
            }
        };
        let kind = if self.g.keys && self.is_key(len) {
            Kind::Function
        } else if self.g.keys && self.line_start && rest.starts_with(word) && self.in_section() {
            Kind::Type
        } else if is(self.g.keywords) || self.g.soft && self.soft_keyword(word, after) {
            Kind::Keyword
        } else if is(self.g.literals) {
            Kind::Number
        } else if self.next != Kind::Plain {
            self.next
        } else if is(self.g.types) {
            Kind::Type
        } else if after.starts_with('(') || self.g.dashes && !self.g.keys && after.starts_with(':')
        {
            Kind::Function
        } else if word.starts_with(|c: char| c.is_uppercase())
            && word.chars().any(|c| c.is_lowercase())
            && !self.g.fold_case
            && !self.g.keys
        {
            Kind::Type
        } else {
            Kind::Plain
        };
        self.next = match word {
            "def" | "fn" | "function" => Kind::Function,
            "class" | "struct" | "enum" | "trait" | "interface" => Kind::Type,
            _ => Kind::Plain,
        };
        self.take(kind, len);
    }

    /// A TOML or INI section header (`[tool.ruff]`): its words are types.
    fn in_section(&self) -> bool {
        let line_start = self.text[..self.pos].rfind('\n').map_or(0, |i| i + 1);
        self.text[line_start..self.pos]
            .trim_start()
            .starts_with('[')
    }

    /// `match`, `case` and `type` are keywords where they open a statement.
    fn soft_keyword(&self, word: &str, after: &str) -> bool {
        if !self.line_start || !matches!(word, "match" | "case" | "type") {
            return false;
        }
        let line = after.split('\n').next().unwrap_or("");
        let code = line.split('#').next().unwrap_or("").trim_end();
        // `case [x]:` is a pattern, `case[x]` an index.
        let spaced = self.rest()[word.len()..].starts_with([' ', '\t']);
        let opens = if spaced {
            &['=', '.', ',', ')', ':'][..]
        } else {
            &['=', '.', ',', ')', ':', '[', '('][..]
        };
        let follows_name = !after.starts_with(opens) && !line.is_empty();
        match word {
            "type" => follows_name && code.contains('=') && !after.starts_with('('),
            _ => follows_name && code.ends_with(':'),
        }
    }

    /// `<tag attr="v">` and `</tag>`; returns whether it took anything.
    fn markup(&mut self, rest: &str) -> bool {
        if !self.in_tag && rest.starts_with('<') {
            let close = usize::from(rest[1..].starts_with(['/', '!']));
            self.take(Kind::Punctuation, 1 + close);
            let len = self.word_len(self.rest());
            self.take(Kind::Keyword, len);
            self.in_tag = true;
            return true;
        }
        if !self.in_tag {
            let len = rest.find('<').unwrap_or(rest.len()).max(1);
            self.take(Kind::Plain, len);
            return true;
        }
        if rest.starts_with('>') || rest.starts_with("/>") {
            self.take(Kind::Punctuation, if rest.starts_with('/') { 2 } else { 1 });
            self.in_tag = false;
            return true;
        }
        if rest.starts_with(is_word_start) {
            let len = self.word_len(rest);
            self.take(Kind::Function, len);
            return true;
        }
        false
    }
}

fn is_word_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(lang: &str, text: &str) -> Vec<(Kind, String)> {
        highlight(Some(lang), text)
            .into_iter()
            .filter(|(k, t)| *k != Kind::Plain && !t.trim().is_empty())
            .collect()
    }

    fn kind_of(lang: &str, text: &str, word: &str) -> Kind {
        highlight(Some(lang), text)
            .into_iter()
            .find(|(_, t)| t == word)
            .map_or(Kind::Plain, |(k, _)| k)
    }

    #[test]
    fn python_keywords_strings_comments_and_calls() {
        let code = "def greet(name):\n    # say hi\n    return f\"hi {name}\" + str(3)\n";
        let k = kinds("python", code);
        assert!(k.contains(&(Kind::Keyword, "def".into())));
        assert!(k.contains(&(Kind::Function, "greet".into())));
        assert!(k.contains(&(Kind::Comment, "# say hi".into())));
        assert!(k.contains(&(Kind::String, "f\"hi {name}\"".into())));
        assert!(k.contains(&(Kind::Number, "3".into())));
        assert_eq!(
            kind_of("python", "s = '''a\nb'''\n", "'''a\nb'''"),
            Kind::String
        );
    }

    #[test]
    fn match_and_case_are_keywords_only_as_statements() {
        let code = "match command.split():\n    case [action]:\n        pass\n";
        assert_eq!(kind_of("python", code, "match"), Kind::Keyword);
        assert_eq!(kind_of("python", code, "case"), Kind::Keyword);
        assert_eq!(kind_of("python", "    case _:\n", "case"), Kind::Keyword);
        let not_keywords = "match = re.match(x)\ncase[0]\ntype = 3\n";
        assert!(!kinds("python", not_keywords)
            .iter()
            .any(|t| t.0 == Kind::Keyword));
        assert_eq!(
            kind_of("python", "type Point = tuple[int, int]\n", "type"),
            Kind::Keyword
        );
        assert_eq!(
            kind_of("python", "print(type(x))\n", "type"),
            Kind::Function
        );
    }

    #[test]
    fn sessions_have_prompts_and_output() {
        let k = kinds("pycon", ">>> for i in range(2):\n...     print(i)\n0\n1");
        assert_eq!(k[0], (Kind::Prompt, ">>> ".into()));
        assert!(k.contains(&(Kind::Keyword, "for".into())));
        assert!(k.contains(&(Kind::Output, "0".into())));
        let k = kinds(
            "console",
            "$ pip install quire  # the tool\nSuccessfully installed",
        );
        assert_eq!(k[0], (Kind::Prompt, "$ ".into()));
        assert!(k.contains(&(Kind::Comment, "# the tool".into())));
        assert_eq!(
            k.last().unwrap(),
            &(Kind::Output, "Successfully installed".into())
        );
    }

    #[test]
    fn every_language_has_tokens_and_the_unknown_is_plain() {
        let samples = [
            ("bash", "if [ -f x ]; then echo \"$HOME\"; fi"),
            ("toml", "[project]\nname = \"quire\""),
            ("yaml", "name: quire # a tool\ncount: 3"),
            ("json", "{\"a\": [1, true]}"),
            ("ini", "[db]\nhost = localhost ; comment"),
            ("rust", "fn main() { let x: u8 = 1; }"),
            ("c", "int main(void) { return 0; }"),
            ("javascript", "const x = `t`; // c"),
            ("html", "<p class=\"a\">hi<!-- c --></p>"),
            ("css", ".a { color: #fff; } /* c */"),
            ("sql", "SELECT name FROM t WHERE id = 1;"),
            ("diff", "@@ -1 +1 @@\n-old\n+new"),
        ];
        for (lang, code) in samples {
            let k = kinds(lang, code);
            assert!(k.len() >= 2, "{lang}: {k:?}");
            let back: String = highlight(Some(lang), code)
                .into_iter()
                .map(|t| t.1)
                .collect();
            assert_eq!(back, code, "{lang} gives its text back");
        }
        assert_eq!(
            highlight(Some("brainfuck"), "+-"),
            vec![(Kind::Plain, "+-".into())]
        );
        assert_eq!(highlight(None, "x"), vec![(Kind::Plain, "x".into())]);
    }

    #[test]
    fn tabs_go_to_their_stops() {
        assert_eq!(expand_tabs("\tx\n a\tb", 4), "    x\n a  b");
        assert_eq!(expand_tabs("ab\tc", 8), "ab      c");
    }
}
