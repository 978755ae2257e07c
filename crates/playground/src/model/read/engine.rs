//! The engine's types the page reads from saved states and links, by hand
//! (see `read.rs`); `tests/strict_read_engine.rs` holds each against its
//! derive.

use backprop::optimizer::Memory;
use backprop::rng::RngState;
use backprop::strict::{Error, Value};
use backprop::{Activation, BatchSize, DatasetKind, Feature, Loss, OptimizerKind, Params, Progress, Regularization};
use serde::de::{Error as _, Unexpected};
use serde::Deserialize;

use super::{any_unexpected, object, required, variant, InSequence, Read};

/// Unit-variant enums: their serde names and values, in declaration order
/// (the order serde lists them in "expected one of …").
macro_rules! by_name {
    ($($type:ty: $($name:literal => $value:expr),*;)*) => {$(
        impl Read for $type {
            #[inline(never)]
            fn read(value: Value) -> Result<Self, Error> {
                const NAMES: &[&str] = &[$($name),*];
                const VALUES: &[$type] = &[$($value),*];
                Ok(VALUES[variant(value, NAMES)?])
            }
        }
    )*};
}

by_name! {
    Activation: "sigmoid" => Activation::Sigmoid, "tanh" => Activation::Tanh, "relu" => Activation::Relu,
        "leaky_relu" => Activation::LeakyRelu, "linear" => Activation::Linear, "softmax" => Activation::Softmax;
    Loss: "mse" => Loss::Mse, "half_mse" => Loss::HalfMse, "bce" => Loss::Bce, "softmax_ce" => Loss::SoftmaxCe;
    OptimizerKind: "sgd" => OptimizerKind::Sgd, "momentum" => OptimizerKind::Momentum, "adam" => OptimizerKind::Adam;
    Feature: "x1" => Feature::X1, "x2" => Feature::X2, "x1_squared" => Feature::X1Squared,
        "x2_squared" => Feature::X2Squared, "x1_x2" => Feature::X1X2, "sin_x1" => Feature::SinX1,
        "sin_x2" => Feature::SinX2;
    DatasetKind: "circle" => DatasetKind::Circle, "xor" => DatasetKind::Xor, "gaussians" => DatasetKind::Gaussians,
        "spiral" => DatasetKind::Spiral, "moons" => DatasetKind::Moons, "plane" => DatasetKind::Plane,
        "gaussian" => DatasetKind::Gaussian, "or_gate" => DatasetKind::OrGate, "gender" => DatasetKind::Gender,
        "weight_height" => DatasetKind::WeightHeight, "dosage" => DatasetKind::Dosage;
}

impl Read for BatchSize {
    /// Its own small visitor (a number or "all"), through serde.
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        BatchSize::deserialize(value)
    }
}

impl Read for Params {
    fn read(value: Value) -> Result<Self, Error> {
        let (mut weights, mut biases) = (None, None);
        object(value, "struct Params", &["weights", "biases"], true, &mut |i, v| {
            match i {
                0 => weights = Some(Read::read(v)?),
                _ => biases = Some(Read::read(v)?),
            }
            Ok(())
        })?;
        Ok(Params {
            weights: required(weights, "weights")?,
            biases: required(biases, "biases")?,
        })
    }
}

impl Read for RngState {
    fn read(value: Value) -> Result<Self, Error> {
        let (mut words, mut index, mut gauss) = (None, None, None);
        object(
            value,
            "struct RngState",
            &["words", "index", "gauss"],
            true,
            &mut |i, v| {
                match i {
                    0 => words = Some(Read::read(v)?),
                    1 => index = Some(Read::read(v)?),
                    _ => gauss = Some(Read::read(v)?),
                }
                Ok(())
            },
        )?;
        Ok(RngState {
            words: required(words, "words")?,
            index: required(index, "index")?,
            gauss: gauss.flatten(),
        })
    }
}

impl Read for Memory {
    fn read(value: Value) -> Result<Self, Error> {
        let mut memory = Memory::default();
        object(
            value,
            "struct Memory",
            &["first", "second", "powers"],
            true,
            &mut |i, v| {
                *match i {
                    0 => &mut memory.first,
                    1 => &mut memory.second,
                    _ => &mut memory.powers,
                } = Read::read(v)?;
                Ok(())
            },
        )?;
        Ok(memory)
    }
}

impl Read for Progress {
    fn read(value: Value) -> Result<Self, Error> {
        const NAMES: &[&str] = &[
            "epoch",
            "position",
            "epochLossSum",
            "lastLoss",
            "diverged",
            "order",
            "shuffle",
            "optimizer",
        ];
        let (mut epoch, mut position, mut sum, mut last) = (None, None, None, None);
        let (mut diverged, mut order, mut shuffle, mut optimizer) = (None, None, None, None);
        object(value, "struct Progress", NAMES, true, &mut |i, v| {
            match i {
                0 => epoch = Some(Read::read(v)?),
                1 => position = Some(Read::read(v)?),
                2 => sum = Some(Read::read(v)?),
                3 => last = Some(Read::read(v)?),
                4 => diverged = Some(Read::read(v)?),
                5 => order = Some(Read::read(v)?),
                6 => shuffle = Some(Read::read(v)?),
                _ => optimizer = Some(Read::read(v)?),
            }
            Ok(())
        })?;
        Ok(Progress {
            epoch: required(epoch, "epoch")?,
            position: required(position, "position")?,
            epoch_loss_sum: required(sum, "epochLossSum")?,
            last_loss: last.flatten(),
            diverged: required(diverged, "diverged")?,
            order: required(order, "order")?,
            shuffle: required(shuffle, "shuffle")?,
            optimizer: required(optimizer, "optimizer")?,
        })
    }
}

/// `{"kind": "l2", "rate": 0.1}`: serde's internally tagged enum, read the
/// way it reads one — the tag first wherever it stands (a name, or a
/// variant's index), the other entries then as the variant's fields; a list
/// is the tag followed by the fields in order.
impl Read for Regularization {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        let (kind, rest) = match value {
            Value::Object(entries) => {
                let (mut kind, mut rest) = (None, Vec::new());
                for (key, value) in entries {
                    if key != "kind" {
                        rest.push((key, value));
                    } else if kind.is_some() {
                        return Err(Error::duplicate_field("kind"));
                    } else {
                        kind = Some(regularization_kind(value)?);
                    }
                }
                (required(kind, "kind")?, Value::Object(rest))
            }
            Value::Array(items) => {
                let mut items = items.into_iter();
                let kind = regularization_kind(required(items.next(), "kind")?)?;
                (kind, Value::Array(items.collect()))
            }
            other => {
                return Err(Error::invalid_type(
                    any_unexpected(&other),
                    &"internally tagged enum Regularization",
                ))
            }
        };
        let (what, make): (&str, fn(f64) -> Regularization) = match kind {
            0 => {
                // The unit variant ignores the other entries, but not a list's.
                return match rest {
                    Value::Array(items) if !items.is_empty() => Err(Error::invalid_length(items.len(), &InSequence(0))),
                    _ => Ok(Regularization::None),
                };
            }
            1 => ("struct variant Regularization::L1", |rate| Regularization::L1 { rate }),
            _ => ("struct variant Regularization::L2", |rate| Regularization::L2 { rate }),
        };
        let rate = match rest {
            Value::Array(items) => {
                let count = items.len();
                let mut items = items.into_iter();
                let rate = items
                    .next()
                    .ok_or_else(|| Error::invalid_length(0, &format!("{what} with 1 element").as_str()))?;
                if count > 1 {
                    return Err(Error::invalid_length(count, &InSequence(1)));
                }
                buffered_f64(rate)?
            }
            fields => {
                let mut rate = None;
                object(fields, what, &["rate"], true, &mut |_, v| {
                    rate = Some(buffered_f64(v)?);
                    Ok(())
                })?;
                required(rate, "rate")?
            }
        };
        Ok(make(rate))
    }
}

/// The variant named by a regularization's `kind`: its name, or its index.
fn regularization_kind(value: Value) -> Result<usize, Error> {
    match value {
        Value::String(s) => ["none", "l1", "l2"]
            .iter()
            .position(|n| *n == s)
            .ok_or_else(|| Error::unknown_variant(&s, &["none", "l1", "l2"])),
        other => match any_unexpected(&other) {
            Unexpected::Unsigned(v) if v < 3 => Ok(v as usize),
            Unexpected::Unsigned(v) => Err(Error::invalid_value(
                Unexpected::Unsigned(v),
                &"variant index 0 <= i < 3",
            )),
            unexpected => Err(Error::invalid_type(unexpected, &"variant identifier")),
        },
    }
}

/// An f64 field of a tagged enum's variant: serde buffers the entries first,
/// whole numbers as integers, which its f64 reader then converts back (so a
/// rate of -0 reads as 0).
fn buffered_f64(value: Value) -> Result<f64, Error> {
    match any_unexpected(&value) {
        Unexpected::Unsigned(v) => Ok(v as f64),
        Unexpected::Signed(v) => Ok(v as f64),
        Unexpected::Float(v) => Ok(v),
        unexpected => Err(Error::invalid_type(unexpected, &"f64")),
    }
}
