//! Bounds: lengths and patterns on strings, ranges on numbers, counts on arrays, each only on
//! the type it applies to, typed like its values, and not inverted.

use super::{ty_label, Checker};
use crate::pipeline::model::{Bounds, Number, Ty};
use crate::pipeline::patterns::compile_pattern;
use crate::spec::FieldDef;

impl Checker<'_> {
    pub(super) fn check_bounds(
        &mut self,
        file: &str,
        place: &str,
        ty: &Ty,
        def: &FieldDef,
    ) -> Bounds {
        self.check_bounds_apply(file, place, ty, def);
        let mut b = Bounds::default();
        match ty {
            Ty::String => self.check_string_bounds(file, place, def, &mut b),
            Ty::Int32 | Ty::Int64 | Ty::Float | Ty::Double => {
                self.check_number_bounds(file, place, ty, def, &mut b)
            }
            Ty::Array(_) => self.check_item_counts(file, place, def, &mut b),
            Ty::Bool | Ty::Object(_) | Ty::Enum(_) | Ty::Map(_) | Ty::Any => {}
        }
        b
    }

    /// Each bound set only on the type it applies to.
    fn check_bounds_apply(&mut self, file: &str, place: &str, ty: &Ty, def: &FieldDef) {
        let is_string = matches!(ty, Ty::String);
        let is_number = matches!(ty, Ty::Int32 | Ty::Int64 | Ty::Float | Ty::Double);
        let is_array = matches!(ty, Ty::Array(_));
        let misplaced = [
            ("min_length", def.min_length.is_some() && !is_string),
            ("max_length", def.max_length.is_some() && !is_string),
            ("pattern", def.pattern.is_some() && !is_string),
            ("minimum", def.minimum.is_some() && !is_number),
            ("maximum", def.maximum.is_some() && !is_number),
            ("min_items", def.min_items.is_some() && !is_array),
            ("max_items", def.max_items.is_some() && !is_array),
        ];
        for (key, _) in misplaced.iter().filter(|(_, m)| *m) {
            self.diags.push(
                file,
                place,
                format!("`{key}` does not apply to {}", ty_label(ty)),
            );
        }
    }

    /// Lengths in order, and a pattern the runtime can compile.
    fn check_string_bounds(&mut self, file: &str, place: &str, def: &FieldDef, b: &mut Bounds) {
        b.min_length = def.min_length;
        b.max_length = def.max_length;
        self.check_lengths(file, place, b.min_length, b.max_length);
        if let Some(p) = &def.pattern {
            match compile_pattern(p) {
                Ok(()) => b.pattern = Some(p.clone()),
                Err(e) => {
                    let first = e
                        .lines()
                        .last()
                        .unwrap_or_default()
                        .trim()
                        .trim_start_matches("error: ")
                        .to_string();
                    self.diags.push(
                        file,
                        place,
                        format!("pattern `{p}` does not compile: {first}"),
                    );
                }
            }
        }
    }

    /// `minimum` and `maximum` as values of the type (integers in its range, finite numbers),
    /// in order.
    fn check_number_bounds(
        &mut self,
        file: &str,
        place: &str,
        ty: &Ty,
        def: &FieldDef,
        b: &mut Bounds,
    ) {
        b.minimum = self.number_bound(file, place, ty, "minimum", &def.minimum);
        b.maximum = self.number_bound(file, place, ty, "maximum", &def.maximum);
        let inverted = match (b.minimum, b.maximum) {
            (Some(Number::Int(a)), Some(Number::Int(z))) => a > z,
            (Some(Number::Float(a)), Some(Number::Float(z))) => a > z,
            _ => false,
        };
        if inverted {
            let text = |n: &Option<serde_yaml::Number>| {
                n.as_ref().map(|n| n.to_string()).unwrap_or_default()
            };
            self.diags.push(
                file,
                place,
                format!(
                    "minimum {} is greater than maximum {}",
                    text(&def.minimum),
                    text(&def.maximum)
                ),
            );
        }
    }

    /// One numeric bound as a value of the type, or `None` (reported) when it is not one.
    fn number_bound(
        &mut self,
        file: &str,
        place: &str,
        ty: &Ty,
        key: &str,
        n: &Option<serde_yaml::Number>,
    ) -> Option<Number> {
        let n = n.as_ref()?;
        let bound = match ty {
            Ty::Int32 => n
                .as_i64()
                .filter(|v| i32::try_from(*v).is_ok())
                .map(Number::Int),
            Ty::Int64 => n.as_i64().map(Number::Int),
            _ => n.as_f64().filter(|v| v.is_finite()).map(Number::Float),
        };
        if bound.is_none() {
            let problem = match ty {
                Ty::Int32 | Ty::Int64 => format!("{} value", ty_label(ty)),
                _ => "a finite number".to_string(),
            };
            self.diags
                .push(file, place, format!("`{key}: {n}` is not {problem}"));
        }
        bound
    }

    /// `min_items` and `max_items` in order.
    fn check_item_counts(&mut self, file: &str, place: &str, def: &FieldDef, b: &mut Bounds) {
        b.min_items = def.min_items;
        b.max_items = def.max_items;
        if let (Some(a), Some(z)) = (b.min_items, b.max_items) {
            if a > z {
                self.diags.push(
                    file,
                    place,
                    format!("min_items {a} is greater than max_items {z}"),
                );
            }
        }
    }
}
