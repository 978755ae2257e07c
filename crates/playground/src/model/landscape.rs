//! The loss landscape: the training loss as a function of one or two chosen
//! parameters, every other parameter frozen at its current value — a curve
//! for one, a contour map for two — with the path gradient descent has taken
//! through it, as in seed 000's intercept and intercept/slope figures.

use backprop::{Matrix, Network};

/// Grid points along each axis of a two-parameter map.
pub const GRID: usize = 32;
/// Samples along a one-parameter curve.
pub const CURVE: usize = 120;
/// Most path points kept.
pub const MAX_PATH: usize = 2000;

/// A computed landscape.
#[derive(Debug, Clone, PartialEq)]
pub struct Landscape {
    /// The free parameters (flat indices): one, or two.
    pub free: Vec<usize>,
    /// Range of each free parameter.
    pub ranges: Vec<(f64, f64)>,
    /// Loss at each grid point: `CURVE` values for one parameter, `GRID × GRID`
    /// row by row (second parameter from the top down) for two.
    pub loss: Vec<f64>,
}

/// The values the free parameters took, step after step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Path {
    /// The free parameters it follows.
    pub free: Vec<usize>,
    /// Their values at each recorded step.
    pub points: Vec<Vec<f64>>,
}

impl Path {
    /// Follows `free` from now on; a new choice starts a new path at
    /// `network`'s values. True if the choice changed.
    pub fn follow(&mut self, free: &[usize], network: &Network) -> bool {
        if self.free == free {
            return false;
        }
        self.free = free.to_vec();
        self.points.clear();
        self.record(network);
        true
    }

    /// Records the free parameters' current values (if they moved), keeping
    /// at most [`MAX_PATH`] points (every other point is dropped when full).
    pub fn record(&mut self, network: &Network) {
        let params = network.flat_params();
        // Loops, not map/collect and step_by/collect (each its own code in the wasm).
        let mut point = Vec::with_capacity(self.free.len());
        for &i in &self.free {
            point.push(params.get(i).copied().unwrap_or(f64::NAN));
        }
        if self.points.last() == Some(&point) {
            return;
        }
        if self.points.len() >= MAX_PATH {
            // Every other point, from the first.
            let mut k = 0;
            self.points.retain(|_| {
                k += 1;
                k % 2 == 1
            });
        }
        self.points.push(point);
    }
}

/// A range around the path and the current point: the span of both, widened
/// by half on each side (at least ±1), so the valley and the steps show.
pub fn auto_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() {
        return (-1.0, 1.0);
    }
    let half = ((hi - lo) / 2.0).max(1.0);
    (lo - half, hi + half)
}

/// Computes the landscape of `network` on (xs, ys) over the given ranges.
pub fn compute(network: &Network, xs: &Matrix, ys: &Matrix, free: &[usize], ranges: &[(f64, f64)]) -> Landscape {
    let mut probe = network.clone();
    let mut loss_at = |values: &[f64]| {
        for (&i, &v) in free.iter().zip(values) {
            if let Some(p) = probe.flat_params_mut().get_mut(i) {
                *p = v;
            }
        }
        probe.data_loss(xs, ys).unwrap_or(f64::NAN)
    };
    let along = |(lo, hi): (f64, f64), k: usize, n: usize| lo + (hi - lo) * k as f64 / (n - 1) as f64;
    let loss = match (free.len(), ranges) {
        (1, [a]) => (0..CURVE).map(|k| loss_at(&[along(*a, k, CURVE)])).collect(),
        (2, [a, b]) => {
            let mut grid = Vec::with_capacity(GRID * GRID);
            for row in 0..GRID {
                let vb = along(*b, GRID - 1 - row, GRID);
                for col in 0..GRID {
                    grid.push(loss_at(&[along(*a, col, GRID), vb]));
                }
            }
            grid
        }
        _ => Vec::new(),
    };
    Landscape {
        free: free.to_vec(),
        ranges: ranges.to_vec(),
        loss,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backprop::{Activation, NetworkConfig, Params};

    /// y = 2x: the MSE of a line is a bowl whose bottom is at slope 2, intercept 0.
    #[test]
    fn the_bowl_of_a_line_has_its_bottom_at_the_true_line() {
        let mut net = Network::new(NetworkConfig {
            activation: Some(Activation::Linear),
            ..NetworkConfig::new(&[1, 1])
        })
        .unwrap();
        net.set_params(&Params {
            weights: vec![vec![vec![0.0]]],
            biases: vec![vec![0.0]],
        })
        .unwrap();
        let xs = Matrix::new(3, 1, vec![-1.0, 0.0, 1.0]).unwrap();
        let ys = Matrix::new(3, 1, vec![-2.0, 0.0, 2.0]).unwrap();
        let map = compute(&net, &xs, &ys, &[0, 1], &[(1.0, 3.0), (-1.0, 1.0)]);
        let (i, _) = map.loss.iter().enumerate().min_by(|a, b| a.1.total_cmp(b.1)).unwrap();
        let (row, col) = (i / GRID, i % GRID);
        let slope = 1.0 + 2.0 * col as f64 / (GRID - 1) as f64;
        let intercept = 1.0 - 2.0 * row as f64 / (GRID - 1) as f64;
        assert!(
            (slope - 2.0).abs() < 0.07 && intercept.abs() < 0.07,
            "bottom at slope {slope}, intercept {intercept}"
        );
        let curve = compute(&net, &xs, &ys, &[1], &[(-1.0, 1.0)]);
        assert_eq!(curve.loss.len(), CURVE);
        assert!(
            curve.loss[0] > curve.loss[CURVE / 2] && curve.loss[CURVE - 1] > curve.loss[CURVE / 2],
            "a U in the intercept"
        );
    }

    #[test]
    fn the_path_stays_bounded() {
        let mut net = Network::new(NetworkConfig::new(&[1, 1])).unwrap();
        let mut path = Path {
            free: vec![0],
            points: Vec::new(),
        };
        for k in 0..5000 {
            net.flat_params_mut()[0] = k as f64;
            path.record(&net);
        }
        assert!(path.points.len() <= MAX_PATH);
        assert_eq!(path.points.last().unwrap()[0], 4999.0);
        // When full, every other point is kept, from the first.
        let mut expected: Vec<f64> = Vec::new();
        for k in 0..5000 {
            if expected.len() >= MAX_PATH {
                expected = expected.iter().step_by(2).copied().collect();
            }
            expected.push(k as f64);
        }
        assert_eq!(path.points, expected.iter().map(|&v| vec![v]).collect::<Vec<_>>());
    }
}
