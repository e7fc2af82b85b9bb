//! Request decoding for servers that speak a generated API, such as the OMS emulator: the
//! inverse of [`RequestWriter`](crate::RequestWriter). Generated crates implement [`Decode`]
//! for every operation input behind their `server` feature; a server routes a request with
//! [`match_path`], reads it into the typed input with a [`RequestReader`], then validates it
//! with the same `Validate` the client uses.

use serde::de::DeserializeOwned;

use crate::operation::OperationMeta;
use crate::sensitive::SensitiveString;
use crate::validate::{Problem, ValidationError};

/// An operation input that can be read back from a request.
pub trait Decode: Sized {
    /// The input the request carries; fails naming the first parameter that is missing or
    /// does not parse.
    fn decode(request: &RequestReader<'_>) -> Result<Self, ValidationError>;
}

/// A request as a server received it, split for decoding.
#[derive(Debug)]
pub struct RequestReader<'a> {
    path_params: Vec<(&'a str, String)>,
    query: Vec<(String, String)>,
    headers: &'a [(String, String)],
    body: &'a [u8],
}

impl<'a> RequestReader<'a> {
    /// The parts of a request: path parameters from [`match_path`], the raw query string (no
    /// `?`), headers (any case) and the body.
    pub fn new(
        path_params: Vec<(&'a str, String)>,
        query: &str,
        headers: &'a [(String, String)],
        body: &'a [u8],
    ) -> RequestReader<'a> {
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_component(k), decode_component(v))
            })
            .collect();
        RequestReader {
            path_params,
            query,
            headers,
            body,
        }
    }

    /// The value of the path placeholder `{name}`.
    pub fn path_param<T: FromParam>(&self, name: &str) -> Result<T, ValidationError> {
        let value = self
            .path_params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| ValidationError::new(name, Problem::Missing))?;
        parse(name, value)
    }

    /// A query parameter: required (`T`), optional (`Option<T>`) or a list (`Vec<T>`,
    /// `Option<Vec<T>>`).
    pub fn query<T: FromValues>(&self, key: &str) -> Result<T, ValidationError> {
        let values: Vec<&str> = self
            .query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect();
        T::from_values(key, &values)
    }

    /// A header parameter, as [`RequestReader::query`] reads a query parameter.
    pub fn header<T: FromValues>(&self, name: &str) -> Result<T, ValidationError> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect();
        T::from_values(name, &values)
    }

    /// The JSON body, which the operation requires.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ValidationError> {
        self.json_opt()?
            .ok_or_else(|| ValidationError::new("body", Problem::Missing))
    }

    /// The JSON body, if the request has one.
    pub fn json_opt<T: DeserializeOwned>(&self) -> Result<Option<T>, ValidationError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(self.body).map(Some).map_err(|e| {
            ValidationError::new(
                "body",
                Problem::InvalidJson {
                    reason: e.to_string(),
                },
            )
        })
    }
}

fn parse<T: FromParam>(name: &str, value: &str) -> Result<T, ValidationError> {
    T::from_param(value).ok_or_else(|| {
        ValidationError::new(
            name,
            Problem::Unparsable {
                expected: T::EXPECTED,
            },
        )
    })
}

/// Percent-decoding of a query or path component (`+` is a space only in queries, which the
/// clients here never send).
pub fn decode_component(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The path parameters of `path` if it matches the operation's template, percent-decoded; the
/// project id placeholder is returned like any other.
pub fn match_path<'m>(meta: &'m OperationMeta, path: &str) -> Option<Vec<(&'m str, String)>> {
    let mut params = Vec::new();
    let mut template = meta.path.split('/');
    let mut actual = path.split('/');
    loop {
        match (template.next(), actual.next()) {
            (None, None) => return Some(params),
            (Some(t), Some(a)) => {
                if let Some(name) = t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    if a.is_empty() {
                        return None;
                    }
                    params.push((name, decode_component(a)));
                } else if t != a {
                    return None;
                }
            }
            _ => return None,
        }
    }
}

/// A value that a path parameter, query parameter or header can hold.
pub trait FromParam: Sized {
    /// What the text should have been, for the error: `an int32`, `a boolean`.
    const EXPECTED: &'static str;
    /// The value of the text, if it is one.
    fn from_param(text: &str) -> Option<Self>;
}

impl FromParam for String {
    const EXPECTED: &'static str = "a string";
    fn from_param(text: &str) -> Option<Self> {
        Some(text.to_string())
    }
}

impl FromParam for SensitiveString {
    const EXPECTED: &'static str = "a string";
    fn from_param(text: &str) -> Option<Self> {
        Some(SensitiveString::from(text))
    }
}

impl FromParam for bool {
    const EXPECTED: &'static str = "a boolean (`true` or `false`)";
    fn from_param(text: &str) -> Option<Self> {
        match text {
            "true" | "True" => Some(true),
            "false" | "False" => Some(false),
            _ => None,
        }
    }
}

macro_rules! from_param_number {
    ($($t:ty => $what:literal),*) => {$(
        impl FromParam for $t {
            const EXPECTED: &'static str = $what;
            fn from_param(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}
from_param_number!(i32 => "an int32", i64 => "an int64", f32 => "a number", f64 => "a number");

/// How a parameter's values (none, one or several) become the field's value.
pub trait FromValues: Sized {
    /// The field's value from the parameter's values.
    fn from_values(name: &str, values: &[&str]) -> Result<Self, ValidationError>;
}

impl<T: FromParam> FromValues for T {
    fn from_values(name: &str, values: &[&str]) -> Result<Self, ValidationError> {
        match values.first() {
            Some(v) => parse(name, v),
            None => Err(ValidationError::new(name, Problem::Missing)),
        }
    }
}

impl<T: FromParam> FromValues for Option<T> {
    fn from_values(name: &str, values: &[&str]) -> Result<Self, ValidationError> {
        values.first().map(|v| parse(name, v)).transpose()
    }
}

impl<T: FromParam> FromValues for Vec<T> {
    fn from_values(name: &str, values: &[&str]) -> Result<Self, ValidationError> {
        values.iter().map(|v| parse(name, v)).collect()
    }
}

impl<T: FromParam> FromValues for Option<Vec<T>> {
    fn from_values(name: &str, values: &[&str]) -> Result<Self, ValidationError> {
        if values.is_empty() {
            Ok(None)
        } else {
            Vec::from_values(name, values).map(Some)
        }
    }
}
