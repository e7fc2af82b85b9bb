//! Fields of object types and operation parameters: their Rust names and their shapes (the
//! type expression, resolved against the known types). Bounds and defaults have modules of
//! their own.

use std::collections::BTreeMap;

use super::{Checker, DefKind};
use crate::pipeline::model::{Bounds, Field, Shape, Ty};
use crate::pipeline::names;
use crate::spec::{FieldDef, INT32_FORMATS, INT64_FORMATS};

impl Checker<'_> {
    /// Checks a list of fields or parameters: names, types, bounds, defaults.
    pub(super) fn check_fields<'f>(
        &mut self,
        file: &str,
        place: &str,
        fields: impl Iterator<Item = (&'f String, &'f FieldDef)>,
        are_params: bool,
    ) -> Vec<Field> {
        let mut out = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (wire, def) in fields {
            let fplace = format!("{place}.{wire}");
            if !are_params && def.location.is_some() {
                self.diags
                    .push(file, &fplace, "`in` is only for operation parameters");
            }
            let Some(rust_name) = self.check_rust_name(file, &fplace, wire, def) else {
                continue;
            };
            if let Some(other) = seen.insert(rust_name.clone(), wire.clone()) {
                let msg = if other == *wire {
                    "duplicate name".to_string()
                } else {
                    format!(
                        "name collides with `{other}` after case conversion (both `{rust_name}`)"
                    )
                };
                self.diags.push(file, &fplace, msg);
                continue;
            }
            let Some(shape) = self.check_shape(file, &fplace, def) else {
                continue;
            };
            let sensitive = def.sensitive.unwrap_or(false);
            if sensitive && !is_stringy(&shape.ty) {
                self.diags
                    .push(file, &fplace, "`sensitive` applies only to strings");
            }
            let default = def
                .default
                .as_ref()
                .and_then(|d| self.check_default(file, &fplace, &shape, d));
            out.push(Field {
                wire_name: wire.clone(),
                rust_name,
                shape,
                required: def.required.unwrap_or(false),
                default,
                description: def.description.clone(),
                sensitive,
            });
        }
        out
    }

    /// The field's Rust name: its `rust_name`, or the wire name in snake_case.
    fn check_rust_name(
        &mut self,
        file: &str,
        place: &str,
        wire: &str,
        def: &FieldDef,
    ) -> Option<String> {
        match &def.rust_name {
            Some(r) => {
                if !names::is_snake_ident(r) {
                    self.diags.push(
                        file,
                        place,
                        format!("rust_name `{r}` is not a snake_case Rust identifier"),
                    );
                    return None;
                }
                Some(r.clone())
            }
            None => {
                let snake = names::field_name(wire);
                if names::is_keyword(&snake) {
                    self.diags.push(
                        file,
                        place,
                        format!("`{snake}` is a Rust keyword: set `rust_name` to another name"),
                    );
                    return None;
                }
                if !names::is_ident(&snake) {
                    self.diags.push(
                        file,
                        place,
                        format!("`{wire}` does not make a Rust identifier: set `rust_name`"),
                    );
                    return None;
                }
                Some(snake)
            }
        }
    }

    /// Resolves a type expression and checks that its bounds fit it. A field of an alias's
    /// type takes the alias's shape, and its bounds, each replaced by one the field gives.
    pub(super) fn check_shape(&mut self, file: &str, place: &str, def: &FieldDef) -> Option<Shape> {
        let Some(ty_name) = def.ty.as_deref() else {
            self.diags.push(file, place, "missing `type`");
            return None;
        };
        let format = def.format.as_deref();
        let mut inherited = None;
        let ty = match (ty_name, format) {
            ("string", None) => Ty::String,
            ("integer", None) => Ty::Int64,
            ("integer", Some(f)) if INT32_FORMATS.contains(&f) => Ty::Int32,
            ("integer", Some(f)) if INT64_FORMATS.contains(&f) => Ty::Int64,
            ("number", Some("float")) => Ty::Float,
            ("number", Some("double") | None) => Ty::Double,
            ("boolean", None) => Ty::Bool,
            ("array", None) => Ty::Array(Box::new(
                self.check_element(file, place, "items", &def.items)?,
            )),
            ("map", None) => Ty::Map(Box::new(self.check_element(
                file,
                place,
                "values",
                &def.values,
            )?)),
            ("any", None) => Ty::Any,
            ("string" | "boolean" | "array" | "map" | "any", Some(f)) => {
                self.diags.push(
                    file,
                    place,
                    format!("`format: {f}` does not apply to type `{ty_name}`"),
                );
                return None;
            }
            ("integer", Some(f)) => {
                self.diags.push(
                    file,
                    place,
                    format!(
                        "unknown integer format `{f}` (int32, also written {}; or int64, also written {})",
                        INT32_FORMATS[1..].join(", "),
                        INT64_FORMATS[1..].join(", ")
                    ),
                );
                return None;
            }
            ("number", Some(f)) => {
                self.diags.push(
                    file,
                    place,
                    format!("unknown number format `{f}` (float or double)"),
                );
                return None;
            }
            (named, fmt) => {
                let (ty, bounds) = self.named_type(file, place, named, fmt)?;
                inherited = bounds;
                ty
            }
        };
        if def.items.is_some() && ty_name != "array" {
            self.diags
                .push(file, place, "`items` applies only to arrays");
        }
        if def.values.is_some() && ty_name != "map" {
            self.diags
                .push(file, place, "`values` applies only to maps");
        }
        let own = self.check_bounds(file, place, &ty, def);
        let bounds = match inherited {
            Some(alias) => self.merge_alias_bounds(file, place, alias, own),
            None => own,
        };
        Some(Shape { ty, bounds })
    }

    /// The shape of an array's items or a map's values, which take only a type and bounds.
    fn check_element(
        &mut self,
        file: &str,
        place: &str,
        key: &str,
        element: &Option<Box<FieldDef>>,
    ) -> Option<Shape> {
        let Some(element) = element else {
            let what = if key == "items" { "an array" } else { "a map" };
            self.diags
                .push(file, place, format!("{what} needs `{key}`"));
            return None;
        };
        let eplace = format!("{place}.{key}");
        if element.required.is_some()
            || element.location.is_some()
            || element.default.is_some()
            || element.rust_name.is_some()
        {
            let what = if key == "items" {
                "array items"
            } else {
                "map values"
            };
            self.diags
                .push(file, &eplace, format!("{what} take only a type and bounds"));
        }
        let inner = self.check_shape(file, &eplace, element)?;
        if element.sensitive == Some(true) && !is_stringy(&inner.ty) {
            self.diags
                .push(file, &eplace, "`sensitive` applies only to strings");
        }
        Some(inner)
    }

    /// A reference to a type of the spec, which takes no `format`; for an alias, what it
    /// stands for and its bounds.
    fn named_type(
        &mut self,
        file: &str,
        place: &str,
        named: &str,
        format: Option<&str>,
    ) -> Option<(Ty, Option<Bounds>)> {
        let Some(&(_, kind)) = self.type_defs.get(named) else {
            if !self.rejected_types.contains(named) {
                self.diags
                    .push(file, place, format!("unknown type `{named}`"));
            }
            return None;
        };
        if let Some(f) = format {
            self.diags.push(
                file,
                place,
                format!("`format: {f}` does not apply to type `{named}`"),
            );
        }
        Some(match kind {
            DefKind::Enum => (Ty::Enum(named.to_string()), None),
            DefKind::Object => (Ty::Object(named.to_string()), None),
            DefKind::Alias => {
                let shape = self.resolve_alias(named)?;
                (shape.ty, Some(shape.bounds))
            }
        })
    }
}

/// A string, or an array or map of them: what `sensitive` applies to.
pub(super) fn is_stringy(ty: &Ty) -> bool {
    match ty {
        Ty::String => true,
        Ty::Array(inner) | Ty::Map(inner) => is_stringy(&inner.ty),
        _ => false,
    }
}
