//! Lessons: the tutorials' worked examples as presets — data, network,
//! starting weights, learning rate, the controls that matter — each with a
//! short text of our own and a live read-out of the number the tutorial
//! computes by hand, so the learner can watch it come out of the engine.

use backprop::{Activation, BatchSize, DatasetKind, Feature, Init, Loss, Network, NetworkConfig, Params};

use super::number::show as fmt;
use super::points::Split;
use super::session::Session;
use super::settings::Settings;
use crate::model::text::join;

/// What the lesson's read-out shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Readout {
    /// The network's output for this input.
    Output([f64; 2]),
    /// ∂L/∂w of weight (layer, to, from) for the first point.
    Gradient(usize, usize, usize),
    /// The cost: mean loss over the training points.
    Cost,
    /// The network's output for each test point, with these names.
    Predictions(&'static [&'static str]),
    /// Intercept and slope of a one-input linear model.
    Line,
    /// ∂J/∂w₁ = x₁(h − y) of logistic regression, for the first point.
    Logistic,
}

/// Which unit or weight the inspector starts on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Focus {
    /// A weight (layer, to, from).
    Weight(usize, usize, usize),
    /// A unit's bias (layer, unit).
    Bias(usize, usize),
}

/// One lesson.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// Its name in URLs (`?lesson=or-gate`).
    pub id: &'static str,
    /// Its title in the menu.
    pub title: &'static str,
    /// What it shows, in a few sentences.
    pub text: &'static str,
    /// The configuration.
    pub settings: Settings,
    /// Its own points instead of the data set's, if any.
    pub points: Option<Vec<(f64, f64, f64)>>,
    /// Its starting weights, if not the seed's.
    pub params: Option<Params>,
    /// The controls shown (all others are hidden while the lesson is on).
    pub controls: &'static [&'static str],
    /// What the inspector starts on.
    pub focus: Option<Focus>,
    /// The number to watch.
    pub readout: Readout,
}

/// Controls every lesson keeps: running, stepping, starting over.
const RUN: [&str; 4] = ["play", "step", "step-batch", "reset"];

fn base(dataset: DatasetKind, hidden: &[usize], activation: Activation, loss: Loss) -> Settings {
    Settings {
        dataset,
        hidden: hidden.to_vec(),
        activation,
        loss,
        features: vec![Feature::X1, Feature::X2],
        test_fraction: 0.0,
        noise: 0.0,
        points: dataset.default_points(),
        thumbnails: true,
        ..Settings::default()
    }
}

/// Every unit of a network with `weights` into each unit and bias `b`.
fn uniform_params(layers: &[usize], weights: &[f64], b: f64) -> Params {
    // Loops, not collects: each iterator chain is its own code in the wasm.
    let mut weights_per_layer = Vec::new();
    let mut biases = Vec::new();
    for w in layers.windows(2) {
        let mut rows = Vec::new();
        for _ in 0..w[1] {
            // `weights` repeated to the row's length (none if it is empty).
            let mut row = Vec::new();
            if !weights.is_empty() {
                for k in 0..w[0] {
                    row.push(weights[k % weights.len()]);
                }
            }
            rows.push(row);
        }
        weights_per_layer.push(rows);
        biases.push(vec![b; w[1]]);
    }
    Params {
        weights: weights_per_layer,
        biases,
    }
}

/// numpy's `np.random.normal()` draws after `np.random.seed(42)`, in seed
/// 003's order (six weights, then three biases).
fn seed_003_start() -> Params {
    let config = NetworkConfig {
        activation: Some(Activation::Sigmoid),
        init: Init::NormalAll,
        seed: 42,
        ..NetworkConfig::new(&[2, 2, 1])
    };
    Network::new(config)
        .map(|n| n.params())
        .unwrap_or_else(|_| uniform_params(&[2, 2, 1], &[0.0], 0.0))
}

/// All lessons, in teaching order.
pub fn all() -> Vec<Lesson> {
    let weight_height = |lr: f64| Settings {
        data_seed: 42,
        points: 50,
        noise: 0.5,
        learning_rate: lr,
        batch_size: BatchSize::All,
        shuffle: false,
        ..base(DatasetKind::WeightHeight, &[], Activation::Linear, Loss::Mse)
    };
    vec![
        Lesson {
            id: "neuron",
            title: "1. A single neuron",
            text: "A neuron multiplies each input by a weight, adds a bias and squashes the sum with the sigmoid σ. \
                   With w = [0, 1], b = 4 and the input x = [2, 3] the sum is 0·2 + 1·3 + 4 = 7, and σ(7) ≈ 0.999.",
            settings: base(DatasetKind::Circle, &[], Activation::Sigmoid, Loss::Mse),
            points: Some(vec![(2.0, 3.0, 1.0)]),
            params: Some(Params { weights: vec![vec![vec![0.0, 1.0]]], biases: vec![vec![4.0]] }),
            controls: &RUN,
            focus: Some(Focus::Bias(0, 0)),
            readout: Readout::Output([2.0, 3.0]),
        },
        Lesson {
            id: "feedforward",
            title: "2. Feedforward through a 2-2-1 network",
            text: "Two hidden neurons and one output, every neuron with w = [0, 1] and b = 0. For x = [2, 3] each hidden \
                   neuron gives σ(3) ≈ 0.9526, and the output is σ(0.9526) ≈ 0.7216. Hover the units to follow the values.",
            settings: base(DatasetKind::Circle, &[2], Activation::Sigmoid, Loss::Mse),
            points: Some(vec![(2.0, 3.0, 1.0)]),
            params: Some(uniform_params(&[2, 2, 1], &[0.0, 1.0], 0.0)),
            controls: &RUN,
            focus: Some(Focus::Bias(1, 0)),
            readout: Readout::Output([2.0, 3.0]),
        },
        Lesson {
            id: "alice-gradient",
            title: "3. Backprop for one weight: Alice",
            text: "Alice (weight −2, height −1 after shifting) is female, y = 1. With all weights 1 and biases 0 the \
                   network says 0.524. The chain rule splits ∂L/∂w₁ into ∂L/∂ŷ · ∂ŷ/∂h₁ · ∂h₁/∂w₁. The tutorial rounds \
                   each factor (−0.952 · 0.249 · −0.0904) and gets 0.0214; unrounded it is 0.02147.",
            settings: base(DatasetKind::Gender, &[2], Activation::Sigmoid, Loss::Mse),
            points: Some(vec![(-2.0, -1.0, 1.0)]),
            params: Some(uniform_params(&[2, 2, 1], &[1.0, 1.0], 0.0)),
            controls: &RUN,
            focus: Some(Focus::Weight(0, 0, 0)),
            readout: Readout::Gradient(0, 0, 0),
        },
        Lesson {
            id: "or-gate",
            title: "4. The OR gate: why a neuron needs a bias",
            text: "One sigmoid neuron, w = [0.1, 0.6], b = 0, loss ½(y − ŷ)². For the input (0, 0) the weight gradients \
                   are x·δ = 0: only the bias can learn there (pick that point to see it). Over all four rows the cost \
                   is 0.089; one full-batch step with learning rate 1 brings it to 0.084, and about 5000 bring it near 0.0005.",
            settings: Settings {
                learning_rate: 1.0,
                batch_size: BatchSize::All,
                shuffle: false,
                ..base(DatasetKind::OrGate, &[], Activation::Sigmoid, Loss::HalfMse)
            },
            points: None,
            params: Some(Params { weights: vec![vec![vec![0.1, 0.6]]], biases: vec![vec![0.0]] }),
            controls: &["play", "step", "reset", "speed", "learning-rate", "batch-size"],
            focus: Some(Focus::Bias(0, 0)),
            readout: Readout::Cost,
        },
        Lesson {
            id: "gender",
            title: "5. Training by stochastic gradient descent",
            text: "The four people, one example per update (batch size 1), learning rate 0.1, starting from numpy's \
                   random weights for seed 42. After about 1000 epochs the network calls Emily female (≈ 0.95) and \
                   Frank male (≈ 0.04) — two people it never saw.",
            settings: Settings {
                learning_rate: 0.1,
                batch_size: BatchSize::Samples(1),
                shuffle: false,
                speed: 25,
                show_test: true,
                ..base(DatasetKind::Gender, &[2], Activation::Sigmoid, Loss::Mse)
            },
            points: None,
            params: Some(seed_003_start()),
            controls: &["play", "step", "reset", "speed", "learning-rate", "batch-size", "show-test"],
            focus: None,
            readout: Readout::Predictions(&["Emily", "Frank"]),
        },
        Lesson {
            id: "dosage",
            title: "6. A bell curve needs hidden units",
            text: "Efficacy rises and falls with the dose: no straight line fits it. A hidden layer of 20 ReLU units \
                   bends the fit: each unit adds a kink, and together they trace the bell. Click to add an (x, y) \
                   point and watch the fit bend to it.",
            settings: Settings {
                optimizer: backprop::OptimizerKind::Adam,
                learning_rate: 0.01,
                batch_size: BatchSize::All,
                speed: 5,
                ..base(DatasetKind::Dosage, &[20], Activation::Relu, Loss::Mse)
            },
            points: None,
            params: None,
            controls: &["play", "step", "reset", "speed", "learning-rate", "activation", "layers"],
            focus: None,
            readout: Readout::Cost,
        },
        Lesson {
            id: "intercept",
            title: "7a. Gradient descent on the intercept alone",
            text: "Height from weight with the slope held at 2.5: only the intercept moves. The loss is a U-shaped \
                   curve of the intercept (open the loss landscape with “up: none” to see it); each step goes downhill \
                   by the learning rate times the slope of that curve, so the steps shrink as the bottom nears. \
                   Click to add an (x, y) point.",
            settings: Settings { frozen: vec![0], ..weight_height(0.1) },
            points: None,
            params: Some(Params { weights: vec![vec![vec![2.5]]], biases: vec![vec![0.0]] }),
            controls: &["play", "step", "reset", "learning-rate", "landscape"],
            focus: Some(Focus::Bias(0, 0)),
            readout: Readout::Line,
        },
        Lesson {
            id: "linear-regression",
            title: "7b. Linear regression: intercept and slope together",
            text: "Height from weight: a line, fitted by gradient descent on the mean squared error from intercept 0.01 \
                   and slope 0.01 with learning rate 0.0001. The slope moves first (its gradient is about 60 times the \
                   intercept's); within a dozen steps the cost settles near 20.7 with slope ≈ 2.505. Click to add \
                   an (x, y) point: one far off the line pulls it.",
            settings: weight_height(0.0001),
            points: None,
            params: Some(Params { weights: vec![vec![vec![0.01]]], biases: vec![vec![0.01]] }),
            controls: &["play", "step", "reset", "learning-rate"],
            focus: Some(Focus::Weight(0, 0, 0)),
            readout: Readout::Line,
        },
        Lesson {
            id: "logistic-regression",
            title: "8. Logistic regression with cross-entropy",
            text: "One sigmoid neuron trained with cross-entropy J = −y log h − (1 − y) log(1 − h). The sigmoid's \
                   derivative cancels, and the gradient is simply ∂J/∂w = x(h − y) and ∂J/∂b = h − y.",
            settings: Settings {
                learning_rate: 0.1,
                batch_size: BatchSize::All,
                ..base(DatasetKind::Gaussians, &[], Activation::Sigmoid, Loss::Bce)
            },
            points: None,
            params: Some(Params { weights: vec![vec![vec![-0.5, 0.2]]], biases: vec![vec![0.0]] }),
            controls: &["play", "step", "reset", "learning-rate", "loss"],
            focus: Some(Focus::Weight(0, 0, 0)),
            readout: Readout::Logistic,
        },
        Lesson {
            id: "learning-rate",
            title: "9. Learning rate: too small, right, too large",
            text: "The same line as lesson 7. With 0.00001 the cost creeps down; with 0.0001 it settles in a dozen \
                   steps; with 0.001 every step overshoots the minimum by more than the last, and training diverges. \
                   Click to add an (x, y) point.",
            settings: weight_height(0.0001),
            points: None,
            params: Some(Params { weights: vec![vec![vec![0.01]]], biases: vec![vec![0.01]] }),
            controls: &["play", "step", "reset", "learning-rate", "speed"],
            focus: None,
            readout: Readout::Cost,
        },
    ]
}

/// The lesson with this id.
pub fn find(id: &str) -> Option<Lesson> {
    all().into_iter().find(|l| l.id == id)
}

impl Lesson {
    /// Loads the lesson into a session: settings, points, starting weights.
    pub fn load(&self, session: &mut Session) -> Result<(), String> {
        let settings = Settings {
            lesson: Some(self.id.to_string()),
            ..self.settings.clone()
        };
        session.apply(settings)?;
        session.regenerate()?;
        if let Some(points) = &self.points {
            session.replace_points(points)?;
        }
        match &self.params {
            Some(params) => session.set_start(params.clone()),
            None => {
                session.reset();
                Ok(())
            }
        }
    }

    /// The points the lesson talks about by name, where they are (x, y,
    /// name): the test points of a prediction read-out, in order — Emily and
    /// Frank in "gender".
    pub fn named_points(&self, session: &Session) -> Vec<(f64, f64, &'static str)> {
        let Readout::Predictions(names) = self.readout else {
            return Vec::new();
        };
        let tests = session.points().points.iter().filter(|p| p.split == Split::Test);
        let mut named = Vec::new();
        for (p, &name) in tests.zip(names) {
            named.push((p.x, p.y, name));
        }
        named
    }

    /// The read-out: a sentence and the numbers in it.
    pub fn readout(&self, session: &Session) -> (String, Vec<f64>) {
        let net = session.network();
        let points = &session.points().points;
        match self.readout {
            Readout::Output(x) => {
                let y = net
                    .predict(&backprop::Matrix::new(1, 2, x.to_vec()).unwrap_or_default())
                    .map(|m| m.data().first().copied().unwrap_or(f64::NAN))
                    .unwrap_or(f64::NAN);
                (format!("ŷ for x = [{}, {}]: {}", fmt(x[0]), fmt(x[1]), fmt(y)), vec![y])
            }
            Readout::Gradient(l, j, i) => match session.inspect_point(0) {
                Ok((_, _, trace)) => {
                    let g = trace.gradients.weights[l][j][i];
                    (format!("∂L/∂w₁ for this example: {}", fmt(g)), vec![g])
                }
                Err(e) => (e, vec![]),
            },
            Readout::Cost => {
                let cost = session.measures().train_loss.unwrap_or(f64::NAN);
                (format!("cost at epoch {}: {}", session.epoch(), fmt(cost)), vec![cost])
            }
            Readout::Predictions(names) => {
                // Loops, not filter/map/zip/collect chains (each its own code in the wasm).
                let mut values = Vec::new();
                for p in points.iter().filter(|p| p.split == Split::Test) {
                    let x = session.features_of(p);
                    values.push(
                        net.predict(&backprop::Matrix::new(1, x.len(), x).unwrap_or_default())
                            .map(|m| m.data().first().copied().unwrap_or(f64::NAN))
                            .unwrap_or(f64::NAN),
                    );
                }
                let mut parts = Vec::new();
                for (n, v) in names.iter().zip(&values) {
                    parts.push(format!("{n}: {} ({})", fmt(*v), if *v > 0.5 { "F" } else { "M" }));
                }
                (
                    format!("after {} epochs — {}", session.epoch(), join(&parts, ", ")),
                    values,
                )
            }
            Readout::Line => {
                let (slope, intercept) = (net.weight(0, 0, 0), net.bias(0, 0));
                let cost = session.measures().train_loss.unwrap_or(f64::NAN);
                (
                    format!(
                        "epoch {}: intercept {}, slope {}, cost {}",
                        session.epoch(),
                        fmt(intercept),
                        fmt(slope),
                        fmt(cost)
                    ),
                    vec![intercept, slope, cost],
                )
            }
            Readout::Logistic => match session.inspect_point(0) {
                Ok((point, _, trace)) => {
                    let h = trace.output[0];
                    let closed = point.x * (h - point.label);
                    let g = trace.gradients.weights[0][0][0];
                    (
                        format!(
                            "for the first point: x₁(h − y) = {} · ({} − {}) = {}; backprop gives {}",
                            fmt(point.x),
                            fmt(h),
                            fmt(point.label),
                            fmt(closed),
                            fmt(g)
                        ),
                        vec![closed, g],
                    )
                }
                Err(e) => (e, vec![]),
            },
        }
    }
}
