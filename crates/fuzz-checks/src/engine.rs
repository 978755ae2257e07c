//! The engine's API driven the way a script drives it from JavaScript:
//! a config object (read through the same strict value tree as the wasm
//! boundary), data rows, then any sequence of calls with any numbers.
//!
//! What must hold whatever the input: every call answers `Ok` or a clear
//! `Err`; the weights never become NaN or infinite (divergence undoes the
//! update that caused it); a reported loss is finite; reset starts over.

use backprop::strict::Value;
use backprop::{Matrix, Network, Params, Regularization, Trainer, TrainerConfig};
use serde::Deserialize;

use crate::bytes::Bytes;

/// Every activation's name, from the engine's own list, and one it does not know.
fn activation_names() -> Vec<&'static str> {
    backprop::Activation::ALL
        .iter()
        .map(|a| a.name())
        .chain(["swish"])
        .collect()
}

/// Every loss's name, from the engine's own list.
fn loss_names() -> Vec<&'static str> {
    backprop::Loss::ALL.iter().map(|l| l.name()).collect()
}
const OPTIMIZERS: &[&str] = &["sgd", "momentum", "adam"];
const INITS: &[&str] = &["auto", "normal", "normal_all", "uniform"];
/// Learning rates a learner tries, from too small to absurd, besides raw bits.
const RATES: &[f64] = &[
    1e-5,
    0.03,
    0.5,
    10.0,
    100.0,
    1000.0,
    1e4,
    1e5,
    0.0,
    -1.0,
    f64::NAN,
    f64::INFINITY,
];

pub fn engine(data: &[u8]) {
    let mut bytes = Bytes::new(data);
    let config = trainer_config(&mut bytes);
    let Ok(config) = TrainerConfig::deserialize(config) else {
        return;
    };
    let Ok(mut trainer) = Trainer::new(config) else { return };
    let (inputs, targets) = data_rows(&mut bytes, &trainer);
    let (Ok(xs), Ok(ys)) = (
        Matrix::from_rows(&inputs, trainer.network().input_size(), "inputs"),
        Matrix::from_rows(&targets, trainer.network().output_size(), "targets"),
    ) else {
        return;
    };
    let _ = trainer.set_data(xs.clone(), ys.clone());
    while !bytes.is_empty() {
        call(&mut bytes, &mut trainer, &xs, &ys);
        check(&trainer);
    }
}

/// `{ network: { layers, activations…, loss, init, seed }, optimizer: {…}, … }`
fn trainer_config(b: &mut Bytes) -> Value {
    let mut layers = Vec::new();
    for _ in 0..2 + b.below(4) {
        // Mostly small layers; now and then 0 or one past the limits.
        layers.push(Value::Number(match b.byte() {
            0 => 0.0,
            1 => 257.0,
            n => f64::from(1 + n % 6),
        }));
    }
    let mut network = vec![("layers".to_string(), Value::Array(layers))];
    let name = |b: &mut Bytes, list: &[&str]| Value::String(b.pick(list).to_string());
    if b.coin() {
        network.push(("activation".into(), name(b, &activation_names())));
    }
    if b.coin() {
        network.push(("outputActivation".into(), name(b, &activation_names())));
    }
    network.push(("loss".into(), name(b, &loss_names())));
    network.push(("init".into(), name(b, INITS)));
    network.push(("seed".into(), Value::Number(f64::from(b.byte()))));
    if b.byte() == 7 {
        network.push(("learningrate".into(), Value::Number(1.0))); // a typo must be named, not ignored
    }
    let learning_rate = if b.byte() < 200 { b.pick(RATES) } else { b.number() };
    let batch_size = match b.byte() % 4 {
        0 => Value::String("all".into()),
        1 => Value::Number(1.0),
        2 => Value::Number(f64::from(b.byte())),
        _ => Value::Number(b.number()),
    };
    let optimizer = vec![
        ("kind".to_string(), name(b, OPTIMIZERS)),
        ("learningRate".to_string(), Value::Number(learning_rate)),
        ("batchSize".to_string(), batch_size),
        ("shuffle".to_string(), Value::Bool(b.coin())),
        (
            "decay".to_string(),
            Value::Number(if b.byte() < 200 { 0.0 } else { b.number() }),
        ),
    ];
    Value::Object(vec![
        ("network".into(), Value::Object(network)),
        ("optimizer".into(), Value::Object(optimizer)),
        ("regularization".into(), regularization(b)),
    ])
}

fn regularization(b: &mut Bytes) -> Value {
    let rate = |b: &mut Bytes| if b.byte() < 200 { 0.001 } else { b.number() };
    let (kind, rate) = match b.byte() % 3 {
        0 => return Value::Object(vec![("kind".into(), Value::String("none".into()))]),
        1 => ("l1", rate(b)),
        _ => ("l2", rate(b)),
    };
    Value::Object(vec![
        ("kind".into(), Value::String(kind.into())),
        ("rate".into(), Value::Number(rate)),
    ])
}

/// Up to 24 rows; targets are mostly labels the loss accepts (0/1, or
/// one-hot for softmax) and sometimes any number, which must be refused.
fn data_rows(b: &mut Bytes, trainer: &Trainer) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let (n_in, n_out) = (trainer.network().input_size(), trainer.network().output_size());
    let rows = b.below(25);
    let mut xs = Vec::with_capacity(rows);
    let mut ys = Vec::with_capacity(rows);
    for _ in 0..rows {
        xs.push((0..n_in).map(|_| b.number()).collect());
        let class = b.below(n_out.max(2));
        ys.push(match b.byte() % 8 {
            0 => (0..n_out).map(|_| b.number()).collect(),
            _ if n_out == 1 => vec![class as f64],
            _ => (0..n_out).map(|k| f64::from(u8::from(k == class % n_out))).collect(),
        });
    }
    (xs, ys)
}

/// One call of the API, chosen and filled in by the bytes.
fn call(b: &mut Bytes, trainer: &mut Trainer, xs: &Matrix, ys: &Matrix) {
    match b.byte() % 10 {
        0 => {
            let _ = trainer.train_epochs(u32::from(b.byte() % 8));
        }
        1 => {
            let _ = trainer.train_batch();
        }
        2 => {
            // A preview may be ∞ (data at 1e300 overflows the forward pass):
            // it only computes; the update it shows is what training then
            // refuses as a divergence, which `check` covers.
            if let Ok(preview) = trainer.preview_next() {
                let n = trainer.network().flat_params().len();
                assert_eq!((preview.gradient.len(), preview.delta.len()), (n, n));
            }
        }
        3 => {
            let mut optimizer = trainer.config().optimizer;
            optimizer.learning_rate = if b.byte() < 128 { b.pick(RATES) } else { b.number() };
            optimizer.momentum = if b.byte() < 200 { 0.9 } else { b.number() };
            let _ = trainer.set_optimizer(optimizer);
        }
        4 => {
            let reg = Regularization::deserialize(regularization(b));
            if let Ok(reg) = reg {
                let _ = trainer.set_regularization(reg);
            }
        }
        5 => {
            let frozen: Vec<usize> = (0..b.below(4)).map(|_| usize::from(b.byte())).collect();
            let _ = trainer.set_frozen(&frozen);
        }
        6 => {
            let params = scrambled(b, trainer.network());
            let _ = trainer.network_mut().set_params(&params);
        }
        7 => {
            trainer.reset();
            let status = trainer.status();
            assert_eq!(
                (status.epoch, status.diverged, status.loss),
                (0, false, None),
                "reset starts over"
            );
        }
        8 => {
            let network = trainer.network().clone();
            if xs.rows() > 0 {
                let _ = network.inspect(xs.row(0), ys.row(0));
            }
            let _ = network.predict(xs);
            if let Ok((loss, grads)) = network.gradients(xs, ys) {
                assert_eq!(grads.len(), network.flat_params().len());
                let _ = loss;
            }
        }
        _ => {
            let mut network = trainer.network().clone();
            let rate = if b.byte() < 128 { b.pick(RATES) } else { b.number() };
            let _ = network.step(xs, ys, rate);
            assert!(
                network.flat_params().iter().all(|p| p.is_finite()),
                "a refused step changes nothing"
            );
        }
    }
}

/// The current parameters with some replaced by any number (NaN included):
/// `setParams` must refuse what is not finite and keep what it had.
fn scrambled(b: &mut Bytes, network: &Network) -> Params {
    let mut params = network.params();
    for _ in 0..b.below(4) {
        let l = b.below(params.weights.len());
        if let Some(row) = params.weights.get_mut(l).and_then(|w| w.first_mut()) {
            if let Some(w) = row.first_mut() {
                *w = b.number();
            }
        }
    }
    if b.byte() == 3 {
        params.biases.pop(); // the wrong shape
    }
    params
}

/// What holds after every call.
fn check(trainer: &Trainer) {
    let params = trainer.network().flat_params();
    assert!(params.iter().all(|p| p.is_finite()), "weights stay finite");
    let status = trainer.status();
    if let Some(loss) = status.loss {
        assert!(loss.is_finite(), "a reported loss is finite, got {loss}");
    }
}
