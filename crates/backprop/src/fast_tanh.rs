//! tanh fast enough for a heatmap every frame, and the same bits everywhere.
//!
//! A unit's tanh is evaluated once per sample per training step, so it is
//! the hottest transcendental function in the engine. `libm::tanh` branches
//! on the size of its argument, which stops a loop over a batch from being
//! vectorised. This version has no branches and no calls — only +, −, ×, ÷,
//! a clamp and bit operations — so a batch loop compiles to SIMD lanes, and
//! IEEE arithmetic without FMA contraction gives the same bits natively and
//! in wasm.
//!
//! **Error bound**: at most 4 ulp from libm's tanh (itself within 1 ulp of
//! the exact value), checked below on 68 000 points of [−25, 25]; within
//! 2 ulp for tiny arguments (expm1 keeps the relative accuracy where
//! e²ˣ − 1 would cancel); exactly ±1 for |x| ≥ 20, where tanh x is within
//! 8.5·10⁻¹⁸ of ±1 and rounds to it; NaN for NaN. The reduced exponential's
//! polynomial error is below 0.2 ulp, so rounding dominates.

use crate::lanes::Lanes;

/// Hyperbolic tangent, written out so that a loop over a batch compiles to
/// SIMD: no branches, no calls — only +, ×, ÷, min/max and bit operations,
/// which give the same bits on every target (no FMA contraction in Rust).
///
/// tanh x = (e²ˣ − 1)/(e²ˣ + 1). With e²ˣ = 2ⁿ·eʳ = 2ⁿ·(eʳ − 1) + 2ⁿ, the
/// numerator is 2ⁿ·(eʳ − 1) + (2ⁿ − 1): computed from eʳ − 1 rather than eʳ
/// it keeps full relative accuracy near 0, where e²ˣ − 1 would cancel.
/// Accurate to a few ulp (checked against libm in the tests).
#[inline]
pub fn tanh(x: f64) -> f64 {
    tanh_lanes(x)
}

/// [`tanh`] of every lane: of one f64, or of two samples at once in an
/// [`F64x2`](crate::lanes::F64x2) — the same operations in the same order,
/// so the same bits either way.
#[inline(always)]
pub fn tanh_lanes<T: Lanes>(x: T) -> T {
    // tanh(±20) rounds to ±1 in f64; clamping keeps 2ˣ in range (NaN passes through).
    let x = x.clamp_lanes(-20.0, 20.0);
    let (two_n, em1) = exp_2x_reduced(x);
    let scaled = two_n * em1;
    // e²ˣ − 1 and e²ˣ + 1 side by side from the same product (neither waits
    // for the other), each rounded once.
    (scaled + (two_n - T::splat(1.0))) / (scaled + (two_n + T::splat(1.0)))
}

/// e²ˣ as 2ⁿ and eʳ − 1, for |x| ≤ 20, branch-free: 2x = n·ln2 + r with n an
/// integer and |r| ≤ ln2/2 (ln2 split in a high part exact in f64 and a low
/// correction, Cody & Waite), then eʳ − 1 = r + r²·Q(r) with a polynomial Q.
#[inline(always)]
fn exp_2x_reduced<T: Lanes>(x: T) -> (T, T) {
    // ln 2 = LN2_HI + LN2_LO, the high part with its low 32 bits zero so that
    // n·LN2_HI is exact (fdlibm's constants, given by their bits).
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const TWO_OVER_LN2: f64 = 2.0 * std::f64::consts::LOG2_E;
    // round-to-nearest without a branch: adding and subtracting 1.5·2⁵²
    const SHIFTER: f64 = 6_755_399_441_055_744.0;
    let y = x + x;
    // n = round(2x/ln2). x·(2/ln2) is the very product 2x·(1/ln2) (doubling
    // is exact), one step sooner.
    let shifted = x * T::splat(TWO_OVER_LN2) + T::splat(SHIFTER);
    let n = shifted - T::splat(SHIFTER);
    let r = (y - n * T::splat(LN2_HI)) - n * T::splat(LN2_LO);
    // Q(r) ≈ (eʳ − 1 − r)/r² = 1/2! + r/3! + r²/4! + …: the degree-9
    // polynomial closest to it on |r| ≤ ln2/2 in the Chebyshev sense, with
    // Q(0) = 1/2 kept exact (mpmath's `chebyfit` of (Q(r) − 1/2)/r, degree 8,
    // rounded to f64). Its error is below 2.1·10⁻¹⁶ there, so r²·Q is off by
    // at most 0.2 ulp of eʳ − 1 — two terms fewer than the Taylor series
    // needs for the same accuracy.
    const Q: [f64; 10] = [
        0.5,
        0.16666666666666666,
        0.041666666666651364,
        0.008333333333332157,
        0.0013888888905871448,
        0.00019841269854330848,
        2.4801536408860383e-05,
        2.755728008252803e-06,
        2.7613795667584423e-07,
        2.509554606865001e-08,
    ];
    // Estrin's scheme: pairs of terms qₖ + qₖ₊₁·r first, then pairs of those
    // with r², then with r⁴ and r⁸ — a chain of 4 multiply-adds where
    // Horner's rule has 9, so a batch's many tanh overlap in the CPU instead
    // of waiting on each other. Adding r last keeps the relative error near
    // half an ulp, since r²·Q is at most a fifth of r here.
    let pair = |k: usize| T::splat(Q[k]) + T::splat(Q[k + 1]) * r;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let q = ((pair(0) + pair(2) * r2) + (pair(4) + pair(6) * r2) * r4) + pair(8) * r8;
    let em1 = r + r2 * q;
    // 2ⁿ built from its exponent bits (n is an integer in [−58, 58]). The
    // shifted sum 1.5·2⁵² + n holds 2⁵¹ + n in its low mantissa bits, so
    // adding the bias 1023 and shifting left by 52 pushes 2⁵¹ out and leaves
    // exactly n + 1023 as the exponent — integer lane operations only, with
    // no float→integer conversion (which SSE2 and wasm's simd128 lack for
    // 64-bit lanes, and which would stop a batch loop from vectorising).
    (shifted.bits_add_shl52(1023), em1)
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
        for big in [20.0, 20.5, 700.0, 1e20] {
            assert_eq!((tanh(big), tanh(-big)), (1.0, -1.0));
            assert_eq!(libm::tanh(big), 1.0, "libm agrees that tanh({big}) rounds to 1");
        }
        assert_eq!(tanh(1e308), 1.0);
        assert_eq!(tanh(-1e308), -1.0);
    }

    /// Two lanes at once give each lane's scalar bits (the batch path and the
    /// one-sample path agree exactly).
    #[test]
    fn two_lanes_give_the_scalar_bits() {
        use crate::lanes::F64x2;
        let mut x = -23.0;
        while x <= 23.0 {
            let pair = [x, -0.37 * x + 1e-9];
            let mut out = [0.0; 2];
            tanh_lanes(F64x2::from_pair(&pair)).write_to(&mut out);
            assert_eq!(out.map(f64::to_bits), pair.map(|x| tanh(x).to_bits()), "{pair:?}");
            x += 0.0173;
        }
        let mut out = [0.0; 2];
        tanh_lanes(F64x2::from_pair(&[f64::NAN, -0.0])).write_to(&mut out);
        assert!(out[0].is_nan());
        assert_eq!(out[1].to_bits(), tanh(-0.0).to_bits());
    }
}
