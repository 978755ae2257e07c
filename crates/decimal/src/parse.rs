//! Decimal text to the nearest double, as `str::parse::<f64>` reads it —
//! without core's float parser, whose table of 128-bit powers of five is
//! 10 KB of random-looking bytes: with its code, 12 KB of the page's gzip.
//!
//! A decimal V lies between two neighbouring doubles; it reads as the one it
//! is nearer, an exact tie as the one with an even last bit (IEEE 754's
//! default, what core does). The midpoint of two neighbouring doubles is
//! itself a finite binary fraction, so [`super::exact`] gives all its
//! digits, and V is compared with it digit by digit. A first guess from the
//! leading 17 digits is a few units in the last place off at most; each
//! comparison moves it one double towards V until V lies between the
//! midpoints around it.

use std::cmp::Ordering;

use super::{exact_parts, Digits};

/// The double nearest `text` (ties to even), or `None` where
/// `str::parse::<f64>` gives an error. The same language: an optional sign,
/// then digits with an optional point (at least one digit on either side),
/// an optional exponent (`e` or `E`, optional sign, digits); or `inf`,
/// `infinity`, `nan` in any case. No spaces, no `_`.
pub fn parse(text: &str) -> Option<f64> {
    // Bytes, not `&str` slices: a str slice can fail at a char boundary,
    // and its message links core's Unicode escaping tables.
    let bytes = text.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, bytes),
    };
    let magnitude = match unsigned(rest) {
        Some(v) => v,
        None if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") => f64::INFINITY,
        None if rest.eq_ignore_ascii_case(b"nan") => f64::NAN,
        None => return None,
    };
    Some(if negative { -magnitude } else { magnitude })
}

/// Digits, point and exponent without a sign; `None` if that is not all of `s`.
fn unsigned(s: &[u8]) -> Option<f64> {
    let run = |from: usize| s[from.min(s.len())..].iter().take_while(|c| c.is_ascii_digit()).count();
    let whole = run(0);
    let point = s.get(whole) == Some(&b'.');
    let fraction = if point { run(whole + 1) } else { 0 };
    if whole + fraction == 0 {
        return None;
    }
    let mut i = whole + usize::from(point) + fraction;
    let mut exponent: i64 = 0;
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        let minus = s.get(i) == Some(&b'-');
        if matches!(s.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        let digits = run(i);
        if digits == 0 {
            return None;
        }
        for &d in &s[i..i + digits] {
            // Core stops adding digits at 65536: far past any double, and
            // the same saturation gives the same answer for absurd inputs.
            if exponent < 0x10000 {
                exponent = 10 * exponent + i64::from(d - b'0');
            }
        }
        if minus {
            exponent = -exponent;
        }
        i += digits;
    }
    if i != s.len() {
        return None;
    }
    let after_point: &[u8] = if point {
        &s[whole + 1..whole + 1 + fraction]
    } else {
        &[]
    };
    let mantissa: Vec<u8> = s[..whole].iter().chain(after_point).copied().collect();
    let Some(first) = mantissa.iter().position(|&d| d != b'0') else {
        return Some(0.0);
    };
    // The first significant digit's power of ten.
    let power = whole as i64 - 1 - first as i64 + exponent;
    if power >= 309 {
        return Some(f64::INFINITY); // ≥ 10³⁰⁹: past the largest double
    }
    if power <= -325 {
        return Some(0.0); // < 10⁻³²⁴: under half the smallest subnormal
    }
    let mut digits = mantissa[first..].to_vec();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    let value = Digits {
        digits,
        exponent: power as i32,
    };
    Some(match guess(&value) {
        (x, true) => x,
        (x, false) => nearest(&value, x),
    })
}

/// Exact powers of ten 10⁰ … 10²² (5²² < 2⁵³).
fn power_of_ten(k: usize) -> f64 {
    (0..k).fold(1.0, |p, _| p * 10.0)
}

/// `value` from its first 17 digits in f64 arithmetic, and whether that is
/// already the nearest double: it is when `value` has at most 15 digits and
/// a power of ten within ±22 (an exact integer and an exact power, one
/// rounding); else it is a few units in the last place off.
fn guess(value: &Digits) -> (f64, bool) {
    let kept = value.digits.len().min(17);
    let w = value.digits[..kept]
        .iter()
        .fold(0u64, |w, &d| 10 * w + u64::from(d - b'0'));
    let mut x = w as f64;
    let mut p = value.exponent - (kept as i32 - 1);
    let exact = kept == value.digits.len() && kept <= 15 && (-22..=22).contains(&p);
    while p > 22 {
        x *= 1e22;
        p -= 22;
    }
    while p < -22 {
        x /= 1e22;
        p += 22;
    }
    let x = if p >= 0 {
        x * power_of_ten(p as usize)
    } else {
        x / power_of_ten(-p as usize)
    };
    (x, exact)
}

/// The double nearest `value` (> 0), found from a first guess.
fn nearest(value: &Digits, guess: f64) -> f64 {
    const INFINITY: u64 = 0x7ff0_0000_0000_0000;
    let mut bits = guess.to_bits().clamp(1, INFINITY - 1);
    loop {
        let odd = bits & 1 == 1;
        let up = order(value, &midpoint(bits));
        if up == Ordering::Greater || (up == Ordering::Equal && odd) {
            bits += 1;
            if bits == INFINITY {
                return f64::INFINITY;
            }
            continue;
        }
        let down = order(value, &midpoint(bits - 1));
        if down == Ordering::Less || (down == Ordering::Equal && odd) {
            bits -= 1;
            if bits == 0 {
                return 0.0;
            }
            continue;
        }
        return f64::from_bits(bits);
    }
}

/// All digits of the point halfway between the positive double with these
/// `bits` and the next one up (for the largest double, 2¹⁰²⁴ — where a
/// decimal starts to read as infinity). Neighbours' exponents differ by at
/// most one, so the sum of their integer mantissas fits in 55 bits.
pub(super) fn midpoint(bits: u64) -> Digits {
    let (m, e) = parts(bits);
    let (n, f) = parts(bits + 1);
    let low = e.min(f);
    exact_parts((m << (e - low)) + (n << (f - low)), low - 1)
}

/// A non-negative double's bits as m·2ᵉ (infinity's as 2¹⁰²⁴).
pub(super) fn parts(bits: u64) -> (u64, i32) {
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    match biased {
        0 => (fraction, -1074),
        _ => (fraction | 1 << 52, biased - 1075),
    }
}

/// Two positive numbers' order from their digits (both without leading or
/// trailing zeros: then the exponent decides, else the digits in turn).
pub(super) fn order(a: &Digits, b: &Digits) -> Ordering {
    a.exponent.cmp(&b.exponent).then_with(|| a.digits.cmp(&b.digits))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every answer of `parse` against core's, bit for bit (NaN as NaN).
    fn check(text: &str) {
        let core = text.parse::<f64>().ok();
        let ours = parse(text);
        let same = match (core, ours) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (None, None) => true,
            _ => false,
        };
        assert!(same, "{text:?}: core {core:?}, ours {ours:?}");
    }

    #[test]
    fn reads_the_same_language_as_core() {
        for text in [
            "",
            "+",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1e-",
            "1.",
            ".5",
            "-.5",
            "+1",
            "1.e5",
            ".e5",
            "1.5E-3",
            " 1",
            "1 ",
            "1_0",
            "0x10",
            "inf",
            "-inf",
            "+Infinity",
            "INFINITY",
            "infinit",
            "infx",
            "nan",
            "-NaN",
            "NAN",
            "nana",
            "in",
            "1e5e5",
            "1..2",
            "--1",
            "+-1",
            "١",
            "0",
            "-0",
            "00.000e99999",
            "0e-99999999999",
        ] {
            check(text);
        }
        // Short strings over the characters the grammar turns on.
        let alphabet = b"0123456789.eE+-infatyINFATY _x";
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..50_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 9) as usize;
            let text: String = (0..len)
                .map(|k| char::from(alphabet[((x >> (4 + 5 * k)) % alphabet.len() as u64) as usize]))
                .collect();
            check(&text);
        }
    }

    #[test]
    fn reads_the_same_double_as_core() {
        let mut texts: Vec<String> = [
            "0.1", "0.2", "0.3", "1e23", "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623158e308",
            "1.7976931348623159e308", "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792", "2.2250738585072011e-308", "2.2250738585072014e-308",
            "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324", "2.47032822920623272e-324",
            "5e-324", "1e-400", "1e400", "123456789012345678901234567890", "9007199254740993", "9007199254740992.5",
            "0.000000000000000000000000000000000000000000001", "1e-7", "2.5e16", "0.03", "1e-5", "100", "3.14159",
            "2.225073858507201136057409796709131975934819546351645648023426109724822222021076945516529523908135087914149158913039621106870086438694594645527657207407820621743379988141063267329253552286881372149012981122451451889849057222307285255133155755015914397476397983411801999323962548289017107081850690630666655994938275772572015763062615830942400000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000e-308",
            "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126", "0.5e1", "00001.5", "1.50000",
        ]
        .map(String::from)
        .to_vec();
        // Doubles written every way core writes them, and their neighbours'
        // midpoints (the ties), just above and just below.
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for k in 0..5_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x & !(1 << 63));
            if !v.is_finite() {
                continue;
            }
            texts.extend([
                format!("{v}"),
                format!("{v:e}"),
                format!("{v:.3e}"),
                format!("{:.20e}", v),
            ]);
            if k % 4 == 0 && v.to_bits() < 0x7fef_ffff_ffff_ffff {
                let mid = midpoint(v.to_bits());
                let digits: String = mid.digits.iter().map(|&d| char::from(d)).collect();
                let e = mid.exponent;
                texts.push(format!("0.{digits}e{}", e + 1));
                texts.push(format!("0.{digits}1e{}", e + 1));
                let mut below = mid.digits.clone();
                if let Some(last) = below.last_mut() {
                    *last -= 1;
                }
                below.extend(b"99999");
                texts.push(format!("0.{}e{}", String::from_utf8_lossy(&below), e + 1));
            }
        }
        for k in 0..2_000 {
            texts.push(format!("{}", k as f64 / 1000.0));
            texts.push(format!("{k}e{}", k % 700 - 350));
            texts.push(format!("-{k}.{k}E-{}", k % 330));
        }
        for t in &texts {
            check(t);
        }
    }
}
