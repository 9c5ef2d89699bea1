//! Reading a definition's parts from tokens (`Parser`) and a macro's
//! arguments from the expansion stack (`StackParser`).

use super::{untokenize, Kind, Macro, Param, Tok};
use std::collections::HashMap;

/// Reads a definition's parts from a token slice.
pub(super) struct Parser<'a> {
    pub(super) toks: &'a [Tok],
    pub(super) at: usize,
}

impl Parser<'_> {
    pub(super) fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    pub(super) fn next(&mut self) -> Option<&Tok> {
        let tok = self.toks.get(self.at)?;
        self.at += 1;
        Some(tok)
    }

    pub(super) fn eat(&mut self, c: char) -> bool {
        let found = self.peek().is_some_and(|t| t.is(c));
        self.at += usize::from(found);
        found
    }

    /// `c` next, taken; `None` (never a panic) when something else is.
    pub(super) fn require(&mut self, c: char) -> Option<()> {
        self.eat(c).then_some(())
    }

    pub(super) fn spaces(&mut self) {
        while self.peek().is_some_and(Tok::is_blank) {
            self.at += 1;
        }
    }

    /// `{…}` balanced: the tokens inside.
    pub(super) fn braced(&mut self) -> Option<Vec<Tok>> {
        if !self.peek()?.is('{') {
            return None;
        }
        let (inner, len) = balanced(&self.toks[self.at..], '{', '}')?;
        self.at += len;
        Some(inner)
    }

    pub(super) fn braced_or_token(&mut self) -> Option<Vec<Tok>> {
        if self.peek()?.is('{') {
            return self.braced();
        }
        let tok = self.next()?;
        (!tok.is('}')).then(|| vec![tok.clone()])
    }

    /// `[…]`, braces inside kept: the tokens inside.
    pub(super) fn bracketed(&mut self) -> Option<Vec<Tok>> {
        if !self.peek()?.is('[') {
            return None;
        }
        let (inner, len) = bracketed(&self.toks[self.at..])?;
        self.at += len;
        Some(inner)
    }

    pub(super) fn bracketed_number(&mut self) -> Option<u8> {
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
pub(super) fn balanced(toks: &[Tok], open: char, close: char) -> Option<(Vec<Tok>, usize)> {
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
pub(super) fn bracketed(toks: &[Tok]) -> Option<(Vec<Tok>, usize)> {
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
pub(super) struct StackParser<'a> {
    stack: &'a [Tok],
    /// How many tokens are read from the top.
    taken: usize,
    /// What is left of a word whose first character was an argument.
    pending: Option<Tok>,
    /// Tokens looked at, spent from the budget whether or not they parse
    /// (an unclosed brace is looked for to the end).
    pub(super) scanned: usize,
}

impl<'a> StackParser<'a> {
    pub(super) fn new(stack: &'a [Tok]) -> Self {
        StackParser {
            stack,
            taken: 0,
            pending: None,
            scanned: 0,
        }
    }

    /// The `k`th token ahead.
    pub(super) fn nth(&self, k: usize) -> Option<&Tok> {
        let k = match (&self.pending, k) {
            (Some(tok), 0) => return Some(tok),
            (Some(_), k) => k - 1,
            (None, k) => k,
        };
        let index = self.stack.len().checked_sub(self.taken + k + 1)?;
        self.stack.get(index)
    }

    pub(super) fn pop(&mut self) -> Option<Tok> {
        self.scanned += 1;
        if let Some(tok) = self.pending.take() {
            return Some(tok);
        }
        let tok = self.nth(0)?.clone();
        self.taken += 1;
        Some(tok)
    }

    /// How many tokens to take from the stack, and what to put back.
    pub(super) fn finish(self) -> (usize, Option<Tok>) {
        (self.taken, self.pending)
    }

    pub(super) fn spaces(&mut self) {
        while self.nth(0).is_some_and(Tok::is_blank) {
            self.pop();
        }
    }

    /// `{…}` or `[…]` at the top, nesting of braces counted: the tokens
    /// inside (`[…]` keeps inner braces; `{…}`'s inner groups keep theirs).
    pub(super) fn group(&mut self, open: char, close: char) -> Option<Vec<Tok>> {
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

    pub(super) fn braced_or_token(&mut self) -> Option<Vec<Tok>> {
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

    pub(super) fn matches(&self, pattern: &[Tok]) -> bool {
        pattern.iter().enumerate().all(|(k, p)| {
            self.nth(k)
                .is_some_and(|t| t.kind == p.kind && t.text == p.text)
        })
    }

    pub(super) fn arguments(&mut self, definition: &Macro) -> Option<HashMap<u8, Vec<Tok>>> {
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
