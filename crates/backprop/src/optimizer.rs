//! Optimizers: how a gradient g = ∂L/∂θ becomes a change of the parameters θ.
//!
//! - **SGD**: θ ← θ − η·g. The tutorials' "gradient descent"; "stochastic"
//!   only describes the batch it is fed (see `trainer.rs`).
//! - **Momentum**: v ← μ·v − η·g; θ ← θ + v. A heavy ball: steps keep part of
//!   their previous direction, which damps zig-zags across a narrow valley.
//! - **Adam** (Kingma & Ba 2015): running means of g and g², corrected for
//!   their zero start, give each parameter its own step size
//!   θ ← θ − η·m̂/(√v̂ + ε).
//!
//! Stateful, so each is a type behind the [`Optimizer`] trait.

use crate::decimal::Decimal;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{bail, Result};
use crate::limits::MAX_LEARNING_RATE;

/// Which optimizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum OptimizerKind {
    /// Plain gradient descent.
    #[default]
    Sgd,
    /// Gradient descent with momentum.
    Momentum,
    /// Adam.
    Adam,
}

/// How many samples each update sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchSize {
    /// Every training sample: full-batch gradient descent (`"all"` in JS).
    #[default]
    All,
    /// k samples: 1 is stochastic gradient descent, more is mini-batch.
    Samples(usize),
}

impl BatchSize {
    /// Samples per batch for a data set of `n` samples.
    pub fn resolve(self, n: usize) -> usize {
        match self {
            BatchSize::All => n.max(1),
            BatchSize::Samples(k) => k.clamp(1, n.max(1)),
        }
    }
}

impl Serialize for BatchSize {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self {
            BatchSize::All => s.serialize_str("all"),
            BatchSize::Samples(k) => s.serialize_u64(*k as u64),
        }
    }
}

impl<'de> Deserialize<'de> for BatchSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct BatchSizeVisitor;
        impl Visitor<'_> for BatchSizeVisitor {
            type Value = BatchSize;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a whole number of samples ≥ 1, or \"all\"")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<BatchSize, E> {
                if v == 0 {
                    return Err(E::custom("batchSize must be at least 1 (or \"all\"), got 0"));
                }
                Ok(BatchSize::Samples(usize::try_from(v).unwrap_or(usize::MAX)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<BatchSize, E> {
                match u64::try_from(v) {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!("batchSize must be at least 1 (or \"all\"), got {v}"))),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<BatchSize, E> {
                if v.fract() == 0.0 && v >= 1.0 && v <= u32::MAX as f64 {
                    self.visit_u64(v as u64)
                } else {
                    Err(E::custom(format!(
                        "batchSize must be a whole number ≥ 1 (or \"all\"), got {}",
                        Decimal(v)
                    )))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<BatchSize, E> {
                if v == "all" {
                    Ok(BatchSize::All)
                } else {
                    Err(E::custom(format!("batchSize must be a number or \"all\", got \"{v}\"")))
                }
            }
        }
        d.deserialize_any(BatchSizeVisitor)
    }
}

/// What `optimizer: {...}` accepts in the trainer config.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct OptimizerConfig {
    /// `sgd` (default), `momentum` or `adam`.
    #[serde(default)]
    pub kind: OptimizerKind,
    /// η, the step size (default 0.03).
    #[serde(default = "default_learning_rate")]
    pub learning_rate: f64,
    /// Samples per update (default `"all"`).
    #[serde(default)]
    pub batch_size: BatchSize,
    /// Reshuffle the samples before each epoch (default true).
    #[serde(default = "default_true")]
    pub shuffle: bool,
    /// μ of momentum (default 0.9).
    #[serde(default = "default_momentum")]
    pub momentum: f64,
    /// Learning-rate decay: epoch e uses η / (1 + decay·e) (default 0, off).
    #[serde(default)]
    pub decay: f64,
    /// Adam's β₁ (default 0.9).
    #[serde(default = "default_beta1")]
    pub beta1: f64,
    /// Adam's β₂ (default 0.999).
    #[serde(default = "default_beta2")]
    pub beta2: f64,
    /// Adam's ε (default 1e-8).
    #[serde(default = "default_epsilon")]
    pub epsilon: f64,
}

fn default_learning_rate() -> f64 {
    0.03
}
fn default_true() -> bool {
    true
}
fn default_momentum() -> f64 {
    0.9
}
fn default_beta1() -> f64 {
    0.9
}
fn default_beta2() -> f64 {
    0.999
}
fn default_epsilon() -> f64 {
    1e-8
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig {
            kind: OptimizerKind::Sgd,
            learning_rate: default_learning_rate(),
            batch_size: BatchSize::All,
            shuffle: true,
            momentum: default_momentum(),
            decay: 0.0,
            beta1: default_beta1(),
            beta2: default_beta2(),
            epsilon: default_epsilon(),
        }
    }
}

/// Refuses a learning rate that is negative, NaN, infinite or absurd.
pub fn check_learning_rate(learning_rate: f64) -> Result<()> {
    if !learning_rate.is_finite() || !(0.0..=MAX_LEARNING_RATE).contains(&learning_rate) {
        bail!(
            "learning rate must be a number from 0 to {}, got {}",
            Decimal(MAX_LEARNING_RATE),
            Decimal(learning_rate)
        );
    }
    Ok(())
}

impl OptimizerConfig {
    /// Checks every number.
    pub fn validate(self) -> Result<Self> {
        check_learning_rate(self.learning_rate)?;
        if !(0.0..1.0).contains(&self.momentum) {
            bail!(
                "momentum must be from 0 up to (not including) 1, got {}",
                Decimal(self.momentum)
            );
        }
        if !self.decay.is_finite() || !(0.0..=1e6).contains(&self.decay) {
            bail!("decay must be a number from 0 to 1e6, got {}", Decimal(self.decay));
        }
        if !(0.0..1.0).contains(&self.beta1) || !(0.0..1.0).contains(&self.beta2) {
            bail!(
                "Adam's beta1 and beta2 must be from 0 up to 1, got {} and {}",
                Decimal(self.beta1),
                Decimal(self.beta2)
            );
        }
        if !(self.epsilon > 0.0 && self.epsilon <= 1.0) {
            bail!(
                "Adam's epsilon must be above 0 and at most 1, got {}",
                Decimal(self.epsilon)
            );
        }
        Ok(self)
    }

    /// The learning rate in epoch `epoch` (counting from 0), with decay.
    pub fn learning_rate_at(&self, epoch: u64) -> f64 {
        self.learning_rate / (1.0 + self.decay * epoch as f64)
    }

    /// A fresh optimizer of this kind for `n` parameters.
    pub fn build(&self, n: usize) -> Box<dyn Optimizer> {
        match self.kind {
            OptimizerKind::Sgd => Box::new(Sgd),
            OptimizerKind::Momentum => Box::new(Momentum {
                mu: self.momentum,
                velocity: vec![0.0; n],
            }),
            OptimizerKind::Adam => Box::new(Adam {
                beta1: self.beta1,
                beta2: self.beta2,
                epsilon: self.epsilon,
                beta1_t: 1.0,
                beta2_t: 1.0,
                m: vec![0.0; n],
                v: vec![0.0; n],
            }),
        }
    }
}

/// What an optimizer remembers between updates, saved so that a run can be
/// continued bit for bit elsewhere.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Memory {
    /// Momentum's velocity v, or Adam's running mean m of g; empty for SGD.
    #[serde(default)]
    pub first: Vec<f64>,
    /// Adam's running mean v of g².
    #[serde(default)]
    pub second: Vec<f64>,
    /// Adam's β₁ᵗ and β₂ᵗ after t steps: the step count, kept as the running
    /// products its bias correction divides by (so they continue exactly).
    #[serde(default)]
    pub powers: Vec<f64>,
}

/// Copies `from` into `into` if the lengths match and every number is finite.
fn load_memory(into: &mut [f64], from: &[f64], what: &str) -> Result<()> {
    if into.len() != from.len() || from.iter().any(|x| !x.is_finite()) {
        bail!(
            "the optimizer's {what} needs {} finite numbers, got {}",
            into.len(),
            from.len()
        );
    }
    into.copy_from_slice(from);
    Ok(())
}

/// Something that turns gradients into parameter updates, possibly with memory.
pub trait Optimizer {
    /// Updates `params` in place from `grads` with step size `learning_rate`.
    fn update(&mut self, params: &mut [f64], grads: &[f64], learning_rate: f64);
    /// The same update, written to `next` with `params` left as they were
    /// (the same numbers `update` would leave in `params`): the trainer
    /// keeps the parameters before the step this way, to undo a diverged
    /// one, without copying them first.
    fn update_into(&mut self, params: &[f64], next: &mut [f64], grads: &[f64], learning_rate: f64) {
        next.copy_from_slice(params);
        self.update(next, grads, learning_rate);
    }
    /// Forgets all memory (velocity, moment estimates).
    fn reset(&mut self);
    /// A copy with the same memory: the trainer runs the real `update` on it
    /// to preview the next step (what the inspector shows), so the preview
    /// cannot drift from the rule it previews.
    fn boxed_clone(&self) -> Box<dyn Optimizer>;
    /// Its memory, to save (SGD has none).
    fn memory(&self) -> Memory {
        Memory::default()
    }
    /// Continues from saved memory; refuses memory of another shape.
    fn set_memory(&mut self, memory: &Memory) -> Result<()> {
        load_memory(&mut [], &memory.first, "memory")?;
        load_memory(&mut [], &memory.second, "memory")?;
        load_memory(&mut [], &memory.powers, "memory")
    }
}

/// θ ← θ − η·g
pub struct Sgd;

impl Optimizer for Sgd {
    fn update(&mut self, params: &mut [f64], grads: &[f64], learning_rate: f64) {
        for (p, g) in params.iter_mut().zip(grads) {
            *p -= learning_rate * g;
        }
    }
    fn update_into(&mut self, params: &[f64], next: &mut [f64], grads: &[f64], learning_rate: f64) {
        for ((n, p), g) in next.iter_mut().zip(params).zip(grads) {
            *n = p - learning_rate * g;
        }
    }
    fn reset(&mut self) {}
    fn boxed_clone(&self) -> Box<dyn Optimizer> {
        Box::new(Sgd)
    }
}

/// v ← μ·v − η·g; θ ← θ + v
#[derive(Clone)]
pub struct Momentum {
    mu: f64,
    velocity: Vec<f64>,
}

impl Optimizer for Momentum {
    fn update(&mut self, params: &mut [f64], grads: &[f64], learning_rate: f64) {
        for ((p, g), v) in params.iter_mut().zip(grads).zip(&mut self.velocity) {
            *v = self.mu * *v - learning_rate * g;
            *p += *v;
        }
    }
    fn update_into(&mut self, params: &[f64], next: &mut [f64], grads: &[f64], learning_rate: f64) {
        for (((n, p), g), v) in next.iter_mut().zip(params).zip(grads).zip(&mut self.velocity) {
            *v = self.mu * *v - learning_rate * g;
            *n = p + *v;
        }
    }
    fn reset(&mut self) {
        self.velocity.iter_mut().for_each(|v| *v = 0.0);
    }
    fn memory(&self) -> Memory {
        Memory {
            first: self.velocity.clone(),
            ..Memory::default()
        }
    }
    fn set_memory(&mut self, memory: &Memory) -> Result<()> {
        let mut velocity = self.velocity.clone();
        load_memory(&mut velocity, &memory.first, "velocity")?;
        self.velocity = velocity;
        Ok(())
    }
    fn boxed_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
}

/// Adam with bias correction.
#[derive(Clone)]
pub struct Adam {
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    /// β₁ᵗ and β₂ᵗ after t updates, kept as running products.
    beta1_t: f64,
    beta2_t: f64,
    /// Running mean of g.
    m: Vec<f64>,
    /// Running mean of g².
    v: Vec<f64>,
}

impl Optimizer for Adam {
    fn update(&mut self, params: &mut [f64], grads: &[f64], learning_rate: f64) {
        self.beta1_t *= self.beta1;
        self.beta2_t *= self.beta2;
        let (c1, c2) = (1.0 - self.beta1_t, 1.0 - self.beta2_t);
        for (((p, &g), m), v) in params.iter_mut().zip(grads).zip(&mut self.m).zip(&mut self.v) {
            *m = self.beta1 * *m + (1.0 - self.beta1) * g;
            *v = self.beta2 * *v + (1.0 - self.beta2) * g * g;
            let (m_hat, v_hat) = (*m / c1, *v / c2);
            *p -= learning_rate * m_hat / (v_hat.sqrt() + self.epsilon);
        }
    }
    fn boxed_clone(&self) -> Box<dyn Optimizer> {
        Box::new(self.clone())
    }
    fn memory(&self) -> Memory {
        Memory {
            first: self.m.clone(),
            second: self.v.clone(),
            powers: vec![self.beta1_t, self.beta2_t],
        }
    }
    fn set_memory(&mut self, memory: &Memory) -> Result<()> {
        let (mut m, mut v, mut powers) = (self.m.clone(), self.v.clone(), [0.0; 2]);
        load_memory(&mut m, &memory.first, "first moment")?;
        load_memory(&mut v, &memory.second, "second moment")?;
        load_memory(&mut powers, &memory.powers, "step count (β₁ᵗ, β₂ᵗ)")?;
        if powers.iter().any(|p| !(*p > 0.0 && *p <= 1.0)) {
            bail!(
                "Adam's β₁ᵗ and β₂ᵗ lie in (0, 1], got {} and {}",
                Decimal(powers[0]),
                Decimal(powers[1])
            );
        }
        (self.m, self.v, self.beta1_t, self.beta2_t) = (m, v, powers[0], powers[1]);
        Ok(())
    }
    fn reset(&mut self) {
        self.beta1_t = 1.0;
        self.beta2_t = 1.0;
        self.m.iter_mut().for_each(|x| *x = 0.0);
        self.v.iter_mut().for_each(|x| *x = 0.0);
    }
}
