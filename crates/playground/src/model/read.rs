//! Reading the strict tree (`backprop::strict::Value`) into typed values by
//! hand, with the messages serde's derive gives (`unknown field `learningrate`, expected one of …`,
//! `invalid type: string "fast", expected f64`, `missing field `rate``).
//!
//! Why not the derive: each derived `Deserialize` is a visitor generic over
//! the deserializer, and the page's saved-state types (settings, weights,
//! history, a run's progress) compiled to some 45 KB of wasm, 15 KB of its
//! gzip. Here a struct is one call of [`object`] (not generic) with a small
//! closure per field, and the derives stay for the engine's JS API and the
//! tests, which hold every reader against its derive on thousands of trees
//! (`tests/strict_read*.rs`). It lives in the page's crate, not the engine's,
//! so it is compiled for size: the engine is built for speed.

use backprop::strict::{Error, Value};
use serde::de::{Error as _, Expected, Unexpected};

mod engine;
mod page;

/// A type read from the strict tree, refused as serde's derive refuses it.
pub trait Read: Sized {
    /// The value, or why not.
    fn read(value: Value) -> Result<Self, Error>;
}

/// Reads an object's entries in order as a derived visitor does: a key seen
/// twice, or (with `deny_unknown`) a key not in `names`, is an error at that
/// key, and each known value is handed to `field` with its index in `names`
/// as it comes, so the first bad entry is the one named. Anything but an
/// object is refused as not `what` ("struct Settings").
pub fn object(
    value: Value,
    what: &str,
    names: &'static [&'static str],
    deny_unknown: bool,
    field: &mut dyn FnMut(usize, Value) -> Result<(), Error>,
) -> Result<(), Error> {
    let Value::Object(entries) = value else {
        return Err(value.refused(&what));
    };
    let mut seen = 0u64;
    for (key, value) in entries {
        match names.iter().position(|n| *n == key) {
            Some(i) if seen & 1 << i != 0 => return Err(Error::duplicate_field(names[i])),
            Some(i) => {
                seen |= 1 << i;
                field(i, value)?;
            }
            None if deny_unknown => return Err(Error::unknown_field(&key, names)),
            None => {}
        }
    }
    Ok(())
}

/// A field that has no default: its value, or "missing field `name`".
pub fn required<T>(slot: Option<T>, name: &'static str) -> Result<T, Error> {
    slot.ok_or_else(|| Error::missing_field(name))
}

/// The index in `names` of a unit variant written as its name in quotes.
pub fn variant(value: Value, names: &'static [&'static str]) -> Result<usize, Error> {
    match value {
        Value::String(s) => names
            .iter()
            .position(|n| *n == s)
            .ok_or_else(|| Error::unknown_variant(&s, names)),
        other => Err(other.refused(&"a name in quotes")),
    }
}

/// How a value is described when a visitor that takes anything refuses it:
/// whole numbers are offered as integers (see `Value::deserialize_any`).
pub fn any_unexpected(value: &Value) -> Unexpected<'_> {
    match *value {
        Value::Number(n) if n.fract() == 0.0 && (0.0..1.8e19).contains(&n) => Unexpected::Unsigned(n as u64),
        Value::Number(n) if n.fract() == 0.0 && (-9.2e18..0.0).contains(&n) => Unexpected::Signed(n as i64),
        _ => value.unexpected(),
    }
}

/// A whole number up to `max`, as serde's integer visitors read one
/// (`what` is the type's name: "u32", "usize").
fn whole(value: Value, what: &'static str, max: u64) -> Result<u64, Error> {
    match value {
        Value::Number(n) if n.fract() == 0.0 && (0.0..1.8e19).contains(&n) => {
            let v = n as u64;
            if v <= max {
                Ok(v)
            } else {
                Err(Error::invalid_value(Unexpected::Unsigned(v), &what))
            }
        }
        Value::Number(n) if n.fract() == 0.0 && (-9.2e18..0.0).contains(&n) => {
            Err(Error::invalid_value(Unexpected::Signed(n as i64), &what))
        }
        Value::Number(n) => Err(Error::invalid_type(Unexpected::Float(n), &what)),
        other => Err(other.refused(&what)),
    }
}

impl Read for f64 {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        match value {
            Value::Number(n) => Ok(n),
            other => Err(other.refused(&"f64")),
        }
    }
}

impl Read for u32 {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        whole(value, "u32", u32::MAX.into()).map(|v| v as u32)
    }
}

impl Read for u64 {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        whole(value, "u64", u64::MAX)
    }
}

impl Read for usize {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        whole(value, "usize", usize::MAX as u64).map(|v| v as usize)
    }
}

impl Read for bool {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        match value {
            Value::Bool(b) => Ok(b),
            other => Err(other.refused(&"a boolean")),
        }
    }
}

impl Read for String {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        match value {
            Value::String(s) => Ok(s),
            other => Err(other.refused(&"a string")),
        }
    }
}

impl<T: Read> Read for Option<T> {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        match value {
            Value::Null => Ok(None),
            other => T::read(other).map(Some),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    #[inline(never)]
    fn read(value: Value) -> Result<Self, Error> {
        match value {
            Value::Array(items) => {
                // A plain loop: collecting into Result<Vec<T>> builds an
                // adapter (GenericShunt) per element type, 3 KB in all.
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(T::read(item)?);
                }
                Ok(out)
            }
            other => Err(other.refused(&"a sequence")),
        }
    }
}

/// "N elements in sequence", as serde says how long a list should have been.
pub struct InSequence(pub usize);

impl Expected for InSequence {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            1 => f.write_str("1 element in sequence"),
            n => write!(f, "{n} elements in sequence"),
        }
    }
}
