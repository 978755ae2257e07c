//! Activation functions f and their derivatives f′, side by side.
//!
//! A unit computes z = Σᵢ wᵢ·xᵢ + b and outputs a = f(z). Backprop needs
//! f′(z) = ∂a/∂z, so each function's derivative sits in the same `match` as the
//! function itself. Most derivatives are cheapest from the output a
//! (σ′ = a(1−a), tanh′ = 1−a²), so `derivative` receives both z and a.

use serde::{Deserialize, Serialize};

use crate::math;

/// Slope of leaky ReLU for z < 0.
pub const LEAKY_RELU_SLOPE: f64 = 0.01;

/// How a unit turns its total input z into its output a.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// σ(z) = 1/(1+e⁻ᶻ), output in (0, 1).
    Sigmoid,
    /// tanh(z), output in (−1, 1).
    Tanh,
    /// max(0, z).
    Relu,
    /// z for z ≥ 0, 0.01·z below.
    LeakyRelu,
    /// z itself (regression outputs, linear models).
    Linear,
    /// eᶻᵏ / Σⱼ eᶻʲ over the whole layer: class probabilities. Output layer only.
    Softmax,
}

impl Activation {
    /// The stable lowercase name used by the JS API and URLs.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Linear => "linear",
            Activation::Softmax => "softmax",
        }
    }

    /// a = f(z) for one unit. Softmax depends on the whole layer: use
    /// [`Activation::apply_layer`] for it.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Sigmoid => math::sigmoid(z),
            Activation::Tanh => math::tanh(z),
            // `z < 0` rather than `z > 0`: a NaN fails both tests and must come
            // out as NaN, not as a silent 0 (f64::max would drop it too).
            Activation::Relu => {
                if z < 0.0 {
                    0.0
                } else {
                    z
                }
            }
            Activation::LeakyRelu => {
                if z >= 0.0 {
                    z
                } else {
                    LEAKY_RELU_SLOPE * z
                }
            }
            Activation::Linear | Activation::Softmax => z,
        }
    }

    /// f′(z) = ∂a/∂z for one unit, given z and a = f(z). (ReLU's kink at 0 gets
    /// derivative 0, the usual convention.) For softmax the derivative is a
    /// whole Jacobian; it is only used with cross-entropy, whose ∂L/∂z is
    /// computed directly (see `loss.rs`), so this returns 1 for it.
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            // 0 at the kink z = 0; NaN for a NaN z.
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else if z <= 0.0 {
                    0.0
                } else {
                    f64::NAN
                }
            }
            Activation::LeakyRelu => {
                if z >= 0.0 {
                    1.0
                } else if z < 0.0 {
                    LEAKY_RELU_SLOPE
                } else {
                    f64::NAN
                }
            }
            Activation::Linear | Activation::Softmax => 1.0,
        }
    }

    /// Applies f to a whole layer for a batch. `z` and `a` are laid out
    /// `[unit][sample]` (row j holds unit j's value for every sample), `batch`
    /// samples per row. Softmax normalises across units for each sample.
    pub fn apply_layer(self, z: &[f64], a: &mut [f64], batch: usize) {
        match self {
            Activation::Softmax => softmax_columns(z, a, batch),
            // One `match` outside the loop keeps the inner loops tight.
            Activation::Tanh => z.iter().zip(a.iter_mut()).for_each(|(z, a)| *a = math::tanh(*z)),
            Activation::Sigmoid => z.iter().zip(a.iter_mut()).for_each(|(z, a)| *a = math::sigmoid(*z)),
            other => z.iter().zip(a.iter_mut()).for_each(|(z, a)| *a = other.apply(*z)),
        }
    }
}

impl Activation {
    /// δ = ∂L/∂a · f′(z) for a whole layer (elementwise activations), with
    /// the `match` outside the loop so each case is a tight loop the compiler
    /// can vectorise.
    pub fn backprop_layer(self, da: &[f64], z: &[f64], a: &[f64], dz: &mut [f64]) {
        let out = dz.iter_mut().zip(da);
        match self {
            Activation::Tanh => out.zip(a).for_each(|((d, g), a)| *d = g * (1.0 - a * a)),
            Activation::Sigmoid => out.zip(a).for_each(|((d, g), a)| *d = g * (a * (1.0 - a))),
            Activation::Linear | Activation::Softmax => out.for_each(|(d, g)| *d = *g),
            other => out
                .zip(z)
                .zip(a)
                .for_each(|(((d, g), z), a)| *d = g * other.derivative(*z, *a)),
        }
    }
}

/// Softmax of each column (sample) of `[unit][sample]` data, computed as
/// e^(zₖ − max z) / Σ e^(zⱼ − max z) so large logits cannot overflow.
fn softmax_columns(z: &[f64], a: &mut [f64], batch: usize) {
    if batch == 0 {
        return;
    }
    let units = z.len() / batch;
    for s in 0..batch {
        let max = (0..units).map(|k| z[k * batch + s]).fold(f64::NEG_INFINITY, f64::max);
        let mut sum = 0.0;
        for k in 0..units {
            let e = math::exp(z[k * batch + s] - max);
            a[k * batch + s] = e;
            sum += e;
        }
        for k in 0..units {
            a[k * batch + s] /= sum;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f′ against a central difference of f, for every elementwise activation.
    #[test]
    fn derivatives_match_central_differences() {
        let all = [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::LeakyRelu,
            Activation::Linear,
        ];
        for f in all {
            for &z in &[-3.1, -0.7, 0.4, 2.2] {
                let h = 1e-6;
                let numeric = (f.apply(z + h) - f.apply(z - h)) / (2.0 * h);
                let exact = f.derivative(z, f.apply(z));
                assert!(
                    (numeric - exact).abs() < 1e-8,
                    "{}: z={z} {numeric} vs {exact}",
                    f.name()
                );
            }
        }
    }

    /// A NaN that goes in comes out: no comparison may turn it into 0.
    #[test]
    fn nan_passes_through_every_activation_and_its_derivative() {
        for f in [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::LeakyRelu,
            Activation::Linear,
        ] {
            let a = f.apply(f64::NAN);
            assert!(a.is_nan(), "{}(NaN) = {a}", f.name());
            let d = f.derivative(f64::NAN, a);
            assert!(d.is_nan() || f == Activation::Linear, "{}′(NaN) = {d}", f.name());
        }
        assert_eq!(Activation::Relu.derivative(0.0, 0.0), 0.0, "relu′(0) = 0 by convention");
    }

    #[test]
    fn softmax_columns_sum_to_one_and_survive_huge_logits() {
        // Two units, two samples: [[1000, 0], [1001, 0]]
        let z = [1000.0, 0.0, 1001.0, 0.0];
        let mut a = [0.0; 4];
        Activation::Softmax.apply_layer(&z, &mut a, 2);
        assert!((a[0] + a[2] - 1.0).abs() < 1e-15);
        assert!((a[2] - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-15);
        assert_eq!(a[1], 0.5);
        assert_eq!(a[3], 0.5);
    }
}
