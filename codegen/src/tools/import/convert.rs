//! API Explorer definitions to the draft: every name made legal, definitions that several
//! operations share merged when they are the same and renamed per operation when they are
//! not, maps and untyped values typed as such, and every bound or default the checker would
//! refuse left out with a note saying why. What the spec cannot express becomes a decision
//! (`TODO(decide)`) rather than a silent loss.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hasher};

use heck::ToUpperCamelCase;
use serde_json::Value;

use super::model::{DBody, DField, DKind, DOperation, DResponse, DShape, DType, Draft, Expr, Note};
use super::names::{operation_name, FieldNames, TypeNames};
use crate::pipeline::check::{is_header_name, refused_path_char};
use crate::pipeline::model::Method;
use crate::pipeline::names;
use crate::pipeline::patterns::{compile_pattern, pattern_matches};
use crate::pipeline::text;
use crate::spec::{INT32_FORMATS, INT64_FORMATS};
use crate::tools::explorer::{body_media_type, XObject, XOperation, XParam, XShape, XType};

/// The draft of these operations.
pub fn convert(ops: &[XOperation]) -> Draft {
    let mut taken = BTreeSet::new();
    let mut op_names = Vec::new();
    for op in ops {
        let (name, why) = operation_name(&op.name, &taken);
        taken.insert(names::client_method(&name));
        op_names.push((name, why));
    }
    let operations: BTreeSet<String> = op_names.iter().map(|(n, _)| n.clone()).collect();
    let mut c = Converter {
        ops,
        names: TypeNames::new(operations),
        types: Vec::new(),
        instances: Vec::new(),
        instance_of: HashMap::new(),
        enums: HashMap::new(),
        int_enums: HashMap::new(),
        inline: HashMap::new(),
        def_hashes: HashMap::new(),
        hashing: Vec::new(),
    };
    c.plan_definitions(&op_names);
    let mut draft = Draft::default();
    for (i, (name, why)) in op_names.iter().enumerate() {
        let mut op = c.operation(i, name);
        if let Some(why) = why {
            op.notes.insert(
                0,
                Note::info(format!("renamed from `{}`: {why}", ops[i].name)),
            );
        }
        draft.operations.push(op);
    }
    draft.types = c.types;
    break_cycles(&mut draft.types);
    draft
}

/// One version of a named definition: the operations that define it alike, and the type it
/// becomes.
struct Instance {
    def: String,
    /// The first operation whose file defines this version (its definitions are read).
    op: usize,
    name: String,
    note: Option<String>,
    type_id: Option<usize>,
}

struct Converter<'x> {
    ops: &'x [XOperation],
    names: TypeNames,
    types: Vec<DType>,
    instances: Vec<Instance>,
    /// (operation, definition name) -> instance.
    instance_of: HashMap<(usize, String), usize>,
    /// Enum values -> the enum type made for them first.
    enums: HashMap<Vec<String>, usize>,
    /// Integer codes -> the integer enum type made for them first.
    int_enums: HashMap<Vec<i32>, usize>,
    /// Structure of an object written in place -> its type.
    inline: HashMap<u64, usize>,
    def_hashes: HashMap<(usize, String), u64>,
    hashing: Vec<(usize, String)>,
}

impl Converter<'_> {
    /// Names every version of every definition the operations use: one definition alike in
    /// every file keeps its name; when files disagree, the version most operations use keeps
    /// it and the others are named after their first operation.
    fn plan_definitions(&mut self, op_names: &[(String, Option<String>)]) {
        // Definition name -> versions (structure hash, operations), in first-seen order.
        let mut versions: BTreeMap<String, Vec<(u64, Vec<usize>)>> = BTreeMap::new();
        for i in 0..self.ops.len() {
            for def in self.reachable_definitions(i) {
                let hash = self.def_hash(i, &def);
                let list = versions.entry(def).or_default();
                match list.iter_mut().find(|(h, _)| *h == hash) {
                    Some((_, ops)) => ops.push(i),
                    None => list.push((hash, vec![i])),
                }
            }
        }
        for (def, mut list) in versions {
            list.sort_by_key(|(_, ops)| (std::cmp::Reverse(ops.len()), ops[0]));
            let several = list.len() > 1;
            for (k, (_, ops)) in list.iter().enumerate() {
                let first = ops[0];
                let (wanted, renamed) = if k == 0 {
                    (def.clone(), None)
                } else {
                    let op = &op_names[first].0;
                    (
                        format!("{op}{}", def.to_upper_camel_case()),
                        Some(format!(
                            "`{def}` is defined differently by {} than by {}: this version is named after its first operation",
                            join_names(ops.iter().map(|&o| op_names[o].0.as_str())),
                            join_names(list[0].1.iter().map(|&o| op_names[o].0.as_str())),
                        )),
                    )
                };
                let fallback = format!("{}Type", op_names[first].0);
                let (name, why) = self.names.claim(&wanted, &fallback);
                let note = renamed.or_else(|| why.map(|w| format!("renamed from `{def}`: {w}")));
                let note = match (note, several && k == 0) {
                    (Some(n), _) => Some(n),
                    (None, true) => Some(format!(
                        "`{def}` is defined differently by other operations; this is the version of {}",
                        join_names(ops.iter().map(|&o| op_names[o].0.as_str()))
                    )),
                    (None, false) => None,
                };
                let inst = self.instances.len();
                self.instances.push(Instance {
                    def: def.clone(),
                    op: first,
                    name,
                    note,
                    type_id: None,
                });
                for &o in ops {
                    self.instance_of.insert((o, def.clone()), inst);
                }
            }
        }
    }

    /// The definitions an operation uses, directly or through other definitions.
    fn reachable_definitions(&self, i: usize) -> Vec<String> {
        let op = &self.ops[i];
        let mut stack: Vec<&XShape> = Vec::new();
        stack.extend(op.params.iter().map(|p| &p.shape));
        stack.extend(op.body.iter().map(|b| &b.shape));
        stack.extend(op.responses.iter().filter_map(|r| r.shape.as_ref()));
        let mut seen = BTreeSet::new();
        let mut order = Vec::new();
        while let Some(shape) = stack.pop() {
            match &shape.ty {
                XType::Ref(n) => {
                    if let Some(d) = op.definitions.get(n) {
                        if seen.insert(n.clone()) {
                            order.push(n.clone());
                            stack.push(&d.shape);
                        }
                    }
                }
                XType::Array(inner) | XType::Map(inner) => stack.push(inner),
                XType::Object(o) => stack.extend(o.fields.iter().map(|f| &f.shape)),
                _ => {}
            }
        }
        order
    }

    /// A hash of a definition's structure, the definitions it refers to included; names and
    /// descriptions aside from field names do not count.
    fn def_hash(&mut self, op: usize, def: &str) -> u64 {
        let key = (op, def.to_string());
        if let Some(h) = self.def_hashes.get(&key) {
            return *h;
        }
        let mut h = DefaultHasher::new();
        if self.hashing.contains(&key) {
            h.write(b"cycle:");
            h.write(def.as_bytes());
            return h.finish();
        }
        self.hashing.push(key.clone());
        match self.ops[op].definitions.get(def) {
            Some(d) => {
                let shape = d.shape.clone();
                self.hash_shape(op, &shape, &mut h);
            }
            None => h.write(b"missing"),
        }
        self.hashing.pop();
        let hash = h.finish();
        self.def_hashes.insert(key, hash);
        hash
    }

    fn hash_shape(&mut self, op: usize, x: &XShape, h: &mut DefaultHasher) {
        h.write(format!("{:?}", x.bounds).as_bytes());
        match &x.ty {
            XType::Ref(n) => {
                let inner = self.def_hash(op, n);
                h.write(b"ref");
                h.write(&inner.to_le_bytes());
            }
            XType::Array(inner) => {
                h.write(b"array");
                self.hash_shape(op, inner, h);
            }
            XType::Map(inner) => {
                h.write(b"map");
                self.hash_shape(op, inner, h);
            }
            XType::Object(o) => {
                h.write(if o.open { b"open" } else { b"obj_" });
                for f in &o.fields {
                    h.write(f.name.as_bytes());
                    h.write(if f.required { b"!" } else { b"?" });
                    self.hash_shape(op, &f.shape, h);
                }
            }
            other => h.write(format!("{other:?}").as_bytes()),
        }
    }

    /// The type for a definition as operation `op` defines it, made on first use.
    fn definition(&mut self, op: usize, def: &str, notes: &mut Vec<Note>) -> Expr {
        let Some(&inst) = self.instance_of.get(&(op, def.to_string())) else {
            notes.push(Note::decide(format!(
                "the definition `{def}` is missing from the file: give its type here (any JSON value is accepted until then)"
            )));
            return Expr::Any;
        };
        if let Some(id) = self.instances[inst].type_id {
            return Expr::Named(id);
        }
        let id = self.types.len();
        let (name, from) = (self.instances[inst].name.clone(), self.instances[inst].op);
        self.instances[inst].type_id = Some(id);
        let d = &self.ops[from].definitions[&self.instances[inst].def];
        self.types.push(DType {
            name: name.clone(),
            kind: DKind::Object(Vec::new()),
            description: d.description.as_deref().map(translate),
            notes: self.instances[inst].note.iter().map(Note::info).collect(),
        });
        let shape = d.shape.clone();
        let mut type_notes = Vec::new();
        let kind = match &shape.ty {
            XType::Object(o) => DKind::Object(self.fields(from, o, &name, &mut type_notes)),
            XType::String if shape.bounds.enum_values.is_some() => {
                let values = shape.bounds.enum_values.clone().unwrap_or_default();
                match enum_problem(&values) {
                    None => DKind::Enum(dedup(values)),
                    Some(problem) => {
                        type_notes.push(Note::info(problem));
                        DKind::Alias(pattern_of(&values))
                    }
                }
            }
            _ => DKind::Alias(self.shape(from, &shape, &name, &mut type_notes)),
        };
        self.types[id].kind = kind;
        self.types[id].notes.extend(type_notes);
        Expr::Named(id)
    }

    fn fields(
        &mut self,
        op: usize,
        o: &XObject,
        type_name: &str,
        type_notes: &mut Vec<Note>,
    ) -> Vec<DField> {
        if o.open {
            type_notes.push(Note::info(
                "the definition also allows keys other than these fields (`additionalProperties`); they are not kept",
            ));
        }
        let mut taken = FieldNames::reserving(&[names::BUILD]);
        o.fields
            .iter()
            .map(|f| {
                let mut notes = Vec::new();
                let (rust_name, why) = taken.claim(&f.name);
                if let Some(why) = why {
                    notes.push(Note::info(format!("rust_name: {why}")));
                }
                let hint = format!("{type_name}{}", f.name.to_upper_camel_case());
                let shape = self.shape(op, &f.shape, &hint, &mut notes);
                DField {
                    sensitive: looks_secret(&f.name) && is_stringy(&shape.expr),
                    wire: f.name.clone(),
                    rust_name,
                    location: None,
                    required: f.required,
                    shape,
                    description: f.description.as_deref().map(translate),
                    notes,
                }
            })
            .collect()
    }

    /// The draft's shape of an Explorer shape; `hint` names the types it makes.
    fn shape(&mut self, op: usize, x: &XShape, hint: &str, notes: &mut Vec<Note>) -> DShape {
        let b = &x.bounds;
        let mut shape = match &x.ty {
            XType::String => match &b.enum_values {
                Some(values) => match enum_problem(values) {
                    None => DShape::of(self.enum_type(values, hint)),
                    Some(problem) => {
                        notes.push(Note::info(problem));
                        pattern_of(values)
                    }
                },
                None => string_shape(b, notes),
            },
            XType::Integer(format) => match int_codes(b.enum_values.as_deref()) {
                Some(codes) => {
                    notes.push(Note::info(
                        "the definition lists the codes without names: each is named after its code; name them after what they mean",
                    ));
                    DShape::of(self.int_enum_type(codes, hint))
                }
                None => integer_shape(x, format.as_deref(), notes),
            },
            XType::Number(format) => number_shape(x, format.as_deref(), notes),
            XType::Boolean => DShape::of(Expr::Boolean),
            XType::Array(inner) => {
                let item = self.shape(op, inner, &format!("{hint}Item"), notes);
                let mut s = DShape::of(Expr::Array(Box::new(item)));
                // Lengths written on an array mean its item counts.
                let (min_items, max_items) = match (b.min_items, b.max_items) {
                    (None, None) if b.min_length.is_some() || b.max_length.is_some() => {
                        notes.push(Note::info(
                            "the definition gives this array minLength/maxLength: taken as its item counts",
                        ));
                        (b.min_length, b.max_length)
                    }
                    counts => counts,
                };
                match (min_items, max_items) {
                    (Some(a), Some(z)) if a > z => notes.push(Note::info(format!(
                        "minItems {a} above maxItems {z}: both left out"
                    ))),
                    (a, z) => {
                        s.bounds.min_items = a;
                        s.bounds.max_items = z;
                    }
                }
                s
            }
            XType::Map(inner) => {
                let value = self.shape(op, inner, &format!("{hint}Value"), notes);
                DShape::of(Expr::Map(Box::new(value)))
            }
            XType::Any => DShape::of(Expr::Any),
            XType::Object(o) => DShape::of(self.inline_object(op, o, hint)),
            XType::Ref(n) => DShape::of(self.definition(op, n, notes)),
            XType::File => {
                notes.push(Note::decide(
                    "the definition says binary content (a file), which the client does not send or read: say how to carry it",
                ));
                DShape::of(Expr::Any)
            }
            XType::Other(word) => {
                notes.push(Note::info(format!(
                    "the definition says type `{word}`, which is no JSON type: any JSON value is accepted"
                )));
                DShape::of(Expr::Any)
            }
        };
        if let Some(d) = &b.default {
            match self.default_value(&shape, d) {
                Ok(v) => shape.default = Some(v),
                Err(why) => notes.push(Note::info(format!("default {d} left out: {why}"))),
            }
        }
        shape
    }

    /// An object written in place: a type named after where it stands, shared by every place
    /// that writes the same structure.
    fn inline_object(&mut self, op: usize, o: &XObject, hint: &str) -> Expr {
        let mut h = DefaultHasher::new();
        self.hash_shape(op, &XShape::of_object(o.clone()), &mut h);
        let key = h.finish();
        if let Some(&id) = self.inline.get(&key) {
            return Expr::Named(id);
        }
        let (name, _) = self.names.claim(hint, "Object");
        let id = self.push_type(name.clone(), DKind::Object(Vec::new()));
        self.inline.insert(key, id);
        let mut type_notes = Vec::new();
        let fields = self.fields(op, o, &name, &mut type_notes);
        self.types[id].kind = DKind::Object(fields);
        self.types[id].notes = type_notes;
        Expr::Named(id)
    }

    /// Adds a type without description or notes; its index.
    fn push_type(&mut self, name: String, kind: DKind) -> usize {
        self.types.push(DType {
            name,
            kind,
            description: None,
            notes: Vec::new(),
        });
        self.types.len() - 1
    }

    /// The enum type of these values, named after where they first stand.
    fn enum_type(&mut self, values: &[String], hint: &str) -> Expr {
        let values = dedup(values.to_vec());
        if let Some(&id) = self.enums.get(&values) {
            return Expr::Named(id);
        }
        let (name, _) = self.names.claim(hint, "Values");
        let id = self.push_type(name, DKind::Enum(values.clone()));
        self.enums.insert(values, id);
        Expr::Named(id)
    }

    /// The integer enum of these codes, named after where they first stand.
    fn int_enum_type(&mut self, codes: Vec<i32>, hint: &str) -> Expr {
        if let Some(&id) = self.int_enums.get(&codes) {
            return Expr::Named(id);
        }
        let (name, _) = self.names.claim(hint, "Codes");
        let id = self.push_type(name, DKind::IntEnum(codes.clone()));
        self.int_enums.insert(codes, id);
        Expr::Named(id)
    }

    /// A default as JSON of the shape's type, within its bounds; or why it cannot be kept.
    fn default_value(&self, shape: &DShape, raw: &Value) -> Result<Value, String> {
        let text = match raw {
            Value::String(s) => s.trim().to_string(),
            other => other.to_string(),
        };
        let b = &shape.bounds;
        match &shape.expr {
            Expr::String => {
                let s = match raw {
                    Value::String(s) => s.clone(),
                    Value::Number(_) | Value::Bool(_) => text,
                    _ => return Err("not a string".into()),
                };
                let n = s.chars().count() as u64;
                if b.min_length.is_some_and(|m| n < m) || b.max_length.is_some_and(|m| n > m) {
                    return Err("outside the length bounds".into());
                }
                if b.pattern
                    .as_deref()
                    .is_some_and(|p| !pattern_matches(p, &s))
                {
                    return Err("does not match the pattern".into());
                }
                if s.chars().any(|c| text::refused(c).is_some()) {
                    return Err("holds control characters".into());
                }
                Ok(Value::String(s))
            }
            Expr::Named(id) => match &self.types[*id].kind {
                DKind::Enum(values) if values.contains(&text) => Ok(Value::String(text)),
                DKind::Enum(_) => Err("not one of the enum's values".into()),
                DKind::IntEnum(codes) => match text.parse::<i32>() {
                    Ok(c) if codes.contains(&c) => Ok(Value::from(c)),
                    _ => Err("not one of the enum's codes".into()),
                },
                _ => Err("defaults are kept on scalars and arrays only".into()),
            },
            Expr::Integer(width) => {
                let v: i64 = text.parse().map_err(|_| "not an integer".to_string())?;
                if *width == "int32" && i32::try_from(v).is_err() {
                    return Err("outside the int32 range".into());
                }
                let num = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<i64>().ok());
                if num(&b.minimum).is_some_and(|m| v < m) || num(&b.maximum).is_some_and(|m| v > m)
                {
                    return Err("outside minimum..maximum".into());
                }
                Ok(Value::from(v))
            }
            Expr::Number(_) => {
                let v: f64 = text
                    .parse()
                    .ok()
                    .filter(|v: &f64| v.is_finite())
                    .ok_or_else(|| "not a number".to_string())?;
                let num = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<f64>().ok());
                if num(&b.minimum).is_some_and(|m| v < m) || num(&b.maximum).is_some_and(|m| v > m)
                {
                    return Err("outside minimum..maximum".into());
                }
                Ok(Value::from(v))
            }
            Expr::Boolean => match text.to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err("not a boolean".into()),
            },
            Expr::Array(inner) => {
                let items = match raw {
                    Value::Array(items) => items.clone(),
                    Value::String(s) => match serde_json::from_str::<Value>(s) {
                        Ok(Value::Array(items)) => items,
                        _ => return Err("not a list".into()),
                    },
                    _ => return Err("not a list".into()),
                };
                let n = items.len() as u64;
                if b.min_items.is_some_and(|m| n < m) || b.max_items.is_some_and(|m| n > m) {
                    return Err("outside the item counts".into());
                }
                items
                    .iter()
                    .map(|item| self.default_value(inner, item))
                    .collect::<Result<Vec<_>, _>>()
                    .map(Value::Array)
            }
            Expr::Map(_) | Expr::Any => Err("defaults are kept on scalars and arrays only".into()),
        }
    }

    fn operation(&mut self, i: usize, name: &str) -> DOperation {
        let x = &self.ops[i];
        let mut notes = Vec::new();
        for r in x
            .unresolved
            .iter()
            .filter(|r| r.contains("/parameters/") || r.contains("/responses/"))
        {
            notes.push(Note::decide(format!(
                "`{r}` names nothing in the file: what it stands for is missing from the draft"
            )));
        }
        for f in &x.form_params {
            notes.push(Note::decide(format!(
                "the operation takes the form field `{}` (`formData`), which the spec cannot express",
                f.name
            )));
        }
        let method = x.method.to_ascii_uppercase();
        if Method::parse(&method).is_none() {
            notes.push(Note::decide(format!(
                "the client does not send {method} requests"
            )));
        }
        let (path, fixed_query) = split_path(&x.path);
        if let Some(c) = refused_path_char(&path) {
            notes.push(Note::decide(format!(
                "the path holds `{c}`, which a path template may not: say how to send it"
            )));
        }
        let placeholders = placeholders(&path);
        let mut taken = FieldNames::reserving(names::REQUEST_BUILDER_MEMBERS);
        let mut params = Vec::new();
        for p in &x.params {
            if let Some(f) = self.parameter(i, name, p, &placeholders, &mut taken, &mut notes) {
                params.push(f);
            }
        }
        for ph in &placeholders {
            let declared = x
                .params
                .iter()
                .any(|p| p.location == "path" && &p.name == ph);
            if !declared && ph != crate::tools::explorer::PROJECT_ID_PARAM {
                let (rust_name, _) = taken.claim(ph);
                params.push(DField {
                    wire: ph.clone(),
                    rust_name,
                    location: Some("path"),
                    required: true,
                    shape: DShape::of(Expr::String),
                    description: None,
                    sensitive: false,
                    notes: vec![Note::info(
                        "the path has this placeholder, which the definition does not declare: a string is assumed",
                    )],
                });
            }
        }
        for (key, value) in fixed_query {
            if x.params
                .iter()
                .any(|p| p.location == "query" && p.name == key)
            {
                continue;
            }
            let (rust_name, _) = taken.claim(&key);
            let values = vec![value.clone()];
            let shape = match enum_problem(&values) {
                None => DShape::of(
                    self.enum_type(&values, &format!("{name}{}", key.to_upper_camel_case())),
                ),
                Some(_) => pattern_of(&values),
            };
            params.push(DField {
                wire: key.clone(),
                rust_name,
                location: Some("query"),
                required: true,
                shape,
                description: None,
                sensitive: false,
                notes: vec![Note::info(format!(
                    "the path ends in `?{key}={value}`: a required query parameter of that one value"
                ))],
            });
        }
        for h in &x.runtime_headers {
            if !h.name.eq_ignore_ascii_case("content-type") {
                notes.push(Note::info(format!(
                    "the header `{}` is documented; the runtime sets it itself",
                    h.name
                )));
            }
        }
        let mut body = None;
        let mut content_type = None;
        if let Some(xb) = &x.body {
            if matches!(method.as_str(), "GET" | "HEAD") {
                notes.push(Note::decide(format!(
                    "the definition gives a {method} request a body, which the client does not send"
                )));
            } else {
                let mut body_notes = Vec::new();
                let hint = format!("{name}RequestBody");
                let shape = self.shape(i, &xb.shape, &hint, &mut body_notes);
                notes.extend(body_notes);
                body = self
                    .body_type(shape, &hint, &mut notes)
                    .map(|type_id| DBody {
                        type_id,
                        required: xb.required,
                        description: xb.description.as_deref().map(translate),
                    });
            }
            match body_media_type(x) {
                Some(m) if m.to_ascii_lowercase().contains("json") => content_type = Some(m),
                Some(m) => notes.push(Note::decide(format!(
                    "the body is sent as `{m}`, and the client sends JSON only"
                ))),
                None => {}
            }
        }
        let mut responses: Vec<DResponse> = x
            .responses
            .iter()
            .map(|r| {
                let mut rnotes = Vec::new();
                let hint = if (200..300).contains(&r.status) {
                    format!("{name}Response")
                } else {
                    format!("{name}Response{}", r.status)
                };
                let shape = match &r.shape {
                    Some(_) if matches!(r.status, 204 | 205) => {
                        rnotes.push(Note::info(format!(
                            "the definition gives this {} response a body, which HTTP does not allow: left out",
                            r.status
                        )));
                        None
                    }
                    Some(s) => Some(self.shape(i, s, &hint, &mut rnotes)),
                    None => None,
                };
                DResponse {
                    status: r.status,
                    description: r.description.as_deref().map(translate),
                    shape,
                    notes: rnotes,
                }
            })
            .collect();
        if !responses.iter().any(|r| (200..300).contains(&r.status)) {
            responses.insert(
                0,
                DResponse {
                    status: 200,
                    description: None,
                    shape: None,
                    notes: vec![Note::info(
                        "the definition documents no success status: 200 without a body is assumed",
                    )],
                },
            );
        }
        let summary = x.summary.clone().unwrap_or_else(|| x.name.clone());
        DOperation {
            name: name.to_string(),
            notes,
            summary: translate(&summary),
            description: x.description.as_deref().map(translate),
            method,
            path,
            content_type,
            params,
            body,
            responses,
        }
    }

    fn parameter(
        &mut self,
        i: usize,
        op: &str,
        p: &XParam,
        placeholders: &[String],
        taken: &mut FieldNames,
        op_notes: &mut Vec<Note>,
    ) -> Option<DField> {
        let location = match p.location.as_str() {
            "path" => "path",
            "query" => "query",
            "header" => "header",
            other => {
                op_notes.push(Note::decide(format!(
                    "the parameter `{}` travels in `{other}`, which the spec cannot express",
                    p.name
                )));
                return None;
            }
        };
        if location == "path" && !placeholders.contains(&p.name) {
            op_notes.push(Note::info(format!(
                "the path parameter `{}` does not appear in the path: left out",
                p.name
            )));
            return None;
        }
        let mut notes = Vec::new();
        let (rust_name, why) = taken.claim(&p.name);
        if let Some(why) = why {
            notes.push(Note::info(format!("rust_name: {why}")));
        }
        let hint = format!("{op}{}", p.name.to_upper_camel_case());
        let shape = self.shape(i, &p.shape, &hint, &mut notes);
        let scalar = |e: &Expr| match e {
            Expr::Named(id) => matches!(self.types[*id].kind, DKind::Enum(_) | DKind::IntEnum(_)),
            Expr::Array(_) | Expr::Map(_) | Expr::Any => false,
            _ => true,
        };
        let fits = match (location, &shape.expr) {
            ("query", Expr::Array(inner)) => scalar(&inner.expr),
            (_, e) => scalar(e),
        };
        if !fits {
            notes.push(Note::decide(format!(
                "a {location} parameter of this type cannot be sent (a {location} parameter is a scalar{}): say how it is written",
                if location == "query" { " or an array of them" } else { "" }
            )));
        }
        if location == "header" && !p.name.is_empty() && !is_header_name(&p.name) {
            notes.push(Note::decide("not a valid HTTP header name"));
        }
        Some(DField {
            sensitive: looks_secret(&p.name) && is_stringy(&shape.expr),
            wire: p.name.clone(),
            rust_name,
            location: Some(location),
            required: p.required || location == "path",
            shape,
            description: p.description.as_deref().map(translate),
            notes,
        })
    }

    /// The type a body names: an object, or an alias of an array, a map or any JSON value
    /// (made here when the definition writes the body in place).
    fn body_type(&mut self, shape: DShape, hint: &str, notes: &mut Vec<Note>) -> Option<usize> {
        match &shape.expr {
            Expr::Named(id) => match &self.types[*id].kind {
                DKind::Object(_) => return Some(*id),
                DKind::Alias(s)
                    if matches!(
                        s.expr,
                        Expr::Array(_) | Expr::Map(_) | Expr::Any | Expr::Named(_)
                    ) =>
                {
                    return Some(*id)
                }
                _ => {}
            },
            Expr::Array(_) | Expr::Map(_) | Expr::Any => {
                let (name, _) = self.names.claim(hint, "RequestBody");
                return Some(self.push_type(name, DKind::Alias(shape)));
            }
            _ => {}
        }
        notes.push(Note::decide(
            "the body is a single string, number or enum value, and the client sends a JSON object, array or map: say how to send it",
        ));
        None
    }
}

impl XShape {
    fn of_object(o: XObject) -> XShape {
        XShape {
            ty: XType::Object(o),
            bounds: Default::default(),
        }
    }
}

fn string_shape(b: &crate::tools::explorer::XBounds, notes: &mut Vec<Note>) -> DShape {
    let mut s = DShape::of(Expr::String);
    match (b.min_length, b.max_length) {
        (Some(a), Some(z)) if a > z => notes.push(Note::info(format!(
            "minLength {a} above maxLength {z}: both left out"
        ))),
        (a, z) => {
            s.bounds.min_length = a;
            s.bounds.max_length = z;
        }
    }
    if let Some(p) = &b.pattern {
        if p.chars().any(|c| text::refused(c).is_some()) {
            notes.push(Note::info("the pattern holds control characters: left out"));
        } else {
            match compile_pattern(p) {
                Ok(()) => s.bounds.pattern = Some(p.clone()),
                Err(e) => notes.push(Note::info(format!(
                    "the pattern {} does not compile ({}): left out",
                    serde_json::Value::from(p.as_str()),
                    e.lines().last().unwrap_or_default().trim()
                ))),
            }
        }
    }
    s
}

fn integer_shape(x: &XShape, format: Option<&str>, notes: &mut Vec<Note>) -> DShape {
    let mut width = match format {
        None => "int64",
        Some(f) if INT32_FORMATS.contains(&f) => "int32",
        Some(f) if INT64_FORMATS.contains(&f) => "int64",
        Some(f) => {
            notes.push(Note::info(format!(
                "integer format `{f}` is not one the spec knows: int64 is assumed"
            )));
            "int64"
        }
    };
    let b = &x.bounds;
    let int = |v: Option<f64>, key: &str, notes: &mut Vec<Note>| match v {
        Some(v) if v.fract() == 0.0 && v.abs() < 9.2e18 => Some(v as i64),
        Some(v) => {
            notes.push(Note::info(format!("{key} {v} is not an integer: left out")));
            None
        }
        None => None,
    };
    let (mut min, mut max) = (
        int(b.minimum, "minimum", notes),
        int(b.maximum, "maximum", notes),
    );
    if let (Some(a), Some(z)) = (min, max) {
        if a > z {
            notes.push(Note::info(format!(
                "minimum {a} above maximum {z}: both left out"
            )));
            (min, max) = (None, None);
        }
    }
    let outside = |v: Option<i64>| v.is_some_and(|v| i32::try_from(v).is_err());
    if width == "int32" && (outside(min) || outside(max)) {
        notes.push(Note::info(
            "the bounds do not fit in an int32: an int64 is assumed",
        ));
        width = "int64";
    }
    if let Some(values) = &b.enum_values {
        notes.push(Note::info(format!(
            "the definition lists the values {}, which are not all int32 codes: any integer is accepted",
            values.join(", ")
        )));
    }
    let mut s = DShape::of(Expr::Integer(width));
    s.bounds.minimum = min.map(|v| v.to_string());
    s.bounds.maximum = max.map(|v| v.to_string());
    s
}

fn number_shape(x: &XShape, format: Option<&str>, notes: &mut Vec<Note>) -> DShape {
    let width = match format {
        Some("float") => "float",
        None | Some("double") => "double",
        Some(f) => {
            notes.push(Note::info(format!(
                "number format `{f}` is not one the spec knows: double is assumed"
            )));
            "double"
        }
    };
    let b = &x.bounds;
    let mut s = DShape::of(Expr::Number(width));
    let (min, max) = (
        b.minimum.filter(|v| v.is_finite()),
        b.maximum.filter(|v| v.is_finite()),
    );
    if let (Some(a), Some(z)) = (min, max) {
        if a > z {
            notes.push(Note::info(format!(
                "minimum {a} above maximum {z}: both left out"
            )));
            return s;
        }
    }
    let text = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 9e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    s.bounds.minimum = min.map(text);
    s.bounds.maximum = max.map(text);
    s
}

/// The codes of an integer enum, in order and without repeats, when every value is an int32.
fn int_codes(values: Option<&[String]>) -> Option<Vec<i32>> {
    let mut codes = Vec::new();
    for v in values? {
        let c: i32 = v.trim().parse().ok()?;
        if !codes.contains(&c) {
            codes.push(c);
        }
    }
    (!codes.is_empty()).then_some(codes)
}

/// Why these values cannot make an enum's variants (empty, keyword or colliding variants,
/// text the spec refuses), if they cannot.
fn enum_problem(values: &[String]) -> Option<String> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for v in values {
        let variant = names::enum_variant(v);
        if v.chars().any(|c| text::refused(c).is_some()) {
            return Some("an enum value holds control characters".into());
        }
        let problem = if variant.is_empty() {
            Some(format!("the value {:?} makes no Rust variant", v))
        } else if names::is_keyword(&variant) {
            Some(format!("the value {v:?} makes the keyword `{variant}`"))
        } else {
            match seen.get(&variant) {
                Some(other) if *other != v => Some(format!(
                    "the values {other:?} and {v:?} make the same variant `{variant}`"
                )),
                _ => None,
            }
        };
        if let Some(p) = problem {
            return Some(format!(
                "{p}: the values are kept as a string checked against a pattern"
            ));
        }
        seen.insert(variant, v);
    }
    None
}

/// A string that must be one of `values`.
fn pattern_of(values: &[String]) -> DShape {
    let alternatives: Vec<String> = dedup(values.to_vec())
        .iter()
        .map(|v| regex::escape(v))
        .collect();
    let mut s = DShape::of(Expr::String);
    s.bounds.pattern = Some(format!("^({})$", alternatives.join("|")));
    s
}

fn dedup(values: Vec<String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    values
        .into_iter()
        .filter(|v| seen.insert(v.clone()))
        .collect()
}

/// The path template and the fixed query (`?action=start`) it ends in, if any.
fn split_path(path: &str) -> (String, Vec<(String, String)>) {
    match path.split_once('?') {
        None => (path.to_string(), Vec::new()),
        Some((p, q)) => (
            p.to_string(),
            q.split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| match kv.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => (kv.to_string(), String::new()),
                })
                .collect(),
        ),
    }
}

fn placeholders(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

/// Text for a description: behind the translation mark, on one line, without the characters
/// the spec refuses.
pub fn translate(text: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| if text::is_line_break(c) { ' ' } else { c })
        .filter(|c| text::refused(*c).is_none())
        .collect();
    format!("TODO(translate): {}", clean.trim())
}

fn is_stringy(e: &Expr) -> bool {
    match e {
        Expr::String => true,
        Expr::Array(inner) | Expr::Map(inner) => is_stringy(&inner.expr),
        _ => false,
    }
}

/// Secrets by name: keys, tokens, passwords.
fn looks_secret(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "ak"
        || n == "sk"
        || n.ends_with("_sk")
        || n.ends_with("_ak")
        || n.contains("secret")
        || n.contains("password")
        || n.contains("token")
        || n.ends_with("authentication_key")
}

fn join_names<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let all: Vec<&str> = names.collect();
    match all.len() {
        0 => String::new(),
        1..=3 => all.join(", "),
        n => format!("{} and {} more", all[..2].join(", "), n - 2),
    }
}

/// Breaks every cycle among the types (an object that contains itself, through other types,
/// arrays or maps, or an alias that stands for itself): the reference that closes the cycle
/// becomes any JSON value, with a note, since the spec has no recursive types.
fn break_cycles(types: &mut [DType]) {
    let mut state = vec![0u8; types.len()];
    for id in 0..types.len() {
        if state[id] == 0 {
            visit(types, id, &mut state);
        }
    }
}

fn visit(types: &mut [DType], id: usize, state: &mut Vec<u8>) {
    state[id] = 1;
    let mut kind = std::mem::replace(&mut types[id].kind, DKind::Enum(Vec::new()));
    match &mut kind {
        DKind::Object(fields) => {
            for f in fields.iter_mut() {
                if let Some(back) = follow(types, &mut f.shape, state) {
                    f.notes.push(Note::info(format!(
                        "refers back to `{back}`, which contains it: recursive types are not supported, so this is any JSON value"
                    )));
                }
            }
        }
        DKind::Alias(shape) => {
            if let Some(back) = follow(types, shape, state) {
                types[id].notes.push(Note::info(format!(
                    "refers back to `{back}`: recursive types are not supported, so that part is any JSON value"
                )));
            }
        }
        DKind::Enum(_) | DKind::IntEnum(_) => {}
    }
    types[id].kind = kind;
    state[id] = 2;
}

/// Visits the types `shape` refers to; a reference to a type being visited becomes `Any`,
/// and its name is returned.
fn follow(types: &mut [DType], shape: &mut DShape, state: &mut Vec<u8>) -> Option<String> {
    match &mut shape.expr {
        Expr::Named(t) => {
            let t = *t;
            match state[t] {
                1 => {
                    shape.expr = Expr::Any;
                    shape.default = None;
                    Some(types[t].name.clone())
                }
                0 => {
                    visit(types, t, state);
                    None
                }
                _ => None,
            }
        }
        Expr::Array(inner) | Expr::Map(inner) => follow(types, inner, state),
        _ => None,
    }
}
