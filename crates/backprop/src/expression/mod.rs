//! Expressions as computational graphs: `cos(sin(x^2) + 3*x^2)` parsed into
//! nodes, evaluated forward and differentiated backward — seed 001's worked
//! example, for any formula a learner types.
//!
//! Like micrograd, each operation knows its local derivative and gradients
//! *accumulate*: a sub-expression written twice, like x² in seed 001's
//! formula, is one node, and receives both contributions.
//! Unlike micrograd the graph is a flat tape in evaluation order: forward is
//! one loop, backward is the same loop reversed — no recursion, so a deeply
//! nested formula cannot overflow the stack once parsed (and the parser
//! itself refuses nesting deeper than [`MAX_DEPTH`]).

mod labels;
mod parse;
mod rules;

pub use labels::LABEL_OPERAND;

use crate::decimal::Decimal;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{bail, Result};

/// The values an expression's variables take: a map from name to value, or
/// a list of `(name, value)` pairs, where the last pair of a name counts (as
/// inserting them into a map in order would). The page passes a list: a
/// `BTreeMap` links its tree code into the wasm (2 KB gzip).
pub trait Variables {
    /// The value of variable `name`, if it has one.
    fn value(&self, name: &str) -> Option<f64>;
}

impl Variables for BTreeMap<String, f64> {
    fn value(&self, name: &str) -> Option<f64> {
        self.get(name).copied()
    }
}

impl Variables for [(String, f64)] {
    fn value(&self, name: &str) -> Option<f64> {
        self.iter().rev().find(|(n, _)| n == name).map(|&(_, v)| v)
    }
}

/// Longest source accepted, in characters.
pub const MAX_SOURCE: usize = 10_000;
/// Most nodes in one graph.
pub const MAX_NODES: usize = 5_000;
/// Deepest nesting of parentheses, functions and operators.
pub const MAX_DEPTH: usize = 200;

/// A function of one argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Tanh,
    Sigmoid,
    Relu,
    Abs,
    Sqrt,
    /// −a
    Negate,
}

/// An operator of two arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Operator {
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

/// What a node computes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Op {
    /// A number written in the formula.
    Constant { value: f64 },
    /// A variable, given a value at evaluation.
    Variable { name: String },
    /// f(a)
    Unary { function: Function, input: usize },
    /// a ∘ b
    Binary {
        operator: Operator,
        left: usize,
        right: usize,
    },
}

/// A parsed expression: nodes in evaluation order, the last one the result.
#[derive(Debug, Clone, PartialEq)]
pub struct Expression {
    source: String,
    nodes: Vec<Op>,
}

/// One node with its values, as a learner's graph view shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeView {
    /// Position in evaluation order.
    pub id: usize,
    /// The sub-expression it computes, as a reader writes it: `x`, `x²`,
    /// `sin(x²)`, `3·x²` (an operand longer than [`LABEL_OPERAND`]
    /// characters shows as `…`).
    pub label: String,
    /// The operation and its inputs (node ids).
    pub op: Op,
    /// Forward value.
    pub value: f64,
    /// Backward value: ∂(result)/∂(this node).
    pub grad: f64,
    /// What each use of this node sends back, in the order the backward
    /// pass adds them up (`grad` is their sum): `[3, 3]` for x in x·x at
    /// x = 3; empty for the result, whose gradient is 1 to begin with.
    pub parts: Vec<f64>,
    /// Why this node's value, or the gradient it passes back to its inputs,
    /// is not a number, in words ("log of a negative number"); absent where
    /// everything is finite or an input was already undefined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
}

impl Expression {
    /// Parses a formula in variables (names of letters, digits and `_`) with
    /// `+ − × ÷ ^` (also `- * /`), parentheses, numbers and the functions sin,
    /// cos, tan, exp, log (natural), tanh, sigmoid, relu, abs, sqrt.
    pub fn parse(source: &str) -> Result<Expression> {
        if source.chars().count() > MAX_SOURCE {
            bail!(
                "the expression is {} characters long; at most {MAX_SOURCE} are allowed",
                source.chars().count()
            );
        }
        let nodes = parse::parse(source)?;
        Ok(Expression {
            source: source.to_string(),
            nodes,
        })
    }

    /// The text it was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Its variables, sorted, each once.
    pub fn variables(&self) -> Vec<String> {
        // Each inserted where it sorts (no sort: the page links no sort code).
        let mut names: Vec<String> = Vec::new();
        for op in &self.nodes {
            if let Op::Variable { name } = op {
                if let Err(at) = names.binary_search(name) {
                    names.insert(at, name.clone());
                }
            }
        }
        names
    }

    /// Every node's forward value, given every variable's value.
    fn forward(&self, vars: &(impl Variables + ?Sized)) -> Result<Vec<f64>> {
        let mut values = Vec::with_capacity(self.nodes.len());
        for op in &self.nodes {
            let v = match op {
                Op::Constant { value } => *value,
                Op::Variable { name } => match vars.value(name) {
                    Some(v) if v.is_finite() => v,
                    Some(v) => bail!("variable {name} is {}; give a finite number", Decimal(v)),
                    None => {
                        bail!("variable {name} has no value; give it one, like {{ {name}: 1 }}")
                    }
                },
                Op::Unary { function, input } => rules::apply(*function, values[*input]),
                Op::Binary { operator, left, right } => rules::combine(*operator, values[*left], values[*right]),
            };
            values.push(v);
        }
        Ok(values)
    }

    /// Every node's gradient ∂(result)/∂(node), by the chain rule backward,
    /// and the contributions it was summed from (one per use of the node).
    fn backward(&self, values: &[f64]) -> (Vec<f64>, Vec<Vec<f64>>) {
        let mut grads = vec![0.0; self.nodes.len()];
        let mut parts = vec![Vec::new(); self.nodes.len()];
        if let Some(last) = grads.last_mut() {
            *last = 1.0;
        }
        let mut send = |to: usize, amount: f64, grads: &mut Vec<f64>| {
            grads[to] += amount;
            parts[to].push(amount);
        };
        for (id, op) in self.nodes.iter().enumerate().rev() {
            let g = grads[id];
            match op {
                Op::Constant { .. } | Op::Variable { .. } => {}
                Op::Unary { function, input } => {
                    let d = rules::backward_unary(*function, g, values[*input], values[id]);
                    send(*input, d, &mut grads);
                }
                Op::Binary { operator, left, right } => {
                    let (a, b, out) = (values[*left], values[*right], values[id]);
                    let (da, db) = rules::backward_binary(*operator, g, a, b, out);
                    send(*left, da, &mut grads);
                    send(*right, db, &mut grads);
                }
            }
        }
        (grads, parts)
    }

    /// The value of the expression.
    pub fn evaluate(&self, vars: &(impl Variables + ?Sized)) -> Result<f64> {
        Ok(self.forward(vars)?.last().copied().unwrap_or(0.0))
    }

    /// ∂(expression)/∂(each variable).
    pub fn gradient(&self, vars: &(impl Variables + ?Sized)) -> Result<BTreeMap<String, f64>> {
        let values = self.forward(vars)?;
        let (grads, _) = self.backward(&values);
        let mut result: BTreeMap<String, f64> = self.variables().into_iter().map(|n| (n, 0.0)).collect();
        for (op, g) in self.nodes.iter().zip(&grads) {
            if let Op::Variable { name } = op {
                *result.entry(name.clone()).or_insert(0.0) += g;
            }
        }
        Ok(result)
    }

    /// Every node with its forward value and backward gradient.
    pub fn nodes(&self, vars: &(impl Variables + ?Sized)) -> Result<Vec<NodeView>> {
        let values = self.forward(vars)?;
        let (grads, parts) = self.backward(&values);
        let mut views = Vec::with_capacity(self.nodes.len());
        for (((id, op), (label, _)), parts) in self.nodes.iter().enumerate().zip(labels::all(&self.nodes)).zip(parts) {
            views.push(NodeView {
                id,
                label,
                op: op.clone(),
                value: values[id],
                grad: grads[id],
                parts,
                note: undefined_note(op, &values, grads[id], id),
            });
        }
        Ok(views)
    }
}

/// Why node `id` (value or passed-back gradient) is undefined, if it is the
/// node where that started; `g` is ∂J/∂(node) (a g that is itself not a
/// number came from further on, and is explained there).
fn undefined_note(op: &Op, values: &[f64], g: f64, id: usize) -> Option<&'static str> {
    let g = if g.is_finite() { g } else { 0.0 };
    match op {
        Op::Constant { .. } | Op::Variable { .. } => None,
        Op::Unary { function, input } => {
            let (a, out) = (values[*input], values[id]);
            let passed = rules::backward_unary(*function, g, a, out);
            rules::unary_undefined(*function, a, out, passed)
        }
        Op::Binary { operator, left, right } => {
            let (a, b, out) = (values[*left], values[*right], values[id]);
            let passed = rules::backward_binary(*operator, g, a, b, out);
            rules::binary_undefined(*operator, a, b, out, passed)
        }
    }
}
