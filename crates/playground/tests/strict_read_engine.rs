//! The page's readers of the engine's types (`model/read/engine.rs`) against serde's
//! derive: the same value or the same message for a valid tree and every
//! variation of it one edit away.

#[path = "support/trees.rs"]
mod trees;

use backprop::optimizer::Memory;
use backprop::rng::{Rng, RngState};
use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Feature, Loss, Network, NetworkConfig, OptimizerConfig,
    OptimizerKind, Params, Progress, Regularization, Trainer, TrainerConfig,
};
use trees::{agree, tree_of};

#[test]
fn names_read_as_serde_reads_them() {
    for a in Activation::ALL {
        agree::<Activation>(&tree_of(&a));
    }
    for l in Loss::ALL {
        agree::<Loss>(&tree_of(&l));
    }
    for f in Feature::ALL {
        agree::<Feature>(&tree_of(&f));
    }
    for k in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
        agree::<OptimizerKind>(&tree_of(&k));
    }
    agree::<DatasetKind>(&tree_of(&DatasetKind::Spiral));
    for b in [BatchSize::All, BatchSize::Samples(10)] {
        agree::<BatchSize>(&tree_of(&b));
    }
}

#[test]
fn regularization_reads_as_serde_reads_it() {
    for r in [
        Regularization::None,
        Regularization::L1 { rate: 0.25 },
        Regularization::L2 { rate: 0.001 },
    ] {
        agree::<Regularization>(&tree_of(&r));
    }
}

#[test]
fn weights_and_progress_read_as_serde_reads_them() {
    let network = Network::new(NetworkConfig::new(&[2, 3, 1])).unwrap();
    agree::<Params>(&tree_of(&network.params()));
    let config = DatasetConfig {
        kind: DatasetKind::Circle,
        points: Some(20),
        noise: None,
        seed: 1,
        test_fraction: 0.0,
    };
    let (xs, ys) = Dataset::generate(&config).unwrap().train();
    let mut trainer = Trainer::new(TrainerConfig {
        network: NetworkConfig::new(&[2, 3, 1]),
        optimizer: OptimizerConfig {
            kind: OptimizerKind::Adam,
            batch_size: BatchSize::Samples(7),
            ..OptimizerConfig::default()
        },
        regularization: None,
        seed: Some(3),
    })
    .unwrap();
    trainer.set_data(xs, ys).unwrap();
    trainer.train_epochs(2).unwrap();
    trainer.train_batch().unwrap();
    agree::<Progress>(&tree_of(&trainer.progress()));
    agree::<Memory>(&tree_of(&Memory {
        first: vec![0.5, -1.0],
        second: vec![2.0],
        powers: vec![0.9, 0.999],
    }));
    let mut rng = Rng::new(7);
    rng.gauss();
    agree::<RngState>(&tree_of(&rng.save()));
}
