//! Aliases: names for a type expression (`Tags: { alias: { type: array, items: ... } }`).
//! A field of an alias's type is resolved to what the alias stands for, so everything after
//! the checker sees the array, map or scalar itself; the alias is also emitted as a Rust
//! `type` of that name.

use super::Checker;
use crate::pipeline::model::{Bounds, Number, Shape};

impl Checker<'_> {
    /// What the alias `name` stands for, resolved once; `None` when its definition has a
    /// problem (reported at the alias, once) or it refers back to itself.
    pub(super) fn resolve_alias(&mut self, name: &str) -> Option<Shape> {
        if let Some(resolved) = self.aliases.get(name) {
            return resolved.clone();
        }
        let spec = self.spec;
        let (file, def) = spec
            .types
            .iter()
            .find(|(_, n, _)| n == name)
            .map(|(file, _, def)| (file.as_str(), def))?;
        let alias = def.alias.as_deref()?;
        let place = format!("types.{name}");
        if let Some(start) = self.resolving.iter().position(|n| n == name) {
            let cycle: Vec<&str> = self.resolving[start..]
                .iter()
                .map(String::as_str)
                .chain([name])
                .collect();
            self.diags.push(
                file,
                &place,
                format!(
                    "the alias stands for itself ({}): an alias cannot come down to itself",
                    cycle.join(" → ")
                ),
            );
            self.aliases.insert(name.to_string(), None);
            return None;
        }
        let aplace = format!("{place}.alias");
        if alias.required.is_some()
            || alias.location.is_some()
            || alias.default.is_some()
            || alias.rust_name.is_some()
            || alias.sensitive.is_some()
            || alias.description.is_some()
        {
            self.diags.push(
                file,
                &aplace,
                "an alias takes only a type expression and bounds (`required`, `default`, `sensitive` and `rust_name` belong to the fields that use it, `description` to the type)",
            );
        }
        self.resolving.push(name.to_string());
        let shape = self.check_shape(file, &aplace, alias);
        self.resolving.pop();
        // A cycle found below already recorded this alias as unresolvable.
        let shape = match self.aliases.get(name) {
            Some(None) => None,
            _ => shape,
        };
        self.aliases.insert(name.to_string(), shape.clone());
        shape
    }

    /// The bounds of a field of an alias's type: the alias's, each replaced by one the field
    /// gives itself; a pair that ends up inverted is reported.
    pub(super) fn merge_alias_bounds(
        &mut self,
        file: &str,
        place: &str,
        alias: Bounds,
        own: Bounds,
    ) -> Bounds {
        let merged = Bounds {
            min_length: own.min_length.or(alias.min_length),
            max_length: own.max_length.or(alias.max_length),
            minimum: own.minimum.or(alias.minimum),
            maximum: own.maximum.or(alias.maximum),
            pattern: own.pattern.or(alias.pattern),
            min_items: own.min_items.or(alias.min_items),
            max_items: own.max_items.or(alias.max_items),
        };
        let inverted =
            |a: Option<u64>, z: Option<u64>| matches!((a, z), (Some(a), Some(z)) if a > z);
        let numbers_inverted = match (merged.minimum, merged.maximum) {
            (Some(Number::Int(a)), Some(Number::Int(z))) => a > z,
            (Some(Number::Float(a)), Some(Number::Float(z))) => a > z,
            _ => false,
        };
        if inverted(merged.min_length, merged.max_length)
            || inverted(merged.min_items, merged.max_items)
            || numbers_inverted
        {
            self.diags.push(
                file,
                place,
                "the field's bounds and its alias's leave no value: a lower bound is above an upper one",
            );
        }
        merged
    }
}
