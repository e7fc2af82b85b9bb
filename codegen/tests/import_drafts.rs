//! `import` on API Explorer definitions written the way other services write them: the draft
//! is a spec the generator accepts as it is, names made legal, definitions merged or renamed,
//! maps and untyped values typed; what the spec cannot express stops generation until a
//! person decides.

use codegen::explorer::{self, XOperation};
use codegen::model::{DefaultValue, Model, Number, Ty, TypeKind};
use codegen::{SourceFile, SpecSources};

/// One API Explorer file: the operation at `path` with `parameters` and `responses`, and
/// `definitions`.
fn explorer_file(
    name: &str,
    method: &str,
    path: &str,
    operation: &str,
    definitions: &str,
) -> String {
    format!(
        r##"{{"host": "demo.cn-north-4.myhuaweicloud.com", "region_id": "cn-north-4",
            "product_short": "DEMO", "info_version": "v3",
            "consumes": "[\"application/json;charset=UTF-8\"]",
            "parameters": {{
              "Limit": {{"name": "limit", "in": "query", "type": "integer", "format": "int32", "minimum": 1, "maximum": 100}}
            }},
            "definitions": {definitions},
            "paths": {{"{path}": {{"{method}": {{"operationId": "{name}", "summary": "摘要", {operation}}}}}}}}}"##
    )
}

fn parse(name: &str, text: &str) -> XOperation {
    explorer::parse(name, text).unwrap_or_else(|e| panic!("{e}"))
}

/// A list operation: a `$ref` parameter, an OpenAPI-3 `schema:` parameter, a documented
/// `X-Sdk-Date`, and a response of a reserved name holding a map, an untyped value, a
/// keyword field, a lower-case definition and integer codes.
fn list_things() -> XOperation {
    parse(
        "ListThings.json",
        &explorer_file(
            "ListThings",
            "get",
            "/v3/{project_id}/things",
            r##""parameters": [
                {"name": "project_id", "in": "path", "required": true, "type": "string"},
                {"$ref": "#/parameters/Limit"},
                {"name": "marker", "in": "query", "schema": {"type": "string", "maxLength": 36}},
                {"name": "X-Sdk-Date", "in": "header", "type": "string"},
                {"name": "type", "in": "query", "type": "string"}
            ],
            "responses": {"200": {"schema": {"$ref": "#/definitions/Error"}},
                          "400": {"schema": {"$ref": "#/definitions/ErrorDetail"}}}"##,
            r##"{
              "Error": {"properties": {
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "extra": {"description": "anything"},
                "type": {"type": "string"},
                "items": {"type": "array", "minLength": 1, "items": {"$ref": "#/definitions/thing_info"}},
                "state": {"type": "integer", "enum": [1, 2, 3]},
                "size": {"type": "integer", "format": "long", "minimum": 0}
              }},
              "thing_info": {"properties": {"id": {"type": "string"}, "build": {"type": "string"}}},
              "ErrorDetail": {"properties": {"error_code": {"type": "string"}}}
            }"##,
        ),
    )
}

/// A create operation whose `ErrorDetail` differs from `ListThings`'s, with a body whose
/// documented `Content-Type` is a JSON patch, and no documented success status.
fn patch_thing() -> XOperation {
    parse(
        "PatchThing.json",
        &explorer_file(
            "PatchThing",
            "patch",
            "/v3/{project_id}/things/{thing_id}",
            r##""consumes": ["application/merge-patch+json"],
            "parameters": [
                {"name": "thing_id", "in": "path", "required": true, "type": "string"},
                {"name": "Content-Type", "in": "header", "type": "string", "enum": ["application/merge-patch+json"]},
                {"name": "body", "in": "body", "required": true, "schema": {"type": "array", "items": {"$ref": "#/definitions/Patch"}}}
            ],
            "responses": {"400": {"schema": {"$ref": "#/definitions/ErrorDetail"}}}"##,
            r##"{
              "Patch": {"required": ["op"], "properties": {
                "op": {"type": "string", "enum": ["add", "remove"]},
                "value": {},
                "tags": {"type": "array", "items": {"type": "string"}, "default": ["a"]}
              }},
              "ErrorDetail": {"properties": {"error_code": {"type": "string"}, "error_msg": {"type": "string"}}}
            }"##,
        ),
    )
}

fn sources(draft: &codegen::import::SpecDraft) -> SpecSources {
    SpecSources {
        service: SourceFile {
            name: "spec/service.yaml".into(),
            text: draft.service.clone(),
        },
        types: None,
        operations: vec![SourceFile {
            name: format!("spec/operations/{}", draft.operations_file),
            text: draft.operations.clone(),
        }],
    }
}

fn model(draft: &codegen::import::SpecDraft) -> Model {
    codegen::model_from_sources(&sources(draft)).unwrap_or_else(|d| {
        panic!(
            "{d}\n--- service.yaml ---\n{}\n--- operations ---\n{}",
            draft.service, draft.operations
        )
    })
}

/// The field `wire` of the object type `name`.
fn field<'m>(model: &'m Model, name: &str, wire: &str) -> &'m codegen::model::Field {
    fields(model, name)
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no `{wire}` in `{name}`"))
}

fn fields<'m>(model: &'m Model, name: &str) -> &'m [codegen::model::Field] {
    match model.type_named(name).map(|t| &t.kind) {
        Some(TypeKind::Object(fields)) => fields,
        other => panic!("`{name}` is no object: {other:?}"),
    }
}

#[test]
fn awkward_definitions_draft_a_spec_that_checks_and_generates() {
    let draft = codegen::import::draft_spec(&[list_things(), patch_thing()]);
    assert_eq!(draft.decisions, 0, "{}", draft.operations);
    assert!(draft
        .service
        .contains("endpoint: https://demo.{region}.myhuaweicloud.com"));
    let model = model(&draft);
    let list = &model.operations[0];
    let param = |name: &str| {
        &list
            .params
            .iter()
            .find(|p| p.field.wire_name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .field
    };
    // `$ref` and `schema:` parameters keep their type and bounds.
    assert_eq!(param("limit").shape.ty, Ty::Int32);
    assert_eq!(param("limit").shape.bounds.maximum, Some(Number::Int(100)));
    assert_eq!(param("marker").shape.bounds.max_length, Some(36));
    assert_eq!(param("type").rust_name, "type_");
    assert!(
        list.params
            .iter()
            .all(|p| p.field.wire_name != "X-Sdk-Date"),
        "the runtime sets X-Sdk-Date"
    );
    // `Error` is reserved; the output keeps its fields, typed.
    let Some(Ty::Object(out)) = list
        .success()
        .and_then(|r| r.shape.as_ref())
        .map(|s| s.ty.clone())
    else {
        panic!("ListThings returns an object")
    };
    assert_eq!(out, "ErrorModel");
    let out_field = |name: &str| field(&model, &out, name);
    assert!(matches!(&out_field("labels").shape.ty, Ty::Map(v) if v.ty == Ty::String));
    assert_eq!(out_field("extra").shape.ty, Ty::Any);
    assert_eq!(out_field("type").rust_name, "type_");
    assert_eq!(out_field("size").shape.ty, Ty::Int64, "`long` is an int64");
    let Ty::Enum(state) = &out_field("state").shape.ty else {
        panic!("integer codes make an integer enum")
    };
    assert!(
        matches!(model.type_named(state).map(|t| &t.kind), Some(TypeKind::IntEnum(v)) if v.len() == 3)
    );
    let Ty::Array(items) = &out_field("items").shape.ty else {
        panic!()
    };
    assert_eq!(items.ty, Ty::Object("ThingInfo".into()));
    assert_eq!(
        out_field("items").shape.bounds.min_items,
        Some(1),
        "lengths on an array are its item counts"
    );
    assert_eq!(
        field(&model, "ThingInfo", "build").rust_name,
        "build_",
        "`build` is the builder's method"
    );
    // The two `ErrorDetail`s differ: the one of the first operation keeps the name.
    assert_eq!(fields(&model, "ErrorDetail").len(), 1);
    assert_eq!(fields(&model, "PatchThingErrorDetail").len(), 2);
    assert!(draft
        .operations
        .contains("`ErrorDetail` is defined differently by PatchThing"));
    // The body is an array written in place: an alias, with the media type documented.
    let patch = &model.operations[1];
    assert_eq!(
        patch.content_type.as_deref(),
        Some("application/merge-patch+json")
    );
    let body = patch.body.as_ref().unwrap();
    assert_eq!(body.type_name, "PatchThingRequestBody");
    assert!(matches!(&body.shape.ty, Ty::Array(i) if i.ty == Ty::Object("Patch".into())));
    assert_eq!(
        field(&model, "Patch", "tags").default,
        Some(DefaultValue::Array(vec![DefaultValue::String("a".into())]))
    );
    assert_eq!(field(&model, "Patch", "value").shape.ty, Ty::Any);
    // No success documented: 200 without a body, said so.
    assert_eq!(
        patch.success().map(|r| (r.status, r.shape.is_none())),
        Some((200, true))
    );
    assert!(draft.operations.contains("documents no success status"));
    // And the whole draft generates.
    codegen::generate_from_sources(&sources(&draft)).unwrap();
}

#[test]
fn identical_definitions_shared_by_operations_are_drafted_once() {
    let again = parse(
        "ShowThing.json",
        &explorer_file(
            "ShowThing",
            "get",
            "/v3/{project_id}/things/{thing_id}",
            r##""parameters": [{"name": "thing_id", "in": "path", "required": true, "type": "string"}],
            "responses": {"200": {"schema": {"$ref": "#/definitions/thing_info"}},
                          "400": {"schema": {"$ref": "#/definitions/ErrorDetail"}}}"##,
            r##"{"thing_info": {"properties": {"id": {"type": "string"}, "build": {"type": "string"}}},
                "ErrorDetail": {"properties": {"error_code": {"type": "string"}}}}"##,
        ),
    );
    let draft = codegen::import::draft_spec(&[list_things(), again]);
    assert_eq!(draft.operations.matches("\n  ThingInfo:\n").count(), 1);
    assert_eq!(draft.operations.matches("\n  ErrorDetail:\n").count(), 1);
    assert!(!draft.operations.contains("defined differently"));
    model(&draft);
}

#[test]
fn what_the_spec_cannot_express_is_a_decision_that_stops_generation() {
    let upload = parse(
        "UploadThing.json",
        &explorer_file(
            "UploadThing",
            "post",
            "/v3/{project_id}/things/upload",
            r##""parameters": [{"name": "file", "in": "formData", "type": "file"}],
            "responses": {"200": {"schema": {"type": "file"}}}"##,
            "{}",
        ),
    );
    let draft = codegen::import::draft_spec(&[upload]);
    assert_eq!(draft.decisions, 2, "{}", draft.operations);
    let line = |needle: &str| {
        draft
            .operations
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or_else(|| panic!("no `{needle}` in:\n{}", draft.operations))
    };
    let form = line("TODO(decide): the operation takes the form field `file`");
    let binary = line("TODO(decide): the definition says binary content");
    let diags = codegen::generate_from_sources(&sources(&draft)).unwrap_err();
    let at: Vec<(usize, String)> = diags
        .iter()
        .map(|d| (d.position.map_or(0, |p| p.0), d.message.clone()))
        .collect();
    assert_eq!(at.len(), 2, "{diags}");
    assert_eq!(at[0].0, form);
    assert!(at[0]
        .1
        .starts_with("a decision the importer left open: the operation takes the form field"));
    assert_eq!(at[1].0, binary);
}
