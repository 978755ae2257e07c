//! Expressions as computational graphs: values and gradients against closed
//! forms and central differences, and clear errors for bad input.

mod common;

use std::collections::BTreeMap;

use backprop::Expression;
use common::assert_close;

fn vars(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

/// (f(x+h) − f(x−h)) / 2h for variable `name`.
fn central_difference(e: &Expression, at: &BTreeMap<String, f64>, name: &str) -> f64 {
    let h = 1e-6;
    let mut plus = at.clone();
    let mut minus = at.clone();
    *plus.get_mut(name).unwrap() += h;
    *minus.get_mut(name).unwrap() -= h;
    (e.evaluate(&plus).unwrap() - e.evaluate(&minus).unwrap()) / (2.0 * h)
}

#[test]
fn seed_001_j_equals_cos_of_sin_x_squared_plus_3_x_squared() {
    // Seed 001: a = x², b = sin a, c = 3x², d = b + c, J = cos d, and
    // dJ/dx = −sin(d)·(cos(a)·2x + 6x).
    let e = Expression::parse("cos(sin(x^2) + 3*x^2)").unwrap();
    for x in [-2.0, -0.5, 0.0, 0.3, 1.0, 1.7] {
        let a: f64 = x * x;
        let d = a.sin() + 3.0 * a;
        let at = vars(&[("x", x)]);
        assert_close(e.evaluate(&at).unwrap(), d.cos(), 1e-14);
        let exact = -d.sin() * (a.cos() * 2.0 * x + 6.0 * x);
        let grad = e.gradient(&at).unwrap()["x"];
        assert_close(grad, exact, 1e-13);
        assert_close(grad, central_difference(&e, &at, "x"), 1e-7);
    }
}

#[test]
fn the_graph_shows_every_node_forward_and_backward() {
    let e = Expression::parse("cos(sin(x^2) + 3*x^2)").unwrap();
    let nodes = e.nodes(&vars(&[("x", 1.0)])).unwrap();
    let result = nodes.last().unwrap();
    assert_eq!(result.label, format!("cos(#{})", nodes.len() - 2));
    assert_eq!(result.grad, 1.0, "∂J/∂J = 1 starts the backward pass");
    // x appears twice; each occurrence carries its own share of dJ/dx.
    let shares: f64 = nodes.iter().filter(|n| n.label == "x").map(|n| n.grad).sum();
    assert_close(shares, e.gradient(&vars(&[("x", 1.0)])).unwrap()["x"], 1e-15);
    assert_eq!(nodes.iter().filter(|n| n.label == "x").count(), 2);
}

#[test]
fn logistic_regression_gradient_is_x_times_h_minus_y() {
    // Seed 001: J = −y log h − (1−y) log(1−h), h = σ(w·x + b); dJ/dw = x(h − y).
    let e = Expression::parse("-y*log(sigmoid(w*x + b)) - (1 - y)*log(1 - sigmoid(w*x + b))").unwrap();
    let at = vars(&[("w", 0.7), ("x", 1.5), ("b", -0.2), ("y", 1.0)]);
    let h = 1.0 / (1.0 + (-(0.7 * 1.5 - 0.2f64)).exp());
    let g = e.gradient(&at).unwrap();
    assert_close(g["w"], 1.5 * (h - 1.0), 1e-14);
    assert_close(g["b"], h - 1.0, 1e-14);
}

#[test]
fn every_function_and_operator_differentiates_correctly() {
    let formulas = [
        "sin(x) * cos(y)",
        "tan(x / 3)",
        "exp(x) - log(y)",
        "tanh(x * y)",
        "sigmoid(x - y)",
        "relu(x) + relu(-y)",
        "abs(x - 2*y)",
        "sqrt(y) ^ x",
        "x ^ 3 / (1 + y ^ 2)",
        "-x + -(-y)",
        "2^x^0.5",
        "x × y ÷ (x − y)",
    ];
    for formula in formulas {
        let e = Expression::parse(formula).unwrap();
        let at = vars(&[("x", 0.8), ("y", 1.7)]);
        let g = e.gradient(&at).unwrap();
        for name in e.variables() {
            let numeric = central_difference(&e, &at, &name);
            assert!(
                (g[&name] - numeric).abs() < 1e-6 * numeric.abs().max(1.0),
                "{formula}: d/d{name} = {} vs {numeric}",
                g[&name]
            );
        }
    }
}

#[test]
fn precedence_and_associativity_follow_the_usual_rules() {
    let value = |s: &str| Expression::parse(s).unwrap().evaluate(&BTreeMap::new()).unwrap();
    assert_eq!(value("1 + 2 * 3"), 7.0);
    assert_eq!(value("(1 + 2) * 3"), 9.0);
    assert_eq!(value("2 ^ 3 ^ 2"), 512.0);
    assert_eq!(value("-2 ^ 2"), -4.0);
    assert_eq!(value("8 / 4 / 2"), 1.0);
    assert_eq!(value("10 - 4 - 3"), 3.0);
    assert_eq!(value("1.5e2 + .5"), 150.5);
}

#[test]
fn bad_input_gets_a_message_that_says_where() {
    let err = |s: &str| Expression::parse(s).unwrap_err().message().to_string();
    assert!(err("").contains("empty"));
    assert!(err("sin(x").contains("never closed"), "{}", err("sin(x"));
    assert!(err("x +").contains("ends too early"));
    assert!(err("foo(x)").contains("unknown function \"foo\" at position 1"));
    assert!(err("2 $ 3").contains("unexpected character '$' at position 3"));
    assert!(err("x y").contains("unexpected name \"y\" at position 3"));
    assert!(err("sin + 1").contains("needs parentheses"));
    assert!(err(")").contains("unexpected ')'"));
    let e = Expression::parse("x + y").unwrap();
    assert!(e
        .evaluate(&vars(&[("x", 1.0)]))
        .unwrap_err()
        .message()
        .contains("variable y has no value"));
    assert!(e
        .evaluate(&vars(&[("x", 1.0), ("y", f64::NAN)]))
        .unwrap_err()
        .message()
        .contains("NaN"));
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let depth = 1_000;
    let deep = format!("{}x{}", "(".repeat(depth), ")".repeat(depth));
    assert!(Expression::parse(&deep)
        .unwrap_err()
        .message()
        .contains("nested more than 200"));
    let minus = format!("{}x", "-".repeat(depth));
    assert!(Expression::parse(&minus)
        .unwrap_err()
        .message()
        .contains("nested more than 200"));
    let calls = format!("{}x{}", "sin(".repeat(depth), ")".repeat(depth));
    assert!(Expression::parse(&calls)
        .unwrap_err()
        .message()
        .contains("nested more than 200"));
    let powers = format!("x{}", "^x".repeat(depth));
    assert!(Expression::parse(&powers)
        .unwrap_err()
        .message()
        .contains("nested more than 200"));
    // Far deeper still is refused by its length before any parsing.
    let huge = format!("{}x{}", "(".repeat(1_000_000), ")".repeat(1_000_000));
    assert!(Expression::parse(&huge)
        .unwrap_err()
        .message()
        .contains("at most 10000"));
    // 150 levels are fine.
    let ok = format!("{}x{}", "(".repeat(150), ")".repeat(150));
    assert_eq!(
        Expression::parse(&ok).unwrap().evaluate(&vars(&[("x", 2.0)])).unwrap(),
        2.0
    );
}

#[test]
fn huge_flat_input_is_refused_by_size() {
    let long = vec!["x"; 4000].join("+");
    assert!(Expression::parse(&long)
        .unwrap_err()
        .message()
        .contains("more than 5000 operations"));
    let longer = "1+".repeat(6000) + "1";
    assert!(Expression::parse(&longer)
        .unwrap_err()
        .message()
        .contains("at most 10000"));
}
