//! Data sets generated from a seed: the classic 2-D playground shapes, the
//! regression surfaces, and the tutorials' own small examples.
//!
//! Every generator draws from [`Rng`] in a fixed order, so the same config
//! gives the same points everywhere. The train/test split draws from a
//! separate stream: changing the test fraction never moves a point.

mod generators;

use crate::decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{bail, Result};
use crate::limits::MAX_POINTS;
use crate::matrix::Matrix;
use crate::rng::Rng;

/// Which data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// Class 1 inside a disc, class 0 in a ring around it (more classes:
    /// more rings).
    Circle,
    /// Class 1 where x₁·x₂ > 0 (two opposite quadrants; more classes: by
    /// quadrant).
    Xor,
    /// Two Gaussian blobs (or one per class).
    Gaussians,
    /// Two interleaved spiral arms (or one per class).
    Spiral,
    /// Two interleaved half-moons (or a chain of one per class).
    Moons,
    /// Regression: y = (x₁ + x₂)/12, a tilted plane.
    Plane,
    /// Regression: a sum of signed Gaussian bumps.
    Gaussian,
    /// Seed 002: the OR gate's four rows (x₁ OR x₂).
    OrGate,
    /// Seeds 001/003: Alice, Bob, Charlie, Diana (weight − 135 lb, height − 66 in;
    /// 1 = female); Emily and Frank are the test split.
    Gender,
    /// Seed 000: heights = 0.4 + 2.5·weight + noise, weight = 50 + 20·U(0,1).
    WeightHeight,
    /// Seed 000: drug efficacy vs dosage, a bell curve (a line cannot fit it).
    Dosage,
}

/// Classification (labels 0/1) or regression (real targets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Targets are class labels 0, 1 (… up to 3 with more classes).
    Classification,
    /// Targets are real numbers.
    Regression,
}

/// The region the data lives in: x₁ across, x₂ (or, for 1-D sets, the target y) up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DatasetConfig {
    /// Which data set.
    pub kind: DatasetKind,
    /// How many points (default depends on the kind; fixed sets ignore it).
    #[serde(default)]
    pub points: Option<usize>,
    /// 0 (clean) to 1 (very noisy); default: the kind's own.
    #[serde(default)]
    pub noise: Option<f64>,
    /// Seed of the points and of the split.
    #[serde(default)]
    pub seed: u32,
    /// Fraction of points held out as test data, 0 to 0.9 (default 0).
    #[serde(default)]
    pub test_fraction: f64,
}

/// A generated data set. Row r of `inputs` has target row r of `targets`.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// Which data set this is.
    pub kind: DatasetKind,
    /// Classification or regression.
    pub task: Task,
    /// Raw inputs (1 or 2 columns).
    pub inputs: Matrix,
    /// Targets (1 column: a 0/1 label or a real value).
    pub targets: Matrix,
    /// True for the points held out for testing.
    pub is_test: Vec<bool>,
    /// Where the points live.
    pub domain: Domain,
}

/// Seeds the split's stream apart from the points' own.
const SPLIT_STREAM: u32 = 0x7E57_5EED;

impl DatasetKind {
    /// Every data set, in the menu's order (a test checks it holds each
    /// variant once): what iterates the data sets (checks, the fuzzer)
    /// iterates this one list.
    pub const ALL: [DatasetKind; 11] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gaussians,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Plane,
        DatasetKind::Gaussian,
        DatasetKind::OrGate,
        DatasetKind::Gender,
        DatasetKind::WeightHeight,
        DatasetKind::Dosage,
    ];

    /// Classification or regression.
    pub fn task(self) -> Task {
        match self {
            DatasetKind::Plane | DatasetKind::Gaussian | DatasetKind::WeightHeight | DatasetKind::Dosage => {
                Task::Regression
            }
            _ => Task::Classification,
        }
    }

    /// Number of input columns.
    pub fn dimensions(self) -> usize {
        match self {
            DatasetKind::WeightHeight | DatasetKind::Dosage => 1,
            _ => 2,
        }
    }

    /// Points when the config does not say.
    pub fn default_points(self) -> usize {
        match self {
            DatasetKind::WeightHeight => 50,
            DatasetKind::Dosage => 40,
            _ => 200,
        }
    }

    /// Noise when the config does not say (seed 000's heights have noise sd 5,
    /// which is `noise = 0.5`).
    pub fn default_noise(self) -> f64 {
        match self {
            DatasetKind::WeightHeight => 0.5,
            DatasetKind::Dosage => 0.2,
            _ => 0.0,
        }
    }
}

impl Dataset {
    /// Generates the data set a config describes (two classes).
    pub fn generate(config: &DatasetConfig) -> Result<Self> {
        Self::generate_classes(config, 2)
    }

    /// Generates the data set with `classes` (2 to 4) classes, labelled
    /// 0 … classes − 1: rings, quadrants, blobs, spiral arms or a chain of
    /// moons. Regression sets and the tutorials' fixed sets (OR gate, the
    /// four people) ignore it; with 2 the points are [`Dataset::generate`]'s.
    pub fn generate_classes(config: &DatasetConfig, classes: usize) -> Result<Self> {
        if !(2..=4).contains(&classes) {
            bail!("classes must be 2, 3 or 4, got {classes}");
        }
        let kind = config.kind;
        let points = config.points.unwrap_or_else(|| kind.default_points());
        if points == 0 || points > MAX_POINTS {
            bail!("points must be from 1 to {MAX_POINTS}, got {points}");
        }
        let noise = config.noise.unwrap_or_else(|| kind.default_noise());
        if !noise.is_finite() || !(0.0..=1.0).contains(&noise) {
            bail!("noise must be from 0 to 1, got {}", Decimal(noise));
        }
        if !config.test_fraction.is_finite() || !(0.0..=0.9).contains(&config.test_fraction) {
            bail!(
                "testFraction must be from 0 to 0.9, got {}",
                Decimal(config.test_fraction)
            );
        }
        let mut rng = Rng::new(config.seed);
        let generated = generators::generate(kind, points, noise, classes, &mut rng);
        let n = generated.targets.len();
        let dims = kind.dimensions();
        let inputs = Matrix::new(n, dims, generated.inputs)?;
        let targets = Matrix::new(n, 1, generated.targets)?;
        let is_test = match generated.fixed_test {
            Some(flags) => flags,
            None => split(n, config.test_fraction, config.seed),
        };
        Ok(Dataset {
            kind,
            task: kind.task(),
            inputs,
            targets,
            is_test,
            domain: generated.domain,
        })
    }

    /// The training points (inputs, targets).
    pub fn train(&self) -> (Matrix, Matrix) {
        self.subset(false)
    }

    /// The test points (inputs, targets); possibly none.
    pub fn test(&self) -> (Matrix, Matrix) {
        self.subset(true)
    }

    fn subset(&self, test: bool) -> (Matrix, Matrix) {
        let rows: Vec<usize> = (0..self.inputs.rows()).filter(|&r| self.is_test[r] == test).collect();
        let pick = |m: &Matrix| {
            let data = rows.iter().flat_map(|&r| m.row(r).iter().copied()).collect();
            Matrix::new(rows.len(), m.cols(), data).unwrap_or_default()
        };
        (pick(&self.inputs), pick(&self.targets))
    }
}

/// Marks `round(n · fraction)` points, chosen by the seed, as test points.
fn split(n: usize, fraction: f64, seed: u32) -> Vec<bool> {
    let mut order: Vec<usize> = (0..n).collect();
    Rng::new(seed ^ SPLIT_STREAM).shuffle(&mut order);
    let held_out = ((n as f64) * fraction).round() as usize;
    let mut is_test = vec![false; n];
    for &r in &order[..held_out.min(n)] {
        is_test[r] = true;
    }
    is_test
}

#[cfg(test)]
mod all_tests {
    use super::DatasetKind;

    /// `ALL` holds every variant once.
    #[test]
    fn all_lists_every_data_set_once() {
        // An exhaustive match: a new variant does not compile until it is
        // given a place here, and then fails below until `ALL` has it.
        let place = |k: DatasetKind| match k {
            DatasetKind::Circle => 0,
            DatasetKind::Xor => 1,
            DatasetKind::Gaussians => 2,
            DatasetKind::Spiral => 3,
            DatasetKind::Moons => 4,
            DatasetKind::Plane => 5,
            DatasetKind::Gaussian => 6,
            DatasetKind::OrGate => 7,
            DatasetKind::Gender => 8,
            DatasetKind::WeightHeight => 9,
            DatasetKind::Dosage => 10,
        };
        for (i, k) in DatasetKind::ALL.iter().enumerate() {
            assert_eq!(place(*k), i);
        }
    }
}
