//! Training: epochs of batches, an optimizer, and a watch for divergence.
//!
//! One **epoch** visits every training sample once. The samples are cut into
//! **batches** of `batchSize` (1 = stochastic gradient descent, k = mini-batch,
//! all = full-batch gradient descent); each batch gives one gradient — the
//! mean over its samples — and one update. A last, smaller batch is a batch
//! of its own: an epoch never spills into the next. Before each epoch the
//! order is reshuffled from the seed (unless `shuffle` is off), so the same
//! seed always trains the same way.
//!
//! **Divergence**: when a learning rate overshoots, the loss grows until it or
//! a parameter is no longer a finite number. The trainer then stops, undoes
//! the update that led there (keeping the last parameters whose loss was still
//! finite) and says `diverged` (seed 002 shows lr = 50 doing this). `reset`
//! starts over from the seed.

use serde::{Deserialize, Serialize};

#[path = "trainer_progress.rs"]
mod progress;
pub use progress::Progress;

use crate::backprop::{backward, data_loss, forward, Workspace};
use crate::config::NetworkConfig;
use crate::error::{bail, Result};
use crate::lanes::F64x2;
use crate::limits::MAX_EPOCHS_PER_CALL;
use crate::matrix::Matrix;
use crate::network::Network;
use crate::optimizer::{Optimizer, OptimizerConfig};
use crate::regularization::Regularization;
use crate::rng::Rng;

/// What `new Trainer({...})` accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrainerConfig {
    /// The network to train.
    pub network: NetworkConfig,
    /// Optimizer, learning rate, batch size, shuffling, decay.
    #[serde(default)]
    pub optimizer: OptimizerConfig,
    /// Weight penalty; overrides the network's own when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regularization: Option<Regularization>,
    /// Seed of the initial weights and of the shuffles; overrides the network's
    /// seed when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u32>,
}

/// Where training stands.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Status {
    /// Completed epochs.
    pub epoch: u64,
    /// Mean training loss over the last completed epoch (each batch's loss
    /// measured before its update, weighted by its size); none before the first.
    pub loss: Option<f64>,
    /// True once a non-finite loss or parameter stopped training.
    pub diverged: bool,
    /// Samples already visited in the current, unfinished epoch.
    pub position: usize,
}

/// The update the next batch will make, computed without making it.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    /// The rows of the training data in that batch.
    pub rows: Vec<usize>,
    /// The batch's mean loss now.
    pub loss: f64,
    /// ∂(mean loss + penalty)/∂θ on the batch, flat.
    pub gradient: Vec<f64>,
    /// The change the optimizer will apply to each parameter, flat
    /// (`next − now`, 0 for a frozen one).
    pub delta: Vec<f64>,
    /// Every parameter after that update, flat: exactly what
    /// [`Trainer::train_batch`] will leave in the network.
    pub next: Vec<f64>,
    /// The learning rate it will use (after decay).
    pub learning_rate: f64,
}

/// Trains one network on one data set.
pub struct Trainer {
    config: TrainerConfig,
    network: Network,
    optimizer: Box<dyn Optimizer>,
    inputs: Matrix,
    targets: Matrix,
    /// The visiting order of the samples in this epoch.
    order: Vec<usize>,
    shuffle_rng: Rng,
    workspace: Workspace,
    grads: Vec<f64>,
    /// Parameters before the last update, to undo a diverged one (valid
    /// when `has_snapshot`); also the buffer the next update is written into.
    snapshot: Vec<f64>,
    has_snapshot: bool,
    /// Parameters (flat indices) that training must not move.
    frozen: Vec<usize>,
    epoch: u64,
    /// Samples done in the current epoch, and their summed loss.
    position: usize,
    epoch_loss_sum: f64,
    last_loss: Option<f64>,
    diverged: bool,
}

/// The shuffle stream is kept apart from the weight-initialisation stream, so
/// turning shuffling on or off never changes the initial weights.
const SHUFFLE_STREAM: u32 = 0x5DEE_CE66;

impl Trainer {
    /// A trainer with a freshly initialised network and no data yet.
    pub fn new(mut config: TrainerConfig) -> Result<Self> {
        if let Some(seed) = config.seed {
            config.network.seed = seed;
        }
        if let Some(reg) = config.regularization {
            config.network.regularization = reg;
        }
        config.optimizer = config.optimizer.validate()?;
        let network = Network::new(config.network.clone())?;
        let n = network.flat_params().len();
        let optimizer = config.optimizer.build(n);
        let shuffle_rng = Rng::new(config.network.seed ^ SHUFFLE_STREAM);
        let (inputs_cols, targets_cols) = (network.input_size(), network.output_size());
        Ok(Trainer {
            config,
            optimizer,
            inputs: Matrix::new(0, inputs_cols, Vec::new())?,
            targets: Matrix::new(0, targets_cols, Vec::new())?,
            order: Vec::new(),
            shuffle_rng,
            workspace: Workspace::default(),
            grads: vec![0.0; n],
            snapshot: vec![0.0; n],
            has_snapshot: false,
            frozen: Vec::new(),
            network,
            epoch: 0,
            position: 0,
            epoch_loss_sum: 0.0,
            last_loss: None,
            diverged: false,
        })
    }

    /// The config in force (with the seed and penalty resolved).
    pub fn config(&self) -> &TrainerConfig {
        &self.config
    }

    /// The current model.
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The current model, writable (e.g. to set parameters). Parameters set by
    /// hand are the new starting point: a divergence cannot undo past them.
    pub fn network_mut(&mut self) -> &mut Network {
        self.has_snapshot = false;
        &mut self.network
    }

    /// The training inputs (one row per sample).
    pub fn inputs(&self) -> &Matrix {
        &self.inputs
    }

    /// The training targets.
    pub fn targets(&self) -> &Matrix {
        &self.targets
    }

    /// Replaces the training data. Training goes on from the current weights;
    /// an unfinished epoch is dropped (its samples may no longer exist).
    pub fn set_data(&mut self, inputs: Matrix, targets: Matrix) -> Result<()> {
        self.network.check_data(&inputs, &targets)?;
        self.order = (0..inputs.rows()).collect();
        self.inputs = inputs;
        self.targets = targets;
        self.position = 0;
        self.epoch_loss_sum = 0.0;
        Ok(())
    }

    /// Changes optimizer settings without restarting: a new learning rate,
    /// batch size, decay or shuffle setting applies from the next batch. A new
    /// kind or new momentum/β/ε starts that optimizer's memory afresh.
    pub fn set_optimizer(&mut self, config: OptimizerConfig) -> Result<()> {
        let config = config.validate()?;
        let old = self.config.optimizer;
        let same_memory = old.kind == config.kind
            && old.momentum == config.momentum
            && old.beta1 == config.beta1
            && old.beta2 == config.beta2
            && old.epsilon == config.epsilon;
        if !same_memory {
            self.optimizer = config.build(self.network.flat_params().len());
        }
        self.config.optimizer = config;
        Ok(())
    }

    /// Changes the weight penalty without restarting.
    pub fn set_regularization(&mut self, regularization: Regularization) -> Result<()> {
        self.network.set_regularization(regularization)?;
        self.config.regularization = Some(regularization);
        self.config.network.regularization = regularization;
        Ok(())
    }

    /// Freezes these parameters (flat indices): updates leave them as they
    /// are — to fit an intercept alone with the slope held fixed, say.
    pub fn set_frozen(&mut self, frozen: &[usize]) -> Result<()> {
        let n = self.network.flat_params().len();
        if let Some(&i) = frozen.iter().find(|&&i| i >= n) {
            bail!("cannot freeze parameter {i}: the network has {n} parameters");
        }
        self.frozen = frozen.to_vec();
        Ok(())
    }

    /// Starts over: initial weights from the seed, optimizer memory cleared,
    /// epoch 0, divergence cleared. The data stays.
    pub fn reset(&mut self) {
        self.network.initialize();
        self.optimizer.reset();
        self.shuffle_rng = Rng::new(self.config.network.seed ^ SHUFFLE_STREAM);
        self.order = (0..self.inputs.rows()).collect();
        self.epoch = 0;
        self.position = 0;
        self.epoch_loss_sum = 0.0;
        self.last_loss = None;
        self.diverged = false;
        self.has_snapshot = false;
    }

    /// Where training stands.
    pub fn status(&self) -> Status {
        Status {
            epoch: self.epoch,
            loss: self.last_loss,
            diverged: self.diverged,
            position: self.position,
        }
    }

    /// Runs `epochs` whole epochs (finishing the current one first) and returns
    /// the mean training loss of the last completed epoch. Stops early, with
    /// `status().diverged` set, if training diverges.
    pub fn train_epochs(&mut self, epochs: u32) -> Result<Option<f64>> {
        if epochs == 0 || epochs > MAX_EPOCHS_PER_CALL {
            bail!("epochs must be from 1 to {MAX_EPOCHS_PER_CALL}, got {epochs}");
        }
        self.check_has_data()?;
        for _ in 0..epochs {
            loop {
                if self.diverged {
                    return Ok(self.last_loss);
                }
                self.train_one_batch();
                if self.position == 0 {
                    break;
                }
            }
        }
        Ok(self.last_loss)
    }

    /// Trains up to `epochs` epochs like [`Trainer::train_epochs`], but
    /// stops after any batch once `out_of_time()` says so — possibly in the
    /// middle of an epoch, which the next call finishes. The batches and
    /// their order are the same as in `train_epochs`, so the weights follow
    /// the very same path; only where one call ends differs. This is how the
    /// page keeps each animation frame short even when one epoch (10 000
    /// points through 8 × 64 units) takes longer than a frame. Returns the
    /// epochs completed.
    pub fn train_until(&mut self, epochs: u32, out_of_time: &mut dyn FnMut() -> bool) -> Result<u32> {
        if epochs == 0 || epochs > MAX_EPOCHS_PER_CALL {
            bail!("epochs must be from 1 to {MAX_EPOCHS_PER_CALL}, got {epochs}");
        }
        self.check_has_data()?;
        let mut done = 0;
        while done < epochs && !self.diverged {
            self.train_one_batch();
            if self.position == 0 && !self.diverged {
                done += 1;
            }
            if out_of_time() {
                break;
            }
        }
        Ok(done)
    }

    /// Trains on the next batch of the current epoch only; returns that
    /// batch's loss before its update (`None` if training has diverged).
    pub fn train_batch(&mut self) -> Result<Option<f64>> {
        self.check_has_data()?;
        if self.diverged {
            return Ok(None);
        }
        Ok(self.train_one_batch())
    }

    /// What the next [`Trainer::train_batch`] will do: its batch, gradient and
    /// update — without doing it (the shuffle that starts an epoch is
    /// replayed on a copy of the generator).
    pub fn preview_next(&self) -> Result<Preview> {
        self.check_has_data()?;
        let options = self.config.optimizer;
        // The same batch selection as training, on copies of the order and
        // the shuffle generator.
        let mut order = self.order.clone();
        let rows = next_batch(&mut order, &mut self.shuffle_rng.clone(), self.position, &options).to_vec();
        let mut ws = Workspace::default();
        ws.load(&self.network, &self.inputs, Some(&self.targets), &rows);
        forward(&self.network, &mut ws);
        let loss = data_loss(&self.network, &ws);
        let mut gradient = vec![0.0; self.grads.len()];
        backward(&self.network, &mut ws, &mut gradient);
        let learning_rate = options.learning_rate_at(self.epoch);
        // The real update, on a copy of the parameters and of the optimizer's memory.
        let now = self.network.flat_params();
        let mut next = now.to_vec();
        self.optimizer.boxed_clone().update(&mut next, &gradient, learning_rate);
        for &i in &self.frozen {
            next[i] = now[i];
        }
        let delta = next.iter().zip(now).map(|(after, before)| after - before).collect();
        Ok(Preview {
            rows,
            loss,
            gradient,
            delta,
            next,
            learning_rate,
        })
    }

    fn check_has_data(&self) -> Result<()> {
        if self.inputs.rows() == 0 {
            bail!("there is no training data: call setData(xs, ys) with at least one sample first");
        }
        Ok(())
    }

    /// One batch: forward, loss, backward, update — or divergence.
    fn train_one_batch(&mut self) -> Option<f64> {
        let n = self.inputs.rows();
        let options = self.config.optimizer;
        if self.position == 0 {
            self.epoch_loss_sum = 0.0;
        }
        let batch = next_batch(&mut self.order, &mut self.shuffle_rng, self.position, &options);
        let end = self.position + batch.len();

        let ws = &mut self.workspace;
        ws.load(&self.network, &self.inputs, Some(&self.targets), batch);
        forward(&self.network, ws);
        let loss = data_loss(&self.network, ws);
        if !loss.is_finite() {
            // The last update led here: undo it, back to parameters whose
            // batch loss was still a number.
            if self.has_snapshot {
                self.network.flat_params_mut().copy_from_slice(&self.snapshot);
            }
            self.diverged = true;
            return None;
        }
        backward(&self.network, ws, &mut self.grads);

        // The step is written into the spare buffer and the two buffers
        // swapped: the parameters before it stay, uncopied, as the snapshot
        // that undoes a diverged step.
        let learning_rate = options.learning_rate_at(self.epoch);
        let now = self.network.flat_params();
        let next = &mut self.snapshot;
        self.optimizer.update_into(now, next, &self.grads, learning_rate);
        for &i in &self.frozen {
            next[i] = now[i];
        }
        if !all_finite(next) || !self.network.swap_params(next) {
            // The parameters before the step are still in the network.
            self.has_snapshot = false;
            self.diverged = true;
            return None;
        }
        self.has_snapshot = true;

        self.epoch_loss_sum += loss * batch.len() as f64;
        self.position = end;
        if self.position == n {
            self.epoch += 1;
            self.position = 0;
            self.last_loss = Some(self.epoch_loss_sum / n as f64);
        }
        Some(loss)
    }
}

/// Whether every number is finite, two at a time and without a branch per
/// number: x·0 is ±0 for a finite x and NaN for ±∞ and NaN, and a sum with
/// a NaN in it is NaN.
fn all_finite(xs: &[f64]) -> bool {
    let (pairs, odd) = xs.as_chunks::<2>();
    let zero = F64x2::splat(0.0);
    let mut sum = zero;
    for p in pairs {
        sum = sum + F64x2::from_pair(p) * zero;
    }
    let [s0, s1] = sum.to_array();
    let tail: f64 = odd.iter().map(|x| x * 0.0).sum();
    s0 + s1 + tail == 0.0
}

/// The rows of the next batch: from `position` in the epoch's visiting
/// `order`, at most one batch long (the last batch of an epoch may be
/// smaller, and is a step of its own). An epoch starts (`position` 0) by
/// reshuffling `order` with `rng` when shuffling is on. Training and
/// [`Trainer::preview_next`] both select batches here.
fn next_batch<'a>(order: &'a mut [usize], rng: &mut Rng, position: usize, options: &OptimizerConfig) -> &'a [usize] {
    if position == 0 && options.shuffle {
        rng.shuffle(order);
    }
    let n = order.len();
    let end = (position + options.batch_size.resolve(n)).min(n);
    &order[position..end]
}

#[cfg(test)]
mod tests {
    use super::all_finite;

    /// A single ±∞ or NaN anywhere — in a pair or the odd last number — is
    /// found; finite numbers of any size, ±0 and subnormals are not.
    #[test]
    fn all_finite_finds_any_infinity_or_nan() {
        let finite = [0.0, -0.0, 1e308, -1e308, 5e-324, 3.5, -2.25];
        for n in 0..=finite.len() {
            assert!(all_finite(&finite[..n]), "{:?}", &finite[..n]);
            for bad in [f64::INFINITY, f64::NEG_INFINITY, f64::NAN] {
                for at in 0..n {
                    let mut xs = finite[..n].to_vec();
                    xs[at] = bad;
                    assert!(!all_finite(&xs), "{xs:?}");
                }
            }
        }
    }
}
