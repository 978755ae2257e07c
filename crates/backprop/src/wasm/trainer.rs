//! `Trainer` for JavaScript: data, epochs, batches, status, reset.

use wasm_bindgen::prelude::*;

use super::convert::{count_from_js, from_js, js_error, rows_from_js, to_js};
use super::install_panic_hook;
use super::network::JsNetwork;
use crate::limits::MAX_EPOCHS_PER_CALL;
use crate::network::Params;
use crate::optimizer::OptimizerConfig;
use crate::regularization::Regularization;
use crate::trainer::{Trainer, TrainerConfig};

/// A network being trained on a data set.
#[wasm_bindgen(js_name = Trainer)]
pub struct JsTrainer {
    inner: Trainer,
}

#[wasm_bindgen(js_class = Trainer)]
impl JsTrainer {
    /// `new Trainer({ network: {...}, optimizer: {...}, regularization, seed })`
    #[wasm_bindgen(constructor)]
    pub fn new(config: JsValue) -> Result<JsTrainer, JsError> {
        install_panic_hook();
        let config: TrainerConfig = from_js(config, "trainer config")?;
        Trainer::new(config).map(|inner| JsTrainer { inner }).map_err(js_error)
    }

    /// The config in force.
    pub fn config(&self) -> Result<JsValue, JsError> {
        to_js(self.inner.config())
    }

    /// Replaces the training data (rows = samples); training continues.
    #[wasm_bindgen(js_name = setData)]
    pub fn set_data(&mut self, xs: JsValue, ys: JsValue) -> Result<(), JsError> {
        let network = self.inner.network();
        let xs = rows_from_js(xs, network.input_size(), "inputs")?;
        let ys = rows_from_js(ys, network.output_size(), "targets")?;
        self.inner.set_data(xs, ys).map_err(js_error)
    }

    /// The current parameters.
    pub fn params(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.network().params())
    }

    /// Replaces the parameters.
    #[wasm_bindgen(js_name = setParams)]
    pub fn set_params(&mut self, params: JsValue) -> Result<(), JsError> {
        let params: Params = from_js(params, "params")?;
        self.inner.network_mut().set_params(&params).map_err(js_error)
    }

    /// Trains `n` epochs; returns the mean training loss of the last one
    /// (`undefined` if none has completed: training had diverged).
    #[wasm_bindgen(js_name = trainEpochs)]
    pub fn train_epochs(&mut self, n: f64) -> Result<Option<f64>, JsError> {
        let n = count_from_js(n, MAX_EPOCHS_PER_CALL, "epochs")?;
        self.inner.train_epochs(n).map_err(js_error)
    }

    /// Trains on the next batch only; returns its loss before the update
    /// (`undefined` once training has diverged).
    #[wasm_bindgen(js_name = trainBatch)]
    pub fn train_batch(&mut self) -> Result<Option<f64>, JsError> {
        self.inner.train_batch().map_err(js_error)
    }

    /// `{ epoch, loss, diverged, position }`
    pub fn status(&self) -> Result<JsValue, JsError> {
        to_js(&self.inner.status())
    }

    /// A copy of the current model.
    pub fn network(&self) -> JsNetwork {
        JsNetwork::wrap(self.inner.network().clone())
    }

    /// Mean data loss of the current model on any batch (e.g. the test set).
    pub fn loss(&self, xs: JsValue, ys: JsValue) -> Result<f64, JsError> {
        let network = self.inner.network();
        let xs = rows_from_js(xs, network.input_size(), "inputs")?;
        let ys = rows_from_js(ys, network.output_size(), "targets")?;
        network.data_loss(&xs, &ys).map_err(js_error)
    }

    /// Changes optimizer settings without restarting: the given fields are
    /// merged into the current ones (`{ learningRate: 0.1 }`).
    #[wasm_bindgen(js_name = setOptimizer)]
    pub fn set_optimizer(&mut self, partial: JsValue) -> Result<(), JsError> {
        if !partial.is_object() {
            return Err(JsError::new(
                "setOptimizer needs an object such as { learningRate: 0.1 }",
            ));
        }
        let current = to_js(&self.inner.config().optimizer)?;
        let merged = js_sys::Object::assign(&js_sys::Object::from(current), &js_sys::Object::from(partial));
        let config: OptimizerConfig = from_js(merged.into(), "optimizer config")?;
        self.inner.set_optimizer(config).map_err(js_error)
    }

    /// Changes the weight penalty without restarting.
    #[wasm_bindgen(js_name = setRegularization)]
    pub fn set_regularization(&mut self, regularization: JsValue) -> Result<(), JsError> {
        let regularization: Regularization = from_js(regularization, "regularization")?;
        self.inner.set_regularization(regularization).map_err(js_error)
    }

    /// Starts over from the seed's initial weights; keeps the data.
    pub fn reset(&mut self) {
        self.inner.reset();
    }
}
