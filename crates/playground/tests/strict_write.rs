//! The page's hand-written writers (`model/write.rs`) against serde's
//! derive: the same tree, keys in the same order, for every type `state()`,
//! `params()`, an export or a link writes.

use backprop::strict::Value;
use backprop::{Activation, BatchSize, DatasetKind, Feature, Loss, OptimizerKind, Regularization};
use playground::model::compare::Kind;
use playground::model::link::Head;
use playground::model::session::Session;
use playground::model::settings::Settings;
use playground::model::share::Saved;
use playground::model::write::ToTree;
use serde::{Deserialize, Serialize};

/// The tree serde writes, keys in the order written (through JSON text:
/// reading the text keeps its order, a `serde_json::Value` would sort).
fn serde_tree<T: Serialize + ?Sized>(value: &T) -> Value {
    let text = serde_json::to_string(value).expect("serialisable");
    Value::deserialize(&mut serde_json::Deserializer::from_str(&text)).expect("a tree")
}

fn same<T: Serialize + ToTree + ?Sized>(value: &T) {
    if let Some(difference) = first_difference(&value.tree(), &serde_tree(value), "") {
        panic!("{difference}");
    }
}

/// Where two trees first differ (a path of keys and indices), if they do.
fn first_difference(ours: &Value, serde: &Value, path: &str) -> Option<String> {
    match (ours, serde) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = |e: &[(String, Value)]| e.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
            if keys(a) != keys(b) {
                return Some(format!("{path}: keys {:?}, serde {:?}", keys(a), keys(b)));
            }
            a.iter()
                .zip(b)
                .find_map(|((k, x), (_, y))| first_difference(x, y, &format!("{path}.{k}")))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        (a, b) if a == b => None,
        (a, b) => Some(format!("{path}: {a:?}, serde {b:?}")),
    }
}

#[test]
fn names_and_choices_are_written_as_serde_writes_them() {
    Activation::ALL.iter().for_each(same);
    Loss::ALL.iter().for_each(same);
    Feature::ALL.iter().for_each(same);
    [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam]
        .iter()
        .for_each(same);
    [Kind::LearningRate, Kind::BatchSize].iter().for_each(same);
    DatasetKind::ALL.iter().for_each(same);
    [BatchSize::All, BatchSize::Samples(10)].iter().for_each(same);
    [
        Regularization::None,
        Regularization::L1 { rate: 0.25 },
        Regularization::L2 { rate: 1e-3 },
    ]
    .iter()
    .for_each(same);
}

/// Sessions with and without the optional parts (a comparison, a lesson's
/// weights, points added, a run in progress).
fn sessions() -> Vec<Session> {
    let mut plain = Session::new(Settings::default()).expect("defaults");
    plain.train_epochs(1);
    let mut busy = Session::new(Settings {
        optimizer: OptimizerKind::Adam,
        batch_size: BatchSize::All,
        points: 30,
        regularization: Regularization::L1 { rate: 0.01 },
        compare: Some(Kind::LearningRate),
        hidden_activations: vec![Activation::Relu],
        frozen: vec![1],
        show_test: true,
        ..Settings::default()
    })
    .expect("valid settings");
    busy.add_point(1.5, -0.5, 1.0).unwrap();
    busy.train_epochs(3);
    busy.train_batch();
    let lesson = playground::model::lessons::find("or-gate").expect("the OR-gate lesson");
    let mut taught = Session::new(Settings::default()).expect("defaults");
    lesson.load(&mut taught).expect("the lesson loads");
    vec![
        Session::new(Settings::default()).expect("defaults"),
        plain,
        busy,
        taught,
    ]
}

#[test]
fn saved_states_links_and_state_are_written_as_serde_writes_them() {
    for s in sessions() {
        same(s.settings());
        same(&Saved::of(&s));
        same(&Head::of(&s));
        same(&s.network().params());
        same(s.history().samples());
        same(&s.progress());
        same(s.history());
        let mut state = s.state();
        same(&state);
        state.message = Some("a \"quoted\" note");
        same(&state);
        let (sentence, numbers) = match playground::model::lessons::find("or-gate") {
            Some(l) => l.readout(&s),
            None => unreachable!(),
        };
        same(&(sentence, numbers));
    }
}
