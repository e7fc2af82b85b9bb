//! Representative values for generated tests, and their expected wire forms.
//!
//! The wire forms are computed here, independently of the runtime's encoders, so a generated
//! test compares two implementations: this one and what actually arrives on the socket.

use std::fmt::Write as _;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use crate::pipeline::model::{Bounds, Field, Model, Number, Shape, Ty, TypeKind};
use crate::pipeline::names;
use crate::pipeline::patterns::pattern_matches;

/// A value of some shape.
#[derive(Clone, Debug)]
pub enum Sample {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Enum {
        type_name: String,
        variant: String,
        value: String,
    },
    IntEnum {
        type_name: String,
        variant: String,
        code: i32,
    },
    Array(Vec<Sample>),
    /// A map's entries.
    Map(Vec<(String, Sample)>),
    /// An untyped value: a JSON string.
    Any(String),
    Object {
        type_name: String,
        fields: Vec<(Field, Sample)>,
    },
}

/// Strings tried, in order, for a string field: the first that satisfies its bounds wins.
const CANDIDATES: &[&str] = &[
    "example",
    "0d146099-8cf4-437d-b6ef-88e043771c8b",
    "a",
    "1",
    "example-bucket",
    "https://example.com/a.txt",
    "1700000000000",
    "cn-north-4",
    "192.168.0.1",
    "e",
    "00:00",
    "cdn.example.com",
    "example.com",
    "a.txt",
    "ak-example",
    "v2",
    "REQUEST",
];

pub fn string_fits(b: &Bounds, s: &str) -> bool {
    let n = s.chars().count() as u64;
    b.min_length.is_none_or(|m| n >= m)
        && b.max_length.is_none_or(|m| n <= m)
        && b.pattern.as_deref().is_none_or(|p| pattern_matches(p, s))
}

fn example_string(b: &Bounds) -> Option<String> {
    CANDIDATES
        .iter()
        .find(|c| string_fits(b, c))
        .map(|s| s.to_string())
        .or_else(|| {
            // A run of one character, as long as the lower bound asks.
            let len = b.min_length.unwrap_or(1).max(1);
            if len > MAX_SAMPLE_LEN {
                return None;
            }
            let len = len as usize;
            ['a', '0', 'A']
                .iter()
                .map(|c| c.to_string().repeat(len))
                .find(|s| string_fits(b, s))
        })
}

pub fn example_int(b: &Bounds) -> i64 {
    let min = match b.minimum {
        Some(Number::Int(v)) => Some(v),
        _ => None,
    };
    let max = match b.maximum {
        Some(Number::Int(v)) => Some(v),
        _ => None,
    };
    match (min, max) {
        (Some(lo), _) if lo > 1 => lo,
        (_, Some(hi)) if hi < 1 => hi,
        _ => 1,
    }
}

/// At most this many values make one sample: a spec whose required fields nest and branch
/// deeply gets no sample rather than an exponentially large one.
const SAMPLE_BUDGET: usize = 2000;
/// Longest string and array a sample holds.
const MAX_SAMPLE_LEN: u64 = 4096;
const MAX_SAMPLE_ITEMS: u64 = 64;

/// A value for the shape; `None` when no value satisfying its bounds could be made.
pub fn sample(model: &Model, shape: &Shape, depth: usize) -> Option<Sample> {
    let mut budget = SAMPLE_BUDGET;
    sample_with(model, shape, depth, Mode::Strict, &mut budget)
}

/// A value for the shape that may break string bounds (for sending with validation off).
pub fn sample_lenient(model: &Model, shape: &Shape) -> Option<Sample> {
    let mut budget = SAMPLE_BUDGET;
    sample_with(model, shape, 0, Mode::Lenient, &mut budget)
}

/// A value for a response: bounds aside, and any field left out that has no value (response
/// types decode every field as optional).
pub fn sample_response(model: &Model, shape: &Shape) -> Option<Sample> {
    let mut budget = SAMPLE_BUDGET;
    sample_with(model, shape, 0, Mode::Response, &mut budget)
}

/// How strictly a sample keeps to the spec.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Within every bound, with every required field.
    Strict,
    /// Strings may break their bounds.
    Lenient,
    /// Strings may break their bounds, and a field without a value is left out.
    Response,
}

fn sample_with(
    model: &Model,
    shape: &Shape,
    depth: usize,
    mode: Mode,
    budget: &mut usize,
) -> Option<Sample> {
    let strict = mode == Mode::Strict;
    if depth > 8 || *budget == 0 {
        return None;
    }
    *budget -= 1;
    Some(match &shape.ty {
        Ty::String => match example_string(&shape.bounds) {
            Some(s) => Sample::Str(s),
            None if !strict => Sample::Str("example".into()),
            None => return None,
        },
        Ty::Int32 | Ty::Int64 => Sample::Int(example_int(&shape.bounds)),
        Ty::Float | Ty::Double => {
            let f = |n: Option<Number>| n.map(Number::as_f64);
            let v = match (f(shape.bounds.minimum), f(shape.bounds.maximum)) {
                (Some(lo), Some(hi)) => (lo + hi) / 2.0,
                (Some(lo), None) => lo.max(1.5),
                (None, Some(hi)) => hi.min(1.5),
                (None, None) => 1.5,
            };
            Sample::Float(v)
        }
        Ty::Bool => Sample::Bool(true),
        Ty::Enum(name) => match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::Enum(values)) => {
                let v = values.first()?;
                Sample::Enum {
                    type_name: name.clone(),
                    variant: v.variant.clone(),
                    value: v.value.clone(),
                }
            }
            Some(TypeKind::IntEnum(values)) => {
                let v = values.first()?;
                Sample::IntEnum {
                    type_name: name.clone(),
                    variant: v.variant.clone(),
                    code: v.value,
                }
            }
            _ => return None,
        },
        Ty::Array(inner) => {
            let b = &shape.bounds;
            let mut n = b.min_items.unwrap_or(1).max(1);
            if let Some(max) = b.max_items {
                n = n.min(max);
            }
            if n > MAX_SAMPLE_ITEMS {
                if strict {
                    return None;
                }
                n = 1;
            }
            let item = sample_with(model, inner, depth + 1, mode, budget)?;
            Sample::Array(vec![item; n as usize])
        }
        Ty::Map(inner) => {
            let value = sample_with(model, inner, depth + 1, mode, budget)?;
            Sample::Map(vec![("key".to_string(), value)])
        }
        Ty::Any => Sample::Any("example".into()),
        Ty::Object(name) => {
            let Some(TypeKind::Object(fields)) = model.type_named(name).map(|t| &t.kind) else {
                return None;
            };
            let mut out = Vec::new();
            for f in fields {
                match sample_with(model, &f.shape, depth + 1, mode, budget) {
                    Some(s) => out.push((f.clone(), s)),
                    None if f.required && mode != Mode::Response => return None,
                    None => {}
                }
            }
            Sample::Object {
                type_name: name.clone(),
                fields: out,
            }
        }
    })
}

/// A Rust expression building the value, for a setter of the field's type (`top`) or for a
/// nested position (a value of exactly the Rust type); `sensitive` strings are secrets there.
pub fn rust_expr(s: &Sample, top: bool, sensitive: bool) -> TokenStream {
    match s {
        Sample::Str(v) => match (top, sensitive) {
            (true, _) => quote!(#v),
            (false, true) => quote!(api::SensitiveString::from(#v)),
            (false, false) => quote!(#v.to_string()),
        },
        Sample::Any(v) => {
            if top {
                quote!(#v)
            } else {
                quote!(serde_json::Value::from(#v))
            }
        }
        Sample::Int(v) => {
            let l = Literal::i64_unsuffixed(*v);
            quote!(#l)
        }
        Sample::Float(v) => {
            let l = Literal::f64_unsuffixed(*v);
            quote!(#l)
        }
        Sample::Bool(v) => quote!(#v),
        Sample::Enum {
            type_name, variant, ..
        }
        | Sample::IntEnum {
            type_name, variant, ..
        } => {
            let t = format_ident!("{}", type_name);
            let v = format_ident!("{}", variant);
            quote!(api::types::#t::#v)
        }
        Sample::Array(items) => {
            let items = items.iter().map(|i| rust_expr(i, false, sensitive));
            if top {
                quote!([#(#items),*])
            } else {
                quote!(vec![#(#items),*])
            }
        }
        Sample::Map(entries) if top => {
            // The setter converts keys, and values too when they are strings or untyped.
            let entries = entries.iter().map(|(k, v)| {
                let converts = matches!(v, Sample::Str(_) | Sample::Any(_));
                let v = rust_expr(v, converts, sensitive);
                quote!((#k, #v))
            });
            quote!([#(#entries),*])
        }
        Sample::Map(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = rust_expr(v, false, sensitive);
                quote!((#k.to_string(), #v))
            });
            quote!(::std::collections::BTreeMap::from([#(#entries),*]))
        }
        Sample::Object { type_name, fields } => {
            let t = format_ident!("{}", type_name);
            let setters = fields.iter().map(|(f, v)| {
                let ident = format_ident!("{}", f.rust_name);
                let v = rust_expr(v, true, f.sensitive);
                quote!(.#ident(#v))
            });
            let builder = format_ident!("{}", names::BUILDER);
            let build = format_ident!("{}", names::BUILD);
            quote!(api::types::#t::#builder() #(#setters)* .#build().unwrap())
        }
    }
}

/// The JSON the official Python SDK writes for the value (`", "`/`": "`, ASCII only).
pub fn python_json(s: &Sample) -> String {
    let mut out = String::new();
    write_json(s, &mut out);
    out
}

fn write_json(s: &Sample, out: &mut String) {
    match s {
        Sample::Str(v) | Sample::Any(v) => write_json_string(v, out),
        Sample::Enum { value, .. } => write_json_string(value, out),
        Sample::Int(v) => {
            let _ = write!(out, "{v}");
        }
        Sample::IntEnum { code, .. } => {
            let _ = write!(out, "{code}");
        }
        Sample::Float(v) => out.push_str(&python_float(*v)),
        Sample::Bool(v) => out.push_str(if *v { "true" } else { "false" }),
        Sample::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Sample::Object { fields, .. } => {
            let entries = fields.iter().map(|(f, v)| (f.wire_name.as_str(), v));
            write_json_object(entries, out);
        }
        Sample::Map(entries) => {
            write_json_object(entries.iter().map(|(k, v)| (k.as_str(), v)), out)
        }
    }
}

fn write_json_object<'s>(entries: impl Iterator<Item = (&'s str, &'s Sample)>, out: &mut String) {
    out.push('{');
    for (i, (key, v)) in entries.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_json_string(key, out);
        out.push_str(": ");
        write_json(v, out);
    }
    out.push('}');
}

fn write_json_string(v: &str, out: &mut String) {
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// Python's `repr(float)` for the simple values samples use.
pub fn python_float(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e16 {
        format!("{v:.1}")
    } else {
        format!("{v}")
    }
}

/// The value as it stands in a query string or path, before percent-encoding.
pub fn param_text(s: &Sample) -> String {
    match s {
        Sample::Str(v) | Sample::Any(v) => v.clone(),
        Sample::Enum { value, .. } => value.clone(),
        Sample::Int(v) => v.to_string(),
        Sample::IntEnum { code, .. } => code.to_string(),
        Sample::Float(v) => python_float(*v),
        Sample::Bool(v) => v.to_string(),
        Sample::Array(_) | Sample::Map(_) | Sample::Object { .. } => String::new(),
    }
}

/// Percent-encoding with only `A-Z a-z 0-9 - _ . ~` left as they are.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
