//! Validation code for one field: bounds, patterns, enum values, nested objects and arrays.
//!
//! The checks call small generic functions in `oms_client::validate`; only the field names and
//! the bound values are generated.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{field_ident, opt_lit_f64, opt_lit_i64, opt_lit_u64, pattern_ident};
use crate::model::{Field, Number, Shape, Ty};

/// Statements that check `receiver.<field>`; empty when the field has nothing to check.
pub fn validate_field(f: &Field, optional: bool, receiver: TokenStream) -> TokenStream {
    let ident = field_ident(f);
    let key = &f.rust_name;
    let body = shape_checks(&f.shape, &quote!(value), &Naming::Field(key));
    match (optional, f.required) {
        (false, _) => match body {
            Some(b) => quote! { { let value = &#receiver.#ident; #b } },
            None => quote!(),
        },
        (true, true) => {
            let b = body.unwrap_or_default();
            quote! {
                match &#receiver.#ident {
                    Some(value) => { #b }
                    None => return Err(crate::validate::ValidationError::new(#key, crate::validate::Problem::Missing)),
                }
            }
        }
        (true, false) => match body {
            Some(b) => quote! { if let Some(value) = &#receiver.#ident { #b } },
            None => quote!(),
        },
    }
}

/// How a failing check names its place: a field, or item `i` of an array field.
enum Naming<'a> {
    Field(&'a str),
    Item(&'a str),
}

impl Naming<'_> {
    fn problem(&self) -> TokenStream {
        match self {
            Naming::Field(k) => quote!(|p| crate::validate::ValidationError::new(#k, p)),
            Naming::Item(k) => quote!(|p| crate::validate::ValidationError::item(#k, index, p)),
        }
    }
    fn nested(&self) -> TokenStream {
        match self {
            Naming::Field(k) => quote!(|e| e.within(#k)),
            Naming::Item(k) => quote!(|e| e.within_item(#k, index)),
        }
    }
}

fn shape_checks(shape: &Shape, value: &TokenStream, naming: &Naming<'_>) -> Option<TokenStream> {
    let b = &shape.bounds;
    let problem = naming.problem();
    match &shape.ty {
        Ty::String => {
            if b.min_length.is_none() && b.max_length.is_none() && b.pattern.is_none() {
                return None;
            }
            let min = opt_lit_u64(b.min_length);
            let max = opt_lit_u64(b.max_length);
            let pattern = match &b.pattern {
                Some(p) => {
                    let id = pattern_ident(p);
                    quote!(Some(&crate::generated::patterns::#id))
                }
                None => quote!(None),
            };
            Some(
                quote! { crate::validate::string(#value, #min, #max, #pattern).map_err(#problem)?; },
            )
        }
        Ty::Int32 | Ty::Int64 => {
            if b.minimum.is_none() && b.maximum.is_none() {
                return None;
            }
            let as_int = |n: Option<Number>| match n {
                Some(Number::Int(v)) => Some(v),
                _ => None,
            };
            let min = opt_lit_i64(as_int(b.minimum));
            let max = opt_lit_i64(as_int(b.maximum));
            Some({
                let v = if matches!(shape.ty, Ty::Int64) {
                    quote!(*#value)
                } else {
                    quote!(i64::from(*#value))
                };
                quote! { crate::validate::integer(#v, #min, #max).map_err(#problem)?; }
            })
        }
        Ty::Float | Ty::Double => {
            if b.minimum.is_none() && b.maximum.is_none() {
                return None;
            }
            let as_float = |n: Option<Number>| match n {
                Some(Number::Float(v)) => Some(v),
                Some(Number::Int(v)) => Some(v as f64),
                None => None,
            };
            let min = opt_lit_f64(as_float(b.minimum));
            let max = opt_lit_f64(as_float(b.maximum));
            Some({
                let v = if matches!(shape.ty, Ty::Double) {
                    quote!(*#value)
                } else {
                    quote!(f64::from(*#value))
                };
                quote! { crate::validate::number(#v, #min, #max).map_err(#problem)?; }
            })
        }
        Ty::Bool => None,
        Ty::Enum(_) => Some(quote! { crate::validate::known(#value).map_err(#problem)?; }),
        Ty::Object(_) => {
            let nested = naming.nested();
            Some(quote! { #value.validate().map_err(#nested)?; })
        }
        Ty::Array(inner) => {
            let key = match naming {
                Naming::Field(k) | Naming::Item(k) => *k,
            };
            let count = (b.min_items.is_some() || b.max_items.is_some()).then(|| {
                let min = opt_lit_u64(b.min_items);
                let max = opt_lit_u64(b.max_items);
                quote! { crate::validate::items(#value.len(), #min, #max).map_err(#problem)?; }
            });
            let item = format_ident!("item");
            let per_item = shape_checks(inner, &quote!(#item), &Naming::Item(key)).map(|c| {
                quote! {
                    for (index, #item) in #value.iter().enumerate() {
                        #c
                    }
                }
            });
            if count.is_none() && per_item.is_none() {
                return None;
            }
            Some(quote! { #count #per_item })
        }
    }
}
