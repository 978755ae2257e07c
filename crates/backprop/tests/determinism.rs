//! Determinism: the same config and data train to bit-identical parameters
//! (the playground replays a seed; a test in CI and a learner's browser must
//! see the same numbers), and a time budget that splits epochs across calls
//! does not change the path.

mod common;

use backprop::{BatchSize, OptimizerKind};
use common::trainers::*;

/// Every optimizer × batch size (SGD, mini-batch with a short last batch,
/// full batch) × shuffle: two trainers from the same config and data agree on
/// every bit after 20 epochs, and so do their statuses.
#[test]
fn same_config_and_data_train_to_bit_identical_params() {
    let (inputs, targets) = xor_data();
    for kind in KINDS {
        for batch in [BatchSize::Samples(1), BatchSize::Samples(7), BatchSize::All] {
            for shuffle in [true, false] {
                let config = classifier(kind, batch, shuffle, 9);
                let mut first = trainer_with_data(config.clone(), &inputs, &targets);
                let mut second = trainer_with_data(config, &inputs, &targets);
                first.train_epochs(20).unwrap();
                second.train_epochs(20).unwrap();
                let label = format!("{kind:?} {batch:?} shuffle={shuffle}");
                let params = first.network().flat_params();
                assert_eq!(bits(params), bits(second.network().flat_params()), "{label}");
                assert!(all_finite(params), "{label}");
                let (s1, s2) = (first.status(), second.status());
                assert_eq!((s1.epoch, s1.position, s1.diverged), (20, 0, false), "{label}");
                assert_eq!(s1.loss.map(f64::to_bits), s2.loss.map(f64::to_bits), "{label}");
            }
        }
    }
}

/// The seed really is used: different seeds give different initial weights,
/// hence different trained weights — for every optimizer, batch size and shuffle.
#[test]
fn different_seeds_give_different_params() {
    let (inputs, targets) = xor_data();
    for kind in KINDS {
        for batch in [BatchSize::Samples(1), BatchSize::Samples(7), BatchSize::All] {
            for shuffle in [true, false] {
                let mut a = trainer_with_data(classifier(kind, batch, shuffle, 1), &inputs, &targets);
                let mut b = trainer_with_data(classifier(kind, batch, shuffle, 2), &inputs, &targets);
                assert_ne!(bits(a.network().flat_params()), bits(b.network().flat_params()));
                a.train_epochs(20).unwrap();
                b.train_epochs(20).unwrap();
                assert_ne!(
                    bits(a.network().flat_params()),
                    bits(b.network().flat_params()),
                    "{kind:?} {batch:?} shuffle={shuffle}"
                );
            }
        }
    }
}

/// Shuffling draws from its own stream: it never changes the initial weights,
/// but with batches smaller than the data it does change the path.
#[test]
fn shuffle_changes_the_path_but_not_the_start() {
    let (inputs, targets) = xor_data();
    for batch in [BatchSize::Samples(1), BatchSize::Samples(7)] {
        let mut on = trainer_with_data(classifier(OptimizerKind::Sgd, batch, true, 3), &inputs, &targets);
        let mut off = trainer_with_data(classifier(OptimizerKind::Sgd, batch, false, 3), &inputs, &targets);
        assert_eq!(bits(on.network().flat_params()), bits(off.network().flat_params()));
        on.train_epochs(5).unwrap();
        off.train_epochs(5).unwrap();
        assert_ne!(
            bits(on.network().flat_params()),
            bits(off.network().flat_params()),
            "{batch:?}"
        );
    }
}

/// `reset` replays: the shuffle stream and the optimizer's memory (velocity,
/// Adam's moments and βᵗ) restart too, so a second run is bit-identical to the first.
#[test]
fn reset_then_retrain_replays_the_same_run() {
    let (inputs, targets) = xor_data();
    for kind in KINDS {
        let mut trainer = trainer_with_data(classifier(kind, BatchSize::Samples(7), true, 4), &inputs, &targets);
        let initial = bits(trainer.network().flat_params());
        trainer.train_epochs(20).unwrap();
        let first_run = bits(trainer.network().flat_params());
        trainer.reset();
        assert_eq!(bits(trainer.network().flat_params()), initial, "{kind:?}");
        trainer.train_epochs(20).unwrap();
        assert_eq!(bits(trainer.network().flat_params()), first_run, "{kind:?}");
    }
}

#[test]
fn a_time_budget_splits_epochs_across_calls_without_changing_the_path() {
    let (inputs, targets) = xor_data();
    for kind in KINDS {
        let config = classifier(kind, BatchSize::Samples(7), true, 9);
        let mut whole = trainer_with_data(config.clone(), &inputs, &targets);
        whole.train_epochs(20).unwrap();
        // A "clock" that runs out after every 3 batches, as a slow frame would.
        let mut split = trainer_with_data(config, &inputs, &targets);
        let (mut batches, mut calls, mut epochs) = (0, 0, 0);
        while epochs < 20 {
            epochs += split
                .train_until(20 - epochs, &mut || {
                    batches += 1;
                    batches % 3 == 0
                })
                .unwrap();
            calls += 1;
        }
        assert!(calls > 20, "{kind:?}: the budget cut epochs short ({calls} calls)");
        assert_eq!(split.status(), whole.status(), "{kind:?}");
        assert_eq!(
            bits(split.network().flat_params()),
            bits(whole.network().flat_params()),
            "{kind:?}"
        );
        // With time to spare it stops at the epochs asked for.
        assert_eq!(split.train_until(2, &mut || false).unwrap(), 2);
        assert_eq!(split.status().epoch, 22);
    }
}
