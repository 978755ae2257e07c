//! The page's values written as strict trees (`backprop::strict::Value`),
//! by hand, with the shape serde's derive gives them: what `state()`,
//! `params()`, an export and a link hold. The web layer turns a tree into
//! a JavaScript value (`web/js_value.rs`); `tests/strict_write.rs` holds
//! each writer against its `Serialize` derive.
//!
//! Why not serde: serde-wasm-bindgen's serializer and the derived
//! `Serialize` impls were 8 KB of the page's gzip; these writers and one
//! converter are a fraction of that (the same reason as `read.rs`).
//!
//! A `None` is written as null; a field serde skips when empty is left
//! out. (serde-wasm-bindgen writes `None` as `undefined` unless told to
//! write null; the converter makes that choice for the whole tree.)

use backprop::optimizer::Memory;
use backprop::rng::RngState;
use backprop::strict::Value;
use backprop::{
    Activation, BatchSize, DatasetKind, Domain, Feature, Loss, OptimizerKind, Params, Progress, Regularization,
};

use super::change::Change;
use super::compare::Kind;
use super::history::{LossHistory, Sample};
use super::link::Head;
use super::points::{Point, Split};
use super::session::State;
use super::settings::Settings;
use super::share::Saved;

/// A value as its tree.
pub trait ToTree {
    /// The tree serde's derive would write.
    fn tree(&self) -> Value;
}

/// An object from its entries, in order.
pub fn object(entries: Vec<(&str, Value)>) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

impl ToTree for Value {
    fn tree(&self) -> Value {
        self.clone()
    }
}

impl ToTree for f64 {
    fn tree(&self) -> Value {
        Value::Number(*self)
    }
}

/// Whole numbers are JavaScript numbers (serde-wasm-bindgen refuses a u64
/// past 2⁵³, which no count here reaches).
macro_rules! whole {
    ($($t:ty)*) => {$(
        impl ToTree for $t {
            fn tree(&self) -> Value {
                Value::Number(*self as f64)
            }
        }
    )*};
}

whole!(u32 u64 usize);

impl ToTree for bool {
    fn tree(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToTree for str {
    fn tree(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl ToTree for String {
    fn tree(&self) -> Value {
        Value::String(self.clone())
    }
}

impl<T: ToTree + ?Sized> ToTree for &T {
    fn tree(&self) -> Value {
        (**self).tree()
    }
}

impl<T: ToTree> ToTree for Option<T> {
    fn tree(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::tree)
    }
}

impl<T: ToTree> ToTree for [T] {
    fn tree(&self) -> Value {
        Value::Array(self.iter().map(T::tree).collect())
    }
}

impl<T: ToTree> ToTree for Vec<T> {
    fn tree(&self) -> Value {
        self.as_slice().tree()
    }
}

impl<A: ToTree, B: ToTree> ToTree for (A, B) {
    /// A pair is a list of two, as serde writes a tuple.
    fn tree(&self) -> Value {
        Value::Array(vec![self.0.tree(), self.1.tree()])
    }
}

/// Unit-variant enums are their serde names.
macro_rules! by_name {
    ($($t:ty => $name:expr;)*) => {$(
        impl ToTree for $t {
            fn tree(&self) -> Value {
                Value::String($name(*self).to_string())
            }
        }
    )*};
}

by_name! {
    Activation => |a: Activation| a.facts().name;
    Loss => Loss::name;
    Feature => Feature::name;
    DatasetKind => |k| match k {
        DatasetKind::Circle => "circle",
        DatasetKind::Xor => "xor",
        DatasetKind::Gaussians => "gaussians",
        DatasetKind::Spiral => "spiral",
        DatasetKind::Moons => "moons",
        DatasetKind::Plane => "plane",
        DatasetKind::Gaussian => "gaussian",
        DatasetKind::OrGate => "or_gate",
        DatasetKind::Gender => "gender",
        DatasetKind::WeightHeight => "weight_height",
        DatasetKind::Dosage => "dosage",
    };
    OptimizerKind => |k| match k {
        OptimizerKind::Sgd => "sgd",
        OptimizerKind::Momentum => "momentum",
        OptimizerKind::Adam => "adam",
    };
    Kind => |k| match k {
        Kind::LearningRate => "learning_rate",
        Kind::BatchSize => "batch_size",
    };
    Split => |s| match s {
        Split::Train => "train",
        Split::Test => "test",
    };
}

impl ToTree for BatchSize {
    fn tree(&self) -> Value {
        match self {
            BatchSize::All => "all".tree(),
            BatchSize::Samples(k) => k.tree(),
        }
    }
}

impl ToTree for Regularization {
    /// Internally tagged: `{ kind }` or `{ kind, rate }`.
    fn tree(&self) -> Value {
        match *self {
            Regularization::None => object(vec![("kind", "none".tree())]),
            Regularization::L1 { rate } => object(vec![("kind", "l1".tree()), ("rate", rate.tree())]),
            Regularization::L2 { rate } => object(vec![("kind", "l2".tree()), ("rate", rate.tree())]),
        }
    }
}

impl ToTree for Settings {
    fn tree(&self) -> Value {
        object(vec![
            ("dataset", self.dataset.tree()),
            ("points", self.points.tree()),
            ("noise", self.noise.tree()),
            ("testFraction", self.test_fraction.tree()),
            ("dataSeed", self.data_seed.tree()),
            ("classes", self.classes.tree()),
            ("hidden", self.hidden.tree()),
            ("activation", self.activation.tree()),
            ("hiddenActivations", self.hidden_activations.tree()),
            ("features", self.features.tree()),
            ("loss", self.loss.tree()),
            ("optimizer", self.optimizer.tree()),
            ("learningRate", self.learning_rate.tree()),
            ("batchSize", self.batch_size.tree()),
            ("regularization", self.regularization.tree()),
            ("seed", self.seed.tree()),
            ("shuffle", self.shuffle.tree()),
            ("frozen", self.frozen.tree()),
            ("lesson", self.lesson.tree()),
            ("compare", self.compare.tree()),
            ("speed", self.speed.tree()),
            ("showTest", self.show_test.tree()),
            ("discretize", self.discretize.tree()),
            ("thumbnails", self.thumbnails.tree()),
            ("logScale", self.log_scale.tree()),
        ])
    }
}

impl ToTree for Point {
    fn tree(&self) -> Value {
        object(vec![
            ("x", self.x.tree()),
            ("y", self.y.tree()),
            ("label", self.label.tree()),
            ("split", self.split.tree()),
        ])
    }
}

impl ToTree for Change {
    fn tree(&self) -> Value {
        object(vec![("removed", self.removed.tree()), ("added", self.added.tree())])
    }
}

impl ToTree for Params {
    fn tree(&self) -> Value {
        object(vec![("weights", self.weights.tree()), ("biases", self.biases.tree())])
    }
}

impl ToTree for Sample {
    fn tree(&self) -> Value {
        object(vec![
            ("epoch", self.epoch.tree()),
            ("train", self.train.tree()),
            ("test", self.test.tree()),
        ])
    }
}

impl ToTree for LossHistory {
    fn tree(&self) -> Value {
        object(vec![
            ("samples", self.samples().tree()),
            ("stride", self.stride().tree()),
        ])
    }
}

impl ToTree for RngState {
    fn tree(&self) -> Value {
        object(vec![
            ("words", self.words.tree()),
            ("index", self.index.tree()),
            ("gauss", self.gauss.tree()),
        ])
    }
}

impl ToTree for Memory {
    fn tree(&self) -> Value {
        object(vec![
            ("first", self.first.tree()),
            ("second", self.second.tree()),
            ("powers", self.powers.tree()),
        ])
    }
}

impl ToTree for Progress {
    fn tree(&self) -> Value {
        object(vec![
            ("epoch", self.epoch.tree()),
            ("position", self.position.tree()),
            ("epochLossSum", self.epoch_loss_sum.tree()),
            ("lastLoss", self.last_loss.tree()),
            ("diverged", self.diverged.tree()),
            ("order", self.order.tree()),
            ("shuffle", self.shuffle.tree()),
            ("optimizer", self.optimizer.tree()),
        ])
    }
}

impl ToTree for Saved {
    /// Version 1's `points` are never written; the change only when the
    /// points differ, the weights, history and run only when present.
    fn tree(&self) -> Value {
        let mut entries = vec![("version", self.version.tree()), ("config", self.config.tree())];
        if !self.change.is_empty() {
            entries.push(("change", self.change.tree()));
        }
        let optional = [
            ("params", self.params.as_ref().map(ToTree::tree)),
            ("start", self.start.as_ref().map(ToTree::tree)),
            ("history", self.history.as_ref().map(ToTree::tree)),
            ("run", self.run.as_ref().map(ToTree::tree)),
        ];
        entries.extend(optional.into_iter().filter_map(|(k, v)| Some((k, v?))));
        object(entries)
    }
}

impl ToTree for Head {
    fn tree(&self) -> Value {
        let mut entries = vec![("config", self.config.tree())];
        if let Some(params) = &self.params {
            entries.push(("params", params.tree()));
        }
        object(entries)
    }
}

impl ToTree for Domain {
    fn tree(&self) -> Value {
        object(vec![
            ("xMin", self.x_min.tree()),
            ("xMax", self.x_max.tree()),
            ("yMin", self.y_min.tree()),
            ("yMax", self.y_max.tree()),
        ])
    }
}

impl ToTree for State<'_> {
    fn tree(&self) -> Value {
        object(vec![
            ("epoch", self.epoch.tree()),
            ("trainLoss", self.train_loss.tree()),
            ("testLoss", self.test_loss.tree()),
            ("accuracy", self.accuracy.tree()),
            ("testAccuracy", self.test_accuracy.tree()),
            ("diverged", self.diverged.tree()),
            ("running", self.running.tree()),
            ("domain", self.domain.tree()),
            ("points", self.points.tree()),
            ("config", self.config.tree()),
            ("message", self.message.tree()),
        ])
    }
}
