//! A JavaScript value (a script's `setConfig({...})`, parsed JSON) as the
//! engine's strict value tree, read with js-sys. serde-wasm-bindgen's reader
//! did this before; its error path names a wrong number with `core::fmt`'s
//! float code, which the page no longer links (see `backprop::decimal`).
//!
//! The same tree as before: `null` and `undefined` are null; booleans,
//! numbers and strings are themselves (a 64-bit BigInt its nearest number); arrays
//! and plain objects nest, at most [`MAX_DEPTH`] levels (an object that
//! contains itself would otherwise never end). Anything else — a function,
//! a symbol, a Map or another iterable — is refused by name.

use backprop::strict::{Value, MAX_DEPTH};
use js_sys::{Array, Object, Reflect, Symbol};
use wasm_bindgen::{JsCast, JsValue};

/// A value as a message names it: text in quotes, an object with a text
/// `message` (an `Error`) as that message, anything else by its JavaScript
/// type ("undefined", "object", …) or as `null`. (Not `{:?}`, whose
/// JavaScript half, wasm-bindgen's describer of values, is 0.3 KB gzip.)
pub fn shown(value: &JsValue) -> String {
    let message = || Reflect::get(value, &"message".into()).ok()?.as_string();
    if let Some(text) = value.as_string() {
        format!("\"{text}\"")
    } else if let Some(message) = value.is_object().then(message).flatten() {
        message
    } else if value.is_null() {
        "null".into()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}

/// `value` as a tree, or why it cannot be one.
pub fn read(value: &JsValue) -> Result<Value, String> {
    at_depth(value, 0)
}

fn at_depth(value: &JsValue, depth: usize) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "it is nested more than {MAX_DEPTH} levels deep (or contains itself)"
        ));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if value.is_bigint() {
        if let Ok(n) = i64::try_from(value.clone()) {
            return Ok(Value::Number(n as f64));
        }
        if let Ok(n) = u64::try_from(value.clone()) {
            return Ok(Value::Number(n as f64));
        }
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if let Some(items) = value.dyn_ref::<Array>() {
        let mut read = Vec::with_capacity(items.length() as usize);
        for item in items.iter() {
            read.push(at_depth(&item, depth + 1)?);
        }
        return Ok(Value::Array(read));
    }
    let iterable = Reflect::has(value, &Symbol::iterator()).unwrap_or(true);
    if !value.is_object() || iterable {
        let kind = value.js_typeof().as_string().unwrap_or_default();
        let kind = if kind == "object" { "list-like object" } else { &kind };
        return Err(format!(
            "a {kind} cannot be read here (only null, true/false, numbers, text, arrays and plain objects)"
        ));
    }
    let mut entries = Vec::new();
    for entry in Object::entries(value.unchecked_ref()).iter() {
        let pair: Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        entries.push((key, at_depth(&pair.get(1), depth + 1)?));
    }
    Ok(Value::Object(entries))
}
/// A tree as a JavaScript value: objects (keys in order), arrays, numbers,
/// text and booleans as themselves, and null as `null` — `undefined` where
/// serde-wasm-bindgen would write a `None` as undefined (an export, a link:
/// `JSON.stringify` then leaves the key out), `JsValue::NULL` where it was
/// told to write null (`state()` and the other API results).
pub fn write(value: &Value, null: &JsValue) -> JsValue {
    match value {
        Value::Null => null.clone(),
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(|item| write(item, null)).collect::<Array>().into(),
        Value::Object(entries) => {
            let object = Object::new();
            for (key, item) in entries {
                let _ = Reflect::set(&object, &JsValue::from_str(key), &write(item, null));
            }
            object.into()
        }
    }
}

