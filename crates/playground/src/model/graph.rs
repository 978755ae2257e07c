//! The computational-graph view's model: a formula parsed by the engine, its
//! nodes placed in columns by depth, and a step counter that reveals the
//! forward values node by node, then the gradients node by node backward —
//! seed 001's J = cos(sin(x²) + 3x²) worked by hand, for any formula.

use std::collections::BTreeMap;

use backprop::expression::{NodeView, Op};
use backprop::Expression;

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
        let nodes = expression.nodes(&values).map_err(|e| e.to_string())?;
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
                format!(
                    "Forward, node #{} = {}: {}",
                    k - 1,
                    node.label,
                    shown("value", node.value, node)
                )
            }
            k if k < 2 * n => {
                let node = &self.nodes[2 * n - k];
                format!(
                    "Backward, node #{} = {}: {}",
                    2 * n - k,
                    node.label,
                    shown("∂J/∂(node)", node.grad, node)
                )
            }
            _ => {
                // A variable used several times collects the gradients of all
                // its nodes (micrograd's "+=").
                let mut totals: Vec<(String, f64)> = Vec::new();
                for node in &self.nodes {
                    if let Op::Variable { name } = &node.op {
                        match totals.iter_mut().find(|(n, _)| n == name) {
                            Some((_, g)) => *g += node.grad,
                            None => totals.push((name.clone(), node.grad)),
                        }
                    }
                }
                let parts: Vec<String> = totals
                    .iter()
                    .map(|(name, g)| match g {
                        g if g.is_finite() => format!("∂J/∂{name} = {}", super::number::show(*g)),
                        g if g.is_nan() => format!("∂J/∂{name} undefined"),
                        g if *g > 0.0 => format!("∂J/∂{name} +∞"),
                        _ => format!("∂J/∂{name} −∞"),
                    })
                    .collect();
                let mut text = format!(
                    "Backward, node #0 = {}: done. {} (a variable used twice adds up both of its nodes' gradients).",
                    self.nodes[0].label,
                    parts.join(", ")
                );
                for (i, node) in self.nodes.iter().enumerate() {
                    if let Some(note) = node.note {
                        text.push_str(&format!(" Undefined at #{i} {}: {note}.", node.label));
                    }
                }
                text
            }
        }
    }
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

/// Reads `"x = 1.5, y = -2"` (spaces and separators `,` `;` optional).
pub fn parse_vars(text: &str) -> Result<BTreeMap<String, f64>, String> {
    let mut values = BTreeMap::new();
    for part in text.split([',', ';']).map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| format!("write variables as name = value, like x = 1.5; got \"{part}\""))?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(format!("\"{name}\" is not a variable name"));
        }
        let v: f64 = value
            .parse()
            .map_err(|_| format!("the value of {name}, \"{value}\", is not a number"))?;
        if !v.is_finite() {
            return Err(format!("the value of {name} must be finite, got {value}"));
        }
        values.insert(name.to_string(), v);
    }
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(g.describe().contains("Backward"));
        g.step = 2 * n;
        assert!(g.grad_shown(0));
    }

    #[test]
    fn an_undefined_node_is_explained_in_words_not_nan() {
        let mut g = Graph::new("relu(log(x))", "x = -1").unwrap();
        g.step = 2; // the log node's value
        assert_eq!(
            g.describe(),
            "Forward, node #1 = log(#0): value undefined here: log of a negative number"
        );
        g.step = 3;
        assert_eq!(
            g.describe(),
            "Forward, node #2 = relu(#1): value undefined, carried from an undefined node"
        );
        g.step = g.steps();
        assert!(
            g.describe()
                .ends_with(" Undefined at #1 log(#0): log of a negative number."),
            "{}",
            g.describe()
        );
        assert!(!g.describe().contains("NaN"));
    }

    #[test]
    fn variables_are_read_strictly() {
        assert_eq!(parse_vars("x = 1.5, y=-2").unwrap().get("y"), Some(&-2.0));
        assert!(parse_vars("x").unwrap_err().contains("name = value"));
        assert!(parse_vars("x = abc").unwrap_err().contains("not a number"));
        assert!(parse_vars("x = inf").unwrap_err().contains("finite"));
        assert!(Graph::new("x + y", "x = 1")
            .err()
            .unwrap()
            .contains("variable y has no value"));
    }
}
