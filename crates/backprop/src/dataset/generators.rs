//! The point generators. Each returns inputs (row-major), targets and the
//! domain; the draws from `rng` happen in a fixed, documented order.

use std::f64::consts::PI;

use super::{DatasetKind, Domain};
use crate::math;
use crate::rng::Rng;

/// Raw output of a generator.
pub(super) struct Generated {
    pub inputs: Vec<f64>,
    pub targets: Vec<f64>,
    pub domain: Domain,
    /// For fixed sets whose test points are part of the lesson (gender).
    pub fixed_test: Option<Vec<bool>>,
}

/// The square [−6, 6]² the 2-D playground sets live in.
const PLAYGROUND: Domain = Domain {
    x_min: -6.0,
    x_max: 6.0,
    y_min: -6.0,
    y_max: 6.0,
};

/// `classes` (2 to 4) applies to the five playground shapes; the two-class
/// versions are the original generators, draw for draw.
pub(super) fn generate(kind: DatasetKind, n: usize, noise: f64, classes: usize, rng: &mut Rng) -> Generated {
    let k = classes.clamp(2, 4);
    match kind {
        DatasetKind::Circle if k > 2 => rings(n, noise, k, rng),
        DatasetKind::Xor if k > 2 => quadrants(n, noise, k, rng),
        DatasetKind::Gaussians if k > 2 => blobs(n, noise, k, rng),
        DatasetKind::Spiral if k > 2 => arms(n, noise, k, rng),
        DatasetKind::Moons if k > 2 => chained_moons(n, noise, k, rng),
        DatasetKind::Circle => circle(n, noise, rng),
        DatasetKind::Xor => xor(n, noise, rng),
        DatasetKind::Gaussians => gaussians(n, noise, rng),
        DatasetKind::Spiral => spiral(n, noise, rng),
        DatasetKind::Moons => moons(n, noise, rng),
        DatasetKind::Plane => regression_2d(n, noise, rng, |x1, x2| (x1 + x2) / 12.0),
        DatasetKind::Gaussian => regression_2d(n, noise, rng, gaussian_bumps),
        DatasetKind::OrGate => or_gate(),
        DatasetKind::Gender => gender(),
        DatasetKind::WeightHeight => weight_height(n, noise, rng),
        DatasetKind::Dosage => dosage(n, noise, rng),
    }
}

/// Collects 2-D labelled points.
struct Points2 {
    inputs: Vec<f64>,
    targets: Vec<f64>,
}

impl Points2 {
    fn with_capacity(n: usize) -> Self {
        Points2 {
            inputs: Vec::with_capacity(2 * n),
            targets: Vec::with_capacity(n),
        }
    }
    fn push(&mut self, x1: f64, x2: f64, y: f64) {
        self.inputs.extend_from_slice(&[x1, x2]);
        self.targets.push(y);
    }
    /// A point at distance `r` from the origin, at an angle U(0, 2π), each
    /// coordinate then moved by U(−2.5, 2.5)·noise (drawn in that order:
    /// angle, x's offset, y's offset). cos θ is written sin(θ + π/2), as the
    /// data sets were first drawn.
    fn push_at_radius(&mut self, r: f64, noise: f64, y: f64, rng: &mut Rng) {
        let angle = rng.uniform_in(0.0, 2.0 * PI);
        let dx = rng.uniform_in(-2.5, 2.5) * noise;
        let dy = rng.uniform_in(-2.5, 2.5) * noise;
        self.push(r * math::sin(angle + PI / 2.0) + dx, r * math::sin(angle) + dy, y);
    }
    fn done(self, domain: Domain) -> Generated {
        Generated {
            inputs: self.inputs,
            targets: self.targets,
            domain,
            fixed_test: None,
        }
    }
}

/// First half: class 1, radius U(0, 2.5); second half: class 0, radius
/// U(3.5, 5); angle U(0, 2π); then each coordinate moves by U(−2.5, 2.5)·noise.
fn circle(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    for s in 0..n {
        let inside = s < n / 2;
        let r = if inside {
            rng.uniform_in(0.0, 2.5)
        } else {
            rng.uniform_in(3.5, 5.0)
        };
        p.push_at_radius(r, noise, f64::from(u8::from(inside)), rng);
    }
    p.done(PLAYGROUND)
}

/// x₁, x₂ ~ U(−5, 5) kept 0.3 away from the axes; label 1 where x₁·x₂ > 0;
/// then each coordinate moves by U(−5, 5)·noise.
fn xor(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let away_from_axis = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
    for _ in 0..n {
        let x1 = away_from_axis(rng.uniform_in(-5.0, 5.0));
        let x2 = away_from_axis(rng.uniform_in(-5.0, 5.0));
        let label = f64::from(u8::from(x1 * x2 > 0.0));
        let dx = rng.uniform_in(-5.0, 5.0) * noise;
        let dy = rng.uniform_in(-5.0, 5.0) * noise;
        p.push(x1 + dx, x2 + dy, label);
    }
    p.done(PLAYGROUND)
}

/// Class 1 around (2, 2), class 0 around (−2, −2), alternating; standard
/// deviation 0.5 + 2.5·noise.
fn gaussians(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let sd = 0.5 + 2.5 * noise;
    for s in 0..n {
        let (c, label) = if s % 2 == 0 { (2.0, 1.0) } else { (-2.0, 0.0) };
        let x1 = c + sd * rng.gauss();
        let x2 = c + sd * rng.gauss();
        p.push(x1, x2, label);
    }
    p.done(PLAYGROUND)
}

/// Two arms: point i of an arm of m has radius 5·i/m and angle
/// 1.75·2π·i/m (+π for the second arm, class 0); each coordinate moves by
/// U(−1, 1)·noise.
fn spiral(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let half = n.div_ceil(2);
    for s in 0..n {
        let (i, delta, label) = if s < half { (s, 0.0, 1.0) } else { (s - half, PI, 0.0) };
        let arm = if s < half { half } else { n - half };
        let f = i as f64 / arm as f64;
        let r = 5.0 * f;
        let t = 1.75 * 2.0 * PI * f + delta;
        let dx = rng.uniform_in(-1.0, 1.0) * noise;
        let dy = rng.uniform_in(-1.0, 1.0) * noise;
        p.push(r * math::sin(t) + dx, r * math::sin(t + PI / 2.0) + dy, label);
    }
    p.done(PLAYGROUND)
}

/// Two half-moons (as scikit-learn's `make_moons`), scaled by 4 and centred:
/// the upper moon (cos t, sin t) is class 1, the lower (1 − cos t, ½ − sin t)
/// class 0, t ~ U(0, π); Gaussian noise of sd 1.5·noise.
fn moons(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    for s in 0..n {
        let t = rng.uniform_in(0.0, PI);
        let (c, sn) = (math::sin(t + PI / 2.0), math::sin(t));
        let (x, y, label) = if s % 2 == 0 {
            (c, sn, 1.0)
        } else {
            (1.0 - c, 0.5 - sn, 0.0)
        };
        let x1 = 4.0 * (x - 0.5) + 1.5 * noise * rng.gauss();
        let x2 = 4.0 * (y - 0.25) + 1.5 * noise * rng.gauss();
        p.push(x1, x2, label);
    }
    p.done(PLAYGROUND)
}

/// `k` classes in rings (class 0 innermost): the disc of radius 5 cut into
/// k bands of width w with gaps of 2/k between them (k = 2 would be
/// `circle`'s disc of 2.5 and ring from 3.5). Point s is of class ⌊s·k/n⌋;
/// draws as in `circle`: radius, angle, then the two noise offsets.
fn rings(n: usize, noise: f64, k: usize, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let gap = 2.0 / k as f64;
    let width = (5.0 - (k - 1) as f64 * gap) / k as f64;
    for s in 0..n {
        let class = s * k / n;
        let inner = class as f64 * (width + gap);
        let r = rng.uniform_in(inner, inner + width);
        p.push_at_radius(r, noise, class as f64, rng);
    }
    p.done(PLAYGROUND)
}

/// `xor`'s points, labelled by quadrant: with 4 classes each quadrant is
/// one (x₁ > 0, x₂ > 0 is class 0, then counter-clockwise); with 3 the two
/// quadrants where x₁·x₂ > 0 stay together as class 0, as in XOR.
fn quadrants(n: usize, noise: f64, k: usize, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let away_from_axis = |v: f64| if v > 0.0 { v + 0.3 } else { v - 0.3 };
    let labels: [f64; 4] = if k == 3 {
        [0.0, 1.0, 0.0, 2.0]
    } else {
        [0.0, 1.0, 2.0, 3.0]
    };
    for _ in 0..n {
        let x1 = away_from_axis(rng.uniform_in(-5.0, 5.0));
        let x2 = away_from_axis(rng.uniform_in(-5.0, 5.0));
        let quadrant = match (x1 > 0.0, x2 > 0.0) {
            (true, true) => 0,
            (false, true) => 1,
            (false, false) => 2,
            (true, false) => 3,
        };
        let dx = rng.uniform_in(-5.0, 5.0) * noise;
        let dy = rng.uniform_in(-5.0, 5.0) * noise;
        p.push(x1 + dx, x2 + dy, labels[quadrant]);
    }
    p.done(PLAYGROUND)
}

/// `k` Gaussian blobs, class s mod k, centred 2√2 from the origin at angles
/// 45° + j·360°/k (for k = 2 that would be `gaussians`' (2, 2) and
/// (−2, −2)); standard deviation 0.5 + 2.5·noise.
fn blobs(n: usize, noise: f64, k: usize, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let sd = 0.5 + 2.5 * noise;
    for s in 0..n {
        let class = s % k;
        let angle = PI / 4.0 + 2.0 * PI * class as f64 / k as f64;
        let (cx, cy) = (8f64.sqrt() * math::cos(angle), 8f64.sqrt() * math::sin(angle));
        let x1 = cx + sd * rng.gauss();
        let x2 = cy + sd * rng.gauss();
        p.push(x1, x2, class as f64);
    }
    p.done(PLAYGROUND)
}

/// `k` interleaved spiral arms, class s mod k: point i of an arm of
/// m = ⌈n/k⌉ has radius 5·i/m and angle 1.75·2π·i/m + 2π·class/k; each
/// coordinate moves by U(−1, 1)·noise.
fn arms(n: usize, noise: f64, k: usize, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let m = n.div_ceil(k);
    for s in 0..n {
        let (class, i) = (s % k, s / k);
        let f = i as f64 / m as f64;
        let t = 1.75 * 2.0 * PI * f + 2.0 * PI * class as f64 / k as f64;
        let dx = rng.uniform_in(-1.0, 1.0) * noise;
        let dy = rng.uniform_in(-1.0, 1.0) * noise;
        p.push(5.0 * f * math::sin(t) + dx, 5.0 * f * math::cos(t) + dy, class as f64);
    }
    p.done(PLAYGROUND)
}

/// `k` half-moons in a chain, class s mod k: moon j is centred 1.25·j along
/// x₁, upper (cos t, sin t) for even j and lower (−cos t, ½ − sin t) for
/// odd j, so each lower moon hooks into the two upper ones beside it;
/// t ~ U(0, π); scaled to fit [−5.5, 5.5] and centred, with Gaussian noise
/// of sd 1.5·noise as in `moons`.
fn chained_moons(n: usize, noise: f64, k: usize, rng: &mut Rng) -> Generated {
    let mut p = Points2::with_capacity(n);
    let span = 1.25 * (k - 1) as f64;
    let scale = 11.0 / (span + 2.0);
    for s in 0..n {
        let class = s % k;
        let t = rng.uniform_in(0.0, PI);
        let (c, sn) = (math::cos(t), math::sin(t));
        let centre = 1.25 * class as f64;
        let (x, y) = if class.is_multiple_of(2) {
            (centre + c, sn)
        } else {
            (centre - c, 0.5 - sn)
        };
        let x1 = scale * (x - span / 2.0) + 1.5 * noise * rng.gauss();
        let x2 = scale * (y - 0.25) + 1.5 * noise * rng.gauss();
        p.push(x1, x2, class as f64);
    }
    p.done(PLAYGROUND)
}

/// Points uniform in [−6, 6]², target f(x₁, x₂), inputs moved by U(−6, 6)·noise
/// after the target is computed (so noise blurs the surface).
fn regression_2d(n: usize, noise: f64, rng: &mut Rng, f: fn(f64, f64) -> f64) -> Generated {
    let mut p = Points2::with_capacity(n);
    for _ in 0..n {
        let x1 = rng.uniform_in(-6.0, 6.0);
        let x2 = rng.uniform_in(-6.0, 6.0);
        let y = f(x1, x2);
        let dx = rng.uniform_in(-6.0, 6.0) * noise;
        let dy = rng.uniform_in(-6.0, 6.0) * noise;
        p.push(x1 + dx, x2 + dy, y);
    }
    p.done(PLAYGROUND)
}

/// Six Gaussian bumps of alternating sign on a 3 × 2 grid; values in about [−1, 1].
fn gaussian_bumps(x1: f64, x2: f64) -> f64 {
    const BUMPS: [(f64, f64, f64); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    BUMPS
        .iter()
        .map(|&(cx, cy, sign)| {
            let d2 = (x1 - cx) * (x1 - cx) + (x2 - cy) * (x2 - cy);
            sign * math::exp(-d2 / 4.0)
        })
        .sum()
}

/// x₁ OR x₂ for the four binary inputs, in the tutorial's row order.
fn or_gate() -> Generated {
    let mut p = Points2::with_capacity(4);
    for (x1, x2, y) in [(0.0, 0.0, 0.0), (0.0, 1.0, 1.0), (1.0, 0.0, 1.0), (1.0, 1.0, 1.0)] {
        p.push(x1, x2, y);
    }
    p.done(Domain {
        x_min: -0.5,
        x_max: 1.5,
        y_min: -0.5,
        y_max: 1.5,
    })
}

/// The tutorials' four people (weight − 135 lb, height − 66 in; 1 = female),
/// with Emily and Frank, whom the trained network is asked about, as test points.
fn gender() -> Generated {
    let people = [
        (-2.0, -1.0, 1.0),  // Alice
        (25.0, 6.0, 0.0),   // Bob
        (17.0, 4.0, 0.0),   // Charlie
        (-15.0, -6.0, 1.0), // Diana
        (-7.0, -3.0, 1.0),  // Emily (test)
        (20.0, 2.0, 0.0),   // Frank (test)
    ];
    let mut p = Points2::with_capacity(people.len());
    for (x1, x2, y) in people {
        p.push(x1, x2, y);
    }
    let mut g = p.done(Domain {
        x_min: -30.0,
        x_max: 30.0,
        y_min: -10.0,
        y_max: 10.0,
    });
    g.fixed_test = Some(vec![false, false, false, false, true, true]);
    g
}

/// Seed 000, draw for draw: all n weights = 50 + 20·U(0,1) first, then all n
/// noises N(0,1)·10·noise, heights = 0.4 + 2.5·weight + noise. With seed 42,
/// n = 50 and noise 0.5 this is the tutorial's numpy data, bit for bit.
fn weight_height(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let weights: Vec<f64> = (0..n).map(|_| 50.0 + 20.0 * rng.uniform()).collect();
    let sd = 10.0 * noise;
    let heights: Vec<f64> = weights.iter().map(|w| 0.4 + 2.5 * w + sd * rng.gauss()).collect();
    Generated {
        inputs: weights,
        targets: heights,
        domain: Domain {
            x_min: 45.0,
            x_max: 75.0,
            y_min: 100.0,
            y_max: 200.0,
        },
        fixed_test: None,
    }
}

/// Dosage x ~ U(0, 1) and efficacy e^(−((x − ½)/0.15)²) + N(0,1)·0.2·noise:
/// no effect at low or high doses, full effect in the middle.
fn dosage(n: usize, noise: f64, rng: &mut Rng) -> Generated {
    let doses: Vec<f64> = (0..n).map(|_| rng.uniform()).collect();
    let sd = 0.2 * noise;
    let efficacy: Vec<f64> = doses
        .iter()
        .map(|&x| {
            let u = (x - 0.5) / 0.15;
            math::exp(-u * u) + sd * rng.gauss()
        })
        .collect();
    Generated {
        inputs: doses,
        targets: efficacy,
        domain: Domain {
            x_min: 0.0,
            x_max: 1.0,
            y_min: -0.25,
            y_max: 1.25,
        },
        fixed_test: None,
    }
}
