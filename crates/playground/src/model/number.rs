//! How every number on the page is written: read-outs, axes, tooltips, the
//! inspector, lessons, the graph panel and the phases.
//!
//! - 4 significant digits ([`show`]); 6 where the learner looks closer, in
//!   hover tips ([`precise`]) and edit fields ([`for_editing`]).
//! - Correctly rounded: the digits are those of the exact binary value (so
//!   0.00012345, stored as 0.000123449999…, shows `0.0001234`); an exact
//!   half goes to the even digit, IEEE 754's default (9999.5 → `10000`,
//!   12345 → `12340`), as Python and Rust print.
//! - A true minus sign (U+2212), and never `−0`: a value is 0 only when it is 0.
//! - Plain decimals from 10⁻⁴ up to 10⁵, and never more than 7 digits after
//!   the point (a reader miscounts zeros); beyond that `1.235 × 10⁵`.
//! - Past 10³⁰ a run has diverged: `> 10³⁰`; ±∞ and NaN are `overflow`.
//!
//! The digits come from the engine's exact decimal expansion
//! (`backprop::decimal`), rounded there; nothing on the page formats an f64
//! with `core::fmt` (its float code is 9 KB gzip). The rest builds the text
//! by hand, without `format!`, to stay small.

/// Significant digits of a read-out.
pub const DIGITS: u32 = 4;
/// Significant digits of a hover tip or an edit field.
pub const PRECISE_DIGITS: u32 = 6;
/// Beyond this magnitude training has diverged and the digits mean nothing.
const DIVERGED: f64 = 1e30;
/// What ±∞ and NaN (the result of ∞ − ∞ after overflow) read as.
pub const OVERFLOW: &str = "overflow";
/// The true minus sign.
const MINUS: char = '\u{2212}';

/// A read-out: 4 significant digits.
pub fn show(v: f64) -> String {
    significant(v, DIGITS)
}

/// A hover tip: 6 significant digits.
pub fn precise(v: f64) -> String {
    significant(v, PRECISE_DIGITS)
}

/// `v` to `digits` significant digits (1 to 17), trailing zeros dropped.
pub fn significant(v: f64, digits: u32) -> String {
    match out_of_range(v) {
        Some(words) => words.into(),
        None => write(v, digits.clamp(1, 17), true, None),
    }
}

/// The value an edit field starts with: 6 significant digits in the form a
/// number input accepts (ASCII `-`, `e` exponent), e.g. `-0.123457`, `1.5e-7`.
pub fn for_editing(v: f64) -> String {
    if v.is_finite() {
        write(v, PRECISE_DIGITS, false, None)
    } else {
        String::new()
    }
}

/// Labels for axis ticks: all plain or all with powers of ten (one
/// notation), 4 significant digits or as many more as it takes to tell every
/// tick from the others. Ticks at powers of ten (a log axis) read `10ⁿ`.
pub fn axis_labels(ticks: &[f64]) -> Vec<String> {
    let powers = ticks
        .iter()
        .any(|&t| t.is_finite() && t != 0.0 && !plain(digits_of(t.abs(), DIGITS).1, DIGITS));
    let mut labels = Vec::new();
    for digits in DIGITS..=17 {
        labels = ticks
            .iter()
            .map(|&t| match t.is_finite() {
                true => write(t, digits, true, Some(!powers)),
                false => significant(t, digits),
            })
            .collect();
        if labels.iter().enumerate().all(|(i, a)| !labels[..i].contains(a)) {
            break;
        }
    }
    // "1 × 10ⁿ" → "10ⁿ" when every tick is a power of ten.
    let bare = |l: &String| {
        let (sign, rest) = l.strip_prefix(MINUS).map_or(("", l.as_str()), |r| ("−", r));
        rest.strip_prefix("1 × ").map(|power| sign.to_string() + power)
    };
    if powers && labels.iter().all(|l| l == "0" || bare(l).is_some()) {
        for l in &mut labels {
            if let Some(short) = bare(l) {
                *l = short;
            }
        }
    }
    labels
}

/// A message for the page with true minus signs: the engine writes its
/// numbers for programmers ("got -5"), a learner reads them on the page. A
/// `-` becomes `−` where it starts a number — after a space, `(`, `[` or the
/// start, before a digit or a point. What the learner typed, quoted
/// (`"-5"`), stays as typed.
pub fn with_minus_signs(text: &str) -> String {
    // (By chars, not by slicing the text: a slice of a str links core's
    // char-boundary panic and its formatting, 4 KB of the download.)
    let mut out = String::with_capacity(text.len() + 4);
    let mut before = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let starts_number =
            matches!(before, ' ' | '(' | '[') && chars.peek().is_some_and(|next| next.is_ascii_digit() || *next == '.');
        out.push(if c == '-' && starts_number { MINUS } else { c });
        before = c;
    }
    out
}

/// Read-outs stacked in a column (the inspector's chain of factors), padded
/// on the right so that, right-aligned in tabular figures, they line up at
/// the point: each gets figure spaces (as wide as a digit) up to the most
/// digits after a point among them, and a number without a point gets a
/// punctuation space in its place. Words and powers of ten stay as they are.
pub fn align_at_point(values: &mut [String]) {
    const FIGURE_SPACE: char = '\u{2007}';
    const POINT_SPACE: char = '\u{2008}';
    let mut most = 0;
    for v in values.iter() {
        most = most.max(decimals(v).map_or(0, |(_, after)| after));
    }
    for v in values.iter_mut() {
        if let Some((point, after)) = decimals(v) {
            if !point && most > 0 {
                v.push(POINT_SPACE);
            }
            for _ in after..most {
                v.push(FIGURE_SPACE);
            }
        }
    }
}

/// Whether a plain decimal has a point, and its digits after it (`None` for
/// anything else: words, `× 10ⁿ`). By chars: slicing the text would link
/// core's char-boundary panic.
fn decimals(text: &str) -> Option<(bool, usize)> {
    let (mut point, mut after) = (false, 0);
    for c in text.chars() {
        match c {
            '0'..='9' if point => after += 1,
            '0'..='9' | MINUS => {}
            '.' if !point => point = true,
            _ => return None,
        }
    }
    Some((point, after))
}

/// The words for a value that has no digits worth showing.
fn out_of_range(v: f64) -> Option<&'static str> {
    if !v.is_finite() {
        Some(OVERFLOW)
    } else if v > DIVERGED {
        Some("> 10³⁰")
    } else if v < -DIVERGED {
        Some("< −10³⁰")
    } else {
        None
    }
}

/// Whether a value whose leading digit is at 10^`e` is written as a plain
/// decimal with `digits` significant digits: from 10⁻⁴ below 10⁵, and at
/// most 7 digits after the point.
fn plain(e: i32, digits: u32) -> bool {
    e < 5 && e >= (-4).max(digits as i32 - 8)
}

/// A finite `v` to `digits` significant digits: with a true minus sign and
/// `× 10ⁿ` when `pretty`, else ASCII `-` and `eN`; plain or with a power of
/// ten as `plain` says (by [`plain`] when `None`).
fn write(v: f64, digits: u32, pretty: bool, plain_form: Option<bool>) -> String {
    let mut out = String::new();
    if v == 0.0 {
        out.push('0');
        return out;
    }
    if v < 0.0 {
        out.push(if pretty { MINUS } else { '-' });
    }
    let (s, e) = digits_of(v.abs(), digits);
    if plain_form.unwrap_or_else(|| plain(e, digits)) {
        // 0.000ddd, or the digits with the point after the units (zeros
        // filling up to it).
        let units = e.max(0) as usize + 1;
        if e < 0 {
            out.push('0');
            out.push('.');
            (1..-e).for_each(|_| out.push('0'));
        }
        for k in 0..units.max(s.len()) {
            if e >= 0 && k == units {
                out.push('.');
            }
            out.push(char::from(s.get(k).copied().unwrap_or(b'0')));
        }
    } else {
        out.push(char::from(s[0]));
        if s.len() > 1 {
            out.push('.');
            s[1..].iter().for_each(|&c| out.push(char::from(c)));
        }
        out.push_str(if pretty { " × 10" } else { "e" });
        exponent(&mut out, e, pretty);
    }
    out
}

/// Appends `e` in superscript digits (`⁻¹²`) or in ASCII (`-12`).
fn exponent(out: &mut String, e: i32, pretty: bool) {
    const SUPERSCRIPT: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if e < 0 {
        out.push(if pretty { '⁻' } else { '-' });
    }
    let n = e.unsigned_abs();
    for place in [100, 10, 1] {
        if n >= place || place == 1 {
            let d = (n / place % 10) as usize;
            out.push(if pretty {
                SUPERSCRIPT[d]
            } else {
                char::from(b'0' + d as u8)
            });
        }
    }
}

/// `a` (finite, > 0) rounded to `n` significant digits: the digits without
/// trailing zeros, and the power of ten of the first (1.235e-4 → "1235", −4).
fn digits_of(a: f64, n: u32) -> (Vec<u8>, i32) {
    let rounded = backprop::decimal::exact(a).round(n as usize);
    (rounded.digits, rounded.exponent)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_of_read_outs_lines_up_at_the_point() {
        let mut column = ["−0.9526", "0.2494", "−0.09035", "12", "overflow", "1.235 × 10⁵"].map(String::from);
        align_at_point(&mut column);
        assert_eq!(
            column,
            [
                "−0.9526\u{2007}",
                "0.2494\u{2007}",
                "−0.09035",
                "12\u{2008}\u{2007}\u{2007}\u{2007}\u{2007}\u{2007}",
                "overflow",
                "1.235 × 10⁵"
            ]
        );
        // Whole numbers only: nothing to line up.
        let mut whole = ["3", "−12"].map(String::from);
        align_at_point(&mut whole);
        assert_eq!(whole, ["3", "−12"]);
    }

    #[test]
    fn messages_get_true_minus_signs_where_a_number_starts() {
        assert_eq!(
            with_minus_signs("learning rate must be a number from 0 to 10000, got -5"),
            "learning rate must be a number from 0 to 10000, got −5"
        );
        assert_eq!(with_minus_signs("-0.5 in [-1, -.2] (-3)"), "−0.5 in [−1, −.2] (−3)");
        // Quoted input, exponents, words and ranges keep their hyphens.
        let kept = "\"-5\" is not a number; 1e-7; x-y; 1-2; a -b";
        assert_eq!(with_minus_signs(kept), kept);
    }

    #[test]
    fn four_significant_digits_with_trailing_zeros_dropped() {
        assert_eq!(show(1.5263970037269838), "1.526");
        assert_eq!(show(4.560791790678778), "4.561");
        assert_eq!(show(0.5), "0.5");
        assert_eq!(show(2.0), "2");
        assert_eq!(show(123.456), "123.5");
        assert_eq!(show(12_346.0), "12350");
        assert_eq!(show(0.999_088_948_805_599), "0.9991");
    }

    #[test]
    fn rounding_is_of_the_exact_binary_value() {
        // 0.00012345 is stored as 0.000123449999999999992…: below the half.
        assert_eq!(show(0.00012345), "0.0001234");
        // 1.2345 is 1.23449999999999993…; 2.675 is 2.67499999999999982…
        assert_eq!(show(1.2345), "1.234");
        assert_eq!(significant(2.675, 3), "2.67");
        // 0.000099995 is 0.0000999949999…: stays below 10⁻⁴.
        assert_eq!(show(0.000099995), "9.999 × 10⁻⁵");
    }

    #[test]
    fn exact_halves_go_to_the_even_digit() {
        assert_eq!(show(9999.5), "10000");
        assert_eq!(show(99995.0), "1 × 10⁵");
        assert_eq!(show(12_345.0), "12340");
        assert_eq!(show(-12_355.0), "−12360");
        assert_eq!(show(0.125), "0.125");
        assert_eq!(significant(0.125, 2), "0.12");
        assert_eq!(significant(2.5, 1), "2");
    }

    #[test]
    fn a_true_minus_sign_and_no_negative_zero() {
        assert_eq!(show(-0.3152), "−0.3152");
        assert_eq!(show(-0.0), "0");
        assert_eq!(show(0.0), "0");
        assert_eq!(show(-3.2e-7), "−3.2 × 10⁻⁷");
        assert!(!show(-1e-300).contains('-'));
    }

    #[test]
    fn powers_of_ten_beyond_the_plain_range() {
        assert_eq!(show(8.3e-7), "8.3 × 10⁻⁷");
        assert_eq!(show(4.976e-8), "4.976 × 10⁻⁸");
        assert_eq!(show(0.0001), "0.0001");
        assert_eq!(show(0.00009), "9 × 10⁻⁵");
        assert_eq!(show(99_990.0), "99990");
        assert_eq!(show(100_000.0), "1 × 10⁵");
        assert_eq!(show(123_456.0), "1.235 × 10⁵");
        assert_eq!(show(5e-324), "4.941 × 10⁻³²⁴");
        assert_eq!(show(2.2250738585072014e-308), "2.225 × 10⁻³⁰⁸");
        assert_eq!(show(1e30), "1 × 10³⁰");
    }

    #[test]
    fn a_diverged_value_says_so() {
        assert_eq!(show(7.72e305), "> 10³⁰");
        assert_eq!(show(-2e31), "< −10³⁰");
        assert_eq!(show(f64::INFINITY), "overflow");
        assert_eq!(show(f64::NEG_INFINITY), "overflow");
        assert_eq!(show(f64::NAN), "overflow");
        assert_eq!(precise(f64::MAX), "> 10³⁰");
    }

    #[test]
    fn hover_tips_have_six_digits_and_at_most_seven_decimals() {
        assert_eq!(precise(1.5263970037269838), "1.5264");
        assert_eq!(precise(0.7290472198), "0.729047");
        assert_eq!(precise(-0.0123456789), "−0.0123457");
        assert_eq!(precise(0.00123456789), "1.23457 × 10⁻³");
        assert_eq!(precise(123_456.7), "1.23457 × 10⁵");
    }

    #[test]
    fn edit_fields_take_six_digits_in_a_form_a_number_input_accepts() {
        assert_eq!(for_editing(0.7290472198), "0.729047");
        assert_eq!(for_editing(-0.7290472198), "-0.729047");
        assert_eq!(for_editing(-1.5e-7), "-1.5e-7");
        assert_eq!(for_editing(2.5e6), "2.5e6");
        assert_eq!(for_editing(-0.0), "0");
        for v in [0.7290472198, -1.5e-7, 2.5e6, -123.456789] {
            let back: f64 = for_editing(v).parse().unwrap_or(f64::NAN);
            assert!(((back - v) / v).abs() < 5e-6, "{v} → {back}");
        }
    }

    #[test]
    fn axis_ticks_are_distinct_in_one_notation() {
        // The learning-rate lesson's axis once read "2e4, 2e4, 1e4, 5000".
        assert_eq!(
            axis_labels(&[20_000.0, 15_000.0, 10_000.0, 5_000.0]),
            ["20000", "15000", "10000", "5000"]
        );
        assert_eq!(axis_labels(&[0.0, 0.25, 0.5, 0.75]), ["0", "0.25", "0.5", "0.75"]);
        assert_eq!(axis_labels(&[-6.0, -3.0, 0.0, 3.0]), ["−6", "−3", "0", "3"]);
        // One tick needs a power of ten, so all get one.
        assert_eq!(
            axis_labels(&[0.0, 50_000.0, 100_000.0, 150_000.0]),
            ["0", "5 × 10⁴", "1 × 10⁵", "1.5 × 10⁵"]
        );
        // Decades of a log axis.
        assert_eq!(axis_labels(&[1e-6, 1e-3, 1.0, 1e3]), ["10⁻⁶", "10⁻³", "10⁰", "10³"]);
        assert_eq!(axis_labels(&[0.01, 0.1, 1.0, 10.0]), ["0.01", "0.1", "1", "10"]);
        // Ticks closer than 4 digits tell apart get more digits.
        assert_eq!(axis_labels(&[1.0001, 1.0002, 1.0003]), ["1.0001", "1.0002", "1.0003"]);
        // Beyond divergence the axis still has true labels.
        assert_eq!(axis_labels(&[0.0, 4e305, 8e305]), ["0", "4 × 10³⁰⁵", "8 × 10³⁰⁵"]);
    }
}
