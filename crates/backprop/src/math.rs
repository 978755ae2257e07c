//! Elementary functions that give bit-identical results on every target.
//!
//! `f64::exp` and friends call the platform's math library, which is glibc
//! natively and a different implementation in wasm; they may differ in the last
//! bit, and after thousands of training steps so would every weight. We route
//! every transcendental function through the pure-Rust `libm` crate instead
//! (`sqrt` is exact IEEE arithmetic everywhere, so it needs no help).

/// eˣ
#[inline]
pub fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// Natural logarithm.
#[inline]
pub fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// ln(1 + x), accurate for small x.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// Hyperbolic tangent: the branch-free version in [`crate::fast_tanh`]
/// (within 4 ulp of libm's; same bits on every target).
pub use crate::fast_tanh::tanh;

/// Sine.
#[inline]
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// Cosine.
#[inline]
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// Tangent.
#[inline]
pub fn tan(x: f64) -> f64 {
    libm::tan(x)
}

/// xʸ.
#[inline]
pub fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// Square root (correctly rounded by IEEE 754 on every target).
#[inline]
pub fn sqrt(x: f64) -> f64 {
    x.sqrt()
}

/// Sigmoid σ(x) = 1 / (1 + e⁻ˣ), written exactly as the tutorials write it
/// (so `sigmoid(7)` prints the same 16 digits as their numpy code).
#[inline]
pub fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + exp(-x))
}
