//! Where a run stands, as data: saved with an export and loaded into a new
//! trainer, it continues the run bit for bit — the same batches in the same
//! order, the same optimizer steps. (The weights are saved separately, as
//! [`crate::Params`].)

use serde::{Deserialize, Serialize};

use super::Trainer;
use crate::error::{bail, Result};
use crate::optimizer::Memory;
use crate::rng::{Rng, RngState};

/// Everything besides the weights that decides the next updates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Progress {
    /// Completed epochs.
    pub epoch: u64,
    /// Samples visited in the unfinished epoch.
    pub position: usize,
    /// Their summed loss (for the epoch's mean).
    pub epoch_loss_sum: f64,
    /// Mean loss of the last completed epoch.
    pub last_loss: Option<f64>,
    /// Training stopped on a non-finite number.
    pub diverged: bool,
    /// The order the samples are visited in this epoch (rows of the data).
    pub order: Vec<usize>,
    /// The generator the next epoch's reshuffle draws from.
    pub shuffle: RngState,
    /// Momentum's velocity or Adam's moments and step count.
    pub optimizer: Memory,
}

impl Trainer {
    /// Where the run stands now.
    pub fn progress(&self) -> Progress {
        Progress {
            epoch: self.epoch,
            position: self.position,
            epoch_loss_sum: self.epoch_loss_sum,
            last_loss: self.last_loss,
            diverged: self.diverged,
            order: self.order.clone(),
            shuffle: self.shuffle_rng.save(),
            optimizer: self.optimizer.memory(),
        }
    }

    /// Continues a saved run on the data already set: refused (and nothing
    /// changed) unless the order is a permutation of these rows, the
    /// position inside them, and the optimizer's memory of its shape.
    pub fn resume(&mut self, saved: &Progress) -> Result<()> {
        let n = self.inputs.rows();
        let mut seen = vec![false; n];
        let permutation = saved.order.len() == n
            && saved
                .order
                .iter()
                .all(|&i| i < n && !std::mem::replace(&mut seen[i], true));
        if !permutation {
            bail!("the saved visiting order is not an order of the {n} training points");
        }
        if saved.position >= n.max(1) || !saved.epoch_loss_sum.is_finite() {
            bail!("the saved run stands at sample {} of {n}", saved.position);
        }
        if saved.last_loss.is_some_and(|l| !l.is_finite()) {
            bail!("the saved run's last loss is not a finite number");
        }
        let shuffle = Rng::restore(&saved.shuffle)?;
        self.optimizer.set_memory(&saved.optimizer)?;
        self.shuffle_rng = shuffle;
        self.order = saved.order.clone();
        self.epoch = saved.epoch;
        self.position = saved.position;
        self.epoch_loss_sum = saved.epoch_loss_sum;
        self.last_loss = saved.last_loss;
        self.diverged = saved.diverged;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::optimizer::{BatchSize, OptimizerConfig, OptimizerKind};
    use crate::{Dataset, DatasetConfig, DatasetKind, NetworkConfig, Trainer, TrainerConfig};

    fn trainer(kind: OptimizerKind) -> Trainer {
        let data = Dataset::generate(&DatasetConfig {
            kind: DatasetKind::Xor,
            points: Some(60),
            noise: Some(0.1),
            seed: 4,
            test_fraction: 0.0,
        })
        .unwrap();
        let mut t = Trainer::new(TrainerConfig {
            network: NetworkConfig::new(&[2, 5, 1]),
            optimizer: OptimizerConfig {
                kind,
                batch_size: BatchSize::Samples(7),
                ..OptimizerConfig::default()
            },
            regularization: None,
            seed: Some(9),
        })
        .unwrap();
        t.set_data(data.inputs, data.targets).unwrap();
        t
    }

    #[test]
    fn a_resumed_run_continues_bit_for_bit() {
        for kind in [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam] {
            let mut original = trainer(kind);
            original.train_epochs(12).unwrap();
            original.train_batch().unwrap(); // mid-epoch
            let mut copy = trainer(kind);
            copy.network_mut().set_params(&original.network().params()).unwrap();
            copy.resume(&original.progress()).unwrap();
            original.train_epochs(10).unwrap();
            copy.train_epochs(10).unwrap();
            assert_eq!(
                copy.network().flat_params(),
                original.network().flat_params(),
                "{kind:?}"
            );
            assert_eq!(copy.status(), original.status());
        }
    }

    #[test]
    fn a_progress_of_another_run_is_refused_and_changes_nothing() {
        let mut adam = trainer(OptimizerKind::Adam);
        adam.train_epochs(2).unwrap();
        let mut sgd = trainer(OptimizerKind::Sgd);
        let before = sgd.progress();
        let e = sgd.resume(&adam.progress()).unwrap_err();
        assert!(e.message().contains("needs 0 finite numbers"), "{e}");
        let mut short = adam.progress();
        short.order.pop();
        let e = adam.resume(&short).unwrap_err();
        assert!(e.message().contains("not an order of the 60 training points"), "{e}");
        assert_eq!(sgd.progress(), before);
    }
}
