//! Weight penalties. They apply to weights only, never to biases: a bias just
//! shifts a unit's threshold, and shrinking it toward 0 would not make the
//! function any simpler.

use crate::decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{bail, Result};

/// A penalty added to the data loss, with its rate λ.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Regularization {
    /// No penalty.
    #[default]
    None,
    /// λ·Σ|w|. Its gradient is λ·sign(w), taken as 0 at w = 0; a weight that
    /// reaches 0 is *not* frozen there (TF Playground marks such a link dead
    /// forever) — the data gradient can still move it on.
    L1 {
        /// λ
        rate: f64,
    },
    /// λ·Σ½w², whose gradient λ·w is the classic "weight decay".
    L2 {
        /// λ
        rate: f64,
    },
}

/// Largest penalty rate accepted.
pub const MAX_RATE: f64 = 100.0;

impl Regularization {
    /// Refuses negative, non-finite or absurd rates.
    pub fn validate(self) -> Result<Self> {
        match self {
            Regularization::None => {}
            Regularization::L1 { rate } | Regularization::L2 { rate } => {
                if !rate.is_finite() || !(0.0..=MAX_RATE).contains(&rate) {
                    bail!(
                        "regularization rate must be a number from 0 to {}, got {}",
                        Decimal(MAX_RATE),
                        Decimal(rate)
                    );
                }
            }
        }
        Ok(self)
    }

    /// The penalty for the given weights.
    pub fn penalty(self, weights: &[f64]) -> f64 {
        match self {
            Regularization::None => 0.0,
            Regularization::L1 { rate } => rate * weights.iter().map(|w| w.abs()).sum::<f64>(),
            Regularization::L2 { rate } => rate * weights.iter().map(|w| 0.5 * w * w).sum::<f64>(),
        }
    }

    /// Adds ∂penalty/∂w to each weight's gradient.
    pub fn add_gradient(self, weights: &[f64], grads: &mut [f64]) {
        match self {
            Regularization::None => {}
            Regularization::L1 { rate } => {
                for (g, &w) in grads.iter_mut().zip(weights) {
                    // sign(w) with sign(0) = 0 (f64::signum would give ±1 at ±0).
                    if w > 0.0 {
                        *g += rate;
                    } else if w < 0.0 {
                        *g -= rate;
                    }
                }
            }
            Regularization::L2 { rate } => {
                for (g, &w) in grads.iter_mut().zip(weights) {
                    *g += rate * w;
                }
            }
        }
    }
}
