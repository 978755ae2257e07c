//! Formulas where floating point gets thin: values and gradients at the
//! edges of definition, each with the exact value mathematics gives, and a
//! property test of gradients against central differences on random formulas.

mod common;

use std::collections::BTreeMap;

use backprop::{Expression, Rng};
use common::assert_close;

fn at(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn value(formula: &str, vars: &[(&str, f64)]) -> f64 {
    Expression::parse(formula).unwrap().evaluate(&at(vars)).unwrap()
}

fn grad(formula: &str, vars: &[(&str, f64)], name: &str) -> f64 {
    Expression::parse(formula).unwrap().gradient(&at(vars)).unwrap()[name]
}

/// The note on the node that made the formula undefined (the first one found).
fn note(formula: &str, vars: &[(&str, f64)]) -> Option<&'static str> {
    let nodes = Expression::parse(formula).unwrap().nodes(&at(vars)).unwrap();
    nodes.iter().find_map(|n| n.note)
}

#[test]
fn relu_passes_nan_through_in_the_value_and_the_gradient() {
    // PyTorch (float64): relu(sqrt(-1)) = nan, d/dx = nan.
    assert!(value("relu(sqrt(x))", &[("x", -1.0)]).is_nan());
    assert!(grad("relu(sqrt(x))", &[("x", -1.0)], "x").is_nan());
    assert!(value("abs(sqrt(x))", &[("x", -1.0)]).is_nan());
    assert!(grad("abs(sqrt(x))", &[("x", -1.0)], "x").is_nan());
    assert_eq!(
        note("relu(sqrt(x))", &[("x", -1.0)]),
        Some("square root of a negative number")
    );
}

#[test]
fn the_quotient_rule_does_not_underflow_for_tiny_divisors() {
    // ∂(x/y)/∂y = −x/y² = −1e-200/1e-340 = −1e140 (y² alone is 1e-340: below f64).
    let vars = [("x", 1e-200), ("y", 1e-170)];
    assert_close(grad("x/y", &vars, "y"), -1e140, 1e-15);
    assert_close(grad("x/y", &vars, "x"), 1e170, 1e-15);
    assert_eq!(note("x/y", &vars), None);
}

#[test]
fn log_and_division_divide_instead_of_overflowing_a_reciprocal() {
    // ∂(1e-300·ln x)/∂x = 1e-300/x = 1e10 at x = 1e-310 (1/x alone overflows).
    // 1e-310 is subnormal (about 13 significant digits), so 1e-12 relative.
    assert_close(grad("1e-300*log(x)", &[("x", 1e-310)], "x"), 1e10, 1e-12);
    // ∂(1e-300·(1/x))… the same through a quotient: ∂(c/x)/∂c = 1/x, upstream 1e-300.
    assert_close(grad("1e-300*(c/x)", &[("c", 1.0), ("x", 1e-310)], "c"), 1e10, 1e-12);
}

/// What a formula gives outside its domain, as the README documents it.
#[test]
fn outside_the_domain_the_answers_are_ieee_values_with_a_reason() {
    assert!(value("log(x)", &[("x", -1.0)]).is_nan());
    assert_eq!(note("log(x)", &[("x", -1.0)]), Some("log of a negative number"));
    assert_eq!(value("log(x)", &[("x", 0.0)]), f64::NEG_INFINITY);
    assert_eq!(note("log(x)", &[("x", 0.0)]), Some("log of 0 is −∞"));
    assert_eq!(value("1/x", &[("x", 0.0)]), f64::INFINITY);
    assert_eq!(note("1/x", &[("x", 0.0)]), Some("division by 0"));
    assert_eq!(note("x/x", &[("x", 0.0)]), Some("0 ÷ 0 has no value"));
    assert!(value("x^0.5", &[("x", -4.0)]).is_nan());
    assert_eq!(
        note("x^0.5", &[("x", -4.0)]),
        Some("a negative number to a fractional power")
    );
    assert_eq!(note("x^y", &[("x", 0.0), ("y", -1.0)]), Some("0 to a negative power"));
    assert_eq!(
        note("exp(x)", &[("x", 800.0)]),
        Some("too large for a 64-bit number (overflow)")
    );
    // ∂(aᵇ)/∂b = aᵇ·ln a is taken as 0 where a ≤ 0 (x² at x < 0: the exponent is a constant).
    assert_eq!(grad("x^y", &[("x", -2.0), ("y", 2.0)], "y"), 0.0);
    assert_eq!(grad("x^y", &[("x", -2.0), ("y", 2.0)], "x"), -4.0);
    // The kinks: relu′(0) = abs′(0) = 0; the vertical tangent sqrt′(0) = +∞.
    assert_eq!(grad("relu(x)", &[("x", 0.0)], "x"), 0.0);
    assert_eq!(grad("abs(x)", &[("x", 0.0)], "x"), 0.0);
    assert_eq!(grad("sqrt(x)", &[("x", 0.0)], "x"), f64::INFINITY);
    assert_eq!(note("sqrt(x)", &[("x", 0.0)]), Some("the slope of √a at 0 is infinite"));
    // Finite everywhere: no note at all.
    assert_eq!(note("cos(sin(x^2) + 3*x^2)", &[("x", 1.0)]), None);
}

/// A random formula over x, y, z using every operator and function.
fn random_formula(rng: &mut Rng, depth: usize) -> String {
    const FUNCTIONS: [&str; 10] = [
        "sin", "cos", "tan", "exp", "log", "tanh", "sigmoid", "relu", "abs", "sqrt",
    ];
    const OPERATORS: [&str; 5] = ["+", "-", "*", "/", "^"];
    let pick = |rng: &mut Rng, n: usize| rng.below(n as u32) as usize;
    if depth == 0 || pick(rng, 4) == 0 {
        return match pick(rng, 4) {
            0 => "x".to_string(),
            1 => "y".to_string(),
            2 => "z".to_string(),
            _ => format!("{:.2}", 0.25 + 2.0 * rng.uniform()),
        };
    }
    match pick(rng, 3) {
        0 => format!(
            "{}({})",
            FUNCTIONS[pick(rng, FUNCTIONS.len())],
            random_formula(rng, depth - 1)
        ),
        1 => format!("-({})", random_formula(rng, depth - 1)),
        _ => {
            let op = OPERATORS[pick(rng, OPERATORS.len())];
            // Powers with a small constant exponent keep values moderate.
            let right = if op == "^" {
                format!("{}", 1 + pick(rng, 3))
            } else {
                random_formula(rng, depth - 1)
            };
            format!("({}) {op} ({right})", random_formula(rng, depth - 1))
        }
    }
}

/// Central difference (f(v+h) − f(v−h))/2h of `name`.
fn central(e: &Expression, vars: &BTreeMap<String, f64>, name: &str, h: f64) -> f64 {
    let (mut plus, mut minus) = (vars.clone(), vars.clone());
    *plus.get_mut(name).unwrap() += h;
    *minus.get_mut(name).unwrap() -= h;
    (e.evaluate(&plus).unwrap() - e.evaluate(&minus).unwrap()) / (2.0 * h)
}

/// Where the formula is smooth around the point (two step sizes agree), the
/// backward pass equals the central difference. Points near a kink, a pole or
/// outside the domain fail the smoothness test and are skipped; most are not.
#[test]
fn gradients_of_random_formulas_match_central_differences_where_smooth() {
    let mut rng = Rng::new(15);
    let (mut checked, mut formulas) = (0, 0);
    while formulas < 300 {
        let source = random_formula(&mut rng, 4);
        let e = Expression::parse(&source).unwrap();
        formulas += 1;
        for _ in 0..3 {
            let vars: BTreeMap<String, f64> = ["x", "y", "z"]
                .iter()
                .map(|n| (n.to_string(), 4.0 * rng.uniform() - 2.0))
                .collect();
            let f = e.evaluate(&vars).unwrap();
            // Every node defined, forward and backward (sqrt(z − z) is 0 for
            // every z, but its slope at 0 is not: PyTorch says NaN there too).
            let defined = e
                .nodes(&vars)
                .unwrap()
                .iter()
                .all(|n| n.value.is_finite() && n.grad.is_finite());
            if !defined || f.abs() > 1e6 {
                continue;
            }
            let g = e.gradient(&vars).unwrap();
            for name in e.variables() {
                let (coarse, fine) = (central(&e, &vars, &name, 1e-4), central(&e, &vars, &name, 1e-5));
                let smooth = coarse.is_finite()
                    && fine.is_finite()
                    && (coarse - fine).abs() <= 1e-6 * fine.abs().max(1.0)
                    && fine.abs() < 1e6;
                if !smooth {
                    continue;
                }
                assert!(
                    (g[&name] - fine).abs() <= 1e-6 * fine.abs().max(1.0),
                    "{source} at {vars:?}: ∂/∂{name} = {} but the central difference is {fine}",
                    g[&name]
                );
                checked += 1;
            }
        }
    }
    eprintln!("{checked} partial derivatives checked over {formulas} formulas");
    assert!(checked >= 300, "only {checked} smooth points were checked");
}
