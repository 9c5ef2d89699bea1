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

/// Total fit: the breaks that minimise the sum of demerits.
pub(super) fn choose_breaks(nodes: &[Node], s: &Settings) -> Vec<usize> {
    for tolerance in [2.0, 8.0, f64::INFINITY] {
        if let Some(b) = try_breaks(nodes, s, tolerance) {
            return b;
        }
    }
    // Unreachable in practice: every box is narrower than the measure after
    // the emergency split; still, never loop or panic.
    (0..nodes.len())
        .filter(|&i| {
            breakable(nodes, i) && matches!(nodes[i], Node::Penalty{cost,..} if cost <= FORCED)
        })
        .collect()
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

fn try_breaks(nodes: &[Node], s: &Settings, tolerance: f64) -> Option<Vec<usize>> {
    // best[k] = (demerits, previous break index into `points`)
    let mut points: Vec<Option<usize>> = vec![None];
    let mut best: Vec<(f64, usize)> = vec![(0.0, usize::MAX)];
    let mut active: Vec<Open> = vec![Open::after(nodes, &points, 0)];
    for i in 0..nodes.len() {
        if !breakable(nodes, i) {
            continue;
        }
        let (cost, flagged) = match nodes[i] {
            Node::Penalty { cost, flagged, .. } => (cost, flagged),
            _ => (0.0, false),
        };
        let mut choice: Option<(f64, usize)> = None;
        let mut keep = Vec::with_capacity(active.len());
        for mut open in active {
            let k = open.point;
            let measured = open.sum.measure_to(nodes, i);
            let (w, _, sh) = measured;
            let mut r = ratio_of(measured, s.width);
            if cost <= FORCED && r > 0.0 {
                r = 0.0; // the last line is not stretched
            }
            let overfull = w - sh > s.width + 0.01;
            if !overfull {
                keep.push(open);
            }
            if overfull || r < -1.0 || r > tolerance {
                continue;
            }
            let badness = 100.0 * r.abs().powi(3);
            let mut d = if cost >= 0.0 {
                (1.0 + badness.min(1e5) + cost).powi(2)
            } else if cost > FORCED {
                (1.0 + badness).powi(2) - cost * cost
            } else {
                (1.0 + badness).powi(2)
            };
            if flagged {
                if let Some(p) = points[k] {
                    if matches!(nodes[p], Node::Penalty { flagged: true, .. }) {
                        d += 3000.0;
                    }
                }
            }
            let total = best[k].0 + d;
            if choice.is_none_or(|c| total < c.0) {
                choice = Some((total, k));
            }
        }
        active = keep;
        if let Some(c) = choice {
            points.push(Some(i));
            best.push(c);
            if cost <= FORCED {
                active.clear();
            }
            active.push(Open::after(nodes, &points, points.len() - 1));
        } else if cost <= FORCED {
            return None;
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
