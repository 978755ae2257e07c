//! Crossing the boundary: JS values ↔ serde types, engine errors → JS `Error`.

use serde::de::DeserializeOwned;

use crate::strict::Value;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::matrix::Matrix;

/// An engine error as a JS `Error` with the same message.
pub fn js_error(error: Error) -> JsError {
    JsError::new(error.message())
}

/// Reads a JS value into a serde type; a mismatch becomes an `Error` that
/// names the argument (`what`) and serde's description of the problem.
pub fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsError> {
    if value.is_undefined() || value.is_null() {
        return Err(JsError::new(&format!("{what} is missing")));
    }
    // serde-wasm-bindgen's errors print as "Error: …"; the word is noise here.
    let tree: Value = serde_wasm_bindgen::from_value(value).map_err(|e| {
        let e = e.to_string();
        // A typed array (or Map, Date …) is read as "invalid type:
        // JsValue(Float64Array), expected any value": say what to give instead.
        if let Some(kind) = e.split("JsValue(").nth(1).and_then(|rest| rest.split(')').next()) {
            return JsError::new(&format!(
                "invalid {what}: a {kind} is not read; give plain arrays of numbers \
                 (Array.from turns a typed array into one)"
            ));
        }
        JsError::new(&format!("invalid {what}: {}", e.trim_start_matches("Error: ")))
    })?;
    T::deserialize(tree).map_err(|e| JsError::new(&format!("invalid {what}: {e}")))
}

/// Writes a serde value as plain JS arrays and objects (`None` → `null`).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    value
        .serialize(&serializer)
        .map_err(|e| JsError::new(&format!("could not convert the result for JavaScript: {e}")))
}

/// Reads rows of numbers (`[[x1, x2], ...]`) with `cols` numbers each.
pub fn rows_from_js(value: JsValue, cols: usize, what: &str) -> Result<Matrix, JsError> {
    let rows: Vec<Vec<f64>> = from_js(value, what)?;
    Matrix::from_rows(&rows, cols, what).map_err(js_error)
}

/// Reads one sample: an array of numbers, or a bare number for a single value.
pub fn sample_from_js(value: JsValue, what: &str) -> Result<Vec<f64>, JsError> {
    match value.as_f64() {
        Some(v) => Ok(vec![v]),
        None => from_js(value, what),
    }
}

/// Reads a count that must be a whole number from 1 to `max`.
pub fn count_from_js(value: f64, max: u32, what: &str) -> Result<u32, JsError> {
    if value.fract() != 0.0 || !(1.0..=f64::from(max)).contains(&value) {
        return Err(JsError::new(&format!(
            "{what} must be a whole number from 1 to {max}, got {value}"
        )));
    }
    Ok(value as u32)
}
