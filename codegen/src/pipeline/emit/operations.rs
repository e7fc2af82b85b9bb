//! One module per operation: its input (with `Validate` and the `Operation` impl that says how
//! it goes on the wire), the fluent builder returned by the `Client` method, and that method.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, field_docs, inner_doc_attrs, prose};
use super::example::operation_example;
use super::validate::validate_impl;
use super::verbatim::{self, Mode};
use super::{field_ident, field_type, patterns_use, rust_type, CrateConfig};
use crate::pipeline::format::Chunk;
use crate::pipeline::model::{Field, Method, Model, Operation, ParamLocation, Shape, Ty};
use crate::pipeline::names;

pub fn emit_operations_mod(model: &Model) -> TokenStream {
    let mods = model.operations.iter().map(|op| {
        let m = format_ident!("{}", names::operation_module(&op.name));
        let d = doc_attrs(&[format!("`{}`: {}", op.name, prose(&op.summary))]);
        quote!(#d pub mod #m;)
    });
    quote! {
        //! One module per operation, each with its input, output and fluent builder.
        #( #mods )*
    }
}

/// The fields of the input: parameters in spec order, then the body.
pub(super) fn input_fields(op: &Operation) -> Vec<Field> {
    let mut fields: Vec<Field> = op.params.iter().map(|p| p.field.clone()).collect();
    if let Some(b) = &op.body {
        fields.push(Field {
            wire_name: names::BODY.into(),
            rust_name: names::BODY.into(),
            shape: b.shape.clone(),
            required: b.required,
            default: None,
            description: Some(
                b.description
                    .clone()
                    .unwrap_or_else(|| "The JSON request body.".into()),
            ),
            sensitive: false,
        });
    }
    fields
}

fn output_shape(op: &Operation) -> Option<&Shape> {
    op.success().and_then(|r| r.shape.as_ref())
}

pub fn emit_operation(
    model: &Model,
    op: &Operation,
    krate: &CrateConfig,
    rt: &TokenStream,
) -> Vec<Chunk> {
    let snake = names::client_method(&op.name);
    let method_ident = format_ident!("{}", snake);
    let input = format_ident!("{}", names::input_type(&op.name));
    let builder = format_ident!("{}", names::request_type(&op.name));
    let (client, api) = (
        format_ident!("{}", names::CLIENT),
        format_ident!("{}", names::API),
    );
    let fields = input_fields(op);
    let output = match output_shape(op) {
        Some(shape) => rust_type(&shape.ty),
        None => quote!(()),
    };

    // Input struct.
    let input_field_defs = fields.iter().map(|f| {
        let ident = field_ident(f);
        let ty = field_type(f);
        let docs = field_docs(f, true);
        if f.required {
            quote!(#docs pub #ident: #ty,)
        } else {
            quote!(#docs pub #ident: Option<#ty>,)
        }
    });
    let input_doc = format!(
        " The input of `{}`, checked and sent by [`{builder}::{}`].",
        op.name,
        names::SEND
    );
    let validate = validate_impl(&quote!(#input), &fields, |f| !f.required);
    let patterns = patterns_use(fields.iter());

    // Operation metadata and wire form.
    let name = &op.name;
    let method = method_tokens(op.method);
    let path_template = &op.path;
    let idempotent = op.idempotent;
    let regions = &op.regions;
    let has_output = output_shape(op).is_some();
    let writes: Vec<TokenStream> = op
        .params
        .iter()
        .map(|p| {
            let ident = field_ident(&p.field);
            let key = &p.field.wire_name;
            match p.location {
                ParamLocation::Path => quote!(w.path_param(#key, &self.#ident);),
                ParamLocation::Query => quote!(w.query(#key, &self.#ident);),
                ParamLocation::Header => quote!(w.header(#key, &self.#ident);),
            }
        })
        .chain(
            op.content_type
                .as_ref()
                .map(|ct| quote!(w.content_type(#ct);)),
        )
        .chain(op.body.as_ref().map(|b| {
            if b.required {
                quote!(w.json(Some(&self.body));)
            } else {
                quote!(w.json(self.body.as_ref());)
            }
        }))
        .collect();
    let writer = if writes.is_empty() {
        quote!(_: &mut rt::RequestWriter<'a>)
    } else {
        quote!(w: &mut rt::RequestWriter<'a>)
    };

    // Fluent builder.
    let modes: Vec<(&Field, Mode)> = fields
        .iter()
        .map(|f| (f, Mode::required(f.required)))
        .collect();
    let builder_doc = format!(
        "Fluent builder for `{}`, made by [`crate::{client}::{snake}`].",
        op.name
    );
    let pagination = pagination(op).map(|stream| {
        quote! {
            impl<'c> #builder<'c> {
                #stream
            }
        }
    });

    let method_doc = doc_attrs(&method_paragraphs(model, op, krate));
    let module_doc = inner_doc_attrs(&[format!("`{}`: {}", op.name, prose(&op.summary))]);
    let output_text = verbatim::type_text(output_shape(op).map(|s| &s.ty));

    let decode = super::decode::decode_impl(op, &quote!(#input));
    let code = quote! {
        #module_doc
        #rt
        #patterns

        #[doc = #input_doc]
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub struct #input { #( #input_field_defs )* }

        #validate

        impl rt::Operation for #input {
            type Service = crate::generated::service::#api;
            type Output = #output;
            const META: rt::OperationMeta = rt::OperationMeta {
                name: #name,
                method: #method,
                path: #path_template,
                idempotent: #idempotent,
                regions: &[#( #regions ),*],
                has_output: #has_output,
            };

            fn write<'a>(&'a self, #writer) {
                #( #writes )*
            }
        }

        #decode

    };
    let client_method = quote! {
        impl crate::#client {
            #method_doc
            pub fn #method_ident(&self) -> #builder<'_> {
                rt::fluent::Call::new(self).into()
            }
        }
    };
    let request = verbatim::builder_macro(
        "request",
        &[builder_doc],
        &format!("pub struct {builder} for crate::{client} => {input} -> {output_text}"),
        &modes,
    );
    let mut chunks = vec![Chunk::Code(code), Chunk::Verbatim(request)];
    chunks.extend(pagination.map(Chunk::Code));
    chunks.push(Chunk::Code(client_method));
    chunks
}

/// `into_stream` for an offset/limit list.
fn pagination(op: &Operation) -> Option<TokenStream> {
    let p = op.pagination.as_ref()?;
    let name = &op.name;
    let offset = format_ident!("{}", p.offset);
    let limit = format_ident!("{}", p.limit);
    let items = format_ident!("{}", p.items);
    let count = format_ident!("{}", p.count);
    let item_ty = rust_type(&p.item_shape.ty);
    let page_size = Literal::i64_unsuffixed(p.max_limit.unwrap_or(100));
    let max_offset = match p.max_offset {
        Some(m) => {
            let m = Literal::i64_unsuffixed(m);
            quote!(Some(#m))
        }
        None => quote!(None),
    };
    let widen = |t: &Ty| match t {
        Ty::Int64 => quote!(),
        _ => quote!(.map(i64::from)),
    };
    let offset_widen = widen(&p.offset_ty);
    let limit_widen = widen(&p.limit_ty);
    let count_widen = widen(&p.count_ty);
    let (offset_key, limit_key) = (&p.offset, &p.limit);
    let into_stream = format_ident!("{}", names::INTO_STREAM);
    let send = format_ident!("{}", names::SEND);
    let doc = format!(
        " Every item across pages, fetched lazily: the request is repeated with `{}` advanced \
         by the page size until the reported `{}` is reached. Pages hold `{}` items \
         (default {}).",
        p.offset, p.count, p.limit, page_size
    );
    Some(quote! {
        #[doc = #doc]
        ///
        /// Stops with an error if more items exist than the documented maximum offset lets
        /// the service return, rather than ending silently short.
        pub fn #into_stream(self) -> impl rt::paginate::Stream<Item = Result<#item_ty, rt::Error>> + 'c {
            let start = self.#offset #offset_widen .unwrap_or(0);
            let page_size = self.#limit #limit_widen .unwrap_or(#page_size);
            rt::paginate::offset_stream(#name, start, page_size, #max_offset, move |offset, limit| {
                let request = self.clone();
                async move {
                    let page = request
                        .#offset(rt::paginate::to_param(#offset_key, offset)?)
                        .#limit(rt::paginate::to_param(#limit_key, limit)?)
                        .#send()
                        .await?;
                    Ok((page.#items.unwrap_or_default(), page.#count #count_widen))
                }
            })
        }
    })
}

/// The docs of the `Client` method: summary, description, request line, regions, responses
/// and a compiling example.
fn method_paragraphs(model: &Model, op: &Operation, krate: &CrateConfig) -> Vec<String> {
    let mut paras = vec![format!("{}.", prose(op.summary.trim_end_matches('.')))];
    if let Some(d) = &op.description {
        paras.push(prose(d));
    }
    paras.push(code(&format!("{} {}", op.method.as_str(), op.path)));
    if !op.regions.is_empty() {
        paras.push(format!(
            "Available only in {}; calling it elsewhere fails before sending unless region checks are off.",
            op.regions.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    let statuses: Vec<String> = op
        .responses
        .iter()
        .map(|r| {
            let d = r
                .description
                .as_deref()
                // Lines after the first continue the list item: indented under it.
                .map(|d| format!(" {}", prose(d).replace('\n', "\n  ")))
                .unwrap_or_default();
            format!("- {}:{}", r.status, d)
        })
        .collect();
    paras.push(format!("Responses:\n{}", statuses.join("\n")));
    match output_shape(op) {
        Some(s) => paras.push(format!(
            "The output is the decoded {} body.",
            code(&type_label(s))
        )),
        None => paras.push("Success carries no body: the output is `()`.".into()),
    }
    paras.push(operation_example(model, op, krate));
    paras
}

fn type_label(shape: &Shape) -> String {
    match &shape.ty {
        Ty::Array(inner) => format!("[{}]", type_label(inner)),
        Ty::Map(inner) => format!("{{string: {}}}", type_label(inner)),
        Ty::Any => "JSON".into(),
        Ty::Object(n) | Ty::Enum(n) => n.clone(),
        Ty::String => "string".into(),
        Ty::Int32 | Ty::Int64 => "integer".into(),
        Ty::Float | Ty::Double => "number".into(),
        Ty::Bool => "boolean".into(),
    }
}

fn method_tokens(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(rt::Method::Get),
        Method::Post => quote!(rt::Method::Post),
        Method::Put => quote!(rt::Method::Put),
        Method::Delete => quote!(rt::Method::Delete),
        Method::Patch => quote!(rt::Method::Patch),
        Method::Head => quote!(rt::Method::Head),
    }
}
