//! The computational-graph view's formula box: a formula on the first line,
//! the variables' values (`x = 1.5, y = 2`) on the second.

use std::collections::BTreeMap;

use backprop::expression::Variables;
use backprop::Expression;
use playground::model::graph::{parse_vars, Graph};

pub fn expression(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (source, vars) = text.split_once('\n').unwrap_or((&text, "x = 1.5"));
    // The page's path: parse, evaluate every node, lay them out.
    if let Ok(mut graph) = Graph::new(source, vars) {
        assert_eq!(graph.steps(), 2 * graph.nodes.len());
        let _ = graph.describe();
        graph.step = 0;
        let _ = graph.describe();
    }
    // The JS API's path, with every variable given a value.
    let Ok(expression) = Expression::parse(source) else {
        return;
    };
    let names = expression.variables();
    // The values given on the second line (extreme magnitudes reach the
    // edges of definition), 0.5 for any variable they leave out.
    let given = parse_vars(vars).unwrap_or_default();
    let values: BTreeMap<String, f64> = names
        .iter()
        .map(|n| (n.clone(), given[..].value(n).unwrap_or(0.5)))
        .collect();
    let (Ok(value), Ok(gradient), Ok(nodes)) = (
        expression.evaluate(&values),
        expression.gradient(&values),
        expression.nodes(&values),
    ) else {
        panic!("an expression whose variables all have values evaluates")
    };
    assert!(gradient.keys().eq(names.iter()), "one partial derivative per variable");
    let last = nodes.last().map_or(0.0, |n| n.value);
    assert!(
        last.to_bits() == value.to_bits() || (last.is_nan() && value.is_nan()),
        "the last node is the result"
    );
    // An undefined value is explained where it starts: a node that is not a
    // number either says why (its note) or has an input that is not one.
    for node in &nodes {
        let inputs: &[usize] = match &node.op {
            backprop::expression::Op::Unary { input, .. } => std::slice::from_ref(input),
            backprop::expression::Op::Binary { left, right, .. } => &[*left, *right],
            _ => &[],
        };
        let inherited = inputs.iter().any(|&i| !nodes[i].value.is_finite());
        assert!(
            node.value.is_finite() || node.note.is_some() || inherited,
            "node #{} ({}) = {} has no reason",
            node.id,
            node.label,
            node.value
        );
    }
    // A missing variable is an error, not a guess.
    if let Some(first) = names.first() {
        let mut missing = values.clone();
        missing.remove(first);
        assert!(expression.evaluate(&missing).is_err(), "a missing variable is refused");
    }
}
