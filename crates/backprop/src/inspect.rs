//! One example, every number: what a learner's inspector shows. For a single
//! sample it records each unit's total input z, output a, and the two
//! quantities backprop passes backward, ∂L/∂a and δ = ∂L/∂z — the factors the
//! tutorials multiply by hand (∂L/∂w₁ = ∂L/∂ŷ · ∂ŷ/∂h₁ · ∂h₁/∂w₁).

use serde::Serialize;

use crate::error::Result;
use crate::matrix::Matrix;
use crate::network::{Network, Params};
use crate::reference;

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
    /// Forward and backward pass for one example `x` with target `y`,
    /// computed by the one-example reference path ([`crate::reference`]),
    /// the same code a learner reads.
    pub fn inspect(&self, x: &[f64], y: &[f64]) -> Result<Trace> {
        let inputs = Matrix::from_rows(&[x.to_vec()], self.input_size(), "x")?;
        let targets = Matrix::from_rows(&[y.to_vec()], self.output_size(), "y")?;
        self.check_data(&inputs, &targets)?;
        let example = reference::example(self, x, y);
        let mut gradient = example.gradient.clone();
        self.add_penalty_gradient(&mut gradient);
        let last = self.layers().len() - 1;
        let output_activation = self.layers()[last].activation;
        // ∂ŷ/∂a for every unit: the same backward pass, seeded with
        // ∂ŷ/∂ŷ = 1 instead of ∂L/∂ŷ (single elementwise outputs only).
        let d_output = if self.output_size() == 1 && output_activation.elementwise() {
            let (mut da, mut dz) = (example.da.clone(), example.dz.clone());
            da[last][0] = 1.0;
            dz[last][0] = output_activation.derivative(example.z[last][0], example.a[last][0]);
            reference::backward(self, &example.z, &example.a, &mut da, &mut dz);
            da
        } else {
            vec![Vec::new(); last + 1]
        };
        let layers = (0..=last)
            .map(|l| LayerTrace {
                z: example.z[l].clone(),
                a: example.a[l].clone(),
                da: example.da[l].clone(),
                dz: example.dz[l].clone(),
                d_output: d_output[l].clone(),
            })
            .collect();
        Ok(Trace {
            output: example.a[last].clone(),
            loss: example.loss,
            layers,
            gradients: self.unflatten(&gradient),
        })
    }
}
