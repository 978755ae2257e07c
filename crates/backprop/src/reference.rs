//! **Read backprop here.** The forward and backward pass for *one* example,
//! written the way the tutorials write it, one unit and one weight at a time.
//! The batched kernel in [`crate::backprop`] computes the same numbers for a
//! whole batch at once, in a layout built for speed; a property test checks
//! that the two agree to 1e-12 on random networks (`tests/reference.rs`).
//!
//! Notation: layer l's units receive the outputs aᵢ of the layer below (the
//! input x for the first layer), and unit j computes
//!
//! ```text
//!     zⱼ = Σᵢ wⱼᵢ·aᵢ + bⱼ        its total input
//!     aⱼ = f(zⱼ)                its output
//! ```
//!
//! Backward, δⱼ = ∂L/∂zⱼ. At the output it comes from the loss (`loss.rs`);
//! below, by the chain rule through every unit j that aᵢ feeds:
//!
//! ```text
//!     ∂L/∂aᵢ   = Σⱼ wⱼᵢ·δⱼ
//!     δᵢ       = ∂L/∂aᵢ · f′(zᵢ)
//!     ∂L/∂wⱼᵢ = δⱼ·aᵢ             (∂zⱼ/∂wⱼᵢ = aᵢ)
//!     ∂L/∂bⱼ  = δⱼ                (∂zⱼ/∂bⱼ = 1)
//! ```

use crate::loss::OutputLayer;
use crate::network::Network;

/// Every number of one example's forward and backward pass, `[layer][unit]`
/// (layer 0 is the first layer after the input).
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// a⁰ = x, then each layer's outputs: `inputs[l]` is what layer l receives.
    pub inputs: Vec<Vec<f64>>,
    /// zⱼ of each layer.
    pub z: Vec<Vec<f64>>,
    /// aⱼ = f(zⱼ) of each layer; the last is the prediction ŷ.
    pub a: Vec<Vec<f64>>,
    /// ∂L/∂aⱼ of each layer.
    pub da: Vec<Vec<f64>>,
    /// δⱼ = ∂L/∂zⱼ of each layer.
    pub dz: Vec<Vec<f64>>,
    /// L for this example.
    pub loss: f64,
    /// ∂L/∂θ, flat like the network's parameters (no weight penalty).
    pub gradient: Vec<f64>,
}

/// One example's forward pass, `[layer][unit]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Forward {
    /// What each layer receives: x for the first, then the outputs below.
    pub inputs: Vec<Vec<f64>>,
    /// zⱼ of each layer.
    pub z: Vec<Vec<f64>>,
    /// aⱼ = f(zⱼ) of each layer.
    pub a: Vec<Vec<f64>>,
}

/// The forward pass: zⱼ = Σᵢ wⱼᵢ·aᵢ + bⱼ and aⱼ = f(zⱼ), layer by layer.
pub fn forward(net: &Network, x: &[f64]) -> Forward {
    let (mut inputs, mut zs, mut outs) = (Vec::new(), Vec::new(), Vec::new());
    let mut below = x.to_vec();
    for (l, layer) in net.layers().iter().enumerate() {
        let z: Vec<f64> = (0..layer.units)
            .map(|j| (0..layer.inputs).map(|i| net.weight(l, j, i) * below[i]).sum::<f64>() + net.bias(l, j))
            .collect();
        let mut a = vec![0.0; layer.units];
        // f one unit at a time, except softmax, which needs the whole layer.
        layer.activation.apply_layer(&z, &mut a, 1);
        inputs.push(below);
        below = a.clone();
        zs.push(z);
        outs.push(a);
    }
    Forward { inputs, z: zs, a: outs }
}

/// The backward pass from the output layer's δ: fills ∂L/∂a and δ of every
/// layer below by the chain rule. `da` and `dz` hold the output layer's.
pub fn backward(net: &Network, z: &[Vec<f64>], a: &[Vec<f64>], da: &mut [Vec<f64>], dz: &mut [Vec<f64>]) {
    for l in (1..net.layers().len()).rev() {
        let layer = &net.layers()[l];
        for i in 0..layer.inputs {
            // ∂L/∂aᵢ = Σⱼ wⱼᵢ·δⱼ: aᵢ feeds every unit j of layer l.
            da[l - 1][i] = (0..layer.units).map(|j| net.weight(l, j, i) * dz[l][j]).sum();
            let f = net.layers()[l - 1].activation;
            dz[l - 1][i] = da[l - 1][i] * f.derivative(z[l - 1][i], a[l - 1][i]);
        }
    }
}

/// Forward, loss, backward and ∂L/∂θ for one example `x` with target `y`
/// (the caller has checked their sizes).
pub fn example(net: &Network, x: &[f64], y: &[f64]) -> Example {
    let Forward { inputs, z, a } = forward(net, x);
    let last = z.len() - 1;
    let loss = net.loss().value(&z[last], &a[last], y, 1);
    let mut da: Vec<Vec<f64>> = z.iter().map(|zl| vec![0.0; zl.len()]).collect();
    let mut dz = da.clone();
    // δ at the output: the loss says how (∂L/∂ŷ·f′, or ŷ − y for the
    // cross-entropies, where f′ cancels).
    let output = OutputLayer {
        activation: net.layers()[last].activation,
        z: &z[last],
        a: &a[last],
        batch: 1,
    };
    net.loss().output_gradients(output, y, &mut da[last], &mut dz[last]);
    backward(net, &z, &a, &mut da, &mut dz);
    // ∂L/∂wⱼᵢ = δⱼ·aᵢ and ∂L/∂bⱼ = δⱼ, laid out like the parameters.
    let mut gradient = vec![0.0; net.flat_params().len()];
    for (l, layer) in net.layers().iter().enumerate() {
        for j in 0..layer.units {
            for i in 0..layer.inputs {
                gradient[layer.weights_at + j * layer.inputs + i] = dz[l][j] * inputs[l][i];
            }
            gradient[layer.biases_at + j] = dz[l][j];
        }
    }
    Example {
        inputs,
        z,
        a,
        da,
        dz,
        loss,
        gradient,
    }
}
