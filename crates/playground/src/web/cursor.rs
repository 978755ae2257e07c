//! The keyboard's cursors on the two canvases, as plain values (tested
//! natively). On the data canvas a cursor moves over a grid of 1/20 of the
//! domain; in the network diagram the focus walks over what a pointer can
//! be on: ←/→ along the network (a unit, the link into it, the unit it
//! comes from, …), ↑/↓ across it (the units of a column, or the links into
//! one unit).

use backprop::Domain;

use super::action::Selection;

/// Cursor steps from the domain's centre to its edge (a step is 1/20 of it).
pub const STEPS: i32 = 10;

/// Something in the diagram a pointer (or the keyboard's focus) can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An input feature (column 0).
    Input { feature: usize },
    /// A unit of layer `layer` (0 = first layer after the input): its bias.
    Unit { layer: usize, unit: usize },
    /// The weight from unit `from` of the layer below to unit `to` of `layer`.
    Link { layer: usize, to: usize, from: usize },
}

impl Target {
    /// The weight or bias this target stands for (an input has none).
    pub fn selection(self) -> Option<Selection> {
        match self {
            Target::Input { .. } => None,
            Target::Unit { layer, unit } => Some(Selection {
                layer,
                unit,
                from: None,
            }),
            Target::Link { layer, to, from } => Some(Selection {
                layer,
                unit: to,
                from: Some(from),
            }),
        }
    }

    /// Where the keyboard's focus goes from here on an arrow key: `dx` ±1
    /// along the network, `dy` +1 up or −1 down across it. `columns`: the
    /// units of each diagram column, the inputs first. Along, a unit leads
    /// to the link into it from the unit at its height in the column
    /// before (←) or to the link out of it to the unit at its height in
    /// the next column (→); a link leads to the unit at either end. Across,
    /// a unit's neighbours are its column's units, a link's the other
    /// links into the same unit. The focus stays put at an edge, and a
    /// target the network no longer has comes back inside it.
    pub fn moved(self, columns: &[usize], dx: i32, dy: i32) -> Target {
        let last = columns.len().saturating_sub(1);
        let clamp = |c: usize, u: usize| u.min(columns.get(c).map_or(0, |n| n.saturating_sub(1)));
        // As (column, unit, and for a link the unit it comes from in the column before).
        let (c, u, from) = match self {
            Target::Input { feature } => (0, feature, None),
            Target::Unit { layer, unit } => (layer + 1, unit, None),
            Target::Link { layer, to, from } => (layer + 1, to, Some(from)),
        };
        let c = c.min(last).max(usize::from(from.is_some()));
        let u = clamp(c, u);
        // Units are numbered from the top: up is one less.
        let across = |v: usize, c: usize| clamp(c, v.saturating_add_signed(-dy.signum() as isize));
        let (c, u, from) = match (from, dx.signum()) {
            (None, -1) if c > 0 => (c, u, Some(clamp(c - 1, u))),
            (None, 1) if c < last => (c + 1, clamp(c + 1, u), Some(u)),
            (None, 0) => (c, across(u, c), None),
            (None, _) => (c, u, None),
            (Some(f), -1) => (c - 1, clamp(c - 1, f), None),
            (Some(_), 1) => (c, u, None),
            (Some(f), _) => (c, u, Some(across(f, c - 1))),
        };
        match (c, from) {
            (0, _) => Target::Input { feature: u },
            (c, None) => Target::Unit { layer: c - 1, unit: u },
            (c, Some(from)) => Target::Link {
                layer: c - 1,
                to: u,
                from,
            },
        }
    }
}

/// The data canvas's cursor: steps of 1/20 of the domain from its centre
/// (whole numbers, so the cursor's place is exact and stays on the domain
/// when it changes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DataCursor {
    pub i: i32,
    pub j: i32,
}

impl DataCursor {
    /// Moved by (dx, dy) steps (y up), kept on the domain.
    pub fn moved(self, dx: i32, dy: i32) -> DataCursor {
        DataCursor {
            i: (self.i + dx).clamp(-STEPS, STEPS),
            j: (self.j + dy).clamp(-STEPS, STEPS),
        }
    }

    /// The cursor's data coordinates on `domain`.
    pub fn at(self, d: Domain) -> (f64, f64) {
        let (sx, sy) = step(d);
        (
            0.5 * (d.x_min + d.x_max) + f64::from(self.i) * sx,
            0.5 * (d.y_min + d.y_max) + f64::from(self.j) * sy,
        )
    }
}

/// One cursor step on `domain`, (x, y): 1/20 of its width and height.
pub fn step(d: Domain) -> (f64, f64) {
    let n = f64::from(2 * STEPS);
    ((d.x_max - d.x_min) / n, (d.y_max - d.y_min) / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inputs 2, hidden 3, output 1.
    const NET: [usize; 3] = [2, 3, 1];

    fn unit(layer: usize, unit: usize) -> Target {
        Target::Unit { layer, unit }
    }
    fn link(layer: usize, to: usize, from: usize) -> Target {
        Target::Link { layer, to, from }
    }

    #[test]
    fn along_the_network_units_and_links_alternate() {
        // Hidden unit 3 (index 2): ← the link into it from the last input
        // (the column before has only 2), ← that input; → back the other way.
        let h = unit(0, 2);
        assert_eq!(h.moved(&NET, -1, 0), link(0, 2, 1));
        assert_eq!(link(0, 2, 1).moved(&NET, -1, 0), Target::Input { feature: 1 });
        assert_eq!(Target::Input { feature: 1 }.moved(&NET, 1, 0), link(0, 1, 1));
        assert_eq!(link(0, 2, 1).moved(&NET, 1, 0), h);
        // → from a hidden unit: the link out of it to the output, then the output.
        assert_eq!(h.moved(&NET, 1, 0), link(1, 0, 2));
        assert_eq!(link(1, 0, 2).moved(&NET, 1, 0), unit(1, 0));
        // At the edges the focus stays.
        assert_eq!(unit(1, 0).moved(&NET, 1, 0), unit(1, 0));
        assert_eq!(
            Target::Input { feature: 0 }.moved(&NET, -1, 0),
            Target::Input { feature: 0 }
        );
    }

    #[test]
    fn across_units_of_a_column_or_links_into_one_unit() {
        // ↓ (dy = −1) goes to the unit below, the next in the column.
        assert_eq!(unit(0, 0).moved(&NET, 0, -1), unit(0, 1));
        assert_eq!(unit(0, 2).moved(&NET, 0, -1), unit(0, 2));
        assert_eq!(unit(0, 0).moved(&NET, 0, 1), unit(0, 0));
        assert_eq!(link(1, 0, 0).moved(&NET, 0, -1), link(1, 0, 1));
        assert_eq!(link(1, 0, 2).moved(&NET, 0, -1), link(1, 0, 2));
        assert_eq!(link(1, 0, 1).moved(&NET, 0, 1), link(1, 0, 0));
    }

    #[test]
    fn a_target_the_network_lost_comes_back_inside_it() {
        // A layer fewer, units fewer: the old place is clamped first.
        assert_eq!(unit(3, 7).moved(&NET, 0, 0), unit(1, 0));
        assert_eq!(link(0, 9, 9).moved(&NET, 0, 0), link(0, 2, 1));
        assert_eq!(link(5, 0, 0).moved(&NET, 1, 0), unit(1, 0));
    }

    #[test]
    fn targets_name_their_weight_or_bias() {
        assert_eq!(Target::Input { feature: 0 }.selection(), None);
        let bias = Selection {
            layer: 1,
            unit: 0,
            from: None,
        };
        assert_eq!(unit(1, 0).selection(), Some(bias));
        let weight = Selection {
            layer: 0,
            unit: 2,
            from: Some(1),
        };
        assert_eq!(link(0, 2, 1).selection(), Some(weight));
    }

    #[test]
    fn the_data_cursor_moves_in_twentieths_and_stays_on_the_domain() {
        let d = Domain {
            x_min: -6.0,
            x_max: 6.0,
            y_min: -1.0,
            y_max: 3.0,
        };
        let c = DataCursor::default();
        assert_eq!(c.at(d), (0.0, 1.0));
        // 12/20 = 0.6 across, 4/20 = 0.2 up: three right, five up.
        let c = c.moved(3, 5);
        assert_eq!(c.at(d), (3.0 * 0.6, 1.0 + 5.0 * 0.2));
        let c = c.moved(50, -50);
        assert_eq!(c.at(d), (6.0, -1.0));
    }
}
