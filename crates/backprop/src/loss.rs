//! Losses: how far the outputs ŷ are from the targets y, averaged over a batch.
//!
//! The tutorials use several scalings, and each is here under its own name:
//!
//! | name         | L for a batch of m samples with k outputs      | ∂L/∂ŷ (per element)   |
//! |--------------|-------------------------------------------------|-----------------------|
//! | `mse`        | (1/mk) Σ (y − ŷ)²                               | (2/mk)(ŷ − y)         |
//! | `half_mse`   | (1/mk) Σ ½(y − ŷ)²                              | (1/mk)(ŷ − y)         |
//! | `bce`        | (1/mk) Σ −y ln ŷ − (1−y) ln(1−ŷ), ŷ = σ(z)      | (1/mk)(ŷ − y)/(ŷ(1−ŷ)) |
//! | `softmax_ce` | (1/m) Σ −Σₖ yₖ ln softmax(z)ₖ                    | −(1/m) yₖ/ŷₖ           |
//!
//! For the two cross-entropies, f′ cancels the denominator and ∂L/∂z is simply
//! (ŷ − y) (scaled): that is both why they pair with sigmoid/softmax and how we
//! compute them without dividing by a probability that may round to 0.
//!
//! All data here is laid out `[unit][sample]`: element `k * m + s` is output k
//! of sample s.

use crate::decimal::{self, Decimal};
use serde::{Deserialize, Serialize};

use crate::activation::Activation;
use crate::error::{bail, Result};
use crate::lanes::{F64x2, Lanes};
use crate::math;

/// The output layer's values for a batch, `[unit][sample]`.
#[derive(Debug, Clone, Copy)]
pub struct OutputLayer<'a> {
    /// The output layer's activation f.
    pub activation: Activation,
    /// Its total inputs z (logits).
    pub z: &'a [f64],
    /// Its outputs a = f(z) = ŷ.
    pub a: &'a [f64],
    /// Samples in the batch (m).
    pub batch: usize,
}

/// The data loss a network is trained to minimise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Mean squared error, mean over samples and outputs.
    Mse,
    /// Half the mean squared error (the ½ cancels the 2 of the derivative).
    HalfMse,
    /// Binary cross-entropy on a sigmoid output, from the logit.
    Bce,
    /// Categorical cross-entropy on a softmax output.
    SoftmaxCe,
}

impl Loss {
    /// Every loss, in menu order. Adding a loss means a variant, its rows in
    /// `name`, `label`, `required_output`, `value`, `d_output` and
    /// `output_gradients` (the compiler asks for each) and an entry here (a
    /// test checks it).
    pub const ALL: [Loss; 4] = [Loss::Bce, Loss::Mse, Loss::HalfMse, Loss::SoftmaxCe];

    /// Stable lowercase name (JS API, URLs), equal to its serde name (tested).
    pub fn name(self) -> &'static str {
        match self {
            Loss::Mse => "mse",
            Loss::HalfMse => "half_mse",
            Loss::Bce => "bce",
            Loss::SoftmaxCe => "softmax_ce",
        }
    }

    /// How a menu shows it.
    pub fn label(self) -> &'static str {
        match self {
            Loss::Mse => "MSE",
            Loss::HalfMse => "½ MSE",
            Loss::Bce => "Cross-entropy",
            Loss::SoftmaxCe => "Cross-entropy (softmax)",
        }
    }

    /// The output activation this loss is defined on, if it needs one.
    pub fn required_output(self) -> Option<Activation> {
        match self {
            Loss::Mse | Loss::HalfMse => None,
            Loss::Bce => Some(Activation::Sigmoid),
            Loss::SoftmaxCe => Some(Activation::Softmax),
        }
    }

    /// Checks that targets make sense for this loss: cross-entropy needs labels
    /// in {0, 1} (bce) or rows of probabilities summing to 1 (softmax_ce).
    /// `targets` is one row per sample.
    pub fn check_targets(self, targets: &[f64], outputs: usize) -> Result<()> {
        match self {
            Loss::Mse | Loss::HalfMse => {}
            Loss::Bce => {
                if let Some((i, y)) = targets.iter().enumerate().find(|(_, &y)| y != 0.0 && y != 1.0) {
                    bail!(
                        "loss \"bce\" needs labels 0 or 1, but sample {} has label {}",
                        i / outputs.max(1),
                        Decimal(*y)
                    );
                }
            }
            Loss::SoftmaxCe => {
                for (s, row) in targets.chunks(outputs.max(1)).enumerate() {
                    let sum: f64 = row.iter().sum();
                    // `contains` is false for NaN, so NaN targets are refused too.
                    let probabilities = row.iter().all(|y| (0.0..=1.0).contains(y));
                    if !probabilities || !(1.0 - 1e-9..=1.0 + 1e-9).contains(&sum) {
                        bail!(
                            "loss \"softmax_ce\" needs each target row to be probabilities summing to 1 (one-hot for a class), but sample {s} is {}",
                            decimal::list(row)
                        );
                    }
                }
            }
        }
        Ok(())
    }

    /// Mean loss over a batch of `m` samples given the output layer's z and
    /// a = ŷ and the targets y.
    pub fn value(self, z: &[f64], a: &[f64], y: &[f64], m: usize) -> f64 {
        if m == 0 || a.is_empty() {
            return 0.0;
        }
        let elements = a.len() as f64;
        match self {
            Loss::Mse => a.iter().zip(y).map(|(a, y)| (y - a) * (y - a)).sum::<f64>() / elements,
            Loss::HalfMse => a.iter().zip(y).map(|(a, y)| 0.5 * (y - a) * (y - a)).sum::<f64>() / elements,
            // −y ln σ(z) − (1−y) ln(1−σ(z)) = max(z,0) − z·y + ln(1 + e^−|z|):
            // never takes the log of 0, never overflows.
            Loss::Bce => {
                z.iter()
                    .zip(y)
                    .map(|(&z, &y)| z.max(0.0) - z * y + math::ln_1p(math::exp(-z.abs())))
                    .sum::<f64>()
                    / elements
            }
            // −Σₖ yₖ ln softmax(z)ₖ with ln softmax(z)ₖ = zₖ − max − ln Σⱼ e^(zⱼ−max).
            Loss::SoftmaxCe => {
                let k = a.len() / m;
                let mut total = 0.0;
                for s in 0..m {
                    let max = (0..k).map(|j| z[j * m + s]).fold(f64::NEG_INFINITY, f64::max);
                    let log_sum = math::ln((0..k).map(|j| math::exp(z[j * m + s] - max)).sum());
                    for j in 0..k {
                        let yk = y[j * m + s];
                        if yk != 0.0 {
                            total -= yk * (z[j * m + s] - max - log_sum);
                        }
                    }
                }
                total / m as f64
            }
        }
    }

    /// ∂L/∂a for each output element: what the inspector shows as the output
    /// layer's `dA`. (For the cross-entropies it is written through the logit so
    /// it stays finite as long as e^|z| does.)
    #[inline]
    pub fn d_output(self, z: f64, a: f64, y: f64, m: usize, k: usize) -> f64 {
        let mk = (m * k) as f64;
        match self {
            Loss::Mse | Loss::HalfMse => squared_error_slope(self, a, y, mk),
            // −y/σ(z) + (1−y)/(1−σ(z)) with 1/σ(z) = 1 + e⁻ᶻ and 1/(1−σ(z)) = 1 + eᶻ.
            // A term whose coefficient is 0 is skipped, not computed as 0·∞.
            Loss::Bce => {
                let for_one = if y != 0.0 { -y * (1.0 + math::exp(-z)) } else { 0.0 };
                let for_zero = if y != 1.0 {
                    (1.0 - y) * (1.0 + math::exp(z))
                } else {
                    0.0
                };
                (for_one + for_zero) / mk
            }
            Loss::SoftmaxCe => {
                if y == 0.0 {
                    0.0
                } else {
                    -y / a / m as f64
                }
            }
        }
    }

    /// ∂L/∂z for each output element, written into `dz` (`[unit][sample]`),
    /// with the batch mean's 1/m (and 1/k) already applied. `da` receives ∂L/∂a.
    pub fn output_gradients(self, out: OutputLayer, y: &[f64], da: &mut [f64], dz: &mut [f64]) {
        let OutputLayer {
            activation,
            z,
            a,
            batch: m,
        } = out;
        if m == 0 {
            return;
        }
        let k = a.len() / m;
        // One loop per loss, each with its `match self` resolved at compile
        // time (the arms call the very same `d_output`).
        #[inline(always)]
        fn each(
            loss: Loss,
            f: Activation,
            (z, a, y): (&[f64], &[f64], &[f64]),
            (m, k): (usize, usize),
            da: &mut [f64],
            dz: &mut [f64],
        ) {
            let mk = a.len() as f64;
            // (∂L/∂a, ∂L/∂z) of element e.
            let at = |e: usize| {
                let (z, a, y) = (z[e], a[e], y[e]);
                let da = loss.d_output(z, a, y, m, k);
                let dz = match loss {
                    // Chain rule through f: ∂L/∂z = ∂L/∂a · f′(z).
                    Loss::Mse | Loss::HalfMse => da * f.derivative(z, a),
                    // σ′ cancels: ∂L/∂z = (σ(z) − y)/mk.
                    Loss::Bce => (a - y) / mk,
                    // The softmax Jacobian cancels: ∂L/∂zₖ = (ŷₖ − yₖ)/m (rows of y sum to 1).
                    Loss::SoftmaxCe => (a - y) / m as f64,
                };
                (da, dz)
            };
            // Two elements per 16-byte store: backprop reads δ right after as
            // two-lane loads, which two 8-byte stores would stall.
            let (da_pairs, da_odd) = da.as_chunks_mut::<2>();
            let (dz_pairs, dz_odd) = dz.as_chunks_mut::<2>();
            for (p, (da, dz)) in da_pairs.iter_mut().zip(dz_pairs).enumerate() {
                let ((da0, dz0), (da1, dz1)) = (at(2 * p), at(2 * p + 1));
                F64x2::new(da0, da1).write_to(da);
                F64x2::new(dz0, dz1).write_to(dz);
            }
            if let (Some(da), Some(dz)) = (da_odd.first_mut(), dz_odd.first_mut()) {
                (*da, *dz) = at(a.len() - 1);
            }
        }
        let data = (z, a, y);
        match self {
            // ∂L/∂a two elements at a time, then δ = ∂L/∂a · f′(z) by the
            // activation's own layer rule (two at a time for tanh and σ) —
            // the same operations as `d_output` and `derivative` one by one.
            Loss::Mse | Loss::HalfMse => {
                let mk = a.len() as f64;
                let (a_pairs, a_odd) = a.as_chunks::<2>();
                let (y_pairs, y_odd) = y.as_chunks::<2>();
                let (da_pairs, da_odd) = da.as_chunks_mut::<2>();
                for ((d, a), y) in da_pairs.iter_mut().zip(a_pairs).zip(y_pairs) {
                    squared_error_slope(self, F64x2::from_pair(a), F64x2::from_pair(y), mk).write_to(d);
                }
                for ((d, a), y) in da_odd.iter_mut().zip(a_odd).zip(y_odd) {
                    *d = squared_error_slope(self, *a, *y, mk);
                }
                activation.backprop_layer(da, z, a, dz);
            }
            Loss::Bce => each(Loss::Bce, activation, data, (m, k), da, dz),
            Loss::SoftmaxCe => each(Loss::SoftmaxCe, activation, data, (m, k), da, dz),
        }
    }
}

/// ∂L/∂ŷ of the squared errors, (2/mk)(ŷ − y) for `mse` and (1/mk)(ŷ − y)
/// for `half_mse`, for one element or two lanes (the same operations, so
/// the same bits).
#[inline(always)]
fn squared_error_slope<T: Lanes>(loss: Loss, a: T, y: T, mk: f64) -> T {
    let diff = a - y;
    let scaled = if loss == Loss::Mse { T::splat(2.0) * diff } else { diff };
    scaled / T::splat(mk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_loss_once_under_its_serde_name() {
        let place = |l: Loss| match l {
            Loss::Bce => 0,
            Loss::Mse => 1,
            Loss::HalfMse => 2,
            Loss::SoftmaxCe => 3,
        };
        for (i, l) in Loss::ALL.iter().enumerate() {
            assert_eq!(place(*l), i);
            let quoted = format!("\"{}\"", l.name());
            assert_eq!(serde_json::to_string(l).unwrap(), quoted);
            assert_eq!(serde_json::from_str::<Loss>(&quoted).unwrap(), *l);
        }
    }

    #[test]
    fn bce_from_the_logit_equals_the_textbook_formula() {
        let z: f64 = 0.3;
        let a = math::sigmoid(z);
        for y in [0.0, 1.0] {
            let textbook = -y * a.ln() - (1.0 - y) * (1.0 - a).ln();
            let stable = Loss::Bce.value(&[z], &[a], &[y], 1);
            assert!((textbook - stable).abs() < 1e-15, "y={y}: {textbook} vs {stable}");
        }
    }

    #[test]
    fn bce_stays_finite_when_confidently_wrong() {
        let loss = Loss::Bce.value(&[800.0], &[1.0], &[0.0], 1);
        assert_eq!(loss, 800.0);
    }

    #[test]
    fn the_mse_of_a_network_that_always_says_zero_is_half() {
        // Seed 001: predictions all 0 for labels [1, 0, 0, 1] → MSE 0.5.
        let y = [1.0, 0.0, 0.0, 1.0];
        let a = [0.0; 4];
        assert_eq!(Loss::Mse.value(&a, &a, &y, 4), 0.5);
    }

    /// A NaN output is a NaN loss for every loss (`z.max(0.0)` in bce and
    /// the softmax's running max drop a NaN, but the other terms carry it).
    #[test]
    fn a_nan_output_gives_a_nan_loss() {
        let (z, y) = ([f64::NAN, 0.0], [0.0, 1.0]);
        for loss in [Loss::Mse, Loss::HalfMse, Loss::Bce] {
            assert!(loss.value(&z[..1], &z[..1], &y[..1], 1).is_nan(), "{}", loss.name());
        }
        assert!(Loss::SoftmaxCe.value(&z, &z, &y, 1).is_nan());
    }

    /// The layer-at-a-time path (two lanes at a time for the squared
    /// errors) gives each element the bits of `d_output` and `derivative`
    /// one by one, for odd and even batches.
    #[test]
    fn output_gradients_equal_the_one_element_formulas() {
        let z = [-2.5, -0.3, 0.0, 0.7, 3.1, -1e-9, 0.2];
        let y = [0.0, 1.0, 0.5, -1.0, 1.0, 0.0, 0.25];
        for loss in [Loss::Mse, Loss::HalfMse] {
            for f in Activation::ALL.into_iter().filter(|f| f.elementwise()) {
                for m in [1, 2, 3, 6, 7] {
                    let (z, y) = (&z[..m], &y[..m]);
                    let a: Vec<f64> = z.iter().map(|&z| f.apply(z)).collect();
                    let (mut da, mut dz) = (vec![0.0; m], vec![0.0; m]);
                    let out = OutputLayer {
                        activation: f,
                        z,
                        a: &a,
                        batch: m,
                    };
                    loss.output_gradients(out, y, &mut da, &mut dz);
                    for e in 0..m {
                        let want = loss.d_output(z[e], a[e], y[e], m, 1);
                        assert_eq!(da[e].to_bits(), want.to_bits(), "{} {} m={m}", loss.name(), f.name());
                        let want = want * f.derivative(z[e], a[e]);
                        assert_eq!(dz[e].to_bits(), want.to_bits(), "{} {} m={m}", loss.name(), f.name());
                    }
                }
            }
        }
    }

    #[test]
    fn bce_rejects_labels_other_than_zero_and_one() {
        let err = Loss::Bce.check_targets(&[0.0, 1.0, 0.5], 1).unwrap_err();
        assert!(err.message().contains("sample 2 has label 0.5"), "{err}");
    }
}
