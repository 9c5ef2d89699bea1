//! Where a paragraph's lines end: the Knuth–Plass search over its boxes,
//! glue and penalties for the breaks of least total demerits.

use super::{Node, Settings, FORCED};

/// Is `i` a legal breakpoint?
fn breakable(nodes: &[Node], i: usize) -> bool {
    match &nodes[i] {
        Node::Penalty { cost, .. } => *cost < 10_000.0,
        Node::Glue { .. } => i > 0 && matches!(nodes[i - 1], Node::Box(_)),
        Node::Box(_) => false,
    }
}

/// The first node of a line that starts after break `b`.
pub(super) fn line_start(nodes: &[Node], b: Option<usize>) -> usize {
    let mut i = b.map(|b| b + 1).unwrap_or(0);
    while i < nodes.len() && !matches!(nodes[i], Node::Box(_)) {
        if let Node::Penalty { cost, .. } = nodes[i] {
            if cost <= FORCED {
                break;
            }
        }
        i += 1;
    }
    i
}

/// The natural width, stretch and shrink of the line of `nodes[from..to]`
/// ending at break `to` (a penalty there adds its width: a hyphen).
fn measure(nodes: &[Node], from: usize, to: usize) -> (f64, f64, f64) {
    LineSum::from(from).measure_to(nodes, to)
}

/// A line's nodes summed from its first as far as scanned, in order, so a
/// longer line's sums come out of a shorter one's by the same additions.
struct LineSum {
    scanned: usize,
    w: f64,
    st: f64,
    sh: f64,
}

impl LineSum {
    fn from(first: usize) -> LineSum {
        LineSum {
            scanned: first,
            w: 0.0,
            st: 0.0,
            sh: 0.0,
        }
    }

    /// `measure(nodes, first, to)`, for a `to` no earlier than the last
    /// one asked.
    fn measure_to(&mut self, nodes: &[Node], to: usize) -> (f64, f64, f64) {
        while self.scanned < to.min(nodes.len()) {
            match &nodes[self.scanned] {
                Node::Box(p) => self.w += p.width,
                Node::Glue { w, stretch, shrink } => {
                    self.w += w;
                    self.st += stretch;
                    self.sh += shrink;
                }
                Node::Penalty { .. } => {}
            }
            self.scanned += 1;
        }
        let mut w = self.w;
        if let Some(Node::Penalty { w: pw, .. }) = nodes.get(to) {
            w += pw;
        }
        (w, self.st, self.sh)
    }
}

pub(super) fn ratio(nodes: &[Node], from: usize, to: usize, width: f64) -> f64 {
    ratio_of(measure(nodes, from, to), width)
}

/// How far a line of natural width `w`, stretch `st` and shrink `sh` must
/// stretch (> 0) or shrink (< 0) to fill `width`.
fn ratio_of((w, st, sh): (f64, f64, f64), width: f64) -> f64 {
    if w < width {
        if st > 0.0 {
            (width - w) / st
        } else {
            1e3
        }
    } else if w > width {
        if sh > 0.0 {
            (width - w) / sh
        } else if w - width < 0.01 {
            0.0
        } else {
            -1e3
        }
    } else {
        0.0
    }
}

/// Open breaks past which a paragraph's search first asks the cheaper
/// pass for a bound. The seed and the test fixtures have at most 51 open
/// at once (a line of their measures holds about that many breakpoints),
/// so ordinary paragraphs never pay for it.
const OPEN_BEFORE_BOUND: usize = 64;

/// The most open breaks the search keeps (the costliest go first): a
/// measure of 1e6 pt, as a table's columns are measured at, holds tens of
/// thousands of words on a line, and without a limit each breakpoint
/// would be weighed against every one of them. Five times the seed's most.
const MAX_OPEN: usize = 256;

/// How far the search goes before it bounds itself.
#[derive(Debug, Clone, Copy)]
struct Limits {
    open_before_bound: usize,
    max_open: usize,
}

const LIMITS: Limits = Limits {
    open_before_bound: OPEN_BEFORE_BOUND,
    max_open: MAX_OPEN,
};

/// Total fit: the breaks that minimise the sum of demerits.
pub(super) fn choose_breaks(nodes: &[Node], s: &Settings) -> Vec<usize> {
    choose_breaks_within(nodes, s, LIMITS, &mut 0)
}

/// `choose_breaks` within `limits`, adding to `work` each open break
/// weighed against a breakpoint and each node the cheaper pass scans: the
/// work that must grow with the paragraph's length, not its square.
fn choose_breaks_within(
    nodes: &[Node],
    s: &Settings,
    limits: Limits,
    work: &mut usize,
) -> Vec<usize> {
    for tolerance in [2.0, 8.0, f64::INFINITY] {
        if let Some(b) = try_breaks(nodes, s, tolerance, limits, work) {
            return b;
        }
    }
    // Unreachable in practice: every box is narrower than the measure after
    // the emergency split; still, never loop or panic.
    (0..nodes.len())
        .filter(|&i| breakable(nodes, i) && is_forced(nodes, i))
        .collect()
}

fn is_forced(nodes: &[Node], i: usize) -> bool {
    matches!(nodes[i], Node::Penalty { cost, .. } if cost <= FORCED)
}

/// A line of natural width, stretch and shrink `measured` that is too
/// wide for the measure however far its glue shrinks.
fn overfull((w, _, sh): (f64, f64, f64), s: &Settings) -> bool {
    w - sh > s.width + 0.01
}

/// The demerits of the line `measured` ending at breakpoint `i`, the line
/// before it having ended at node `prev` (`None`: the paragraph's first);
/// `None` where it stretches past `tolerance` or shrinks past its glue.
fn demerits(
    nodes: &[Node],
    s: &Settings,
    measured: (f64, f64, f64),
    i: usize,
    prev: Option<usize>,
    tolerance: f64,
) -> Option<f64> {
    let (cost, flagged) = match nodes[i] {
        Node::Penalty { cost, flagged, .. } => (cost, flagged),
        _ => (0.0, false),
    };
    let mut r = ratio_of(measured, s.width);
    if cost <= FORCED && r > 0.0 {
        r = 0.0; // the last line is not stretched
    }
    if overfull(measured, s) || r < -1.0 || r > tolerance {
        return None;
    }
    let badness = 100.0 * r.abs().powi(3);
    let mut d = if cost >= 0.0 {
        (1.0 + badness.min(1e5) + cost).powi(2)
    } else if cost > FORCED {
        (1.0 + badness).powi(2) - cost * cost
    } else {
        (1.0 + badness).powi(2)
    };
    if flagged && prev.is_some_and(|p| matches!(nodes[p], Node::Penalty { flagged: true, .. })) {
        d += 3000.0;
    }
    Some(d)
}

/// The cheaper pass: first fit, each line ending at the last breakpoint
/// where it is feasible, scored with the same demerits, added in the same
/// order. Its total is that of one feasible set of breaks, so a break
/// whose best total already exceeds it lies on no way to the optimum
/// (no line lowers the sum) — the bound the search prunes by, as Typst's
/// optimised breaker prunes by its approximate pass. `None` (no bound)
/// where first fit finds no feasible line, where a penalty that is not
/// forced rewards its break (a line could then lower the sum), or where
/// its scanning, which starts each line again after its break, would pass
/// over the nodes more than a few times.
fn first_fit_demerits(
    nodes: &[Node],
    s: &Settings,
    tolerance: f64,
    work: &mut usize,
) -> Option<f64> {
    let rewarding =
        |n: &Node| matches!(n, Node::Penalty { cost, .. } if *cost < 0.0 && *cost > FORCED);
    if nodes.iter().any(rewarding) {
        return None;
    }
    let last = (0..nodes.len()).rev().find(|&i| breakable(nodes, i))?;
    let budget = *work + 4 * nodes.len() + 64;
    let mut total = 0.0;
    let mut prev: Option<usize> = None;
    loop {
        let mut sum = LineSum::from(line_start(nodes, prev));
        let mut fit: Option<(usize, f64)> = None;
        for i in prev.map_or(0, |p| p + 1)..nodes.len() {
            *work += 1;
            if *work > budget {
                return None;
            }
            if !breakable(nodes, i) {
                continue;
            }
            let measured = sum.measure_to(nodes, i);
            if overfull(measured, s) {
                break;
            }
            if let Some(d) = demerits(nodes, s, measured, i, prev, tolerance) {
                fit = Some((i, d));
            }
            if is_forced(nodes, i) {
                break;
            }
        }
        let (i, d) = fit?;
        total += d;
        if i == last {
            return Some(total);
        }
        prev = Some(i);
    }
}

/// A break a line may still start after, with that line's nodes summed
/// as far as scanned (not summed again at each later break: a
/// paragraph's cost was its breaks times its open lines times a line's
/// nodes).
struct Open {
    point: usize,
    sum: LineSum,
}

impl Open {
    fn after(nodes: &[Node], points: &[Option<usize>], point: usize) -> Open {
        Open {
            point,
            sum: LineSum::from(line_start(nodes, points[point])),
        }
    }
}

fn try_breaks(
    nodes: &[Node],
    s: &Settings,
    tolerance: f64,
    limits: Limits,
    work: &mut usize,
) -> Option<Vec<usize>> {
    // best[k] = (demerits, previous break index into `points`)
    let mut points: Vec<Option<usize>> = vec![None];
    let mut best: Vec<(f64, usize)> = vec![(0.0, usize::MAX)];
    let mut active: Vec<Open> = vec![Open::after(nodes, &points, 0)];
    // The cheaper pass's total, asked for once many breaks are open.
    let mut bound: Option<f64> = None;
    for i in 0..nodes.len() {
        if !breakable(nodes, i) {
            continue;
        }
        let forced = is_forced(nodes, i);
        let mut choice: Option<(f64, usize)> = None;
        let mut keep = Vec::with_capacity(active.len());
        for mut open in active {
            *work += 1;
            let k = open.point;
            let measured = open.sum.measure_to(nodes, i);
            if !overfull(measured, s) {
                keep.push(open);
            }
            let Some(d) = demerits(nodes, s, measured, i, points[k], tolerance) else {
                continue;
            };
            let total = best[k].0 + d;
            if choice.is_none_or(|c| total < c.0) {
                choice = Some((total, k));
            }
        }
        active = keep;
        if let Some(c) = choice {
            // A break dearer than the bound leads nowhere the optimum goes;
            // a forced one is kept all the same, so a pass never fails by it.
            if forced || bound.is_none_or(|b| c.0 <= b) {
                points.push(Some(i));
                best.push(c);
                if forced {
                    active.clear();
                }
                active.push(Open::after(nodes, &points, points.len() - 1));
            }
        } else if forced {
            return None;
        }
        if active.len() > limits.open_before_bound && bound.is_none() {
            let b = first_fit_demerits(nodes, s, tolerance, work).unwrap_or(f64::INFINITY);
            active.retain(|open| best[open.point].0 <= b);
            bound = Some(b);
        }
        if active.len() > limits.max_open {
            // The window: the costliest open break goes (the first of equals).
            let costliest = (0..active.len())
                .max_by(|&a, &b| {
                    let (x, y) = (best[active[a].point].0, best[active[b].point].0);
                    x.total_cmp(&y).then(b.cmp(&a))
                })
                .unwrap_or(0);
            active.remove(costliest);
        }
        if active.is_empty() {
            return None;
        }
    }
    // Walk back from the last break.
    let mut k = points.len() - 1;
    let mut out = Vec::new();
    while k != 0 && k != usize::MAX {
        out.push(points[k]?);
        k = best[k].1;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::Piece;
    use super::*;

    /// No limit at all: the search as it was before it bounded itself.
    const UNBOUNDED: Limits = Limits {
        open_before_bound: usize::MAX,
        max_open: usize::MAX,
    };

    /// The bound asked for at once: every paragraph is pruned by it.
    const BOUND_AT_ONCE: Limits = Limits {
        open_before_bound: 0,
        max_open: usize::MAX,
    };

    fn settings(width: f64, justify: bool) -> Settings {
        Settings {
            width,
            justify,
            hyphenate: true,
            min_word: 6,
            min_fragment: 3,
        }
    }

    fn word(width: f64) -> Node {
        Node::Box(Piece {
            glyphs: Vec::new(),
            width,
            style: 0,
        })
    }

    /// A paragraph of `words` words of varied widths (a fixed
    /// pseudo-random sequence), some with a hyphenation point, some
    /// followed by a forced break, set as lines.rs sets them.
    fn paragraph(words: usize, justify: bool, forced_every: usize) -> Vec<Node> {
        let mut nodes = Vec::new();
        let mut seed: u32 = 2_463_534_242;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            seed
        };
        let space = 2.5;
        for n in 0..words {
            let width = 8.0 + f64::from(next() % 50);
            if next() % 4 == 0 {
                nodes.push(word(width * 0.4));
                nodes.push(Node::Penalty {
                    w: 3.0,
                    cost: 50.0,
                    flagged: true,
                    style: 0,
                });
                nodes.push(word(width * 0.6));
            } else {
                nodes.push(word(width));
            }
            if forced_every > 0 && n % forced_every == forced_every - 1 {
                super::super::push_forced_break(&mut nodes, 0);
            } else if n + 1 < words {
                nodes.push(super::super::interword_glue(space, justify));
            }
        }
        super::super::push_forced_break(&mut nodes, 0);
        nodes
    }

    fn work(nodes: &[Node], s: &Settings, limits: Limits) -> usize {
        let mut work = 0;
        choose_breaks_within(nodes, s, limits, &mut work);
        work
    }

    #[test]
    fn pruning_by_the_cheaper_pass_keeps_every_break() {
        for justify in [true, false] {
            for width in [40.0, 90.0, 240.0, 480.0, 3000.0, 1e6] {
                for forced_every in [0, 7, 60] {
                    let nodes = paragraph(600, justify, forced_every);
                    let s = settings(width, justify);
                    let exact = choose_breaks_within(&nodes, &s, UNBOUNDED, &mut 0);
                    let pruned = choose_breaks_within(&nodes, &s, BOUND_AT_ONCE, &mut 0);
                    assert_eq!(
                        exact, pruned,
                        "width {width}, justify {justify}, forced every {forced_every}"
                    );
                    assert_eq!(exact, choose_breaks(&nodes, &s));
                }
            }
        }
    }

    fn breakpoints(nodes: &[Node]) -> usize {
        (0..nodes.len()).filter(|&i| breakable(nodes, i)).count()
    }

    /// The most work the bounded search may do: in each of its three
    /// passes, every breakpoint weighed against at most 257 open breaks
    /// (the window, MAX_OPEN, and the one just opened), and the cheaper
    /// pass's budget.
    fn most_work(nodes: &[Node]) -> usize {
        3 * (breakpoints(nodes) * 257 + 4 * nodes.len() + 64)
    }

    #[test]
    fn breaking_work_grows_with_the_paragraph_not_its_square() {
        // A column's measure: a line holds a dozen words, and a breakpoint
        // is weighed against the few that could start its line.
        for justify in [true, false] {
            let s = settings(240.0, justify);
            let counts: Vec<(usize, usize)> = [4_000, 8_000, 16_000]
                .iter()
                .map(|&words| {
                    let nodes = paragraph(words, justify, 0);
                    (work(&nodes, &s, LIMITS), breakpoints(&nodes))
                })
                .collect();
            for pair in counts.windows(2) {
                assert!(
                    pair[1].0 as f64 <= 2.2 * pair[0].0 as f64,
                    "work {counts:?} more than doubles with the words"
                );
            }
            for (work, breakpoints) in counts {
                assert!(
                    work <= 16 * breakpoints,
                    "{work} for {breakpoints} breakpoints"
                );
            }
        }
    }

    #[test]
    fn a_measure_wider_than_the_paragraph_keeps_each_breakpoints_work_bounded() {
        // A table's columns are measured at 1e6 pt: there a line holds
        // thousands of words, and every break that could end one stayed
        // open (16,000 words at 1e5 pt: 53 million weighings, 2,700 a
        // breakpoint; 8,000 words: 18 million).
        for (width, words) in [(1e5, 8_000), (1e5, 16_000), (4e5, 16_000), (1e6, 32_000)] {
            let s = settings(width, false);
            let nodes = paragraph(words, false, 0);
            let bounded = work(&nodes, &s, LIMITS);
            assert!(
                bounded <= most_work(&nodes),
                "{bounded} at {width} pt for {words} words"
            );
        }
    }

    #[test]
    fn the_window_bounds_the_work_where_the_cheaper_pass_cannot() {
        // A penalty that rewards its break (negative, not forced) lets a
        // line lower the sum, so the cheaper pass gives no bound; the
        // window alone keeps each breakpoint's work under MAX_OPEN.
        let mut nodes = paragraph(6_000, false, 0);
        nodes.insert(
            1,
            Node::Penalty {
                w: 0.0,
                cost: -50.0,
                flagged: false,
                style: 0,
            },
        );
        let s = settings(1.5e5, false);
        let bounded = work(&nodes, &s, LIMITS);
        assert!(bounded <= most_work(&nodes), "{bounded}");
        assert!(work(&nodes, &s, UNBOUNDED) > 2 * bounded);
        let lines = choose_breaks(&nodes, &s);
        assert_eq!(lines.last(), Some(&(nodes.len() - 1)));
    }
}
