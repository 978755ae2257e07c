//! Every lesson loads and shows the number its tutorial computes. The
//! expected numbers are read from the tutorials' own numpy code's output in
//! `tests/reference/*.out` (as the engine's `seeds.rs` does), not copied.

// The engine's test helpers: the `.out` file reader.
#[path = "../../backprop/tests/common/mod.rs"]
mod common;

use common::Reference;
use playground::model::lessons::{all, find};
use playground::model::session::Session;
use playground::model::settings::Settings;

fn load(id: &str) -> (Session, playground::model::lessons::Lesson) {
    let lesson = find(id).unwrap_or_else(|| panic!("no lesson {id}"));
    let mut session = Session::new(Settings::default()).unwrap();
    lesson.load(&mut session).unwrap();
    (session, lesson)
}

fn value(id: &str, session: &Session) -> Vec<f64> {
    find(id).unwrap().readout(session).1
}

#[test]
fn every_lesson_loads_and_has_a_readout() {
    for lesson in all() {
        let (session, _) = load(lesson.id);
        let (text, numbers) = lesson.readout(&session);
        assert!(!text.is_empty() && !numbers.is_empty(), "{}: {text}", lesson.id);
        assert_eq!(session.settings().lesson.as_deref(), Some(lesson.id));
    }
}

#[test]
fn the_single_neuron_outputs_0_999() {
    let (s, _) = load("neuron");
    let expected = Reference::load("seed003_simple_net.out").number("neuron_w01_b4_x23");
    assert_eq!(value("neuron", &s), vec![expected]);
}

#[test]
fn the_2_2_1_network_outputs_0_7216() {
    let (s, _) = load("feedforward");
    let expected = Reference::load("seed003_simple_net.out").number("network_out");
    assert_eq!(value("feedforward", &s), vec![expected]);
}

#[test]
fn alices_gradient_is_0_02147() {
    let (s, l) = load("alice-gradient");
    let g = value("alice-gradient", &s)[0];
    assert_eq!(format!("{g:.5}"), "0.02147");
    assert_eq!(l.readout(&s).0, "∂L/∂w₁ for this example: 0.02147");
}

#[test]
fn the_or_gate_cost_falls_from_0_089_to_0_084_in_one_step_and_reset_returns() {
    let numpy = Reference::load("seed002_or_gate.out");
    let (mut s, _) = load("or-gate");
    let close = |got: f64, name: &str| {
        let want = numpy.number(name);
        assert!((got - want).abs() <= 1e-12 * want, "{name}: {got} vs numpy's {want}");
    };
    close(value("or-gate", &s)[0], "cost");
    assert_eq!(
        format!("{:.3}", value("or-gate", &s)[0]),
        "0.089",
        "the tutorial's printed cost"
    );
    s.train_epochs(1);
    close(value("or-gate", &s)[0], "cost_after_step");
    assert_eq!(format!("{:.3}", value("or-gate", &s)[0]), "0.084");
    s.reset();
    close(value("or-gate", &s)[0], "cost");
    s.train_epochs(1000);
    close(value("or-gate", &s)[0], "cost_after_1000_updates");
    s.train_epochs(2000);
    close(value("or-gate", &s)[0], "cost_after_3000_updates");
    s.train_epochs(2000);
    close(value("or-gate", &s)[0], "cost_after_5000_updates");
    assert_eq!(format!("{:.4}", value("or-gate", &s)[0]), "0.0005");
}

#[test]
fn the_gender_network_learns_emily_f_and_frank_m() {
    let (mut s, _) = load("gender");
    s.train_epochs(1000);
    let v = value("gender", &s);
    // Seed 003's own loop run with numpy from the same seed-42 start.
    let numpy = Reference::load("seed003_simple_net.out");
    assert!((v[0] - numpy.number("emily")).abs() < 1e-9, "Emily {}", v[0]);
    assert!((v[1] - numpy.number("frank")).abs() < 1e-9, "Frank {}", v[1]);
}

#[test]
fn linear_regression_settles_on_the_tutorials_line() {
    let (mut s, _) = load("linear-regression");
    s.train_epochs(12);
    let v = value("linear-regression", &s);
    // Seed 000's loop run with numpy: intercept 0.05203…, slope 2.50508….
    let numpy = Reference::load("seed000_linear_regression.out");
    let (intercept, slope) = (
        numpy.number("final_intercept (returned)"),
        numpy.number("final_slope (returned)"),
    );
    assert!((v[0] - intercept).abs() < 1e-12, "intercept {} vs {intercept}", v[0]);
    assert!((v[1] - slope).abs() < 1e-12, "slope {} vs {slope}", v[1]);
}

#[test]
fn logistic_regression_gradient_is_x_times_h_minus_y() {
    let (s, _) = load("logistic-regression");
    let v = value("logistic-regression", &s);
    assert!((v[0] - v[1]).abs() < 1e-15, "x(h−y) = {} vs backprop {}", v[0], v[1]);
}

#[test]
fn learning_rate_too_large_diverges_and_right_converges() {
    let (mut s, _) = load("learning-rate");
    s.train_epochs(20);
    let right = value("learning-rate", &s)[0];
    assert!(right < 21.0, "{right}");
    let mut next = s.settings().clone();
    next.learning_rate = 0.001;
    s.apply(next).unwrap();
    s.reset();
    s.train_epochs(200);
    assert!(s.diverged());
}

#[test]
fn the_dosage_bell_is_fitted_by_20_relu_units() {
    let (mut s, _) = load("dosage");
    let before = value("dosage", &s)[0];
    s.train_epochs(1500);
    let after = value("dosage", &s)[0];
    assert!(after < before / 5.0 && after < 0.02, "cost {before} → {after}");
}

#[test]
fn the_intercept_alone_descends_to_the_mean_residual_with_the_slope_held() {
    let (mut s, _) = load("intercept");
    s.train_epochs(200);
    let v = value("intercept", &s);
    // With the slope fixed at 2.5 the best intercept is mean(height − 2.5·weight).
    let points = &s.points().points;
    let best = points.iter().map(|p| p.y - 2.5 * p.x).sum::<f64>() / points.len() as f64;
    assert_eq!(v[1], 2.5, "the slope never moved");
    assert!((v[0] - best).abs() < 1e-9, "intercept {} vs {best}", v[0]);
}
