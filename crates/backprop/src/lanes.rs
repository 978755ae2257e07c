//! Two f64 lanes, added, multiplied and divided as one: the batch kernels'
//! unit of work (two samples of one unit at a time).
//!
//! On wasm32 with `simd128` (set in `.cargo/config.toml`) a [`F64x2`] is a
//! `v128`; on x86_64 it is an SSE2 register (every x86_64 CPU has SSE2);
//! elsewhere it is a plain pair. Every operation here is an IEEE 754
//! operation on each lane on its own — add, subtract, multiply, divide
//! (each correctly rounded, never fused into an FMA), a compare-and-select
//! clamp and integer bit operations — so all three give the same bits as
//! the scalar code `x + y`, `x * y`, `x.clamp(lo, hi)` on each lane, and a
//! kernel written with them gives the same bits natively and in the browser.

use core::ops::{Add, Div, Mul, Sub};

/// Two f64 lanes.
#[derive(Clone, Copy, Debug)]
pub struct F64x2(imp::V);

impl F64x2 {
    /// Both lanes `x`.
    #[inline(always)]
    pub fn splat(x: f64) -> Self {
        F64x2(imp::splat(x))
    }

    /// The lanes `[p[0], p[1]]`.
    #[inline(always)]
    pub fn from_pair(p: &[f64; 2]) -> Self {
        F64x2(imp::load(p))
    }

    /// Writes the lanes to `p[0]` and `p[1]`.
    #[inline(always)]
    pub fn write_to(self, p: &mut [f64; 2]) {
        imp::store(self.0, p);
    }

    /// The lanes `[x, y]`.
    #[inline(always)]
    pub fn new(x: f64, y: f64) -> Self {
        F64x2(imp::new(x, y))
    }

    /// `[a[0], b[0]]`: the first lanes of two vectors side by side (with
    /// [`F64x2::high_lanes`], a 2 × 2 transpose).
    #[inline(always)]
    pub fn low_lanes(a: Self, b: Self) -> Self {
        F64x2(imp::low_lanes(a.0, b.0))
    }

    /// `[a[1], b[1]]`: the second lanes of two vectors side by side.
    #[inline(always)]
    pub fn high_lanes(a: Self, b: Self) -> Self {
        F64x2(imp::high_lanes(a.0, b.0))
    }

    /// The two lanes.
    #[inline(always)]
    pub fn to_array(self) -> [f64; 2] {
        imp::to_array(self.0)
    }

    /// Each lane as `f64::clamp(lo, hi)` does it: below `lo` gives `lo`,
    /// above `hi` gives `hi`, NaN stays NaN.
    #[inline(always)]
    pub fn clamp(self, lo: f64, hi: f64) -> Self {
        F64x2(imp::clamp(self.0, lo, hi))
    }

    /// `f64::from_bits(x.to_bits().wrapping_add(add) << 52)` on each lane:
    /// integer arithmetic on the bit pattern (see `fast_tanh` for its use,
    /// building 2ⁿ from its exponent bits).
    #[inline(always)]
    pub fn bits_add_shl52(self, add: u64) -> Self {
        F64x2(imp::bits_add_shl52(self.0, add))
    }
}

impl Add for F64x2 {
    type Output = Self;
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        F64x2(imp::add(self.0, o.0))
    }
}

impl Sub for F64x2 {
    type Output = Self;
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        F64x2(imp::sub(self.0, o.0))
    }
}

impl Mul for F64x2 {
    type Output = Self;
    #[inline(always)]
    fn mul(self, o: Self) -> Self {
        F64x2(imp::mul(self.0, o.0))
    }
}

impl Div for F64x2 {
    type Output = Self;
    #[inline(always)]
    fn div(self, o: Self) -> Self {
        F64x2(imp::div(self.0, o.0))
    }
}

/// What the branch-free elementary functions (`fast_tanh`) need of a
/// number: one f64 (a sample) or an [`F64x2`] (two), so that one definition
/// serves the scalar and the SIMD path and both give the same bits.
pub trait Lanes: Copy + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> {
    /// `x` in every lane.
    fn splat(x: f64) -> Self;
    /// `f64::clamp` on every lane.
    fn clamp_lanes(self, lo: f64, hi: f64) -> Self;
    /// `f64::from_bits(x.to_bits().wrapping_add(add) << 52)` on every lane.
    fn bits_add_shl52(self, add: u64) -> Self;
}

impl Lanes for f64 {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        x
    }
    #[inline(always)]
    fn clamp_lanes(self, lo: f64, hi: f64) -> Self {
        self.clamp(lo, hi)
    }
    #[inline(always)]
    fn bits_add_shl52(self, add: u64) -> Self {
        f64::from_bits(self.to_bits().wrapping_add(add) << 52)
    }
}

impl Lanes for F64x2 {
    #[inline(always)]
    fn splat(x: f64) -> Self {
        F64x2::splat(x)
    }
    #[inline(always)]
    fn clamp_lanes(self, lo: f64, hi: f64) -> Self {
        self.clamp(lo, hi)
    }
    #[inline(always)]
    fn bits_add_shl52(self, add: u64) -> Self {
        F64x2::bits_add_shl52(self, add)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod imp {
    use core::arch::wasm32::*;
    pub type V = v128;

    #[inline(always)]
    pub fn splat(x: f64) -> V {
        f64x2_splat(x)
    }
    #[inline(always)]
    pub fn load(s: &[f64; 2]) -> V {
        // SAFETY: `s` is 16 readable bytes; v128.load needs no alignment.
        unsafe { v128_load(s.as_ptr().cast()) }
    }
    #[inline(always)]
    pub fn store(v: V, s: &mut [f64; 2]) {
        // SAFETY: `s` is 16 writable bytes; v128.store needs no alignment.
        unsafe { v128_store(s.as_mut_ptr().cast(), v) }
    }
    #[inline(always)]
    pub fn to_array(v: V) -> [f64; 2] {
        [f64x2_extract_lane::<0>(v), f64x2_extract_lane::<1>(v)]
    }
    #[inline(always)]
    pub fn new(x: f64, y: f64) -> V {
        f64x2(x, y)
    }
    #[inline(always)]
    pub fn low_lanes(a: V, b: V) -> V {
        i64x2_shuffle::<0, 2>(a, b)
    }
    #[inline(always)]
    pub fn high_lanes(a: V, b: V) -> V {
        i64x2_shuffle::<1, 3>(a, b)
    }
    #[inline(always)]
    pub fn clamp(v: V, lo: f64, hi: f64) -> V {
        // pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a: a NaN
        // in `v` compares false and is kept, exactly as f64::clamp.
        f64x2_pmin(f64x2_pmax(v, f64x2_splat(lo)), f64x2_splat(hi))
    }
    #[inline(always)]
    pub fn bits_add_shl52(v: V, add: u64) -> V {
        i64x2_shl(i64x2_add(v, u64x2_splat(add)), 52)
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        f64x2_add(a, b)
    }
    #[inline(always)]
    pub fn sub(a: V, b: V) -> V {
        f64x2_sub(a, b)
    }
    #[inline(always)]
    pub fn mul(a: V, b: V) -> V {
        f64x2_mul(a, b)
    }
    #[inline(always)]
    pub fn div(a: V, b: V) -> V {
        f64x2_div(a, b)
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    // SAFETY (every `unsafe` below): SSE2 is part of the x86_64 baseline,
    // so its instructions are always there; loads and stores touch exactly
    // the 16 bytes of the pair they are given (unaligned access is allowed).
    use core::arch::x86_64::*;
    pub type V = __m128d;

    #[inline(always)]
    pub fn splat(x: f64) -> V {
        unsafe { _mm_set1_pd(x) }
    }
    #[inline(always)]
    pub fn load(s: &[f64; 2]) -> V {
        unsafe { _mm_loadu_pd(s.as_ptr()) }
    }
    #[inline(always)]
    pub fn store(v: V, s: &mut [f64; 2]) {
        unsafe { _mm_storeu_pd(s.as_mut_ptr(), v) }
    }
    #[inline(always)]
    pub fn to_array(v: V) -> [f64; 2] {
        unsafe { [_mm_cvtsd_f64(v), _mm_cvtsd_f64(_mm_unpackhi_pd(v, v))] }
    }
    #[inline(always)]
    pub fn new(x: f64, y: f64) -> V {
        unsafe { _mm_set_pd(y, x) }
    }
    #[inline(always)]
    pub fn low_lanes(a: V, b: V) -> V {
        unsafe { _mm_unpacklo_pd(a, b) }
    }
    #[inline(always)]
    pub fn high_lanes(a: V, b: V) -> V {
        unsafe { _mm_unpackhi_pd(a, b) }
    }
    #[inline(always)]
    pub fn clamp(v: V, lo: f64, hi: f64) -> V {
        unsafe {
            // maxpd(a, b) = a > b ? a : b and minpd(a, b) = a < b ? a : b: with
            // the bound first, a NaN in `v` compares false and is kept, exactly
            // as f64::clamp.
            _mm_min_pd(_mm_set1_pd(hi), _mm_max_pd(_mm_set1_pd(lo), v))
        }
    }
    #[inline(always)]
    pub fn bits_add_shl52(v: V, add: u64) -> V {
        unsafe {
            let sum = _mm_add_epi64(_mm_castpd_si128(v), _mm_set1_epi64x(add as i64));
            _mm_castsi128_pd(_mm_slli_epi64::<52>(sum))
        }
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        unsafe { _mm_add_pd(a, b) }
    }
    #[inline(always)]
    pub fn sub(a: V, b: V) -> V {
        unsafe { _mm_sub_pd(a, b) }
    }
    #[inline(always)]
    pub fn mul(a: V, b: V) -> V {
        unsafe { _mm_mul_pd(a, b) }
    }
    #[inline(always)]
    pub fn div(a: V, b: V) -> V {
        unsafe { _mm_div_pd(a, b) }
    }
}

#[cfg(not(any(all(target_arch = "wasm32", target_feature = "simd128"), target_arch = "x86_64")))]
mod imp {
    pub type V = [f64; 2];

    #[inline(always)]
    pub fn splat(x: f64) -> V {
        [x, x]
    }
    #[inline(always)]
    pub fn load(s: &[f64; 2]) -> V {
        *s
    }
    #[inline(always)]
    pub fn store(v: V, s: &mut [f64; 2]) {
        *s = v;
    }
    #[inline(always)]
    pub fn to_array(v: V) -> [f64; 2] {
        v
    }
    #[inline(always)]
    pub fn new(x: f64, y: f64) -> V {
        [x, y]
    }
    #[inline(always)]
    pub fn low_lanes(a: V, b: V) -> V {
        [a[0], b[0]]
    }
    #[inline(always)]
    pub fn high_lanes(a: V, b: V) -> V {
        [a[1], b[1]]
    }
    #[inline(always)]
    pub fn clamp(v: V, lo: f64, hi: f64) -> V {
        v.map(|x| x.clamp(lo, hi))
    }
    #[inline(always)]
    pub fn bits_add_shl52(v: V, add: u64) -> V {
        v.map(|x| f64::from_bits(x.to_bits().wrapping_add(add) << 52))
    }
    #[inline(always)]
    pub fn add(a: V, b: V) -> V {
        [a[0] + b[0], a[1] + b[1]]
    }
    #[inline(always)]
    pub fn sub(a: V, b: V) -> V {
        [a[0] - b[0], a[1] - b[1]]
    }
    #[inline(always)]
    pub fn mul(a: V, b: V) -> V {
        [a[0] * b[0], a[1] * b[1]]
    }
    #[inline(always)]
    pub fn div(a: V, b: V) -> V {
        [a[0] / b[0], a[1] / b[1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each lane operation gives the scalar operation's bits, including
    /// NaN, ±0, infinities and subnormals.
    #[test]
    fn lanes_give_the_scalar_bits() {
        let xs = [
            0.0,
            -0.0,
            1.5,
            -2.75,
            1e-310,
            -3e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            21.0,
            -20.0,
            0.1,
        ];
        for &x in &xs {
            for &y in &xs {
                let (v, w) = (F64x2::from_pair(&[x, y]), F64x2::from_pair(&[y, x]));
                let same = |got: F64x2, want: [f64; 2], what: &str| {
                    let got = got.to_array();
                    assert_eq!(
                        [got[0].to_bits(), got[1].to_bits()],
                        [want[0].to_bits(), want[1].to_bits()],
                        "{what}({x}, {y})"
                    );
                };
                same(v + w, [x + y, y + x], "add");
                same(v - w, [x - y, y - x], "sub");
                same(v * w, [x * y, y * x], "mul");
                same(v / w, [x / y, y / x], "div");
                same(
                    v.clamp(-20.0, 20.0),
                    [x.clamp(-20.0, 20.0), y.clamp(-20.0, 20.0)],
                    "clamp",
                );
                let bits = |z: f64| f64::from_bits(z.to_bits().wrapping_add(1023) << 52);
                same(v.bits_add_shl52(1023), [bits(x), bits(y)], "bits");
                same(F64x2::new(x, y), [x, y], "new");
                same(F64x2::low_lanes(v, w), [x, y], "low_lanes");
                same(F64x2::high_lanes(v, w), [y, x], "high_lanes");
                let mut out = [7.0; 2];
                v.write_to(&mut out);
                assert_eq!(out.map(f64::to_bits), [x, y].map(f64::to_bits));
            }
        }
        assert_eq!(
            F64x2::splat(-0.0).to_array().map(f64::to_bits),
            [(-0.0f64).to_bits(); 2]
        );
    }
}
