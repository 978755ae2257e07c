//! The page's hand-written readers (`model/read.rs`) against serde's derive:
//! a saved state, a link's head, a settings object and their parts read to
//! the same value, or are refused with the same message, for a valid tree
//! and every variation of it one edit away.

#[path = "support/trees.rs"]
mod trees;

use backprop::{BatchSize, OptimizerKind, Regularization};
use playground::model::change::Change;
use playground::model::compare::Kind;
use playground::model::history::LossHistory;
use playground::model::link::Head;
use playground::model::session::Session;
use playground::model::settings::Settings;
use playground::model::share::Saved;
use trees::{agree, tree_of};

/// A session with a bit of everything a state holds: points added, a
/// lesson-free run two epochs and a batch in, Adam's memory.
fn session() -> Session {
    let mut s = Session::new(Settings {
        optimizer: OptimizerKind::Adam,
        batch_size: BatchSize::Samples(7),
        points: 30,
        regularization: Regularization::L2 { rate: 0.01 },
        compare: Some(Kind::BatchSize),
        hidden_activations: vec![backprop::Activation::Relu],
        frozen: vec![1],
        ..Settings::default()
    })
    .expect("valid settings");
    s.add_point(1.5, -0.5, 1.0).unwrap();
    s.train_epochs(2);
    s.train_batch();
    s
}

#[test]
fn settings_read_as_serde_reads_them() {
    let checked = agree::<Settings>(&tree_of(&session().settings().clone()));
    assert!(checked > 1000, "{checked} trees");
}

#[test]
fn a_saved_state_reads_as_serde_reads_it() {
    let s = session();
    let saved = Saved::of(&s);
    agree::<Saved>(&tree_of(&saved));
    agree::<Change>(&tree_of(&saved.change));
    agree::<LossHistory>(&tree_of(s.history()));
    // Version 1 kept every point in "points".
    let mut old = tree_of(&saved);
    if let backprop::strict::Value::Object(entries) = &mut old {
        entries.retain(|(k, _)| k == "version" || k == "config");
        entries[0].1 = backprop::strict::Value::Number(1.0);
        entries.push(("points".into(), tree_of(&s.points().points[..2].to_vec())));
    }
    agree::<Saved>(&old);
}

#[test]
fn a_links_head_reads_as_serde_reads_it() {
    agree::<Head>(&tree_of(&Head::of(&session())));
}
