//! The JSON export: importing it continues the run bit for bit; files of
//! the first format still import, with a message saying what they lack.

use backprop::{BatchSize, OptimizerKind};
use playground::model::lessons::find;
use playground::model::session::Session;
use playground::model::settings::Settings;
use playground::model::share::{Saved, OLD_FORMAT};

fn session(settings: Settings) -> Session {
    Session::new(settings).expect("valid settings")
}

/// Exports and imports (through the serde tree the page also reads).
fn round_trip(s: &Session) -> Session {
    let saved = Saved::of(s);
    assert_eq!(saved.version, 2);
    let (copy, note) = saved.restore().unwrap();
    assert_eq!(note, None);
    copy
}

#[test]
fn an_imported_export_continues_the_run_bit_for_bit() {
    for optimizer in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
        let mut s = session(Settings {
            optimizer,
            batch_size: BatchSize::Samples(7),
            ..Settings::default()
        });
        s.add_point(1.5, 1.5, 0.0).unwrap();
        s.clear_points();
        s.add_points(&[
            (1.0, 2.0, 1.0),
            (-1.0, -2.0, 0.0),
            (3.0, 0.5, 1.0),
            (0.0, -4.0, 0.0),
            (-3.0, 3.0, 1.0),
        ])
        .unwrap();
        s.regenerate().unwrap();
        s.add_point(2.5, -2.5, 1.0).unwrap();
        s.train_epochs(120);
        s.train_batch(); // and a batch into epoch 121
        let mut copy = round_trip(&s);
        assert_eq!(copy.epoch(), 120);
        assert_eq!(copy.history(), s.history());
        assert_eq!(copy.points().points, s.points().points);
        s.train_epochs(10);
        copy.train_epochs(10);
        assert_eq!(copy.epoch(), 130);
        assert_eq!(
            copy.measures().train_loss.unwrap().to_bits(),
            s.measures().train_loss.unwrap().to_bits(),
            "{optimizer:?}"
        );
        assert_eq!(copy.network().params(), s.network().params());
        assert_eq!(copy.history(), s.history());
    }
}

#[test]
fn a_lessons_export_keeps_what_reset_returns_to() {
    let mut s = session(Settings::default());
    find("or-gate").unwrap().load(&mut s).unwrap();
    let start = s.network().params();
    s.train_epochs(3);
    let mut copy = round_trip(&s);
    assert_eq!(copy.network().params(), s.network().params());
    copy.reset();
    assert_eq!(copy.network().params(), start);
    assert_eq!(copy.settings().lesson.as_deref(), Some("or-gate"));
}

#[test]
fn a_first_format_file_still_imports_and_says_what_it_lacks() {
    let mut s = session(Settings::default());
    s.train_epochs(4);
    let v1 = Saved {
        version: 1,
        points: Some(s.points().points[..10].to_vec()),
        change: Default::default(),
        history: None,
        run: None,
        start: None,
        ..Saved::of(&s)
    };
    let (copy, note) = v1.restore().unwrap();
    assert_eq!(note, Some(OLD_FORMAT));
    assert_eq!(copy.points().points.len(), 10);
    assert_eq!(copy.network().params(), s.network().params());
    assert_eq!(copy.epoch(), 0);
}

#[test]
fn a_bad_run_in_a_file_is_refused_whole() {
    let mut s = session(Settings::default());
    s.train_epochs(2);
    let mut saved = Saved::of(&s);
    if let Some(run) = saved.run.as_mut() {
        run.order.truncate(3);
    }
    let Err(e) = saved.restore() else {
        panic!("a cut order is refused")
    };
    assert!(e.contains("not an order of the 125 training points"), "{e}");
    let mut saved = Saved::of(&s);
    if let Some(h) = saved.history.as_mut() {
        *h = serde_json_free_history();
    }
    let Err(e) = saved.restore() else {
        panic!("a bad history is refused")
    };
    assert!(e.contains("increasing epochs"), "{e}");
}

/// A history whose epochs go backwards, built through its serde form.
fn serde_json_free_history() -> playground::model::history::LossHistory {
    use backprop::strict::Value;
    use serde::Deserialize;
    let sample = |e: f64| {
        Value::Object(vec![
            ("epoch".into(), Value::Number(e)),
            ("train".into(), Value::Number(0.5)),
        ])
    };
    let tree = Value::Object(vec![
        ("samples".into(), Value::Array(vec![sample(3.0), sample(2.0)])),
        ("stride".into(), Value::Number(1.0)),
    ]);
    playground::model::history::LossHistory::deserialize(tree).unwrap()
}
