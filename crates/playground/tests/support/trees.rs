//! Trees to hold a hand-written reader (`strict::Read`) against serde's
//! derive: a valid tree and every variation of it one edit away — each node
//! replaced by a value of another kind, keys added, doubled or dropped,
//! lists emptied or lengthened. (Shared by the tests of the engine's types and the page's.)

use std::fmt::Debug;

use backprop::strict::Value;
use playground::model::read::Read;
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Values of every kind a node is replaced with.
fn replacements() -> Vec<Value> {
    let n = Value::Number;
    let s = |t: &str| Value::String(t.into());
    let o =
        |entries: &[(&str, Value)]| Value::Object(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect());
    vec![
        Value::Null,
        Value::Bool(true),
        n(0.0),
        n(-0.0),
        n(1.0),
        n(2.0),
        n(3.0),
        n(2.5),
        n(-3.0),
        n(5e9),
        n(1e20),
        n(-1e19),
        n(f64::NAN),
        n(f64::INFINITY),
        s("x"),
        s("all"),
        s("l2"),
        s("tanh"),
        s("a\"b"),
        Value::Array(vec![]),
        Value::Array(vec![n(1.0)]),
        Value::Array(vec![s("l1"), n(0.5)]),
        Value::Array(vec![s("none"), n(0.5)]),
        Value::Array(vec![n(2.0), n(0.5), n(1.0)]),
        o(&[]),
        o(&[("rate", n(0.1))]),
        o(&[("kind", s("l2")), ("rate", n(0.5))]),
        o(&[("rate", n(-0.0)), ("kind", n(1.0))]),
        o(&[("kind", s("none")), ("rate", s("x"))]),
        o(&[("kind", s("l1")), ("kind", s("l1"))]),
        o(&[("kind", s("l3"))]),
        o(&[("kind", n(7.0))]),
        o(&[("kind", Value::Bool(false))]),
        o(&[("kind", s("l1")), ("rate", n(0.1)), ("extra", n(1.0))]),
        o(&[("kind", s("l1")), ("rate", n(0.1)), ("rate", n(0.2))]),
    ]
}

/// `base` and its variations one edit away (long lists are varied only at
/// their first two and last items).
pub fn variations(base: &Value) -> Vec<Value> {
    let mut out = vec![base.clone()];
    let replacements = replacements();
    vary(base, &replacements, &mut |edited| out.push(edited));
    out
}

fn vary(node: &Value, replacements: &[Value], emit: &mut dyn FnMut(Value)) {
    for r in replacements {
        emit(r.clone());
    }
    match node {
        Value::Object(entries) => {
            let mut with = entries.clone();
            with.push(("bogus".into(), Value::Number(1.0)));
            emit(Value::Object(with));
            for (k, (key, value)) in entries.iter().enumerate() {
                let mut without = entries.clone();
                without.remove(k);
                emit(Value::Object(without));
                let mut doubled = entries.clone();
                doubled.push((key.clone(), value.clone()));
                emit(Value::Object(doubled));
                vary(value, replacements, &mut |edited| {
                    let mut changed = entries.clone();
                    changed[k].1 = edited;
                    emit(Value::Object(changed));
                });
            }
        }
        Value::Array(items) => {
            emit(Value::Array(vec![]));
            if let Some(first) = items.first() {
                let mut longer = items.clone();
                longer.push(first.clone());
                emit(Value::Array(longer));
            }
            let n = items.len();
            for k in (0..n).filter(|&k| k < 2 || k + 1 == n) {
                vary(&items[k], replacements, &mut |edited| {
                    let mut changed = items.clone();
                    changed[k] = edited;
                    emit(Value::Array(changed));
                });
            }
        }
        _ => {}
    }
}

/// The tree of a value as JSON would carry it.
pub fn tree_of<T: serde::Serialize>(value: &T) -> Value {
    let json = serde_json::to_value(value).expect("serialisable");
    Value::deserialize(json).expect("a tree")
}

/// `T::read` and `T::deserialize` agree on `base` and every variation of
/// it: the same value or the same message. Returns how many were checked.
pub fn agree<T: Read + DeserializeOwned + Debug>(base: &Value) -> usize {
    let all = variations(base);
    for tree in &all {
        let ours = T::read(tree.clone()).map_err(|e| e.to_string());
        let serde = T::deserialize(tree.clone()).map_err(|e| e.to_string());
        assert_eq!(format!("{ours:?}"), format!("{serde:?}"), "reading {tree:?}");
    }
    all.len()
}
