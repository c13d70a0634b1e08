//! Parameter objects (`{ a: { b: 1 }, ids: [1, 2] }`) written as the query strings and form
//! bodies PHP reads back into the same nested arrays (`a[b]=1&ids[]=1&ids[]=2`).

use crate::encode::rawurlencode_into;
use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A parameter value from JavaScript or Rust: scalars, lists and objects, nested.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// `null` or `undefined`: the parameter is left out.
    Null,
    /// A string, sent as it is.
    Text(String),
    /// A number, written as JavaScript writes it (`3`, `9.5`).
    Number(f64),
    /// A boolean, sent as `true` or `false` (WordPress's `rest_sanitize_boolean` reads both).
    Bool(bool),
    /// A list: `ids[]=1&ids[]=2`, or `items[0][name]=…` when the items are objects or lists.
    List(Vec<ParamValue>),
    /// An object: `meta[color]=red`; keys in the given order.
    Object(Vec<(String, ParamValue)>),
}

/// A form body: already-encoded text, or an object to encode.
#[derive(Debug, Clone, PartialEq)]
pub enum FormInput {
    /// `application/x-www-form-urlencoded` text, sent and signed as it is.
    Text(String),
    /// Fields to encode as PHP reads them.
    Fields(Vec<(String, ParamValue)>),
}

impl FormInput {
    /// The body text to send.
    pub fn to_body(&self) -> String {
        match self {
            FormInput::Text(text) => text.clone(),
            FormInput::Fields(fields) => to_query_string(fields),
        }
    }
}

/// `n` as JavaScript's `String(n)` writes it (ECMAScript's Number::toString): the shortest digits
/// that read back as `n`, positional from 1e-6 up to (not including) 1e21, and as `1.5e+21` or
/// `5e-7` outside that range. Rust's `Display` writes `1e21` and `5e-7` in full instead: its
/// digits are laid out again here.
fn number_text(n: f64) -> String {
    if !n.is_finite() {
        // Refused when read (`visit_f64`); a value built in Rust prints as JavaScript would.
        return if n.is_nan() {
            "NaN"
        } else if n > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        }
        .into();
    }
    // Whole numbers within 2^53 (the usual page numbers and ids) need no float formatting;
    // -0 is among them and prints as String(-0) does, "0".
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        #[allow(
            clippy::cast_possible_truncation,
            reason = "a whole number within 2^53, checked above"
        )]
        let whole = n as i64;
        return whole.to_string();
    }
    // Rust's `Display` writes the same shortest digits, always positional (`0.00123`, `123.45`,
    // `1000000000000000000000`); read back as 0.DIGITS × 10^point, DIGITS without leading or
    // trailing zeros. (The module has that formatter anyway, for serde's messages.)
    let positional = n.abs().to_string();
    let (whole, fraction) = positional.split_once('.').unwrap_or((&positional, ""));
    let all = [whole, fraction].concat();
    let significant = all.trim_start_matches('0');
    let digits = significant.trim_end_matches('0');
    // At most 330 characters (5e-324): the lengths fit i32.
    let length = |text: &str| i32::try_from(text.len()).unwrap_or(0);
    let point = length(whole).saturating_sub(length(&all).saturating_sub(length(significant)));
    let zeros = |out: &mut String, count: i32| out.extend((0..count).map(|_| '0'));
    let mut out = String::with_capacity(digits.len().saturating_add(8));
    if n < 0.0 {
        out.push('-');
    }
    if (-5..=0).contains(&point) {
        out.push_str("0.");
        zeros(&mut out, point.saturating_neg());
        out.push_str(digits);
    } else if (1..=21).contains(&point) {
        let (before, after) = digits
            .split_at_checked(point.unsigned_abs() as usize)
            .unwrap_or((digits, ""));
        out.push_str(before);
        zeros(&mut out, point.saturating_sub(length(before)));
        if !after.is_empty() {
            out.push('.');
            out.push_str(after);
        }
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((digits, ""));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        let exponent = point.saturating_sub(1);
        out.push_str(if exponent < 0 { "e-" } else { "e+" });
        out.push_str(&exponent.unsigned_abs().to_string());
    }
    out
}

/// Writes `fields` as a query string PHP parses back into the same structure.
///
/// ```
/// use wc_keys::ParamValue::*;
/// let fields = vec![
///     ("search".to_string(), Text("blue shirt".into())),
///     ("include".to_string(), List(vec![Number(12.0), Number(7.0)])),
///     ("meta".to_string(), Object(vec![("color".into(), Text("red".into()))])),
///     ("skip".to_string(), Null),
/// ];
/// assert_eq!(
///     wc_keys::to_query_string(&fields),
///     "search=blue%20shirt&include[]=12&include[]=7&meta[color]=red"
/// );
/// ```
pub fn to_query_string(fields: &[(String, ParamValue)]) -> String {
    let mut out = String::new();
    for (name, value) in fields {
        let mut prefix = String::new();
        rawurlencode_into(&mut prefix, name.as_bytes());
        write_value(&mut out, &prefix, value, 0);
    }
    out
}

fn write_value(out: &mut String, name: &str, value: &ParamValue, depth: usize) {
    // The deserializer stops at 64 levels; values built deeper in Rust are cut there.
    if depth > MAX_DEPTH {
        return;
    }
    let scalar = match value {
        ParamValue::Null => return,
        ParamValue::Text(t) => t.clone(),
        ParamValue::Number(n) => number_text(*n),
        ParamValue::Bool(b) => b.to_string(),
        ParamValue::List(items) => {
            let nested = items
                .iter()
                .any(|v| matches!(v, ParamValue::List(_) | ParamValue::Object(_)));
            for (i, item) in items.iter().enumerate() {
                let child = if nested {
                    format!("{name}[{i}]")
                } else {
                    format!("{name}[]")
                };
                write_value(out, &child, item, depth.saturating_add(1));
            }
            return;
        }
        ParamValue::Object(entries) => {
            for (key, item) in entries {
                let mut child =
                    String::with_capacity(name.len().saturating_add(key.len()).saturating_add(2));
                child.push_str(name);
                child.push('[');
                rawurlencode_into(&mut child, key.as_bytes());
                child.push(']');
                write_value(out, &child, item, depth.saturating_add(1));
            }
            return;
        }
    };
    if !out.is_empty() {
        out.push('&');
    }
    out.push_str(name);
    out.push('=');
    rawurlencode_into(out, scalar.as_bytes());
}

/// How deep parameter objects may nest: PHP drops anything past `max_input_nesting_level` (64),
/// and a limit keeps hostile input from exhausting WebAssembly's stack.
pub(crate) const MAX_DEPTH: usize = 64;

struct ValueSeed {
    depth: usize,
}

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = ParamValue;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<ParamValue, D::Error> {
        d.deserialize_any(ValueVisitor { depth: self.depth })
    }
}

struct ValueVisitor {
    depth: usize,
}

impl ValueVisitor {
    fn child<E: de::Error>(&self) -> Result<ValueSeed, E> {
        if self.depth >= MAX_DEPTH {
            return Err(E::custom(
                "parameters nest more than 64 levels, which PHP would drop",
            ));
        }
        Ok(ValueSeed {
            depth: self.depth.saturating_add(1),
        })
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = ParamValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number, boolean, null, array or plain object")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<ParamValue, E> {
        Ok(ParamValue::Text(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<ParamValue, E> {
        Ok(ParamValue::Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<ParamValue, E> {
        Ok(ParamValue::Bool(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<ParamValue, E> {
        if v.is_finite() {
            Ok(ParamValue::Number(v))
        } else {
            Err(E::custom("a parameter is NaN or infinite"))
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<ParamValue, E> {
        // Exact as text: a 64-bit integer may not fit a float.
        Ok(ParamValue::Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<ParamValue, E> {
        Ok(ParamValue::Text(v.to_string()))
    }
    fn visit_unit<E: de::Error>(self) -> Result<ParamValue, E> {
        Ok(ParamValue::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<ParamValue, E> {
        Ok(ParamValue::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<ParamValue, D::Error> {
        ValueSeed { depth: self.depth }.deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ParamValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self.child()?)? {
            items.push(item);
        }
        Ok(ParamValue::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ParamValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(k) = map.next_key::<String>()? {
            let v = map.next_value_seed(self.child()?)?;
            entries.push((k, v));
        }
        Ok(ParamValue::Object(entries))
    }
}

impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        ValueSeed { depth: 0 }.deserialize(d)
    }
}

impl<'de> Deserialize<'de> for FormInput {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match ParamValue::deserialize(d)? {
            ParamValue::Text(t) => Ok(FormInput::Text(t)),
            ParamValue::Object(entries) => Ok(FormInput::Fields(entries)),
            _ => Err(de::Error::custom("form must be a string or a plain object")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php_query::{parse, Key, Value};

    #[test]
    fn nested_lists_of_objects_get_indexes() {
        let fields = vec![(
            "create".to_string(),
            ParamValue::List(vec![
                ParamValue::Object(vec![("name".into(), ParamValue::Text("Mug".into()))]),
                ParamValue::Object(vec![("name".into(), ParamValue::Text("Cup".into()))]),
            ]),
        )];
        let text = to_query_string(&fields);
        assert_eq!(text, "create[0][name]=Mug&create[1][name]=Cup");
        let parsed = parse(text.as_bytes());
        let Some(Value::Array(create)) = parsed.get(&Key::Str(b"create".to_vec())) else {
            panic!("create is an array")
        };
        assert_eq!(create.entries().len(), 2);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let mut text = String::from("1");
        // serde_json stops at 128 levels by itself; ours must stop first, with its own reason.
        for _ in 0..100 {
            text = format!("{{\"a\":{text}}}");
        }
        let error = serde_json::from_str::<ParamValue>(&text).unwrap_err();
        assert!(error.to_string().contains("more than 64 levels"), "{error}");
        let ok: ParamValue = serde_json::from_str(r#"{"a":{"b":[1,{"c":"d"}]}}"#).unwrap();
        assert!(matches!(ok, ParamValue::Object(_)));
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        // Each right-hand side is what Node 20's String(n) prints.
        let cases: &[(f64, &str)] = &[
            (3.0, "3"),
            (9.5, "9.5"),
            (-0.25, "-0.25"),
            (-0.0, "0"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-0.003_913_473_104_654_729, "-0.003913473104654729"),
            (0.000_123, "0.000123"),
            (100.0, "100"),
            (123_456.789, "123456.789"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1e20, "100000000000000000000"),
            (1e21, "1e+21"),
            (-1.5e21, "-1.5e+21"),
            (1.2345e22, "1.2345e+22"),
            (1e-6, "0.000001"),
            (1.5e-6, "0.0000015"),
            (1e-7, "1e-7"),
            (-2.5e-7, "-2.5e-7"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (n, js) in cases {
            assert_eq!(number_text(*n), *js, "String({n:e})");
        }
    }
}
