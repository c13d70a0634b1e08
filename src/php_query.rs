//! Query strings and form bodies read the way PHP fills `$_GET` and `$_POST`.
//!
//! WooCommerce signs what PHP parsed, not what was sent (`get_oauth_parameters()` in
//! `class-wc-rest-authentication.php` starts from `array_merge( $_GET, $_POST )`). PHP's parser
//! lives in `main/php_variables.c` (`php_default_treat_data`, `php_register_variable_ex`):
//!
//! - pairs are split on `&`, then at the first `=`; names and values are `urldecode`d (`+` is a
//!   space); a pair without `=` has the empty value;
//! - leading spaces of a name are dropped, a name is cut at a NUL byte, and `.` and ` ` in the
//!   top-level part of the name become `_`; an empty name is ignored;
//! - `a[b][c]=1` nests, `a[]=1` appends with the next integer index, text after a closing `]` that
//!   is not `[` is ignored, and an unclosed `[` is read as `_` (with ` `, `.` and `[` after it);
//! - a repeated name keeps its first position and its last value; a scalar replaces an array and
//!   an array replaces a scalar;
//! - names that are canonical decimal integers become integer keys;
//! - at most 1000 pairs (`max_input_vars`) and 64 levels (`max_input_nesting_level`): a deeper
//!   name drops the whole top-level variable.

use crate::encode::percent_decode;

/// PHP's `max_input_vars` default.
pub(crate) const MAX_INPUT_VARS: usize = 1000;
/// PHP's `max_input_nesting_level` default.
pub(crate) const MAX_NESTING_LEVEL: usize = 64;

/// A PHP array key: integer-like strings become integers, as in any PHP array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// An integer key (`a[3]`, or a canonical decimal name such as `7`).
    Int(i64),
    /// Any other key, as bytes.
    Str(Vec<u8>),
}

impl Key {
    /// Reads `bytes` as PHP reads an array key (`ZEND_HANDLE_NUMERIC_STR`): `0`, `7`, `-3` are
    /// integers; `07`, `-0`, `+1`, ` 1` and values outside 64 bits stay strings.
    pub fn from_bytes(bytes: &[u8]) -> Key {
        parse_integer_key(bytes).map_or_else(|| Key::Str(bytes.to_vec()), Key::Int)
    }

    /// [`Key::from_bytes`], keeping `bytes` (no copy) when the key is a string.
    pub(crate) fn from_vec(bytes: Vec<u8>) -> Key {
        parse_integer_key(&bytes).map_or(Key::Str(bytes), Key::Int)
    }

    /// The key as PHP turns it into a string (for sorting and encoding).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.as_bytes().into_owned()
    }

    /// [`Key::to_bytes`], borrowed when the key is a string.
    pub fn as_bytes(&self) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Key::Int(n) => std::borrow::Cow::Owned(n.to_string().into_bytes()),
            Key::Str(s) => std::borrow::Cow::Borrowed(s),
        }
    }
}

/// The integer a key reads as, if it is one (see [`Key::from_bytes`]).
fn parse_integer_key(bytes: &[u8]) -> Option<i64> {
    let (negative, digits) = match bytes.strip_prefix(b"-") {
        Some(digits) => (true, digits),
        None => (false, bytes),
    };
    let canonical = match digits {
        [b'0'] => !negative,
        [first, ..] => *first != b'0' && digits.iter().all(u8::is_ascii_digit),
        [] => false,
    };
    if !canonical {
        return None;
    }
    // Summed as a negative number, so that i64::MIN reads too; None past 64 bits.
    let below_zero = digits.iter().try_fold(0i64, |n, digit| {
        n.checked_mul(10)?
            .checked_sub(i64::from(digit.wrapping_sub(b'0')))
    })?;
    if negative {
        Some(below_zero)
    } else {
        below_zero.checked_neg()
    }
}

/// A PHP value as the request parser makes them: a string or a nested array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A scalar, as bytes.
    Str(Vec<u8>),
    /// A nested array (`a[b]=1`, `a[]=1`).
    Array(PhpArray),
}

/// An ordered PHP array: insertion order kept, a key updated in place keeps its position.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PhpArray {
    entries: Vec<(Key, Value)>,
    /// PHP's `nNextFreeElement`: one past the largest integer key so far (`None` before any;
    /// PHP 8.2 lets it go negative: `a[-5]=1&a[]=2` gives keys -5 and -4).
    next_index: Option<i64>,
    /// Whether an append has hit `i64::MAX` (PHP then refuses further appends).
    full: bool,
}

impl PhpArray {
    /// An empty array.
    pub fn new() -> Self {
        Self::default()
    }

    /// The entries in order.
    pub fn entries(&self) -> &[(Key, Value)] {
        &self.entries
    }

    /// Consumes the array, giving its entries in order.
    pub fn into_entries(self) -> Vec<(Key, Value)> {
        self.entries
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value under `key`, if any.
    pub fn get(&self, key: &Key) -> Option<&Value> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    fn position(&self, key: &Key) -> Option<usize> {
        self.entries.iter().position(|(k, _)| k == key)
    }

    fn note_int_key(&mut self, key: &Key) {
        if let Key::Int(n) = key {
            if self.next_index.is_none_or(|next| *n >= next) {
                match n.checked_add(1) {
                    Some(next) => self.next_index = Some(next),
                    None => self.full = true,
                }
            }
        }
    }

    /// Sets `key` to `value`: in place when the key exists, at the end otherwise
    /// (`zend_symtable_update`).
    pub fn set(&mut self, key: Key, value: Value) {
        match self.position(&key) {
            Some(i) => {
                if let Some(slot) = self.entries.get_mut(i) {
                    slot.1 = value;
                }
            }
            None => {
                self.note_int_key(&key);
                self.entries.push((key, value));
            }
        }
    }

    /// Appends `value` under the next integer key (`$a[] = …`). Returns the key used, or `None`
    /// when PHP would refuse (the next index is past `i64::MAX`).
    pub fn push(&mut self, value: Value) -> Option<Key> {
        if self.full {
            return None;
        }
        let key = Key::Int(self.next_index.unwrap_or(0));
        self.note_int_key(&key);
        self.entries.push((key.clone(), value));
        Some(key)
    }

    /// The nested array under `key`, made (or made to replace a scalar) when needed.
    fn child_array(&mut self, key: Option<Key>) -> Option<&mut PhpArray> {
        let index = match key {
            None => {
                self.push(Value::Array(PhpArray::new()))?;
                self.entries.len().checked_sub(1)?
            }
            Some(key) => match self.position(&key) {
                Some(i) => {
                    let slot = self.entries.get_mut(i)?;
                    if !matches!(slot.1, Value::Array(_)) {
                        slot.1 = Value::Array(PhpArray::new());
                    }
                    i
                }
                None => {
                    self.set(key, Value::Array(PhpArray::new()));
                    self.entries.len().checked_sub(1)?
                }
            },
        };
        match self.entries.get_mut(index) {
            Some((_, Value::Array(child))) => Some(child),
            _ => None,
        }
    }

    fn remove(&mut self, key: &Key) {
        self.entries.retain(|(k, _)| k != key);
    }

    /// PHP's `array_merge( $this, $other )`: string keys of `other` overwrite in place, integer
    /// keys of both are renumbered from 0 in order.
    pub fn array_merge(mut self, other: PhpArray) -> PhpArray {
        // `self` renumbered where it stands is what inserting its entries one by one into a new
        // array would give: its string keys are unique already and keep their places, and its
        // integer keys become 0, 1, … in order. Then `other` goes in as PHP adds it.
        let mut count: i64 = 0;
        for (key, _) in &mut self.entries {
            if let Key::Int(n) = key {
                *n = count;
                count = count.saturating_add(1);
            }
        }
        self.next_index = (count > 0).then_some(count);
        self.full = false;
        self.entries.reserve(other.entries.len());
        for (key, value) in other.entries {
            match key {
                Key::Int(_) => {
                    self.push(value);
                }
                Key::Str(_) => self.set(key, value),
            }
        }
        self
    }
}

/// Parses a query string (without `?`) or an `application/x-www-form-urlencoded` body into
/// `target`, as PHP fills `$_GET` or `$_POST`.
pub fn parse_into(target: &mut PhpArray, input: &[u8]) {
    let pairs = input.split(|&b| b == b'&').filter(|p| !p.is_empty());
    for pair in pairs.take(MAX_INPUT_VARS) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(eq) => (
                pair.get(..eq).unwrap_or_default(),
                pair.get(eq.saturating_add(1)..),
            ),
            None => (pair, None),
        };
        let name = percent_decode(name, true);
        let value = value.map(|v| percent_decode(v, true)).unwrap_or_default();
        register(target, name, value);
    }
}

/// Parses a query string or form body into a new array.
pub fn parse(input: &[u8]) -> PhpArray {
    let mut out = PhpArray::new();
    parse_into(&mut out, input);
    out
}

/// `php_register_variable_ex`: stores one decoded `name=value` pair.
fn register(target: &mut PhpArray, mut name: Vec<u8>, value: Vec<u8>) {
    // The name is a C string: cut at NUL; leading spaces skipped.
    if let Some(nul) = name.iter().position(|&b| b == 0) {
        name.truncate(nul);
    }
    let start = name.iter().position(|&b| b != b' ').unwrap_or(name.len());
    name.drain(..start);

    // Top-level part: up to the first '[', with ' ' and '.' made '_'. The decoded name is reused
    // for it (a plain name, the common case, is the key as it stands).
    let bracketed = match name.iter().position(|&b| b == b'[') {
        Some(at) => name.split_off(at),
        None => Vec::new(),
    };
    let mut top = name;
    for byte in &mut top {
        if *byte == b' ' || *byte == b'.' {
            *byte = b'_';
        }
    }
    if top.is_empty() {
        return;
    }
    if bracketed.is_empty() {
        target.set(Key::from_vec(top), Value::Str(value));
        return;
    }

    // Indexes: each "[...]" in turn; stop at text that does not open another one.
    let mut indexes: Vec<Option<Vec<u8>>> = Vec::new();
    let mut levels = 0usize;
    let mut rest = bracketed.as_slice();
    while let Some(after_open) = rest.strip_prefix(b"[") {
        levels = levels.saturating_add(1);
        if levels > MAX_NESTING_LEVEL {
            break;
        }
        match after_open.iter().position(|&b| b == b']') {
            Some(close) => {
                let index = after_open.get(..close).unwrap_or_default();
                // `[]` appends; so does `[ ]`: PHP skips one white-space byte before looking
                // for `]` (but keeps it in a longer index: `[ x]` is the key " x").
                let append = match index {
                    [] => true,
                    [only] => only.is_ascii_whitespace() || *only == 0x0b,
                    _ => false,
                };
                indexes.push(if append { None } else { Some(index.to_vec()) });
                rest = after_open
                    .get(close.saturating_add(1)..)
                    .unwrap_or_default();
            }
            None => {
                // An unclosed '[': not an index. At the first level the name goes on as
                // "top_rest"; deeper, the dangling text is dropped.
                if indexes.is_empty() {
                    top.push(b'_');
                    top.extend(after_open.iter().map(|&b| match b {
                        b' ' | b'.' | b'[' => b'_',
                        other => other,
                    }));
                }
                break;
            }
        }
    }
    if levels > MAX_NESTING_LEVEL {
        target.remove(&Key::from_vec(top));
        return;
    }
    let top_key = Key::from_vec(top);
    let Some((last, parents)) = indexes.split_last() else {
        target.set(top_key, Value::Str(value));
        return;
    };
    let Some(mut node) = target.child_array(Some(top_key)) else {
        return;
    };
    for index in parents {
        match node.child_array(index.as_deref().map(Key::from_bytes)) {
            Some(child) => node = child,
            None => return,
        }
    }
    match last {
        Some(index) => node.set(Key::from_bytes(index), Value::Str(value)),
        None => {
            node.push(Value::Str(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Str(v.as_bytes().to_vec())
    }
    fn k(v: &str) -> Key {
        Key::from_bytes(v.as_bytes())
    }

    #[test]
    fn integer_keys_are_canonical_decimals_only() {
        assert_eq!(k("0"), Key::Int(0));
        assert_eq!(k("7"), Key::Int(7));
        assert_eq!(k("-3"), Key::Int(-3));
        assert_eq!(k("9223372036854775807"), Key::Int(i64::MAX));
        assert_eq!(k("-9223372036854775808"), Key::Int(i64::MIN));
        assert_eq!(k("-120"), Key::Int(-120));
        for text in [
            "07",
            "-0",
            "+1",
            " 1",
            "1 ",
            "",
            "-",
            "--1",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999",
            "1e3",
        ] {
            assert_eq!(k(text), Key::Str(text.as_bytes().to_vec()), "{text:?}");
        }
    }

    #[test]
    fn repeated_name_keeps_first_position_and_last_value() {
        let parsed = parse(b"tag=a&x=1&tag=c");
        assert_eq!(parsed.entries(), &[(k("tag"), s("c")), (k("x"), s("1"))]);
    }

    #[test]
    fn names_are_mangled_as_php_does() {
        let parsed = parse(b"x.y=1&p%20q=2&%20%20lead=3&a[b=4&c[d]e=5&=6&nul%00cut=7");
        let keys: Vec<Vec<u8>> = parsed.entries().iter().map(|(k, _)| k.to_bytes()).collect();
        assert_eq!(
            keys,
            vec![
                b"x_y".to_vec(),
                b"p_q".to_vec(),
                b"lead".to_vec(),
                b"a_b".to_vec(),
                b"c".to_vec(),
                b"nul".to_vec()
            ]
        );
    }

    #[test]
    fn brackets_nest_and_append() {
        let parsed = parse(b"a[]=1&a[]=2&a[5]=x&a[]=y&m[c][v]=red");
        let mut a = PhpArray::new();
        a.push(s("1"));
        a.push(s("2"));
        a.set(Key::Int(5), s("x"));
        a.push(s("y"));
        assert_eq!(parsed.get(&k("a")), Some(&Value::Array(a)));
        let Some(Value::Array(m)) = parsed.get(&k("m")) else {
            panic!("m is an array")
        };
        let Some(Value::Array(c)) = m.get(&k("c")) else {
            panic!("c is an array")
        };
        assert_eq!(c.entries(), &[(k("v"), s("red"))]);
    }

    #[test]
    fn array_merge_renumbers_integer_keys() {
        let get = parse(b"7=x&b=2");
        let post = parse(b"b=3&9=y");
        let merged = get.array_merge(post);
        assert_eq!(
            merged.entries(),
            &[
                (Key::Int(0), s("x")),
                (k("b"), s("3")),
                (Key::Int(1), s("y"))
            ]
        );
    }

    #[test]
    fn too_deep_drops_the_variable() {
        let deep = format!("a=1&a{}=2", "[x]".repeat(MAX_NESTING_LEVEL + 1));
        assert!(parse(deep.as_bytes()).is_empty());
        let ok = format!("a{}=2", "[x]".repeat(MAX_NESTING_LEVEL));
        assert!(!parse(ok.as_bytes()).is_empty());
    }

    #[test]
    fn only_max_input_vars_pairs_are_read() {
        let many: Vec<String> = (0..1200).map(|i| format!("v{i}=1")).collect();
        assert_eq!(
            parse(many.join("&").as_bytes()).entries().len(),
            MAX_INPUT_VARS
        );
    }
}
