//! `Decode` impls: how a server reads an operation's input back from a request, the inverse of
//! its `write`. Behind the generated crate's `server` feature, so that clients compile none of
//! it.

use proc_macro2::TokenStream;
use quote::quote;

use super::field_ident;
use crate::model::{Operation, ParamLocation};

/// `impl rt::server::Decode for <input>`, reading every parameter and the body.
pub fn decode_impl(op: &Operation, input: &TokenStream) -> TokenStream {
    let params = op.params.iter().map(|p| {
        let ident = field_ident(&p.field);
        let key = &p.field.wire_name;
        let read = match p.location {
            ParamLocation::Path => quote!(r.path_param(#key)?),
            ParamLocation::Query => quote!(r.query(#key)?),
            ParamLocation::Header => quote!(r.header(#key)?),
        };
        quote!(#ident: #read,)
    });
    let body = op.body.as_ref().map(|b| {
        if b.required {
            quote!(body: r.json()?,)
        } else {
            quote!(body: r.json_opt()?,)
        }
    });
    let reader = if op.params.is_empty() && op.body.is_none() {
        quote!(_: &rt::server::RequestReader<'_>)
    } else {
        quote!(r: &rt::server::RequestReader<'_>)
    };
    quote! {
        #[cfg(feature = "server")]
        impl rt::server::Decode for #input {
            fn decode(#reader) -> Result<Self, rt::ValidationError> {
                Ok(Self { #( #params )* #body })
            }
        }
    }
}
