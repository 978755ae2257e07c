//! Prints, as JSON, a few training runs and the exact bits of their final
//! parameters. `tests/node/engine.test.mjs` replays the same configs through
//! the wasm package and demands the same bits: same config and seed →
//! bit-identical results natively and in WebAssembly.
//!
//! `cargo run -p backprop --example fingerprint > target/fingerprint.json`

use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Loss, NetworkConfig, OptimizerConfig, OptimizerKind,
    Regularization, Trainer, TrainerConfig,
};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Case {
    trainer: TrainerConfig,
    dataset: DatasetConfig,
    epochs: u32,
    /// Final flat parameters as 16-digit hex of their IEEE bits.
    param_bits: Vec<String>,
    loss_bits: String,
}

fn case(
    kind: DatasetKind,
    layers: &[usize],
    activation: Activation,
    loss: Loss,
    optimizer: OptimizerConfig,
    regularization: Regularization,
) -> Case {
    let dataset = DatasetConfig {
        kind,
        points: Some(120),
        noise: Some(0.2),
        seed: 7,
        test_fraction: 0.25,
    };
    let config = TrainerConfig {
        network: NetworkConfig {
            activation: Some(activation),
            loss,
            ..NetworkConfig::new(layers)
        },
        optimizer,
        regularization: Some(regularization),
        seed: Some(11),
    };
    let data = Dataset::generate(&dataset).expect("valid dataset");
    let (xs, ys) = data.train();
    let mut trainer = Trainer::new(config.clone()).expect("valid config");
    trainer.set_data(xs, ys).expect("valid data");
    let epochs = 30;
    let loss = trainer.train_epochs(epochs).expect("trains").unwrap_or(f64::NAN);
    Case {
        trainer: config,
        dataset,
        epochs,
        param_bits: trainer
            .network()
            .flat_params()
            .iter()
            .map(|p| format!("{:016x}", p.to_bits()))
            .collect(),
        loss_bits: format!("{:016x}", loss.to_bits()),
    }
}

fn main() {
    let opt = |kind, learning_rate, batch_size, shuffle| OptimizerConfig {
        kind,
        learning_rate,
        batch_size,
        shuffle,
        decay: 0.01,
        ..OptimizerConfig::default()
    };
    let mut cases = vec![
        case(
            DatasetKind::Xor,
            &[2, 4, 2, 1],
            Activation::Tanh,
            Loss::Mse,
            opt(OptimizerKind::Sgd, 0.03, BatchSize::Samples(10), true),
            Regularization::None,
        ),
        case(
            DatasetKind::Spiral,
            &[2, 8, 8, 1],
            Activation::Relu,
            Loss::Bce,
            opt(OptimizerKind::Adam, 0.01, BatchSize::Samples(7), true),
            Regularization::L2 { rate: 0.001 },
        ),
        case(
            DatasetKind::Circle,
            &[2, 5, 1],
            Activation::Sigmoid,
            Loss::HalfMse,
            opt(OptimizerKind::Momentum, 0.3, BatchSize::All, false),
            Regularization::L1 { rate: 0.001 },
        ),
        case(
            DatasetKind::Moons,
            &[2, 6, 6, 1],
            Activation::LeakyRelu,
            Loss::Mse,
            opt(OptimizerKind::Sgd, 0.01, BatchSize::Samples(1), true),
            Regularization::None,
        ),
        case(
            DatasetKind::Gaussian,
            &[2, 8, 1],
            Activation::Tanh,
            Loss::HalfMse,
            opt(OptimizerKind::Adam, 0.02, BatchSize::Samples(16), true),
            Regularization::L2 { rate: 0.01 },
        ),
    ];
    // And every hidden-layer activation the engine lists, so a new one is
    // compared native ↔ wasm without touching this file.
    for activation in Activation::ALL.into_iter().filter(|a| a.facts().hidden) {
        cases.push(case(
            DatasetKind::Circle,
            &[2, 3, 1],
            activation,
            Loss::Mse,
            opt(OptimizerKind::Sgd, 0.05, BatchSize::Samples(10), true),
            Regularization::None,
        ));
    }
    println!("{}", serde_json::to_string_pretty(&cases).expect("serialisable"));
}
