//! PHP arrays as `$_GET` and `$_POST` hold them: ordered, keyed by integers or byte strings, and
//! filled by `parse_str` the way `php_register_variable_ex()` does.

use super::text::urldecode;

/// `max_input_vars`: PHP ignores variables past this many.
const MAX_INPUT_VARS: usize = 1000;
/// `max_input_nesting_level`: a variable nested deeper is dropped.
const MAX_NESTING: usize = 64;

/// An array key: PHP turns decimal strings such as `"7"` (no sign but `-`, no leading zero) into
/// integers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    Int(i64),
    Str(Vec<u8>),
}

impl Key {
    /// The key PHP's symbol table uses for these bytes (`ZEND_HANDLE_NUMERIC_STR`).
    pub(crate) fn from_bytes(bytes: &[u8]) -> Key {
        if is_canonical_int(bytes) {
            if let Some(n) = std::str::from_utf8(bytes)
                .ok()
                .and_then(|s| s.parse::<i64>().ok())
            {
                return Key::Int(n);
            }
        }
        Key::Str(bytes.to_vec())
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        match self {
            Key::Int(n) => n.to_string().into_bytes(),
            Key::Str(bytes) => bytes.clone(),
        }
    }
}

fn is_canonical_int(bytes: &[u8]) -> bool {
    let digits = bytes.strip_prefix(b"-").unwrap_or(bytes);
    match digits {
        [] => false,
        [b'0'] => bytes.len() == 1,
        [first, rest @ ..] => (b'1'..=b'9').contains(first) && rest.iter().all(u8::is_ascii_digit),
    }
}

/// A value: a string or a nested array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Str(Vec<u8>),
    Arr(PhpArray),
}

impl Value {
    /// The string, if this is one.
    pub(crate) fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Str(bytes) => Some(bytes),
            Value::Arr(_) => None,
        }
    }

    /// PHP's `empty()`: `""`, `"0"` and `[]` are empty.
    pub(crate) fn is_empty(&self) -> bool {
        match self {
            Value::Str(bytes) => super::is_empty_str(bytes),
            Value::Arr(array) => array.is_empty(),
        }
    }
}

/// An ordered PHP array.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PhpArray {
    entries: Vec<(Key, Value)>,
    next_index: i64,
}

impl PhpArray {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn entries(&self) -> &[(Key, Value)] {
        &self.entries
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn get(&self, key: &Key) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// `$array['name']` for a string key.
    pub(crate) fn get_str(&self, name: &str) -> Option<&Value> {
        self.get(&Key::from_bytes(name.as_bytes()))
    }

    fn get_mut(&mut self, key: &Key) -> Option<&mut Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    /// `$array[$key] = $value`: replaces in place, or appends.
    pub(crate) fn set(&mut self, key: Key, value: Value) {
        if let Key::Int(n) = key {
            if n >= self.next_index {
                self.next_index = n.saturating_add(1);
            }
        }
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.entries.push((key, value)),
        }
    }

    /// `$array[] = $value`.
    pub(crate) fn push(&mut self, value: Value) {
        let key = Key::Int(self.next_index);
        self.set(key, value);
    }

    /// `array_merge($this, $other)`: integer keys are renumbered from 0, string keys of `other`
    /// overwrite.
    pub(crate) fn array_merge(&self, other: &PhpArray) -> PhpArray {
        let mut out = PhpArray::new();
        for (key, value) in self.entries.iter().chain(other.entries.iter()) {
            match key {
                Key::Int(_) => out.push(value.clone()),
                Key::Str(_) => out.set(key.clone(), value.clone()),
            }
        }
        out
    }

    /// How `$_REQUEST` is built from `$_GET` then `$_POST`: later values overwrite, arrays are
    /// merged key by key.
    pub(crate) fn overlay(&self, other: &PhpArray) -> PhpArray {
        let mut out = self.clone();
        for (key, value) in &other.entries {
            match (out.get_mut(key), value) {
                (Some(Value::Arr(mine)), Value::Arr(theirs)) => *mine = mine.overlay(theirs),
                _ => out.set(key.clone(), value.clone()),
            }
        }
        out
    }

    /// The array a key leads to, created (replacing a string) as PHP does when it registers
    /// `a[b][c]=…`; `None` appends a new array (`a[]`).
    fn descend(&mut self, key: Option<Key>) -> Option<&mut PhpArray> {
        let key = key.unwrap_or(Key::Int(self.next_index));
        if !matches!(self.get(&key), Some(Value::Arr(_))) {
            self.set(key.clone(), Value::Arr(PhpArray::new()));
        }
        match self.get_mut(&key) {
            Some(Value::Arr(array)) => Some(array),
            _ => None,
        }
    }
}

/// PHP's `parse_str()` (and how `$_GET` / `$_POST` are filled from the query string and an
/// `application/x-www-form-urlencoded` body).
pub(crate) fn parse_str(input: &[u8]) -> PhpArray {
    let mut out = PhpArray::new();
    let mut count = 0usize;
    for piece in input.split(|&b| b == b'&') {
        if piece.is_empty() {
            continue;
        }
        if count >= MAX_INPUT_VARS {
            break;
        }
        count = count.saturating_add(1);
        let (name, value) = match piece.iter().position(|&b| b == b'=') {
            Some(i) => (
                piece.get(..i).unwrap_or_default(),
                piece.get(i.saturating_add(1)..).unwrap_or_default(),
            ),
            None => (piece, &[][..]),
        };
        register(&mut out, &urldecode(name), urldecode(value));
    }
    out
}

/// `php_register_variable_ex()`: one `name=value`, with `name` already decoded.
fn register(target: &mut PhpArray, name: &[u8], value: Vec<u8>) {
    // The name is a C string from here on: it ends at the first NUL.
    let name = match name.iter().position(|&b| b == 0) {
        Some(end) => name.get(..end).unwrap_or_default(),
        None => name,
    };
    let start = name.iter().position(|&b| b != b' ').unwrap_or(name.len());
    let mut var: Vec<u8> = name.get(start..).unwrap_or_default().to_vec();
    // Spaces and dots become `_` up to the first `[`.
    let mut bracket = None;
    for (i, byte) in var.iter_mut().enumerate() {
        match *byte {
            b' ' | b'.' => *byte = b'_',
            b'[' => {
                bracket = Some(i);
                break;
            }
            _ => {}
        }
    }
    let base_len = bracket.unwrap_or(var.len());
    if base_len == 0 {
        return;
    }
    let Some(first_bracket) = bracket else {
        target.set(Key::from_bytes(&var), Value::Str(value));
        return;
    };

    // Collect the `[index]` parts. An unterminated `[` turns the rest into a plain name.
    let mut indexes: Vec<Option<Vec<u8>>> = Vec::new();
    let mut pos = first_bracket;
    loop {
        // `pos` is at a '['.
        let open = pos.saturating_add(1);
        let rest = var.get(open..).unwrap_or_default();
        match rest.iter().position(|&b| b == b']') {
            None => {
                if indexes.is_empty() {
                    // "a[b" registers "a_b", with ' ', '.', '[' after it made '_'.
                    let mut plain = var.clone();
                    for (i, byte) in plain.iter_mut().enumerate() {
                        if i == first_bracket
                            || (i > first_bracket && matches!(*byte, b' ' | b'.' | b'['))
                        {
                            *byte = b'_';
                        }
                    }
                    target.set(Key::from_bytes(&plain), Value::Str(value));
                    return;
                }
                break;
            }
            Some(len) => {
                let index = rest.get(..len).unwrap_or_default();
                let index = match index.iter().position(|&b| b == 0) {
                    Some(end) => index.get(..end).unwrap_or_default(),
                    None => index,
                };
                indexes.push(if len == 0 { None } else { Some(index.to_vec()) });
                if indexes.len() > MAX_NESTING {
                    return;
                }
                let after = open.saturating_add(len).saturating_add(1);
                if var.get(after) == Some(&b'[') {
                    pos = after;
                } else {
                    break;
                }
            }
        }
    }

    let base = var.get(..first_bracket).unwrap_or_default();
    let Some(mut array) = target.descend(Some(Key::from_bytes(base))) else {
        return;
    };
    let last = indexes.pop();
    for index in indexes {
        let Some(next) = array.descend(index.map(|i| Key::from_bytes(&i))) else {
            return;
        };
        array = next;
    }
    match last.flatten() {
        Some(index) => array.set(Key::from_bytes(&index), Value::Str(value)),
        None => array.push(Value::Str(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::Str(text.as_bytes().to_vec())
    }

    fn show(array: &PhpArray) -> String {
        let mut out = String::from("[");
        for (i, (key, value)) in array.entries().iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match key {
                Key::Int(n) => out.push_str(&n.to_string()),
                Key::Str(b) => out.push_str(&format!("{:?}", String::from_utf8_lossy(b))),
            }
            out.push_str(" => ");
            match value {
                Value::Str(b) => out.push_str(&format!("{:?}", String::from_utf8_lossy(b))),
                Value::Arr(a) => out.push_str(&show(a)),
            }
        }
        out.push(']');
        out
    }

    #[test]
    fn parses_like_php() {
        let cases: &[(&str, &str)] = &[
            ("a=1&b=2", r#"["a" => "1", "b" => "2"]"#),
            ("a=1&a=2", r#"["a" => "2"]"#),
            ("x.y=1&p%20q=2", r#"["x_y" => "1", "p_q" => "2"]"#),
            ("a[]=1&a[]=2", r#"["a" => [0 => "1", 1 => "2"]]"#),
            (
                "a[b][c]=1&a[b][d]=2",
                r#"["a" => ["b" => ["c" => "1", "d" => "2"]]]"#,
            ),
            ("a[b=1", r#"["a_b" => "1"]"#),
            ("a[b.c d=1", r#"["a_b_c_d" => "1"]"#),
            ("a[b]x=1", r#"["a" => ["b" => "1"]]"#),
            ("a[x.y]=1", r#"["a" => ["x.y" => "1"]]"#),
            ("7=x&b", r#"[7 => "x", "b" => ""]"#),
            ("=x&&[a]=1", "[]"),
            ("  lead=1", r#"["lead" => "1"]"#),
            ("s=red+shoe&p=10%25", r#"["s" => "red shoe", "p" => "10%"]"#),
            ("a=1&a[]=2", r#"["a" => [0 => "2"]]"#),
            ("n%00ul=1", r#"["n" => "1"]"#),
            (
                "007=a&-3=b&-0=c",
                r#"["007" => "a", -3 => "b", "-0" => "c"]"#,
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(show(&parse_str(input.as_bytes())), *expected, "{input}");
        }
    }

    #[test]
    fn array_merge_renumbers_integer_keys() {
        let get = parse_str(b"7=x&b=1");
        let post = parse_str(b"3=y&b=2");
        assert_eq!(
            show(&get.array_merge(&post)),
            r#"[0 => "x", "b" => "2", 1 => "y"]"#
        );
    }

    #[test]
    fn overlay_keeps_keys() {
        let get = parse_str(b"a=1&n[x]=1");
        let post = parse_str(b"a=2&n[y]=2");
        assert_eq!(
            show(&get.overlay(&post)),
            r#"["a" => "2", "n" => ["x" => "1", "y" => "2"]]"#
        );
        assert_eq!(get.get_str("a"), Some(&s("1")));
    }

    #[test]
    fn empty_follows_php() {
        assert!(s("").is_empty());
        assert!(s("0").is_empty());
        assert!(!s("00").is_empty());
        assert!(Value::Arr(PhpArray::new()).is_empty());
    }

    #[test]
    fn nesting_limit_drops_the_variable() {
        let deep = format!("a{}=1", "[x]".repeat(65));
        assert!(parse_str(deep.as_bytes()).is_empty());
        let ok = format!("a{}=1", "[x]".repeat(64));
        assert!(!parse_str(ok.as_bytes()).is_empty());
    }
}
