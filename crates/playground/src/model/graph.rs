//! The computational-graph view's model: a formula parsed by the engine, its
//! nodes placed in columns by depth, and a step counter that reveals the
//! forward values node by node, then the gradients node by node backward —
//! seed 001's J = cos(sin(x²) + 3x²) worked by hand, for any formula.
//!
//! Each node is named by the sub-expression it computes (`x²`, `sin(x²)`);
//! one written twice is one node, and its gradient is shown as the sum of
//! what each use sends back (`∂J/∂x = 3 + 3 = 6` for x·x at x = 3).

use backprop::expression::{NodeView, Op, Variables};
use backprop::Expression;

use crate::model::text::join;

/// A formula with values for its variables, ready to show.
pub struct Graph {
    expression: Expression,
    /// Every node with its forward value and gradient.
    pub nodes: Vec<NodeView>,
    /// Column of each node: 0 for constants and variables, else one more
    /// than its deepest input.
    pub depth: Vec<usize>,
    /// How far the stepping has gone: 0 = nothing computed, 1…n = forward
    /// values of the first k nodes, n+1…2n = gradients of the last k − n nodes.
    pub step: usize,
}

impl Graph {
    /// Parses `source` and evaluates it at `vars` (`"x = 1.5, y = 2"`).
    pub fn new(source: &str, vars: &str) -> Result<Graph, String> {
        let expression = Expression::parse(source).map_err(|e| e.to_string())?;
        let values = parse_vars(vars)?;
        // Said in the box's own notation (the engine's message, for scripts,
        // shows a JavaScript object).
        for name in expression.variables() {
            if values.value(&name).is_none() {
                return Err(format!(
                    "{name} has no value: add {name} = 1 (or any number) after “at”"
                ));
            }
        }
        let nodes = expression.nodes(&values[..]).map_err(|e| e.to_string())?;
        let mut depth = vec![0; nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            depth[i] = match node.op {
                Op::Constant { .. } | Op::Variable { .. } => 0,
                Op::Unary { input, .. } => depth[input] + 1,
                Op::Binary { left, right, .. } => depth[left].max(depth[right]) + 1,
            };
        }
        let step = 2 * nodes.len();
        Ok(Graph {
            expression,
            nodes,
            depth,
            step,
        })
    }

    /// The formula.
    pub fn source(&self) -> &str {
        self.expression.source()
    }

    /// Number of steps in a full forward and backward pass.
    pub fn steps(&self) -> usize {
        2 * self.nodes.len()
    }

    /// Whether node `i`'s value is revealed at the current step.
    pub fn value_shown(&self, i: usize) -> bool {
        i < self.step
    }

    /// Whether node `i`'s gradient is revealed (the backward pass runs from
    /// the last node to the first).
    pub fn grad_shown(&self, i: usize) -> bool {
        let n = self.nodes.len();
        self.step > n && i >= n - (self.step - n).min(n)
    }

    /// What the current step did, in words.
    pub fn describe(&self) -> String {
        let n = self.nodes.len();
        match self.step {
            0 => "Press Next to compute the first node.".to_string(),
            k if k <= n => {
                let node = &self.nodes[k - 1];
                format!("Forward, {}: {}", node.label, shown("value", node.value, node))
            }
            k if k < 2 * n => {
                let node = &self.nodes[2 * n - k];
                let uses = if node.parts.len() > 1 {
                    format!(
                        " — it is used {} times, and what each use sends back adds up",
                        node.parts.len()
                    )
                } else {
                    String::new()
                };
                format!("Backward, {}: {}{uses}", node.label, gradient(node))
            }
            _ => {
                // Each variable is one node, whatever the number of its uses.
                let parts: Vec<String> = self
                    .nodes
                    .iter()
                    .filter(|node| matches!(node.op, Op::Variable { .. }))
                    .map(gradient)
                    .collect();
                // A formula of constants only ("log(0)") has no gradient to list.
                let mut text = if parts.is_empty() {
                    String::from("Backward, done.")
                } else {
                    format!("Backward, done. {}.", join(&parts, ", "))
                };
                for node in &self.nodes {
                    if let Some(note) = node.note {
                        text.push_str(&format!(" Undefined at {}: {note}.", node.label));
                    }
                }
                text
            }
        }
    }
}

/// ∂J/∂(node) = its gradient, written as the sum of its uses' contributions
/// when it has several: `∂J/∂x = 3 + 3 = 6`, `∂J/∂(x²) = (−1.9) + 0.5 = −1.4`.
pub fn gradient(node: &NodeView) -> String {
    let name = match node.op {
        Op::Variable { .. } | Op::Constant { .. } => format!("∂J/∂{}", node.label),
        _ => format!("∂J/∂({})", node.label),
    };
    match sum(node) {
        Some(sum) => format!("{name} = {sum}"),
        None => shown(&name, node.grad, node),
    }
}

/// A gradient that several uses add up to, as the sum: `3 + 3 = 6`, a
/// negative term parenthesised (`1 + (−2) = −1`); `None` for a node used
/// once (or not a number).
pub fn sum(node: &NodeView) -> Option<String> {
    if node.parts.len() < 2 || !node.grad.is_finite() || !node.parts.iter().all(|p| p.is_finite()) {
        return None;
    }
    let mut text = String::new();
    for (k, &part) in node.parts.iter().enumerate() {
        if k > 0 {
            text.push_str(" + ");
        }
        let term = super::number::show(part);
        let negative = part < 0.0;
        if negative {
            text.push('(');
        }
        text.push_str(&term);
        if negative {
            text.push(')');
        }
    }
    text.push_str(" = ");
    text.push_str(&super::number::show(node.grad));
    Some(text)
}

/// `name = v`, or, where v is not a number, why — in words, never "NaN":
/// the reason where this node started it, else that it came from elsewhere.
pub fn shown(name: &str, v: f64, node: &NodeView) -> String {
    if v.is_finite() {
        return format!("{name} = {}", super::number::show(v));
    }
    let what = if v.is_nan() {
        "undefined"
    } else if v > 0.0 {
        "+∞"
    } else {
        "−∞"
    };
    match node.note {
        Some(note) => format!("{name} {what} here: {note}"),
        None => format!("{name} {what}, carried from an undefined node"),
    }
}

/// Reads `"x = 1.5, y = -2"` (spaces and separators `,` `;` optional), as
/// `(name, value)` pairs in the order written (a name given twice has its
/// last value: see `backprop::expression::Variables`).
pub fn parse_vars(text: &str) -> Result<Vec<(String, f64)>, String> {
    let mut values = Vec::new();
    for part in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| format!("write variables as name = value, like x = 1.5; got \"{part}\""))?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!("\"{name}\" is not a variable name"));
        }
        let v = backprop::decimal::parse(value)
            .ok_or_else(|| format!("the value of {name}, \"{value}\", is not a number"))?;
        if !v.is_finite() {
            return Err(format!("the value of {name} must be finite, got {value}"));
        }
        values.push((name.to_string(), v));
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use backprop::expression::Variables;

    #[test]
    fn the_seed_formula_lays_out_and_steps_forward_then_backward() {
        let mut g = Graph::new("cos(sin(x^2) + 3*x^2)", "x = 1").unwrap();
        let n = g.nodes.len();
        assert_eq!(g.depth[n - 1], *g.depth.iter().max().unwrap(), "the result is deepest");
        g.step = 0;
        assert!(!g.value_shown(0));
        g.step = n;
        assert!(g.value_shown(n - 1) && !g.grad_shown(n - 1));
        g.step = n + 1;
        assert!(g.grad_shown(n - 1) && !g.grad_shown(n - 2));
        assert_eq!(
            g.describe(),
            "Backward, cos(sin(x²) + 3·x²): ∂J/∂(cos(sin(x²) + 3·x²)) = 1"
        );
        g.step = 2 * n;
        assert!(g.grad_shown(0));
        // x² (a = x² in seed 001) feeds 3·x² and sin(x²): with
        // g = ∂J/∂d = −sin(sin 1 + 3) = 0.644125, they send back 3g = 1.93237
        // and cos(1)·g = 0.348022, which add up to 2.28040.
        g.step = 2 * n - 2;
        assert_eq!(
            g.describe(),
            "Backward, x²: ∂J/∂(x²) = 1.932 + 0.348 = 2.28 — it is used 2 times, and what each use sends back adds up"
        );
        g.step = 2 * n;
        assert_eq!(g.describe(), "Backward, done. ∂J/∂x = 4.561.");
    }

    #[test]
    fn a_variable_used_twice_is_one_node_and_its_gradient_the_sum_of_both_uses() {
        // x·x at x = 3: ∂/∂x = 3 + 3 = 6.
        let mut g = Graph::new("x*x", "x = 3").unwrap();
        let walk: Vec<String> = (1..=g.steps())
            .map(|k| {
                g.step = k;
                g.describe()
            })
            .collect();
        assert_eq!(
            walk,
            [
                "Forward, x: value = 3",
                "Forward, x·x: value = 9",
                "Backward, x·x: ∂J/∂(x·x) = 1",
                "Backward, done. ∂J/∂x = 3 + 3 = 6.",
            ]
        );
        let x = &g.nodes[0];
        assert_eq!(gradient(x), "∂J/∂x = 3 + 3 = 6");
        // A use that sends back a negative amount is parenthesised.
        let g = Graph::new("x - 2*x", "x = 1").unwrap();
        assert_eq!(gradient(&g.nodes[0]), "∂J/∂x = 1 + (−2) = −1");
    }

    #[test]
    fn an_undefined_node_is_explained_in_words_not_nan() {
        let mut g = Graph::new("relu(log(x))", "x = -1").unwrap();
        g.step = 2; // the log node's value
        assert_eq!(
            g.describe(),
            "Forward, log(x): value undefined here: log of a negative number"
        );
        g.step = 3;
        assert_eq!(
            g.describe(),
            "Forward, relu(log(x)): value undefined, carried from an undefined node"
        );
        g.step = g.steps();
        assert!(
            g.describe()
                .ends_with(" Undefined at log(x): log of a negative number."),
            "{}",
            g.describe()
        );
        assert!(!g.describe().contains("NaN"));
    }

    #[test]
    fn a_formula_without_variables_ends_in_one_sentence() {
        // Was "Backward, done. . Undefined at log(0): …": an empty list of gradients.
        let mut g = Graph::new("log(0)", "x = 1").unwrap();
        g.step = g.steps();
        assert_eq!(g.describe(), "Backward, done. Undefined at log(0): log of 0 is −∞.");
    }

    #[test]
    fn a_variable_without_a_value_is_asked_for_in_the_boxs_notation() {
        let e = Graph::new("x * y", "x = 2").err().unwrap_or_default();
        assert_eq!(e, "y has no value: add y = 1 (or any number) after “at”");
    }

    #[test]
    fn variables_are_read_strictly() {
        assert_eq!(parse_vars("x = 1.5, y=-2").unwrap()[..].value("y"), Some(-2.0));
        assert_eq!(parse_vars("x = 1.5; x = 3").unwrap()[..].value("x"), Some(3.0));
        assert!(parse_vars("x").unwrap_err().contains("name = value"));
        assert!(parse_vars("x = abc").unwrap_err().contains("not a number"));
        assert!(parse_vars("x = inf").unwrap_err().contains("finite"));
    }
}
