//! Comparison runs: the same starting weights trained other ways, side by
//! side with the learner's own run — at a tenth and ten times the learning
//! rate ("ghosts"), or with batches of 1, 10 and all points. Each run is a
//! trainer of its own, advanced epoch for epoch with the main one, and its
//! loss curve is drawn over the main curve.

use backprop::{BatchSize, Matrix, Network, Trainer};
use serde::{Deserialize, Serialize};

use super::history::{LossHistory, Sample};
use super::settings::Settings;

/// Which comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The learning rate ×0.1 and ×10.
    LearningRate,
    /// Batch size 1 (stochastic), 10 (mini-batch) and all (full batch).
    BatchSize,
}

/// One comparison run.
pub struct Run {
    /// Its legend, e.g. "η × 10".
    pub label: String,
    trainer: Trainer,
    /// Its training loss per epoch.
    pub history: LossHistory,
}

impl Run {
    /// True once it diverged.
    pub fn diverged(&self) -> bool {
        self.trainer.status().diverged
    }
}

/// The runs of one comparison.
pub struct Comparison {
    /// Which comparison.
    pub kind: Kind,
    /// Its runs.
    pub runs: Vec<Run>,
}

impl Comparison {
    /// Starts every run from `network`'s current weights on the training
    /// data, at epoch `epoch` of the main run.
    pub fn start(
        kind: Kind,
        settings: &Settings,
        network: &Network,
        data: (Matrix, Matrix),
        epoch: u64,
    ) -> Result<Comparison, String> {
        let variants: Vec<(String, Settings)> = match kind {
            Kind::LearningRate => [0.1, 10.0]
                .iter()
                .map(|&k| {
                    let lr = (settings.learning_rate * k).min(backprop::limits::MAX_LEARNING_RATE);
                    (
                        format!("η × {} = {}", super::number::show(k), super::number::show(lr)),
                        Settings {
                            learning_rate: lr,
                            ..settings.clone()
                        },
                    )
                })
                .collect(),
            Kind::BatchSize => [
                (BatchSize::Samples(1), "batch 1 (SGD)"),
                (BatchSize::Samples(10), "batch 10"),
                (BatchSize::All, "full batch"),
            ]
            .iter()
            .map(|&(b, label)| {
                (
                    label.to_string(),
                    Settings {
                        batch_size: b,
                        ..settings.clone()
                    },
                )
            })
            .collect(),
        };
        let mut runs = Vec::with_capacity(variants.len());
        for (label, variant) in variants {
            let mut trainer = Trainer::new(variant.trainer_config()).map_err(|e| e.to_string())?;
            trainer
                .network_mut()
                .set_params(&network.params())
                .map_err(|e| e.to_string())?;
            trainer
                .set_data(data.0.clone(), data.1.clone())
                .map_err(|e| e.to_string())?;
            let mut history = LossHistory::new();
            if let Ok(loss) = network.data_loss(&data.0, &data.1) {
                history.record(Sample {
                    epoch,
                    train: loss,
                    test: None,
                });
            }
            runs.push(Run {
                label,
                trainer,
                history,
            });
        }
        Ok(Comparison { kind, runs })
    }

    /// Trains every run `epochs` more epochs (a diverged run stays where it
    /// stopped) and records where main epoch `epoch` has them.
    pub fn advance(&mut self, epochs: u32, epoch: u64) {
        for run in &mut self.runs {
            if run.trainer.status().diverged || run.trainer.inputs().rows() == 0 {
                continue;
            }
            let _ = run.trainer.train_epochs(epochs);
            if run.trainer.status().diverged {
                continue;
            }
            let trainer = &run.trainer;
            if let Ok(loss) = trainer.network().data_loss(trainer.inputs(), trainer.targets()) {
                if loss.is_finite() {
                    run.history.record(Sample {
                        epoch,
                        train: loss,
                        test: None,
                    });
                }
            }
        }
    }
}
