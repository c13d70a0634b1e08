//! A REST request's parameters as `WP_REST_Request` merges them: JSON body, then `$_POST` (or a
//! form body WordPress parsed itself for PUT/PATCH/DELETE), then `$_GET`, then the route's own
//! (`id`), each read by name.

use crate::json::Json;
use crate::php::{Key, PhpArray, Value};
use crate::wp_error::WpError;

#[derive(Debug, Clone, Default)]
pub(crate) struct Params {
    pub json: Option<Json>,
    pub body: PhpArray,
    pub query: PhpArray,
    pub url: Vec<(String, String)>,
}

/// A PHP array as JSON: a list when its keys are 0, 1, 2, … in order, else an object.
pub(crate) fn php_to_json(array: &PhpArray) -> Json {
    let is_list = array
        .entries()
        .iter()
        .enumerate()
        .all(|(i, (k, _))| *k == Key::Int(i64::try_from(i).unwrap_or(-1)));
    let value = |v: &Value| match v {
        Value::Str(bytes) => Json::Str(String::from_utf8_lossy(bytes).into_owned()),
        Value::Arr(inner) => php_to_json(inner),
    };
    if is_list && !array.is_empty() {
        Json::Arr(array.entries().iter().map(|(_, v)| value(v)).collect())
    } else if array.is_empty() {
        Json::Arr(Vec::new())
    } else {
        Json::Obj(
            array
                .entries()
                .iter()
                .map(|(k, v)| {
                    (
                        String::from_utf8_lossy(&k.to_bytes()).into_owned(),
                        value(v),
                    )
                })
                .collect(),
        )
    }
}

impl Params {
    /// `$request[ $name ]`.
    pub(crate) fn get(&self, name: &str) -> Option<Json> {
        if let Some(v) = self.json.as_ref().and_then(|j| j.get(name)) {
            return Some(v.clone());
        }
        for array in [&self.body, &self.query] {
            if let Some(v) = array.get_str(name) {
                return Some(match v {
                    Value::Str(bytes) => Json::Str(String::from_utf8_lossy(bytes).into_owned()),
                    Value::Arr(inner) => php_to_json(inner),
                });
            }
        }
        self.url
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| Json::Str(v.clone()))
    }

    /// A parameter as text (numbers written out), if set and scalar.
    pub(crate) fn text(&self, name: &str) -> Option<String> {
        match self.get(name)? {
            Json::Str(s) => Some(s),
            Json::Int(n) => Some(n.to_string()),
            Json::Num(n) => Some(n),
            Json::Bool(b) => Some(if b { "1".into() } else { String::new() }),
            _ => None,
        }
    }

    /// PHP truthiness of `$request[ $name ]`.
    pub(crate) fn is_truthy(&self, name: &str) -> bool {
        match self.get(name) {
            None | Some(Json::Null) => false,
            Some(Json::Bool(b)) => b,
            Some(Json::Int(n)) => n != 0,
            Some(Json::Num(n)) => n.parse::<f64>().is_ok_and(|f| f != 0.0),
            Some(Json::Str(s)) => !(s.is_empty() || s == "0"),
            Some(Json::Arr(a)) => !a.is_empty(),
            Some(Json::Obj(o)) => !o.is_empty(),
        }
    }
}

/// `rest_invalid_param` with one parameter's reason, as `WP_REST_Request::has_valid_params()`
/// reports it.
pub(crate) fn invalid_param(name: &str, code: &str, message: &str) -> WpError {
    let mut error = WpError::new(
        "rest_invalid_param",
        &format!("Invalid parameter(s): {name}"),
        400,
    );
    error.extra = vec![
        ("params".into(), Json::obj([(name, Json::from(message))])),
        (
            "details".into(),
            Json::obj([(
                name,
                Json::obj([
                    ("code", Json::from(code)),
                    ("message", Json::from(message)),
                    ("data", Json::Null),
                ]),
            )]),
        ),
    ];
    error
}

/// `wp_sprintf_l`: `a and b`, `a, b, and c`.
pub(crate) fn list_l(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

/// An integer parameter within bounds (`rest_validate_value_from_schema`), or the error.
pub(crate) fn integer(
    params: &Params,
    name: &str,
    default: i64,
    min: i64,
    max: Option<i64>,
) -> Result<i64, WpError> {
    let Some(value) = params.get(name) else {
        return Ok(default);
    };
    let number = match &value {
        Json::Int(n) => Some(*n),
        Json::Str(s) => {
            let t = s.trim();
            t.parse::<i64>().ok().or_else(|| {
                t.parse::<f64>()
                    .ok()
                    .filter(|f| f.fract() == 0.0 && f.is_finite())
                    .map(|f| f as i64)
            })
        }
        _ => None,
    };
    let Some(n) = number else {
        return Err(invalid_param(
            name,
            "rest_invalid_type",
            &format!("{name} is not of type integer."),
        ));
    };
    let out_of_bounds = n < min || max.is_some_and(|m| n > m);
    if out_of_bounds {
        let message = match max {
            Some(max) => format!("{name} must be between {min} (inclusive) and {max} (inclusive)"),
            None => format!("{name} must be greater than or equal to {min}"),
        };
        return Err(invalid_param(name, "rest_out_of_bounds", &message));
    }
    Ok(n)
}

/// A string parameter from an enumeration.
pub(crate) fn one_of(
    params: &Params,
    name: &str,
    default: &'static str,
    allowed: &[&'static str],
) -> Result<String, WpError> {
    let Some(value) = params.get(name) else {
        return Ok(default.to_string());
    };
    let text = match value {
        Json::Str(s) => s,
        _ => {
            return Err(invalid_param(
                name,
                "rest_invalid_type",
                &format!("{name} is not of type string."),
            ))
        }
    };
    if allowed.contains(&text.as_str()) {
        Ok(text)
    } else {
        Err(invalid_param(
            name,
            "rest_not_in_enum",
            &format!("{name} is not one of {}.", list_l(allowed)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::php::parse_str;

    #[test]
    fn lists_like_wordpress() {
        assert_eq!(list_l(&["asc", "desc"]), "asc and desc");
        assert_eq!(list_l(&["a", "b", "c"]), "a, b, and c");
    }

    #[test]
    fn json_beats_form_beats_query() {
        let p = Params {
            json: Some(Json::obj([("a", Json::from("json"))])),
            body: parse_str(b"a=body&b=body"),
            query: parse_str(b"a=q&b=q&c=q&l[]=1&l[]=2"),
            url: vec![("id".into(), "5".into())],
        };
        assert_eq!(p.text("a").as_deref(), Some("json"));
        assert_eq!(p.text("b").as_deref(), Some("body"));
        assert_eq!(p.text("c").as_deref(), Some("q"));
        assert_eq!(p.text("id").as_deref(), Some("5"));
        assert_eq!(
            p.get("l"),
            Some(Json::Arr(vec![Json::from("1"), Json::from("2")]))
        );
    }

    #[test]
    fn validates_integers() {
        let p = Params {
            query: parse_str(b"per_page=0&page=x&ok=5"),
            ..Params::default()
        };
        let e = integer(&p, "per_page", 10, 1, Some(100))
            .err()
            .map(|e| e.to_json().encode());
        assert_eq!(
            e.as_deref(),
            Some(
                r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): per_page","data":{"status":400,"params":{"per_page":"per_page must be between 1 (inclusive) and 100 (inclusive)"},"details":{"per_page":{"code":"rest_out_of_bounds","message":"per_page must be between 1 (inclusive) and 100 (inclusive)","data":null}}}}"#
            )
        );
        assert!(integer(&p, "page", 1, 1, None).is_err());
        assert_eq!(integer(&p, "ok", 1, 1, None).ok(), Some(5));
        assert_eq!(integer(&p, "missing", 7, 1, None).ok(), Some(7));
    }
}
