//! The data as a hidden layer sees it: every point mapped to the outputs of
//! two of the layer's units (or, for a wider layer, onto its two principal
//! directions), with the input plane's grid lines mapped the same way — the
//! warped grid shows how the layer bends space until the classes separate.

use backprop::backprop::{forward, Workspace};
use backprop::{Domain, Feature, Matrix, Network};

/// Grid lines per direction, and samples along each.
const LINES: usize = 11;
const SAMPLES: usize = 40;

/// How the layer's outputs become two coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// The outputs of units (a, b).
    Units(usize, usize),
    /// The two directions of largest variance of the points' outputs.
    Principal,
}

/// What to draw.
#[derive(Debug, Clone, PartialEq)]
pub struct HiddenSpace {
    /// Each point's two coordinates.
    pub points: Vec<(f64, f64)>,
    /// Each grid line as a polyline.
    pub grid: Vec<Vec<(f64, f64)>>,
}

/// The outputs of layer `layer` for raw points (x₁, x₂), `[unit][sample]`.
fn activations(network: &Network, features: &[Feature], raw: &[(f64, f64)], layer: usize) -> (Vec<f64>, usize) {
    let mut data = Vec::with_capacity(raw.len() * features.len());
    for &(x, y) in raw {
        for f in features {
            data.push(f.compute(x, y));
        }
    }
    let inputs = Matrix::new(raw.len(), features.len(), data).unwrap_or_default();
    let mut ws = Workspace::default();
    let rows = Vec::from_iter(0..raw.len());
    ws.load(network, &inputs, None, &rows);
    forward(network, &mut ws);
    (ws.a(layer).to_vec(), raw.len())
}

/// Σᵢ aᵢ·bᵢ over the shorter of the two, summed in order from −0.0 (as
/// `Iterator::sum` of f64 does), in a plain loop.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut sum = -0.0;
    for (x, y) in a.iter().zip(b) {
        sum += x * y;
    }
    sum
}

/// The two leading eigenvectors of the covariance of `units`-dimensional
/// vectors (power iteration with deflation; deterministic start).
fn principal_directions(a: &[f64], units: usize, m: usize) -> [Vec<f64>; 2] {
    // Loops, not iterator chains (each chain is its own code in the wasm);
    // sums start from −0.0, as `Iterator::sum` of f64 does.
    let mut mean = vec![0.0; units];
    for (u, mean) in mean.iter_mut().enumerate() {
        let mut sum = -0.0;
        for &x in &a[u * m..(u + 1) * m] {
            sum += x;
        }
        *mean = sum / m.max(1) as f64;
    }
    let mut cov = vec![0.0; units * units];
    for i in 0..units {
        for j in 0..units {
            let mut sum = -0.0;
            for s in 0..m {
                sum += (a[i * m + s] - mean[i]) * (a[j * m + s] - mean[j]);
            }
            cov[i * units + j] = sum / m.max(1) as f64;
        }
    }
    let mut directions: [Vec<f64>; 2] = [vec![0.0; units], vec![0.0; units]];
    for d in 0..2 {
        let mut v = vec![0.0; units];
        for (i, v) in v.iter_mut().enumerate() {
            *v = 1.0 + i as f64 * 0.1 * if d == 1 { -1.0 } else { 1.0 };
        }
        let mut next = vec![0.0; units];
        for _ in 0..200 {
            // next = cov · v, row by row.
            for (i, next) in next.iter_mut().enumerate() {
                *next = dot(&cov[i * units..(i + 1) * units], &v);
            }
            if d == 1 {
                // Deflation: take out the first direction's component.
                let along = dot(&next, &directions[0]);
                for (x, p) in next.iter_mut().zip(&directions[0]) {
                    *x -= along * p;
                }
            }
            let norm = f64::sqrt(dot(&next, &next));
            if norm < 1e-15 {
                break;
            }
            for (v, x) in v.iter_mut().zip(&next) {
                *v = x / norm;
            }
        }
        directions[d] = v;
    }
    directions
}

/// Maps the points and the grid of the domain through the network to layer
/// `layer` and projects them to two coordinates.
pub fn compute(
    network: &Network,
    features: &[Feature],
    points: &[(f64, f64)],
    domain: Domain,
    layer: usize,
    projection: Projection,
) -> HiddenSpace {
    let mut grid_raw = Vec::with_capacity(2 * LINES * SAMPLES);
    for k in 0..LINES {
        let f = k as f64 / (LINES - 1) as f64;
        let x = domain.x_min + f * (domain.x_max - domain.x_min);
        let y = domain.y_min + f * (domain.y_max - domain.y_min);
        for s in 0..SAMPLES {
            let t = s as f64 / (SAMPLES - 1) as f64;
            grid_raw.push((x, domain.y_min + t * (domain.y_max - domain.y_min)));
        }
        for s in 0..SAMPLES {
            let t = s as f64 / (SAMPLES - 1) as f64;
            grid_raw.push((domain.x_min + t * (domain.x_max - domain.x_min), y));
        }
    }
    let mut all = points.to_vec();
    all.extend_from_slice(&grid_raw);
    let (a, m) = activations(network, features, &all, layer);
    let units = network.layers().get(layer).map_or(0, |l| l.units);
    let n_points = points.len();
    let project: Box<dyn Fn(usize) -> (f64, f64)> = match projection {
        Projection::Units(u, v) if u < units && v < units => Box::new(move |s| (a[u * m + s], a[v * m + s])),
        _ if units == 1 => Box::new(move |s| (a[s], 0.0)),
        _ => {
            // Directions from the data points only, so the grid cannot skew them.
            let mut sample = Vec::new();
            for u in 0..units {
                sample.extend_from_slice(&a[u * m..u * m + n_points.max(1).min(m)]);
            }
            let [d1, d2] = principal_directions(&sample, units, n_points.max(1).min(m));
            Box::new(move |s| {
                let p = |d: &Vec<f64>| {
                    let mut sum = -0.0;
                    for u in 0..units {
                        sum += d[u] * a[u * m + s];
                    }
                    sum
                };
                (p(&d1), p(&d2))
            })
        }
    };
    let mut points = Vec::with_capacity(n_points);
    let mut grid: Vec<Vec<(f64, f64)>> = Vec::new();
    for s in 0..m {
        if s < n_points {
            points.push(project(s));
        } else {
            if (s - n_points).is_multiple_of(SAMPLES) {
                grid.push(Vec::with_capacity(SAMPLES));
            }
            if let Some(line) = grid.last_mut() {
                line.push(project(s));
            }
        }
    }
    HiddenSpace { points, grid }
}

#[cfg(test)]
mod tests {
    use super::*;
    use backprop::{Activation, NetworkConfig, Params};

    #[test]
    fn identity_like_units_reproduce_the_input_plane() {
        // Two linear hidden units copying x₁ and x₂: hidden space = input space.
        let mut net = Network::new(NetworkConfig {
            activation: Some(Activation::Linear),
            ..NetworkConfig::new(&[2, 2, 1])
        })
        .unwrap();
        net.set_params(&Params {
            weights: vec![vec![vec![1.0, 0.0], vec![0.0, 1.0]], vec![vec![1.0, 1.0]]],
            biases: vec![vec![0.0, 0.0], vec![0.0]],
        })
        .unwrap();
        let domain = Domain {
            x_min: -1.0,
            x_max: 1.0,
            y_min: -1.0,
            y_max: 1.0,
        };
        let space = compute(
            &net,
            &[Feature::X1, Feature::X2],
            &[(0.5, -0.25)],
            domain,
            0,
            Projection::Units(0, 1),
        );
        assert_eq!(space.points, vec![(0.5, -0.25)]);
        assert_eq!(space.grid.len(), 2 * LINES);
        assert_eq!(space.grid[0][0], (-1.0, -1.0));
        // Principal directions of points spread along x₁ put that spread first.
        let pts: Vec<(f64, f64)> = (0..20)
            .map(|k| (k as f64 / 10.0 - 1.0, 0.01 * (k % 2) as f64))
            .collect();
        let pca = compute(
            &net,
            &[Feature::X1, Feature::X2],
            &pts,
            domain,
            0,
            Projection::Principal,
        );
        let spread = |f: fn(&(f64, f64)) -> f64| {
            let v: Vec<f64> = pca.points.iter().map(f).collect();
            v.iter().cloned().fold(f64::MIN, f64::max) - v.iter().cloned().fold(f64::MAX, f64::min)
        };
        assert!(
            spread(|p| p.0) > 10.0 * spread(|p| p.1),
            "first direction carries the spread"
        );
    }
}
