//! Waiters: for each, the runtime's `waiter!` with its acceptors, delays and the polled
//! operation's setters, and the `Client` method that starts it. The polling loop is the
//! runtime's (`huaweicloud_runtime::waiter`).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, prose};
use super::example::waiter_example;
use super::operations::input_fields;
use super::verbatim::{self, AcceptorText};
use super::CrateConfig;
use crate::pipeline::format::Chunk;
use crate::pipeline::model::{AcceptorState, Expected, Matcher, Model, PathStep, Waiter};
use crate::pipeline::names;

/// The whole `waiters.rs`: its docs, imports, then each waiter.
pub fn emit_waiters(model: &Model, krate: &CrateConfig, rt: &TokenStream) -> Vec<Chunk> {
    if model.waiters.is_empty() {
        return vec![Chunk::Code(quote! {
            //! Waiters: the spec declares none.
        })];
    }
    let requests: BTreeSet<(String, String)> = model
        .waiters
        .iter()
        .map(|w| {
            (
                names::operation_module(&w.operation),
                names::request_type(&w.operation),
            )
        })
        .collect();
    let uses = requests.iter().map(|(module, request)| {
        let (module, request) = (format_ident!("{}", module), format_ident!("{}", request));
        quote!(use crate::generated::operations::#module::#request;)
    });
    let mut chunks = vec![Chunk::Code(quote! {
        //! Waiters: each polls an operation until an acceptor says the long-running work
        //! succeeded or failed, or its time runs out. Start one with its `Client` method
        //! (`wait_until_...`).
        #rt
        #( #uses )*
        /// The outcomes of a wait, and the acceptors they name (from the runtime).
        pub use rt::waiter::{Acceptor, Finished, State, WaitError};
    })];
    for w in &model.waiters {
        chunks.extend(emit_waiter(model, w, krate));
    }
    chunks
}

fn emit_waiter(model: &Model, w: &Waiter, krate: &CrateConfig) -> Vec<Chunk> {
    let Some(op) = model.operation_named(&w.operation) else {
        return Vec::new();
    };
    let output = op
        .success()
        .and_then(|r| r.shape.as_ref())
        .map(|s| verbatim::type_text(Some(&s.ty)))
        .unwrap_or_else(|| "()".into());
    let ty = names::waiter_type(&w.name);
    let request = names::request_type(&w.operation);
    let acceptors: Vec<AcceptorText> = w
        .acceptors
        .iter()
        .map(|a| {
            let state = match a.state {
                AcceptorState::Success => "Success",
                AcceptorState::Failure => "Failure",
                AcceptorState::Retry => "Retry",
            };
            match &a.matcher {
                Matcher::Output { path, expected } => AcceptorText {
                    state,
                    description: a.describe(),
                    test: Some(test_closure(path, expected)),
                    error_code: None,
                },
                Matcher::ErrorCode(c) => AcceptorText {
                    state,
                    description: a.describe(),
                    test: None,
                    error_code: Some(c.clone()),
                },
            }
        })
        .collect();
    let method = names::waiter_method(&w.name);
    let op_method = names::client_method(&op.name);
    let mut docs = vec![w
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("Waits for `{}` to report the work done.", op.name))];
    docs.push(format!(
        "Each poll is a [`{op_method}`](crate::{}::{op_method}) call, made with the setters below \
         and retried as any call; between polls the wait grows from {} s to {} s (exponential \
         backoff with jitter). It gives up after {} s unless `max_wait` says otherwise.",
        names::CLIENT,
        w.min_delay,
        w.max_delay,
        w.max_wait
    ));
    let list: Vec<String> = w
        .acceptors
        .iter()
        .zip(&acceptors)
        .map(|(a, t)| format!("- {}: {}", a.state.as_str(), t.description))
        .collect();
    docs.push(format!(
        "After each poll the first acceptor that matches decides (none matching: poll again):\n{}",
        list.join("\n")
    ));
    let head = format!("pub struct {ty} for {request} -> {output}");
    let macro_text = verbatim::waiter_macro(
        &docs,
        &head,
        &w.name,
        (w.min_delay, w.max_delay, w.max_wait),
        &acceptors,
        &input_fields(op),
    );
    let method_docs = doc_attrs(&[
        docs[0].clone(),
        format!(
            "Starts the [`{ty}`](crate::waiters::{ty}) waiter, which polls `{}`: set the polled \
             operation's values (as on [`{op_method}`](crate::{}::{op_method})), optionally \
             `max_wait` and `on_poll` (progress), then `wait()` for the outcome or \
             `into_stream()` for every polled output.",
            op.name,
            names::CLIENT
        ),
        waiter_example(model, &method, op, krate),
    ]);
    let (method, op_method, ty) = (
        format_ident!("{}", method),
        format_ident!("{}", op_method),
        format_ident!("{}", ty),
    );
    let client = format_ident!("{}", names::CLIENT);
    vec![
        Chunk::Verbatim(macro_text),
        Chunk::Code(quote! {
            impl crate::#client {
                #method_docs
                pub fn #method(&self) -> #ty<'_> {
                    self.#op_method().into()
                }
            }
        }),
    ]
}

/// The test as a closure over the output: each step of the path is optional (response types
/// hold every field as an `Option`), so the field is reached with `as_ref`/`and_then`.
fn test_closure(path: &[PathStep], expected: &Expected) -> String {
    let mut reach = String::from("o");
    for (i, step) in path.iter().enumerate() {
        if i == 0 {
            reach = format!("o.{}.as_ref()", step.rust_name);
        } else {
            reach = format!("{reach}.and_then(|v| v.{}.as_ref())", step.rust_name);
        }
    }
    let compare = match expected {
        Expected::Str(s) => format!(
            ".map(String::as_str) == Some({})",
            proc_macro2::Literal::string(s)
        ),
        Expected::Int(i) => format!(" == Some(&{i})"),
        Expected::Bool(b) => format!(" == Some(&{b})"),
        Expected::Enum {
            type_name, variant, ..
        }
        | Expected::IntEnum {
            type_name, variant, ..
        } => format!(" == Some(&crate::types::{type_name}::{variant})"),
    };
    format!("|o| {reach}{compare}")
}
