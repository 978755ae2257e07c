//! The JavaScript API (wasm32 only). Big state — networks, trainers, data —
//! stays in wasm memory behind these handles; JavaScript calls methods that
//! take and return small plain values (arrays, objects, numbers).
//!
//! No method may panic on user input: a panic aborts the whole wasm instance
//! and with it the page. Every input is validated by the engine, every error
//! crosses the boundary as a JS `Error` whose message names the bad value,
//! and the handle stays usable afterwards.

mod convert;
mod expression;
mod network;
mod trainer;

use wasm_bindgen::prelude::*;

use crate::dataset::{Dataset, DatasetConfig};
use convert::{from_js, to_js};

/// Shows any engine bug (a panic) in the console with its message instead of
/// an opaque "unreachable" trap. Installed by every constructor; cheap to repeat.
pub(crate) fn install_panic_hook() {
    console_error_panic_hook::set_once();
}

/// The engine's version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// `generateDataset({ kind, points, noise, seed, testFraction })` →
/// `{ kind, task, inputs, targets, test, domain }`, rows = samples: `inputs`
/// and `targets` hold every row, and `test[i]` is `true` for the rows held
/// out by `testFraction`.
#[wasm_bindgen(js_name = generateDataset)]
pub fn generate_dataset(config: JsValue) -> Result<JsValue, JsError> {
    install_panic_hook();
    let config: DatasetConfig = from_js(config, "dataset config")?;
    let data = Dataset::generate(&config).map_err(convert::js_error)?;
    #[derive(serde::Serialize)]
    struct View {
        kind: crate::dataset::DatasetKind,
        task: crate::dataset::Task,
        inputs: Vec<Vec<f64>>,
        targets: Vec<Vec<f64>>,
        test: Vec<bool>,
        domain: crate::dataset::Domain,
    }
    to_js(&View {
        kind: data.kind,
        task: data.task,
        inputs: data.inputs.to_rows(),
        targets: data.targets.to_rows(),
        test: data.is_test,
        domain: data.domain,
    })
}
