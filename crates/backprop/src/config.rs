//! The configuration a user writes (in JavaScript or a URL), as serde types
//! with the JS API's camelCase names, and its validation into the shapes the
//! engine builds from.

use serde::{Deserialize, Serialize};

use crate::activation::Activation;
use crate::error::{bail, Result};
use crate::limits::{MAX_LAYERS, MAX_UNITS};
use crate::loss::Loss;
use crate::regularization::Regularization;

/// How the initial weights are drawn from the seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Init {
    /// Weights ~ N(0, 1/fan_in) (LeCun) — or N(0, 2/fan_in) (He) before ReLU
    /// units — so signals neither vanish nor explode; biases 0.
    #[default]
    Auto,
    /// Weights ~ N(0, 1) drawn layer by layer, row by row, exactly like
    /// `np.random.randn` after `np.random.seed(seed)`; biases 0 (seed 000).
    Normal,
    /// As `normal`, then every bias ~ N(0, 1) too, after all weights
    /// (the order of seed 003's `np.random.normal()` calls).
    NormalAll,
    /// Weights ~ U(−0.5, 0.5), biases 0 (TensorFlow Playground's choice).
    Uniform,
}

/// What `new Network({...})` accepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkConfig {
    /// Units per layer, input first: `[2, 4, 1]` is 2 inputs, 4 hidden, 1 output.
    pub layers: Vec<usize>,
    /// Activation of every non-input layer (default `tanh`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activation: Option<Activation>,
    /// Activation of the output layer (default: what the loss needs, else `activation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_activation: Option<Activation>,
    /// One activation per non-input layer; replaces the two fields above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activations: Option<Vec<Activation>>,
    /// The data loss (default `mse`).
    #[serde(default = "default_loss")]
    pub loss: Loss,
    /// Seed of the initial weights.
    #[serde(default)]
    pub seed: u32,
    /// Penalty on the weights (default none).
    #[serde(default)]
    pub regularization: Regularization,
    /// How initial weights are drawn (default `auto`).
    #[serde(default)]
    pub init: Init,
}

/// Layer sizes as `{:?}` writes them (`[2, 4, 1]`), without core's list
/// printer, which `{:?}` of a slice links into the page (0.4 KB gzip).
struct Sizes<'a>(&'a [usize]);

impl std::fmt::Display for Sizes<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[")?;
        for (i, n) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{n}")?;
        }
        f.write_str("]")
    }
}

fn default_loss() -> Loss {
    Loss::Mse
}

impl NetworkConfig {
    /// A config with the given layer sizes and defaults elsewhere.
    pub fn new(layers: &[usize]) -> Self {
        NetworkConfig {
            layers: layers.to_vec(),
            activation: None,
            output_activation: None,
            activations: None,
            loss: Loss::Mse,
            seed: 0,
            regularization: Regularization::None,
            init: Init::Auto,
        }
    }

    /// Checks sizes and combinations, and resolves the activation of every
    /// non-input layer.
    pub fn resolve_activations(&self) -> Result<Vec<Activation>> {
        let layers = &self.layers;
        if layers.len() < 2 {
            bail!(
                "layers must list at least an input and an output size, like [2, 1]; got {}",
                Sizes(layers)
            );
        }
        if layers.len() - 1 > MAX_LAYERS {
            bail!(
                "at most {MAX_LAYERS} layers after the input are allowed; got {} in {}",
                layers.len() - 1,
                Sizes(layers)
            );
        }
        if let Some((l, &n)) = layers.iter().enumerate().find(|(_, &n)| n == 0 || n > MAX_UNITS) {
            bail!("layer {l} has {n} units; every layer needs 1 to {MAX_UNITS} units");
        }
        let count = layers.len() - 1;
        let activations = match &self.activations {
            Some(list) => {
                if self.activation.is_some() || self.output_activation.is_some() {
                    bail!("give either activations (one per layer) or activation/outputActivation, not both");
                }
                if list.len() != count {
                    bail!(
                        "activations has {} entries, but layers {} has {count} layers after the input",
                        list.len(),
                        Sizes(layers)
                    );
                }
                list.clone()
            }
            None => {
                let hidden = self.activation.unwrap_or(Activation::Tanh);
                let output = self
                    .output_activation
                    .or(self.loss.required_output())
                    .or(self.activation)
                    .unwrap_or(Activation::Tanh);
                let mut list = vec![hidden; count];
                list[count - 1] = output;
                list
            }
        };
        if let Some(l) = activations[..count - 1].iter().position(|&a| a == Activation::Softmax) {
            bail!(
                "softmax can only be the output activation, but hidden layer {} uses it",
                l + 1
            );
        }
        let output = activations[count - 1];
        if output == Activation::Softmax && layers[count] < 2 {
            // e^z / e^z: the loss and every gradient would be 0 for good.
            bail!(
                "a softmax over one output unit is always 1, so nothing would train: give the output layer \
                 one unit per class (2 or more), or use a sigmoid output with the \"bce\" loss for two classes"
            );
        }
        if let Some(needed) = self.loss.required_output() {
            if output != needed {
                bail!(
                    "loss \"{}\" needs a \"{}\" output layer, but the output activation is \"{}\"",
                    self.loss.name(),
                    needed.name(),
                    output.name()
                );
            }
        } else if output == Activation::Softmax {
            bail!(
                "a softmax output needs the \"softmax_ce\" loss, not \"{}\"",
                self.loss.name()
            );
        }
        self.regularization.validate()?;
        Ok(activations)
    }
}
