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
mod waiters;

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::pipeline::format::{format_chunks, Chunk, HEADER};
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

/// One piece of emission: a whole small file, or one item of a large one.
#[derive(Clone, Copy, Debug)]
enum Part {
    Waiters,
    Root,
    Service,
    Patterns,
    OperationsMod,
    Operation(usize),
    TypesHead,
    Type(usize),
    ProtocolHead,
    ProtocolTest(usize),
    BoundsHead,
    BoundsType(usize),
    BoundsOperation(usize),
}

impl Part {
    /// The part's chunks. Runs on any thread: token streams do not cross threads, so each
    /// part is emitted and formatted where it is taken.
    fn emit(self, model: &Model, krate: &CrateConfig) -> Vec<Chunk> {
        let rt = runtime_use(krate);
        match self {
            Part::Root => vec![Chunk::Code(emit_root(model))],
            Part::Waiters => waiters::emit_waiters(model, krate, &rt),
            Part::Service => service::emit_service(model, &rt),
            Part::Patterns => vec![Chunk::Code(emit_patterns(model, &rt))],
            Part::OperationsMod => vec![Chunk::Code(operations::emit_operations_mod(model))],
            Part::Operation(i) => {
                operations::emit_operation(model, &model.operations[i], krate, &rt)
            }
            Part::TypesHead => types::emit_types_head(model, &rt),
            Part::Type(i) => types::emit_type(&model.types[i]),
            Part::ProtocolHead => vec![Chunk::Code(tests::emit_protocol_head(model))],
            Part::ProtocolTest(i) => {
                vec![Chunk::Code(tests::protocol_test(
                    model,
                    &model.operations[i],
                ))]
            }
            Part::BoundsHead => tests::emit_bounds_head(&tests::bounds_usage(model)),
            Part::BoundsType(i) => tests::bounds_type_test(model, &model.types[i])
                .map(Chunk::Verbatim)
                .into_iter()
                .collect(),
            Part::BoundsOperation(i) => tests::bounds_operation_test(model, &model.operations[i])
                .map(Chunk::Verbatim)
                .into_iter()
                .collect(),
        }
    }
}

/// Every generated file of a crate and the parts it is made of, in order.
fn plan(model: &Model) -> Vec<(String, Vec<Part>)> {
    let ops = 0..model.operations.len();
    let types = 0..model.types.len();
    let mut files = vec![
        (format!("{SRC_DIR}/mod.rs"), vec![Part::Root]),
        (format!("{SRC_DIR}/service.rs"), vec![Part::Service]),
        (format!("{SRC_DIR}/patterns.rs"), vec![Part::Patterns]),
        (format!("{SRC_DIR}/waiters.rs"), vec![Part::Waiters]),
        (
            format!("{SRC_DIR}/types.rs"),
            std::iter::once(Part::TypesHead)
                .chain(types.clone().map(Part::Type))
                .collect(),
        ),
        (
            format!("{SRC_DIR}/operations/mod.rs"),
            vec![Part::OperationsMod],
        ),
    ];
    for (i, op) in model.operations.iter().enumerate() {
        files.push((
            format!(
                "{SRC_DIR}/operations/{}.rs",
                names::operation_module(&op.name)
            ),
            vec![Part::Operation(i)],
        ));
    }
    files.push((
        format!("{TESTS_DIR}/protocol.rs"),
        std::iter::once(Part::ProtocolHead)
            .chain(ops.clone().map(Part::ProtocolTest))
            .collect(),
    ));
    files.push((
        format!("{TESTS_DIR}/bounds.rs"),
        std::iter::once(Part::BoundsHead)
            .chain(types.map(Part::BoundsType))
            .chain(ops.map(Part::BoundsOperation))
            .collect(),
    ));
    files
}

/// Emits and formats every generated Rust file of a crate, paths relative to the crate. The
/// parts are shared out between threads (formatting is most of the work); the output does not
/// depend on how.
pub fn emit(model: &Model, krate: &CrateConfig) -> Result<Vec<GeneratedFile>, String> {
    let files = plan(model);
    let jobs: Vec<(usize, Part)> = files
        .iter()
        .enumerate()
        .flat_map(|(f, (_, parts))| parts.iter().map(move |p| (f, *p)))
        .collect();
    let results: Vec<std::sync::Mutex<Option<Result<String, String>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len().div_ceil(16).max(1));
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some((_, part)) = jobs.get(i) else {
            return;
        };
        let formatted = format_chunks(part.emit(model, krate));
        if let Ok(mut slot) = results[i].lock() {
            *slot = Some(formatted);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads {
            scope.spawn(work);
        }
        work();
    });
    let mut texts: Vec<String> = files.iter().map(|_| format!("{HEADER}\n")).collect();
    for ((file, _), result) in jobs.iter().zip(results) {
        let text = result
            .into_inner()
            .ok()
            .flatten()
            .unwrap_or_else(|| Err("a part was not emitted".into()))
            .map_err(|e| format!("{}: {e}", files[*file].0))?;
        texts[*file].push_str(&text);
    }
    Ok(files
        .into_iter()
        .zip(texts)
        .map(|((path, _), contents)| GeneratedFile { path, contents })
        .collect())
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
        pub mod waiters;
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

/// Patterns of request fields, parameters and bodies; one seen only in responses is documentation.
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
        for f in operations::input_fields(op) {
            collect_patterns(&f.shape, &mut patterns);
        }
    }
    patterns
}

fn collect_patterns(shape: &Shape, out: &mut BTreeSet<String>) {
    if let Some(p) = &shape.bounds.pattern {
        out.insert(p.clone());
    }
    if let Ty::Array(inner) | Ty::Map(inner) = &shape.ty {
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
    Paths::CRATE.type_of(&f.shape.ty, f.sensitive)
}

/// The Rust type of a value, with named types qualified by `crate::types`.
pub fn rust_type(ty: &Ty) -> TokenStream {
    Paths::CRATE.type_of(ty, false)
}

/// How code names the generated types and the runtime: from inside the generated crate
/// (`crate::types`, `rt`), or from its tests (`api::types`, and the tests' own dependencies).
#[derive(Clone, Copy)]
pub struct Paths {
    /// `crate` or `api`.
    types_in: &'static str,
    /// The path of `serde_json`: `rt::serde_json` or `serde_json`.
    from_runtime: bool,
}

impl Paths {
    pub const CRATE: Paths = Paths {
        types_in: "crate",
        from_runtime: true,
    };
    pub const TESTS: Paths = Paths {
        types_in: "api",
        from_runtime: false,
    };

    /// The Rust type of a value; strings are secrets if `sensitive`.
    pub fn type_of(self, ty: &Ty, sensitive: bool) -> TokenStream {
        match ty {
            Ty::String if sensitive && self.from_runtime => quote!(rt::SensitiveString),
            Ty::String if sensitive => quote!(api::SensitiveString),
            Ty::String => quote!(String),
            Ty::Int32 => quote!(i32),
            Ty::Int64 => quote!(i64),
            Ty::Float => quote!(f32),
            Ty::Double => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::Array(inner) => {
                let inner = self.type_of(&inner.ty, sensitive);
                quote!(Vec<#inner>)
            }
            Ty::Map(inner) => {
                let inner = self.type_of(&inner.ty, sensitive);
                quote!(::std::collections::BTreeMap<String, #inner>)
            }
            Ty::Any if self.from_runtime => quote!(rt::serde_json::Value),
            Ty::Any => quote!(serde_json::Value),
            Ty::Object(n) | Ty::Enum(n) => {
                let krate = format_ident!("{}", self.types_in);
                let id = format_ident!("{}", n);
                quote!(#krate::types::#id)
            }
        }
    }
}
