//! The grid points are snapped to when they are added (a click, `addPoint`,
//! a CSV import): on each axis, multiples of the largest 1, 2 or 5 × 10ᵏ
//! not above 1/2000 of the domain's extent — 0.005 on the playground's
//! 12-unit canvas, a fraction of a pixel. A snapped point is a whole number
//! of steps, so a link carries it as a small integer and the receiver
//! rebuilds exactly the sender's f64; and being a multiple of a round
//! decimal, it reads as one (a click at 2.5 is 2.5, not 2.5000000001).

use backprop::Domain;

/// Finest share of an axis a step may be.
pub const STEPS: f64 = 2000.0;

/// An axis's step, m × 10ᵉ, as (m, e).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step(pub f64, pub i32);

/// 10ⁿ for |n| ≤ 22, exactly (each product of tens up to 10²² is an f64).
fn ten_to(n: i32) -> f64 {
    (0..n.unsigned_abs().min(22)).fold(1.0, |p, _| p * 10.0)
}

impl Step {
    /// The step for an axis from `min` to `max`.
    pub fn of(min: f64, max: f64) -> Step {
        let target = (max - min) / STEPS;
        for e in (-15..=6).rev() {
            for m in [5.0, 2.0, 1.0] {
                let size = if e < 0 { m / ten_to(e) } else { m * ten_to(e) };
                if size <= target {
                    return Step(m, e);
                }
            }
        }
        Step(1.0, -15)
    }

    /// The grid index nearest `v` (finite).
    pub fn index(self, v: f64) -> i64 {
        let Step(m, e) = self;
        let scaled = if e < 0 { v * ten_to(e) } else { v / ten_to(e) };
        (scaled / m).round() as i64
    }

    /// The coordinate of grid index `q`: q·m, then one division (or
    /// multiplication) by a power of ten — the f64 nearest the decimal.
    pub fn value(self, q: i64) -> f64 {
        let Step(m, e) = self;
        let whole = q as f64 * m;
        if e < 0 {
            whole / ten_to(e)
        } else {
            whole * ten_to(e)
        }
    }
}

/// The steps of the domain's two axes.
pub fn steps(d: &Domain) -> (Step, Step) {
    (Step::of(d.x_min, d.x_max), Step::of(d.y_min, d.y_max))
}

/// (x, y) snapped to the domain's grid; non-finite numbers pass unchanged
/// (to be refused, with their values named, by whoever checks the point).
pub fn snap(x: f64, y: f64, d: &Domain) -> (f64, f64) {
    if !(x.is_finite() && y.is_finite()) {
        return (x, y);
    }
    let (sx, sy) = steps(d);
    (sx.value(sx.index(x)), sy.value(sy.index(y)))
}

/// The grid indices of a snapped point, or `None` if it is not on the grid
/// (a lesson's own exact data, a point from an old link).
pub fn indices_of(x: f64, y: f64, d: &Domain) -> Option<(i64, i64)> {
    if !(x.is_finite() && y.is_finite()) {
        return None;
    }
    let (sx, sy) = steps(d);
    let q = (sx.index(x), sy.index(y));
    (sx.value(q.0).to_bits() == x.to_bits() && sy.value(q.1).to_bits() == y.to_bits()).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAYGROUND: Domain = Domain {
        x_min: -6.0,
        x_max: 6.0,
        y_min: -6.0,
        y_max: 6.0,
    };

    #[test]
    fn the_step_is_a_round_decimal_below_a_two_thousandth() {
        assert_eq!(Step::of(-6.0, 6.0), Step(5.0, -3)); // 12/2000 = 0.006 → 0.005
        assert_eq!(Step::of(0.0, 1.0), Step(5.0, -4)); // 0.0005
        assert_eq!(Step::of(-30.0, 30.0), Step(2.0, -2)); // 0.03 → 0.02
        assert_eq!(Step::of(0.0, 2000.0), Step(1.0, 0));
    }

    #[test]
    fn snapping_is_sub_pixel_exact_and_idempotent() {
        let (x, y) = snap(0.123456789, -2.5, &PLAYGROUND);
        assert_eq!((x, y), (0.125, -2.5));
        assert_eq!(snap(x, y, &PLAYGROUND), (x, y));
        assert_eq!(indices_of(x, y, &PLAYGROUND), Some((25, -500)));
        assert_eq!(indices_of(0.123456789, 0.0, &PLAYGROUND), None);
        assert_eq!(snap(0.7, 5.997, &PLAYGROUND), (0.7, 5.995));
        assert_eq!(snap(f64::NAN, 1.0, &PLAYGROUND).1, 1.0);
    }
}
