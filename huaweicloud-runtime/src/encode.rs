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

impl ParamValue for crate::SensitiveString {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.expose_secret())
    }
}

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

/// A parameter's value as a field holds it: one value, an optional one, or a list (a query
/// key repeats once per item).
pub trait ParamValues {
    /// Calls `f` with the text of each value, in order.
    fn for_each_param(&self, f: &mut dyn FnMut(Cow<'_, str>));
}

impl<T: ParamValue + ?Sized> ParamValues for T {
    fn for_each_param(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        f(self.to_param())
    }
}

impl<T: ParamValues> ParamValues for Option<T> {
    fn for_each_param(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        if let Some(v) = self {
            v.for_each_param(f);
        }
    }
}

impl<T: ParamValue> ParamValues for Vec<T> {
    fn for_each_param(&self, f: &mut dyn FnMut(Cow<'_, str>)) {
        for v in self {
            f(v.to_param());
        }
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

    /// Every value of a parameter (none when unset; the key repeats for a list).
    pub fn push_values<V: ParamValues + ?Sized>(&mut self, key: &'static str, values: &V) {
        values.for_each_param(&mut |v| self.pairs.push((key, v.into_owned())));
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
        .map_err(|e| crate::Error::Encode(e.to_string()))?;
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
