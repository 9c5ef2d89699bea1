//! Which span each byte of a paragraph's text belongs to.

use super::Span;
use std::cell::Cell;

/// Which span each byte of a paragraph's text belongs to: the spans'
/// start bytes, in order, searched by halves. (A paragraph has a span for
/// every soft break, so one of many lines has as many spans as lines, and
/// a scan of them all for each word made its cost grow with the square.)
pub(super) struct Owners<'a> {
    pub starts: Vec<usize>,
    pub spans: &'a [Span],
    /// Span starts compared so far: the work, which tests bound.
    pub compared: Cell<usize>,
}

impl Owners<'_> {
    /// The number of span starts at or before `pos` (`inclusive`) or
    /// before it.
    pub fn count_before(&self, pos: usize, inclusive: bool) -> usize {
        self.starts.partition_point(|&p| {
            self.compared.set(self.compared.get() + 1);
            p < pos || inclusive && p == pos
        })
    }

    /// The style of the text at byte `pos`: that of the last span starting
    /// at or before it (an empty span gives way to the one after it).
    pub fn style_at(&self, pos: usize) -> usize {
        match self.count_before(pos, true) {
            0 => 0,
            n => self.spans[n - 1].style,
        }
    }

    /// The span boundaries strictly inside `from..to`, in order.
    pub fn starts_within(&self, from: usize, to: usize) -> &[usize] {
        let first = self.count_before(from, true);
        let end = self.count_before(to, false).max(first);
        &self.starts[first..end]
    }
}
