//! Recovery after divergence leaves no stale state behind.
//!
//! What a learner does on the page: set a learning rate far too large, watch
//! training diverge, lower the rate and press Reset (or press Reset first and
//! then lower it). From then on the run must be *exactly* the run of a
//! trainer built fresh with the final settings — bit for bit, batch by batch.
//! If anything survived the reset (momentum's velocity, Adam's moments or
//! its β₁ᵗ/β₂ᵗ bias-correction products, the shuffle generator, the visiting
//! order, the half-finished epoch, the undo snapshot), the first updates
//! would differ and so would every loss after them.

use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Loss, Matrix, NetworkConfig, OptimizerConfig,
    OptimizerKind, Trainer, TrainerConfig,
};

const KINDS: [OptimizerKind; 3] = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam];

/// The page's regression plane (2 inputs → a value): SGD and momentum at a
/// huge learning rate overflow within a few epochs, as on the page.
fn plane() -> (Matrix, Matrix) {
    let config = DatasetConfig {
        kind: DatasetKind::Plane,
        points: Some(120),
        noise: Some(0.1),
        seed: 7,
        test_fraction: 0.0,
    };
    Dataset::generate(&config).unwrap().train()
}

/// 2 → 6 → 3 → 1, tanh hidden, linear output, MSE, shuffled batches of 11
/// (120 samples leave a short last batch, so an epoch's end is exercised).
fn config(kind: OptimizerKind, learning_rate: f64) -> TrainerConfig {
    let mut network = NetworkConfig::new(&[2, 6, 3, 1]);
    network.activations = Some(vec![Activation::Tanh, Activation::Tanh, Activation::Linear]);
    network.loss = Loss::Mse;
    TrainerConfig {
        network,
        optimizer: OptimizerConfig {
            kind,
            learning_rate,
            batch_size: BatchSize::Samples(11),
            shuffle: true,
            ..OptimizerConfig::default()
        },
        regularization: None,
        seed: Some(3),
    }
}

fn trainer(config: TrainerConfig, (xs, ys): &(Matrix, Matrix)) -> Trainer {
    let mut trainer = Trainer::new(config).unwrap();
    trainer.set_data(xs.clone(), ys.clone()).unwrap();
    trainer
}

/// Every batch loss (before its update) of `epochs` epochs, then the final
/// parameters — all as bit patterns, so equality is equality of every bit.
fn run(trainer: &mut Trainer, epochs: u32) -> (Vec<u64>, Vec<u64>) {
    let mut losses = Vec::new();
    while trainer.status().epoch < u64::from(epochs) {
        let loss = trainer.train_batch().unwrap();
        assert!(!trainer.status().diverged, "diverged at a sane learning rate");
        losses.push(loss.unwrap().to_bits());
        if trainer.status().position == 0 {
            losses.push(trainer.status().loss.unwrap().to_bits());
        }
    }
    let params = trainer.network().flat_params().iter().map(|p| p.to_bits()).collect();
    (losses, params)
}

/// Drives `trainer` into divergence with its optimizer's memory full.
fn diverge(trainer: &mut Trainer, kind: OptimizerKind) {
    if kind == OptimizerKind::Adam {
        // Adam cannot overflow by itself: each step moves a parameter by a
        // bounded multiple of η. Fill its moments with a few hundred
        // updates at the huge rate, stop half-way through an epoch (so the
        // shuffle state and position are dirty too), then push the weights
        // to where the loss overflows — as a learner typing 1e200 into the
        // weight editor would.
        trainer.train_epochs(30).unwrap();
        trainer.train_batch().unwrap();
        let blown: Vec<f64> = trainer.network().flat_params().iter().map(|p| p * 1e200).collect();
        trainer.network_mut().flat_params_mut().copy_from_slice(&blown);
        trainer.train_epochs(1).unwrap();
    } else {
        trainer.train_epochs(200).unwrap();
    }
    let status = trainer.status();
    assert!(status.diverged, "{kind:?}: did not diverge: {status:?}");
    assert!(status.epoch < 200, "{kind:?}: took too long to diverge");
}

/// What a learner does to a diverged trainer to start over.
type Recovery<'a> = dyn Fn(&mut Trainer) + 'a;

#[test]
fn after_divergence_and_reset_training_replays_a_fresh_trainer_bit_for_bit() {
    let data = plane();
    for kind in KINDS {
        let (expected_losses, expected_params) = run(&mut trainer(config(kind, 0.03), &data), 40);
        assert!(
            f64::from_bits(*expected_losses.last().unwrap()) < f64::from_bits(expected_losses[0]),
            "{kind:?}: the sane run should learn"
        );

        // Each way a learner might recover, starting from a diverged run
        // with the optimizer's memory full.
        let sane = config(kind, 0.03).optimizer;
        let recoveries: [(&str, &Recovery<'_>); 3] = [
            ("lower the rate, then Reset (the message's advice)", &|t| {
                t.set_optimizer(sane).unwrap();
                t.reset();
            }),
            ("Reset, then lower the rate", &|t| {
                t.reset();
                t.set_optimizer(sane).unwrap();
            }),
            ("diverge twice, recover twice", &|t| {
                t.reset();
                diverge(t, kind);
                t.set_optimizer(sane).unwrap();
                t.reset();
            }),
        ];
        for (what, recover) in recoveries {
            let mut t = trainer(config(kind, 1000.0), &data);
            diverge(&mut t, kind);
            recover(&mut t);
            let (losses, params) = run(&mut t, 40);
            assert_eq!(losses, expected_losses, "{kind:?}: {what}");
            assert_eq!(params, expected_params, "{kind:?}: {what}");
        }
    }
}

/// The same holds without any divergence: a reset in the middle of a run
/// with full optimizer memory (and half an epoch done) starts exactly over.
#[test]
fn a_reset_mid_run_starts_exactly_over() {
    let data = plane();
    for kind in KINDS {
        let (expected_losses, expected_params) = run(&mut trainer(config(kind, 0.03), &data), 25);
        let mut t = trainer(config(kind, 0.03), &data);
        t.train_epochs(17).unwrap();
        t.train_batch().unwrap();
        t.reset();
        let (losses, params) = run(&mut t, 25);
        assert_eq!(losses, expected_losses, "{kind:?}");
        assert_eq!(params, expected_params, "{kind:?}");
    }
}
