//! The strict tree read into the engine's configs: a partial object merges
//! into a full one, unknown keys are named, each field takes only its own
//! kind of value, and NaN survives to validation (which names it).

use backprop::strict::Value;
use backprop::{BatchSize, OptimizerConfig};
use serde::Deserialize;

fn object(entries: &[(&str, Value)]) -> Value {
    Value::Object(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

#[test]
fn a_partial_object_changes_only_its_keys() {
    let mut base = object(&[
        ("learningRate", Value::Number(0.03)),
        ("batchSize", Value::Number(10.0)),
    ]);
    base.merge(object(&[("learningRate", Value::Number(0.5))]));
    let config = OptimizerConfig::deserialize(base).unwrap();
    assert_eq!(config.learning_rate, 0.5);
    assert_eq!(config.batch_size, BatchSize::Samples(10));
}

#[test]
fn unknown_keys_are_named() {
    let err = OptimizerConfig::deserialize(object(&[("learningrate", Value::Number(1.0))])).unwrap_err();
    assert!(err.to_string().contains("unknown field `learningrate`"), "{err}");
}

#[test]
fn each_field_takes_only_its_own_kind_of_value() {
    let err = OptimizerConfig::deserialize(Value::Array(vec![Value::Number(0.1)])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: sequence, expected struct OptimizerConfig"
    );
    let err = OptimizerConfig::deserialize(object(&[("learningRate", Value::String("fast".into()))])).unwrap_err();
    assert_eq!(err.to_string(), "invalid type: string \"fast\", expected f64");
    let err = OptimizerConfig::deserialize(object(&[("batchSize", Value::Number(2.5))])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "batchSize must be a whole number ≥ 1 (or \"all\"), got 2.5"
    );
}

#[test]
fn nan_survives_to_validation() {
    let config = OptimizerConfig::deserialize(object(&[("learningRate", Value::Number(f64::NAN))])).unwrap();
    assert!(config.validate().unwrap_err().message().contains("got NaN"));
}
