//! How ordered lists number their items, as pandoc's list attributes.

use serde::{Deserialize, Serialize};

/// How an ordered list numbers its items (pandoc's `ListNumberStyle`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// 1, 2, 3
    #[default]
    Decimal,
    /// a, b, c
    LowerAlpha,
    /// A, B, C
    UpperAlpha,
    /// i, ii, iii
    LowerRoman,
    /// I, II, III
    UpperRoman,
}

/// What surrounds an ordered list's number (pandoc's `ListNumberDelim`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delim {
    /// `1.`
    #[default]
    Period,
    /// `1)`
    OneParen,
    /// `(1)`
    TwoParens,
}

impl ListStyle {
    /// The number `n` (1-based) in this style: `3` → `c`, `iii`, `C`…
    pub fn number(self, n: u64) -> String {
        match self {
            ListStyle::Decimal => n.to_string(),
            ListStyle::LowerAlpha => alpha(n),
            ListStyle::UpperAlpha => alpha(n).to_uppercase(),
            ListStyle::LowerRoman => roman(n),
            ListStyle::UpperRoman => roman(n).to_uppercase(),
        }
    }
}

impl Delim {
    /// A list label: the number in its delimiters, `(a)`, `iv.`, `3)`.
    pub fn label(self, number: &str) -> String {
        match self {
            Delim::Period => format!("{number}."),
            Delim::OneParen => format!("{number})"),
            Delim::TwoParens => format!("({number})"),
        }
    }
}

/// `1` → `a`, `26` → `z`, `27` → `aa` (as pandoc and CSS count letters).
fn alpha(mut n: u64) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// `4` → `iv`; 0 and numbers past 3999 stay decimal.
fn roman(n: u64) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const PARTS: [(u64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, part) in PARTS {
        while rest >= value {
            out.push_str(part);
            rest -= value;
        }
    }
    out
}
