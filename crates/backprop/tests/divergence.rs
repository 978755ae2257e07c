//! Divergence: an overshooting learning rate is caught, the parameters from
//! before the update that overflowed are kept, training is frozen, and
//! `reset` starts over exactly.

mod common;

use backprop::{OptimizerKind, Trainer};
use common::trainers::*;

/// What a diverged trainer must look like: flagged, last parameters finite,
/// and frozen — more epochs or batches change nothing.
fn assert_diverged_and_frozen(trainer: &mut Trainer, label: &str) {
    let status = trainer.status();
    assert!(status.diverged, "{label}: did not diverge: {status:?}");
    let params = bits(trainer.network().flat_params());
    assert!(
        all_finite(trainer.network().flat_params()),
        "{label}: non-finite params kept"
    );
    assert!(trainer.train_epochs(10).is_ok(), "{label}");
    assert_eq!(trainer.train_batch().unwrap(), None, "{label}");
    assert_eq!(
        bits(trainer.network().flat_params()),
        params,
        "{label}: params moved after divergence"
    );
    assert_eq!(trainer.status(), status, "{label}: status moved after divergence");
}

/// `reset` clears the flag and restores the seed's initial parameters exactly.
fn assert_reset_restores(trainer: &mut Trainer, initial: &[u64], label: &str) {
    trainer.reset();
    let s = trainer.status();
    assert_eq!(
        (s.epoch, s.loss, s.diverged, s.position),
        (0, None, false, 0),
        "{label}"
    );
    assert_eq!(
        bits(trainer.network().flat_params()),
        initial,
        "{label}: reset did not restore the initial params"
    );
}

/// Linear regression on x ≈ 60 with mse: the curvature is ≈ 2·E[x²] ≈ 7000, so
/// any η above ≈ 2/7000 makes each step overshoot by a growing factor
/// (|1 − η·7000| > 1) until the loss overflows. At η = 10 the factor is ~7·10⁴
/// per epoch: f64 overflows within a few dozen epochs.
#[test]
fn sgd_at_learning_rate_10_diverges_keeps_finite_params_and_resets() {
    let (inputs, targets) = weight_height();
    let mut trainer = trainer_with_data(linear_regression(OptimizerKind::Sgd, 10.0), &inputs, &targets);
    let initial = bits(trainer.network().flat_params());
    trainer.train_epochs(200).unwrap();
    let diverged_at = trainer.status().epoch;
    assert!(diverged_at < 200, "stopped at epoch {diverged_at}");
    assert_diverged_and_frozen(&mut trainer, "sgd lr 10");
    assert_reset_restores(&mut trainer, &initial, "sgd lr 10");
    // And the replay diverges at the very same epoch.
    trainer.train_epochs(200).unwrap();
    assert_eq!(trainer.status().epoch, diverged_at);
    assert!(trainer.status().diverged);
}

/// A small enough rate on the same data does not trip the divergence watch.
#[test]
fn a_stable_learning_rate_does_not_diverge() {
    let (inputs, targets) = weight_height();
    let mut trainer = trainer_with_data(linear_regression(OptimizerKind::Sgd, 1e-4), &inputs, &targets);
    let first = trainer.train_epochs(1).unwrap().unwrap();
    let last = trainer.train_epochs(200).unwrap().unwrap();
    assert!(!trainer.status().diverged);
    assert!(last < first, "loss {first} → {last}");
}

/// At η = 1000, SGD and momentum blow up (the overshoot factor is ~10⁷ per step).
/// Adam does *not*, and cannot: its step η·m̂/(√v̂ + ε) is normalised by the
/// gradient's own size. By Cauchy–Schwarz on the moment sums,
/// |m̂|/√v̂ ≤ (1 − β₁)/√((1 − β₂)(1 − β₁²/β₂)) ≈ 7.27 for β = (0.9, 0.999), so
/// each step moves θ by at most ~7.3·η whatever the gradient: θ grows at most
/// linearly and never overflows (on this data it even converges). So "diverged"
/// is only checked for SGD and momentum; every kind must reset exactly.
#[test]
fn every_optimizer_at_learning_rate_1000_diverges_or_stays_bounded_and_resets() {
    let (inputs, targets) = weight_height();
    for kind in KINDS {
        let label = format!("{kind:?} lr 1000");
        let mut trainer = trainer_with_data(linear_regression(kind, 1000.0), &inputs, &targets);
        let initial = bits(trainer.network().flat_params());
        if kind == OptimizerKind::Adam {
            let (b1, b2) = (0.9f64, 0.999f64);
            let bound = 1000.0 * (1.0 - b1) / ((1.0 - b2) * (1.0 - b1 * b1 / b2)).sqrt() * (1.0 + 1e-9);
            for _ in 0..300 {
                let before = trainer.network().flat_params().to_vec();
                trainer.train_batch().unwrap().expect("adam must not diverge");
                for (p, q) in before.iter().zip(trainer.network().flat_params()) {
                    assert!((q - p).abs() <= bound, "{label}: step {} exceeds {bound}", q - p);
                }
            }
            assert!(!trainer.status().diverged, "{label}");
        } else {
            trainer.train_epochs(200).unwrap();
            assert_diverged_and_frozen(&mut trainer, &label);
        }
        assert_reset_restores(&mut trainer, &initial, &label);
    }
}
