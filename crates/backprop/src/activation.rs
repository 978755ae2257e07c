//! Activation functions f and their derivatives f′, side by side.
//!
//! A unit computes z = Σᵢ wᵢ·xᵢ + b and outputs a = f(z). Backprop needs
//! f′(z) = ∂a/∂z, so each function's derivative sits in the same `match` as the
//! function itself. Most derivatives are cheapest from the output a
//! (σ′ = a(1−a), tanh′ = 1−a²), so `derivative` receives both z and a.

use serde::{Deserialize, Serialize};

use crate::fast_tanh;
use crate::lanes::{F64x2, Lanes};
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

/// What the rest of the program needs to know about an activation, in one
/// place: adding an activation means a variant, its row in [`Activation::facts`],
/// its f in `apply` and f′ in `derivative` (the compiler asks for each) and
/// its entry in [`Activation::ALL`] (a test checks it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Facts {
    /// Stable lowercase name for the JS API, links and saved states (equal
    /// to its serde name; tested).
    pub name: &'static str,
    /// How a menu shows it.
    pub label: &'static str,
    /// How a formula shows it: a = σ(z), a = tanh(z), …
    pub symbol: &'static str,
    /// The interval its output stays in, `None` if unbounded.
    pub range: Option<(f64, f64)>,
    /// The initial weights' variance is gain/fan-in (`init: auto`): 2 for
    /// the ReLUs, which zero half their inputs (He et al. 2015), 1 otherwise
    /// (LeCun/Xavier).
    pub init_gain: f64,
    /// Where f′ jumps (gradient checks stay away from it), if anywhere.
    pub kink: Option<f64>,
    /// Whether a hidden layer may use it (softmax couples a whole layer and
    /// only pairs with cross-entropy, so it is for the output only).
    pub hidden: bool,
}

impl Activation {
    /// Every activation, in menu order.
    pub const ALL: [Activation; 6] = [
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Relu,
        Activation::LeakyRelu,
        Activation::Linear,
        Activation::Softmax,
    ];

    /// Its facts (see [`Facts`]).
    pub const fn facts(self) -> Facts {
        // The common case — unbounded, smooth, gain 1, usable anywhere —
        // under a name; each activation below says how it differs.
        const fn named(name: &'static str, label: &'static str, symbol: &'static str) -> Facts {
            Facts {
                name,
                label,
                symbol,
                range: None,
                init_gain: 1.0,
                kink: None,
                hidden: true,
            }
        }
        match self {
            Activation::Sigmoid => Facts {
                range: Some((0.0, 1.0)),
                ..named("sigmoid", "Sigmoid", "σ")
            },
            Activation::Tanh => Facts {
                range: Some((-1.0, 1.0)),
                ..named("tanh", "Tanh", "tanh")
            },
            Activation::Relu => Facts {
                init_gain: 2.0,
                kink: Some(0.0),
                ..named("relu", "ReLU", "relu")
            },
            Activation::LeakyRelu => Facts {
                init_gain: 2.0,
                kink: Some(0.0),
                ..named("leaky_relu", "Leaky ReLU", "leaky_relu")
            },
            Activation::Linear => named("linear", "Linear", "linear"),
            Activation::Softmax => Facts {
                range: Some((0.0, 1.0)),
                hidden: false,
                ..named("softmax", "Softmax", "softmax")
            },
        }
    }

    /// The stable lowercase name used by the JS API and URLs.
    pub const fn name(self) -> &'static str {
        self.facts().name
    }

    /// Whether f acts on each unit alone (all but softmax): then `apply` and
    /// `derivative` describe it fully.
    pub fn elementwise(self) -> bool {
        self != Activation::Softmax
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
            Activation::Sigmoid | Activation::Tanh => slope_from_output(self, a),
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
            Activation::Tanh => tanh_layer(z, a),
            Activation::Sigmoid => z.iter().zip(a.iter_mut()).for_each(|(z, a)| *a = math::sigmoid(*z)),
            other => z.iter().zip(a.iter_mut()).for_each(|(z, a)| *a = other.apply(*z)),
        }
    }
}

impl Activation {
    /// δ = ∂L/∂a · f′(z) for a whole layer (elementwise activations). The
    /// `match` sits outside the loop and each arm calls the very same
    /// [`Activation::derivative`] with a constant variant, which the compiler
    /// inlines into a tight, vectorisable loop — one definition of f′, no
    /// restated copy on the fast path.
    pub fn backprop_layer(self, da: &[f64], z: &[f64], a: &[f64], dz: &mut [f64]) {
        #[inline(always)]
        fn each(f: Activation, da: &[f64], z: &[f64], a: &[f64], dz: &mut [f64]) {
            for (((d, g), z), a) in dz.iter_mut().zip(da).zip(z).zip(a) {
                *d = g * f.derivative(*z, *a);
            }
        }
        // tanh and σ: f′ from a alone, two samples at a time (the same
        // operations as `derivative`, so the same bits).
        #[inline(always)]
        fn from_output(f: Activation, da: &[f64], a: &[f64], dz: &mut [f64]) {
            let (gp, g_rest) = da.as_chunks::<2>();
            let (ap, a_rest) = a.as_chunks::<2>();
            let (dp, d_rest) = dz.as_chunks_mut::<2>();
            for ((d, g), a) in dp.iter_mut().zip(gp).zip(ap) {
                (F64x2::from_pair(g) * slope_from_output(f, F64x2::from_pair(a))).write_to(d);
            }
            for ((d, g), a) in d_rest.iter_mut().zip(g_rest).zip(a_rest) {
                *d = g * slope_from_output(f, *a);
            }
        }
        match self {
            Activation::Tanh => from_output(Activation::Tanh, da, a, dz),
            Activation::Sigmoid => from_output(Activation::Sigmoid, da, a, dz),
            Activation::Relu => each(Activation::Relu, da, z, a, dz),
            Activation::LeakyRelu => each(Activation::LeakyRelu, da, z, a, dz),
            // f′ = 1: δ = ∂L/∂a (softmax's Jacobian is handled by its loss).
            Activation::Linear | Activation::Softmax => each(Activation::Linear, da, z, a, dz),
        }
    }
}

/// f′ of tanh (1 − a²) and σ (a(1 − a)) from the output a, for one f64 or
/// two lanes; 1 for the others (only called for those two).
#[inline(always)]
fn slope_from_output<T: Lanes>(f: Activation, a: T) -> T {
    match f {
        Activation::Sigmoid => a * (T::splat(1.0) - a),
        Activation::Tanh => T::splat(1.0) - a * a,
        _ => T::splat(1.0),
    }
}

/// δ = ∂L/∂a · f′ of a tanh unit from its output a, for one f64 or two
/// lanes: what `backprop_layer` computes for tanh, for the backward pass to
/// do in the same registers that summed ∂L/∂a.
#[inline(always)]
pub(crate) fn tanh_delta<T: Lanes>(g: T, a: T) -> T {
    g * slope_from_output(Activation::Tanh, a)
}

/// tanh of every element, two lanes at a time ([`fast_tanh::tanh_lanes`]
/// gives each lane the bits of the scalar [`math::tanh`]).
fn tanh_layer(z: &[f64], a: &mut [f64]) {
    let (zp, z_rest) = z.as_chunks::<2>();
    let (ap, a_rest) = a.as_chunks_mut::<2>();
    for (z, a) in zp.iter().zip(ap) {
        fast_tanh::tanh_lanes(F64x2::from_pair(z)).write_to(a);
    }
    for (z, a) in z_rest.iter().zip(a_rest) {
        *a = math::tanh(*z);
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

    /// `ALL` holds every variant once (a variant missing from it would be
    /// missing from every menu and check that iterates it), and each name is
    /// its serde name.
    #[test]
    fn all_lists_every_activation_once_under_its_serde_name() {
        // An exhaustive match: a new variant does not compile until it is
        // given a place here, and then fails below until `ALL` has it.
        let place = |a: Activation| match a {
            Activation::Tanh => 0,
            Activation::Sigmoid => 1,
            Activation::Relu => 2,
            Activation::LeakyRelu => 3,
            Activation::Linear => 4,
            Activation::Softmax => 5,
        };
        for (i, a) in Activation::ALL.iter().enumerate() {
            assert_eq!(place(*a), i);
            assert_eq!(serde_json::to_string(a).unwrap(), format!("\"{}\"", a.name()));
            assert_eq!(
                serde_json::from_str::<Activation>(&format!("\"{}\"", a.name())).unwrap(),
                *a
            );
            assert_eq!(
                a.facts().kink.is_some(),
                [Activation::Relu, Activation::LeakyRelu].contains(a)
            );
        }
    }

    /// The fast layer path gives the same bits as f′ one unit at a time.
    #[test]
    fn backprop_layer_equals_the_derivative_element_by_element() {
        let z = [-2.5, -0.3, 0.0, 0.7, 3.1, -1e-9];
        let g = [0.3, -1.2, 0.5, 2.0, -0.7, 1.1];
        for f in Activation::ALL.into_iter().filter(|f| f.elementwise()) {
            let a: Vec<f64> = z.iter().map(|&z| f.apply(z)).collect();
            let mut dz = [0.0; 6];
            f.backprop_layer(&g, &z, &a, &mut dz);
            for k in 0..z.len() {
                assert_eq!(
                    dz[k].to_bits(),
                    (g[k] * f.derivative(z[k], a[k])).to_bits(),
                    "{}",
                    f.name()
                );
            }
        }
    }

    /// f′ against a central difference of f, for every elementwise activation.
    #[test]
    fn derivatives_match_central_differences() {
        for f in Activation::ALL.into_iter().filter(|f| f.elementwise()) {
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
        for f in Activation::ALL.into_iter().filter(|f| f.elementwise()) {
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
