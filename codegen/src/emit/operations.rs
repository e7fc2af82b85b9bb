//! One module per operation: its input, the `Operation` impl that turns it into an HTTP request
//! and decodes the answer, and the fluent builder returned by the `Client` method.

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{code, doc_attrs, field_docs, prose};
use super::example::operation_example;
use super::types::redacted_debug;
use super::validate::validate_field;
use super::{field_ident, rust_type};
use crate::model::{Field, Method, Model, Operation, ParamLocation, PathSegment, Shape, Ty};

pub fn emit_operations_mod(model: &Model) -> TokenStream {
    let mods = model.operations.iter().map(|op| {
        let m = format_ident!("{}", op.name.to_snake_case());
        let d = doc_attrs(&[format!("`{}`: {}", op.name, prose(&op.summary))]);
        quote!(#d pub mod #m;)
    });
    quote! {
        //! One module per operation, each with its input, output and fluent builder.
        #( #mods )*
    }
}

/// The fields of the input: parameters in spec order, then the body.
fn input_fields(op: &Operation) -> Vec<Field> {
    let mut fields: Vec<Field> = op.params.iter().map(|p| p.field.clone()).collect();
    if let Some(b) = &op.body {
        fields.push(Field {
            wire_name: "body".into(),
            rust_name: "body".into(),
            shape: Shape {
                ty: Ty::Object(b.type_name.clone()),
                bounds: Default::default(),
            },
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

/// The Rust type of the success output.
fn output_type(op: &Operation) -> TokenStream {
    match op.success().and_then(|r| r.shape.as_ref()) {
        Some(shape) => rust_type(&shape.ty),
        None => quote!(()),
    }
}

pub fn emit_operation(model: &Model, op: &Operation, krate: &str) -> TokenStream {
    let snake = op.name.to_snake_case();
    let method_ident = format_ident!("{}", snake);
    let input = format_ident!("{}Input", op.name);
    let builder = format_ident!("{}Request", op.name);
    let fields = input_fields(op);
    let output = output_type(op);

    // Input struct.
    let input_field_defs = fields.iter().map(|f| {
        let ident = field_ident(f);
        let ty = rust_type(&f.shape.ty);
        let docs = field_docs(f, true);
        if f.required {
            quote!(#docs pub #ident: #ty,)
        } else {
            quote!(#docs pub #ident: Option<#ty>,)
        }
    });
    let any_sensitive = fields.iter().any(|f| f.sensitive);
    let input_label = format!("{}Input", op.name);
    let (input_derive, input_debug) = if any_sensitive {
        (
            quote!(#[derive(Clone, PartialEq)]),
            redacted_debug(quote!(#input), &input_label, &fields, |f| !f.required),
        )
    } else {
        (quote!(#[derive(Clone, PartialEq, Debug)]), quote!())
    };
    let input_doc = format!(
        " The input of `{}`, checked and sent by [`{}::send`].",
        op.name,
        op.name.clone() + "Request"
    );
    let checks = fields
        .iter()
        .map(|f| validate_field(f, !f.required, quote!(self)));

    // Operation metadata.
    let name = &op.name;
    let method = method_tokens(op.method);
    let path_template = &op.path;
    let idempotent = op.idempotent;
    let uses_project_id = op.uses_project_id();
    let regions = op.regions.iter().map(|id| {
        let r = model
            .service
            .regions
            .iter()
            .find(|r| &r.id == id)
            .map(|r| r.variant.clone())
            .unwrap_or_default();
        let v = format_ident!("{}", r);
        quote!(crate::Region::#v)
    });

    // Request construction.
    let path_len = Literal::usize_unsuffixed(op.path.len() + 32);
    let path_pushes = op.segments.iter().map(|seg| match seg {
        PathSegment::Literal(l) if l.chars().count() == 1 => {
            let c = l.chars().next().unwrap_or('/');
            quote!(path.push(#c);)
        }
        PathSegment::Literal(l) => quote!(path.push_str(#l);),
        PathSegment::ProjectId => quote!(crate::encode::push_path_param(&mut path, project_id);),
        PathSegment::Param(name) => {
            let f = fields
                .iter()
                .find(|f| &f.wire_name == name)
                .map(field_ident);
            quote!(crate::encode::push_path_param(&mut path, &self.#f);)
        }
    });
    let project_binding =
        uses_project_id.then(|| quote!(let project_id = project_id.unwrap_or_default();));
    let project_unused = (!uses_project_id).then(|| quote!(let _ = project_id;));
    let query_pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|p| {
            let ident = field_ident(&p.field);
            let key = &p.field.wire_name;
            let is_array = matches!(p.field.shape.ty, Ty::Array(_));
            match (p.field.required, is_array) {
                (true, false) => quote!(query.push(#key, &self.#ident);),
                (false, false) => {
                    quote!(if let Some(value) = &self.#ident { query.push(#key, value); })
                }
                (true, true) => quote!(query.push_all(#key, &self.#ident);),
                (false, true) => {
                    quote!(if let Some(values) = &self.#ident { query.push_all(#key, values); })
                }
            }
        })
        .collect();
    let query_decl = if query_pushes.is_empty() {
        quote!(let query = crate::encode::Query::default();)
    } else {
        quote!(let mut query = crate::encode::Query::default();)
    };
    let header_pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Header)
        .map(|p| {
            let ident = field_ident(&p.field);
            let key = &p.field.wire_name;
            if p.field.required {
                quote!(headers.push((#key, crate::encode::ParamValue::to_param(&self.#ident).into_owned()));)
            } else {
                quote!(if let Some(value) = &self.#ident { headers.push((#key, crate::encode::ParamValue::to_param(value).into_owned())); })
            }
        })
        .collect();
    let headers_decl = if header_pushes.is_empty() {
        quote!(let headers = Vec::new();)
    } else {
        quote!(let mut headers = Vec::new();)
    };
    let body_expr = match &op.body {
        Some(b) if b.required => quote!(Some(crate::encode::json_body(&self.body)?)),
        Some(_) => quote!(match &self.body {
            Some(body) => Some(crate::encode::json_body(body)?),
            None => None,
        }),
        None => quote!(None),
    };
    let parse_body = match op.success().and_then(|r| r.shape.as_ref()) {
        Some(_) => quote!(crate::decode::json(response)),
        None => quote! {
            let _ = response;
            Ok(())
        },
    };

    // Fluent builder.
    let builder_fields = super::builder_state(&fields);
    let builder_inits = fields.iter().map(|f| {
        let ident = field_ident(f);
        quote!(#ident: None,)
    });
    let setters = super::builder_setters(&fields);
    let assemble = fields.iter().map(|f| {
        let ident = field_ident(f);
        if f.required {
            let value = super::take_required(f);
            quote!(#ident: #value,)
        } else {
            quote!(#ident: self.#ident,)
        }
    });
    let builder_label = format!("{}Request", op.name);
    let builder_doc = format!(
        " Fluent builder for `{}`, made by [`crate::Client::{snake}`].",
        op.name
    );
    let builder_debug = redacted_debug(quote!(#builder<'_>), &builder_label, &fields, |_| true);

    let pagination = op.pagination.as_ref().map(|p| {
        let offset = format_ident!("{}", p.offset);
        let limit = format_ident!("{}", p.limit);
        let items = format_ident!("{}", p.items);
        let count = format_ident!("{}", p.count);
        let item_ty = rust_type(&p.item_shape.ty);
        let page_size = Literal::i64_unsuffixed(p.max_limit.unwrap_or(100));
        let max_offset = super::opt_lit_i64(p.max_offset);
        let offset_param = op.params.iter().find(|q| q.field.rust_name == p.offset);
        let limit_param = op.params.iter().find(|q| q.field.rust_name == p.limit);
        let conv = |f: Option<&crate::model::Param>| match f.map(|q| &q.field.shape.ty) {
            Some(Ty::Int32) => quote!(crate::paginate::to_i32),
            _ => quote!(crate::paginate::to_i64),
        };
        let widen = |t: &Ty| match t {
            Ty::Int64 => quote!(),
            _ => quote!(.map(i64::from)),
        };
        let offset_widen = widen(&p.offset_ty);
        let limit_widen = widen(&p.limit_ty);
        let count_widen = widen(&p.count_ty);
        let offset_conv = conv(offset_param);
        let limit_conv = conv(limit_param);
        let doc = format!(
            " Every item across pages, fetched lazily: the request is repeated with `{}` advanced \
             by the page size until the reported `{}` is reached. Pages hold `{}` items \
             (default {}).",
            p.offset, p.count, p.limit, page_size
        );
        quote! {
            #[doc = #doc]
            ///
            /// Stops with an error if more items exist than the documented maximum offset lets
            /// the service return, rather than ending silently short.
            pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<#item_ty, crate::Error>> + 'c {
                let start = self.#offset #offset_widen .unwrap_or(0);
                let page_size = self.#limit #limit_widen .unwrap_or(#page_size);
                crate::paginate::offset_stream(#name, start, page_size, #max_offset, move |offset, limit| {
                    let request = self.clone();
                    async move {
                        let page = request
                            .#offset(#offset_conv(offset)?)
                            .#limit(#limit_conv(limit)?)
                            .send()
                            .await?;
                        Ok((page.#items.unwrap_or_default(), page.#count #count_widen))
                    }
                })
            }
        }
    });

    // Docs.
    let mut method_paras = vec![format!("{}.", prose(op.summary.trim_end_matches('.')))];
    if let Some(d) = &op.description {
        method_paras.push(prose(d));
    }
    method_paras.push(format!("`{} {}`", op.method.as_str(), op.path));
    if !op.regions.is_empty() {
        method_paras.push(format!(
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
                .map(|d| format!(" {}", prose(d)))
                .unwrap_or_default();
            format!("- {}:{}", r.status, d)
        })
        .collect();
    method_paras.push(format!("Responses:\n{}", statuses.join("\n")));
    method_paras.push(operation_example(model, op, krate));
    let method_doc = doc_attrs(&method_paras);
    let module_doc = format!(" `{}`: {}", op.name, prose(&op.summary));
    let output_doc = match op.success().and_then(|r| r.shape.as_ref()) {
        Some(s) => format!(
            " Sends the request; the output is the decoded {} body.",
            code(&type_label(s))
        ),
        None => " Sends the request; success carries no body.".to_string(),
    };

    quote! {
        #![doc = #module_doc]

        #[doc = #input_doc]
        #input_derive
        #[non_exhaustive]
        pub struct #input { #( #input_field_defs )* }
        #input_debug

        impl #input {
            /// Checks every documented bound, naming the first field that violates one.
            pub fn validate(&self) -> Result<(), crate::validate::ValidationError> {
                #( #checks )*
                Ok(())
            }
        }

        impl crate::operation::Operation for #input {
            type Output = #output;

            const META: crate::operation::OperationMeta = crate::operation::OperationMeta {
                name: #name,
                method: #method,
                path: #path_template,
                idempotent: #idempotent,
                uses_project_id: #uses_project_id,
                regions: &[#( #regions ),*],
            };

            fn validate(&self) -> Result<(), crate::validate::ValidationError> {
                #input::validate(self)
            }

            fn to_http(&self, project_id: Option<&str>) -> Result<crate::operation::HttpRequest, crate::Error> {
                #project_binding
                #project_unused
                let mut path = String::with_capacity(#path_len);
                #( #path_pushes )*
                #query_decl
                #( #query_pushes )*
                #headers_decl
                #( #header_pushes )*
                Ok(crate::operation::HttpRequest { path, query, headers, body: #body_expr })
            }

            fn parse(response: &crate::operation::RawResponse) -> Result<Self::Output, crate::Error> {
                #parse_body
            }
        }

        #[doc = #builder_doc]
        #[derive(Clone)]
        pub struct #builder<'c> {
            client: &'c crate::Client,
            options: crate::RequestOptions,
            #( #builder_fields )*
        }
        #builder_debug

        impl<'c> #builder<'c> {
            pub(crate) fn new(client: &'c crate::Client) -> Self {
                Self { client, options: crate::RequestOptions::default(), #( #builder_inits )* }
            }

            #( #setters )*

            /// Overrides client settings (timeouts, retries, validation) for this call only.
            pub fn options(mut self, options: crate::RequestOptions) -> Self {
                self.options = options;
                self
            }

            /// The input as it will be sent; fails if a required value is missing.
            pub fn into_input(self) -> Result<#input, crate::validate::ValidationError> {
                Ok(#input { #( #assemble )* })
            }

            #[doc = #output_doc]
            pub async fn send(self) -> Result<#output, crate::Error> {
                let client = self.client;
                let options = self.options.clone();
                let input = self.into_input()?;
                client.call_with(input, &options).await
            }

            #pagination
        }

        impl crate::Client {
            #method_doc
            pub fn #method_ident(&self) -> #builder<'_> {
                #builder::new(self)
            }
        }
    }
}

fn type_label(shape: &Shape) -> String {
    match &shape.ty {
        Ty::Array(inner) => format!("[{}]", type_label(inner)),
        Ty::Object(n) | Ty::Enum(n) => n.clone(),
        Ty::String => "string".into(),
        Ty::Int32 | Ty::Int64 => "integer".into(),
        Ty::Float | Ty::Double => "number".into(),
        Ty::Bool => "boolean".into(),
    }
}

fn method_tokens(m: Method) -> TokenStream {
    match m {
        Method::Get => quote!(crate::operation::Method::Get),
        Method::Post => quote!(crate::operation::Method::Post),
        Method::Put => quote!(crate::operation::Method::Put),
        Method::Delete => quote!(crate::operation::Method::Delete),
        Method::Patch => quote!(crate::operation::Method::Patch),
        Method::Head => quote!(crate::operation::Method::Head),
    }
}
