//! The structure tree as the flow draws: which node content goes into
//! (`Flow::mark`), opening and closing nodes around blocks, and the link
//! (and note reference) nodes a line's pieces draw into.

use super::flow::Flow;
use super::page::{Kind, Mark, Target};

impl Flow<'_> {
    /// Opens a structure node inside the current one and makes it current;
    /// returns the mark to `close` it with.
    pub fn open(&mut self, kind: Kind) -> Mark {
        let outer = self.mark;
        self.mark = self.tags.open(kind, outer);
        outer
    }

    pub fn close(&mut self, outer: Mark) {
        self.mark = outer;
    }

    /// The node a piece with this link draws into: the current one, or a
    /// link inside it (a note reference's inside a `Reference`).
    pub(super) fn piece_mark(&mut self, link: Option<&Target>) -> Mark {
        let Some(target) = link else {
            self.link_node = None;
            return self.mark;
        };
        if let Some((parent, t, node)) = &self.link_node {
            if *parent == self.mark && t == target {
                return *node;
            }
        }
        let parent = match target {
            Target::Anchor(id) if id.starts_with("fn-") => {
                self.tags.open(Kind::Reference, self.mark)
            }
            _ => self.mark,
        };
        let node = self.tags.open(Kind::Link, parent);
        self.link_node = Some((self.mark, target.clone(), node));
        node
    }
}
