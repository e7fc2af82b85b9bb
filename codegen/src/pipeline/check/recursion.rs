//! Object types that contain themselves by value, directly or through other types, arrays
//! or maps: they cannot be represented, and each one is reported.

use std::collections::{BTreeSet, HashMap};

use super::Checker;
use crate::pipeline::model::{NamedType, Ty, TypeKind};

impl Checker<'_> {
    pub(super) fn check_recursion(&mut self, types: &[NamedType]) {
        let by_name: HashMap<&str, &NamedType> =
            types.iter().map(|t| (t.name.as_str(), t)).collect();
        for t in types {
            if contains_itself(t, &by_name) {
                let file = self.type_file(&t.name);
                self.diags.push(
                    file,
                    format!("types.{}", t.name),
                    "the type contains itself; recursive types are not supported",
                );
            }
        }
    }
}

/// Whether `t` is reachable from its own fields.
fn contains_itself<'t>(t: &'t NamedType, by_name: &HashMap<&'t str, &'t NamedType>) -> bool {
    let mut stack = vec![t.name.as_str()];
    let mut seen = BTreeSet::new();
    while let Some(n) = stack.pop() {
        let Some(TypeKind::Object(fields)) = by_name.get(n).copied().map(|t| &t.kind) else {
            continue;
        };
        for f in fields {
            if let Some(child) = object_ref(&f.shape.ty) {
                if child == t.name {
                    return true;
                }
                if seen.insert(child.to_string()) {
                    stack.push(child);
                }
            }
        }
    }
    false
}

/// The object type a field holds by value, directly or as array items or map values.
fn object_ref(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Object(n) => Some(n),
        Ty::Array(inner) | Ty::Map(inner) => object_ref(&inner.ty),
        _ => None,
    }
}
