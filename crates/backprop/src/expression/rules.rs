//! Each operation's value and its backward rule, side by side (micrograd's
//! layout), and what it means when one of them is not a number.
//!
//! The backward rules take the upstream gradient g = ∂J/∂out and return
//! g·∂out/∂input. They are written so that no intermediate number leaves the
//! f64 range when the result itself is representable:
//! - divide by an input instead of multiplying by its reciprocal
//!   (log′: g/a, not g·(1/a) — 1/a overflows for |a| < 5.6e-309);
//! - never square an input on its own (∂(a/b)/∂b = −(a/b)/b, not −a/(b·b),
//!   which underflows for |b| < 1.5e-154);
//! - a NaN that goes in comes out, in the value and in the gradient (no
//!   `max`/`min`/comparison that silently turns NaN into 0).

use super::{Function, Operator};
use crate::activation::Activation;
use crate::math;

/// f(a).
pub(super) fn apply(f: Function, a: f64) -> f64 {
    match f {
        Function::Sin => math::sin(a),
        Function::Cos => math::cos(a),
        Function::Tan => math::tan(a),
        Function::Exp => math::exp(a),
        Function::Log => math::ln(a),
        Function::Tanh => Activation::Tanh.apply(a),
        Function::Sigmoid => Activation::Sigmoid.apply(a),
        Function::Relu => Activation::Relu.apply(a),
        Function::Abs => a.abs(),
        Function::Sqrt => math::sqrt(a),
        Function::Negate => -a,
    }
}

/// g·f′(a), given a, out = f(a) and g = ∂J/∂out.
pub(super) fn backward_unary(f: Function, g: f64, a: f64, out: f64) -> f64 {
    match f {
        Function::Sin => g * math::cos(a),
        Function::Cos => -g * math::sin(a),
        // tan′ = 1 + tan² (|tan| < 1.7e16 in f64, so tan² cannot overflow).
        Function::Tan => g * (1.0 + out * out),
        Function::Exp => g * out,
        Function::Log => g / a,
        Function::Tanh => g * Activation::Tanh.derivative(a, out),
        Function::Sigmoid => g * Activation::Sigmoid.derivative(a, out),
        Function::Relu => g * Activation::Relu.derivative(a, out),
        // abs′ = sign(a), 0 at the kink (as relu′(0) = 0); NaN stays NaN.
        Function::Abs => {
            if a > 0.0 {
                g
            } else if a < 0.0 {
                -g
            } else if a == 0.0 {
                0.0
            } else {
                f64::NAN
            }
        }
        // √′ = 1/(2√a): +∞ at a = 0, as the curve stands vertical there.
        Function::Sqrt => g / (out + out),
        Function::Negate => -g,
    }
}

/// a ∘ b.
pub(super) fn combine(op: Operator, a: f64, b: f64) -> f64 {
    match op {
        Operator::Add => a + b,
        Operator::Subtract => a - b,
        Operator::Multiply => a * b,
        Operator::Divide => a / b,
        Operator::Power => math::pow(a, b),
    }
}

/// (g·∂out/∂a, g·∂out/∂b), given a, b, out = a ∘ b and g = ∂J/∂out.
pub(super) fn backward_binary(op: Operator, g: f64, a: f64, b: f64, out: f64) -> (f64, f64) {
    match op {
        Operator::Add => (g, g),
        Operator::Subtract => (g, -g),
        Operator::Multiply => (g * b, g * a),
        // ∂(a/b)/∂a = 1/b, ∂(a/b)/∂b = −a/b² = −(a/b)/b.
        Operator::Divide => (g / b, -g * (out / b)),
        // ∂(aᵇ)/∂a = b·aᵇ⁻¹; ∂(aᵇ)/∂b = aᵇ·ln a, defined only for a > 0 (taken
        // as 0 otherwise: for x^2 at x < 0 the exponent is a constant anyway).
        Operator::Power => {
            let da = if b == 0.0 {
                0.0
            } else {
                let slope = b * math::pow(a, b - 1.0);
                // aᵇ⁻¹ alone may overflow where g·b·aᵇ⁻¹ does not (a tiny
                // base, a negative power): then take it as (g·b·aᵇ)/a.
                if slope.is_finite() || a == 0.0 || a.is_nan() {
                    g * slope
                } else {
                    (g * b * out) / a
                }
            };
            let db = if a > 0.0 {
                g * out * math::ln(a)
            } else if a.is_nan() {
                f64::NAN
            } else {
                0.0
            };
            (da, db)
        }
    }
}

/// Why f(a), or the gradient `passed` back through it to a, is not a
/// number, in a learner's words; `None` where both are finite or where the
/// input already was not.
pub(super) fn unary_undefined(f: Function, a: f64, out: f64, passed: f64) -> Option<&'static str> {
    if !a.is_finite() {
        return None;
    }
    match f {
        Function::Log if a < 0.0 => Some("log of a negative number"),
        Function::Log if a == 0.0 => Some("log of 0 is −∞"),
        Function::Sqrt if a < 0.0 => Some("square root of a negative number"),
        Function::Sqrt if a == 0.0 => Some("the slope of √a at 0 is infinite"),
        _ if !out.is_finite() || !passed.is_finite() => Some("too large for a 64-bit number (overflow)"),
        _ => None,
    }
}

/// Why a ∘ b, or a gradient `passed` back through it, is not a number;
/// `None` where they are all finite or where an input already was not.
pub(super) fn binary_undefined(op: Operator, a: f64, b: f64, out: f64, passed: (f64, f64)) -> Option<&'static str> {
    if !a.is_finite() || !b.is_finite() {
        return None;
    }
    match op {
        Operator::Divide if b == 0.0 && a == 0.0 => Some("0 ÷ 0 has no value"),
        Operator::Divide if b == 0.0 => Some("division by 0"),
        Operator::Power if a < 0.0 && b.fract() != 0.0 => Some("a negative number to a fractional power"),
        Operator::Power if a == 0.0 && b < 0.0 => Some("0 to a negative power"),
        Operator::Power if a == 0.0 && b < 1.0 && b != 0.0 => Some("the slope of aᵇ at a = 0 is infinite"),
        _ if !out.is_finite() || !passed.0.is_finite() || !passed.1.is_finite() => {
            Some("too large for a 64-bit number (overflow)")
        }
        _ => None,
    }
}
