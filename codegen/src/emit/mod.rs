//! Emission: the checked model to token streams, one per generated file.

mod docs;
mod example;
mod operations;
mod sample;
mod service;
mod tests;
mod types;
mod validate;

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::format::format_file;
use crate::model::{Field, Model, Ty};
use crate::GeneratedFile;

/// The crate a spec is generated into, and where its files go (relative to the workspace root).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The crate's name as Rust code spells it, e.g. `oms_client`; doc examples use it.
    pub crate_name: String,
    /// The `generated` module of the crate's sources.
    pub src_dir: String,
    /// Generated tests: modules of a hand-written test target that provides `support` (the
    /// loopback server) and `api` (the crate under test).
    pub tests_dir: String,
    /// Where the OpenAPI document goes, if the target publishes one.
    pub openapi_path: Option<String>,
    /// Where the editor schema of the spec format goes, if anywhere.
    pub schema_path: Option<String>,
}

impl Target {
    /// The OMS client generated from `spec/`.
    pub fn oms_client() -> Target {
        Target {
            crate_name: "oms_client".into(),
            src_dir: "oms-client/src/generated".into(),
            tests_dir: "oms-client/tests/generated".into(),
            openapi_path: Some("spec/openapi.json".into()),
            schema_path: Some("spec/spec.schema.json".into()),
        }
    }

    /// The crate generated from `spec-features/spec`, a synthetic spec that uses every feature
    /// of the spec format, so that a generator change that breaks any of them fails the build.
    pub fn spec_features() -> Target {
        Target {
            crate_name: "spec_features".into(),
            src_dir: "spec-features/src/generated".into(),
            tests_dir: "spec-features/tests/generated".into(),
            openapi_path: Some("spec-features/openapi.json".into()),
            schema_path: None,
        }
    }
}

/// Emits and formats every generated Rust file of a target, in a fixed order.
pub fn emit(model: &Model, target: &Target) -> Result<Vec<GeneratedFile>, String> {
    let mut files: Vec<(String, TokenStream)> = vec![
        ("mod.rs".into(), emit_root(model)),
        ("service.rs".into(), service::emit_service(model)),
        ("patterns.rs".into(), emit_patterns(model)),
        ("types.rs".into(), types::emit_types(model)),
        (
            "operations/mod.rs".into(),
            operations::emit_operations_mod(model),
        ),
    ];
    for op in &model.operations {
        files.push((
            format!("operations/{}.rs", op.name.to_snake_case()),
            operations::emit_operation(model, op, &target.crate_name),
        ));
    }
    let src_dir = &target.src_dir;
    let mut files: Vec<(String, TokenStream)> = files
        .into_iter()
        .map(|(rel, tokens)| (format!("{src_dir}/{rel}"), tokens))
        .collect();
    let tests_dir = &target.tests_dir;
    files.push((
        format!("{tests_dir}/protocol.rs"),
        tests::emit_protocol_tests(model),
    ));
    files.push((
        format!("{tests_dir}/bounds.rs"),
        tests::emit_bounds_tests(model),
    ));
    files
        .into_iter()
        .map(|(path, tokens)| {
            format_file(tokens)
                .map(|contents| GeneratedFile {
                    path: path.clone(),
                    contents,
                })
                .map_err(|e| format!("{path}: {e}"))
        })
        .collect()
}

fn emit_root(model: &Model) -> TokenStream {
    let doc = format!(
        " Code generated from the {} {} spec: types, operations, regions.",
        model.service.name, model.service.api_version
    );
    quote! {
        #![doc = #doc]
        pub mod operations;
        pub(crate) mod patterns;
        pub mod service;
        pub mod types;
    }
}

/// Every distinct pattern in the spec, compiled once on first use.
fn emit_patterns(model: &Model) -> TokenStream {
    let mut patterns = BTreeSet::new();
    let mut visit = |f: &Field| collect_patterns(&f.shape, &mut patterns);
    // Only requests are validated; a pattern seen only in responses is documentation.
    for t in model.types.iter().filter(|t| t.in_request) {
        if let crate::model::TypeKind::Object(fields) = &t.kind {
            fields.iter().for_each(&mut visit);
        }
    }
    for op in &model.operations {
        op.params.iter().for_each(|p| visit(&p.field));
    }
    let statics = patterns.iter().map(|p| {
        let id = pattern_ident(p);
        quote!(pub(crate) static #id: crate::validate::Pattern = crate::validate::Pattern::new(#p);)
    });
    quote! {
        //! Regular expressions from the spec's `pattern` bounds, named by a hash of their text so
        //! that adding one does not rename the others.
        #( #statics )*
    }
}

fn collect_patterns(shape: &crate::model::Shape, out: &mut BTreeSet<String>) {
    if let Some(p) = &shape.bounds.pattern {
        out.insert(p.clone());
    }
    if let Ty::Array(inner) = &shape.ty {
        collect_patterns(inner, out);
    }
}

/// A stable name for a pattern: FNV-1a of its text.
pub fn pattern_ident(pattern: &str) -> Ident {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in pattern.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format_ident!("PATTERN_{:016X}", h)
}

pub fn field_ident(f: &Field) -> Ident {
    format_ident!("{}", f.rust_name)
}

/// The Rust type of a value, with named types qualified by `crate::types`.
pub fn rust_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Int32 => quote!(i32),
        Ty::Int64 => quote!(i64),
        Ty::Float => quote!(f32),
        Ty::Double => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Array(inner) => {
            let inner = rust_type(&inner.ty);
            quote!(Vec<#inner>)
        }
        Ty::Object(n) | Ty::Enum(n) => {
            let id = format_ident!("{}", n);
            quote!(crate::types::#id)
        }
    }
}

/// `name: Option<T>,` for each field: the state of a builder.
pub fn builder_state(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let ident = field_ident(f);
            let ty = rust_type(&f.shape.ty);
            quote!(#ident: Option<#ty>,)
        })
        .collect()
}

/// A documented setter per field, for builders that hold `Option`s of the field types.
pub fn builder_setters(fields: &[Field]) -> Vec<TokenStream> {
    fields
        .iter()
        .map(|f| {
            let ident = field_ident(f);
            let (arg, conv) = setter_arg(&f.shape.ty);
            let docs = docs::field_docs(f, true);
            quote! {
                #docs
                pub fn #ident(mut self, value: #arg) -> Self {
                    self.#ident = Some(#conv);
                    self
                }
            }
        })
        .collect()
}

/// `self.<field>`, or the "missing" validation error when it was never set.
pub fn take_required(f: &Field) -> TokenStream {
    let ident = field_ident(f);
    let key = &f.rust_name;
    quote!(self.#ident.ok_or_else(|| crate::validate::ValidationError::new(#key, crate::validate::Problem::Missing))?)
}

/// The argument type of a setter and the expression that converts `value` into the field type.
pub fn setter_arg(ty: &Ty) -> (TokenStream, TokenStream) {
    match ty {
        Ty::String => (quote!(impl Into<String>), quote!(value.into())),
        Ty::Array(inner) => {
            let inner = rust_type(&inner.ty);
            (
                quote!(impl IntoIterator<Item = #inner>),
                quote!(value.into_iter().collect()),
            )
        }
        other => (rust_type(other), quote!(value)),
    }
}

pub fn opt_lit_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(v) => {
            let l = Literal::u64_unsuffixed(v);
            quote!(Some(#l))
        }
        None => quote!(None),
    }
}

pub fn opt_lit_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let l = Literal::u64_unsuffixed(v.unsigned_abs());
            if v < 0 {
                quote!(Some(-#l))
            } else {
                quote!(Some(#l))
            }
        }
        None => quote!(None),
    }
}

pub fn opt_lit_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(v) => {
            let l = Literal::f64_unsuffixed(v.abs());
            if v < 0.0 {
                quote!(Some(-#l))
            } else {
                quote!(Some(#l))
            }
        }
        None => quote!(None),
    }
}
