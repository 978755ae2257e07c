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

/// Hyperbolic tangent, written out so that a loop over a batch compiles to
/// SIMD: no branches, no calls — only +, ×, ÷, min/max and bit operations,
/// which give the same bits on every target (no FMA contraction in Rust).
///
/// tanh x = (e²ˣ − 1)/(e²ˣ + 1) = m/(m + 2) with m = expm1(2x). Using expm1
/// instead of exp keeps full relative accuracy near 0, where e²ˣ − 1 would
/// cancel. Accurate to a few ulp (checked against libm in the tests).
#[inline]
pub fn tanh(x: f64) -> f64 {
    // tanh(±20) rounds to ±1 in f64; clamping keeps 2ˣ in range (NaN passes through).
    let x = x.clamp(-20.0, 20.0);
    let m = expm1_reduced(2.0 * x);
    m / (m + 2.0)
}

/// eʸ − 1 for |y| ≤ 40, branch-free. Range reduction y = n·ln2 + r with
/// |r| ≤ ln2/2 (ln2 split in a high part exact in f64 and a low correction,
/// Cody & Waite), then a degree-13 Taylor polynomial for eʳ − 1 (its
/// truncation error is below 1e-17 there), then eʸ − 1 = 2ⁿ(eʳ − 1) + (2ⁿ − 1).
#[inline]
fn expm1_reduced(y: f64) -> f64 {
    // ln 2 = LN2_HI + LN2_LO, the high part with its low 32 bits zero so that
    // n·LN2_HI is exact (fdlibm's constants, given by their bits).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    // round-to-nearest without a branch: adding and subtracting 1.5·2⁵²
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    let n = (y * INV_LN2 + SHIFTER) - SHIFTER;
    let r = (y - n * LN2_HI) - n * LN2_LO;
    // eʳ − 1 = r + r²/2! + … + r¹³/13!, by Horner's rule.
    const C: [f64; 13] = [
        1.0 / 6_227_020_800.0,
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        1.0 / 2.0,
        1.0,
    ];
    let mut p = C[0];
    for c in &C[1..] {
        p = p * r + c;
    }
    let em1 = p * r;
    // 2ⁿ built from its exponent bits (n is an integer in [−58, 58]).
    let two_n = f64::from_bits(((n as i64 + 1023) as u64) << 52);
    two_n * em1 + (two_n - 1.0)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    /// Our tanh against the libm crate's over a wide sweep, in ulps of the result.
    #[test]
    fn tanh_is_within_a_few_ulp_of_libm() {
        let mut worst = 0.0f64;
        let mut x = -25.0;
        while x <= 25.0 {
            let (ours, reference) = (tanh(x), libm::tanh(x));
            let ulp = (reference.abs().max(f64::MIN_POSITIVE) * f64::EPSILON).max(f64::MIN_POSITIVE);
            worst = worst.max((ours - reference).abs() / ulp);
            x += 0.000_731;
        }
        for &tiny in &[1e-300, -1e-300, 1e-20, -3e-9, 1e-5, 0.0] {
            let (ours, reference) = (tanh(tiny), libm::tanh(tiny));
            assert!(
                (ours - reference).abs() <= 2.0 * reference.abs() * f64::EPSILON,
                "{tiny}: {ours} vs {reference}"
            );
        }
        assert!(worst <= 4.0, "worst error {worst} ulp");
        assert!(tanh(f64::NAN).is_nan());
        assert_eq!(tanh(1e308), 1.0);
        assert_eq!(tanh(-1e308), -1.0);
    }
}
