//! Trainers and data sets shared by the determinism, divergence, batching
//! and error tests.
#![allow(dead_code)]

use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Loss, Matrix, NetworkConfig, OptimizerConfig,
    OptimizerKind, Regularization, Trainer, TrainerConfig,
};

pub const KINDS: [OptimizerKind; 3] = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam];

/// The bit patterns of a parameter vector: equality of these is equality of
/// every last bit (and, unlike `==`, treats −0.0 ≠ 0.0 and NaN = NaN).
pub fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

pub fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// Thirty noisy XOR points: enough that batch 7 leaves a short last batch.
pub fn xor_data() -> (Matrix, Matrix) {
    let config = DatasetConfig {
        kind: DatasetKind::Xor,
        points: Some(30),
        noise: Some(0.1),
        seed: 5,
        test_fraction: 0.0,
    };
    Dataset::generate(&config).unwrap().train()
}

/// A 2 → 4 → 1 tanh/sigmoid classifier with bce and a little L2.
pub fn classifier(kind: OptimizerKind, batch_size: BatchSize, shuffle: bool, seed: u32) -> TrainerConfig {
    let mut network = NetworkConfig::new(&[2, 4, 1]);
    network.activation = Some(Activation::Tanh);
    network.loss = Loss::Bce;
    TrainerConfig {
        network,
        optimizer: OptimizerConfig {
            kind,
            learning_rate: 0.05,
            batch_size,
            shuffle,
            ..OptimizerConfig::default()
        },
        regularization: Some(Regularization::L2 { rate: 0.001 }),
        seed: Some(seed),
    }
}

pub fn trainer_with_data(config: TrainerConfig, inputs: &Matrix, targets: &Matrix) -> Trainer {
    let mut trainer = Trainer::new(config).unwrap();
    trainer.set_data(inputs.clone(), targets.clone()).unwrap();
    trainer
}

/// The seed-000 weight/height data: one input around 50–70, targets ≈ 2.5·x.
pub fn weight_height() -> (Matrix, Matrix) {
    let config = DatasetConfig {
        kind: DatasetKind::WeightHeight,
        points: None,
        noise: None,
        seed: 42,
        test_fraction: 0.0,
    };
    Dataset::generate(&config).unwrap().train()
}

/// ŷ = w·x + b fitted by mse: a 1 → 1 linear network.
pub fn linear_regression(kind: OptimizerKind, learning_rate: f64) -> TrainerConfig {
    let mut network = NetworkConfig::new(&[1, 1]);
    network.activation = Some(Activation::Linear);
    TrainerConfig {
        network,
        optimizer: OptimizerConfig {
            kind,
            learning_rate,
            ..OptimizerConfig::default()
        },
        regularization: None,
        seed: Some(0),
    }
}
