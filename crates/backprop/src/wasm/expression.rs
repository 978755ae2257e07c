//! `Expression` for JavaScript: a formula as a computational graph.

use std::collections::BTreeMap;

use wasm_bindgen::prelude::*;

use super::convert::{js_error, to_js};
use super::install_panic_hook;
use crate::expression::Expression;

/// A parsed formula.
#[wasm_bindgen(js_name = Expression)]
pub struct JsExpression {
    inner: Expression,
}

/// Reads `{ x: 1.5, y: 2 }` (or nothing, for a formula without variables).
fn variables(vars: JsValue) -> Result<BTreeMap<String, f64>, JsError> {
    if vars.is_undefined() || vars.is_null() {
        return Ok(BTreeMap::new());
    }
    // A bare number or string would reach serde as "Reflect.get called on
    // non-object", which names nothing the caller wrote.
    if !vars.is_object() || js_sys::Array::is_array(&vars) {
        return Err(JsError::new("variables must be an object of numbers like { x: 1.5 }"));
    }
    serde_wasm_bindgen::from_value(vars).map_err(|e| {
        let e = e.to_string();
        JsError::new(&format!(
            "variables must be an object of numbers like {{ x: 1.5 }}: {}",
            e.trim_start_matches("Error: ")
        ))
    })
}

#[wasm_bindgen(js_class = Expression)]
impl JsExpression {
    /// `new Expression("cos(sin(x^2) + 3*x^2)")`
    #[wasm_bindgen(constructor)]
    pub fn new(source: JsValue) -> Result<JsExpression, JsError> {
        install_panic_hook();
        let source = source
            .as_string()
            .ok_or_else(|| JsError::new("an expression must be a string"))?;
        Expression::parse(&source)
            .map(|inner| JsExpression { inner })
            .map_err(js_error)
    }

    /// Its variables, sorted.
    pub fn variables(&self) -> Vec<String> {
        self.inner.variables()
    }

    /// The value at the given variables.
    pub fn evaluate(&self, vars: JsValue) -> Result<f64, JsError> {
        self.inner.evaluate(&variables(vars)?).map_err(js_error)
    }

    /// `{ x: ∂f/∂x, … }` at the given variables.
    pub fn gradient(&self, vars: JsValue) -> Result<JsValue, JsError> {
        to_js(&self.inner.gradient(&variables(vars)?).map_err(js_error)?)
    }

    /// Every node: `{ id, label, op, value, grad, parts }` (and `note` where
    /// the value stops being a number), in evaluation order.
    pub fn nodes(&self, vars: JsValue) -> Result<JsValue, JsError> {
        to_js(&self.inner.nodes(&variables(vars)?).map_err(js_error)?)
    }
}
