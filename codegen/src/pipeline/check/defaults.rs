//! Defaults: converted to the field's type (API docs often write `"false"` or `"10"`), within
//! the field's own bounds, and for enums one of the enum's values. An array's default is a
//! list of such items, within the array's counts.

use super::{ty_label, Checker};
use crate::pipeline::model::{DefaultValue, Field, Model, Number, Shape, Ty, TypeKind};
use crate::pipeline::patterns::pattern_matches;

impl Checker<'_> {
    /// Converts a default to the field's type.
    pub(super) fn check_default(
        &mut self,
        file: &str,
        place: &str,
        shape: &Shape,
        v: &serde_yaml::Value,
    ) -> Option<DefaultValue> {
        use serde_yaml::Value;
        let text = match v {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        };
        let out = match &shape.ty {
            Ty::String => text.map(|s| DefaultValue::String(s.to_string())),
            Ty::Enum(name) if self.int_enums.contains(name.as_str()) => match v {
                Value::Number(n) => n.as_i64(),
                _ => text.and_then(|s| s.trim().parse().ok()),
            }
            .map(DefaultValue::Int),
            Ty::Enum(_) => text.map(|s| DefaultValue::String(s.to_string())),
            Ty::Bool => match v {
                Value::Bool(b) => Some(DefaultValue::Bool(*b)),
                _ => text.and_then(|s| s.parse().ok()).map(DefaultValue::Bool),
            },
            Ty::Int32 | Ty::Int64 => match v {
                Value::Number(n) => n.as_i64(),
                _ => text.and_then(|s| s.trim().parse().ok()),
            }
            .filter(|n| !matches!(shape.ty, Ty::Int32) || i32::try_from(*n).is_ok())
            .map(DefaultValue::Int),
            Ty::Float | Ty::Double => match v {
                Value::Number(n) => n.as_f64(),
                _ => text.and_then(|s| s.trim().parse().ok()),
            }
            .filter(|f: &f64| f.is_finite())
            .map(DefaultValue::Float),
            Ty::Array(inner) => {
                let Value::Sequence(items) = v else {
                    self.diags.push(
                        file,
                        place,
                        format!("default `{}` is not a list, for an array", yaml_scalar(v)),
                    );
                    return None;
                };
                let converted: Option<Vec<DefaultValue>> = items
                    .iter()
                    .map(|item| self.check_default(file, place, inner, item))
                    .collect();
                // Each item that is not of the item type has been reported.
                let d = DefaultValue::Array(converted?);
                self.check_default_bounds(file, place, shape, &d);
                return Some(d);
            }
            Ty::Object(_) | Ty::Map(_) | Ty::Any => {
                self.diags.push(
                    file,
                    place,
                    "defaults are supported on scalar fields and arrays of them only",
                );
                return None;
            }
        };
        if out.is_none() {
            let expected = match &shape.ty {
                Ty::Enum(name) => format!("an integer code of enum `{name}`"),
                ty => format!("{} value", ty_label(ty)),
            };
            self.diags.push(
                file,
                place,
                format!("default `{}` is not {expected}", yaml_scalar(v)),
            );
        }
        if let Some(d) = &out {
            self.check_default_bounds(file, place, shape, d);
        }
        out
    }

    /// A default is a value the service assumes, so it must satisfy the field's own bounds.
    fn check_default_bounds(&mut self, file: &str, place: &str, shape: &Shape, d: &DefaultValue) {
        let b = &shape.bounds;
        let problem = match d {
            DefaultValue::String(v) if matches!(shape.ty, Ty::String) => {
                let n = v.chars().count() as u64;
                if b.min_length.is_some_and(|m| n < m) || b.max_length.is_some_and(|m| n > m) {
                    Some("is outside the length bounds")
                } else if b.pattern.as_deref().is_some_and(|p| !pattern_matches(p, v)) {
                    Some("does not match the pattern")
                } else {
                    None
                }
            }
            DefaultValue::Int(v) => {
                let below = matches!(b.minimum, Some(Number::Int(m)) if *v < m);
                let above = matches!(b.maximum, Some(Number::Int(m)) if *v > m);
                (below || above).then_some("is outside `minimum`..`maximum`")
            }
            DefaultValue::Float(v) => {
                let below = matches!(b.minimum, Some(Number::Float(m)) if *v < m);
                let above = matches!(b.maximum, Some(Number::Float(m)) if *v > m);
                (below || above).then_some("is outside `minimum`..`maximum`")
            }
            DefaultValue::Array(items) => {
                let n = items.len() as u64;
                if b.min_items.is_some_and(|m| n < m) || b.max_items.is_some_and(|m| n > m) {
                    Some("has a number of items outside `min_items`..`max_items`")
                } else {
                    if let Ty::Array(inner) = &shape.ty {
                        for item in items {
                            self.check_default_bounds(file, place, inner, item);
                        }
                    }
                    None
                }
            }
            _ => None,
        };
        if let Some(problem) = problem {
            self.diags.push(
                file,
                place,
                format!("default `{}` {problem}", default_text(d)),
            );
        }
    }

    /// A default of an enum-typed field or parameter must be one of the enum's values; checked
    /// once every enum is known.
    pub(super) fn check_enum_defaults(&mut self, model: &Model) {
        for t in &model.types {
            if let TypeKind::Object(fields) = &t.kind {
                let file = self.type_file(&t.name);
                for f in fields {
                    let place = format!("types.{}.fields.{}", t.name, f.wire_name);
                    self.check_enum_default(model, file, place, f);
                }
            }
        }
        for op in &model.operations {
            let file = self.operation_file(&op.name);
            for p in &op.params {
                let place = format!("operations.{}.parameters.{}", op.name, p.field.wire_name);
                self.check_enum_default(model, file, place, &p.field);
            }
        }
    }

    fn check_enum_default(&mut self, model: &Model, file: &str, place: String, f: &Field) {
        if let Some(d) = &f.default {
            for problem in enum_default_problems(model, &f.shape.ty, d) {
                self.diags.push(file, &place, problem);
            }
        }
    }
}

/// A default (or an item of an array's default) that is not a value of its enum. An enum
/// refused by its own checks, or a default already refused as not one of its kind, is
/// reported once, there.
fn enum_default_problems(model: &Model, ty: &Ty, d: &DefaultValue) -> Vec<String> {
    match (ty, d) {
        (Ty::Enum(e), d) => {
            let listed = match (model.type_named(e).map(|t| &t.kind), d) {
                (Some(TypeKind::Enum(values)), DefaultValue::String(d)) => {
                    values.iter().any(|v| v.value == *d)
                }
                (Some(TypeKind::IntEnum(values)), DefaultValue::Int(d)) => {
                    values.iter().any(|v| i64::from(v.value) == *d)
                }
                _ => true,
            };
            if listed {
                Vec::new()
            } else {
                vec![format!(
                    "default `{}` is not a value of enum `{e}`",
                    default_text(d)
                )]
            }
        }
        (Ty::Array(inner), DefaultValue::Array(items)) => items
            .iter()
            .flat_map(|item| enum_default_problems(model, &inner.ty, item))
            .collect(),
        _ => Vec::new(),
    }
}

/// A default as messages show it: `abc`, `3`, `[a, b]`.
fn default_text(d: &DefaultValue) -> String {
    match d {
        DefaultValue::String(v) => v.clone(),
        DefaultValue::Int(v) => v.to_string(),
        DefaultValue::Float(v) => v.to_string(),
        DefaultValue::Bool(v) => v.to_string(),
        DefaultValue::Array(items) => format!(
            "[{}]",
            items
                .iter()
                .map(default_text)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// A YAML value as it was written, for messages.
fn yaml_scalar(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}
