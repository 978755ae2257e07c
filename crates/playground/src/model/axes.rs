//! Round numbers for chart axes. A chart whose ends snap to round numbers
//! keeps its axes while the data grows inside them, so the axes (grid,
//! labels) can be drawn once and reused until the data outgrows them.

/// The multiples of a power of ten an axis may end at: fine enough that the
/// data fills at least ~80 % of the axis.
const ENDS: [f64; 11] = [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0];

/// The smallest round number (see [`ENDS`]) at least `v`; 1 for anything
/// that is not a positive number.
pub fn nice_ceil(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let base = 10f64.powi(v.log10().floor() as i32);
    ENDS.iter()
        .map(|n| n * base)
        .find(|&end| end >= v * (1.0 - 1e-12))
        .unwrap_or(10.0 * base)
}

/// Tick positions from `lo` to `hi`: multiples of a step of 1, 2 or 5 × 10ᵏ,
/// at most `max_count` intervals; `whole` keeps the step at least 1 (epochs,
/// decades of a log axis).
pub fn ticks(lo: f64, hi: f64, max_count: usize, whole: bool) -> Vec<f64> {
    let span = hi - lo;
    if !span.is_finite() || span <= 0.0 {
        return vec![lo];
    }
    let raw = span / max_count.max(1) as f64;
    let base = 10f64.powi(raw.log10().floor() as i32);
    // Loops, not iterator chains (each chain is its own code in the wasm).
    let mut step = 10.0 * base;
    for n in [1.0, 2.0, 5.0, 10.0] {
        if n * base >= raw * (1.0 - 1e-12) {
            step = n * base;
            break;
        }
    }
    if whole {
        step = step.max(1.0).round();
    }
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let mut out = Vec::new();
    for i in first..=last {
        out.push(i as f64 * step);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_ends_are_round_and_cover_the_value() {
        assert_eq!(nice_ceil(1.0), 1.0);
        assert_eq!(nice_ceil(137.0), 150.0);
        assert_eq!(nice_ceil(151.0), 200.0);
        assert_eq!(nice_ceil(0.7), 0.8);
        assert_eq!(nice_ceil(9.5), 10.0);
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(f64::NAN), 1.0);
        for v in [0.013, 0.7, 3.3, 47.0, 999.0, 12_345.0] {
            let end = nice_ceil(v);
            assert!(end >= v && end <= 1.25 * v, "{v} → {end}");
        }
    }

    #[test]
    fn the_axis_end_changes_rarely_as_epochs_grow() {
        let changes = (1..=1000u32)
            .map(|e| nice_ceil(f64::from(e)))
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| w[0] != w[1])
            .count();
        assert!(changes <= 32, "{changes} axis rebuilds over 1000 epochs");
    }

    #[test]
    fn ticks_are_round_steps_within_the_range() {
        assert_eq!(ticks(0.0, 150.0, 6, true), vec![0.0, 50.0, 100.0, 150.0]);
        assert_eq!(ticks(0.0, 1.2, 6, true), vec![0.0, 1.0]);
        assert_eq!(ticks(-3.0, 0.0, 5, true), vec![-3.0, -2.0, -1.0, 0.0]);
        let t = ticks(0.0, 0.8, 5, false);
        assert_eq!(t.len(), 5, "{t:?}");
        assert!((t[4] - 0.8).abs() < 1e-12);
        assert_eq!(ticks(1.0, 1.0, 5, false), vec![1.0]);
    }
}
