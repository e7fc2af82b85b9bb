//! The spec as an OpenAPI 3.1 document, so the usual tools (Swagger UI, schemathesis,
//! oasdiff) work on our API. Generated from the checked model, never edited.

use serde_json::{json, Map, Value};

use crate::pipeline::model::{
    Bounds, Expected, Field, IntEnumValue, Matcher, Model, Number, Operation, PathSegment, Shape,
    Ty, TypeKind,
};

/// The document as pretty JSON, keys sorted, ending in a newline.
pub fn openapi_json(model: &Model) -> String {
    let mut text = serde_json::to_string_pretty(&document(model)).unwrap_or_default();
    text.push('\n');
    text
}

/// The document as a JSON value.
pub fn document(model: &Model) -> Value {
    let s = &model.service;
    let servers: Vec<Value> = s
        .regions
        .iter()
        .map(|r| json!({ "url": r.endpoint, "description": format!("{} ({})", r.name, r.id) }))
        .collect();
    let mut paths = Map::new();
    for op in &model.operations {
        let entry = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
        if let Value::Object(m) = entry {
            m.insert(
                op.method.as_str().to_ascii_lowercase(),
                operation(model, op),
            );
        }
    }
    let mut schemas = Map::new();
    for t in &model.types {
        let v = match &t.kind {
            TypeKind::Object(fields) => object_schema(t.description.as_deref(), fields),
            TypeKind::Enum(values) => {
                let mut m = Map::new();
                m.insert("type".into(), json!("string"));
                m.insert(
                    "enum".into(),
                    json!(values.iter().map(|v| v.value.clone()).collect::<Vec<_>>()),
                );
                if let Some(d) = &t.description {
                    m.insert("description".into(), json!(d.trim()));
                }
                Value::Object(m)
            }
            TypeKind::IntEnum(values) => int_enum_schema(t.description.as_deref(), values),
            TypeKind::Alias(shape) => {
                let mut v = shape_schema(shape);
                if let (Value::Object(m), Some(d)) = (&mut v, &t.description) {
                    m.insert("description".into(), json!(d.trim()));
                }
                v
            }
        };
        schemas.insert(t.name.clone(), v);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("{} API", s.name),
            "version": s.api_version,
            "description": s.description.clone().unwrap_or_default(),
            "x-generated": "by `cargo xtask generate` from spec/; do not edit",
        },
        "servers": servers,
        "x-waiters": waiters(model),
        "security": [{ "akSk": [] }, { "iamToken": [] }],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "akSk": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "`SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>`: an HMAC-SHA256 over the canonical request, keyed with the SK, with the time in `X-Sdk-Date`."
                },
                "iamToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": s.token_header,
                    "description": "An IAM token, sent instead of a signature."
                }
            }
        }
    })
}

/// The spec's waiters, an extension: for each, the operation polled, the delays and maximum
/// wait in seconds, and the acceptors in order (`path` with `equals` on the output, in wire
/// form, or a service `error` code).
fn waiters(model: &Model) -> Value {
    let mut out = Map::new();
    for w in &model.waiters {
        let acceptors: Vec<Value> = w
            .acceptors
            .iter()
            .map(|a| match &a.matcher {
                Matcher::ErrorCode(code) => json!({ "state": a.state.as_str(), "error": code }),
                Matcher::Output { path, expected } => {
                    let path: Vec<&str> = path.iter().map(|p| p.wire_name.as_str()).collect();
                    let equals = match expected {
                        Expected::Str(s) => json!(s),
                        Expected::Int(i) => json!(i),
                        Expected::Bool(b) => json!(b),
                        Expected::Enum { value, .. } => json!(value),
                        Expected::IntEnum { code, .. } => json!(code),
                    };
                    json!({ "state": a.state.as_str(), "path": path.join("."), "equals": equals })
                }
            })
            .collect();
        let mut m = Map::new();
        m.insert("operationId".into(), json!(w.operation));
        if let Some(d) = &w.description {
            m.insert("description".into(), json!(d.trim()));
        }
        m.insert("minDelay".into(), json!(w.min_delay));
        m.insert("maxDelay".into(), json!(w.max_delay));
        m.insert("maxWait".into(), json!(w.max_wait));
        m.insert("acceptors".into(), json!(acceptors));
        out.insert(w.name.clone(), Value::Object(m));
    }
    Value::Object(out)
}

fn operation(model: &Model, op: &Operation) -> Value {
    let s = &model.service;
    let mut params = Vec::new();
    if op.segments.contains(&PathSegment::ProjectId) {
        params.push(json!({
            "name": "project_id",
            "in": "path",
            "required": true,
            "description": "The project id; the official SDKs fill it from the credentials.",
            "schema": shape_schema(&Shape {
                ty: Ty::String,
                bounds: Bounds { min_length: s.project_id_min_length, max_length: s.project_id_max_length, ..Bounds::default() },
            }),
        }));
    }
    for p in &op.params {
        let loc = p.location.as_str();
        let mut m = Map::new();
        m.insert("name".into(), json!(p.field.wire_name));
        m.insert("in".into(), json!(loc));
        m.insert("required".into(), json!(p.field.required));
        if let Some(d) = &p.field.description {
            m.insert("description".into(), json!(d.trim()));
        }
        m.insert("schema".into(), field_schema(&p.field));
        if matches!(p.field.shape.ty, Ty::Array(_)) {
            m.insert("style".into(), json!("form"));
            m.insert("explode".into(), json!(true));
        }
        params.push(Value::Object(m));
    }
    let mut o = Map::new();
    o.insert("operationId".into(), json!(op.name));
    o.insert("summary".into(), json!(op.summary));
    if let Some(d) = &op.description {
        o.insert("description".into(), json!(d.trim()));
    }
    if !params.is_empty() {
        o.insert("parameters".into(), json!(params));
    }
    if let Some(b) = &op.body {
        let media = op
            .content_type
            .as_deref()
            .unwrap_or("application/json;charset=UTF-8");
        let mut content = Map::new();
        content.insert(
            media.to_string(),
            json!({ "schema": { "$ref": format!("#/components/schemas/{}", b.type_name) } }),
        );
        o.insert(
            "requestBody".into(),
            json!({ "required": b.required, "content": content }),
        );
    }
    let mut responses = Map::new();
    for r in &op.responses {
        let mut m = Map::new();
        let default_description = if r.status < 400 { "Success." } else { "Error." };
        m.insert(
            "description".into(),
            json!(r
                .description
                .as_deref()
                .unwrap_or(default_description)
                .trim()),
        );
        if let Some(shape) = &r.shape {
            let mut media = Map::new();
            media.insert("schema".into(), shape_schema(shape));
            if let Some(ex) = r
                .example
                .as_ref()
                .and_then(|e| serde_json::from_str::<Value>(e).ok())
            {
                media.insert("example".into(), ex);
            }
            m.insert("content".into(), json!({ "application/json": media }));
        }
        responses.insert(r.status.to_string(), Value::Object(m));
    }
    o.insert("responses".into(), Value::Object(responses));
    if !op.regions.is_empty() {
        o.insert("x-regions".into(), json!(op.regions));
    }
    o.insert("x-idempotent".into(), json!(op.idempotent));
    Value::Object(o)
}

/// An integer enum: its codes in `enum`, their names in `x-enum-varnames` and descriptions in
/// `x-enum-descriptions` (the extensions OpenAPI generators read), in spec order.
fn int_enum_schema(description: Option<&str>, values: &[IntEnumValue]) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), json!("integer"));
    m.insert("format".into(), json!("int32"));
    m.insert(
        "enum".into(),
        json!(values.iter().map(|v| v.value).collect::<Vec<_>>()),
    );
    m.insert(
        "x-enum-varnames".into(),
        json!(values
            .iter()
            .map(|v| v.variant.as_str())
            .collect::<Vec<_>>()),
    );
    m.insert(
        "x-enum-descriptions".into(),
        json!(values
            .iter()
            .map(|v| v.description.as_deref().unwrap_or_default().trim())
            .collect::<Vec<_>>()),
    );
    if let Some(d) = description {
        m.insert("description".into(), json!(d.trim()));
    }
    Value::Object(m)
}

fn object_schema(description: Option<&str>, fields: &[Field]) -> Value {
    let mut props = Map::new();
    for f in fields {
        props.insert(f.wire_name.clone(), field_schema(f));
    }
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.wire_name.as_str())
        .collect();
    let mut m = Map::new();
    m.insert("type".into(), json!("object"));
    if let Some(d) = description {
        m.insert("description".into(), json!(d.trim()));
    }
    m.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        m.insert("required".into(), json!(required));
    }
    Value::Object(m)
}

fn field_schema(f: &Field) -> Value {
    let mut v = shape_schema(&f.shape);
    if let Value::Object(m) = &mut v {
        if let Some(d) = &f.description {
            m.insert("description".into(), json!(d.trim()));
        }
        if let Some(d) = &f.default {
            m.insert("default".into(), d.to_json());
        }
        if f.sensitive {
            m.insert("writeOnly".into(), json!(true));
            m.insert("x-sensitive".into(), json!(true));
        }
    }
    v
}

fn number(n: Number) -> Value {
    match n {
        Number::Int(i) => json!(i),
        Number::Float(x) => json!(x),
    }
}

fn shape_schema(shape: &Shape) -> Value {
    let b = &shape.bounds;
    let mut m = Map::new();
    match &shape.ty {
        Ty::String => {
            m.insert("type".into(), json!("string"));
        }
        Ty::Int32 | Ty::Int64 => {
            m.insert("type".into(), json!("integer"));
            m.insert("format".into(), json!(shape.ty.format()));
        }
        Ty::Float | Ty::Double => {
            m.insert("type".into(), json!("number"));
            m.insert("format".into(), json!(shape.ty.format()));
        }
        Ty::Bool => {
            m.insert("type".into(), json!("boolean"));
        }
        Ty::Array(inner) => {
            m.insert("type".into(), json!("array"));
            m.insert("items".into(), shape_schema(inner));
        }
        Ty::Map(inner) => {
            m.insert("type".into(), json!("object"));
            m.insert("additionalProperties".into(), shape_schema(inner));
        }
        // Any JSON value: the empty schema.
        Ty::Any => {}
        Ty::Object(n) | Ty::Enum(n) => {
            m.insert("$ref".into(), json!(format!("#/components/schemas/{n}")));
        }
    }
    let put_u = |m: &mut Map<String, Value>, k: &str, v: Option<u64>| {
        if let Some(v) = v {
            m.insert(k.into(), json!(v));
        }
    };
    put_u(&mut m, "minLength", b.min_length);
    put_u(&mut m, "maxLength", b.max_length);
    put_u(&mut m, "minItems", b.min_items);
    put_u(&mut m, "maxItems", b.max_items);
    if let Some(n) = b.minimum {
        m.insert("minimum".into(), number(n));
    }
    if let Some(n) = b.maximum {
        m.insert("maximum".into(), number(n));
    }
    if let Some(p) = &b.pattern {
        m.insert("pattern".into(), json!(p));
    }
    Value::Object(m)
}
