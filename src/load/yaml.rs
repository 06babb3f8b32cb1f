//! YAML under limits: every file goes through serde-saphyr with a budget (depth, events, nodes,
//! scalar bytes), duplicate keys refused and YAML 1.1 booleans off (so `tieu_de: yes` stays a
//! string). The result keeps the position of every top-level key and of every element of a
//! top-level list, so validation can point an editor at the exact line.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use serde_saphyr::options::DuplicateKeyPolicy;
use serde_saphyr::{Options, Spanned};
use std::fmt;

/// A top-level key of a mapping: its value, where the key is and where each list element is.
#[derive(Clone, Debug)]
pub struct Entry {
    pub key: String,
    /// 1-based line/column of the key in the parsed text.
    pub line: usize,
    pub column: usize,
    pub value: Value,
    /// Line/column of each element when the value is a list.
    pub elements: Vec<(usize, usize)>,
}

/// A whole YAML document.
#[derive(Clone, Debug)]
pub enum Doc {
    /// An empty document (`---\n---`).
    Empty,
    Map(Vec<Entry>),
    /// A top-level list, with each element's line/column.
    Seq(Vec<(Value, usize, usize)>),
    Scalar(Value),
}

/// A syntax (or limit) error, positioned in the parsed text (1-based).
#[derive(Clone, Debug)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    /// The parser's own wording (English), kept for the curious reader of the message.
    pub detail: String,
    /// A duplicate key, a limit, or plain syntax: decides the Vietnamese explanation.
    pub kind: YamlErrorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YamlErrorKind {
    Syntax,
    DuplicateKey,
    Limit,
}

/// Scalars are the same for every visitor here; only lists and maps differ.
macro_rules! forward_scalars {
    ($wrap:expr) => {
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok($wrap(Value::Bool(v)))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok($wrap(Value::Number(v.into())))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok($wrap(Value::Number(v.into())))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Ok($wrap(
                Number::from_f64(v)
                    .map(Value::Number)
                    .unwrap_or(Value::Null),
            ))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok($wrap(Value::String(v.to_string())))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok($wrap(Value::String(v)))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($wrap(Value::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($wrap(Value::Null))
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            Deserialize::deserialize(d)
        }
    };
}

fn options() -> Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: 32,
            max_nodes: 250_000,
            max_events: 500_000,
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_documents: 1,
            max_total_scalar_bytes: 16 << 20,
        },
        duplicate_keys: DuplicateKeyPolicy::Error,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
    }
}

/// Parses one YAML document.
pub fn parse(text: &str) -> Result<Doc, YamlError> {
    if text.trim().is_empty() {
        return Ok(Doc::Empty);
    }
    serde_saphyr::from_str_with_options::<Doc>(text, options()).map_err(to_yaml_error)
}

fn to_yaml_error(e: serde_saphyr::Error) -> YamlError {
    let (line, column) = e
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((1, 1));
    let detail = strip_position(&e.without_snippet().to_string());
    let lower = detail.to_lowercase();
    let kind = if lower.contains("duplicate") {
        YamlErrorKind::DuplicateKey
    } else if lower.contains("budget") || lower.contains("limit") || lower.contains("depth") {
        YamlErrorKind::Limit
    } else {
        YamlErrorKind::Syntax
    };
    YamlError {
        line: line.max(1),
        column: column.max(1),
        detail,
        kind,
    }
}

/// The parser appends "at line 1, column 13" counted inside the YAML, not the file; the
/// diagnostic carries the file position, so that tail would only mislead.
fn strip_position(detail: &str) -> String {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| regex::Regex::new(r"\s*at line \d+,? column \d+").expect("valid"));
    re.replace_all(detail.lines().next().unwrap_or(""), "")
        .trim()
        .to_string()
}

fn pos<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}

/// A value that remembers where each element of a list starts.
struct Node {
    value: Value,
    elements: Vec<(usize, usize)>,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut values = Vec::new();
        let mut elements = Vec::new();
        while let Some(el) = seq.next_element::<Spanned<Value>>()? {
            elements.push(pos(&el));
            values.push(el.value);
        }
        Ok(Node {
            value: Value::Array(values),
            elements,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Node, A::Error> {
        let value = ValueVisitor.visit_map(map)?;
        Ok(Node {
            value,
            elements: Vec::new(),
        })
    }

    forward_scalars!(plain_node);
}

fn plain_node(v: Value) -> Node {
    Node {
        value: v,
        elements: Vec::new(),
    }
}

/// Builds a plain JSON value (nested maps keep string keys).
struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut values = Vec::new();
        while let Some(el) = seq.next_element::<Value>()? {
            values.push(el);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some((k, v)) = map.next_entry::<KeyString, Value>()? {
            out.insert(k.0, v);
        }
        Ok(Value::Object(out))
    }

    forward_scalars!(std::convert::identity);
}

/// A mapping key written as a string, number or boolean (`2024: ...`), kept as text.
struct KeyString(String);

impl<'de> Deserialize<'de> for KeyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = d.deserialize_any(ValueVisitor)?;
        Ok(KeyString(match v {
            Value::String(s) => s,
            Value::Null => String::new(),
            other => other.to_string(),
        }))
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DocVisitor)
    }
}

struct DocVisitor;

impl<'de> Visitor<'de> for DocVisitor {
    type Value = Doc;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Doc, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<KeyString>>()? {
            let (line, column) = pos(&key);
            let node = map.next_value::<Node>()?;
            entries.push(Entry {
                key: key.value.0,
                line,
                column,
                value: node.value,
                elements: node.elements,
            });
        }
        Ok(Doc::Map(entries))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Doc, A::Error> {
        let mut out = Vec::new();
        while let Some(el) = seq.next_element::<Spanned<Value>>()? {
            let (l, c) = pos(&el);
            out.push((el.value, l, c));
        }
        Ok(Doc::Seq(out))
    }

    forward_scalars!(|v: Value| if v.is_null() {
        Doc::Empty
    } else {
        Doc::Scalar(v)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(text: &str) -> Vec<Entry> {
        match parse(text).unwrap() {
            Doc::Map(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keeps_key_and_element_positions() {
        let m = map("tieu_de: Luật\ntep:\n  - a.pdf\n  - {duong_dan: b.pdf}\nngay: 2022-06-24\n");
        assert_eq!(
            (m[0].key.as_str(), m[0].line, m[0].column),
            ("tieu_de", 1, 1)
        );
        assert_eq!(m[1].elements, vec![(3, 5), (4, 5)]);
        assert_eq!(m[2].value, Value::String("2022-06-24".into()));
    }

    #[test]
    fn yaml_11_booleans_and_leading_zeros_stay_text() {
        let m = map("a: yes\nb: 0251382200\nc: true\n");
        assert_eq!(m[0].value, Value::String("yes".into()));
        assert_eq!(m[1].value, Value::String("0251382200".into()));
        assert_eq!(m[2].value, Value::Bool(true));
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_position() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateKey, "{e:?}");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(e.line >= 2, "{e:?}");
        let e = parse("tieu_de: Luật: đất đai\n").unwrap_err();
        assert_eq!(e.line, 1, "{e:?}");
    }

    #[test]
    fn depth_is_limited() {
        let deep = "a: ".to_string() + &"[".repeat(40) + &"]".repeat(40);
        let e = parse(&deep).unwrap_err();
        assert_ne!(e.kind, YamlErrorKind::DuplicateKey, "{e:?}");
    }

    #[test]
    fn lists_and_empty_documents() {
        match parse("- ho_ten: A\n- ho_ten: B\n").unwrap() {
            Doc::Seq(v) => assert_eq!((v[1].1, v[1].2), (2, 3)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse("\n").unwrap(), Doc::Empty));
    }
}
