//! Numbers written in decimal — by the engine's messages and the page alike
//! — without `core::fmt`'s float code.
//!
//! Why not `{}`: formatting one f64 links all four of core's digit
//! generators (Grisu and Dragon, each in a shortest and an exact mode, since
//! `Display` reads the precision at run time): 21 KB of the page's wasm,
//! 9 KB of its gzip budget. One exact method does all of it here:
//!
//! - A finite double is m·2ᵉ with an integer m < 2⁵³, so its decimal
//!   expansion is finite: m·2ᵉ is an integer for e ≥ 0, and m·2ᵉ = m·5⁻ᵉ·10ᵉ
//!   for e < 0. [`exact`] computes that integer in base-10⁹ limbs: every
//!   digit of the double (about 50 significant digits for a number near 1,
//!   up to 767 for a subnormal).
//! - Rounding to n significant digits ([`Digits::round`]) then looks at
//!   exact digits: correctly rounded, an exact half to the even digit.
//! - The shortest form ([`shortest`]) is the fewest significant digits that
//!   read back as the same double — that lie between the midpoints to its
//!   neighbours (ties read as the even one): the nearest decimal of that
//!   length, or its other neighbour when the double's rounding interval is
//!   lopsided (at a power of two).
//! - Reading ([`parse`]) compares a decimal with those midpoints the same
//!   way, so the page links none of core's float parser either.
//!
//! [`Decimal`] writes a double with them as `{}` and `{:?}` do; the tests
//! hold the two side by side on some 60 000 values.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented
    )
)]

use std::cmp::Ordering;
use std::fmt;

mod parse;
pub use parse::parse;
use parse::{midpoint, order, parts};

/// Significant digits of a number: `digits` in ASCII, the first nonzero
/// (unless the number is 0) and no trailing zeros, and the power of ten of
/// the first — the number is d₁.d₂d₃… × 10^`exponent` (1.25e-4: "125", −4).
#[derive(Clone, Debug, PartialEq)]
pub struct Digits {
    pub digits: Vec<u8>,
    pub exponent: i32,
}

/// Nine decimal digits per u32 limb.
const BASE: u64 = 1_000_000_000;

/// Every digit of |`a`| (finite; 0 is "0").
pub fn exact(a: f64) -> Digits {
    // |a| = m·2ᵉ (a subnormal has no hidden bit).
    let (m, e) = parts(a.abs().to_bits());
    exact_parts(m, e)
}

/// Every digit of m·2ᵉ, for m < 2⁵⁵ (a double's mantissa, or the sum of two
/// neighbours' for the point halfway between them).
fn exact_parts(m: u64, e: i32) -> Digits {
    if m == 0 {
        return Digits {
            digits: vec![b'0'],
            exponent: 0,
        };
    }
    // The integer m·2ᵉ or m·5⁻ᵉ, least significant limb first; m < 2⁵⁵ <
    // 10¹⁸ fits in two. Each pass multiplies by up to 2²⁹ or 5¹³ (both
    // below 2³¹, so limb × factor + carry stays within a u64).
    let mut limbs = vec![(m % BASE) as u32, (m / BASE) as u32];
    let (factor, per_pass, mut left) = if e >= 0 { (2u64, 29, e) } else { (5, 13, -e) };
    while left > 0 {
        let k = left.min(per_pass);
        let times = factor.pow(k as u32);
        let mut carry = 0;
        for limb in &mut limbs {
            let x = u64::from(*limb) * times + carry;
            *limb = (x % BASE) as u32;
            carry = x / BASE;
        }
        while carry > 0 {
            limbs.push((carry % BASE) as u32);
            carry /= BASE;
        }
        left -= k;
    }
    let mut digits = Vec::with_capacity(9 * limbs.len());
    for &limb in limbs.iter().rev() {
        for place in (0..9).rev() {
            digits.push(b'0' + (limb / 10u32.pow(place) % 10) as u8);
        }
    }
    let lead = digits.iter().position(|&d| d != b'0').unwrap_or(0);
    digits.drain(..lead);
    // For e < 0 the integer is |a|·10⁻ᵉ: its point moves e places left.
    let exponent = digits.len() as i32 - 1 + e.min(0);
    let mut d = Digits { digits, exponent };
    d.drop_trailing_zeros();
    d
}

impl Digits {
    /// Rounded to `n` significant digits (at least 1): correctly, an exact
    /// half to the even digit (IEEE 754's default; 0.125 → 0.12), so
    /// 9.9996 to 4 digits is 10 (exponent one up).
    pub fn round(self, n: usize) -> Digits {
        let n = n.max(1);
        let up = self.rounds_up(n);
        self.cut(n, up)
    }

    /// Whether the nearest n-digit number is above: the digits after the
    /// n-th are more than half a unit, or exactly half and the n-th odd.
    fn rounds_up(&self, n: usize) -> bool {
        match self.digits.get(n) {
            None => false,
            Some(&next) => next > b'5' || (next == b'5' && (self.digits.len() > n + 1 || self.digits[n - 1] % 2 == 1)),
        }
    }

    /// The first `n` digits, plus one unit in the n-th if `up`.
    fn cut(mut self, n: usize, up: bool) -> Digits {
        let cut = self.digits.len() > n;
        self.digits.truncate(n);
        if cut && up {
            // 0.1299 + 0.0001: trailing 9s carry (and go, as zeros would).
            loop {
                match self.digits.last_mut() {
                    Some(b'9') => {
                        self.digits.pop();
                    }
                    Some(d) => {
                        *d += 1;
                        break;
                    }
                    None => {
                        self.digits.push(b'1');
                        self.exponent += 1;
                        break;
                    }
                }
            }
        }
        self.drop_trailing_zeros();
        self
    }

    fn drop_trailing_zeros(&mut self) {
        while self.digits.len() > 1 && self.digits.last() == Some(&b'0') {
            self.digits.pop();
        }
    }
}

/// The fewest significant digits that read back as |`a`| (finite), the
/// nearest if two do: the digits Rust prints.
pub fn shortest(a: f64) -> Digits {
    let bits = a.abs().to_bits();
    let all = exact(a);
    if bits == 0 {
        return all;
    }
    // A decimal reads back as a if it lies between the midpoints to a's
    // neighbours, or on one of them when a's last bit is even (ties to even).
    let (below, above) = (midpoint(bits - 1), midpoint(bits));
    let even = bits & 1 == 0;
    let reads_back = |d: &Digits| {
        let (low, high) = (order(d, &below), order(d, &above));
        (low == Ordering::Greater || (even && low == Ordering::Equal))
            && (high == Ordering::Less || (even && high == Ordering::Equal))
    };
    // At most 17 rounds: 17 digits always read back.
    for n in 1..all.digits.len() {
        // Nearest first; of two equally near (both reading back, as just
        // above 2⁴⁹: 562949953421312.25), the upper, as Rust chooses.
        let up = all.digits[n] >= b'5';
        for way in [up, !up] {
            let candidate = all.clone().cut(n, way);
            if reads_back(&candidate) {
                return candidate;
            }
        }
    }
    all
}

/// An f64 written as `{}` writes it (`1.5`, `-0.001`, `1000000`, `NaN`,
/// `inf`), and with `{:?}` as `{:?}` does (`1.0`, `1e-7`, `1.5e16`): the
/// shortest digits that read back as the same double. Flags (width,
/// precision) are ignored.
#[derive(Clone, Copy, PartialEq)]
pub struct Decimal(pub f64);

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text(self.0, false))
    }
}

impl fmt::Debug for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&text(self.0, true))
    }
}

/// Numbers as `{:?}` writes a slice of them: `[0.5, 1.0, 1e-7]`.
pub fn list(values: &[f64]) -> String {
    // A loop, not join: std's join is 1 KB of wasm per element type.
    let mut out = String::from("[");
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(&text(v, true));
    }
    out.push(']');
    out
}

/// The text of `v`: Rust's `{}` or, with `debug`, its `{:?}` (which always
/// has a point or an exponent, and an exponent outside 10⁻⁴ … 10¹⁶).
fn text(v: f64, debug: bool) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    let mut out = String::new();
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        out.push_str("inf");
        return out;
    }
    let Digits { digits, exponent: e } = shortest(v);
    let digit = |k: usize| char::from(digits.get(k).copied().unwrap_or(b'0'));
    if debug && v != 0.0 && !(1e-4..1e16).contains(&v.abs()) {
        out.push(digit(0));
        if digits.len() > 1 {
            out.push('.');
            (1..digits.len()).for_each(|k| out.push(digit(k)));
        }
        out.push('e');
        out.push_str(&e.to_string());
        return out;
    }
    if e < 0 {
        out.push_str("0.");
        (1..-e).for_each(|_| out.push('0'));
        (0..digits.len()).for_each(|k| out.push(digit(k)));
    } else {
        let units = e as usize + 1;
        for k in 0..units.max(digits.len()) {
            if k == units {
                out.push('.');
            }
            out.push(digit(k));
        }
        if debug && digits.len() <= units {
            out.push_str(".0");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Doubles of every kind: specials, powers of two and ten and their
    /// neighbours (lopsided rounding intervals), short decimals, and random
    /// bit patterns (xorshift, so every run checks the same ones).
    fn samples() -> Vec<f64> {
        let mut v = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.2,
            0.3,
            1.5,
            100.0,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1e23,
            1e-4,
            9.999e-5,
            1e-5,
            1e-7,
            123456789.0,
            5e-324,
            -5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            // 2⁴⁹ + 0.25: two 16-digit decimals equally near, both reading back.
            (1u64 << 49) as f64 + 0.25,
            9007199254740993.0,
            2.5e-5,
            0.000123,
        ];
        for k in -1074..1024 {
            // 2ᵏ, built from its bits (subnormal below 2⁻¹⁰²²).
            let bits = if k >= -1022 {
                ((k + 1023) as u64) << 52
            } else {
                1 << (k + 1074)
            };
            v.extend([bits, bits + 1, bits - 1].map(f64::from_bits));
        }
        for k in -325..309 {
            let p: f64 = format!("1e{k}").parse().unwrap_or(0.0);
            v.extend([
                p,
                f64::from_bits(p.to_bits() + 1),
                f64::from_bits(p.to_bits().saturating_sub(1)),
            ]);
        }
        for k in 0..5_000 {
            v.push(k as f64 / 1000.0);
            v.push(-(k as f64) * 0.005);
        }
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..40_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push(f64::from_bits(x));
        }
        v
    }

    #[test]
    fn display_and_debug_write_what_core_writes() {
        for v in samples() {
            assert_eq!(Decimal(v).to_string(), format!("{v}"), "{{}} of {:#x}", v.to_bits());
            assert_eq!(
                format!("{:?}", Decimal(v)),
                format!("{v:?}"),
                "{{:?}} of {:#x}",
                v.to_bits()
            );
        }
    }

    #[test]
    fn rounding_to_n_digits_is_cores_exact_rounding() {
        for (i, v) in samples().into_iter().enumerate() {
            if !v.is_finite() || v == 0.0 {
                continue;
            }
            let n = 1 + i % 17;
            let core = format!("{:.*e}", n - 1, v.abs());
            let (mantissa, exponent) = core.split_once('e').unwrap_or((&core, "0"));
            let mut want = Digits {
                digits: mantissa.bytes().filter(u8::is_ascii_digit).collect(),
                exponent: exponent.parse().unwrap_or(i32::MAX),
            };
            want.drop_trailing_zeros();
            assert_eq!(exact(v).round(n), want, "{v:e} to {n} digits");
        }
    }

    #[test]
    fn a_list_is_written_as_debug_writes_a_slice() {
        let values = [0.5, 1.0, -1e-7, 2.5e16, 0.1 + 0.2];
        assert_eq!(list(&values), format!("{values:?}"));
        assert_eq!(list(&[]), "[]");
    }

    #[test]
    fn exact_digits_are_the_whole_expansion() {
        assert_eq!(
            exact(0.1).digits,
            b"1000000000000000055511151231257827021181583404541015625"
        );
        assert_eq!(exact(0.1).exponent, -1);
        assert_eq!(exact(-2.5).digits, b"25");
        assert_eq!(exact(1e22).digits, b"1");
        assert_eq!(exact(1e22).exponent, 22);
        let tiny = exact(5e-324);
        assert_eq!((tiny.digits.len(), tiny.exponent), (751, -324));
        assert!(tiny.digits.starts_with(b"494065645841246544"));
        assert_eq!(exact(0.0).digits, b"0");
    }

    #[test]
    fn halves_go_to_the_even_digit_and_nines_carry() {
        assert_eq!(exact(0.125).round(2).digits, b"12");
        assert_eq!(exact(0.375).round(2).digits, b"38");
        let carried = exact(9.9996).round(4);
        assert_eq!((carried.digits, carried.exponent), (b"1".to_vec(), 1));
        // 2.675 is 2.67499999999999982236431605997495353221893310546875.
        assert_eq!(exact(2.675).round(3).digits, b"267");
    }
}
