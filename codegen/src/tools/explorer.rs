//! Reads Huawei Cloud API Explorer definitions (Swagger 2 style JSON, one operation per file)
//! into a small normalized form that [`crate::import`] and [`crate::audit`] share.
//!
//! The reader is lenient, as the files are: parameters given as `$ref` are resolved, so are
//! parameters written OpenAPI-3 style (their type and bounds under `schema:`), type names are
//! read whatever their case (`String`, `long`), and a schema without a type is any JSON value.
//! What the spec handles at the service level (the IAM token header, the project id) and
//! the headers the runtime sets itself are set apart from the parameters. A file that is not
//! an operation definition is an error naming the file.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::pipeline::names;

/// One operation as the API Explorer describes it.
#[derive(Debug, Clone)]
pub struct XOperation {
    pub name: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path, query and header parameters, except those below.
    pub params: Vec<XParam>,
    /// The IAM token header and the project id path parameter, which the spec handles at the
    /// service level.
    pub service_params: Vec<XParam>,
    /// Headers the runtime sets itself (`Content-Type`, `X-Sdk-Date`, ...), as documented.
    pub runtime_headers: Vec<XParam>,
    /// `formData` parameters (form fields and file uploads).
    pub form_params: Vec<XParam>,
    pub body: Option<XBody>,
    /// The media types the operation consumes, the operation's own or else the file's.
    pub consumes: Vec<String>,
    pub responses: Vec<XResponse>,
    /// The file's definitions, `allOf` flattened.
    pub definitions: BTreeMap<String, XDefinition>,
    /// What the file says of the service it belongs to.
    pub service: XService,
    /// `$ref`s that name nothing in the file, as written.
    pub unresolved: Vec<String>,
}

/// The service a definition file belongs to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct XService {
    /// `product_short`, e.g. `KMS`.
    pub product: Option<String>,
    /// `host`, e.g. `kms.cn-north-4.myhuaweicloud.com`.
    pub host: Option<String>,
    /// `region_id`, the region the host belongs to.
    pub region_id: Option<String>,
    /// `info_version`, e.g. `v2`.
    pub version: Option<String>,
}

#[derive(Debug, Clone)]
pub struct XParam {
    pub name: String,
    pub location: String,
    pub required: bool,
    pub shape: XShape,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct XBody {
    pub shape: XShape,
    pub required: bool,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct XField {
    pub name: String,
    pub required: bool,
    pub shape: XShape,
    pub description: Option<String>,
}

/// A named definition: its shape (an object's, usually) and its description.
#[derive(Debug, Clone, PartialEq)]
pub struct XDefinition {
    pub shape: XShape,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct XResponse {
    pub status: u16,
    pub description: Option<String>,
    pub shape: Option<XShape>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum XType {
    String,
    /// The format as written (`int32`, `int64`, `long`...), or `None` when none is given.
    Integer(Option<String>),
    Number(Option<String>),
    Boolean,
    Array(Box<XShape>),
    /// A JSON object with any keys (`additionalProperties`, or an object without properties).
    Map(Box<XShape>),
    /// Any JSON value: a schema without a type.
    Any,
    /// An object written in place.
    Object(XObject),
    Ref(String),
    /// Binary content (`type: file`, or a string of `format: binary`).
    File,
    /// A type word the reader does not know, as written.
    Other(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct XObject {
    pub fields: Vec<XField>,
    /// The object also allows keys other than its fields (`additionalProperties`).
    pub open: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct XBounds {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// From `enum`, or from a pattern that is only an alternation such as `^(A|B)$`.
    pub enum_values: Option<Vec<String>>,
    /// Integer codes that the description lists one to a line (`1:等待调度`, `0 – 等待中`),
    /// the only way the definitions document named integer values.
    pub documented_codes: Option<Vec<i64>>,
    pub default: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct XShape {
    pub ty: XType,
    pub bounds: XBounds,
}

impl XShape {
    fn of(ty: XType) -> XShape {
        XShape {
            ty,
            bounds: XBounds::default(),
        }
    }
}

/// Names the spec handles at the service level, not per operation.
pub const PROJECT_ID_PARAM: &str = "project_id";
pub const TOKEN_HEADER: &str = "X-Auth-Token";

/// Whether the runtime sets the header `name` itself on every request.
fn is_runtime_header(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    names::RUNTIME_HEADERS.contains(&lower.as_str()) || lower == "x-project-id"
}

/// Parses one API Explorer file.
pub fn parse(file: &str, text: &str) -> Result<XOperation, String> {
    let mut doc: Value =
        serde_json::from_str(text).map_err(|e| format!("{file}: not JSON: {e}"))?;
    // Some files hold the definition as a JSON string (`"{...}"`).
    if let Value::String(inner) = &doc {
        doc = serde_json::from_str(inner).map_err(|_| {
            format!("{file}: the file holds a JSON string, not an operation definition")
        })?;
    }
    if doc.as_object().is_some_and(Map::is_empty) {
        return Err(format!(
            "{file}: the definition is empty (`{{}}`): nothing to import"
        ));
    }
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{file}: no `paths`: not an API Explorer operation definition"))?;
    let (path, path_item) = paths
        .iter()
        .next()
        .ok_or_else(|| format!("{file}: `paths` is empty"))?;
    let methods = path_item
        .as_object()
        .ok_or_else(|| format!("{file}: `{path}` is not an object"))?;
    let (method, op) = methods
        .iter()
        .find(|(m, v)| HTTP_METHODS.contains(&m.to_ascii_lowercase().as_str()) && v.is_object())
        .ok_or_else(|| format!("{file}: no method under {path}"))?;
    let name = op
        .get("operationId")
        .and_then(Value::as_str)
        .or_else(|| doc.get("name").and_then(Value::as_str))
        .map(str::to_string)
        .or_else(|| {
            std::path::Path::new(file)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        })
        .ok_or_else(|| format!("{file}: no operationId"))?;
    let mut reader = Reader {
        doc: &doc,
        defs: doc.get("definitions").and_then(Value::as_object),
        unresolved: Vec::new(),
    };
    let mut definitions = BTreeMap::new();
    for (def_name, def) in reader.defs.into_iter().flatten() {
        definitions.insert(
            def_name.clone(),
            XDefinition {
                shape: reader.shape(def, 0),
                description: text_of(def, "description"),
            },
        );
    }
    let mut op_out = XOperation {
        name,
        method: method.to_ascii_uppercase(),
        path: path.clone(),
        summary: text_of(op, "summary"),
        description: text_of(op, "description"),
        params: Vec::new(),
        service_params: Vec::new(),
        runtime_headers: Vec::new(),
        form_params: Vec::new(),
        body: None,
        consumes: media_types(op.get("consumes"))
            .filter(|c| !c.is_empty())
            .or_else(|| media_types(doc.get("consumes")))
            .unwrap_or_default(),
        responses: Vec::new(),
        definitions: BTreeMap::new(),
        service: XService {
            product: text_of(&doc, "product_short"),
            host: text_of(&doc, "host"),
            region_id: text_of(&doc, "region_id"),
            version: text_of(&doc, "info_version"),
        },
        unresolved: Vec::new(),
    };
    // Path-level parameters apply to every method; the operation's own replace them.
    let mut params: Vec<Value> = Vec::new();
    for p in path_item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .chain(
            op.get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten(),
        )
    {
        let Some(p) = reader.resolve(p, "parameters") else {
            continue;
        };
        let key = |p: &Value| {
            (
                p.get("name").and_then(Value::as_str).map(str::to_string),
                p.get("in").and_then(Value::as_str).map(str::to_string),
            )
        };
        params.retain(|q| key(q) != key(&p));
        params.push(p);
    }
    for p in &params {
        reader.parameter(p, &mut op_out);
    }
    if let Some(rs) = op.get("responses").and_then(Value::as_object) {
        for (status, r) in rs {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            let Some(r) = reader.resolve(r, "responses") else {
                continue;
            };
            op_out.responses.push(XResponse {
                status,
                description: text_of(&r, "description"),
                shape: r.get("schema").map(|s| reader.shape(s, 0)),
            });
        }
    }
    op_out.responses.sort_by_key(|r| r.status);
    op_out.definitions = definitions;
    op_out.unresolved = reader.unresolved;
    op_out.unresolved.sort();
    op_out.unresolved.dedup();
    Ok(op_out)
}

const HTTP_METHODS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options"];

/// `consumes`: a list, or (at the top of API Explorer files) a string holding a JSON list.
fn media_types(v: Option<&Value>) -> Option<Vec<String>> {
    let list = match v? {
        Value::Array(a) => a.clone(),
        Value::String(s) => match serde_json::from_str::<Value>(s) {
            Ok(Value::Array(a)) => a,
            _ => vec![Value::String(s.clone())],
        },
        _ => return None,
    };
    Some(
        list.iter()
            .filter_map(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect(),
    )
}

struct Reader<'d> {
    doc: &'d Value,
    /// The file's `definitions`, if it has any.
    defs: Option<&'d Map<String, Value>>,
    unresolved: Vec<String>,
}

impl Reader<'_> {
    /// `v`, or what its `$ref` (`#/<section>/<name>`, `#/components/<section>/<name>`) names.
    fn resolve(&mut self, v: &Value, section: &str) -> Option<Value> {
        let Some(r) = v.get("$ref").and_then(Value::as_str) else {
            return Some(v.clone());
        };
        let name = ref_name(r);
        let found = self
            .doc
            .get(section)
            .and_then(|s| s.get(&name))
            .or_else(|| {
                self.doc
                    .get("components")
                    .and_then(|c| c.get(section))
                    .and_then(|s| s.get(&name))
            })
            .cloned();
        if found.is_none() {
            self.unresolved.push(r.to_string());
        }
        found
    }

    fn parameter(&mut self, p: &Value, out: &mut XOperation) {
        let name = p
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let location = p
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        let description = text_of(p, "description");
        if location == "body" {
            out.body = Some(XBody {
                shape: p
                    .get("schema")
                    .map(|s| self.shape(s, 0))
                    .unwrap_or(XShape::of(XType::Any)),
                required,
                description,
            });
            return;
        }
        // OpenAPI 3 writes the type and bounds of a parameter under `schema`.
        let shape = match p.get("schema") {
            Some(schema) => self.shape(schema, 0),
            None => self.shape(p, 0),
        };
        let param = XParam {
            name,
            location,
            required,
            shape,
            description,
        };
        let is_header = param.location == "header";
        if (param.location == "path" && param.name == PROJECT_ID_PARAM)
            || (is_header && param.name.eq_ignore_ascii_case(TOKEN_HEADER))
        {
            out.service_params.push(param);
        } else if is_header && is_runtime_header(&param.name) {
            out.runtime_headers.push(param);
        } else if param.location == "formData" {
            out.form_params.push(param);
        } else {
            out.params.push(param);
        }
    }

    /// The shape of a schema.
    fn shape(&mut self, v: &Value, depth: usize) -> XShape {
        if depth > 32 || !v.is_object() {
            return XShape::of(XType::Any);
        }
        let bounds = bounds(v);
        let ty = match v.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let name = ref_name(r);
                if !self.defs.is_some_and(|d| d.contains_key(&name)) {
                    self.unresolved.push(r.to_string());
                }
                XType::Ref(name)
            }
            None => self.type_of(v, depth),
        };
        let mut shape = XShape { ty, bounds };
        if let XType::Integer(_) = shape.ty {
            shape.bounds.documented_codes = v
                .get("description")
                .and_then(Value::as_str)
                .and_then(documented_codes);
        }
        if shape.bounds.enum_values.is_none() {
            if let (XType::String, Some(values)) = (
                &shape.ty,
                shape.bounds.pattern.as_deref().and_then(enum_from_pattern),
            ) {
                shape.bounds.enum_values = Some(values);
                shape.bounds.pattern = None;
            }
        }
        shape
    }

    fn type_of(&mut self, v: &Value, depth: usize) -> XType {
        let word = match v.get("type") {
            Some(Value::String(s)) => s.trim().to_ascii_lowercase(),
            // `["string", "null"]`: the first type that is not null.
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or_default()
                .to_ascii_lowercase(),
            _ => String::new(),
        };
        let format = v.get("format").and_then(Value::as_str).map(str::to_string);
        let has_object_keys = v.get("properties").is_some()
            || v.get("additionalProperties").is_some()
            || v.get("allOf").is_some();
        match word.as_str() {
            "string" | "date" | "date-time" | "datetime" | "uuid" | "password" | "char"
            | "text" => {
                if format.as_deref() == Some("binary") {
                    XType::File
                } else {
                    XType::String
                }
            }
            "integer" => XType::Integer(format),
            "int" | "int32" | "short" => XType::Integer(format.or(Some("int32".into()))),
            "long" | "int64" => XType::Integer(format.or(Some("int64".into()))),
            "number" => XType::Number(format),
            "float" => XType::Number(format.or(Some("float".into()))),
            "double" | "decimal" | "bigdecimal" => XType::Number(format.or(Some("double".into()))),
            "boolean" | "bool" => XType::Boolean,
            "array" | "list" => self.array(v, depth),
            "object" | "map" | "dict" | "json" => self.object(v, depth),
            "file" | "binary" => XType::File,
            "" if v.get("items").is_some() => self.array(v, depth),
            "" if has_object_keys => self.object(v, depth),
            "" => XType::Any,
            other => XType::Other(other.to_string()),
        }
    }

    fn array(&mut self, v: &Value, depth: usize) -> XType {
        let items = match v.get("items") {
            Some(items) => self.shape(items, depth + 1),
            None => XShape::of(XType::Any),
        };
        XType::Array(Box::new(items))
    }

    /// An object: its fields (with `allOf` parts merged in order), or a map when it has none.
    fn object(&mut self, v: &Value, depth: usize) -> XType {
        let fields = self.fields(v, depth);
        let additional = v.get("additionalProperties");
        let open = additional.is_some_and(|a| a != &Value::Bool(false));
        if !fields.is_empty() {
            return XType::Object(XObject { fields, open });
        }
        match additional {
            Some(a @ Value::Object(_)) => XType::Map(Box::new(self.shape(a, depth + 1))),
            _ => XType::Map(Box::new(XShape::of(XType::Any))),
        }
    }

    /// Fields of an object schema, with `allOf` parts merged in order.
    fn fields(&mut self, def: &Value, depth: usize) -> Vec<XField> {
        let mut out: Vec<XField> = Vec::new();
        if depth > 16 {
            return out;
        }
        if let Some(parts) = def.get("allOf").and_then(Value::as_array) {
            for part in parts {
                let fields = match part.get("$ref").and_then(Value::as_str) {
                    Some(r) => match self.defs.and_then(|d| d.get(&ref_name(r))) {
                        Some(d) => self.fields(d, depth + 1),
                        None => {
                            self.unresolved.push(r.to_string());
                            Vec::new()
                        }
                    },
                    None => self.fields(part, depth + 1),
                };
                for f in fields {
                    out.retain(|o| o.name != f.name);
                    out.push(f);
                }
            }
        }
        let required: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = def.get("properties").and_then(Value::as_object) {
            for (name, p) in props {
                out.retain(|o| &o.name != name);
                out.push(XField {
                    name: name.clone(),
                    required: required.contains(&name.as_str()),
                    shape: self.shape(p, depth + 1),
                    description: text_of(p, "description"),
                });
            }
        }
        out
    }
}

fn text_of(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn ref_name(r: &str) -> String {
    r.rsplit('/').next().unwrap_or(r).to_string()
}

fn bounds(v: &Value) -> XBounds {
    let get_u = |k: &str| v.get(k).and_then(Value::as_u64);
    let get_f = |k: &str| v.get(k).and_then(Value::as_f64);
    XBounds {
        min_length: get_u("minLength"),
        max_length: get_u("maxLength"),
        minimum: get_f("minimum"),
        maximum: get_f("maximum"),
        pattern: v
            .get("pattern")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
        min_items: get_u("minItems"),
        max_items: get_u("maxItems"),
        enum_values: v.get("enum").and_then(Value::as_array).map(|a| {
            a.iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect()
        }),
        documented_codes: None,
        default: v.get("default").cloned(),
    }
}

/// `^(A|B|C)$` (or `^(A)$`) with plain word alternatives: an enum.
fn enum_from_pattern(p: &str) -> Option<Vec<String>> {
    let inner = p.strip_prefix("^(")?.strip_suffix(")$")?;
    let values: Vec<String> = inner.split('|').map(str::to_string).collect();
    let plain = |s: &String| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.')
    };
    (values.iter().all(plain)).then_some(values)
}

/// The codes a description lists one to a line, each followed by `:`, `：`, `-`, `–` or `—` and
/// its meaning; `None` unless at least two lines do (a lone `1:` is no list).
pub fn documented_codes(description: &str) -> Option<Vec<i64>> {
    let codes: Vec<i64> = description
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let digits_end = line
                .char_indices()
                .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && *c == '-')))
                .map_or(line.len(), |(i, _)| i);
            let code = line[..digits_end].parse().ok()?;
            let rest = line[digits_end..].trim_start();
            rest.starts_with([':', '：', '-', '–', '—']).then_some(code)
        })
        .collect();
    (codes.len() >= 2).then_some(codes)
}

/// The media type of the body when it is not the JSON the runtime sends by default: from a
/// documented `Content-Type` header (its single enum value or its default), else from
/// `consumes`. `None` for `application/json` with or without `charset=UTF-8`.
pub fn body_media_type(op: &XOperation) -> Option<String> {
    let documented = op
        .runtime_headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("content-type"))
        .and_then(|h| {
            let b = &h.shape.bounds;
            match b.enum_values.as_deref() {
                Some([one]) => Some(one.clone()),
                _ => b
                    .default
                    .as_ref()
                    .and_then(Value::as_str)
                    .map(str::to_string),
            }
        });
    let media = documented.or_else(|| op.consumes.first().cloned())?;
    (!is_default_json(&media)).then_some(media)
}

/// `application/json`, with or without `charset=utf-8`, in any case.
fn is_default_json(media: &str) -> bool {
    let lower = media.to_ascii_lowercase().replace(' ', "");
    lower == "application/json" || lower == "application/json;charset=utf-8"
}
