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
    /// Drops a macro (one that expands without end).
    pub fn forget(&mut self, name: &str) {
        self.defined.remove(name);
    }

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
                        p.require('{')?;
                        p.spaces();
                        let target = p.next()?.control()?.to_owned();
                        p.spaces();
                        p.require('}')?;
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

mod parse;
#[cfg(test)]
mod tests;

use parse::{Parser, StackParser};
