//! pandoc's `latex_macros`: TeX macros defined in raw TeX (`\newcommand`,
//! `\renewcommand`, `\providecommand`, `\DeclareMathOperator`, `\def`,
//! `\edef`, `\let`, `\newenvironment`) and applied to later math and raw
//! TeX, as pandoc's LaTeX reader tokenises and expands them
//! (`Text.Pandoc.Readers.LaTeX.Macro` and `Parsing`).
//!
//! Expansion is bounded (sponsor fields reach this reader): past
//! `MAX_EXPANSIONS` expansions or `MAX_TOKENS` tokens of work a formula is
//! left as written and the caller warns. pandoc itself stops with an error
//! ("Loop encountered in expanding macro").

use std::collections::HashMap;

/// The most macro expansions in one formula or raw TeX chunk. pandoc
/// allows 20 nested expansions at one point; a real formula uses a few
/// dozen macros, each a few levels deep.
const MAX_EXPANSIONS: usize = 10_000;

/// The most tokens expansion may produce for one formula or chunk (the
/// work done, not only the result): `\def\a#1{#1#1}` nested doubles.
const MAX_TOKENS: usize = 200_000;

/// A token as pandoc's TeX tokenizer makes it: its kind and its text as
/// written (a control word keeps the spaces after it).
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// `\name` (letters) or `\c` (one other character).
    Control(String),
    /// `#1` … `#9`, a parameter.
    Arg(u8),
    /// `##1`, a parameter of a macro defined inside a macro.
    DeferredArg(u8),
    Word,
    Spaces,
    Newline,
    Comment,
    Symbol(char),
}

#[derive(Debug, Clone, PartialEq)]
struct Tok {
    kind: Kind,
    text: String,
}

impl Tok {
    fn symbol(c: char) -> Tok {
        Tok {
            kind: Kind::Symbol(c),
            text: c.to_string(),
        }
    }

    fn is(&self, c: char) -> bool {
        self.kind == Kind::Symbol(c)
    }

    fn is_blank(&self) -> bool {
        matches!(self.kind, Kind::Spaces | Kind::Newline | Kind::Comment)
    }

    fn control(&self) -> Option<&str> {
        match &self.kind {
            Kind::Control(name) => Some(name),
            _ => None,
        }
    }
}

fn tokenize(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut rest = text;
    let is_space = |c: char| c == ' ' || c == '\t';
    while let Some(c) = rest.chars().next() {
        let (kind, len) = match c {
            '\n' => (Kind::Newline, 1),
            ' ' | '\t' => (
                Kind::Spaces,
                rest.len() - rest.trim_start_matches(is_space).len(),
            ),
            c if c.is_alphanumeric() => (
                Kind::Word,
                rest.len() - rest.trim_start_matches(char::is_alphanumeric).len(),
            ),
            '%' => (Kind::Comment, rest.find('\n').unwrap_or(rest.len())),
            '\\' => {
                let after = &rest[1..];
                let letters = after.len()
                    - after
                        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                        .len();
                if letters > 0 {
                    let name = &after[..letters];
                    let spaces = after[letters..].len()
                        - after[letters..].trim_start_matches(is_space).len();
                    (Kind::Control(name.to_owned()), 1 + letters + spaces)
                } else {
                    match after.chars().next() {
                        Some(d) => (Kind::Control(d.to_string()), 1 + d.len_utf8()),
                        None => (Kind::Control(" ".to_owned()), 1),
                    }
                }
            }
            '#' => {
                let deferred = rest[1..].starts_with('#');
                let at = 1 + usize::from(deferred);
                match rest[at..].chars().next().and_then(|d| d.to_digit(10)) {
                    Some(n) if n > 0 => {
                        let n = n as u8;
                        let kind = if deferred {
                            Kind::DeferredArg(n)
                        } else {
                            Kind::Arg(n)
                        };
                        (kind, at + 1)
                    }
                    _ => (Kind::Symbol('#'), 1),
                }
            }
            c => (Kind::Symbol(c), c.len_utf8()),
        };
        toks.push(Tok {
            kind,
            text: rest[..len].to_owned(),
        });
        rest = &rest[len..];
    }
    toks
}

/// The tokens as text, with a space where a control word would otherwise
/// run into the letters after it (`\alpha` `b` is `\alpha b`, pandoc #5836).
fn untokenize(toks: &[Tok]) -> String {
    let mut out = String::new();
    for (i, tok) in toks.iter().enumerate() {
        out.push_str(&tok.text);
        let word_end = tok.control().is_some() && tok.text.ends_with(|c: char| c.is_alphabetic());
        if word_end
            && toks
                .get(i + 1)
                .is_some_and(|next| next.text.starts_with(|c: char| c.is_alphabetic()))
        {
            out.push(' ');
        }
    }
    out
}

/// One parameter of a macro: a numbered argument or, in a `\def`, the
/// text that must follow (`\def\pair#1.#2!{…}`).
#[derive(Debug, Clone)]
enum Param {
    Arg(u8),
    Pattern(Vec<Tok>),
}

#[derive(Debug, Clone)]
struct Macro {
    params: Vec<Param>,
    /// The first argument's default, which makes it optional (`[…]`).
    default: Option<Vec<Tok>>,
    body: Vec<Tok>,
    /// Expanded again after substitution (`\def`, `\newcommand`), or
    /// already expanded when defined (`\edef`, `\let`).
    expand_when_used: bool,
}

/// The macros a document has defined so far.
#[derive(Debug, Default, Clone)]
pub struct Macros {
    defined: HashMap<String, Macro>,
}

/// Expansion went past its bounds: a loop such as `\def\a{\a\a}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overflow {
    /// The macro being expanded when the bound was reached.
    pub name: String,
}

/// What reading a chunk of raw TeX found.
#[derive(Debug, Default, PartialEq)]
pub struct Read {
    /// The raw TeX, definitions as written, everything else expanded.
    pub text: String,
    /// What is not a definition, expanded: the commands a writer would set.
    pub rest: String,
    /// Whether it holds nothing but definitions (and white space).
    pub only_definitions: bool,
    /// Names `\newcommand` tried to define again (pandoc ignores them).
    pub redefined: Vec<String>,
}

/// Whether the command named starts a macro definition.
pub fn is_definition(name: &str) -> bool {
    matches!(
        name,
        "newcommand"
            | "renewcommand"
            | "providecommand"
            | "DeclareMathOperator"
            | "DeclareRobustCommand"
            | "def"
            | "gdef"
            | "edef"
            | "xdef"
            | "let"
            | "global"
            | "newenvironment"
            | "renewenvironment"
            | "provideenvironment"
    )
}

/// The length in bytes of the macro definition at the start of `text`
/// (`\newcommand\x[1][a]{…}`), if it is a complete one.
pub fn definition_len(text: &str) -> Option<usize> {
    let toks = tokenize(text);
    let mut scratch = Macros::default();
    let (consumed, _) = scratch.definition(&toks, 0)?;
    Some(toks[..consumed].iter().map(|t| t.text.len()).sum())
}

impl Macros {
    /// Math as pandoc's `applyMacros` leaves it: every macro expanded.
    /// Unchanged when nothing is defined.
    pub fn expand_math(&self, tex: &str) -> Result<String, Overflow> {
        if self.defined.is_empty() || !tex.contains('\\') {
            return Ok(tex.to_owned());
        }
        let mut budget = Budget::default();
        let out = self.expand(tokenize(tex), &mut budget)?;
        Ok(untokenize(&out))
    }

    /// Raw TeX read as pandoc's `raw_tex` with `latex_macros` reads it:
    /// its definitions recorded (and kept as written), the rest expanded
    /// with the macros defined before it.
    pub fn read_raw(&mut self, raw: &str) -> Result<Read, Overflow> {
        let toks = tokenize(raw);
        let mut read = Read {
            only_definitions: true,
            ..Read::default()
        };
        let mut out = Vec::new();
        let mut plain = Vec::new();
        let mut budget = Budget::default();
        let mut at = 0;
        while at < toks.len() {
            let found = toks[at].control().filter(|n| is_definition(n)).is_some();
            if let Some((consumed, redefined)) = found.then(|| self.definition(&toks, at)).flatten()
            {
                let expanded = self.expand(std::mem::take(&mut plain), &mut budget)?;
                read.rest.push_str(&untokenize(&expanded));
                out.extend(expanded);
                out.extend_from_slice(&toks[at..consumed]);
                read.redefined.extend(redefined);
                at = consumed;
                continue;
            }
            if !toks[at].is_blank() {
                read.only_definitions = false;
            }
            plain.push(toks[at].clone());
            at += 1;
        }
        let expanded = self.expand(plain, &mut budget)?;
        read.rest.push_str(&untokenize(&expanded));
        out.extend(expanded);
        read.text = untokenize(&out);
        Ok(read)
    }

    /// The definition starting at `toks[at]`, recorded: the index after
    /// it and the names `\newcommand` would have defined again.
    fn definition(&mut self, toks: &[Tok], at: usize) -> Option<(usize, Vec<String>)> {
        let mut p = Parser { toks, at };
        let name = p.next()?.control()?.to_owned();
        let mut redefined = Vec::new();
        match name.as_str() {
            "newcommand"
            | "renewcommand"
            | "providecommand"
            | "DeclareMathOperator"
            | "DeclareRobustCommand" => {
                p.eat('*');
                let target = match p.peek().and_then(Tok::control) {
                    Some(_) => p.next()?.control()?.to_owned(),
                    None => {
                        p.expect('{')?;
                        p.spaces();
                        let target = p.next()?.control()?.to_owned();
                        p.spaces();
                        p.expect('}')?;
                        target
                    }
                };
                p.spaces();
                let count = p.bracketed_number().unwrap_or(0);
                p.spaces();
                let default = p.bracketed();
                p.spaces();
                let mut body = p.braced_or_token()?;
                if name == "DeclareMathOperator" {
                    let mut wrapped = tokenize("\\mathop{\\mathrm{");
                    wrapped.append(&mut body);
                    wrapped.extend([Tok::symbol('}'), Tok::symbol('}')]);
                    body = wrapped;
                }
                let exists = self.defined.contains_key(&target);
                let define = match name.as_str() {
                    "renewcommand" => true,
                    _ if exists => {
                        if name != "providecommand" {
                            redefined.push(target.clone());
                        }
                        false
                    }
                    _ => true,
                };
                if define {
                    self.defined.insert(
                        target,
                        Macro {
                            params: (1..=count).map(Param::Arg).collect(),
                            default,
                            body,
                            expand_when_used: true,
                        },
                    );
                }
            }
            "global" => {
                // `\global\def…`: the same definition (quire has no groups).
                let (end, more) = self.definition(toks, p.at)?;
                return Some((end, more));
            }
            "def" | "gdef" => {
                let target = p.next()?.control()?.to_owned();
                let mut params = Vec::new();
                loop {
                    match p.peek() {
                        Some(Tok {
                            kind: Kind::Arg(n), ..
                        }) => {
                            params.push(Param::Arg(*n));
                            p.at += 1;
                        }
                        Some(t)
                            if matches!(t.kind, Kind::Symbol(_) | Kind::Word)
                                && !t.is('{')
                                && !t.is('}') =>
                        {
                            let mut pattern = Vec::new();
                            while let Some(t) = p.peek().filter(|t| {
                                matches!(t.kind, Kind::Symbol(_) | Kind::Word)
                                    && !t.is('{')
                                    && !t.is('}')
                            }) {
                                pattern.push(t.clone());
                                p.at += 1;
                            }
                            params.push(Param::Pattern(pattern));
                        }
                        _ => break,
                    }
                }
                let body = p.braced_or_token()?;
                self.defined.insert(
                    target,
                    Macro {
                        params,
                        default: None,
                        body,
                        expand_when_used: true,
                    },
                );
            }
            "edef" | "xdef" => {
                let target = p.next()?.control()?.to_owned();
                let body = p.braced_or_token()?;
                let body = self.expand(body, &mut Budget::default()).ok()?;
                self.defined.insert(
                    target,
                    Macro {
                        params: Vec::new(),
                        default: None,
                        body,
                        expand_when_used: false,
                    },
                );
            }
            "let" => {
                let target = p.next()?.control()?.to_owned();
                p.eat('=');
                p.spaces();
                let value = p.next()?.clone();
                let copied = value.control().and_then(|n| self.defined.get(n)).cloned();
                let value = copied.unwrap_or(Macro {
                    params: Vec::new(),
                    default: None,
                    body: vec![value],
                    expand_when_used: false,
                });
                self.defined.insert(target, value);
            }
            "newenvironment" | "renewenvironment" | "provideenvironment" => {
                p.eat('*');
                p.spaces();
                let env = untokenize(&p.braced()?);
                p.spaces();
                let count = p.bracketed_number().unwrap_or(0);
                p.spaces();
                let default = p.bracketed();
                p.spaces();
                let begin = p.braced_or_token()?;
                p.spaces();
                let end = p.braced_or_token()?;
                let exists = self.defined.contains_key(&env);
                if exists && name == "newenvironment" {
                    redefined.push(env.clone());
                }
                if !exists || name == "renewenvironment" {
                    // pandoc groups the environment in `\bgroup` …
                    // `\egroup`; braces group it for every TeX reader.
                    let mut begin_body = vec![Tok::symbol('{')];
                    begin_body.extend(begin);
                    let mut end_body = end;
                    end_body.push(Tok::symbol('}'));
                    self.defined.insert(
                        env.clone(),
                        Macro {
                            params: (1..=count).map(Param::Arg).collect(),
                            default,
                            body: begin_body,
                            expand_when_used: true,
                        },
                    );
                    self.defined.insert(
                        format!("end{env}"),
                        Macro {
                            params: Vec::new(),
                            default: None,
                            body: end_body,
                            expand_when_used: true,
                        },
                    );
                }
            }
            _ => return None,
        }
        Some((p.at, redefined))
    }

    /// The tokens with every macro expanded, pandoc's `doMacros`, bounded.
    fn expand(&self, toks: Vec<Tok>, budget: &mut Budget) -> Result<Vec<Tok>, Overflow> {
        if self.defined.is_empty() && !toks.iter().any(|t| t.control() == Some("ifstrequal")) {
            return Ok(toks);
        }
        // The tokens still to read, the next last.
        let mut stack: Vec<Tok> = toks.into_iter().rev().collect();
        let mut out = Vec::new();
        while let Some(tok) = stack.pop() {
            let Some(name) = tok.control() else {
                out.push(tok);
                continue;
            };
            // `\begin{env}` and `\end{env}` of an environment defined.
            let mut name = name.to_owned();
            let mut taken = 0;
            if name == "begin" || name == "end" {
                let n = stack.len();
                if n >= 3
                    && stack[n - 1].is('{')
                    && stack[n - 2].kind == Kind::Word
                    && stack[n - 3].is('}')
                {
                    let env = &stack[n - 2].text;
                    let key = if name == "end" {
                        format!("end{env}")
                    } else {
                        env.clone()
                    };
                    if self.defined.contains_key(&key) {
                        name = key;
                        taken = 3;
                    }
                }
            }
            if name == "ifstrequal" && !self.defined.contains_key("ifstrequal") {
                let mut parser = StackParser::new(&stack);
                let args: Vec<Vec<Tok>> = (0..4).map_while(|_| parser.braced_or_token()).collect();
                budget.spend(&name, parser.scanned)?;
                if args.len() < 4 {
                    out.push(tok);
                    continue;
                }
                let (taken, pending) = parser.finish();
                stack.truncate(stack.len() - taken);
                stack.extend(pending);
                let chosen = if untokenize(&args[0]) == untokenize(&args[1]) {
                    &args[2]
                } else {
                    &args[3]
                };
                stack.extend(chosen.iter().rev().cloned());
                continue;
            }
            let Some(definition) = self.defined.get(&name) else {
                out.push(tok);
                continue;
            };
            let mut parser = StackParser::new(&stack[..stack.len() - taken]);
            let parsed = parser.arguments(definition);
            budget.spend(&name, parser.scanned)?;
            let Some(args) = parsed else {
                // Arguments that do not parse: the command stays as written.
                out.push(tok);
                continue;
            };
            let (used, pending) = parser.finish();
            stack.truncate(stack.len() - taken - used);
            stack.extend(pending);
            let mut result = Vec::new();
            for body_tok in &definition.body {
                match body_tok.kind {
                    Kind::Arg(n) => {
                        if let Some(arg) = args.get(&n) {
                            result.extend(arg.iter().cloned());
                        }
                    }
                    Kind::DeferredArg(n) => result.push(Tok {
                        kind: Kind::Arg(n),
                        text: format!("#{n}"),
                    }),
                    _ => result.push(body_tok.clone()),
                }
            }
            budget.spend(&name, result.len())?;
            if definition.expand_when_used {
                stack.extend(result.into_iter().rev());
            } else {
                out.extend(result);
            }
        }
        Ok(out)
    }
}

#[derive(Default)]
struct Budget {
    expansions: usize,
    tokens: usize,
}

impl Budget {
    fn spend(&mut self, name: &str, tokens: usize) -> Result<(), Overflow> {
        self.expansions += 1;
        self.tokens += tokens;
        if self.expansions > MAX_EXPANSIONS || self.tokens > MAX_TOKENS {
            return Err(Overflow {
                name: name.to_owned(),
            });
        }
        Ok(())
    }
}

/// Reads a definition's parts from a token slice.
struct Parser<'a> {
    toks: &'a [Tok],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn next(&mut self) -> Option<&Tok> {
        let tok = self.toks.get(self.at)?;
        self.at += 1;
        Some(tok)
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek().is_some_and(|t| t.is(c));
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, c: char) -> Option<()> {
        self.eat(c).then_some(())
    }

    fn spaces(&mut self) {
        while self.peek().is_some_and(Tok::is_blank) {
            self.at += 1;
        }
    }

    /// `{…}` balanced: the tokens inside.
    fn braced(&mut self) -> Option<Vec<Tok>> {
        if !self.peek()?.is('{') {
            return None;
        }
        let (inner, len) = balanced(&self.toks[self.at..], '{', '}')?;
        self.at += len;
        Some(inner)
    }

    fn braced_or_token(&mut self) -> Option<Vec<Tok>> {
        if self.peek()?.is('{') {
            return self.braced();
        }
        let tok = self.next()?;
        (!tok.is('}')).then(|| vec![tok.clone()])
    }

    /// `[…]`, braces inside kept: the tokens inside.
    fn bracketed(&mut self) -> Option<Vec<Tok>> {
        if !self.peek()?.is('[') {
            return None;
        }
        let (inner, len) = bracketed(&self.toks[self.at..])?;
        self.at += len;
        Some(inner)
    }

    fn bracketed_number(&mut self) -> Option<u8> {
        let start = self.at;
        let inner = self.bracketed()?;
        match untokenize(&inner).trim().parse::<u8>() {
            Ok(n) if n <= 9 => Some(n),
            _ => {
                self.at = start;
                None
            }
        }
    }
}

/// `{…}` (or another pair) at the start of `toks`, nesting counted: the
/// tokens inside and the number taken.
fn balanced(toks: &[Tok], open: char, close: char) -> Option<(Vec<Tok>, usize)> {
    let mut depth = 0usize;
    for (i, tok) in toks.iter().enumerate() {
        if tok.is(open) {
            depth += 1;
        } else if tok.is(close) {
            depth -= 1;
            if depth == 0 {
                return Some((toks[1..i].to_vec(), i + 1));
            }
        }
    }
    None
}

/// `[…]` at the start of `toks`, a `]` inside braces not closing it.
fn bracketed(toks: &[Tok]) -> Option<(Vec<Tok>, usize)> {
    let mut braces = 0usize;
    for (i, tok) in toks.iter().enumerate().skip(1) {
        if tok.is('{') {
            braces += 1;
        } else if tok.is('}') {
            braces = braces.checked_sub(1)?;
        } else if tok.is(']') && braces == 0 {
            return Some((toks[1..i].to_vec(), i + 1));
        }
    }
    None
}

/// Reads a macro's arguments from the top of the expansion stack (the
/// next token last) without taking them until they all parse.
struct StackParser<'a> {
    stack: &'a [Tok],
    /// How many tokens are read from the top.
    taken: usize,
    /// What is left of a word whose first character was an argument.
    pending: Option<Tok>,
    /// Tokens looked at, spent from the budget whether or not they parse
    /// (an unclosed brace is looked for to the end).
    scanned: usize,
}

impl<'a> StackParser<'a> {
    fn new(stack: &'a [Tok]) -> Self {
        StackParser {
            stack,
            taken: 0,
            pending: None,
            scanned: 0,
        }
    }

    /// The `k`th token ahead.
    fn nth(&self, k: usize) -> Option<&Tok> {
        let k = match (&self.pending, k) {
            (Some(tok), 0) => return Some(tok),
            (Some(_), k) => k - 1,
            (None, k) => k,
        };
        let index = self.stack.len().checked_sub(self.taken + k + 1)?;
        self.stack.get(index)
    }

    fn pop(&mut self) -> Option<Tok> {
        self.scanned += 1;
        if let Some(tok) = self.pending.take() {
            return Some(tok);
        }
        let tok = self.nth(0)?.clone();
        self.taken += 1;
        Some(tok)
    }

    /// How many tokens to take from the stack, and what to put back.
    fn finish(self) -> (usize, Option<Tok>) {
        (self.taken, self.pending)
    }

    fn spaces(&mut self) {
        while self.nth(0).is_some_and(Tok::is_blank) {
            self.pop();
        }
    }

    /// `{…}` or `[…]` at the top, nesting of braces counted: the tokens
    /// inside (`[…]` keeps inner braces; `{…}`'s inner groups keep theirs).
    fn group(&mut self, open: char, close: char) -> Option<Vec<Tok>> {
        if !self.nth(0)?.is(open) {
            return None;
        }
        self.pop();
        let mut inner = Vec::new();
        let mut braces = 0usize;
        loop {
            let tok = self.pop()?;
            if tok.is(close) && braces == 0 {
                return Some(inner);
            }
            if tok.is('{') {
                braces += 1;
            } else if tok.is('}') {
                braces = braces.checked_sub(1)?;
            }
            inner.push(tok);
        }
    }

    fn braced_or_token(&mut self) -> Option<Vec<Tok>> {
        self.spaces();
        let top = self.nth(0)?;
        if top.is('{') {
            return self.group('{', '}');
        }
        if top.is('}') {
            return None;
        }
        // A word gives its first character (`\frac12`).
        let mut tok = self.pop()?;
        if tok.kind == Kind::Word && tok.text.chars().count() > 1 {
            let first = tok.text.chars().next()?;
            self.pending = Some(Tok {
                kind: Kind::Word,
                text: tok.text[first.len_utf8()..].to_owned(),
            });
            tok.text = first.to_string();
        }
        Some(vec![tok])
    }

    fn matches(&self, pattern: &[Tok]) -> bool {
        pattern.iter().enumerate().all(|(k, p)| {
            self.nth(k)
                .is_some_and(|t| t.kind == p.kind && t.text == p.text)
        })
    }

    fn arguments(&mut self, definition: &Macro) -> Option<HashMap<u8, Vec<Tok>>> {
        let mut args = HashMap::new();
        let mut params = definition.params.iter().peekable();
        if let Some(default) = &definition.default {
            let arg = match self.nth(0) {
                Some(tok) if tok.is('[') => self.group('[', ']')?,
                _ => default.clone(),
            };
            args.insert(1, arg);
            params.next();
        }
        while let Some(param) = params.next() {
            match param {
                Param::Pattern(pattern) => {
                    if !self.matches(pattern) {
                        return None;
                    }
                    for _ in pattern {
                        self.pop();
                    }
                }
                Param::Arg(n) => match params.peek() {
                    // A delimited argument: everything up to the pattern.
                    Some(Param::Pattern(pattern)) => {
                        let mut arg = Vec::new();
                        while !self.matches(pattern) {
                            if self.nth(0)?.is('{') {
                                arg.push(Tok::symbol('{'));
                                arg.extend(self.group('{', '}')?);
                                arg.push(Tok::symbol('}'));
                            } else {
                                arg.push(self.pop()?);
                            }
                        }
                        args.insert(*n, arg);
                    }
                    _ => {
                        let arg = self.braced_or_token()?;
                        args.insert(*n, arg);
                    }
                },
            }
        }
        Some(args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defined(defs: &str) -> Macros {
        let mut macros = Macros::default();
        macros.read_raw(defs).unwrap();
        macros
    }

    #[test]
    fn tokens_round_trip() {
        for text in [
            "\\alpha b",
            "x_{1}^2 % note\n\\ y",
            "#1 ## \\\\ \\{",
            "é\\x",
        ] {
            assert_eq!(untokenize(&tokenize(text)), text);
        }
    }

    #[test]
    fn newcommand_applies_to_later_math() {
        let macros = defined("\\newcommand{\\vara}{\\alpha}\n\\newcommand{\\varb}{b}");
        assert_eq!(macros.expand_math("\\vara \\varb").unwrap(), "\\alpha b");
        assert_eq!(macros.expand_math("\\vara\\varb").unwrap(), "\\alpha b");
    }

    #[test]
    fn optional_argument_takes_its_default() {
        let macros = defined("\\newcommand\\parenthesize[1][x]{(#1)}");
        assert_eq!(macros.expand_math("\\parenthesize").unwrap(), "(x)");
        assert_eq!(macros.expand_math("\\parenthesize[y]").unwrap(), "(y)");
        assert_eq!(
            macros
                .expand_math("\\parenthesize[\\textsc{head}]")
                .unwrap(),
            "(\\textsc{head})"
        );
    }

    #[test]
    fn arguments_braced_or_one_token() {
        let macros = defined("\\newcommand{\\pair}[2]{\\langle #1, #2\\rangle}");
        assert_eq!(
            macros.expand_math("\\pair{a+b}c").unwrap(),
            "\\langle a+b, c\\rangle"
        );
        assert_eq!(
            macros.expand_math("\\pair12").unwrap(),
            "\\langle 1, 2\\rangle"
        );
    }

    #[test]
    fn renew_replaces_provide_and_new_do_not() {
        let mut macros = Macros::default();
        let read = macros
            .read_raw("\\newcommand\\x{X}\n\\renewcommand\\x{Y}\n\\providecommand\\x{Z}\n\\newcommand\\x{W}")
            .unwrap();
        assert!(read.only_definitions);
        assert_eq!(read.redefined, ["x"]);
        assert_eq!(macros.expand_math("\\x").unwrap(), "Y");
    }

    #[test]
    fn def_with_delimited_parameters_and_let() {
        let macros =
            defined("\\def\\ab#1.#2!{[#1|#2]}\\let\\tex\\TeX\\renewcommand{\\TeX}{\\tex\\xspace}");
        assert_eq!(macros.expand_math("\\ab x.y!").unwrap(), "[x|y]");
        // `\let` copies the meaning at the time: no loop.
        assert_eq!(macros.expand_math("\\TeX").unwrap(), "\\TeX\\xspace");
    }

    #[test]
    fn environments_expand_in_raw_tex() {
        let mut macros = defined("\\newenvironment{foo}{\\begin{bar}}{\\end{bar}}");
        let read = macros.read_raw("\\begin{foo}\nx\n\\end{foo}").unwrap();
        assert_eq!(read.text, "{\\begin{bar}\nx\n\\end{bar}}");
        assert!(!read.only_definitions);
    }

    #[test]
    fn ifstrequal_chooses() {
        let mut macros = Macros::default();
        let read = macros
            .read_raw("\\ifstrequal{hello}{hello}{TRUE}{FALSE}\n\\ifstrequal{a}{b}{TRUE}{FALSE}")
            .unwrap();
        assert_eq!(read.text, "TRUE\nFALSE");
    }

    #[test]
    fn definitions_are_kept_as_written() {
        let mut macros = Macros::default();
        let read = macros
            .read_raw("\\newcommand{\\x}{X} \\x{} and \\x")
            .unwrap();
        assert_eq!(read.text, "\\newcommand{\\x}{X} X{} and X");
        assert_eq!(definition_len("\\newcommand\\p[1][x]{(#1)} rest"), Some(25));
        assert_eq!(definition_len("\\newcommand{\\h}[1]{\\a{\\b{#1}}"), None);
    }

    #[test]
    fn hostile_definitions_stop_quickly() {
        let start = std::time::Instant::now();
        for defs in [
            "\\def\\a{\\a\\a}",
            "\\def\\a{\\a}",
            "\\def\\a#1{#1#1}\\def\\b{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{\\a{x}}}}}}}}}}}}}}}}}}}}}",
            "\\newcommand\\a{\\b\\b}\\newcommand\\b{\\a\\a}",
        ] {
            let macros = defined(defs);
            let found = macros.expand_math("\\a \\b");
            assert!(found.is_err(), "{defs}");
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
