//! Named types: object structs (with a builder and `Validate` where requests use them) and
//! open enums that keep values the spec does not list.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{bounds_line, code, doc_attrs, field_docs, prose};
use super::validate::validate_impl;
use super::verbatim::{self, Mode, Variant};
use super::{field_ident, field_type, patterns_use, rust_type};
use crate::pipeline::format::Chunk;
use crate::pipeline::model::{EnumValue, Field, IntEnumValue, Model, NamedType, Shape, TypeKind};
use crate::pipeline::names;

/// The start of `types.rs`: its docs and imports.
pub fn emit_types_head(model: &Model, rt: &TokenStream) -> Vec<Chunk> {
    let request_fields = model
        .types
        .iter()
        .filter(|t| t.in_request)
        .filter_map(|t| match &t.kind {
            TypeKind::Object(fields) => Some(fields.iter()),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Alias(_) => None,
        })
        .flatten();
    let patterns = patterns_use(request_fields);
    vec![Chunk::Code(quote! {
        //! Types shared by the operations: request bodies, response bodies and enums.
        #![allow(clippy::doc_markdown)]
        #rt
        #patterns
    })]
}

/// One named type, with its builder and `Validate` impl where requests use it.
pub fn emit_type(t: &NamedType) -> Vec<Chunk> {
    match &t.kind {
        TypeKind::Object(fields) => emit_object(t, fields),
        TypeKind::Enum(values) => vec![Chunk::Verbatim(emit_enum(t, values))],
        TypeKind::IntEnum(values) => vec![Chunk::Verbatim(emit_int_enum(t, values))],
        TypeKind::Alias(shape) => vec![Chunk::Code(emit_alias(t, shape))],
    }
}

/// `pub type Name = ...;`: fields of the alias's type are resolved to what it stands for, so
/// the alias is there for callers who want the name.
fn emit_alias(t: &NamedType, shape: &Shape) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let ty = rust_type(&shape.ty);
    let mut paras = vec![t
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("The `{}` values.", t.name))];
    paras.extend(bounds_line(shape));
    let doc = doc_attrs(&paras);
    quote! {
        #doc
        pub type #name = #ty;
    }
}

/// Whether the struct holds a field as `Option<T>`. Response types are lenient: any field may
/// be missing from what the service sends.
pub fn is_optional(t: &NamedType, f: &Field) -> bool {
    !f.required || t.in_response
}

fn emit_object(t: &NamedType, fields: &[Field]) -> Vec<Chunk> {
    let name = format_ident!("{}", t.name);
    let mut paras = vec![t
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("The `{}` object.", t.name))];
    if t.in_request && t.in_response {
        paras.push("Used in requests and responses; every field is optional when decoding.".into());
    } else if t.in_request {
        paras.push(format!(
            "Build it with [`{}::{}`]; bounds are checked before a request is sent.",
            t.name,
            names::BUILDER
        ));
    }
    let doc = doc_attrs(&paras);
    let default = fields
        .iter()
        .all(|f| is_optional(t, f))
        .then(|| quote!(Default,));
    let field_defs = fields.iter().map(|f| {
        let ident = field_ident(f);
        let ty = field_type(f);
        let docs = field_docs(f, true);
        let rename = (f.rust_name != f.wire_name).then(|| {
            let w = &f.wire_name;
            quote!(#[serde(rename = #w)])
        });
        if is_optional(t, f) {
            quote! {
                #docs
                #rename
                #[serde(skip_serializing_if = "Option::is_none")]
                pub #ident: Option<#ty>,
            }
        } else {
            quote! { #docs #rename pub #ident: #ty, }
        }
    });
    let mut chunks = vec![Chunk::Code(quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name { #( #field_defs )* }
    })];
    if t.in_request {
        chunks.extend(emit_request_impls(t, fields));
    }
    chunks
}

/// Builder and `Validate` for a type that requests carry.
fn emit_request_impls(t: &NamedType, fields: &[Field]) -> Vec<Chunk> {
    let name = format_ident!("{}", t.name);
    let builder = names::builder_type(&t.name);
    let builder_ident = format_ident!("{}", builder);
    let builder_fn = format_ident!("{}", names::BUILDER);
    let modes: Vec<(&Field, Mode)> = fields
        .iter()
        .map(|f| {
            let mode = match (is_optional(t, f), f.required) {
                (true, true) => Mode::RequiredInOption,
                (true, false) => Mode::Optional,
                (false, _) => Mode::Required,
            };
            (f, mode)
        })
        .collect();
    let validate = validate_impl(&quote!(#name), fields, |f| is_optional(t, f));
    let new_doc = format!(
        " Starts a [`{builder}`]; `{}()` fails if a required field is missing.",
        names::BUILD
    );
    let head = quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn #builder_fn() -> #builder_ident {
                #builder_ident::default()
            }
        }

        #validate
    };
    vec![
        Chunk::Code(head),
        Chunk::Verbatim(verbatim::builder_macro(
            "builder",
            &[format!("Builder for [`{}`].", t.name)],
            &format!("pub struct {builder} => {}", t.name),
            &modes,
        )),
    ]
}

fn emit_enum(t: &NamedType, values: &[EnumValue]) -> String {
    let docs = vec![t
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("The `{}` values.", t.name))];
    let variants: Vec<Variant> = values
        .iter()
        .map(|v| {
            let text = match &v.description {
                Some(d) => format!("{}: {}", code(&v.value), prose(d)),
                None => code(&v.value),
            };
            Variant::string(vec![text], &v.variant, &v.value)
        })
        .collect();
    let open = names::open_variant(values.iter().map(|v| v.variant.as_str()));
    verbatim::enum_macro("string_enum", &docs, &t.name, &variants, &open)
}

/// An integer enum: `rt::int_enum!`, each variant with its code.
fn emit_int_enum(t: &NamedType, values: &[IntEnumValue]) -> String {
    let docs = vec![t
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("The `{}` codes.", t.name))];
    let variants: Vec<Variant> = values
        .iter()
        .map(|v| {
            let code_text = code(&v.value.to_string());
            let text = match &v.description {
                Some(d) => format!("{code_text}: {}", prose(d)),
                None => code_text,
            };
            Variant {
                docs: vec![text],
                ident: v.variant.clone(),
                value: v.value.to_string(),
            }
        })
        .collect();
    let open = names::open_variant(values.iter().map(|v| v.variant.as_str()));
    verbatim::enum_macro("int_enum", &docs, &t.name, &variants, &open)
}
