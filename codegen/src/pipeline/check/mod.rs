//! Gives the parsed spec its meaning and checks it, reporting every problem at once.
//!
//! Each check names the file, the place inside it and what is wrong. Nothing here panics on
//! any input: a spec that passes produces a [`Model`] that emission can turn into code that
//! compiles.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::pipeline::diag::Diagnostics;
use crate::pipeline::load::LoadedSpec;
use crate::pipeline::model::*;
use crate::spec::{FieldDef, OperationDef, TypeDef};

/// Rust's strict and reserved keywords (2021 edition, plus `gen` reserved in 2024).
const RUST_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// Names the generated code itself uses beside the spec's types.
/// The prelude names generated code relies on are reserved too: a type `Into` would shadow the
/// trait that setters take.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Client",
    "Error",
    "Region",
    "Credentials",
    "Result",
    "Option",
    "Some",
    "None",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Into",
    "From",
    "IntoIterator",
    "Iterator",
    "Default",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "ToString",
    "ToOwned",
    "AsRef",
    "AsMut",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Extend",
    "DoubleEndedIterator",
    "ExactSizeIterator",
];

/// Methods generated code defines on `Client` besides the operations, and on every fluent
/// request builder besides the parameter setters.
const CLIENT_METHODS: &[&str] = &[
    "builder",
    "call",
    "call_with",
    "prepare",
    "endpoint",
    "region",
];
const REQUEST_BUILDER_METHODS: &[&str] = &[
    "client",
    "options",
    "send",
    "into_input",
    "new",
    "into_stream",
    "body",
];

/// Headers the runtime sets itself; a parameter may not replace them.
const RUNTIME_HEADERS: &[&str] = &[
    "authorization",
    "host",
    "content-type",
    "content-length",
    "user-agent",
    "x-sdk-date",
    "x-project-id",
    "x-auth-token",
    "x-security-token",
    "x-sdk-content-sha256",
];

pub fn is_keyword(name: &str) -> bool {
    RUST_KEYWORDS.contains(&name)
}

fn is_ident(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
}

/// Checks the loaded spec and builds the model.
pub fn check(spec: &LoadedSpec) -> Result<Model, Diagnostics> {
    let mut cx = Checker {
        diags: Diagnostics::default(),
        type_defs: HashMap::new(),
    };
    let service = cx.check_service(spec);
    cx.collect_type_names(spec);
    let mut types: Vec<NamedType> = spec
        .types
        .iter()
        .filter_map(|(file, name, def)| cx.check_type(file, name, def))
        .collect();
    let region_ids: BTreeSet<&str> = service.regions.iter().map(|r| r.id.as_str()).collect();
    let project_param = spec.service.service.project_id.path_parameter.as_str();
    let operations = cx.check_operations(spec, &region_ids, project_param);
    cx.check_recursion(&types, spec);
    mark_usage(&mut types, &operations);
    let mut model = Model {
        service,
        types,
        operations,
    };
    let mut diags = cx.diags;
    check_enum_defaults(&model, spec, &mut diags);
    check_builder_names(&model, spec, &mut diags);
    check_pagination(&mut model, spec, &mut diags);
    if diags.is_empty() {
        Ok(model)
    } else {
        Err(diags)
    }
}

/// The file a type was defined in.
fn type_file<'s>(spec: &'s LoadedSpec, name: &str) -> &'s str {
    spec.types
        .iter()
        .find(|(_, n, _)| n == name)
        .map(|(f, _, _)| f.as_str())
        .unwrap_or("spec")
}

/// Names the generated builders add: `<Type>Builder` for request types, whose `build` method
/// a field of that name would collide with.
fn check_builder_names(model: &Model, spec: &LoadedSpec, diags: &mut Diagnostics) {
    for t in model.types.iter().filter(|t| t.in_request) {
        let TypeKind::Object(fields) = &t.kind else {
            continue;
        };
        let builder = format!("{}Builder", t.name);
        if model.type_named(&builder).is_some() {
            diags.push(
                type_file(spec, &builder),
                format!("types.{builder}"),
                format!(
                    "`{builder}` is the name of the generated builder of request type `{}`",
                    t.name
                ),
            );
        }
        for f in fields.iter().filter(|f| f.rust_name == "build") {
            diags.push(
                type_file(spec, &t.name),
                format!("types.{}.fields.{}", t.name, f.wire_name),
                "`build` is the builder's own method: set `rust_name` to another name",
            );
        }
    }
}

/// A default of an enum-typed field must be one of the enum's values.
fn check_enum_defaults(model: &Model, spec: &LoadedSpec, diags: &mut Diagnostics) {
    let check = |diags: &mut Diagnostics, file: &str, place: String, f: &Field| {
        let (Ty::Enum(e), Some(DefaultValue::String(d))) = (&f.shape.ty, &f.default) else {
            return;
        };
        if let Some(TypeKind::Enum(values)) = model.type_named(e).map(|t| &t.kind) {
            if !values.iter().any(|v| v.value == *d) {
                diags.push(
                    file,
                    place,
                    format!("default `{d}` is not a value of enum `{e}`"),
                );
            }
        }
    };
    for t in &model.types {
        let file = spec
            .types
            .iter()
            .find(|(_, n, _)| *n == t.name)
            .map(|(f, _, _)| f.as_str())
            .unwrap_or("spec");
        if let TypeKind::Object(fields) = &t.kind {
            for f in fields {
                check(
                    diags,
                    file,
                    format!("types.{}.fields.{}", t.name, f.wire_name),
                    f,
                );
            }
        }
    }
    for op in &model.operations {
        let file = spec
            .operations
            .iter()
            .find(|(_, n, _)| *n == op.name)
            .map(|(f, _, _)| f.as_str())
            .unwrap_or("spec");
        for p in &op.params {
            check(
                diags,
                file,
                format!("operations.{}.parameters.{}", op.name, p.field.wire_name),
                &p.field,
            );
        }
    }
}

struct Checker<'a> {
    diags: Diagnostics,
    /// Type name -> (file, is_enum).
    type_defs: HashMap<&'a str, (&'a str, bool)>,
}

impl<'a> Checker<'a> {
    fn check_service(&mut self, spec: &LoadedSpec) -> Service {
        let file = spec.service_file.as_str();
        let s = &spec.service.service;
        let mut regions = Vec::new();
        let mut seen_ids = BTreeSet::new();
        let mut seen_variants = BTreeMap::new();
        if s.regions.is_empty() {
            self.diags
                .push(file, "service.regions", "at least one region is required");
        }
        for r in &s.regions {
            let place = format!("service.regions.{}", r.id);
            if r.id.is_empty()
                || !r
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.diags.push(
                    file,
                    &place,
                    "a region id is lowercase letters, digits and '-'",
                );
                continue;
            }
            if !seen_ids.insert(r.id.clone()) {
                self.diags.push(file, &place, "duplicate region id");
                continue;
            }
            let variant = r.id.to_upper_camel_case();
            if !is_ident(&variant) || !r.id.starts_with(|c: char| c.is_ascii_lowercase()) {
                self.diags
                    .push(file, &place, "a region id starts with a letter");
                continue;
            }
            if let Some(other) = seen_variants.insert(variant.clone(), r.id.clone()) {
                self.diags.push(
                    file,
                    &place,
                    format!("region variant `{variant}` collides with region `{other}`"),
                );
            }
            let endpoint = match &r.endpoint {
                Some(e) => e.clone(),
                None => s.endpoint.replace("{region}", &r.id),
            };
            if !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
                || endpoint.contains('{')
            {
                self.diags.push(
                    file,
                    &place,
                    format!("endpoint `{endpoint}` is not an absolute http(s) URL"),
                );
            }
            regions.push(Region {
                id: r.id.clone(),
                name: r.name.clone(),
                endpoint,
                variant,
            });
        }
        if let Some(rest) = s.endpoint.split_once("://").map(|(_, r)| r) {
            if rest.trim_end_matches('/').contains('/') || rest.contains('?') || rest.contains('#')
            {
                self.diags.push(
                    file,
                    "service.endpoint",
                    "an endpoint is a scheme, host and port only; operation paths carry the rest",
                );
            }
        }
        if !s.endpoint.contains("{region}") && s.regions.iter().any(|r| r.endpoint.is_none()) {
            self.diags.push(
                file,
                "service.endpoint",
                "the endpoint template has no `{region}` placeholder",
            );
        }
        for (place, header) in [
            ("service.token.header", &s.token.header),
            ("service.project_id.header", &s.project_id.header),
        ] {
            if !is_header_name(header) {
                self.diags.push(
                    file,
                    place,
                    format!("`{header}` is not a valid HTTP header name"),
                );
            }
        }
        self.check_lengths(
            file,
            "service.token",
            s.token.min_length,
            s.token.max_length,
        );
        self.check_lengths(
            file,
            "service.project_id",
            s.project_id.min_length,
            s.project_id.max_length,
        );
        Service {
            name: s.name.clone(),
            api_version: s.api_version.clone(),
            description: s.description.clone(),
            regions,
            token_header: s.token.header.clone(),
            token_min_length: s.token.min_length,
            token_max_length: s.token.max_length,
            project_id_header: s.project_id.header.clone(),
            project_id_placeholder: s.project_id.path_parameter.clone(),
            project_id_min_length: s.project_id.min_length,
            project_id_max_length: s.project_id.max_length,
        }
    }

    fn check_lengths(&mut self, file: &str, place: &str, min: Option<u64>, max: Option<u64>) {
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                self.diags.push(
                    file,
                    place,
                    format!("min_length {min} is greater than max_length {max}"),
                );
            }
        }
    }

    fn collect_type_names(&mut self, spec: &'a LoadedSpec) {
        let mut by_snake: HashMap<String, &str> = HashMap::new();
        for (file, name, def) in &spec.types {
            let place = format!("types.{name}");
            if !is_ident(name) || name.to_upper_camel_case() != *name {
                self.diags.push(
                    file,
                    &place,
                    "a type name is UpperCamelCase (letters and digits)",
                );
                continue;
            }
            if is_keyword(name) || RESERVED_TYPE_NAMES.contains(&name.as_str()) {
                self.diags.push(
                    file,
                    &place,
                    format!("`{name}` is reserved in the generated code"),
                );
                continue;
            }
            if let Some((other_file, _)) = self.type_defs.get(name.as_str()) {
                self.diags.push(
                    file,
                    &place,
                    format!("duplicate type name (also defined in {other_file})"),
                );
                continue;
            }
            if let Some(other) = by_snake.insert(name.to_snake_case(), name) {
                self.diags.push(
                    file,
                    &place,
                    format!("type name collides with `{other}` after case conversion"),
                );
                continue;
            }
            self.type_defs.insert(
                name,
                (file, def.enum_values.is_some() && def.fields.is_none()),
            );
        }
    }

    fn check_type(&mut self, file: &str, name: &str, def: &TypeDef) -> Option<NamedType> {
        let place = format!("types.{name}");
        let kind = match (&def.fields, &def.enum_values) {
            (Some(_), Some(_)) => {
                self.diags.push(
                    file,
                    &place,
                    "a type has either `fields` or `enum`, not both",
                );
                return None;
            }
            (None, None) => {
                self.diags.push(
                    file,
                    &place,
                    "a type needs `fields` (an object) or `enum` (a string enum)",
                );
                return None;
            }
            (Some(fields), None) => {
                let fields =
                    self.check_fields(file, &format!("{place}.fields"), fields.iter(), false);
                TypeKind::Object(fields)
            }
            (None, Some(values)) => {
                if values.is_empty() {
                    self.diags
                        .push(file, &place, "an enum needs at least one value");
                }
                let mut out = Vec::new();
                let mut seen: BTreeMap<String, String> = BTreeMap::new();
                for v in values {
                    let value = v.value();
                    let vplace = format!("{place}.enum.{value}");
                    let variant = enum_variant_name(value);
                    if variant.is_empty() {
                        self.diags.push(
                            file,
                            &vplace,
                            "an enum value needs at least one letter or digit",
                        );
                        continue;
                    }
                    if is_keyword(&variant) {
                        self.diags.push(
                            file,
                            &vplace,
                            format!("the enum value makes the variant `{variant}`, a Rust keyword"),
                        );
                        continue;
                    }
                    if variant == "Unknown" {
                        self.diags.push(
                            file,
                            &vplace,
                            "`Unknown` is reserved for values the spec does not list",
                        );
                        continue;
                    }
                    if let Some(other) = seen.insert(variant.clone(), value.to_string()) {
                        let msg = if other == value {
                            "duplicate enum value".to_string()
                        } else {
                            format!("enum value collides with `{other}` after case conversion (both `{variant}`)")
                        };
                        self.diags.push(file, &vplace, msg);
                        continue;
                    }
                    out.push(EnumValue {
                        value: value.to_string(),
                        variant,
                        description: v.description().map(str::to_string),
                    });
                }
                TypeKind::Enum(out)
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

    /// Checks a list of fields or parameters: names, types, bounds, defaults.
    fn check_fields<'f>(
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
            let rust_name = match &def.rust_name {
                Some(r) => {
                    if !is_ident(r) || r.to_snake_case() != *r || is_keyword(r) {
                        self.diags.push(
                            file,
                            &fplace,
                            format!("rust_name `{r}` is not a snake_case Rust identifier"),
                        );
                        continue;
                    }
                    r.clone()
                }
                None => {
                    let snake = wire.replace('-', "_").to_snake_case();
                    if is_keyword(&snake) {
                        self.diags.push(
                            file,
                            &fplace,
                            format!("`{snake}` is a Rust keyword: set `rust_name` to another name"),
                        );
                        continue;
                    }
                    if !is_ident(&snake) {
                        self.diags.push(
                            file,
                            &fplace,
                            format!("`{wire}` does not make a Rust identifier: set `rust_name`"),
                        );
                        continue;
                    }
                    snake
                }
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

    /// Resolves a type expression and checks that its bounds fit it.
    fn check_shape(&mut self, file: &str, place: &str, def: &FieldDef) -> Option<Shape> {
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
            ("array", None) => {
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
                Ty::Array(Box::new(inner))
            }
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
            (named, fmt) => match self.type_defs.get(named) {
                Some(&(_, is_enum)) => {
                    if let Some(f) = fmt {
                        self.diags.push(
                            file,
                            place,
                            format!("`format: {f}` does not apply to type `{named}`"),
                        );
                    }
                    if is_enum {
                        Ty::Enum(named.to_string())
                    } else {
                        Ty::Object(named.to_string())
                    }
                }
                None => {
                    self.diags
                        .push(file, place, format!("unknown type `{named}`"));
                    return None;
                }
            },
        };
        if def.items.is_some() && !matches!(ty, Ty::Array(_)) {
            self.diags
                .push(file, place, "`items` applies only to arrays");
        }
        let bounds = self.check_bounds(file, place, &ty, def);
        Some(Shape { ty, bounds })
    }

    fn check_bounds(&mut self, file: &str, place: &str, ty: &Ty, def: &FieldDef) -> Bounds {
        let type_label = ty_label(ty);
        let not_for = |diags: &mut Diagnostics, key: &str| {
            diags.push(
                file,
                place,
                format!("`{key}` does not apply to {type_label}"),
            );
        };
        let is_string = matches!(ty, Ty::String);
        let is_number = matches!(ty, Ty::Int32 | Ty::Int64 | Ty::Float | Ty::Double);
        let is_array = matches!(ty, Ty::Array(_));
        for (key, set) in [
            ("min_length", def.min_length.is_some()),
            ("max_length", def.max_length.is_some()),
            ("pattern", def.pattern.is_some()),
        ] {
            if set && !is_string {
                not_for(&mut self.diags, key);
            }
        }
        for (key, set) in [
            ("minimum", def.minimum.is_some()),
            ("maximum", def.maximum.is_some()),
        ] {
            if set && !is_number {
                not_for(&mut self.diags, key);
            }
        }
        for (key, set) in [
            ("min_items", def.min_items.is_some()),
            ("max_items", def.max_items.is_some()),
        ] {
            if set && !is_array {
                not_for(&mut self.diags, key);
            }
        }
        let mut b = Bounds::default();
        if is_string {
            b.min_length = def.min_length;
            b.max_length = def.max_length;
            self.check_lengths(file, place, b.min_length, b.max_length);
            if let Some(p) = &def.pattern {
                match compile_pattern(p) {
                    Ok(()) => b.pattern = Some(p.clone()),
                    Err(e) => {
                        let first = e
                            .to_string()
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
        if is_number {
            let integer = matches!(ty, Ty::Int32 | Ty::Int64);
            let (lo, hi) = match ty {
                Ty::Int32 => (i32::MIN as i64, i32::MAX as i64),
                _ => (i64::MIN, i64::MAX),
            };
            let conv = |diags: &mut Diagnostics,
                        key: &str,
                        n: &Option<serde_yaml::Number>|
             -> Option<Number> {
                let n = n.as_ref()?;
                if integer {
                    match n.as_i64() {
                        Some(v) if (lo..=hi).contains(&v) => Some(Number::Int(v)),
                        _ => {
                            diags.push(
                                file,
                                place,
                                format!("`{key}: {n}` is not {type_label} value"),
                            );
                            None
                        }
                    }
                } else {
                    n.as_f64()
                        .filter(|v| v.is_finite())
                        .map(Number::Float)
                        .or_else(|| {
                            diags.push(file, place, format!("`{key}: {n}` is not a finite number"));
                            None
                        })
                }
            };
            b.minimum = conv(&mut self.diags, "minimum", &def.minimum);
            b.maximum = conv(&mut self.diags, "maximum", &def.maximum);
            let inverted = match (b.minimum, b.maximum) {
                (Some(Number::Int(a)), Some(Number::Int(z))) => a > z,
                (Some(Number::Float(a)), Some(Number::Float(z))) => a > z,
                _ => false,
            };
            if inverted {
                self.diags.push(
                    file,
                    place,
                    format!(
                        "minimum {} is greater than maximum {}",
                        def.minimum
                            .as_ref()
                            .map(|n| n.to_string())
                            .unwrap_or_default(),
                        def.maximum
                            .as_ref()
                            .map(|n| n.to_string())
                            .unwrap_or_default()
                    ),
                );
            }
        }
        if is_array {
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
        b
    }

    /// Converts a default to the field's type; API docs often write `"false"` or `"10"`.
    fn check_default(
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
            Ty::Array(_) | Ty::Object(_) => {
                self.diags
                    .push(file, place, "defaults are supported on scalar fields only");
                return None;
            }
        };
        if out.is_none() {
            self.diags.push(
                file,
                place,
                format!(
                    "default `{}` is not {} value",
                    yaml_scalar(v),
                    ty_label(&shape.ty)
                ),
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
            _ => None,
        };
        if let Some(problem) = problem {
            let text = match d {
                DefaultValue::String(v) => v.clone(),
                DefaultValue::Int(v) => v.to_string(),
                DefaultValue::Float(v) => v.to_string(),
                DefaultValue::Bool(v) => v.to_string(),
            };
            self.diags
                .push(file, place, format!("default `{text}` {problem}"));
        }
    }

    fn check_operations(
        &mut self,
        spec: &LoadedSpec,
        regions: &BTreeSet<&str>,
        project_param: &str,
    ) -> Vec<Operation> {
        let mut out = Vec::new();
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        for (file, name, def) in &spec.operations {
            let place = format!("operations.{name}");
            if !is_ident(name) || name.to_upper_camel_case() != *name {
                self.diags.push(
                    file,
                    &place,
                    "an operation name is UpperCamelCase (letters and digits)",
                );
                continue;
            }
            let snake = name.to_snake_case();
            if is_keyword(&snake) || CLIENT_METHODS.contains(&snake.as_str()) {
                self.diags.push(
                    file,
                    &place,
                    format!("the operation's method `{snake}` is a Rust keyword or a method `Client` already has"),
                );
                continue;
            }
            if let Some(other) = seen.insert(snake, name.clone()) {
                let msg = if other == *name {
                    "duplicate operation name".to_string()
                } else {
                    format!("operation name collides with `{other}` after case conversion")
                };
                self.diags.push(file, &place, msg);
                continue;
            }
            if let Some(op) = self.check_operation(file, name, def, regions, project_param) {
                out.push(op);
            }
        }
        out
    }

    fn check_operation(
        &mut self,
        file: &str,
        name: &str,
        def: &OperationDef,
        regions: &BTreeSet<&str>,
        project_param: &str,
    ) -> Option<Operation> {
        let place = format!("operations.{name}");
        let errors_before = self.diags.len();
        let method = match def.method.to_ascii_uppercase().as_str() {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            "PUT" => Some(Method::Put),
            "DELETE" => Some(Method::Delete),
            "PATCH" => Some(Method::Patch),
            "HEAD" => Some(Method::Head),
            other => {
                self.diags.push(
                    file,
                    format!("{place}.method"),
                    format!("unknown HTTP method `{other}`"),
                );
                None
            }
        };
        // Parameters.
        let fields = self.check_fields(
            file,
            &format!("{place}.parameters"),
            def.parameters.iter(),
            true,
        );
        let mut params = Vec::new();
        for field in fields {
            let pdef = &def.parameters[&field.wire_name];
            let pplace = format!("{place}.parameters.{}", field.wire_name);
            if REQUEST_BUILDER_METHODS.contains(&field.rust_name.as_str()) {
                self.diags.push(
                    file,
                    &pplace,
                    format!("`{}` is a method of the generated request builder: set `rust_name` to another name", field.rust_name),
                );
                continue;
            }
            let location = match pdef.location.as_deref() {
                Some("path") => ParamLocation::Path,
                Some("query") => ParamLocation::Query,
                Some("header") => ParamLocation::Header,
                Some(other) => {
                    self.diags.push(
                        file,
                        &pplace,
                        format!("unknown parameter location `{other}` (path, query or header)"),
                    );
                    continue;
                }
                None => {
                    self.diags
                        .push(file, &pplace, "missing `in` (path, query or header)");
                    continue;
                }
            };
            match location {
                ParamLocation::Path => {
                    if pdef.required == Some(false) {
                        self.diags
                            .push(file, &pplace, "path parameters are always required");
                    }
                    if !is_scalar(&field.shape.ty) {
                        self.diags.push(
                            file,
                            &pplace,
                            "a path parameter is a string, integer, number, boolean or enum",
                        );
                    }
                    if field.wire_name == project_param {
                        self.diags.push(
                            file,
                            &pplace,
                            format!("`{project_param}` comes from the credentials: remove the parameter"),
                        );
                    }
                }
                ParamLocation::Query => {
                    let ok = match &field.shape.ty {
                        Ty::Array(inner) => is_scalar(&inner.ty),
                        t => is_scalar(t),
                    };
                    if !ok {
                        self.diags.push(
                            file,
                            &pplace,
                            "a query parameter is a scalar, an enum or an array of them",
                        );
                    }
                }
                ParamLocation::Header => {
                    if !is_header_name(&field.wire_name) {
                        self.diags
                            .push(file, &pplace, "not a valid HTTP header name");
                    } else if RUNTIME_HEADERS
                        .contains(&field.wire_name.to_ascii_lowercase().as_str())
                    {
                        self.diags.push(
                            file,
                            &pplace,
                            format!(
                                "the runtime sets `{}` itself; a parameter may not replace it",
                                field.wire_name
                            ),
                        );
                    }
                    if !is_scalar(&field.shape.ty) {
                        self.diags
                            .push(file, &pplace, "a header parameter is a scalar or an enum");
                    }
                }
            }
            let mut field = field;
            if location == ParamLocation::Path {
                field.required = true;
            }
            params.push(Param { field, location });
        }
        // Path template against path parameters.
        let segments = self.check_path(file, &place, &def.path, &params, project_param);
        // Body.
        let body = def
            .body
            .as_ref()
            .and_then(|b| match self.type_defs.get(b.ty.as_str()) {
                Some((_, false)) => Some(Body {
                    type_name: b.ty.clone(),
                    required: b.required.unwrap_or(true),
                    description: b.description.clone(),
                }),
                Some((_, true)) => {
                    self.diags.push(
                        file,
                        format!("{place}.body"),
                        format!("the body type `{}` is an enum, not an object", b.ty),
                    );
                    None
                }
                None if matches!(
                    b.ty.as_str(),
                    "string" | "integer" | "number" | "boolean" | "array"
                ) =>
                {
                    self.diags.push(
                        file,
                        format!("{place}.body"),
                        format!("a body is a named object type, not `{}`", b.ty),
                    );
                    None
                }
                None => {
                    self.diags.push(
                        file,
                        format!("{place}.body"),
                        format!("unknown type `{}`", b.ty),
                    );
                    None
                }
            });
        if let (Some(Method::Get | Method::Head), Some(_)) = (method, &def.body) {
            self.diags.push(
                file,
                format!("{place}.body"),
                "GET and HEAD requests carry no body",
            );
        }
        // Responses.
        let mut responses = Vec::new();
        for (status, r) in &def.responses {
            let rplace = format!("{place}.responses.{status}");
            if !(100..=599).contains(status) {
                self.diags.push(
                    file,
                    &rplace,
                    format!("status code {status} is outside 100..599"),
                );
                continue;
            }
            let shape = match &r.ty {
                None => {
                    if r.items.is_some() {
                        self.diags
                            .push(file, &rplace, "`items` needs `type: array`");
                    }
                    None
                }
                Some(ty) => {
                    let fd = FieldDef {
                        ty: Some(ty.clone()),
                        items: r.items.as_ref().map(|i| Box::new(clone_type_expr(i))),
                        ..FieldDef::default()
                    };
                    match self.check_shape(file, &rplace, &fd) {
                        Some(s) => Some(s),
                        None => continue,
                    }
                }
            };
            let example = match &r.example {
                None => None,
                Some(v) => match serde_json::to_string(v) {
                    Ok(json) => Some(json),
                    Err(e) => {
                        self.diags.push(
                            file,
                            &rplace,
                            format!("example is not representable as JSON: {e}"),
                        );
                        continue;
                    }
                },
            };
            if example.is_some() && shape.is_none() {
                self.diags
                    .push(file, &rplace, "an example needs a body `type`");
            }
            responses.push(Response {
                status: *status as u16,
                description: r.description.clone(),
                shape,
                example,
            });
        }
        if !responses.iter().any(|r| (200..300).contains(&r.status)) {
            self.diags.push(
                file,
                format!("{place}.responses"),
                "at least one 2xx response is required",
            );
        }
        // Regions.
        let mut op_regions = Vec::new();
        if let Some(rs) = &def.regions {
            if rs.is_empty() {
                self.diags.push(file, format!("{place}.regions"), "an empty region list makes the operation unusable: omit `regions` for all regions");
            }
            for r in rs {
                if regions.contains(r.as_str()) {
                    op_regions.push(r.clone());
                } else {
                    self.diags.push(
                        file,
                        format!("{place}.regions"),
                        format!("unknown region `{r}`"),
                    );
                }
            }
        }
        let method = method?;
        if self.diags.len() > errors_before {
            return None;
        }
        Some(Operation {
            name: name.to_string(),
            summary: def.summary.trim().to_string(),
            description: def.description.clone(),
            method,
            path: def.path.clone(),
            segments,
            regions: op_regions,
            idempotent: def.idempotent.unwrap_or(matches!(
                method,
                Method::Get | Method::Head | Method::Put | Method::Delete
            )),
            params,
            body,
            responses,
            pagination: None,
        })
    }

    fn check_path(
        &mut self,
        file: &str,
        place: &str,
        path: &str,
        params: &[Param],
        project_param: &str,
    ) -> Vec<PathSegment> {
        let pplace = format!("{place}.path");
        let mut segments = Vec::new();
        if !path.starts_with('/') {
            self.diags
                .push(file, &pplace, "the path must start with `/`");
            return segments;
        }
        if let Some(c) = path
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "/-._~{}".contains(*c)))
        {
            self.diags.push(
                file,
                &pplace,
                format!("`{c}` may not stand in a path template (query parameters go under `parameters`)"),
            );
            return segments;
        }
        let mut used = BTreeSet::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close_rel) = rest[open..].find('}') else {
                self.diags.push(file, &pplace, "unclosed `{` in the path");
                return segments;
            };
            let close = open + close_rel;
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            if name == project_param {
                segments.push(PathSegment::ProjectId);
            } else if params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.field.wire_name == name)
            {
                used.insert(name.to_string());
                segments.push(PathSegment::Param(name.to_string()));
            } else {
                self.diags.push(
                    file,
                    &pplace,
                    format!("placeholder `{{{name}}}` has no path parameter"),
                );
            }
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            self.diags.push(file, &pplace, "unmatched `}` in the path");
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_string()));
        }
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !used.contains(&p.field.wire_name) && p.field.wire_name != project_param {
                self.diags.push(
                    file,
                    format!("{place}.parameters.{}", p.field.wire_name),
                    "path parameter does not appear in the path",
                );
            }
        }
        segments
    }

    /// Object types that contain themselves by value cannot be represented; each one is
    /// reported.
    fn check_recursion(&mut self, types: &[NamedType], spec: &LoadedSpec) {
        let by_name: HashMap<&str, &NamedType> =
            types.iter().map(|t| (t.name.as_str(), t)).collect();
        'types: for t in types {
            let mut stack = vec![t.name.as_str()];
            let mut seen = BTreeSet::new();
            while let Some(n) = stack.pop() {
                let Some(TypeKind::Object(fields)) = by_name.get(n).map(|t| &t.kind) else {
                    continue;
                };
                for f in fields {
                    if let Some(child) = object_ref(&f.shape.ty) {
                        if child == t.name {
                            let file = spec
                                .types
                                .iter()
                                .find(|(_, name, _)| *name == t.name)
                                .map(|(f, _, _)| f.as_str())
                                .unwrap_or("spec");
                            self.diags.push(
                                file,
                                format!("types.{}", t.name),
                                "the type contains itself; recursive types are not supported",
                            );
                            continue 'types;
                        }
                        if seen.insert(child.to_string()) {
                            stack.push(child);
                        }
                    }
                }
            }
        }
    }
}

/// Resolves the pagination item shapes now that all types are known, and marks which types
/// requests and responses reach.
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
            request_roots.push(b.type_name.clone());
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

/// Offset/limit paging, checked and resolved in one place once every type is known: the
/// parameters it names, and the list and count fields of the output type.
fn check_pagination(model: &mut Model, spec: &LoadedSpec, diags: &mut Diagnostics) {
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

fn pagination(
    model: &Model,
    op: &Operation,
    p: &crate::spec::PaginationDef,
) -> Result<Pagination, String> {
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

fn collect_named(ty: &Ty, out: &mut Vec<String>) {
    match ty {
        Ty::Object(n) | Ty::Enum(n) => out.push(n.clone()),
        Ty::Array(inner) => collect_named(&inner.ty, out),
        _ => {}
    }
}

fn object_ref(ty: &Ty) -> Option<&str> {
    match ty {
        Ty::Object(n) => Some(n),
        Ty::Array(inner) => object_ref(&inner.ty),
        _ => None,
    }
}

fn clone_type_expr(f: &FieldDef) -> FieldDef {
    FieldDef {
        ty: f.ty.clone(),
        format: f.format.clone(),
        items: f.items.as_ref().map(|i| Box::new(clone_type_expr(i))),
        ..FieldDef::default()
    }
}

fn is_scalar(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String | Ty::Int32 | Ty::Int64 | Ty::Float | Ty::Double | Ty::Bool | Ty::Enum(_)
    )
}

fn is_stringy(ty: &Ty) -> bool {
    match ty {
        Ty::String => true,
        Ty::Array(inner) => is_stringy(&inner.ty),
        _ => false,
    }
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fn ty_label(ty: &Ty) -> String {
    match ty {
        Ty::String => "a string".into(),
        Ty::Int32 => "an int32".into(),
        Ty::Int64 => "an int64".into(),
        Ty::Float | Ty::Double => "a number".into(),
        Ty::Bool => "a boolean".into(),
        Ty::Array(_) => "an array".into(),
        Ty::Object(n) => format!("object type `{n}`"),
        Ty::Enum(n) => format!("enum `{n}`"),
    }
}

fn yaml_scalar(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// A pattern as the runtime compiles it: with `regex`, or, for look-around, with `fancy-regex`
/// (as `oms_client::validate::Pattern` does).
enum Compiled {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
    Invalid(String),
}

/// Compiles each distinct pattern once per thread: a spec repeats the same few patterns on
/// many fields, and generated tests try many sample values against them.
fn compiled(p: &str) -> std::rc::Rc<Compiled> {
    thread_local! {
        static CACHE: std::cell::RefCell<HashMap<String, std::rc::Rc<Compiled>>> = Default::default();
    }
    CACHE.with(|c| {
        c.borrow_mut()
            .entry(p.to_string())
            .or_insert_with(|| {
                std::rc::Rc::new(match regex::Regex::new(p) {
                    Ok(re) => Compiled::Linear(re),
                    // The regex crate's objection may be only the look-around that fancy-regex
                    // handles; when both refuse, fancy-regex's reason is the one that applies.
                    Err(e) => match fancy_regex::Regex::new(p) {
                        Ok(re) => Compiled::Backtracking(re),
                        Err(fancy) if e.to_string().contains("look-around") => {
                            Compiled::Invalid(fancy.to_string())
                        }
                        Err(_) => Compiled::Invalid(e.to_string()),
                    },
                })
            })
            .clone()
    })
}

/// Whether the runtime can compile a pattern, and if not, why.
pub fn compile_pattern(p: &str) -> Result<(), String> {
    match &*compiled(p) {
        Compiled::Invalid(reason) => Err(reason.clone()),
        _ => Ok(()),
    }
}

/// Whether `s` matches `p` as the runtime would decide it.
pub fn pattern_matches(p: &str, s: &str) -> bool {
    match &*compiled(p) {
        Compiled::Linear(re) => re.is_match(s),
        Compiled::Backtracking(re) => re.is_match(s).unwrap_or(false),
        Compiled::Invalid(_) => false,
    }
}

/// `DEFAULT` -> `Default`, `size_last_modified` -> `SizeLastModified`, `2xx` -> `V2xx`.
pub fn enum_variant_name(value: &str) -> String {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let camel = cleaned.to_lowercase().to_upper_camel_case();
    match camel.chars().next() {
        Some(c) if c.is_ascii_digit() => format!("V{camel}"),
        _ => camel,
    }
}
