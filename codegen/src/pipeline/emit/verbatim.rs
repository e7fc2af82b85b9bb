//! Calls of the runtime's item macros, laid out as text (see [`crate::pipeline::format`]): a variant or
//! a doc line per line, as a person would write them.

use std::fmt::Write as _;

use proc_macro2::Literal;

use super::docs::{doc_lines, field_doc_paragraphs};
use crate::pipeline::model::{Field, Ty};
use crate::pipeline::names;

/// `///` lines at `indent`, from paragraphs of prose.
fn doc_comment(out: &mut String, indent: &str, paragraphs: &[String]) {
    for line in doc_lines(paragraphs) {
        let _ = writeln!(out, "{indent}///{line}");
    }
}

/// One variant of an enum macro: its docs, name and wire value (already a Rust literal).
pub struct Variant {
    pub docs: Vec<String>,
    pub ident: String,
    pub value: String,
}

impl Variant {
    pub fn string(docs: Vec<String>, ident: &str, value: &str) -> Variant {
        Variant {
            docs,
            ident: ident.to_string(),
            value: Literal::string(value).to_string(),
        }
    }
}

/// `rt::string_enum! { ... }` or `rt::int_enum! { ... }`.
pub fn enum_macro(
    macro_name: &str,
    docs: &[String],
    name: &str,
    variants: &[Variant],
    open: &str,
) -> String {
    let mut out = format!("rt::{macro_name}! {{\n");
    doc_comment(&mut out, "    ", docs);
    let _ = writeln!(out, "    pub enum {name} {{");
    for v in variants {
        doc_comment(&mut out, "        ", &v.docs);
        let _ = writeln!(out, "        {} = {},", v.ident, v.value);
    }
    let _ = writeln!(out, "        ..{open}\n    }}\n}}");
    out
}

/// `rt::regions! { pub enum Region { ... } }`, values being `(id, name, endpoint)`.
pub fn regions(regions: &[Variant]) -> String {
    let mut out = format!("rt::regions! {{\n    pub enum {} {{\n", names::REGION);
    for r in regions {
        doc_comment(&mut out, "        ", &r.docs);
        let _ = writeln!(out, "        {} = {},", r.ident, r.value);
    }
    out.push_str("    }\n}\n");
    out
}

/// `rt::client! { ... }` declaring `Client` and `ClientBuilder`.
pub fn client(docs: &[String], service: &str, region: &str) -> String {
    let mut out = String::from("rt::client! {\n");
    doc_comment(&mut out, "    ", docs);
    let _ = writeln!(
        out,
        "    pub struct {}, {} for {service}, {region};\n}}",
        names::CLIENT,
        names::CLIENT_BUILDER
    );
    out
}

/// Whether a builder must be given a field before it assembles its target.
#[derive(Clone, Copy)]
pub enum Mode {
    Optional,
    Required,
    /// Required, in a target that keeps the field an `Option` for decoding responses.
    RequiredInOption,
}

impl Mode {
    /// `Required` or `Optional`.
    pub fn required(required: bool) -> Mode {
        if required {
            Mode::Required
        } else {
            Mode::Optional
        }
    }

    fn keyword(self) -> &'static str {
        match self {
            Mode::Optional => "optional",
            Mode::Required => "required",
            Mode::RequiredInOption => "required_in_option",
        }
    }
}

/// `rt::builder! { ... }` (a request type's builder; `head` is `pub struct XBuilder => X`) or
/// `rt::request! { ... }` (an operation's fluent builder; `head` is
/// `pub struct XRequest for crate::Client => XInput -> Output`): docs, head, one line per field.
pub fn builder_macro(
    macro_name: &str,
    docs: &[String],
    head: &str,
    fields: &[(&Field, Mode)],
) -> String {
    let mut out = format!("rt::{macro_name}! {{\n");
    doc_comment(&mut out, "    ", docs);
    let _ = writeln!(out, "    {head} {{");
    for (f, mode) in fields {
        doc_comment(&mut out, "        ", &field_doc_paragraphs(f, true));
        let (kind, ty) = setter_kind(f);
        let _ = writeln!(
            out,
            "        {}: {} {kind} {ty},",
            f.rust_name,
            mode.keyword()
        );
    }
    out.push_str("    }\n}\n");
    out
}

/// How a field's setter takes its value (a kind of the runtime's `setters!`) and the type.
fn setter_kind(f: &Field) -> (&'static str, String) {
    match &f.shape.ty {
        Ty::String | Ty::Any => ("into", field_type_text(&f.shape.ty, f.sensitive)),
        Ty::Array(inner) if matches!(inner.ty, Ty::String | Ty::Any) => {
            ("iter_into", field_type_text(&inner.ty, f.sensitive))
        }
        Ty::Array(inner) => ("iter", field_type_text(&inner.ty, f.sensitive)),
        // Any collection of (key, value) pairs, a `BTreeMap` or a `HashMap` say.
        Ty::Map(inner) if matches!(inner.ty, Ty::String | Ty::Any) => {
            ("map_into", field_type_text(&inner.ty, f.sensitive))
        }
        Ty::Map(inner) => ("map", field_type_text(&inner.ty, f.sensitive)),
        other => ("set", field_type_text(other, f.sensitive)),
    }
}

/// One acceptor of a waiter, as the runtime's constructor call (`rt::waiter::Acceptor::..`).
pub struct AcceptorText {
    /// `Success`, `Failure` or `Retry`.
    pub state: &'static str,
    pub description: String,
    /// `Some(closure text)` for a test of the output, `None` with `error_code` for an error.
    pub test: Option<String>,
    pub error_code: Option<String>,
}

/// `rt::waiter! { ... }`: docs, head (`pub struct WaitUntilX for XRequest -> Output`), the
/// waiter's name and delays (seconds), its acceptors and the polled operation's setters.
pub fn waiter_macro(
    docs: &[String],
    head: &str,
    name: &str,
    delays: (u64, u64, u64),
    acceptors: &[AcceptorText],
    fields: &[Field],
) -> String {
    let mut out = String::from("rt::waiter! {\n");
    doc_comment(&mut out, "    ", docs);
    let _ = writeln!(out, "    {head} {{");
    let _ = writeln!(out, "        waiter: {},", Literal::string(name));
    let _ = writeln!(
        out,
        "        delays: ({}, {}, {}),",
        delays.0, delays.1, delays.2
    );
    out.push_str("        acceptors: [\n");
    for a in acceptors {
        let description = Literal::string(&a.description);
        match (&a.test, &a.error_code) {
            (Some(test), _) => {
                let _ = writeln!(
                    out,
                    "            rt::waiter::Acceptor::output(\n                rt::waiter::State::{},\n                {description},\n                {test},\n            ),",
                    a.state
                );
            }
            (None, code) => {
                let code = Literal::string(code.as_deref().unwrap_or_default());
                let _ = writeln!(
                    out,
                    "            rt::waiter::Acceptor::error(\n                rt::waiter::State::{},\n                {code},\n                {description},\n            ),",
                    a.state
                );
            }
        }
    }
    out.push_str("        ],\n        setters: {\n");
    for f in fields {
        doc_comment(&mut out, "            ", &field_doc_paragraphs(f, true));
        let (kind, ty) = setter_kind(f);
        let _ = writeln!(out, "            {}: {kind} {ty},", f.rust_name);
    }
    out.push_str("        }\n    }\n}\n");
    out
}

fn field_type_text(ty: &Ty, sensitive: bool) -> String {
    match ty {
        Ty::String if sensitive => "rt::SensitiveString".into(),
        Ty::Array(inner) => format!("Vec<{}>", field_type_text(&inner.ty, sensitive)),
        Ty::Map(inner) => format!(
            "::std::collections::BTreeMap<String, {}>",
            field_type_text(&inner.ty, sensitive)
        ),
        other => type_text(Some(other)),
    }
}

/// A type as source text, named types qualified by `crate::types`.
pub fn type_text(ty: Option<&Ty>) -> String {
    match ty {
        None => "()".into(),
        Some(Ty::String) => "String".into(),
        Some(Ty::Int32) => "i32".into(),
        Some(Ty::Int64) => "i64".into(),
        Some(Ty::Float) => "f32".into(),
        Some(Ty::Double) => "f64".into(),
        Some(Ty::Bool) => "bool".into(),
        Some(ty @ (Ty::Array(_) | Ty::Map(_))) => field_type_text(ty, false),
        Some(Ty::Any) => "rt::serde_json::Value".into(),
        Some(Ty::Object(n) | Ty::Enum(n)) => format!("crate::types::{n}"),
    }
}
