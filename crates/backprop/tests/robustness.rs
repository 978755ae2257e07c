//! Robustness of the engine's public API:
//!
//! - (a) **determinism**: the same config and data train to bit-identical
//!   parameters (the playground replays a seed; a test in CI and a learner's
//!   browser must see the same numbers);
//! - (b) **no panics, useful errors**: seeded random configs, data and calls —
//!   valid and invalid — must each return `Ok` or an `Err` whose message names
//!   what was wrong (a panic in wasm kills the whole page);
//! - (c) **divergence**: an overshooting learning rate is caught, the last
//!   finite parameters are kept, and `reset` starts over exactly;
//! - (d) **batching**: how many updates an epoch makes, and that an epoch is
//!   exactly the sequence of gradient steps it claims to be.

use std::panic::{catch_unwind, AssertUnwindSafe};

use backprop::config::Init;
use backprop::features::transform;
use backprop::limits::{MAX_EPOCHS_PER_CALL, MAX_LAYERS, MAX_LEARNING_RATE, MAX_POINTS, MAX_UNITS};
use backprop::regularization::MAX_RATE;
use backprop::{
    Activation, BatchSize, Dataset, DatasetConfig, DatasetKind, Error, Feature, Loss, Matrix, Network, NetworkConfig,
    OptimizerConfig, OptimizerKind, Params, Regularization, Rng, Task, Trainer, TrainerConfig,
};

// ---------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------

const KINDS: [OptimizerKind; 3] = [OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam];

/// The bit patterns of a parameter vector: equality of these is equality of
/// every last bit (and, unlike `==`, treats −0.0 ≠ 0.0 and NaN = NaN).
fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

fn all_finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// Thirty noisy XOR points: enough that batch 7 leaves a short last batch.
fn xor_data() -> (Matrix, Matrix) {
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
fn classifier(kind: OptimizerKind, batch_size: BatchSize, shuffle: bool, seed: u32) -> TrainerConfig {
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

fn trainer_with_data(config: TrainerConfig, inputs: &Matrix, targets: &Matrix) -> Trainer {
    let mut trainer = Trainer::new(config).unwrap();
    trainer.set_data(inputs.clone(), targets.clone()).unwrap();
    trainer
}

/// The seed-000 weight/height data: one input around 50–70, targets ≈ 2.5·x.
fn weight_height() -> (Matrix, Matrix) {
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
fn linear_regression(kind: OptimizerKind, learning_rate: f64) -> TrainerConfig {
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

// ---------------------------------------------------------------------------
// (a) Determinism
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// (b) Property tests: random calls, valid and invalid
// ---------------------------------------------------------------------------

fn pick<T: Clone>(rng: &mut Rng, items: &[T]) -> T {
    items[rng.below(items.len() as u32) as usize].clone()
}

fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.uniform() < p
}

/// Numbers a user (or a bug upstream) might send: non-finite, huge, tiny.
const WEIRD: [f64; 10] = [
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e300,
    -1e300,
    f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    -0.0,
    1e15,
];

/// Penalty rates around and beyond the valid range [0, MAX_RATE].
const RATES: [f64; 12] = [
    0.0,
    -0.0,
    0.001,
    0.01,
    1.0,
    100.0,
    100.000_001,
    -1.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e9,
];

/// Learning rates around and beyond the valid range [0, MAX_LEARNING_RATE].
const LEARNING_RATES: [f64; 11] = [
    0.03,
    0.0,
    1.0,
    10_000.0,
    10_000.5,
    -1.0,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    1e9,
    1e-300,
];

const ACTIVATIONS: [Activation; 6] = [
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::LeakyRelu,
    Activation::Linear,
    Activation::Softmax,
];

const LOSSES: [Loss; 4] = [Loss::Mse, Loss::HalfMse, Loss::Bce, Loss::SoftmaxCe];

/// A regular number most of the time, a weird one with probability `weird`.
fn random_number(rng: &mut Rng, weird: f64) -> f64 {
    if chance(rng, weird) {
        pick(rng, &WEIRD)
    } else {
        2.0 * rng.gauss()
    }
}

fn random_regularization(rng: &mut Rng) -> Regularization {
    let rate = pick(rng, &RATES);
    match rng.below(3) {
        0 => Regularization::None,
        1 => Regularization::L1 { rate },
        _ => Regularization::L2 { rate },
    }
}

/// Layer sizes: mostly small valid nets, sometimes 0 or 300 units, too few or
/// too many layers, the exact limits.
fn random_layers(rng: &mut Rng) -> Vec<usize> {
    let len = match rng.below(12) {
        0 => rng.below(2) as usize,                  // no or only an input layer
        1 => MAX_LAYERS + 2 + rng.below(4) as usize, // 17 to 20 layers after the input
        2 => MAX_LAYERS + 1,                         // exactly the limit
        _ => 2 + rng.below(4) as usize,              // 1 to 4 layers after the input
    };
    let mut big_used = false;
    (0..len)
        .map(|_| match rng.below(25) {
            0 => 0,
            1 => 300,
            2 => MAX_UNITS + 1,
            // At most one 256-unit layer: valid, and still fast in debug builds.
            3 if !big_used => {
                big_used = true;
                MAX_UNITS
            }
            _ => 1 + rng.below(5) as usize,
        })
        .collect()
}

fn random_config(rng: &mut Rng) -> NetworkConfig {
    let mut config = NetworkConfig::new(&random_layers(rng));
    let count = config.layers.len().saturating_sub(1);
    match rng.below(4) {
        0 => {
            // One activation per layer, sometimes one too many or too few.
            let len = match rng.below(8) {
                0 => count + 1,
                1 => count.saturating_sub(1),
                _ => count,
            };
            config.activations = Some((0..len).map(|_| pick(rng, &ACTIVATIONS)).collect());
            if chance(rng, 0.1) {
                config.activation = Some(pick(rng, &ACTIVATIONS)); // both ways at once: refused
            }
        }
        1 => {}
        _ => {
            if chance(rng, 0.7) {
                config.activation = Some(pick(rng, &ACTIVATIONS));
            }
            if chance(rng, 0.5) {
                config.output_activation = Some(pick(rng, &ACTIVATIONS));
            }
        }
    }
    config.loss = pick(rng, &LOSSES);
    config.regularization = if chance(rng, 0.4) {
        Regularization::None
    } else {
        random_regularization(rng)
    };
    config.init = pick(rng, &[Init::Auto, Init::Normal, Init::NormalAll, Init::Uniform]);
    config.seed = rng.next_u32();
    config
}

/// What `Network::new` must say about a config, re-derived from the
/// documented rules in the engine's order: `None` if valid, else a piece of
/// text the error message must contain (the offending value, where there is one).
fn expected_network_error(config: &NetworkConfig) -> Option<String> {
    let layers = &config.layers;
    if layers.len() < 2 {
        return Some(format!("got {layers:?}"));
    }
    let count = layers.len() - 1;
    if count > MAX_LAYERS {
        return Some(format!("got {count} in {layers:?}"));
    }
    if let Some((l, n)) = layers.iter().enumerate().find(|(_, &n)| n == 0 || n > MAX_UNITS) {
        return Some(format!("layer {l} has {n} units"));
    }
    let activations = match &config.activations {
        Some(list) => {
            if config.activation.is_some() || config.output_activation.is_some() {
                return Some("not both".into());
            }
            if list.len() != count {
                return Some(format!("activations has {} entries", list.len()));
            }
            list.clone()
        }
        None => {
            let hidden = config.activation.unwrap_or(Activation::Tanh);
            let output = config
                .output_activation
                .or(config.loss.required_output())
                .or(config.activation)
                .unwrap_or(Activation::Tanh);
            let mut list = vec![hidden; count];
            list[count - 1] = output;
            list
        }
    };
    if let Some(l) = activations[..count - 1].iter().position(|&a| a == Activation::Softmax) {
        return Some(format!("hidden layer {} uses it", l + 1));
    }
    let output = activations[count - 1];
    match config.loss.required_output() {
        Some(needed) if output != needed => {
            return Some(format!(
                "needs a \"{}\" output layer, but the output activation is \"{}\"",
                needed.name(),
                output.name()
            ))
        }
        None if output == Activation::Softmax => return Some(format!("not \"{}\"", config.loss.name())),
        _ => {}
    }
    expected_regularization_error(config.regularization)
}

fn expected_regularization_error(reg: Regularization) -> Option<String> {
    match reg {
        Regularization::None => None,
        Regularization::L1 { rate } | Regularization::L2 { rate } => {
            (!(rate.is_finite() && (0.0..=MAX_RATE).contains(&rate))).then(|| format!("got {rate}"))
        }
    }
}

fn expected_learning_rate_error(lr: f64) -> Option<String> {
    (!(lr.is_finite() && (0.0..=MAX_LEARNING_RATE).contains(&lr))).then(|| format!("got {lr}"))
}

/// Collects property violations, so one run reports all of them with the case
/// that triggered each.
#[derive(Default)]
struct Findings {
    failures: Vec<String>,
}

impl Findings {
    /// Checks a result against the oracle: Ok when `expected` is `None`,
    /// otherwise an Err whose message contains `expected`. Every Err message
    /// must be non-empty. Returns whether the call succeeded.
    fn outcome<T>(&mut self, ctx: &str, what: &str, result: &Result<T, Error>, expected: Option<&str>) -> bool {
        match (result, expected) {
            (Ok(_), None) => true,
            (Ok(_), Some(needle)) => {
                self.failures.push(format!(
                    "{ctx}: {what} accepted input it should refuse (expected {needle:?})"
                ));
                true
            }
            (Err(e), None) => {
                self.failures.push(format!("{ctx}: {what} refused valid input: {e}"));
                false
            }
            (Err(e), Some(needle)) => {
                if e.message().is_empty() || !e.message().contains(needle) {
                    self.failures.push(format!(
                        "{ctx}: {what}: message {:?} does not mention {needle:?}",
                        e.message()
                    ));
                }
                false
            }
        }
    }

    /// For calls without an oracle: any Ok, or an Err with a message.
    fn any<T>(&mut self, ctx: &str, what: &str, result: &Result<T, Error>) -> bool {
        match result {
            Ok(_) => true,
            Err(e) => {
                if e.message().trim().is_empty() {
                    self.failures
                        .push(format!("{ctx}: {what} returned an empty error message"));
                }
                false
            }
        }
    }

    fn check(&mut self, condition: bool, message: impl FnOnce() -> String) {
        if !condition {
            self.failures.push(message());
        }
    }

    /// Runs `case`, turning a panic into a finding.
    fn run_case(&mut self, ctx: &str, case: impl FnOnce(&mut Findings)) {
        let result = catch_unwind(AssertUnwindSafe(|| case(self)));
        if let Err(payload) = result {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            self.failures.push(format!("{ctx}: PANIC: {message}"));
        }
    }

    fn assert_none(self, cases: usize) {
        let n = self.failures.len();
        assert!(
            n == 0,
            "{n} findings in {cases} cases, first ones:\n{}",
            self.failures[..n.min(25)].join("\n")
        );
    }
}

/// Rows meant to have `cols` numbers each, sometimes malformed: no rows,
/// a wrong width throughout, one ragged row, non-finite or huge numbers.
fn random_rows(rng: &mut Rng, rows: usize, cols: usize) -> Vec<Vec<f64>> {
    let width = if chance(rng, 0.08) {
        pick(rng, &[0, cols + 1, cols.saturating_sub(1)])
    } else {
        cols
    };
    let weird = if chance(rng, 0.15) { 0.2 } else { 0.0 };
    let mut data: Vec<Vec<f64>> = (0..rows)
        .map(|_| (0..width).map(|_| random_number(rng, weird)).collect())
        .collect();
    if rows > 0 && chance(rng, 0.08) {
        let r = rng.below(rows as u32) as usize;
        if chance(rng, 0.5) {
            data[r].push(1.0);
        } else {
            data[r].pop();
        }
    }
    data
}

/// Target rows that fit the loss most of the time (labels, one-hot rows),
/// otherwise arbitrary numbers.
fn random_targets(rng: &mut Rng, loss: Loss, rows: usize, k: usize) -> Vec<Vec<f64>> {
    if chance(rng, 0.3) {
        return random_rows(rng, rows, k);
    }
    (0..rows)
        .map(|_| match loss {
            Loss::Bce => (0..k).map(|_| f64::from(rng.below(2))).collect(),
            Loss::SoftmaxCe => {
                let class = rng.below(k as u32) as usize;
                (0..k).map(|j| f64::from(u8::from(j == class))).collect()
            }
            Loss::Mse | Loss::HalfMse => (0..k).map(|_| rng.gauss()).collect(),
        })
        .collect()
}

/// What `Matrix::from_rows` must refuse, in its order.
fn expected_rows_error(rows: &[Vec<f64>], cols: usize, what: &str) -> Option<String> {
    if rows.is_empty() {
        return Some(format!("{what} is empty"));
    }
    for (r, row) in rows.iter().enumerate() {
        if row.len() != cols {
            return Some(format!("{what}[{r}] has {} numbers, but {cols} are needed", row.len()));
        }
        if let Some(v) = row.iter().find(|v| !v.is_finite()) {
            return Some(format!("{what}[{r}] contains {v}"));
        }
    }
    None
}

/// What `check_data` must refuse for finite matrices, in its order.
fn expected_data_error(net: &Network, inputs: &Matrix, targets: &Matrix) -> Option<String> {
    if inputs.cols() != net.input_size() {
        return Some(format!(
            "each input needs {} numbers (the input layer's size), got {}",
            net.input_size(),
            inputs.cols()
        ));
    }
    let k = net.output_size();
    if targets.cols() != k {
        return Some(format!(
            "each target needs {k} numbers (the output layer's size), got {}",
            targets.cols()
        ));
    }
    if inputs.rows() != targets.rows() {
        return Some(format!(
            "there are {} inputs but {} targets",
            inputs.rows(),
            targets.rows()
        ));
    }
    match net.loss() {
        Loss::Mse | Loss::HalfMse => None,
        Loss::Bce => {
            let bad = targets.data().iter().enumerate().find(|(_, &y)| y != 0.0 && y != 1.0);
            bad.map(|(i, y)| format!("sample {} has label {y}", i / k))
        }
        Loss::SoftmaxCe => (0..targets.rows())
            .find(|&s| {
                let row = targets.row(s);
                row.iter().any(|&y| y < 0.0) || (row.iter().sum::<f64>() - 1.0).abs() > 1e-9
            })
            .map(|s| format!("but sample {s} is")),
    }
}

/// A random matrix for `cols` columns: through the checking `from_rows` (with
/// its oracle) most of the time, else through the unchecked `Matrix::new`
/// (which only checks the length). Returns the matrix, if one was built, and
/// whether every number in it is finite and moderate (|x| ≤ 1e3).
fn random_matrix(
    rng: &mut Rng,
    f: &mut Findings,
    ctx: &str,
    what: &str,
    rows: Vec<Vec<f64>>,
    cols: usize,
) -> Option<(Matrix, bool)> {
    let tame = rows.iter().flatten().all(|v| v.abs() <= 1e3);
    if chance(rng, 0.8) {
        let result = Matrix::from_rows(&rows, cols, what);
        let expected = expected_rows_error(&rows, cols, what);
        f.outcome(ctx, "Matrix::from_rows", &result, expected.as_deref());
        result.ok().map(|m| (m, tame))
    } else {
        let width = rows.first().map_or(cols, Vec::len);
        let n = rows.len();
        let flat: Vec<f64> = rows.into_iter().flatten().collect();
        let consistent = n * width == flat.len();
        let result = Matrix::new(n, width, flat);
        let expected = (!consistent).then(|| format!("a {n}×{width} matrix needs"));
        f.outcome(ctx, "Matrix::new", &result, expected.as_deref());
        result.ok().map(|m| (m, tame))
    }
}

/// Output-range properties of a finite forward pass.
fn check_outputs(f: &mut Findings, ctx: &str, net: &Network, outputs: &Matrix) {
    let activation = net.layers().last().unwrap().activation;
    for r in 0..outputs.rows() {
        let row = outputs.row(r);
        f.check(all_finite(row), || {
            format!("{ctx}: non-finite output {row:?} for tame inputs")
        });
        let in_range = match activation {
            Activation::Sigmoid => row.iter().all(|&v| (0.0..=1.0).contains(&v)),
            Activation::Tanh => row.iter().all(|&v| (-1.0..=1.0).contains(&v)),
            Activation::Relu => row.iter().all(|&v| v >= 0.0),
            Activation::Softmax => (row.iter().sum::<f64>() - 1.0).abs() < 1e-12 && row.iter().all(|&v| v >= 0.0),
            Activation::LeakyRelu | Activation::Linear => true,
        };
        f.check(in_range, || {
            format!("{ctx}: {activation:?} output out of range: {row:?}")
        });
    }
}

/// Params shaped like the network's, sometimes broken: a missing layer, a
/// missing row, one number too many, a non-finite number. Returns them and
/// whether they should be accepted.
fn random_params(rng: &mut Rng, net: &Network) -> (Params, bool) {
    let mut params = net.params();
    for v in params
        .weights
        .iter_mut()
        .flatten()
        .flatten()
        .chain(params.biases.iter_mut().flatten())
    {
        *v = rng.gauss();
    }
    let l = rng.below(params.weights.len() as u32) as usize;
    let valid = match rng.below(8) {
        0 => {
            params.weights.pop();
            false
        }
        1 => {
            params.weights[l].pop();
            false
        }
        2 => {
            params.biases[l].push(0.5);
            false
        }
        3 => {
            params.weights[l][0].push(0.5);
            false
        }
        4 => {
            params.biases[l][0] = pick(rng, &WEIRD[..3]);
            false
        }
        _ => true,
    };
    (params, valid)
}

/// Everything one can call on a network, with random (often invalid) arguments.
fn exercise_network(rng: &mut Rng, f: &mut Findings, ctx: &str, net: &mut Network) {
    let (n_in, k, loss) = (net.input_size(), net.output_size(), net.loss());
    let params_before = bits(net.flat_params());
    f.check(all_finite(net.flat_params()), || {
        format!("{ctx}: initial params not finite")
    });

    // Data: mostly 1–12 samples, sometimes none, sometimes a mismatched count.
    let rows = if chance(rng, 0.08) {
        0
    } else {
        1 + rng.below(12) as usize
    };
    let target_rows = if chance(rng, 0.08) { rows + 1 } else { rows };
    let x_rows = random_rows(rng, rows, n_in);
    let y_rows = random_targets(rng, loss, target_rows, k);
    let inputs = random_matrix(rng, f, ctx, "inputs", x_rows, n_in);
    let targets = random_matrix(rng, f, ctx, "targets", y_rows, k);

    if let Some((inputs, tame)) = &inputs {
        let result = net.predict(inputs);
        let expected = (inputs.cols() != n_in).then(|| format!("got {}", inputs.cols()));
        f.outcome(ctx, "predict", &result, expected.as_deref());
        if let Ok(out) = &result {
            f.check(out.rows() == inputs.rows() && out.cols() == k, || {
                format!("{ctx}: predict shape")
            });
            if *tame {
                check_outputs(f, ctx, net, out);
            }
        }
    }

    if let (Some((inputs, tame_x)), Some((targets, tame_y))) = (&inputs, &targets) {
        let finite = all_finite(inputs.data()) && all_finite(targets.data());
        // gradients/step/data_loss also refuse an empty batch (after the data checks).
        let expected = expected_data_error(net, inputs, targets)
            .or_else(|| (inputs.rows() == 0).then(|| "the batch is empty".to_string()));
        let result = net.gradients(inputs, targets);
        if finite {
            f.outcome(ctx, "gradients", &result, expected.as_deref());
        } else {
            f.any(ctx, "gradients", &result);
        }
        if let Ok((loss, grads)) = &result {
            f.check(grads.len() == net.flat_params().len(), || {
                format!("{ctx}: gradient length")
            });
            if *tame_x && *tame_y && inputs.rows() > 0 {
                f.check(loss.is_finite() && all_finite(grads), || {
                    format!("{ctx}: non-finite loss/gradients on tame data")
                });
            }
        }

        // One step: a bad learning rate or bad data is refused and the
        // network left exactly as it was; an accepted step keeps it finite.
        let lr = pick(rng, &LEARNING_RATES);
        let result = net.step(inputs, targets, lr);
        let expected = expected_learning_rate_error(lr).or(expected);
        let ok = match (&result, &expected) {
            // Valid arguments may still be refused, as a step that would diverge
            // (huge but finite data): fine, as long as it says so.
            (Err(e), None) if e.message().contains("this step diverged") => false,
            _ if finite => f.outcome(ctx, &format!("step(lr={lr})"), &result, expected.as_deref()),
            _ => f.any(ctx, "step", &result),
        };
        if ok {
            f.check(all_finite(net.flat_params()), || {
                format!("{ctx}: step(lr={lr}) made params non-finite")
            });
        } else if let Err(e) = &result {
            // A refused step may be the "would diverge" refusal; either way, unchanged.
            f.check(bits(net.flat_params()) == params_before, || {
                format!("{ctx}: refused step changed params ({e})")
            });
        }
    }

    // One example through the inspector: x and y of random length and content.
    let x = random_rows(rng, 1, n_in).pop().unwrap();
    let y = random_targets(rng, loss, 1, k).pop().unwrap();
    let expected = expected_rows_error(std::slice::from_ref(&x), n_in, "x")
        .or_else(|| expected_rows_error(std::slice::from_ref(&y), k, "y"))
        .or_else(|| {
            let xm = Matrix::from_rows(std::slice::from_ref(&x), n_in, "x").unwrap();
            let ym = Matrix::from_rows(std::slice::from_ref(&y), k, "y").unwrap();
            expected_data_error(net, &xm, &ym)
        });
    let result = net.inspect(&x, &y);
    f.outcome(ctx, "inspect", &result, expected.as_deref());
    if let Ok(trace) = &result {
        f.check(
            trace.layers.len() == net.layers().len() && trace.output.len() == k,
            || format!("{ctx}: inspect shape"),
        );
    }

    // Replacing the parameters: all or nothing.
    let before = bits(net.flat_params());
    let (params, valid) = random_params(rng, net);
    let result = net.set_params(&params);
    f.check(result.is_ok() == valid, || {
        format!("{ctx}: set_params valid={valid} gave {result:?}")
    });
    f.any(ctx, "set_params", &result);
    if result.is_ok() {
        f.check(net.params() == params, || {
            format!("{ctx}: set_params did not store the params")
        });
    } else {
        f.check(bits(net.flat_params()) == before, || {
            format!("{ctx}: refused set_params changed params")
        });
    }

    // Changing the penalty: refused rates leave the old one in place.
    let old = net.regularization();
    let reg = random_regularization(rng);
    let result = net.set_regularization(reg);
    let expected = expected_regularization_error(reg);
    if f.outcome(ctx, "set_regularization", &result, expected.as_deref()) {
        f.check(net.regularization() == reg, || {
            format!("{ctx}: set_regularization not applied")
        });
    } else {
        f.check(net.regularization() == old, || {
            format!("{ctx}: refused set_regularization changed it")
        });
    }
}

/// Random networks: `Network::new` agrees with the documented rules (and
/// names the offending value), and every call on a built network returns Ok
/// or a meaningful Err — never a panic.
#[test]
fn random_networks_and_calls_never_panic_and_explain_errors() {
    const CASES: usize = 4000;
    let mut rng = Rng::new(2024);
    let mut f = Findings::default();
    let mut built = 0;
    for case in 0..CASES {
        let config = random_config(&mut rng);
        let ctx = format!("case {case} {config:?}");
        let mut case_rng = Rng::new(case as u32);
        f.run_case(&ctx, |f| {
            let result = Network::new(config.clone());
            let expected = expected_network_error(&config);
            if f.outcome(&ctx, "Network::new", &result, expected.as_deref()) {
                built += 1;
                exercise_network(&mut case_rng, f, &ctx, &mut result.unwrap());
            }
        });
    }
    // The generator must reach both sides of the validation.
    assert!(built > CASES / 5 && built < CASES * 4 / 5, "built {built} of {CASES}");
    f.assert_none(CASES);
}

fn random_optimizer(rng: &mut Rng) -> OptimizerConfig {
    // Each field valid most of the time, so that many trainers get built.
    let mut o = OptimizerConfig {
        kind: pick(rng, &KINDS),
        shuffle: chance(rng, 0.5),
        batch_size: pick(
            rng,
            &[
                BatchSize::All,
                BatchSize::Samples(0),
                BatchSize::Samples(1),
                BatchSize::Samples(3),
                BatchSize::Samples(7),
                BatchSize::Samples(1000),
                BatchSize::Samples(usize::MAX),
            ],
        ),
        ..OptimizerConfig::default()
    };
    if chance(rng, 0.5) {
        o.learning_rate = pick(rng, &LEARNING_RATES);
    }
    if chance(rng, 0.1) {
        o.momentum = pick(rng, &[0.0, 0.99, 1.0, -0.1, f64::NAN]);
    }
    if chance(rng, 0.1) {
        o.decay = pick(rng, &[0.01, -1.0, f64::NAN, f64::INFINITY, 1e7]);
    }
    if chance(rng, 0.1) {
        o.beta1 = pick(rng, &[0.0, 1.0, f64::NAN]);
    }
    if chance(rng, 0.1) {
        o.beta2 = pick(rng, &[0.0, 1.0, -0.5]);
    }
    if chance(rng, 0.1) {
        o.epsilon = pick(rng, &[1.0, 0.0, 2.0, f64::NAN, -1e-8]);
    }
    o
}

/// The rules of `OptimizerConfig::validate`, in its order.
fn expected_optimizer_error(o: &OptimizerConfig) -> Option<String> {
    if let Some(e) = expected_learning_rate_error(o.learning_rate) {
        return Some(e);
    }
    if !(0.0..1.0).contains(&o.momentum) {
        return Some(format!(
            "momentum must be from 0 up to (not including) 1, got {}",
            o.momentum
        ));
    }
    if !(o.decay.is_finite() && (0.0..=1e6).contains(&o.decay)) {
        return Some(format!("got {}", o.decay));
    }
    if !(0.0..1.0).contains(&o.beta1) || !(0.0..1.0).contains(&o.beta2) {
        return Some(format!("got {} and {}", o.beta1, o.beta2));
    }
    if !(o.epsilon > 0.0 && o.epsilon <= 1.0) {
        return Some(format!("got {}", o.epsilon));
    }
    None
}

/// A small network config that is usually valid (so trainers get built).
fn small_config(rng: &mut Rng) -> NetworkConfig {
    if chance(rng, 0.2) {
        return random_config(rng);
    }
    let hidden = 1 + rng.below(4) as usize;
    let mut config = NetworkConfig::new(&[1 + rng.below(3) as usize, hidden, 1 + rng.below(3) as usize]);
    config.activation = Some(pick(rng, &ACTIVATIONS[..5]));
    config.loss = pick(rng, &LOSSES);
    config
}

/// Invariants a trainer keeps through any sequence of calls.
fn check_trainer(f: &mut Findings, ctx: &str, trainer: &Trainer) {
    let status = trainer.status();
    f.check(all_finite(trainer.network().flat_params()), || {
        format!("{ctx}: trainer params not finite ({status:?})")
    });
    let n = trainer.inputs().rows();
    f.check(status.position < n.max(1), || {
        format!("{ctx}: position {} with {n} samples", status.position)
    });
    if let Some(loss) = status.loss {
        f.check(!loss.is_nan(), || format!("{ctx}: epoch loss is NaN"));
    }
}

/// Random sequences of trainer calls with random (often invalid) arguments.
fn exercise_trainer(rng: &mut Rng, f: &mut Findings, ctx: &str, trainer: &mut Trainer) {
    let initial = bits(trainer.network().flat_params());
    let status = trainer.status();
    f.check(
        (status.epoch, status.loss, status.diverged, status.position) == (0, None, false, 0),
        || format!("{ctx}: fresh status {status:?}"),
    );
    let result = trainer.train_epochs(1);
    f.outcome(
        ctx,
        "train_epochs without data",
        &result,
        Some("there is no training data"),
    );

    for op in 0..6 {
        let ctx = format!("{ctx} op {op}");
        let before = bits(trainer.network().flat_params());
        let status = trainer.status();
        match rng.below(7) {
            0 | 1 => {
                let (n_in, k) = (trainer.network().input_size(), trainer.network().output_size());
                let loss = trainer.network().loss();
                let rows = if chance(rng, 0.05) {
                    0
                } else {
                    1 + rng.below(12) as usize
                };
                let x = random_rows(rng, rows, n_in);
                let y = random_targets(rng, loss, rows, k);
                let (Some((x, _)), Some((y, _))) = (
                    random_matrix(rng, f, &ctx, "inputs", x, n_in),
                    random_matrix(rng, f, &ctx, "targets", y, k),
                ) else {
                    continue;
                };
                let finite = all_finite(x.data()) && all_finite(y.data());
                let expected = expected_data_error(trainer.network(), &x, &y);
                let result = trainer.set_data(x, y);
                if finite {
                    f.outcome(&ctx, "set_data", &result, expected.as_deref());
                } else {
                    f.any(&ctx, "set_data", &result);
                }
            }
            2 | 3 => {
                let epochs = pick(rng, &[0, 1, 1, 2, MAX_EPOCHS_PER_CALL + 1]);
                let result = trainer.train_epochs(epochs);
                let expected = if epochs == 0 || epochs > MAX_EPOCHS_PER_CALL {
                    Some(format!("got {epochs}"))
                } else if trainer.inputs().rows() == 0 {
                    Some("there is no training data".to_string())
                } else {
                    None
                };
                if f.outcome(&ctx, &format!("train_epochs({epochs})"), &result, expected.as_deref()) {
                    let after = trainer.status();
                    if status.diverged {
                        // Once diverged, training is frozen until reset.
                        f.check(
                            bits(trainer.network().flat_params()) == before && after == status,
                            || format!("{ctx}: training went on after divergence"),
                        );
                    } else if !after.diverged {
                        f.check(
                            after.epoch == status.epoch + u64::from(epochs) && after.position == 0,
                            || format!("{ctx}: {epochs} epochs from {status:?} gave {after:?}"),
                        );
                    }
                } else {
                    f.check(
                        bits(trainer.network().flat_params()) == before && trainer.status() == status,
                        || format!("{ctx}: refused train_epochs changed state"),
                    );
                }
            }
            4 => {
                let result = trainer.train_batch();
                if f.any(&ctx, "train_batch", &result) && status.diverged {
                    f.check(
                        matches!(result, Ok(None)) && bits(trainer.network().flat_params()) == before,
                        || format!("{ctx}: train_batch after divergence"),
                    );
                }
            }
            5 => {
                let o = random_optimizer(rng);
                let result = trainer.set_optimizer(o);
                let expected = expected_optimizer_error(&o);
                if !f.outcome(&ctx, "set_optimizer", &result, expected.as_deref()) {
                    f.check(trainer.config().optimizer != o || expected.is_none(), || {
                        format!("{ctx}: refused optimizer stored")
                    });
                }
            }
            _ => {
                if chance(rng, 0.5) {
                    let reg = random_regularization(rng);
                    let result = trainer.set_regularization(reg);
                    f.outcome(
                        &ctx,
                        "set_regularization",
                        &result,
                        expected_regularization_error(reg).as_deref(),
                    );
                } else {
                    trainer.reset();
                    let s = trainer.status();
                    f.check((s.epoch, s.loss, s.diverged, s.position) == (0, None, false, 0), || {
                        format!("{ctx}: status after reset {s:?}")
                    });
                    f.check(bits(trainer.network().flat_params()) == initial, || {
                        format!("{ctx}: reset did not restore the initial params")
                    });
                }
            }
        }
        check_trainer(f, &ctx, trainer);
    }
}

/// Random trainer configs, data and call sequences: Ok or a meaningful Err,
/// never a panic; parameters always finite; epochs counted exactly.
#[test]
fn random_trainers_never_panic_and_keep_their_invariants() {
    const CASES: usize = 2500;
    let mut rng = Rng::new(77);
    let mut f = Findings::default();
    let mut built = 0;
    for case in 0..CASES {
        let mut config = TrainerConfig {
            network: small_config(&mut rng),
            optimizer: random_optimizer(&mut rng),
            regularization: chance(&mut rng, 0.3).then(|| random_regularization(&mut rng)),
            seed: chance(&mut rng, 0.5).then(|| rng.next_u32()),
        };
        let ctx = format!("case {case} {config:?}");
        let mut case_rng = Rng::new(case as u32);
        f.run_case(&ctx, |f| {
            let result = Trainer::new(config.clone());
            // The trainer's seed and penalty override the network's before it is checked.
            if let Some(reg) = config.regularization {
                config.network.regularization = reg;
            }
            let expected =
                expected_optimizer_error(&config.optimizer).or_else(|| expected_network_error(&config.network));
            if f.outcome(&ctx, "Trainer::new", &result, expected.as_deref()) {
                built += 1;
                exercise_trainer(&mut case_rng, f, &ctx, &mut result.unwrap());
            }
        });
    }
    assert!(built > CASES / 4, "built {built} of {CASES}");
    f.assert_none(CASES);
}

/// Random data-set configs: Ok with consistent, finite data, or an Err naming
/// the bad field's value.
#[test]
fn random_datasets_are_consistent_or_refused() {
    const KINDS: [DatasetKind; 11] = [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gaussians,
        DatasetKind::Spiral,
        DatasetKind::Moons,
        DatasetKind::Plane,
        DatasetKind::Gaussian,
        DatasetKind::OrGate,
        DatasetKind::Gender,
        DatasetKind::WeightHeight,
        DatasetKind::Dosage,
    ];
    const CASES: usize = 600;
    let mut rng = Rng::new(5);
    let mut f = Findings::default();
    for case in 0..CASES {
        let config = DatasetConfig {
            kind: pick(&mut rng, &KINDS),
            points: pick(
                &mut rng,
                &[
                    None,
                    None,
                    Some(0),
                    Some(1),
                    Some(2),
                    Some(3),
                    Some(17),
                    Some(MAX_POINTS + 1),
                ],
            ),
            noise: pick(
                &mut rng,
                &[
                    None,
                    None,
                    Some(0.0),
                    Some(0.5),
                    Some(1.0),
                    Some(1.5),
                    Some(-0.1),
                    Some(f64::NAN),
                ],
            ),
            seed: rng.next_u32(),
            test_fraction: pick(&mut rng, &[0.0, 0.0, 0.25, 0.5, 0.9, 0.95, -0.1, f64::NAN]),
        };
        let ctx = format!("case {case} {config:?}");
        f.run_case(&ctx, |f| {
            let points = config.points.unwrap_or_else(|| config.kind.default_points());
            let noise = config.noise.unwrap_or_else(|| config.kind.default_noise());
            let tf = config.test_fraction;
            let expected = if points == 0 || points > MAX_POINTS {
                Some(format!("got {points}"))
            } else if !(noise.is_finite() && (0.0..=1.0).contains(&noise)) {
                Some(format!("got {noise}"))
            } else if !(tf.is_finite() && (0.0..=0.9).contains(&tf)) {
                Some(format!("got {tf}"))
            } else {
                None
            };
            let result = Dataset::generate(&config);
            if !f.outcome(&ctx, "Dataset::generate", &result, expected.as_deref()) {
                return;
            }
            let data = result.unwrap();
            let n = data.inputs.rows();
            let fixed = match config.kind {
                DatasetKind::OrGate => Some(4),
                DatasetKind::Gender => Some(6),
                _ => None,
            };
            f.check(n == fixed.unwrap_or(points), || format!("{ctx}: {n} points"));
            f.check(data.targets.rows() == n && data.is_test.len() == n, || {
                format!("{ctx}: row counts")
            });
            f.check(
                data.inputs.cols() == config.kind.dimensions() && data.targets.cols() == 1,
                || format!("{ctx}: columns"),
            );
            f.check(
                all_finite(data.inputs.data()) && all_finite(data.targets.data()),
                || format!("{ctx}: non-finite data"),
            );
            if data.task == Task::Classification {
                f.check(data.targets.data().iter().all(|&y| y == 0.0 || y == 1.0), || {
                    format!("{ctx}: labels not 0/1")
                });
            }
            let (train, test) = (data.train().0.rows(), data.test().0.rows());
            f.check(train + test == n, || format!("{ctx}: split {train} + {test} ≠ {n}"));
            if fixed.is_none() {
                let held_out = (n as f64 * tf).round() as usize;
                f.check(test == held_out, || {
                    format!("{ctx}: {test} test points, expected {held_out}")
                });
            }
        });
    }
    f.assert_none(CASES);
}

/// Random feature lists on raw points of 0–3 columns.
#[test]
fn random_feature_transforms_are_consistent_or_refused() {
    const CASES: usize = 600;
    let mut rng = Rng::new(6);
    let mut f = Findings::default();
    for case in 0..CASES {
        let features: Vec<Feature> = (0..rng.below(5)).map(|_| pick(&mut rng, &Feature::ALL)).collect();
        let cols = rng.below(4) as usize;
        let rows = rng.below(4) as usize;
        let raw = Matrix::new(
            rows,
            cols,
            (0..rows * cols).map(|_| random_number(&mut rng, 0.1)).collect(),
        )
        .unwrap();
        let ctx = format!("case {case} {features:?} on {rows}×{cols}");
        f.run_case(&ctx, |f| {
            let expected = if features.is_empty() {
                Some("choose at least one input feature".to_string())
            } else if cols == 0 || cols > 2 {
                Some(format!("got {cols}"))
            } else if cols == 1 {
                features
                    .iter()
                    .find(|f| f.uses_x2())
                    .map(|f| format!("feature \"{}\"", f.name()))
            } else {
                None
            };
            let result = transform(&features, &raw);
            if let (true, Ok(out)) = (f.outcome(&ctx, "transform", &result, expected.as_deref()), &result) {
                f.check(out.rows() == rows && out.cols() == features.len(), || {
                    format!("{ctx}: shape")
                });
                for r in 0..rows {
                    let (x1, x2) = (raw.row(r)[0], raw.row(r).get(1).copied().unwrap_or(0.0));
                    for (c, feature) in features.iter().enumerate() {
                        let (got, want) = (out.row(r)[c], feature.compute(x1, x2));
                        f.check(got.to_bits() == want.to_bits(), || {
                            format!("{ctx}: {feature:?} {got} vs {want}")
                        });
                    }
                }
            }
        });
    }
    f.assert_none(CASES);
}

/// A handful of messages checked word for word: what a learner actually reads.
#[test]
fn error_messages_spot_checks() {
    fn message<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
        result.expect_err("expected an error").message().to_string()
    }
    let net = |config: NetworkConfig| message(Network::new(config));

    assert_eq!(
        net(NetworkConfig::new(&[2])),
        "layers must list at least an input and an output size, like [2, 1]; got [2]"
    );
    assert_eq!(
        net(NetworkConfig::new(&[2, 0, 1])),
        "layer 1 has 0 units; every layer needs 1 to 256 units"
    );
    assert_eq!(
        net(NetworkConfig::new(&[2, 300, 1])),
        "layer 1 has 300 units; every layer needs 1 to 256 units"
    );
    assert_eq!(
        net(NetworkConfig::new(&[1; 21])),
        format!("at most 16 layers after the input are allowed; got 20 in {:?}", [1; 21])
    );

    let mut hidden_softmax = NetworkConfig::new(&[2, 3, 1]);
    hidden_softmax.activations = Some(vec![Activation::Softmax, Activation::Sigmoid]);
    assert_eq!(
        net(hidden_softmax),
        "softmax can only be the output activation, but hidden layer 1 uses it"
    );

    let mut bce_tanh = NetworkConfig::new(&[2, 1]);
    bce_tanh.loss = Loss::Bce;
    bce_tanh.output_activation = Some(Activation::Tanh);
    assert_eq!(
        net(bce_tanh),
        "loss \"bce\" needs a \"sigmoid\" output layer, but the output activation is \"tanh\""
    );

    let mut nan_rate = NetworkConfig::new(&[2, 1]);
    nan_rate.regularization = Regularization::L2 { rate: f64::NAN };
    assert_eq!(
        net(nan_rate),
        "regularization rate must be a number from 0 to 100, got NaN"
    );
    let mut negative_rate = NetworkConfig::new(&[2, 1]);
    negative_rate.regularization = Regularization::L1 { rate: -1.0 };
    assert_eq!(
        net(negative_rate),
        "regularization rate must be a number from 0 to 100, got -1"
    );

    // Data.
    assert_eq!(
        message(Matrix::from_rows(&[], 2, "inputs")),
        "inputs is empty: give at least one sample"
    );
    assert_eq!(
        message(Matrix::from_rows(&[vec![1.0, 2.0], vec![3.0]], 2, "inputs")),
        "inputs[1] has 1 numbers, but 2 are needed"
    );
    assert_eq!(
        message(Matrix::from_rows(&[vec![1.0, f64::NAN]], 2, "inputs")),
        "inputs[0] contains NaN; every number must be finite"
    );
    assert_eq!(
        message(Matrix::from_rows(&[vec![f64::NEG_INFINITY]], 1, "xs")),
        "xs[0] contains -inf; every number must be finite"
    );

    // Learning rates, on a network step.
    let mut network = Network::new(NetworkConfig::new(&[2, 1])).unwrap();
    let x = Matrix::from_rows(&[vec![0.5, -0.5]], 2, "inputs").unwrap();
    let y = Matrix::from_rows(&[vec![0.25]], 1, "targets").unwrap();
    for (lr, text) in [(f64::NAN, "NaN"), (-1.0, "-1"), (1e9, "1000000000")] {
        assert_eq!(
            message(network.step(&x, &y, lr)),
            format!("learning rate must be a number from 0 to 10000, got {text}")
        );
    }
    let wide = Matrix::from_rows(&[vec![1.0, 2.0, 3.0]], 3, "inputs").unwrap();
    assert_eq!(
        message(network.predict(&wide)),
        "each input needs 2 numbers (the input layer's size), got 3"
    );

    let mut bce = NetworkConfig::new(&[2, 1]);
    bce.loss = Loss::Bce;
    let bce = Network::new(bce).unwrap();
    let labels = Matrix::from_rows(&[vec![1.0], vec![0.5]], 1, "targets").unwrap();
    let two = Matrix::from_rows(&[vec![0.0, 0.0], vec![1.0, 1.0]], 2, "inputs").unwrap();
    assert_eq!(
        message(bce.gradients(&two, &labels)),
        "loss \"bce\" needs labels 0 or 1, but sample 1 has label 0.5"
    );

    // Trainer.
    let mut config = linear_regression(OptimizerKind::Momentum, 0.01);
    config.optimizer.momentum = 1.0;
    assert_eq!(
        message(Trainer::new(config).map(|_| ())),
        "momentum must be from 0 up to (not including) 1, got 1"
    );
    let mut trainer = Trainer::new(linear_regression(OptimizerKind::Sgd, 0.01)).unwrap();
    assert_eq!(
        message(trainer.train_epochs(1)),
        "there is no training data: call setData(xs, ys) with at least one sample first"
    );
    assert_eq!(
        message(trainer.train_epochs(0)),
        "epochs must be from 1 to 1000000, got 0"
    );
}

/// `Loss::check_targets` promises softmax_ce targets are "rows of
/// probabilities summing to 1", but a NaN row passes: `y < 0.0` and
/// `(sum − 1).abs() > 1e-9` are both false for NaN. Reachable through the
/// public `Matrix::new` (which checks only the length), e.g.
/// `Network::gradients` then returns `Ok` with a NaN loss.
#[test]
fn softmax_ce_refuses_nan_targets() {
    assert!(Loss::SoftmaxCe.check_targets(&[f64::NAN, f64::NAN], 2).is_err());
    assert!(Loss::SoftmaxCe.check_targets(&[f64::NAN, 1.0], 2).is_err());
}

/// Data that bypasses `Matrix::from_rows` via `Matrix::new` is never checked
/// for finiteness: `Trainer::set_data` accepts a NaN input and the first
/// epoch then reports `diverged` — blaming the learning rate for bad data.
#[test]
fn set_data_refuses_non_finite_numbers() {
    let mut trainer = Trainer::new(linear_regression(OptimizerKind::Sgd, 0.01)).unwrap();
    let x = Matrix::new(2, 1, vec![1.0, f64::NAN]).unwrap();
    let y = Matrix::new(2, 1, vec![1.0, 2.0]).unwrap();
    let result = trainer.set_data(x, y);
    assert!(
        result.as_ref().is_err_and(|e| e.message().contains("NaN")),
        "{result:?}"
    );
}

// ---------------------------------------------------------------------------
// (c) Divergence
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// (d) Batching
// ---------------------------------------------------------------------------

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
