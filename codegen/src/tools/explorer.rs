//! Reads Huawei Cloud API Explorer definitions (Swagger 2 style JSON, one operation per file)
//! into a small normalized form that [`crate::import`] and [`crate::audit`] share.
//!
//! The reader is lenient: what it does not understand it skips, and a file that is not an
//! operation definition is an error naming the file.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// One operation as the API Explorer describes it.
#[derive(Debug, Clone)]
pub struct XOperation {
    pub name: String,
    pub method: String,
    pub path: String,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// Path, query and header parameters, except the project id and the IAM token, which the
    /// spec handles at the service level.
    pub params: Vec<XParam>,
    /// Body type name and whether the body is required.
    pub body: Option<(String, bool)>,
    pub responses: Vec<XResponse>,
    /// Object definitions, `allOf` flattened.
    pub definitions: BTreeMap<String, Vec<XField>>,
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
pub struct XField {
    pub name: String,
    pub required: bool,
    pub shape: XShape,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct XResponse {
    pub status: u16,
    pub description: Option<String>,
    pub shape: Option<XShape>,
    pub example: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum XType {
    String,
    /// `int32`, `int64`, or `None` when the definition gives no format.
    Integer(Option<String>),
    Number(Option<String>),
    Boolean,
    Array(Box<XShape>),
    Ref(String),
    /// Anything else, described as written.
    Other(String),
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

/// Names the spec handles at the service level, not per operation.
pub const PROJECT_ID_PARAM: &str = "project_id";
pub const TOKEN_HEADER: &str = "X-Auth-Token";

/// Parses one API Explorer file.
pub fn parse(file: &str, text: &str) -> Result<XOperation, String> {
    let doc: Value = serde_json::from_str(text).map_err(|e| format!("{file}: not JSON: {e}"))?;
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| format!("{file}: no `paths`: not an API Explorer operation definition"))?;
    let (path, methods) = paths
        .iter()
        .next()
        .ok_or_else(|| format!("{file}: `paths` is empty"))?;
    let (method, op) = methods
        .as_object()
        .and_then(|m| m.iter().next())
        .ok_or_else(|| format!("{file}: no method under {path}"))?;
    let name = op
        .get("operationId")
        .and_then(Value::as_str)
        .or_else(|| doc.get("name").and_then(Value::as_str))
        .ok_or_else(|| format!("{file}: no operationId"))?
        .to_string();
    let defs = doc
        .get("definitions")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut definitions = BTreeMap::new();
    for (def_name, def) in &defs {
        definitions.insert(def_name.clone(), flatten_fields(def, &defs, 0));
    }
    let mut params = Vec::new();
    let mut body = None;
    for p in op
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let pname = p
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
        if location == "body" {
            if let Some(r) = p
                .get("schema")
                .and_then(|s| s.get("$ref"))
                .and_then(Value::as_str)
            {
                body = Some((ref_name(r), required));
            }
            continue;
        }
        if (location == "path" && pname == PROJECT_ID_PARAM)
            || (location == "header" && pname == TOKEN_HEADER)
        {
            continue;
        }
        params.push(XParam {
            name: pname,
            location,
            required,
            shape: shape(p),
            description: text_of(p, "description"),
        });
    }
    let mut responses = Vec::new();
    if let Some(rs) = op.get("responses").and_then(Value::as_object) {
        for (status, r) in rs {
            let Ok(status) = status.parse::<u16>() else {
                continue;
            };
            responses.push(XResponse {
                status,
                description: text_of(r, "description"),
                shape: r.get("schema").map(shape),
                example: r
                    .get("examples")
                    .and_then(|e| e.get("application/json"))
                    .cloned(),
            });
        }
    }
    responses.sort_by_key(|r| r.status);
    Ok(XOperation {
        name,
        method: method.to_ascii_uppercase(),
        path: path.clone(),
        summary: text_of(op, "summary"),
        description: text_of(op, "description"),
        params,
        body,
        responses,
        definitions,
    })
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

/// Fields of a definition, with `allOf` parts merged in order.
fn flatten_fields(def: &Value, defs: &Map<String, Value>, depth: usize) -> Vec<XField> {
    let mut out: Vec<XField> = Vec::new();
    if depth > 16 {
        return out;
    }
    if let Some(parts) = def.get("allOf").and_then(Value::as_array) {
        for part in parts {
            let fields = match part.get("$ref").and_then(Value::as_str) {
                Some(r) => defs
                    .get(&ref_name(r))
                    .map(|d| flatten_fields(d, defs, depth + 1))
                    .unwrap_or_default(),
                None => flatten_fields(part, defs, depth + 1),
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
                shape: shape(p),
                description: text_of(p, "description"),
            });
        }
    }
    out
}

fn shape(v: &Value) -> XShape {
    let get_u = |k: &str| v.get(k).and_then(Value::as_u64);
    let get_f = |k: &str| v.get(k).and_then(Value::as_f64);
    let pattern = v.get("pattern").and_then(Value::as_str).map(str::to_string);
    let mut enum_values = v.get("enum").and_then(Value::as_array).map(|a| {
        a.iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            })
            .collect::<Vec<_>>()
    });
    let mut pattern_kept = pattern.clone();
    if enum_values.is_none() {
        if let Some(values) = pattern.as_deref().and_then(enum_from_pattern) {
            enum_values = Some(values);
            pattern_kept = None;
        }
    }
    let ty = match (
        v.get("$ref").and_then(Value::as_str),
        v.get("type").and_then(Value::as_str),
    ) {
        (Some(r), _) => XType::Ref(ref_name(r)),
        (None, Some("string")) => XType::String,
        (None, Some("integer")) => {
            XType::Integer(v.get("format").and_then(Value::as_str).map(str::to_string))
        }
        (None, Some("number")) => {
            XType::Number(v.get("format").and_then(Value::as_str).map(str::to_string))
        }
        (None, Some("boolean")) => XType::Boolean,
        (None, Some("array")) => {
            XType::Array(Box::new(v.get("items").map(shape).unwrap_or(XShape {
                ty: XType::Other("unspecified".into()),
                bounds: XBounds::default(),
            })))
        }
        (None, Some(other)) => XType::Other(other.to_string()),
        (None, None) => XType::Other("untyped".into()),
    };
    XShape {
        bounds: XBounds {
            min_length: get_u("minLength"),
            max_length: get_u("maxLength"),
            minimum: get_f("minimum"),
            maximum: get_f("maximum"),
            pattern: pattern_kept,
            min_items: get_u("minItems"),
            max_items: get_u("maxItems"),
            enum_values,
            documented_codes: match ty {
                XType::Integer(_) => v
                    .get("description")
                    .and_then(Value::as_str)
                    .and_then(documented_codes),
                _ => None,
            },
            default: v.get("default").cloned(),
        },
        ty,
    }
}

/// `^(A|B|C)$` (or `^A|B$`-free forms like `^(A)$`) with plain word alternatives: an enum.
pub fn enum_from_pattern(p: &str) -> Option<Vec<String>> {
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
