//! One example, every number: what a learner's inspector shows. For a single
//! sample (m = 1) it records each unit's total input z, output a, and the two
//! quantities backprop passes backward, ∂L/∂a and δ = ∂L/∂z — the factors the
//! tutorials multiply by hand (∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂h₁ · ∂h₁/∂w₁).

use serde::Serialize;

use crate::activation::Activation;
use crate::backprop::{backward, data_loss, forward, output_sensitivity, Workspace};
use crate::error::Result;
use crate::matrix::Matrix;
use crate::network::{Network, Params};

/// One layer's numbers for one example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerTrace {
    /// Total input zⱼ = Σᵢ wⱼᵢaᵢ + bⱼ of each unit.
    pub z: Vec<f64>,
    /// Output aⱼ = f(zⱼ) of each unit.
    pub a: Vec<f64>,
    /// ∂L/∂aⱼ: how the loss changes with this unit's output.
    #[serde(rename = "dA")]
    pub da: Vec<f64>,
    /// ∂L/∂zⱼ = ∂L/∂aⱼ · f′(zⱼ): the "δ" of unit j.
    #[serde(rename = "dZ")]
    pub dz: Vec<f64>,
    /// ∂ŷ/∂aⱼ: how the network's (single) output moves with this unit's
    /// output — the middle factor of the tutorials' chain
    /// ∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂h · ∂h/∂w. Empty for networks with several outputs.
    #[serde(rename = "dOutput")]
    pub d_output: Vec<f64>,
}

/// Everything about one example's forward and backward pass.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trace {
    /// The network's output ŷ.
    pub output: Vec<f64>,
    /// The data loss of this one example.
    pub loss: f64,
    /// One entry per layer after the input.
    pub layers: Vec<LayerTrace>,
    /// ∂L/∂w and ∂L/∂b for this example (penalty included).
    pub gradients: Params,
}

impl Network {
    /// Forward and backward pass for one example `x` with target `y`.
    pub fn inspect(&self, x: &[f64], y: &[f64]) -> Result<Trace> {
        let inputs = Matrix::from_rows(&[x.to_vec()], self.input_size(), "x")?;
        let targets = Matrix::from_rows(&[y.to_vec()], self.output_size(), "y")?;
        self.check_data(&inputs, &targets)?;
        let mut ws = Workspace::default();
        ws.load_one(self, x, y);
        forward(self, &mut ws);
        let loss = data_loss(self, &ws);
        let mut grads = vec![0.0; self.flat_params().len()];
        backward(self, &mut ws, &mut grads);
        let mut layers: Vec<LayerTrace> = (0..self.layers().len())
            .map(|l| LayerTrace {
                z: ws.z(l).to_vec(),
                a: ws.a(l).to_vec(),
                da: ws.da(l).to_vec(),
                dz: ws.dz(l).to_vec(),
                d_output: Vec::new(),
            })
            .collect();
        let single_output =
            self.output_size() == 1 && self.layers()[self.layers().len() - 1].activation != Activation::Softmax;
        if single_output {
            output_sensitivity(self, &mut ws);
            for (l, layer) in layers.iter_mut().enumerate() {
                layer.d_output = ws.da(l).to_vec();
            }
        }
        Ok(Trace {
            output: ws.output().to_vec(),
            loss,
            layers,
            gradients: self.unflatten(&grads),
        })
    }
}
