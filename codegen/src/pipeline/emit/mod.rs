//! Emission: the checked model to token streams, one per generated file.
//!
//! The generated code holds only what is specific to the spec: types with their fields and
//! bounds, operations with their paths and parameters, regions. The plumbing (sending,
//! retries, decoding, `Debug`, enum conversions) is the runtime crate's, reached through its
//! traits and macros.

mod decode;
mod docs;
mod example;
mod operations;
mod sample;
mod service;
mod tests;
mod types;
mod validate;
mod verbatim;

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::pipeline::format::{format_file, Chunk};
use crate::pipeline::model::{Field, Model, Shape, Ty};
use crate::pipeline::names;
use crate::GeneratedFile;

/// What the generated code is part of: the crate it goes into and the runtime it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateConfig {
    /// The crate's name as Rust code spells it, e.g. `oms_client`; doc examples use it.
    pub crate_name: String,
    /// The runtime crate's name as Rust code spells it, e.g. `huaweicloud_runtime`.
    pub runtime: String,
}

impl CrateConfig {
    /// A crate generated against `huaweicloud_runtime`.
    pub fn new(crate_name: &str) -> CrateConfig {
        CrateConfig {
            crate_name: crate_name.into(),
            runtime: "huaweicloud_runtime".into(),
        }
    }
}

/// Where the generated sources go inside the crate; its root declares `mod generated;`.
pub const SRC_DIR: &str = "src/generated";
/// Where the generated tests go inside the crate: modules of a hand-written test target that
/// names the crate under test `api`; they use the runtime's `test-util` loopback server.
pub const TESTS_DIR: &str = "tests/generated";

/// Emits and formats every generated Rust file of a crate, paths relative to the crate.
pub fn emit(model: &Model, krate: &CrateConfig) -> Result<Vec<GeneratedFile>, String> {
    let rt = runtime_use(krate);
    let mut files: Vec<(String, Vec<Chunk>)> = vec![
        (
            format!("{SRC_DIR}/mod.rs"),
            vec![Chunk::Code(emit_root(model))],
        ),
        (
            format!("{SRC_DIR}/service.rs"),
            service::emit_service(model, &rt),
        ),
        (
            format!("{SRC_DIR}/patterns.rs"),
            vec![Chunk::Code(emit_patterns(model, &rt))],
        ),
        (format!("{SRC_DIR}/types.rs"), types::emit_types(model, &rt)),
        (
            format!("{SRC_DIR}/operations/mod.rs"),
            vec![Chunk::Code(operations::emit_operations_mod(model))],
        ),
    ];
    for op in &model.operations {
        files.push((
            format!(
                "{SRC_DIR}/operations/{}.rs",
                names::operation_module(&op.name)
            ),
            operations::emit_operation(model, op, krate, &rt),
        ));
    }
    files.push((
        format!("{TESTS_DIR}/protocol.rs"),
        vec![Chunk::Code(tests::emit_protocol_tests(model))],
    ));
    files.push((
        format!("{TESTS_DIR}/bounds.rs"),
        vec![Chunk::Code(tests::emit_bounds_tests(model))],
    ));
    files
        .into_iter()
        .map(|(path, chunks)| {
            format_file(chunks)
                .map(|contents| GeneratedFile {
                    path: path.clone(),
                    contents,
                })
                .map_err(|e| format!("{path}: {e}"))
        })
        .collect()
}

/// `use ::<runtime> as rt;`, the first item of every file that uses the runtime.
fn runtime_use(krate: &CrateConfig) -> TokenStream {
    let runtime = format_ident!("{}", krate.runtime);
    quote!(use ::#runtime as rt;)
}

fn emit_root(model: &Model) -> TokenStream {
    let doc = docs::doc_line(&format!(
        " Code generated from the {} {} spec: types, operations, regions.",
        model.service.name, model.service.api_version
    ));
    quote! {
        #![doc = #doc]
        pub mod operations;
        mod patterns;
        pub mod service;
        pub mod types;
    }
}

/// Every distinct pattern that requests are checked against, compiled once on first use.
fn emit_patterns(model: &Model, rt: &TokenStream) -> TokenStream {
    let patterns = request_patterns(model);
    let statics = patterns.iter().map(|p| {
        let id = pattern_ident(p);
        quote!(pub(crate) static #id: rt::validate::Pattern = rt::validate::Pattern::new(#p);)
    });
    let rt = (!patterns.is_empty()).then_some(rt);
    quote! {
        //! Regular expressions from the spec's `pattern` bounds, named by a hash of their text so
        //! that adding one does not rename the others.
        #rt
        #( #statics )*
    }
}

/// Patterns of request fields and parameters; one seen only in responses is documentation.
fn request_patterns(model: &Model) -> BTreeSet<String> {
    let mut patterns = BTreeSet::new();
    for t in model.types.iter().filter(|t| t.in_request) {
        if let crate::pipeline::model::TypeKind::Object(fields) = &t.kind {
            for f in fields {
                collect_patterns(&f.shape, &mut patterns);
            }
        }
    }
    for op in &model.operations {
        for p in &op.params {
            collect_patterns(&p.field.shape, &mut patterns);
        }
    }
    patterns
}

fn collect_patterns(shape: &Shape, out: &mut BTreeSet<String>) {
    if let Some(p) = &shape.bounds.pattern {
        out.insert(p.clone());
    }
    if let Ty::Array(inner) = &shape.ty {
        collect_patterns(inner, out);
    }
}

/// `use crate::generated::patterns::{...};` for the patterns `fields` are checked against.
fn patterns_use<'f>(fields: impl Iterator<Item = &'f Field>) -> Option<TokenStream> {
    let mut used = BTreeSet::new();
    for f in fields {
        collect_patterns(&f.shape, &mut used);
    }
    if used.is_empty() {
        return None;
    }
    let ids = used.iter().map(|p| pattern_ident(p));
    Some(quote!(use crate::generated::patterns::{#(#ids),*};))
}

/// A stable name for a pattern: `P_` and the FNV-1a hash of its text in base 36.
pub fn pattern_ident(pattern: &str) -> Ident {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in pattern.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    let mut digits = Vec::new();
    while h > 0 {
        digits.push(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(h % 36) as usize]);
        h /= 36;
    }
    digits.reverse();
    format_ident!("P_{}", String::from_utf8_lossy(&digits))
}

pub fn field_ident(f: &Field) -> Ident {
    format_ident!("{}", f.rust_name)
}

/// The Rust type of a field's value: named types qualified by `crate::types`, secrets as
/// `rt::SensitiveString`.
pub fn field_type(f: &Field) -> TokenStream {
    value_type(&f.shape.ty, f.sensitive)
}

/// The Rust type of a value, with named types qualified by `crate::types`.
pub fn rust_type(ty: &Ty) -> TokenStream {
    value_type(ty, false)
}

fn value_type(ty: &Ty, sensitive: bool) -> TokenStream {
    match ty {
        Ty::String if sensitive => quote!(rt::SensitiveString),
        Ty::String => quote!(String),
        Ty::Int32 => quote!(i32),
        Ty::Int64 => quote!(i64),
        Ty::Float => quote!(f32),
        Ty::Double => quote!(f64),
        Ty::Bool => quote!(bool),
        Ty::Array(inner) => {
            let inner = value_type(&inner.ty, sensitive);
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
            let ty = field_type(f);
            quote!(#ident: Option<#ty>,)
        })
        .collect()
}

/// `rt::required("name", self.name)?`: the value of a required builder field.
pub fn take_required(f: &Field) -> TokenStream {
    let ident = field_ident(f);
    let key = &f.rust_name;
    quote!(rt::required(#key, self.#ident)?)
}
