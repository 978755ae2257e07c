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
    let data: Vec<f64> = raw
        .iter()
        .flat_map(|&(x, y)| features.iter().map(move |f| f.compute(x, y)))
        .collect();
    let inputs = Matrix::new(raw.len(), features.len(), data).unwrap_or_default();
    let mut ws = Workspace::default();
    let rows: Vec<usize> = (0..raw.len()).collect();
    ws.load(network, &inputs, None, &rows);
    forward(network, &mut ws);
    (ws.a(layer).to_vec(), raw.len())
}

/// The two leading eigenvectors of the covariance of `units`-dimensional
/// vectors (power iteration with deflation; deterministic start).
fn principal_directions(a: &[f64], units: usize, m: usize) -> [Vec<f64>; 2] {
    let mean: Vec<f64> = (0..units)
        .map(|u| a[u * m..(u + 1) * m].iter().sum::<f64>() / m.max(1) as f64)
        .collect();
    let mut cov = vec![0.0; units * units];
    for i in 0..units {
        for j in 0..units {
            cov[i * units + j] = (0..m)
                .map(|s| (a[i * m + s] - mean[i]) * (a[j * m + s] - mean[j]))
                .sum::<f64>()
                / m.max(1) as f64;
        }
    }
    let mut directions: [Vec<f64>; 2] = [vec![0.0; units], vec![0.0; units]];
    for d in 0..2 {
        let mut v: Vec<f64> = (0..units)
            .map(|i| 1.0 + i as f64 * 0.1 * if d == 1 { -1.0 } else { 1.0 })
            .collect();
        for _ in 0..200 {
            let mut next: Vec<f64> = (0..units)
                .map(|i| (0..units).map(|j| cov[i * units + j] * v[j]).sum())
                .collect();
            if d == 1 {
                let dot: f64 = next.iter().zip(&directions[0]).map(|(a, b)| a * b).sum();
                next.iter_mut().zip(&directions[0]).for_each(|(x, p)| *x -= dot * p);
            }
            let norm = next.iter().map(|x| x * x).sum::<f64>().sqrt();
            if norm < 1e-15 {
                break;
            }
            v = next.into_iter().map(|x| x / norm).collect();
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
    let all: Vec<(f64, f64)> = points.iter().copied().chain(grid_raw).collect();
    let (a, m) = activations(network, features, &all, layer);
    let units = network.layers().get(layer).map_or(0, |l| l.units);
    let n_points = points.len();
    let project: Box<dyn Fn(usize) -> (f64, f64)> = match projection {
        Projection::Units(u, v) if u < units && v < units => Box::new(move |s| (a[u * m + s], a[v * m + s])),
        _ if units == 1 => Box::new(move |s| (a[s], 0.0)),
        _ => {
            // Directions from the data points only, so the grid cannot skew them.
            let sample: Vec<f64> = (0..units)
                .flat_map(|u| a[u * m..u * m + n_points.max(1).min(m)].to_vec())
                .collect();
            let [d1, d2] = principal_directions(&sample, units, n_points.max(1).min(m));
            Box::new(move |s| {
                let p = |d: &Vec<f64>| (0..units).map(|u| d[u] * a[u * m + s]).sum::<f64>();
                (p(&d1), p(&d2))
            })
        }
    };
    let projected: Vec<(f64, f64)> = (0..m).map(project).collect();
    HiddenSpace {
        points: projected[..n_points].to_vec(),
        grid: projected[n_points..]
            .chunks(SAMPLES)
            .map(<[(f64, f64)]>::to_vec)
            .collect(),
    }
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
