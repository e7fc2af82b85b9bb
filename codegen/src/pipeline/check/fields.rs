//! Fields of object types and operation parameters: their Rust names and their shapes (the
//! type expression, resolved against the known types). Bounds and defaults have modules of
//! their own.

use std::collections::BTreeMap;

use heck::ToSnakeCase;

use super::Checker;
use crate::pipeline::model::{Field, Shape, Ty};
use crate::pipeline::names;
use crate::spec::FieldDef;

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
                if !names::is_ident(r) || r.to_snake_case() != *r || names::is_keyword(r) {
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

    /// Resolves a type expression and checks that its bounds fit it.
    pub(super) fn check_shape(&mut self, file: &str, place: &str, def: &FieldDef) -> Option<Shape> {
        let Some(ty_name) = def.ty.as_deref() else {
            self.diags.push(file, place, "missing `type`");
            return None;
        };
        let format = def.format.as_deref();
        let ty = match (ty_name, format) {
            ("string", None) => Ty::String,
            ("integer", Some("int32")) => Ty::Int32,
            ("integer", Some("int64") | None) => Ty::Int64,
            ("number", Some("float")) => Ty::Float,
            ("number", Some("double") | None) => Ty::Double,
            ("boolean", None) => Ty::Bool,
            ("array", None) => Ty::Array(Box::new(self.check_items(file, place, def)?)),
            ("string" | "boolean" | "array", Some(f)) => {
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
                    format!("unknown integer format `{f}` (int32 or int64)"),
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
            (named, fmt) => self.named_type(file, place, named, fmt)?,
        };
        if def.items.is_some() && !matches!(ty, Ty::Array(_)) {
            self.diags
                .push(file, place, "`items` applies only to arrays");
        }
        let bounds = self.check_bounds(file, place, &ty, def);
        Some(Shape { ty, bounds })
    }

    /// The shape of an array's items, which take only a type and bounds.
    fn check_items(&mut self, file: &str, place: &str, def: &FieldDef) -> Option<Shape> {
        let Some(items) = &def.items else {
            self.diags.push(file, place, "an array needs `items`");
            return None;
        };
        let iplace = format!("{place}.items");
        if items.required.is_some()
            || items.location.is_some()
            || items.default.is_some()
            || items.rust_name.is_some()
        {
            self.diags
                .push(file, &iplace, "array items take only a type and bounds");
        }
        let inner = self.check_shape(file, &iplace, items)?;
        if items.sensitive == Some(true) && !is_stringy(&inner.ty) {
            self.diags
                .push(file, &iplace, "`sensitive` applies only to strings");
        }
        Some(inner)
    }

    /// A reference to a type of the spec, which takes no `format`.
    fn named_type(
        &mut self,
        file: &str,
        place: &str,
        named: &str,
        format: Option<&str>,
    ) -> Option<Ty> {
        let Some(&(_, is_enum)) = self.type_defs.get(named) else {
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
        Some(if is_enum {
            Ty::Enum(named.to_string())
        } else {
            Ty::Object(named.to_string())
        })
    }
}

/// A string, or an array of them: what `sensitive` applies to.
fn is_stringy(ty: &Ty) -> bool {
    match ty {
        Ty::String => true,
        Ty::Array(inner) => is_stringy(&inner.ty),
        _ => false,
    }
}
