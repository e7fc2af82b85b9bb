//! `Validate` impls: one `rt::check` per bounded field, its bounds written as data
//! (`rt::Str::len(1, 100)`, `rt::Int::range(0, 10)`, ...). The checking itself is the
//! runtime's.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::{field_ident, pattern_ident};
use crate::pipeline::model::{Field, Number, Shape, Ty};

/// `impl rt::Validate for <name>` checking `fields`; `optional` says which fields the struct
/// holds as `Option`.
pub fn validate_impl(
    name: &TokenStream,
    fields: &[Field],
    optional: impl Fn(&Field) -> bool,
) -> TokenStream {
    let checks = fields.iter().filter_map(|f| field_check(f, optional(f)));
    quote! {
        impl rt::Validate for #name {
            fn validate(&self) -> Result<(), rt::ValidationError> {
                #( #checks )*
                Ok(())
            }
        }
    }
}

/// The statement that checks one field, if it has anything to check.
fn field_check(f: &Field, optional: bool) -> Option<TokenStream> {
    let ident = field_ident(f);
    let key = &f.rust_name;
    match (rules(&f.shape), optional && f.required) {
        // Kept optional for decoding, but a request must carry it.
        (rules, true) => {
            let rules = rules.unwrap_or_else(|| any_rules(&f.shape.ty));
            Some(quote!(rt::check_present(#key, &self.#ident, &#rules)?;))
        }
        (Some(rules), false) => Some(quote!(rt::check(#key, &self.#ident, &#rules)?;)),
        (None, false) => None,
    }
}

/// The rules a value of this shape is checked against, or `None` when nothing applies.
pub fn rules(shape: &Shape) -> Option<TokenStream> {
    let b = &shape.bounds;
    match &shape.ty {
        Ty::String => {
            let lengths = match (b.min_length, b.max_length) {
                (None, None) => quote!(rt::Str::ANY),
                (Some(min), None) => {
                    let min = Literal::u64_unsuffixed(min);
                    quote!(rt::Str::min(#min))
                }
                (None, Some(max)) => {
                    let max = Literal::u64_unsuffixed(max);
                    quote!(rt::Str::max(#max))
                }
                (Some(min), Some(max)) => {
                    let (min, max) = (Literal::u64_unsuffixed(min), Literal::u64_unsuffixed(max));
                    quote!(rt::Str::len(#min, #max))
                }
            };
            match &b.pattern {
                Some(p) if b.min_length.is_none() && b.max_length.is_none() => {
                    let id = pattern_ident(p);
                    Some(quote!(rt::Str::pattern(&#id)))
                }
                Some(p) => {
                    let id = pattern_ident(p);
                    Some(quote!(#lengths.matching(&#id)))
                }
                None if b.min_length.is_none() && b.max_length.is_none() => None,
                None => Some(lengths),
            }
        }
        Ty::Int32 | Ty::Int64 => {
            let int = |n: Option<Number>| match n {
                Some(Number::Int(v)) => Some(int_lit(v)),
                _ => None,
            };
            match (int(b.minimum), int(b.maximum)) {
                (None, None) => None,
                (Some(min), None) => Some(quote!(rt::Int::min(#min))),
                (None, Some(max)) => Some(quote!(rt::Int::max(#max))),
                (Some(min), Some(max)) => Some(quote!(rt::Int::range(#min, #max))),
            }
        }
        Ty::Float | Ty::Double => {
            let float = |n: Option<Number>| match n {
                Some(Number::Float(v)) => Some(float_lit(v)),
                Some(Number::Int(v)) => Some(float_lit(v as f64)),
                None => None,
            };
            match (float(b.minimum), float(b.maximum)) {
                (None, None) => None,
                (Some(min), None) => Some(quote!(rt::Num::min(#min))),
                (None, Some(max)) => Some(quote!(rt::Num::max(#max))),
                (Some(min), Some(max)) => Some(quote!(rt::Num::range(#min, #max))),
            }
        }
        Ty::Bool | Ty::Any => None,
        // A map checks each value against the values' rules.
        Ty::Map(inner) => rules(inner),
        // Enums accept only listed values; objects check their own fields.
        Ty::Enum(_) | Ty::Object(_) => Some(quote!(())),
        Ty::Array(inner) => {
            let each = rules(inner);
            if b.min_items.is_none() && b.max_items.is_none() && each.is_none() {
                return None;
            }
            let each = each.unwrap_or_else(|| any_rules(&inner.ty));
            Some(match (b.min_items, b.max_items) {
                (None, None) => quote!(rt::Items::each(#each)),
                (Some(min), None) => {
                    let min = Literal::u64_unsuffixed(min);
                    quote!(rt::Items::min(#min, #each))
                }
                (None, Some(max)) => {
                    let max = Literal::u64_unsuffixed(max);
                    quote!(rt::Items::max(#max, #each))
                }
                (Some(min), Some(max)) => {
                    let (min, max) = (Literal::u64_unsuffixed(min), Literal::u64_unsuffixed(max));
                    quote!(rt::Items::len(#min, #max, #each))
                }
            })
        }
    }
}

/// Rules that accept every value of the type.
fn any_rules(ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(rt::Str::ANY),
        Ty::Int32 | Ty::Int64 => quote!(rt::Int::ANY),
        Ty::Float | Ty::Double => quote!(rt::Num::ANY),
        Ty::Array(inner) => {
            let each = any_rules(&inner.ty);
            quote!(rt::Items::each(#each))
        }
        Ty::Map(inner) => any_rules(&inner.ty),
        Ty::Bool | Ty::Enum(_) | Ty::Object(_) | Ty::Any => quote!(()),
    }
}

fn int_lit(v: i64) -> TokenStream {
    let l = Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote!(-#l)
    } else {
        quote!(#l)
    }
}

fn float_lit(v: f64) -> TokenStream {
    let l = Literal::f64_unsuffixed(v.abs());
    if v < 0.0 {
        quote!(-#l)
    } else {
        quote!(#l)
    }
}
