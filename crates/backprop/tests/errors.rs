//! What a learner reads when something is refused: invalid configs, data
//! and calls, each with the exact message.

mod common;

use backprop::{Activation, Error, Loss, Matrix, Network, NetworkConfig, OptimizerKind, Regularization, Trainer};
use common::trainers::*;

/// A handful of messages checked word for word: what a learner actually reads.
#[test]
fn error_messages_spot_checks() {
    fn message<T: std::fmt::Debug>(result: Result<T, Error>) -> String {
        result.expect_err("expected an error").message().to_string()
    }
    // Invalid network configs, written out by hand (not derived from the
    // validation code), each with the message a learner reads.
    let with = |layers: &[usize], change: &dyn Fn(&mut NetworkConfig)| {
        let mut config = NetworkConfig::new(layers);
        change(&mut config);
        config
    };
    let invalid: Vec<(NetworkConfig, String)> = vec![
        (
            NetworkConfig::new(&[2]),
            "layers must list at least an input and an output size, like [2, 1]; got [2]".into(),
        ),
        (
            NetworkConfig::new(&[2, 0, 1]),
            "layer 1 has 0 units; every layer needs 1 to 256 units".into(),
        ),
        (
            NetworkConfig::new(&[0, 1]),
            "layer 0 has 0 units; every layer needs 1 to 256 units".into(),
        ),
        (
            NetworkConfig::new(&[2, 300, 1]),
            "layer 1 has 300 units; every layer needs 1 to 256 units".into(),
        ),
        (
            NetworkConfig::new(&[1; 21]),
            format!("at most 16 layers after the input are allowed; got 20 in {:?}", [1; 21]),
        ),
        (
            with(&[2, 3, 1], &|c| {
                c.activations = Some(vec![Activation::Softmax, Activation::Sigmoid])
            }),
            "softmax can only be the output activation, but hidden layer 1 uses it".into(),
        ),
        (
            with(&[2, 3, 1], &|c| c.activations = Some(vec![Activation::Tanh])),
            "activations has 1 entries, but layers [2, 3, 1] has 2 layers after the input".into(),
        ),
        (
            with(&[2, 1], &|c| {
                c.activations = Some(vec![Activation::Tanh]);
                c.activation = Some(Activation::Relu);
            }),
            "give either activations (one per layer) or activation/outputActivation, not both".into(),
        ),
        (
            with(&[2, 1], &|c| {
                c.loss = Loss::Bce;
                c.output_activation = Some(Activation::Tanh);
            }),
            "loss \"bce\" needs a \"sigmoid\" output layer, but the output activation is \"tanh\"".into(),
        ),
        (
            with(&[2, 3], &|c| {
                c.loss = Loss::SoftmaxCe;
                c.output_activation = Some(Activation::Sigmoid);
            }),
            "loss \"softmax_ce\" needs a \"softmax\" output layer, but the output activation is \"sigmoid\"".into(),
        ),
        (
            with(&[2, 3], &|c| c.output_activation = Some(Activation::Softmax)),
            "a softmax output needs the \"softmax_ce\" loss, not \"mse\"".into(),
        ),
        (
            // One softmax unit is e^z / e^z = 1: its loss and gradients are 0 for good.
            with(&[2, 1], &|c| c.loss = Loss::SoftmaxCe),
            "a softmax over one output unit is always 1, so nothing would train: give the output layer one unit per \
             class (2 or more), or use a sigmoid output with the \"bce\" loss for two classes"
                .into(),
        ),
        (
            with(&[2, 1], &|c| c.regularization = Regularization::L2 { rate: f64::NAN }),
            "regularization rate must be a number from 0 to 100, got NaN".into(),
        ),
        (
            with(&[2, 1], &|c| c.regularization = Regularization::L1 { rate: -1.0 }),
            "regularization rate must be a number from 0 to 100, got -1".into(),
        ),
        (
            with(&[2, 1], &|c| c.regularization = Regularization::L1 { rate: 100.5 }),
            "regularization rate must be a number from 0 to 100, got 100.5".into(),
        ),
    ];
    for (config, expected) in invalid {
        assert_eq!(message(Network::new(config.clone())), expected, "{config:?}");
    }

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
