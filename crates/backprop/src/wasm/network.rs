//! `Network` for JavaScript: forward, loss, gradients, step, inspect.

use wasm_bindgen::prelude::*;

use super::convert::{from_js, js_error, rows_from_js, sample_from_js, to_js};
use super::install_panic_hook;
use crate::config::NetworkConfig;
use crate::network::{Network, Params};

/// A network and its parameters.
#[wasm_bindgen(js_name = Network)]
pub struct JsNetwork {
    inner: Network,
}

impl JsNetwork {
    pub(super) fn wrap(inner: Network) -> JsNetwork {
        JsNetwork { inner }
    }
}

#[wasm_bindgen(js_class = Network)]
impl JsNetwork {
    /// `new Network({ layers: [2, 2, 1], activation, outputActivation, loss, seed, regularization, init })`
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsNetwork, JsError> {
        install_panic_hook();
        let config: NetworkConfig = from_js(config, "network config")?;
        Network::new(config).map(JsNetwork::wrap).map_err(js_error)
    }

    /// The config the network was built from.
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.config())
    }

    /// `{ weights, biases }`: `weights[l][j][i]` from unit i of layer l to unit j of layer l+1.
    pub fn params(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.params())
    }

    /// Replaces every parameter (shapes and finiteness are checked first).
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: JsValue) -> Result<(), JsError> {
        let params: Params = from_js(params, "params")?;
        self.inner.set_params(&params).map_err(js_error)
    }

    /// Outputs for each input row.
    pub fn forward(&self, xs: JsValue) -> Result<JsValue, JsError> {
        let xs = rows_from_js(xs, self.inner.input_size(), "inputs")?;
        to_js(&self.inner.predict(&xs).map_err(js_error)?.to_rows())
    }

    /// Mean data loss on the batch (without the weight penalty).
    pub fn loss(&self, xs: JsValue, ys: JsValue) -> Result<f64, JsError> {
        let (xs, ys) = self.batch(xs, ys)?;
        self.inner.data_loss(&xs, &ys).map_err(js_error)
    }

    /// `{ weights, biases }` of ∂(mean loss + penalty)/∂θ on the batch.
    pub fn gradients(&self, xs: JsValue, ys: JsValue) -> Result<JsValue, JsError> {
        let (xs, ys) = self.batch(xs, ys)?;
        let (_, grads) = self.inner.gradients(&xs, &ys).map_err(js_error)?;
        to_js(&self.inner.unflatten(&grads))
    }

    /// One gradient-descent step on the batch; returns the loss before it.
    pub fn step(&mut self, xs: JsValue, ys: JsValue, learning_rate: f64) -> Result<f64, JsError> {
        let (xs, ys) = self.batch(xs, ys)?;
        self.inner.step(&xs, &ys, learning_rate).map_err(js_error)
    }

    /// `{ output, loss, layers: [{ z, a, dA, dZ }], gradients }` for one example.
    pub fn inspect(&self, x: JsValue, y: JsValue) -> Result<JsValue, JsError> {
        let x = sample_from_js(x, "x")?;
        let y = sample_from_js(y, "y")?;
        to_js(&self.inner.inspect(&x, &y).map_err(js_error)?)
    }

    /// The weight penalty at the current weights.
    pub fn penalty(&self) -> f64 {
        self.inner.penalty()
    }
}

impl JsNetwork {
    fn batch(&self, xs: JsValue, ys: JsValue) -> Result<(crate::Matrix, crate::Matrix), JsError> {
        let xs = rows_from_js(xs, self.inner.input_size(), "inputs")?;
        let ys = rows_from_js(ys, self.inner.output_size(), "targets")?;
        Ok((xs, ys))
    }
}
