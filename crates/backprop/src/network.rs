//! A dense feed-forward network: its shape and its parameters.
//!
//! Layer l (counting from 0 for the first layer *after* the input) has a weight
//! matrix Wˡ of `units × inputs` and a bias vector bˡ. Unit j computes
//! zⱼ = Σᵢ Wˡ[j][i]·aᵢ + bⱼ and outputs aⱼ = f(zⱼ), where aᵢ are the previous
//! layer's outputs (the input features for l = 0). `weights[l][j][i]` in the
//! JS API is "the weight from unit i of layer l to unit j of layer l+1".
//!
//! All parameters live in one flat buffer (`params`): per layer, its weights
//! row by row, then its biases. One flat buffer makes optimizers, divergence
//! snapshots and finiteness checks one loop each.

use crate::decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::activation::Activation;
use crate::config::{Init, NetworkConfig};
use crate::error::{bail, Result};
use crate::loss::Loss;
use crate::regularization::Regularization;
use crate::rng::Rng;

/// Where one layer's numbers sit in the flat parameter buffer.
#[derive(Debug, Clone, PartialEq)]
pub struct LayerShape {
    /// Units feeding this layer.
    pub inputs: usize,
    /// Units in this layer.
    pub units: usize,
    /// f of this layer.
    pub activation: Activation,
    /// Offset of W[0][0] in `params`; W[j][i] is at `weights_at + j * inputs + i`.
    pub weights_at: usize,
    /// Offset of b[0]; b[j] is at `biases_at + j`.
    pub biases_at: usize,
}

impl LayerShape {
    /// Range of this layer's weights in the flat buffer.
    pub fn weight_range(&self) -> std::ops::Range<usize> {
        self.weights_at..self.weights_at + self.units * self.inputs
    }

    /// Range of this layer's biases in the flat buffer.
    pub fn bias_range(&self) -> std::ops::Range<usize> {
        self.biases_at..self.biases_at + self.units
    }
}

/// Weights and biases as nested arrays, the JS API's `{ weights, biases }`.
/// Also used for gradients, which have the same shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    /// `weights[l][j][i]`: from unit i of layer l to unit j of layer l+1.
    pub weights: Vec<Vec<Vec<f64>>>,
    /// `biases[l][j]`: bias of unit j of layer l+1.
    pub biases: Vec<Vec<f64>>,
}

/// A network: shape, parameters, loss and weight penalty.
#[derive(Debug, Clone, PartialEq)]
pub struct Network {
    config: NetworkConfig,
    layers: Vec<LayerShape>,
    params: Vec<f64>,
}

impl Network {
    /// Builds a network from a config, drawing initial weights from its seed.
    pub fn new(config: NetworkConfig) -> Result<Self> {
        let activations = config.resolve_activations()?;
        let mut layers = Vec::with_capacity(activations.len());
        let mut offset = 0;
        for (l, &activation) in activations.iter().enumerate() {
            let (inputs, units) = (config.layers[l], config.layers[l + 1]);
            layers.push(LayerShape {
                inputs,
                units,
                activation,
                weights_at: offset,
                biases_at: offset + inputs * units,
            });
            offset += inputs * units + units;
        }
        let mut network = Network {
            config,
            layers,
            params: vec![0.0; offset],
        };
        network.initialize();
        Ok(network)
    }

    /// Draws the initial parameters from `config.seed` (see [`Init`]).
    /// Calling it again restores exactly the same starting point.
    pub fn initialize(&mut self) {
        let mut rng = Rng::new(self.config.seed);
        self.params.iter_mut().for_each(|p| *p = 0.0);
        for layer in &self.layers {
            let scale = match self.config.init {
                Init::Auto => (layer.activation.facts().init_gain / layer.inputs as f64).sqrt(),
                _ => 1.0,
            };
            for w in &mut self.params[layer.weight_range()] {
                *w = match self.config.init {
                    Init::Uniform => rng.uniform_in(-0.5, 0.5),
                    _ => scale * rng.gauss(),
                };
            }
        }
        if self.config.init == Init::NormalAll {
            for layer in &self.layers {
                for b in &mut self.params[layer.bias_range()] {
                    *b = rng.gauss();
                }
            }
        }
    }

    /// The config this network was built from.
    pub fn config(&self) -> &NetworkConfig {
        &self.config
    }

    /// The layers after the input, in order.
    pub fn layers(&self) -> &[LayerShape] {
        &self.layers
    }

    /// Number of input features.
    pub fn input_size(&self) -> usize {
        self.config.layers[0]
    }

    /// Number of outputs.
    pub fn output_size(&self) -> usize {
        self.config.layers[self.config.layers.len() - 1]
    }

    /// The data loss.
    pub fn loss(&self) -> Loss {
        self.config.loss
    }

    /// The weight penalty.
    pub fn regularization(&self) -> Regularization {
        self.config.regularization
    }

    /// Replaces the weight penalty (training goes on from the same weights).
    pub fn set_regularization(&mut self, regularization: Regularization) -> Result<()> {
        self.config.regularization = regularization.validate()?;
        Ok(())
    }

    /// All parameters, flat (see the module docs for the layout).
    pub fn flat_params(&self) -> &[f64] {
        &self.params
    }

    /// All parameters, flat and writable (optimizers update them in place).
    pub fn flat_params_mut(&mut self) -> &mut [f64] {
        &mut self.params
    }

    /// Exchanges the parameters with `other` (a buffer of the same length;
    /// refused, returning false, otherwise): the trainer's way to step to
    /// parameters computed beside the current ones without copying either.
    pub(crate) fn swap_params(&mut self, other: &mut Vec<f64>) -> bool {
        if other.len() != self.params.len() {
            return false;
        }
        std::mem::swap(&mut self.params, other);
        true
    }

    /// W[j][i] of layer l.
    pub fn weight(&self, l: usize, j: usize, i: usize) -> f64 {
        let layer = &self.layers[l];
        self.params[layer.weights_at + j * layer.inputs + i]
    }

    /// b[j] of layer l.
    pub fn bias(&self, l: usize, j: usize) -> f64 {
        self.params[self.layers[l].biases_at + j]
    }

    /// The weight penalty at the current weights.
    pub fn penalty(&self) -> f64 {
        let reg = self.config.regularization;
        self.layers
            .iter()
            .map(|layer| reg.penalty(&self.params[layer.weight_range()]))
            .sum()
    }

    /// Adds ∂penalty/∂w to a flat gradient buffer (weights only, not biases).
    pub fn add_penalty_gradient(&self, grads: &mut [f64]) {
        let reg = self.config.regularization;
        for layer in &self.layers {
            let range = layer.weight_range();
            reg.add_gradient(&self.params[range.clone()], &mut grads[range]);
        }
    }

    /// Parameters as nested arrays.
    pub fn params(&self) -> Params {
        self.unflatten(&self.params)
    }

    /// Nested `{ weights, biases }` from a flat buffer laid out like `params`
    /// (used for gradients too).
    pub fn unflatten(&self, flat: &[f64]) -> Params {
        let weights = self
            .layers
            .iter()
            .map(|layer| {
                flat[layer.weight_range()]
                    .chunks(layer.inputs)
                    .map(<[f64]>::to_vec)
                    .collect()
            })
            .collect();
        let biases = self
            .layers
            .iter()
            .map(|layer| flat[layer.bias_range()].to_vec())
            .collect();
        Params { weights, biases }
    }

    /// Replaces all parameters, after checking every shape and number; on any
    /// error the network is left unchanged.
    pub fn set_params(&mut self, params: &Params) -> Result<()> {
        let n = self.layers.len();
        if params.weights.len() != n || params.biases.len() != n {
            bail!(
                "params need weights and biases for {n} layers, got {} weight and {} bias layers",
                params.weights.len(),
                params.biases.len()
            );
        }
        let mut flat = vec![0.0; self.params.len()];
        for (l, layer) in self.layers.iter().enumerate() {
            let (w, b) = (&params.weights[l], &params.biases[l]);
            if w.len() != layer.units || b.len() != layer.units {
                bail!(
                    "layer {l} has {} units, but weights[{l}] has {} rows and biases[{l}] has {} entries",
                    layer.units,
                    w.len(),
                    b.len()
                );
            }
            for (j, row) in w.iter().enumerate() {
                if row.len() != layer.inputs {
                    bail!(
                        "weights[{l}][{j}] has {} entries, but layer {l} has {} inputs",
                        row.len(),
                        layer.inputs
                    );
                }
                for (i, &v) in row.iter().enumerate() {
                    if !v.is_finite() {
                        bail!("weights[{l}][{j}][{i}] is {}; weights must be finite", Decimal(v));
                    }
                    flat[layer.weights_at + j * layer.inputs + i] = v;
                }
            }
            for (j, &v) in b.iter().enumerate() {
                if !v.is_finite() {
                    bail!("biases[{l}][{j}] is {}; biases must be finite", Decimal(v));
                }
                flat[layer.biases_at + j] = v;
            }
        }
        self.params = flat;
        Ok(())
    }
}
