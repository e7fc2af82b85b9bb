//! Request encoding as the official SDKs do it: percent-encoded path parameters, a sorted
//! query string, and JSON bodies in Python's `json.dumps` layout.

use std::borrow::Cow;
use std::io;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but `A-Z a-z 0-9 - _ . ~` is encoded, in paths and queries alike; `/` becomes
/// `%2F`, so a path parameter can never add a path segment.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A string enum generated from the spec.
pub trait StringEnum {
    /// The value as sent on the wire.
    fn as_str(&self) -> &str;
    /// Whether the value is not one the spec lists.
    fn is_unknown(&self) -> bool;
}

/// A value that can stand in a path segment, query string or header.
pub trait ParamValue {
    /// The text of the value, before percent-encoding.
    fn to_param(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for bool {
    /// `true`/`false`, as the official SDK writes booleans.
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! int_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
int_param!(i32, i64);

macro_rules! float_param {
    ($($t:ty),*) => {$(
        impl ParamValue for $t {
            /// Python's `str(float)`: whole numbers keep a `.0`.
            fn to_param(&self) -> Cow<'_, str> {
                if self.is_finite() && self.fract() == 0.0 && self.abs() < 1e16 {
                    Cow::Owned(format!("{self:.1}"))
                } else {
                    Cow::Owned(self.to_string())
                }
            }
        }
    )*};
}
float_param!(f32, f64);

impl<T: StringEnum> ParamValue for T {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

/// Appends one percent-encoded path parameter.
pub fn push_path_param<V: ParamValue + ?Sized>(path: &mut String, value: &V) {
    path.extend(utf8_percent_encode(&value.to_param(), UNRESERVED));
}

/// Query parameters, raw. [`Query::encoded`] gives the sorted, encoded form that is both sent
/// and signed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    /// Adds one `key=value` pair.
    pub fn push<V: ParamValue + ?Sized>(&mut self, key: &'static str, value: &V) {
        self.pairs.push((key, value.to_param().into_owned()));
    }

    /// A list parameter: the key repeats once per value.
    pub fn push_all<V: ParamValue>(&mut self, key: &'static str, values: &[V]) {
        for v in values {
            self.push(key, v);
        }
    }

    /// Whether no parameter was added.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `k=v&k=v`, sorted by raw key then raw value, each side encoded with [`UNRESERVED`].
    pub fn encoded(&self) -> String {
        let mut pairs: Vec<&(&str, String)> = self.pairs.iter().collect();
        pairs.sort();
        let mut out = String::new();
        for (i, (k, v)) in pairs.into_iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.extend(utf8_percent_encode(k, UNRESERVED));
            out.push('=');
            out.extend(utf8_percent_encode(v, UNRESERVED));
        }
        out
    }
}

/// Serializes a body the way the official Python SDK does (`", "` and `": "` separators,
/// non-ASCII as `\uXXXX`), so the bytes, and hence the signed hash, match it.
pub fn json_body<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, crate::Error> {
    let mut out = Vec::with_capacity(128);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PythonJson);
    value
        .serialize(&mut ser)
        .map_err(|e| crate::Error::Config(format!("cannot encode the request body: {e}")))?;
    Ok(out)
}

struct PythonJson;

impl serde_json::ser::Formatter for PythonJson {
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            w.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c.is_ascii() {
                continue;
            }
            w.write_all(&fragment.as_bytes()[start..i])?;
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(w, "\\u{unit:04x}")?;
            }
            start = i + c.len_utf8();
        }
        w.write_all(&fragment.as_bytes()[start..])
    }
}

/// Deserializes a string enum from any string, keeping values the spec does not list.
pub fn deserialize_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct Visitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    deserializer.deserialize_str(Visitor(std::marker::PhantomData))
}
