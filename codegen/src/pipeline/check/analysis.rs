//! Analysis, not checks: what the definitions imply once all of them are known. It runs after
//! the checks, on the model they built:
//!
//! - usage: which types requests and responses reach. Emission gives request types a builder
//!   and `validate()`, and makes every field of a response type optional when decoding.
//! - pagination: the offset/limit parameters and the list and count fields that an
//!   operation's `pagination` names, resolved to the model's fields and types. A name that
//!   does not resolve is reported like a failed check.

use std::collections::HashMap;

use crate::pipeline::diag::Diagnostics;
use crate::pipeline::load::LoadedSpec;
use crate::pipeline::model::{
    Model, NamedType, Number, Operation, Pagination, Param, ParamLocation, Shape, Ty, TypeKind,
};
use crate::spec::PaginationDef;

/// Marks usage, then resolves pagination.
pub(super) fn analyze(model: &mut Model, spec: &LoadedSpec, diags: &mut Diagnostics) {
    mark_usage(&mut model.types, &model.operations);
    resolve_pagination(model, spec, diags);
}

/// Sets `in_request` and `in_response` on every type a request or a response reaches.
fn mark_usage(types: &mut [NamedType], operations: &[Operation]) {
    let index: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let mut request_roots = Vec::new();
    let mut response_roots = Vec::new();
    for op in operations {
        if let Some(b) = &op.body {
            collect_named(&b.shape.ty, &mut request_roots);
        }
        for p in &op.params {
            collect_named(&p.field.shape.ty, &mut request_roots);
        }
        for r in &op.responses {
            if let Some(s) = &r.shape {
                collect_named(&s.ty, &mut response_roots);
            }
        }
    }
    for (roots, is_request) in [(request_roots, true), (response_roots, false)] {
        let mut stack = roots;
        while let Some(n) = stack.pop() {
            let Some(&i) = index.get(&n) else { continue };
            let t = &mut types[i];
            let flag = if is_request {
                &mut t.in_request
            } else {
                &mut t.in_response
            };
            if *flag {
                continue;
            }
            *flag = true;
            if let TypeKind::Object(fields) = &t.kind {
                for f in fields {
                    collect_named(&f.shape.ty, &mut stack);
                }
            }
        }
    }
}

/// The named types a type expression refers to.
fn collect_named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Object(n) | Ty::Enum(n) => out.push(n.clone()),
        Ty::Array(inner) | Ty::Map(inner) => collect_named(&inner.ty, out),
        _ => {}
    }
}

/// Sets `pagination` on every operation whose spec asks for paging, or reports why it cannot.
fn resolve_pagination(model: &mut Model, spec: &LoadedSpec, diags: &mut Diagnostics) {
    let mut resolved = Vec::new();
    for (file, name, def) in &spec.operations {
        let Some(p) = &def.pagination else { continue };
        // An operation that failed its own checks has already been reported.
        let Some(op) = model.operations.iter().find(|o| &o.name == name) else {
            continue;
        };
        match pagination(model, op, p) {
            Ok(pagination) => resolved.push((name.clone(), pagination)),
            Err(message) => diags.push(file, format!("operations.{name}.pagination"), message),
        }
    }
    for (name, pagination) in resolved {
        if let Some(op) = model.operations.iter_mut().find(|o| o.name == name) {
            op.pagination = Some(pagination);
        }
    }
}

/// Offset/limit paging: integer query parameters, and an object output with an array of
/// items and an integer count.
fn pagination(model: &Model, op: &Operation, p: &PaginationDef) -> Result<Pagination, String> {
    let query_int = |name: &str| {
        op.params.iter().find(|q| {
            q.location == ParamLocation::Query
                && q.field.wire_name == name
                && matches!(q.field.shape.ty, Ty::Int32 | Ty::Int64)
        })
    };
    let (Some(offset), Some(limit)) = (query_int(&p.offset), query_int(&p.limit)) else {
        return Err("`offset` and `limit` must name integer query parameters".into());
    };
    let Some(Shape {
        ty: Ty::Object(out),
        ..
    }) = op.success().and_then(|r| r.shape.as_ref())
    else {
        return Err("paging needs a success response that is an object".into());
    };
    let fields = match model.type_named(out).map(|t| &t.kind) {
        Some(TypeKind::Object(fields)) => fields,
        _ => return Err(format!("`{out}` is not an object type")),
    };
    let items = fields.iter().find(|f| f.wire_name == p.items);
    let count = fields.iter().find(|f| f.wire_name == p.count);
    let (Some(items), Some(count)) = (
        items,
        count.filter(|c| matches!(c.shape.ty, Ty::Int32 | Ty::Int64)),
    ) else {
        return Err(format!(
            "pagination needs an array field `{}` and an integer field `{}` in `{out}`",
            p.items, p.count
        ));
    };
    let Ty::Array(item_shape) = &items.shape.ty else {
        return Err(format!(
            "pagination `items: {}` is not an array field of `{out}`",
            p.items
        ));
    };
    let max = |q: &Param| match q.field.shape.bounds.maximum {
        Some(Number::Int(v)) => Some(v),
        _ => None,
    };
    Ok(Pagination {
        offset: offset.field.rust_name.clone(),
        limit: limit.field.rust_name.clone(),
        items: items.rust_name.clone(),
        count: count.rust_name.clone(),
        item_shape: (**item_shape).clone(),
        offset_ty: offset.field.shape.ty.clone(),
        limit_ty: limit.field.shape.ty.clone(),
        count_ty: count.shape.ty.clone(),
        max_limit: max(limit),
        max_offset: max(offset),
    })
}
