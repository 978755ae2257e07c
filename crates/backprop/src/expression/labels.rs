//! Each node's sub-expression as a reader writes it — `x²`, `sin(x²)`,
//! `3·x²`, `sin(x²) + 3·x²` — built from its inputs' labels with only the
//! parentheses the precedence needs.

use super::{Function, Op, Operator};
use crate::decimal::Decimal;

/// Longest operand (in characters) written out inside a label; a longer one
/// shows as `…`, so every label stays short however big the formula.
pub const LABEL_OPERAND: usize = 30;

/// How tightly a label binds, loosest first: an operand binding looser
/// than its place needs parentheses.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Binds {
    Sum,
    Product,
    Negation,
    Power,
    Atom,
}

/// The labels of a tape of nodes (inputs come before the nodes using them).
/// Written by pushing pieces, not `format!`: this runs in the page.
pub(super) fn all(nodes: &[Op]) -> Vec<(String, Binds)> {
    let mut labels: Vec<(String, Binds)> = Vec::with_capacity(nodes.len());
    for op in nodes {
        let mut text = String::new();
        let binds = match op {
            Op::Constant { value } => {
                text = Decimal(*value).to_string();
                Binds::Atom
            }
            Op::Variable { name } => {
                text.push_str(name);
                Binds::Atom
            }
            Op::Unary {
                function: Function::Negate,
                input,
            } => {
                text.push('−');
                operand(&mut text, &labels[*input], Binds::Power);
                Binds::Negation
            }
            Op::Unary { function, input } => {
                text.push_str(name(*function));
                text.push('(');
                text.push_str(short(&labels[*input].0));
                text.push(')');
                Binds::Atom
            }
            Op::Binary { operator, left, right } => {
                // Left to right: the left operand may be of the same kind,
                // the right one not (a − (b − c) keeps its parentheses), nor
                // a negation (a + (−b)).
                let negated = labels[*right].1 == Binds::Negation;
                let (sign, left_at_least, right_at_least, binds) = match operator {
                    Operator::Add => (" + ", Binds::Sum, Binds::Product, Binds::Sum),
                    Operator::Subtract => (" − ", Binds::Sum, Binds::Product, Binds::Sum),
                    Operator::Multiply => ("·", Binds::Product, Binds::Power, Binds::Product),
                    Operator::Divide => ("/", Binds::Product, Binds::Power, Binds::Product),
                    Operator::Power => ("^", Binds::Atom, Binds::Atom, Binds::Power),
                };
                operand(&mut text, &labels[*left], left_at_least);
                match (operator, &nodes[*right]) {
                    // A small whole exponent as a superscript: x², x¹⁰.
                    (Operator::Power, Op::Constant { value })
                        if value.fract() == 0.0 && (0.0..100.0).contains(value) =>
                    {
                        superscript(&mut text, *value as u32)
                    }
                    _ => {
                        text.push_str(sign);
                        let at_least = if negated {
                            right_at_least.max(Binds::Power)
                        } else {
                            right_at_least
                        };
                        operand(&mut text, &labels[*right], at_least);
                    }
                }
                binds
            }
        };
        labels.push((text, binds));
    }
    labels
}

/// Appends an operand's label, in parentheses if it binds looser than
/// `at_least`, shortened to `…` if long.
fn operand(text: &mut String, (label, binds): &(String, Binds), at_least: Binds) {
    let label = short(label);
    let parenthesised = *binds < at_least && label != "…";
    if parenthesised {
        text.push('(');
    }
    text.push_str(label);
    if parenthesised {
        text.push(')');
    }
}

fn short(text: &str) -> &str {
    if text.chars().count() > LABEL_OPERAND {
        "…"
    } else {
        text
    }
}

fn name(function: Function) -> &'static str {
    match function {
        Function::Sin => "sin",
        Function::Cos => "cos",
        Function::Tan => "tan",
        Function::Exp => "exp",
        Function::Log => "log",
        Function::Tanh => "tanh",
        Function::Sigmoid => "sigmoid",
        Function::Relu => "relu",
        Function::Abs => "abs",
        Function::Sqrt => "sqrt",
        Function::Negate => "−",
    }
}

fn superscript(text: &mut String, n: u32) {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    if n >= 10 {
        text.push(DIGITS[(n / 10 % 10) as usize]);
    }
    text.push(DIGITS[(n % 10) as usize]);
}
