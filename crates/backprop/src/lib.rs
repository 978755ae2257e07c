//! # backprop — a neural network you can read
//!
//! A dense feed-forward network with exact backpropagation, in plain `f64`
//! Rust, for the Backprop Playground. The modules follow the math:
//!
//! - [`activation`]: f and f′ side by side (sigmoid, tanh, ReLU, …).
//! - [`loss`]: L and ∂L/∂ŷ, with the tutorials' exact scalings.
//! - [`network`]: weights, biases, initialisation from a seed.
//! - [`reference`]: **start here** — forward and backward for one example,
//!   as the tutorials write it.
//! - [`backprop`]: the same pass over a whole batch at once (the fast path).
//! - [`lanes`]: two f64 lanes added and multiplied as one (SIMD), the same
//!   bits natively and in wasm; the batch kernels' unit of work.
//! - [`inspect`]: every z, a, ∂L/∂a, ∂L/∂z for one example.
//! - [`optimizer`] and [`trainer`]: SGD/momentum/Adam, batches, epochs, divergence.
//! - [`dataset`] and [`features`]: seeded data sets and input transforms.
//! - [`expression`]: formulas as computational graphs, forward and backward.
//! - [`decimal`]: numbers in decimal text, exactly, without core's float formatting.
//! - [`rng`]: a seeded generator that reproduces numpy's `rand`/`randn`.
//! - [`strict`]: reading configs so that an unknown key is an error.
//!
//! The JavaScript API (wasm-bindgen) lives in `wasm/`, compiled only for wasm32
//! with the default feature `js`.

// A quality gate, checked by clippy in CI: outside tests nothing may unwrap,
// expect or panic — every value that comes from a user is checked and
// answered with an error message instead (see README, "Guarantees").
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod activation;
pub mod backprop;
pub mod config;
pub mod dataset;
pub use decimal;
pub mod error;
pub mod expression;
pub mod fast_tanh;
pub mod features;
pub mod inspect;
pub mod lanes;
pub mod limits;
pub mod loss;
pub mod math;
pub mod matrix;
pub mod network;
pub mod optimizer;
pub mod reference;
pub mod regularization;
pub mod rng;
pub use strict;
pub mod trainer;

#[cfg(all(target_arch = "wasm32", feature = "js"))]
mod wasm;

pub use activation::Activation;
pub use config::{Init, NetworkConfig};
pub use dataset::{Dataset, DatasetConfig, DatasetKind, Domain, Task};
pub use error::{Error, Result};
pub use expression::Expression;
pub use features::Feature;
pub use inspect::{LayerTrace, Trace};
pub use loss::Loss;
pub use matrix::Matrix;
pub use network::{Network, Params};
pub use optimizer::{BatchSize, OptimizerConfig, OptimizerKind};
pub use regularization::Regularization;
pub use rng::Rng;
pub use trainer::{Preview, Progress, Status, Trainer, TrainerConfig};
