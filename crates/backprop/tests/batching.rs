//! Batching: how many updates an epoch makes, that an epoch is exactly the
//! sequence of gradient steps it claims to be, and that the preview of the
//! next update is that update.

mod common;

use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Loss, Matrix, NetworkConfig, OptimizerConfig,
    OptimizerKind, Rng, Trainer, TrainerConfig,
};
use common::trainers::*;

/// Ten regression samples with two inputs (linear targets plus noise).
fn ten_samples() -> (Matrix, Matrix) {
    let mut rng = Rng::new(10);
    let x: Vec<Vec<f64>> = (0..10).map(|_| vec![rng.gauss(), rng.gauss()]).collect();
    let y: Vec<Vec<f64>> = x.iter().map(|r| vec![0.5 * r[0] - r[1] + 0.1 * rng.gauss()]).collect();
    (
        Matrix::from_rows(&x, 2, "inputs").unwrap(),
        Matrix::from_rows(&y, 1, "targets").unwrap(),
    )
}

fn regression_trainer(batch_size: BatchSize, shuffle: bool) -> Trainer {
    let mut network = NetworkConfig::new(&[2, 3, 1]);
    network.activation = Some(Activation::Tanh);
    network.output_activation = Some(Activation::Linear);
    let config = TrainerConfig {
        network,
        optimizer: OptimizerConfig {
            kind: OptimizerKind::Sgd,
            learning_rate: 0.1,
            batch_size,
            shuffle,
            ..OptimizerConfig::default()
        },
        regularization: None,
        seed: Some(8),
    };
    let (x, y) = ten_samples();
    trainer_with_data(config, &x, &y)
}

/// Ten samples in batches of four: updates after samples 4, 8 and 10 — the
/// last batch is short and ends the epoch (it never spills into the next).
/// The epoch's loss is the batches' before-update losses weighted by size.
#[test]
fn ten_samples_in_batches_of_four_make_three_updates_per_epoch() {
    for shuffle in [false, true] {
        let mut trainer = regression_trainer(BatchSize::Samples(4), shuffle);
        for epoch in 0..3u64 {
            let mut losses = Vec::new();
            for (step, expected_position) in [4, 8, 0].into_iter().enumerate() {
                let before = bits(trainer.network().flat_params());
                losses.push(trainer.train_batch().unwrap().expect("no divergence"));
                let s = trainer.status();
                assert_eq!(
                    s.position, expected_position,
                    "shuffle={shuffle} epoch {epoch} step {step}"
                );
                let done = expected_position == 0;
                assert_eq!(
                    s.epoch,
                    epoch + u64::from(done),
                    "shuffle={shuffle} epoch {epoch} step {step}"
                );
                assert_ne!(
                    bits(trainer.network().flat_params()),
                    before,
                    "each batch is one update"
                );
            }
            let weighted = (4.0 * losses[0] + 4.0 * losses[1] + 2.0 * losses[2]) / 10.0;
            let reported = trainer.status().loss.unwrap();
            assert!(
                (reported - weighted).abs() <= 1e-15 * weighted.abs(),
                "{reported} vs {weighted}"
            );
        }
    }
}

/// With shuffle off, an epoch is exactly the gradient steps it claims to be:
/// batch 1 ≡ ten `Network::step`s on rows 0..9 in order; batch 4 ≡ steps on
/// rows 0–3, 4–7, 8–9; "all" ≡ one step on everything. Bit for bit: SGD and
/// `step` both compute θ − η·g from the same mean gradient.
#[test]
fn an_unshuffled_epoch_equals_manual_steps_in_order() {
    let (x, y) = ten_samples();
    let rows = |range: std::ops::Range<usize>| {
        let xs: Vec<Vec<f64>> = range.clone().map(|r| x.row(r).to_vec()).collect();
        let ys: Vec<Vec<f64>> = range.map(|r| y.row(r).to_vec()).collect();
        (
            Matrix::from_rows(&xs, 2, "x").unwrap(),
            Matrix::from_rows(&ys, 1, "y").unwrap(),
        )
    };
    let plans: [(BatchSize, Vec<std::ops::Range<usize>>); 3] = [
        (BatchSize::Samples(1), (0..10).map(|r| r..r + 1).collect()),
        (BatchSize::Samples(4), vec![0..4, 4..8, 8..10]),
        (BatchSize::All, std::iter::once(0..10).collect()),
    ];
    for (batch, plan) in plans {
        let mut trainer = regression_trainer(batch, false);
        let mut network = trainer.network().clone();
        trainer.train_epochs(1).unwrap();
        let mut manual_loss = 0.0;
        for range in plan {
            let n = range.len() as f64;
            let (xb, yb) = rows(range);
            manual_loss += n * network.step(&xb, &yb, 0.1).unwrap();
        }
        assert_eq!(
            bits(trainer.network().flat_params()),
            bits(network.flat_params()),
            "{batch:?}"
        );
        let reported = trainer.status().loss.unwrap();
        assert!(
            (reported - manual_loss / 10.0).abs() <= 1e-15 * reported.abs(),
            "{batch:?}"
        );
    }
}

/// Learning-rate decay: epoch e uses η/(1 + decay·e). With full batches and no
/// shuffle, three epochs are three `step`s at η, η/1.5 and η/2 — bit for bit.
#[test]
fn decay_lowers_the_learning_rate_per_epoch() {
    let mut trainer = regression_trainer(BatchSize::All, false);
    let mut options = trainer.config().optimizer;
    options.decay = 0.5;
    trainer.set_optimizer(options).unwrap();
    let mut network = trainer.network().clone();
    let (x, y) = (trainer.inputs().clone(), trainer.targets().clone());
    trainer.train_epochs(3).unwrap();
    for epoch in 0..3 {
        network.step(&x, &y, 0.1 / (1.0 + 0.5 * f64::from(epoch))).unwrap();
    }
    assert_eq!(bits(trainer.network().flat_params()), bits(network.flat_params()));
}

/// Momentum and Adam epochs follow their textbook rules applied to
/// `Network::gradients` (full batch, no shuffle):
/// momentum v ← μv − ηg, θ ← θ + v; Adam m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g²,
/// θ ← θ − η·(m/(1−β₁ᵗ))/(√(v/(1−β₂ᵗ)) + ε).
#[test]
fn momentum_and_adam_follow_their_update_rules() {
    for kind in [OptimizerKind::Momentum, OptimizerKind::Adam] {
        let mut trainer = regression_trainer(BatchSize::All, false);
        let mut options = trainer.config().optimizer;
        options.kind = kind;
        trainer.set_optimizer(options).unwrap();
        let OptimizerConfig {
            learning_rate: eta,
            momentum: mu,
            beta1: b1,
            beta2: b2,
            epsilon: eps,
            ..
        } = options;
        let mut network = trainer.network().clone();
        let (x, y) = (trainer.inputs().clone(), trainer.targets().clone());
        trainer.train_epochs(15).unwrap();
        let n = network.flat_params().len();
        let (mut first, mut second) = (vec![0.0; n], vec![0.0; n]);
        for t in 1..=15 {
            let (_, g) = network.gradients(&x, &y).unwrap();
            let theta = network.flat_params_mut();
            for p in 0..n {
                if kind == OptimizerKind::Momentum {
                    first[p] = mu * first[p] - eta * g[p];
                    theta[p] += first[p];
                } else {
                    first[p] = b1 * first[p] + (1.0 - b1) * g[p];
                    second[p] = b2 * second[p] + (1.0 - b2) * g[p] * g[p];
                    let m_hat = first[p] / (1.0 - b1.powi(t));
                    let v_hat = second[p] / (1.0 - b2.powi(t));
                    theta[p] -= eta * m_hat / (v_hat.sqrt() + eps);
                }
            }
        }
        for (a, b) in trainer.network().flat_params().iter().zip(network.flat_params()) {
            assert!((a - b).abs() <= 1e-12 * a.abs().max(1.0), "{kind:?}: {a} vs {b}");
        }
    }
}

/// A sample's output does not depend on the batch it is in: `predict` on
/// 2,500 rows (three internal chunks of ≤ 1,024) equals predicting each row
/// alone, bit for bit, and the batch gradient is the mean of per-sample ones.
#[test]
fn predictions_and_gradients_do_not_depend_on_batching() {
    let network = regression_trainer(BatchSize::All, false).network().clone();
    let mut rng = Rng::new(12);
    let rows: Vec<Vec<f64>> = (0..2500).map(|_| vec![3.0 * rng.gauss(), 3.0 * rng.gauss()]).collect();
    let all = network
        .predict(&Matrix::from_rows(&rows, 2, "inputs").unwrap())
        .unwrap();
    for (r, row) in rows.iter().enumerate() {
        let one = network
            .predict(&Matrix::from_rows(std::slice::from_ref(row), 2, "inputs").unwrap())
            .unwrap();
        assert_eq!(bits(all.row(r)), bits(one.row(0)), "row {r}");
    }
    let (x, y) = ten_samples();
    let (_, batch) = network.gradients(&x, &y).unwrap();
    let mut mean = vec![0.0; batch.len()];
    for r in 0..10 {
        let xr = Matrix::from_rows(&[x.row(r).to_vec()], 2, "x").unwrap();
        let yr = Matrix::from_rows(&[y.row(r).to_vec()], 1, "y").unwrap();
        let (_, g) = network.gradients(&xr, &yr).unwrap();
        mean.iter_mut().zip(&g).for_each(|(m, g)| *m += g / 10.0);
    }
    for (a, b) in batch.iter().zip(&mean) {
        assert!((a - b).abs() <= 1e-14 * a.abs().max(1.0), "{a} vs {b}");
    }
}

/// `BatchSize::resolve`: "all" is every sample, k is clamped to 1..=n.
#[test]
fn batch_sizes_resolve_within_the_data() {
    assert_eq!(BatchSize::All.resolve(10), 10);
    assert_eq!(BatchSize::Samples(4).resolve(10), 4);
    assert_eq!(BatchSize::Samples(1000).resolve(10), 10);
    assert_eq!(BatchSize::Samples(0).resolve(10), 1);
    assert_eq!(BatchSize::All.resolve(0), 1);
}

/// The inspector's "next update" must be exactly what the next batch does,
/// for every optimizer, shuffled or not, mid-epoch or at its start.
#[test]
fn preview_next_is_exactly_the_next_update() {
    use backprop::OptimizerKind;
    let data = Dataset::generate(&DatasetConfig {
        kind: DatasetKind::Moons,
        points: Some(23),
        noise: Some(0.1),
        seed: 3,
        test_fraction: 0.0,
    })
    .unwrap();
    let (xs, ys) = data.train();
    for kind in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
        let mut trainer = Trainer::new(TrainerConfig {
            network: NetworkConfig {
                loss: Loss::Bce,
                ..NetworkConfig::new(&[2, 4, 1])
            },
            optimizer: OptimizerConfig {
                kind,
                learning_rate: 0.05,
                batch_size: BatchSize::Samples(5),
                shuffle: true,
                ..OptimizerConfig::default()
            },
            regularization: None,
            seed: Some(9),
        })
        .unwrap();
        trainer.set_data(xs.clone(), ys.clone()).unwrap();
        for _ in 0..12 {
            let preview = trainer.preview_next().unwrap();
            let before = trainer.network().flat_params().to_vec();
            let loss = trainer.train_batch().unwrap().unwrap();
            assert_eq!(loss.to_bits(), preview.loss.to_bits(), "{kind:?}");
            let after = trainer.network().flat_params();
            // The preview ran the real update: the very same bits.
            assert!(
                after.iter().zip(&preview.next).all(|(a, n)| a.to_bits() == n.to_bits()),
                "{kind:?}: {after:?} ≠ {:?}",
                preview.next
            );
            for ((b, a), d) in before.iter().zip(after).zip(&preview.delta) {
                assert_eq!((a - b).to_bits(), d.to_bits(), "{kind:?}: Δ = after − before");
            }
        }
    }
}

/// A frozen parameter never moves, whatever the optimizer; the others train
/// exactly as the preview says.
#[test]
fn frozen_parameters_stay_put() {
    use backprop::OptimizerKind;
    let data = Dataset::generate(&DatasetConfig {
        kind: DatasetKind::WeightHeight,
        points: Some(20),
        noise: Some(0.5),
        seed: 42,
        test_fraction: 0.0,
    })
    .unwrap();
    let (xs, ys) = data.train();
    for kind in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
        let mut trainer = Trainer::new(TrainerConfig {
            network: NetworkConfig {
                activation: Some(Activation::Linear),
                ..NetworkConfig::new(&[1, 1])
            },
            optimizer: OptimizerConfig {
                kind,
                learning_rate: 0.0001,
                ..OptimizerConfig::default()
            },
            regularization: None,
            seed: Some(3),
        })
        .unwrap();
        trainer.set_data(xs.clone(), ys.clone()).unwrap();
        trainer.set_frozen(&[0]).unwrap();
        let slope = trainer.network().flat_params()[0];
        let preview = trainer.preview_next().unwrap();
        assert_eq!(preview.delta[0], 0.0);
        trainer.train_epochs(5).unwrap();
        assert_eq!(
            trainer.network().flat_params()[0].to_bits(),
            slope.to_bits(),
            "{kind:?}"
        );
        assert_ne!(
            trainer.network().flat_params()[1],
            0.0,
            "{kind:?}: the intercept trains"
        );
        assert!(trainer
            .set_frozen(&[2])
            .unwrap_err()
            .message()
            .contains("has 2 parameters"));
    }
}
