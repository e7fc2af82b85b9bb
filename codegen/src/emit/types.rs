//! Named types: object structs (with builders and validation where requests use them) and
//! string enums that keep values the spec does not list.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{doc_attrs, field_docs, prose};
use super::validate::validate_field;
use super::{field_ident, rust_type};
use crate::model::{EnumValue, Field, Model, NamedType, TypeKind};

pub fn emit_types(model: &Model) -> TokenStream {
    let items = model.types.iter().map(|t| match &t.kind {
        TypeKind::Object(fields) => emit_object(t, fields),
        TypeKind::Enum(values) => emit_enum(t, values),
    });
    quote! {
        //! Types shared by the operations: request bodies, response bodies and enums.
        #![allow(clippy::doc_markdown)]
                #( #items )*
    }
}

/// Whether the struct holds a field as `Option<T>`. Response types are lenient: any field may
/// be missing from what the service sends.
pub fn is_optional(t: &NamedType, f: &Field) -> bool {
    !f.required || t.in_response
}

fn emit_object(t: &NamedType, fields: &[Field]) -> TokenStream {
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
            "Build it with [`{}::builder`]; bounds are checked before a request is sent.",
            t.name
        ));
    }
    let doc = doc_attrs(&paras);
    let has_sensitive = fields.iter().any(|f| f.sensitive);
    let all_optional = fields.iter().all(|f| is_optional(t, f));
    let mut derives = vec![
        quote!(Clone),
        quote!(PartialEq),
        quote!(serde::Serialize),
        quote!(serde::Deserialize),
    ];
    if !has_sensitive {
        derives.push(quote!(Debug));
    }
    if all_optional {
        derives.push(quote!(Default));
    }
    let field_defs = fields.iter().map(|f| {
        let ident = field_ident(f);
        let ty = rust_type(&f.shape.ty);
        let docs = field_docs(f, true);
        let rename = (f.rust_name != f.wire_name).then(|| {
            let w = &f.wire_name;
            quote!(#[serde(rename = #w)])
        });
        if is_optional(t, f) {
            quote! {
                #docs
                #rename
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub #ident: Option<#ty>,
            }
        } else {
            quote! { #docs #rename pub #ident: #ty, }
        }
    });
    let debug_impl = has_sensitive
        .then(|| redacted_debug(quote!(#name), &t.name, fields, |f| is_optional(t, f)));
    let request_impls = t.in_request.then(|| emit_request_impls(t, &name, fields));
    quote! {
        #doc
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name { #( #field_defs )* }
        #debug_impl
        #request_impls
    }
}

/// A `Debug` impl that prints sensitive fields as a fixed marker (and only whether an optional
/// one is set), so secrets never reach logs.
pub fn redacted_debug(
    name: TokenStream,
    label: &str,
    fields: &[Field],
    optional: impl Fn(&Field) -> bool,
) -> TokenStream {
    let entries = fields.iter().map(|f| {
        let ident = field_ident(f);
        let key = &f.rust_name;
        match (f.sensitive, optional(f)) {
            (true, true) => {
                quote!(.field(#key, &self.#ident.as_ref().map(|_| crate::redact::REDACTED)))
            }
            (true, false) => quote!(.field(#key, &crate::redact::REDACTED)),
            (false, _) => quote!(.field(#key, &self.#ident)),
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #( #entries )* .finish()
            }
        }
    }
}

/// Builder and `validate()` for a type that requests carry.
fn emit_request_impls(t: &NamedType, name: &Ident, fields: &[Field]) -> TokenStream {
    let builder = format_ident!("{}Builder", t.name);
    let builder_doc = format!(" Builder for [`{}`].", t.name);
    let builder_fields = super::builder_state(fields);
    let setters = super::builder_setters(fields);
    let build_fields = fields.iter().map(|f| {
        let ident = field_ident(f);
        match (is_optional(t, f), f.required) {
            // Kept optional for decoding, but a request must still carry it.
            (true, true) => {
                let value = super::take_required(f);
                quote!(#ident: Some(#value),)
            }
            (true, false) => quote!(#ident: self.#ident,),
            (false, _) => {
                let value = super::take_required(f);
                quote!(#ident: #value,)
            }
        }
    });
    let checks = fields
        .iter()
        .map(|f| validate_field(f, is_optional(t, f), quote!(self)));
    let (builder_derive, builder_debug_impl) = if fields.iter().any(|f| f.sensitive) {
        let label = format!("{}Builder", t.name);
        (
            quote!(#[derive(Clone, Default)]),
            redacted_debug(quote!(#builder), &label, fields, |_| true),
        )
    } else {
        (quote!(#[derive(Clone, Default, Debug)]), quote!())
    };
    let new_doc =
        format!(" Starts a [`{builder}`]; `build()` fails if a required field is missing.");
    quote! {
        impl #name {
            #[doc = #new_doc]
            pub fn builder() -> #builder {
                #builder::default()
            }

            /// Checks every bound the spec documents, naming the first field that violates one.
            pub fn validate(&self) -> Result<(), crate::validate::ValidationError> {
                #( #checks )*
                Ok(())
            }
        }

        #[doc = #builder_doc]
        #builder_derive
        pub struct #builder { #( #builder_fields )* }
        #builder_debug_impl

        impl #builder {
            #( #setters )*

            /// Assembles the value; bounds are checked later, by `validate()` or when sending.
            pub fn build(self) -> Result<#name, crate::validate::ValidationError> {
                Ok(#name { #( #build_fields )* })
            }
        }
    }
}

fn emit_enum(t: &NamedType, values: &[EnumValue]) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let mut paras = vec![t
        .description
        .as_deref()
        .map(prose)
        .unwrap_or_else(|| format!("The `{}` values.", t.name))];
    paras.push(
        "A value the service sends that this version does not know decodes as `Unknown` and \
         encodes back unchanged."
            .into(),
    );
    let doc = doc_attrs(&paras);
    let variants = values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let text = match &v.description {
            Some(d) => format!("`{}`: {}", v.value, prose(d)),
            None => format!("`{}`", v.value),
        };
        let d = doc_attrs(&[text]);
        quote!(#d #ident,)
    });
    let as_str = values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let lit = Literal::string(&v.value);
        quote!(#name::#ident => #lit,)
    });
    let from_str = values.iter().map(|v| {
        let ident = format_ident!("{}", v.variant);
        let lit = Literal::string(&v.value);
        quote!(#lit => #name::#ident,)
    });
    let all = values.iter().map(|v| Literal::string(&v.value));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #variants )*
            /// A value not listed in the spec, kept as received.
            Unknown(String),
        }

        impl #name {
            /// Every value the spec lists, in spec order.
            pub const VALUES: &'static [&'static str] = &[#( #all ),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #as_str )*
                    #name::Unknown(other) => other,
                }
            }

            /// Whether the value is one the spec does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, #name::Unknown(_))
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #from_str )*
                    other => #name::Unknown(other.to_string()),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl crate::encode::StringEnum for #name {
            fn as_str(&self) -> &str {
                #name::as_str(self)
            }
            fn is_unknown(&self) -> bool {
                #name::is_unknown(self)
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::encode::deserialize_enum(deserializer)
            }
        }
    }
}
