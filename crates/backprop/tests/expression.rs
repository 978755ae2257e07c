//! Expressions as computational graphs: values and gradients against closed
//! forms and central differences, and clear errors for bad input.

mod common;

use std::collections::BTreeMap;

use backprop::expression::LABEL_OPERAND;
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
fn variables_are_listed_sorted_each_once() {
    let e = Expression::parse("y*x + x*zz + y + b2 + b10 + b").unwrap();
    assert_eq!(e.variables(), ["b", "b10", "b2", "x", "y", "zz"]);
    assert!(Expression::parse("3 + 4").unwrap().variables().is_empty());
}

#[test]
fn the_graph_shows_every_sub_expression_once_forward_and_backward() {
    let e = Expression::parse("cos(sin(x^2) + 3*x^2)").unwrap();
    let nodes = e.nodes(&vars(&[("x", 1.0)])).unwrap();
    let labels: Vec<&str> = nodes.iter().map(|n| n.label.as_str()).collect();
    // Seed 001's a = x², b = sin a, c = 3x², d = b + c, J = cos d: x² is
    // computed once and used twice.
    assert_eq!(
        labels,
        [
            "x",
            "2",
            "x²",
            "sin(x²)",
            "3",
            "3·x²",
            "sin(x²) + 3·x²",
            "cos(sin(x²) + 3·x²)"
        ]
    );
    let result = nodes.last().unwrap();
    assert_eq!(
        (result.grad, result.parts.len()),
        (1.0, 0),
        "∂J/∂J = 1 starts the backward pass"
    );
    // x² feeds sin and 3·: ∂J/∂a = ∂J/∂c · 3 + ∂J/∂b · cos a, in the order
    // the backward pass reaches them (3·x² is later on the tape).
    let d = 1f64.sin() + 3.0;
    let (dj_dd, x2) = (-d.sin(), &nodes[2]);
    assert_eq!(x2.parts.len(), 2);
    assert_close(x2.parts[0], dj_dd * 3.0, 1e-15);
    assert_close(x2.parts[1], dj_dd * 1f64.cos(), 1e-15);
    assert_eq!(x2.grad, x2.parts[0] + x2.parts[1]);
    assert_eq!(nodes[0].grad, e.gradient(&vars(&[("x", 1.0)])).unwrap()["x"]);
}

#[test]
fn a_variable_used_twice_is_one_node_whose_gradient_adds_both_uses() {
    // x·x at x = 3: ∂/∂x = 3 + 3 = 6.
    let nodes = Expression::parse("x*x").unwrap().nodes(&vars(&[("x", 3.0)])).unwrap();
    assert_eq!(nodes.len(), 2);
    assert_eq!((nodes[1].label.as_str(), nodes[1].value), ("x·x", 9.0));
    assert_eq!(
        (nodes[0].label.as_str(), nodes[0].parts.clone(), nodes[0].grad),
        ("x", vec![3.0, 3.0], 6.0)
    );
    // x − x: the two uses send back 1 and −1.
    let nodes = Expression::parse("x - x").unwrap().nodes(&vars(&[("x", 3.0)])).unwrap();
    assert_eq!((nodes[0].parts.clone(), nodes[0].grad), (vec![1.0, -1.0], 0.0));
}

#[test]
fn labels_are_written_as_a_reader_writes_them() {
    for (formula, label) in [
        ("(x + 1)^2", "(x + 1)²"),
        ("-x^2", "−x²"),
        ("(-x)^2", "(−x)²"),
        ("x^10", "x¹⁰"),
        ("(x^2)^3", "(x²)³"),
        ("x^2^3", "x^(2³)"),
        ("x^0.5", "x^0.5"),
        ("x^(1/2)", "x^(1/2)"),
        ("2^x", "2^x"),
        ("sin(x)^2", "sin(x)²"),
        ("(2*x)^2", "(2·x)²"),
        ("a - b - c", "a − b − c"),
        ("a - (b - c)", "a − (b − c)"),
        ("a + -b", "a + (−b)"),
        ("-(a + b)", "−(a + b)"),
        ("-(3*x)", "−(3·x)"),
        ("a*b*c", "a·b·c"),
        ("a*(b*c)", "a·(b·c)"),
        ("a/(b*c)", "a/(b·c)"),
        ("(a + b)*c", "(a + b)·c"),
        ("exp(-x)", "exp(−x)"),
        ("1.5*x", "1.5·x"),
        ("sigmoid(w*x + b)", "sigmoid(w·x + b)"),
    ] {
        let e = Expression::parse(formula).unwrap();
        let at: BTreeMap<String, f64> = e.variables().into_iter().map(|v| (v, 1.0)).collect();
        assert_eq!(e.nodes(&at).unwrap().last().unwrap().label, label, "{formula}");
    }
    // An operand longer than 30 characters shows as "…": every label stays
    // short ("a + … + i" is 33).
    let e = Expression::parse("sin(a + b + c + d + e + f + g + h + i + j + k)*2").unwrap();
    let at: BTreeMap<String, f64> = e.variables().into_iter().map(|v| (v, 1.0)).collect();
    let labels: Vec<String> = e.nodes(&at).unwrap().into_iter().map(|n| n.label).collect();
    assert!(
        labels.iter().any(|l| l == "a + b + c + d + e + f + g + h + i"),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l == "… + j"), "{labels:?}");
    assert_eq!(labels.last().unwrap(), "sin(… + j + k)·2");
    assert!(
        labels.iter().all(|l| l.chars().count() <= 2 * LABEL_OPERAND + 3),
        "{labels:?}"
    );
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
    // A name written twice is one node, so 52 one-letter names in turn:
    // 4999 terms are 52 variables and 4998 additions.
    let letters: Vec<String> = ('a'..='z').chain('A'..='Z').map(String::from).collect();
    let long = (0..4999)
        .map(|i| letters[i % 52].as_str())
        .collect::<Vec<_>>()
        .join("+");
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
