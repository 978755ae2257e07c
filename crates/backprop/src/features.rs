//! Input features: what the network sees of a raw point (x₁, x₂). Feeding it
//! x₁² + x₂² makes a circle linearly separable; sin x₁ makes stripes easy.

use serde::{Deserialize, Serialize};

use crate::error::{bail, Result};
use crate::math;
use crate::matrix::Matrix;

/// One feature computed from a raw point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// x₁
    X1,
    /// x₂
    X2,
    /// x₁²
    X1Squared,
    /// x₂²
    X2Squared,
    /// x₁·x₂
    X1X2,
    /// sin x₁
    SinX1,
    /// sin x₂
    SinX2,
}

impl Feature {
    /// Every feature, in display order.
    pub const ALL: [Feature; 7] = [
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
        Feature::SinX1,
        Feature::SinX2,
    ];

    /// Stable lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            Feature::X1 => "x1",
            Feature::X2 => "x2",
            Feature::X1Squared => "x1_squared",
            Feature::X2Squared => "x2_squared",
            Feature::X1X2 => "x1_x2",
            Feature::SinX1 => "sin_x1",
            Feature::SinX2 => "sin_x2",
        }
    }

    /// Whether it needs x₂ (not available for 1-D data).
    pub fn uses_x2(self) -> bool {
        matches!(self, Feature::X2 | Feature::X2Squared | Feature::X1X2 | Feature::SinX2)
    }

    /// The feature's value at (x₁, x₂).
    #[inline]
    pub fn compute(self, x1: f64, x2: f64) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => math::sin(x1),
            Feature::SinX2 => math::sin(x2),
        }
    }
}

/// Turns raw points (1 or 2 columns) into network inputs, one column per feature.
pub fn transform(features: &[Feature], raw: &Matrix) -> Result<Matrix> {
    if features.is_empty() {
        bail!("choose at least one input feature");
    }
    if raw.cols() == 0 || raw.cols() > 2 {
        bail!(
            "features are computed from points with 1 or 2 coordinates, got {}",
            raw.cols()
        );
    }
    if raw.cols() == 1 {
        if let Some(f) = features.iter().find(|f| f.uses_x2()) {
            bail!("feature \"{}\" needs x2, but this data has one input", f.name());
        }
    }
    let mut data = Vec::with_capacity(raw.rows() * features.len());
    for r in 0..raw.rows() {
        let row = raw.row(r);
        let (x1, x2) = (row[0], row.get(1).copied().unwrap_or(0.0));
        data.extend(features.iter().map(|f| f.compute(x1, x2)));
    }
    Matrix::new(raw.rows(), features.len(), data)
}
