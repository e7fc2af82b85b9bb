//! Named types: their names, objects (whose fields `fields` checks), string enums, integer
//! enums (named integer codes) and aliases (resolved in `aliases`).

use std::collections::{BTreeMap, HashMap};

use super::{Checker, DefKind};
use crate::pipeline::model::{EnumValue, IntEnumValue, Model, NamedType, TypeKind};
use crate::pipeline::names;
use crate::spec::{EnumLiteral, EnumValueDef, TypeDef};

impl<'a> Checker<'a> {
    /// Records every type name that can be used, so fields can refer to types defined later.
    pub(super) fn collect_type_names(&mut self) {
        let spec = self.spec;
        let mut by_test_name: HashMap<String, (&str, &str)> = HashMap::new();
        let parameter_tests: HashMap<String, &str> = spec
            .operations
            .iter()
            .map(|(_, op, _)| (names::parameters_bounds_test(op), op.as_str()))
            .collect();
        for (file, name, def) in &spec.types {
            let place = format!("types.{name}");
            if let Some((other_file, _)) = self.type_defs.get(name.as_str()) {
                let other = self.place_text(other_file, &place);
                self.diags.push(
                    file,
                    &place,
                    format!("duplicate type name (also defined at {other})"),
                );
                continue;
            }
            let test = names::bounds_test(name);
            let refusal = if !names::is_upper_camel(name) {
                Some("a type name is UpperCamelCase (letters and digits)".to_string())
            } else if names::is_reserved_type_name(name) {
                Some(format!("`{name}` is reserved in the generated code"))
            } else if names::TEST_MODULE_ITEMS.contains(&test.as_str()) {
                Some(format!("the type's generated test `{test}` would collide with a helper of the generated tests"))
            } else if let Some(op) = parameter_tests.get(&test) {
                Some(format!("the type's generated test `{test}` would collide with the parameter test of operation `{op}`; rename the type"))
            } else if let Some((other, other_file)) = by_test_name.get(&test) {
                let other_place = self.place_text(other_file, &format!("types.{other}"));
                Some(format!(
                    "type name collides with `{other}` (at {other_place}) after case conversion"
                ))
            } else {
                None
            };
            if let Some(refusal) = refusal {
                // Reported once, here: its uses are not unknown types as well.
                self.diags.push(file, &place, refusal);
                self.rejected_types.insert(name);
                continue;
            }
            by_test_name.insert(test, (name, file));
            if is_int_enum(def) {
                self.int_enums.insert(name);
            }
            // A `type:` makes an integer enum even when its definition has a mistake (reported
            // there): its uses are not reported again as objects where enums are expected.
            let kind = match (&def.fields, &def.enum_values, &def.alias) {
                _ if def.ty.is_some() => DefKind::Enum,
                (None, None, Some(_)) => DefKind::Alias,
                (None, Some(_), _) => DefKind::Enum,
                _ => DefKind::Object,
            };
            self.type_defs.insert(name, (file, kind));
        }
    }

    pub(super) fn check_types(&mut self) -> Vec<NamedType> {
        let spec = self.spec;
        spec.types
            .iter()
            .filter_map(|(file, name, def)| self.check_type(file, name, def))
            .collect()
    }

    fn check_type(&mut self, file: &str, name: &str, def: &TypeDef) -> Option<NamedType> {
        let place = format!("types.{name}");
        if def.ty.is_some() {
            let kind = self.check_int_enum(file, &place, def)?;
            return Some(NamedType {
                name: name.to_string(),
                description: def.description.clone(),
                kind,
                in_request: false,
                in_response: false,
            });
        }
        if let Some(f) = &def.format {
            self.diags.push(
                file,
                format!("{place}.format"),
                format!("`format: {f}` needs `type: integer` (an integer enum)"),
            );
        }
        let kind = match (&def.fields, &def.enum_values, &def.alias) {
            (Some(fields), None, None) => {
                let fields =
                    self.check_fields(file, &format!("{place}.fields"), fields.iter(), false);
                TypeKind::Object(fields)
            }
            (None, Some(values), None) => {
                TypeKind::Enum(self.check_enum_values(file, &place, values))
            }
            (None, None, Some(_)) => TypeKind::Alias(self.resolve_alias(name)?),
            (None, None, None) => {
                self.diags.push(
                    file,
                    &place,
                    "a type needs `fields` (an object), `enum` (a string enum) or `alias` (another name for a type expression)",
                );
                return None;
            }
            _ => {
                self.diags.push(
                    file,
                    &place,
                    "a type has one of `fields`, `enum` and `alias`, not several",
                );
                return None;
            }
        };
        Some(NamedType {
            name: name.to_string(),
            description: def.description.clone(),
            kind,
            in_request: false,
            in_response: false,
        })
    }

    /// An enum's values, each making a distinct variant that is not a keyword. A value whose
    /// variant is the name usually kept for unlisted values renames that one (see
    /// [`names::open_variant`]).
    fn check_enum_values(
        &mut self,
        file: &str,
        place: &str,
        values: &[EnumValueDef],
    ) -> Vec<EnumValue> {
        if values.is_empty() {
            self.diags
                .push(file, place, "an enum needs at least one value");
        }
        let mut out = Vec::new();
        // Variant -> the value that made it, and where that value is written.
        let mut seen: BTreeMap<String, (String, Option<(usize, usize)>)> = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            let value = v.value();
            let value = value.as_str();
            let vplace = format!("{place}.enum.{value}");
            if v.name().is_some() {
                let at = self.position(file, &format!("{place}.enum.{i}.name"));
                self.diags.push_at(
                    file,
                    at,
                    &vplace,
                    "`name` is for integer enums (`type: integer`); a string enum's variants come \
                     from its values",
                );
            }
            // Where the value itself is written: the list item, or its `value` key.
            let item = match v {
                EnumValueDef::Bare(_) => format!("{place}.enum.{i}"),
                EnumValueDef::Described(_) => format!("{place}.enum.{i}.value"),
            };
            let at = self.position(file, &item);
            let variant = names::enum_variant(value);
            let problem = if variant.is_empty() {
                Some("an enum value needs at least one letter or digit".to_string())
            } else if names::is_keyword(&variant) {
                Some(format!(
                    "the enum value makes the variant `{variant}`, a Rust keyword"
                ))
            } else if let Some((other, other_at)) = seen.get(&variant) {
                let first = other_at
                    .map(|(line, column)| format!(" (first at {line}:{column})"))
                    .unwrap_or_default();
                Some(if other == value {
                    format!("duplicate enum value{first}")
                } else {
                    format!("enum value collides with `{other}`{first} after case conversion (both `{variant}`)")
                })
            } else {
                None
            };
            if let Some(problem) = problem {
                self.diags.push_at(file, at, vplace, problem);
                continue;
            }
            seen.insert(variant.clone(), (value.to_string(), at));
            out.push(EnumValue {
                value: value.to_string(),
                variant,
                description: v.description().map(str::to_string),
            });
        }
        out
    }

    /// `type: integer` with `enum`: named int32 codes.
    fn check_int_enum(&mut self, file: &str, place: &str, def: &TypeDef) -> Option<TypeKind> {
        let ty = def.ty.as_deref().unwrap_or_default();
        if ty != "integer" {
            self.diags.push(
                file,
                format!("{place}.type"),
                format!(
                    "`type: {ty}` on a named type: only `integer` is accepted here, for an enum \
                     of named integer codes"
                ),
            );
            return None;
        }
        match def.format.as_deref() {
            None | Some("int32") => {}
            Some("int64") => self.diags.push(
                file,
                format!("{place}.format"),
                "an integer enum is int32: its codes are 32-bit",
            ),
            Some(f) => self.diags.push(
                file,
                format!("{place}.format"),
                format!("unknown integer format `{f}` (an integer enum is int32)"),
            ),
        }
        if def.fields.is_some() {
            self.diags.push(
                file,
                place,
                "`type: integer` makes an integer enum: it has `enum`, not `fields`",
            );
            return None;
        }
        let Some(values) = &def.enum_values else {
            self.diags.push(
                file,
                place,
                "`type: integer` needs `enum`: the named integer codes",
            );
            return None;
        };
        Some(TypeKind::IntEnum(
            self.check_int_enum_values(file, place, values),
        ))
    }

    /// An integer enum's values: each an int32 code with a `name` that makes a distinct
    /// variant that is not a keyword (a name `Unknown` renames the variant kept for unlisted
    /// codes, as for string enums).
    fn check_int_enum_values(
        &mut self,
        file: &str,
        place: &str,
        values: &[EnumValueDef],
    ) -> Vec<IntEnumValue> {
        if values.is_empty() {
            self.diags
                .push(file, place, "an enum needs at least one value");
        }
        let mut out = Vec::new();
        let mut codes: BTreeMap<i32, Option<(usize, usize)>> = BTreeMap::new();
        let mut names_seen: BTreeMap<String, (i32, Option<(usize, usize)>)> = BTreeMap::new();
        let first = |at: Option<(usize, usize)>| {
            at.map(|(line, column)| format!(" (first at {line}:{column})"))
                .unwrap_or_default()
        };
        for (i, v) in values.iter().enumerate() {
            let text = v.value();
            let vplace = format!("{place}.enum.{text}");
            let item = match v {
                EnumValueDef::Bare(_) => format!("{place}.enum.{i}"),
                EnumValueDef::Described(_) => format!("{place}.enum.{i}.value"),
            };
            let at = self.position(file, &item);
            let code = match v.literal() {
                EnumLiteral::Int(n) => match i32::try_from(*n) {
                    Ok(code) => code,
                    Err(_) => {
                        self.diags.push_at(
                            file,
                            at,
                            &vplace,
                            format!("`{n}` is outside int32: integer enum codes are 32-bit"),
                        );
                        continue;
                    }
                },
                EnumLiteral::Text(t) => {
                    self.diags.push_at(
                        file,
                        at,
                        &vplace,
                        format!(
                            "the value {:?} is text, not an integer: an integer enum's values \
                             are integer codes, written unquoted",
                            t
                        ),
                    );
                    continue;
                }
            };
            if let Some(other_at) = codes.get(&code) {
                self.diags.push_at(
                    file,
                    at,
                    &vplace,
                    format!("duplicate enum value{}", first(*other_at)),
                );
                continue;
            }
            codes.insert(code, at);
            let Some(name) = v.name() else {
                self.diags.push_at(
                    file,
                    at,
                    &vplace,
                    "an integer enum value needs a `name`, its Rust variant: write \
                     `{ value: N, name: UpperCamelCase }`",
                );
                continue;
            };
            let name_at = self
                .position(file, &format!("{place}.enum.{i}.name"))
                .or(at);
            let problem = if !names::is_upper_camel(name) {
                Some(format!(
                    "the name `{name}` is not UpperCamelCase (letters and digits)"
                ))
            } else if names::is_keyword(name) {
                Some(format!("the name `{name}` is a Rust keyword"))
            } else if let Some((other, other_at)) = names_seen.get(name) {
                Some(format!(
                    "the name `{name}` is already the name of `{other}`{}",
                    first(*other_at)
                ))
            } else {
                None
            };
            if let Some(problem) = problem {
                self.diags.push_at(file, name_at, &vplace, problem);
                continue;
            }
            names_seen.insert(name.to_string(), (code, name_at));
            out.push(IntEnumValue {
                value: code,
                variant: name.to_string(),
                description: v.description().map(str::to_string),
            });
        }
        out
    }

    /// Request types get a builder, `<Type>Builder` with a `build` method: no other type may
    /// take that name, and no field that method's. Runs after the analysis, which knows the
    /// request types.
    pub(super) fn check_builder_names(&mut self, model: &Model) {
        for t in model.types.iter().filter(|t| t.in_request) {
            let TypeKind::Object(fields) = &t.kind else {
                continue;
            };
            let builder = names::builder_type(&t.name);
            if model.type_named(&builder).is_some() {
                let file = self.type_file(&builder);
                self.diags.push(
                    file,
                    format!("types.{builder}"),
                    format!(
                        "`{builder}` is the name of the generated builder of request type `{}`",
                        t.name
                    ),
                );
            }
            for f in fields.iter().filter(|f| f.rust_name == names::BUILD) {
                let file = self.type_file(&t.name);
                self.diags.push(
                    file,
                    format!("types.{}.fields.{}", t.name, f.wire_name),
                    format!(
                        "`{}` is the builder's own method: set `rust_name` to another name",
                        names::BUILD
                    ),
                );
            }
        }
    }
}

/// Whether a type definition declares an integer enum (`type: integer`).
fn is_int_enum(def: &TypeDef) -> bool {
    def.ty.as_deref() == Some("integer") && def.fields.is_none()
}
