//! A plain tree of values (as read from JavaScript or a URL), so that config
//! objects are checked *strictly*.
//!
//! serde-wasm-bindgen reads a struct by looking up only the fields the struct
//! declares, so a misspelt option (`learningrate: 10`) would be silently
//! ignored — the worst kind of error for a learner. Reading the JS value into
//! this tree first keeps every key, and deserialising the tree then lets
//! `#[serde(deny_unknown_fields)]` name the unknown one.
//!
//! It also merges a partial object into a full one ([`Value::merge`]): that is
//! how `setConfig({ learningRate: 0.1 })` changes one setting.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented
    )
)]

use std::fmt;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};

use decimal::Decimal;

/// Any JSON-like value; numbers keep NaN and ±Infinity so they can be refused
/// with a precise message later.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Deepest nesting read. Real configs and saved states nest about five
/// levels; anything deeper — or a JavaScript object that contains itself —
/// is refused here, before reading it could exhaust the stack (in wasm a
/// stack overflow is not a catchable error: it would kill the page).
pub const MAX_DEPTH: usize = 32;

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        AtDepth(0).deserialize(d)
    }
}

/// Reads one value found `.0` levels down, refusing to go past [`MAX_DEPTH`].
struct AtDepth(usize);

impl<'de> DeserializeSeed<'de> for AtDepth {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.0 > MAX_DEPTH {
            return Err(de::Error::custom(format!(
                "it is nested more than {MAX_DEPTH} levels deep (or contains itself)"
            )));
        }
        d.deserialize_any(ValueVisitor { depth: self.0 })
    }
}

struct ValueVisitor {
    depth: usize,
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v as f64))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Number(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        AtDepth(self.depth).deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(AtDepth(self.depth + 1))? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(AtDepth(self.depth + 1))?;
            entries.push((key, value));
        }
        Ok(Value::Object(entries))
    }
}

/// Why a tree could not be read: serde's own messages ("unknown field
/// `learningrate`, expected one of …", "invalid type: string \"fast\",
/// expected f64"). A wrong value is named here rather than by serde's
/// `Unexpected` display, which writes a number with `core::fmt` (see
/// [`decimal`] for why the page avoids that).
#[derive(Debug, Clone, PartialEq)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Error(format!("invalid type: {}, expected {expected}", words(unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Self {
        Error(format!("invalid value: {}, expected {expected}", words(unexpected)))
    }
}

/// A value that did not fit, in serde's words (`floating point \`2.5\``,
/// `string "fast"`, `sequence`).
fn words(unexpected: Unexpected<'_>) -> String {
    match unexpected {
        Unexpected::Bool(b) => format!("boolean `{b}`"),
        Unexpected::Unsigned(i) => format!("integer `{i}`"),
        Unexpected::Signed(i) => format!("integer `{i}`"),
        Unexpected::Float(x) => {
            // With a point even when whole (`2.0`), as serde writes it.
            let text = Decimal(x).to_string();
            let point = if x.is_finite() && !text.contains('.') { ".0" } else { "" };
            format!("floating point `{text}{point}`")
        }
        Unexpected::Char(c) => format!("character `{c}`"),
        Unexpected::Str(s) => format!("string {}", quoted(s)),
        Unexpected::Bytes(_) => "byte array".into(),
        Unexpected::Unit => "unit value".into(),
        Unexpected::Option => "Option value".into(),
        Unexpected::NewtypeStruct => "newtype struct".into(),
        Unexpected::Seq => "sequence".into(),
        Unexpected::Map => "map".into(),
        Unexpected::Enum => "enum".into(),
        Unexpected::UnitVariant => "unit variant".into(),
        Unexpected::NewtypeVariant => "newtype variant".into(),
        Unexpected::TupleVariant => "tuple variant".into(),
        Unexpected::StructVariant => "struct variant".into(),
        Unexpected::Other(other) => other.into(),
    }
}

/// Integer fields read through [`Value::deserialize_u64`] (which also hands a
/// negative whole number to `visit_i64`, and a fraction to `visit_f64` for
/// the visitor to refuse).
macro_rules! whole_numbers_as_u64 {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_u64(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            // Whole numbers go as integers so integer fields (layer sizes,
            // seeds) accept them; everything else as f64.
            Value::Number(n) if n.fract() == 0.0 && (0.0..1.8e19).contains(&n) => visitor.visit_u64(n as u64),
            Value::Number(n) if n.fract() == 0.0 && (-9.2e18..0.0).contains(&n) => visitor.visit_i64(n as i64),
            Value::Number(n) => visitor.visit_f64(n),
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Value::Object(entries) => visitor.visit_map(MapDeserializer::new(entries.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_enum(s.into_deserializer()),
            other => Err(de::Error::invalid_type(other.unexpected(), &"a name in quotes")),
        }
    }

    // The typed entry points below each hand the visitor only the one kind
    // of value it asks for (a struct gets an object, a number field a
    // number) and refuse anything else with the same message the visitor
    // itself would give. Besides saying exactly what was wrong, this keeps
    // the page small: a visitor that is never offered a list or a string is
    // compiled without that code, for every config type in the page.

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Bool(b) => visitor.visit_bool(b),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Number(n) => visitor.visit_f64(n),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Number(n) if n.fract() == 0.0 && (0.0..1.8e19).contains(&n) => visitor.visit_u64(n as u64),
            Value::Number(n) if n.fract() == 0.0 && (-9.2e18..0.0).contains(&n) => visitor.visit_i64(n as i64),
            Value::Number(n) => visitor.visit_f64(n),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::String(s) => visitor.visit_string(s),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Object(entries) => visitor.visit_map(MapDeserializer::new(entries.into_iter())),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Value::Null => visitor.visit_unit(),
            other => Err(other.refused(&visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    whole_numbers_as_u64!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_u8 deserialize_u16 deserialize_u32);

    serde::forward_to_deserialize_any! {
        i128 u128 char str bytes byte_buf unit_struct tuple tuple_struct identifier
    }
}

impl Value {
    /// Overwrites, key by key, the fields of `self` with those of `partial`
    /// (objects merge recursively one level: `regularization: {rate}` changes
    /// only the rate). Non-objects replace `self` entirely.
    pub fn merge(&mut self, partial: Value) {
        match (self, partial) {
            (Value::Object(base), Value::Object(changes)) => {
                for (key, value) in changes {
                    match base.iter_mut().find(|(k, _)| *k == key) {
                        Some((_, existing)) => existing.merge(value),
                        None => base.push((key, value)),
                    }
                }
            }
            (this, other) => *this = other,
        }
    }

    /// The error a visitor gives for a value of the wrong kind.
    pub fn refused(&self, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(self.unexpected(), expected)
    }

    /// How serde names this value when it does not fit (a number as a float).
    pub fn unexpected(&self) -> Unexpected<'_> {
        match self {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => Unexpected::Float(*n),
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }
}

/// `s` in quotes as `{:?}` writes it, for what a config can hold: quotes,
/// backslashes and control characters escaped. (`{:?}` also escapes the
/// unprintable characters of the rest of Unicode; its tables for that are
/// 4 KB of the page's gzip, so those are left as they are here.)
fn quoted(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl IntoDeserializer<'_, Error> for Value {
    type Deserializer = Value;
    fn into_deserializer(self) -> Value {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_value_is_named_as_serde_names_it() {
        use serde::de::Error as _;
        let bytes = [1u8];
        for unexpected in [
            Unexpected::Bool(true),
            Unexpected::Unsigned(7),
            Unexpected::Signed(-7),
            Unexpected::Float(2.5),
            Unexpected::Float(2.0),
            Unexpected::Float(-1e-7),
            Unexpected::Float(1e300),
            Unexpected::Float(f64::NAN),
            Unexpected::Float(f64::NEG_INFINITY),
            Unexpected::Char('x'),
            Unexpected::Str("fa\"st"),
            Unexpected::Bytes(&bytes),
            Unexpected::Unit,
            Unexpected::Option,
            Unexpected::NewtypeStruct,
            Unexpected::Seq,
            Unexpected::Map,
            Unexpected::Enum,
            Unexpected::UnitVariant,
            Unexpected::NewtypeVariant,
            Unexpected::TupleVariant,
            Unexpected::StructVariant,
            Unexpected::Other("a thing"),
        ] {
            let serde_says = serde::de::value::Error::invalid_type(unexpected, &"f64").to_string();
            assert_eq!(Error::invalid_type(unexpected, &"f64").to_string(), serde_says);
            let serde_says = serde::de::value::Error::invalid_value(unexpected, &"f64").to_string();
            assert_eq!(Error::invalid_value(unexpected, &"f64").to_string(), serde_says);
        }
    }

    #[test]
    fn text_is_quoted_as_debug_quotes_it() {
        for s in [
            "fast",
            "",
            "fa\"st",
            "a\\b",
            "line\nbreak\r\t",
            "nul\0",
            "esc\u{1b}[0m",
            "del\u{7f}\u{85}",
            "ü ∂L/∂w 😀",
            "'single'",
        ] {
            assert_eq!(quoted(s), format!("{s:?}"));
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut deep = Value::Null;
        for _ in 0..MAX_DEPTH {
            deep = Value::Array(vec![deep]);
        }
        assert!(Value::deserialize(deep.clone()).is_ok(), "{MAX_DEPTH} levels are read");
        let err = Value::deserialize(Value::Array(vec![deep])).unwrap_err();
        assert!(err.to_string().contains("nested more than 32 levels"), "{err}");
    }
}
