//! `import` and `audit` on small API Explorer definitions of our own (tests/data/explorer).

use std::path::Path;

use codegen::audit::{audit, compare, AllowList};
use codegen::explorer::{self, XType};
use codegen::model::{DefaultValue, Model, Ty, TypeKind};
use codegen::{SourceFile, SpecSources};

fn data(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/explorer")
            .join(name),
    )
    .unwrap()
}

fn service() -> SourceFile {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    SourceFile {
        name: "spec/service.yaml".into(),
        text: std::fs::read_to_string(root.join("spec/service.yaml")).unwrap(),
    }
}

/// A model from the real service definition and one operations file.
fn model_of(ops_yaml: &str) -> Model {
    let sources = SpecSources {
        service: service(),
        types: None,
        operations: vec![SourceFile {
            name: "spec/operations/draft.yaml".into(),
            text: ops_yaml.into(),
        }],
    };
    codegen::model_from_sources(&sources)
        .unwrap_or_else(|d| panic!("{d}\n--- draft ---\n{ops_yaml}"))
}

fn reviewed() -> Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    codegen::model_from_sources(&SpecSources::read_dir(&root.join("spec")).unwrap()).unwrap()
}

#[test]
fn explorer_definitions_are_normalised() {
    let op = explorer::parse("ListThings.json", &data("ListThings.json")).unwrap();
    assert_eq!(op.name, "ListThings");
    assert_eq!(op.method, "GET");
    let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        ["limit", "verbose", "state"],
        "project_id and X-Auth-Token are service-level"
    );
    let state = &op.params[2].shape.bounds;
    assert_eq!(
        state.enum_values.as_deref(),
        Some(&["ON".to_string(), "OFF".to_string()][..])
    );
    assert_eq!(
        state.pattern, None,
        "an alternation pattern becomes an enum"
    );
    let XType::Object(thing) = &op.definitions["Thing"].shape.ty else {
        panic!("Thing is an object: {:?}", op.definitions["Thing"])
    };
    let thing = &thing.fields;
    let fields: Vec<(&str, bool)> = thing
        .iter()
        .map(|f| (f.name.as_str(), f.required))
        .collect();
    assert_eq!(
        fields,
        [("name", true), ("size", false), ("tags", false)],
        "allOf parts are merged"
    );
    assert!(matches!(thing[2].shape.ty, XType::Array(_)));
    assert!(explorer::parse("x.json", "{}")
        .unwrap_err()
        .contains("x.json"));
    assert!(explorer::parse("y.json", "not json").is_err());
}

#[test]
fn an_imported_draft_is_a_valid_spec_with_typed_defaults() {
    let op = explorer::parse("ListThings.json", &data("ListThings.json")).unwrap();
    let draft = codegen::import::draft(&[op]);
    let model = model_of(&draft);
    let list = &model.operations[0];
    let limit = &list
        .params
        .iter()
        .find(|p| p.field.wire_name == "limit")
        .unwrap()
        .field;
    assert_eq!(limit.shape.ty, Ty::Int32);
    assert_eq!(
        limit.default,
        Some(DefaultValue::Int(10)),
        "\"10\" becomes 10"
    );
    let verbose = &list
        .params
        .iter()
        .find(|p| p.field.wire_name == "verbose")
        .unwrap()
        .field;
    assert_eq!(
        verbose.default,
        Some(DefaultValue::Bool(false)),
        "\"false\" becomes false"
    );
    let state = &list
        .params
        .iter()
        .find(|p| p.field.wire_name == "state")
        .unwrap()
        .field;
    let Ty::Enum(e) = &state.shape.ty else {
        panic!("state should be an enum: {:?}", state.shape.ty)
    };
    let Some(TypeKind::Enum(values)) = model.type_named(e).map(|t| &t.kind) else {
        panic!()
    };
    assert_eq!(
        values.iter().map(|v| v.value.as_str()).collect::<Vec<_>>(),
        ["ON", "OFF"]
    );
    assert_eq!(
        list.responses.iter().map(|r| r.status).collect::<Vec<_>>(),
        [200, 403]
    );
    let Some(TypeKind::Object(thing)) = model.type_named("Thing").map(|t| &t.kind) else {
        panic!()
    };
    assert_eq!(thing[2].shape.bounds.max_items, Some(10));
    // The draft generates code too.
    let sources = SpecSources {
        service: service(),
        types: None,
        operations: vec![SourceFile {
            name: "d.yaml".into(),
            text: draft,
        }],
    };
    assert!(codegen::generate_from_sources(&sources).is_ok());
}

#[test]
fn the_start_sync_task_draft_matches_the_reviewed_spec() {
    let op = explorer::parse("StartSyncTask.json", &data("StartSyncTask.json")).unwrap();
    let draft_model = model_of(&codegen::import::draft(&[op]));
    let reviewed = reviewed();
    let d = &draft_model.operations[0];
    let r = reviewed
        .operations
        .iter()
        .find(|o| o.name == "StartSyncTask")
        .unwrap();
    assert_eq!((d.method, &d.path), (r.method, &r.path));
    assert_eq!(d.segments, r.segments);
    let params = |o: &codegen::model::Operation| {
        o.params
            .iter()
            .map(|p| {
                (
                    p.field.wire_name.clone(),
                    p.location,
                    p.field.required,
                    p.field.shape.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(params(d), params(r));
    assert_eq!(
        d.responses.iter().map(|x| x.status).collect::<Vec<_>>(),
        r.responses.iter().map(|x| x.status).collect::<Vec<_>>()
    );
    // Body fields: the same wire names, types (enums by their values), bounds, required-ness,
    // sensitivity and defaults. Only the order differs (the definitions list fields
    // alphabetically; the reviewed spec follows the SDK model's order).
    let fields = |m: &Model, type_name: &str| {
        let Some(TypeKind::Object(fs)) = m.type_named(type_name).map(|t| &t.kind) else {
            panic!()
        };
        let mut v: Vec<String> = fs
            .iter()
            .map(|f| {
                let ty = match &f.shape.ty {
                    Ty::Enum(e) => match m.type_named(e).map(|t| &t.kind) {
                        Some(TypeKind::Enum(vs)) => {
                            format!("enum{:?}", vs.iter().map(|v| &v.value).collect::<Vec<_>>())
                        }
                        _ => unreachable!(),
                    },
                    other => format!("{other:?}"),
                };
                let pattern = f
                    .shape
                    .bounds
                    .pattern
                    .as_deref()
                    .map(|p| regex_syntax::parse(p).unwrap().to_string());
                format!(
                    "{} {ty} {:?}..{:?} {pattern:?} required={} sensitive={} default={:?}",
                    f.wire_name,
                    f.shape.bounds.min_length,
                    f.shape.bounds.max_length,
                    f.required,
                    f.sensitive,
                    f.default
                )
            })
            .collect();
        v.sort();
        v
    };
    let body = |o: &codegen::model::Operation| o.body.as_ref().unwrap().type_name.clone();
    assert_eq!(fields(&draft_model, &body(d)), fields(&reviewed, &body(r)));
}

#[test]
fn audit_reports_each_kind_of_difference_with_both_values() {
    let spec = r#"
operations:
  ListThings:
    summary: List things
    method: GET
    path: /v2/{project_id}/things
    parameters:
      limit: { in: query, type: integer, format: int32, minimum: 1, maximum: 50, default: 10 }
      verbose: { in: query, type: boolean, required: true }
      extra: { in: query, type: string }
      state: { in: query, type: State }
    responses:
      200: { type: ListThingsResp }
types:
  State:
    enum: [ON]
  ListThingsResp:
    fields:
      count: { type: integer, format: int64 }
      things: { type: array, items: { type: Thing } }
  Thing:
    fields:
      name: { type: string, max_length: 100 }
      size: { type: integer, format: int64, minimum: 0 }
"#;
    let model = model_of(spec);
    let op = explorer::parse("ListThings.json", &data("ListThings.json")).unwrap();
    let mut diffs: Vec<String> = compare(&model, std::slice::from_ref(&op))
        .iter()
        .map(|d| d.to_string())
        .collect();
    diffs.sort();
    assert_eq!(
        diffs,
        [
            "ListThings.parameters.extra: parameter: API Explorer absent, spec present",
            "ListThings.parameters.limit: maximum: API Explorer 100, spec 50",
            "ListThings.parameters.state: enum value OFF: API Explorer present, spec absent",
            "ListThings.parameters.verbose: default: API Explorer false, spec none",
            "ListThings.parameters.verbose: required: API Explorer false, spec true",
            "ListThings.responses.403: status: API Explorer present, spec absent",
            "ListThingsResp.count: format: API Explorer int32, spec int64",
            "Thing.name: max_length: API Explorer 64, spec 100",
            "Thing.name: required: API Explorer true, spec false",
            "Thing.tags: field: API Explorer present, spec absent",
        ]
    );
    // The allow-list explains some; an entry that matches nothing is stale.
    let allow = AllowList::parse(
        "allow:\n  - place: Thing.name\n    difference: max_length\n    reason: the service accepts 100\n  - place: Thing.size\n    difference: minimum\n    reason: gone\n",
    )
    .unwrap();
    let report = audit(&model, &[op], &allow);
    assert_eq!(report.allowed.len(), 1);
    assert_eq!(report.unexplained.len(), 9);
    assert_eq!(report.stale.len(), 1);
    assert!(!report.is_clean());
    assert!(
        AllowList::parse("allow:\n  - place: a\n    difference: b\n    reason: ' '\n").is_err(),
        "reasons are required"
    );
    assert!(
        AllowList::parse("allow:\n  - place: a\n    difference: b\n    reasn: x\n").is_err(),
        "unknown keys are errors"
    );
}

#[test]
fn the_reviewed_start_sync_task_agrees_with_its_definition() {
    let op = explorer::parse("StartSyncTask.json", &data("StartSyncTask.json")).unwrap();
    let diffs: Vec<String> = compare(&reviewed(), &[op])
        .iter()
        .filter(|d| !d.kind.starts_with("operation"))
        .map(|d| d.to_string())
        .collect();
    assert_eq!(diffs, Vec::<String>::new());
}

#[test]
fn integer_codes_documented_one_to_a_line_are_read_from_descriptions() {
    assert_eq!(
        explorer::documented_codes("状态:\n1:等待\n2:运行\n7: 暂停中"),
        Some(vec![1, 2, 7])
    );
    assert_eq!(
        explorer::documented_codes("0 – 等待中\n1 – 执行中\n-1 — 未知"),
        Some(vec![0, 1, -1])
    );
    assert_eq!(
        explorer::documented_codes("跳过数(1.源端对象较旧;2.目的端已有)"),
        None,
        "numbered prose is no list of codes"
    );
    assert_eq!(explorer::documented_codes("1: the only one"), None);
}

/// Integer enums against `ListStates.json`: a query filter and a response field.
const STATES: &str = r#"
operations:
  ListStates:
    summary: List states
    method: GET
    path: /v2/{project_id}/states
    parameters:
      status: { in: query, type: State }
    responses:
      200: { type: StateResp }
types:
  State:
    description: The state.
    type: integer
    enum:
      - { value: 1, name: Waiting, description: Not yet started. }
      - { value: 2, name: Running }
      - { value: 4, name: Failed }
  GroupState:
    type: integer
    format: int32
    enum:
      - { value: 0, name: Waiting }
      - { value: 1, name: Running }
      - { value: 2, name: Done }
  StateResp:
    fields:
      status: { type: GroupState }
      note: { type: integer, format: int32 }
"#;

#[test]
fn audit_compares_integer_enums_with_documented_codes_and_range() {
    let model = model_of(STATES);
    let op = explorer::parse("ListStates.json", &data("ListStates.json")).unwrap();
    let mut diffs: Vec<String> = compare(&model, std::slice::from_ref(&op))
        .iter()
        .map(|d| d.to_string())
        .collect();
    diffs.sort();
    assert_eq!(
        diffs,
        [
            "ListStates.parameters.status: enum value 3: API Explorer present, spec absent",
            "ListStates.parameters.status: enum value 4: API Explorer absent, spec present",
            "ListStates.parameters.status: maximum: API Explorer 3, spec 4",
        ],
        "the response's group state agrees: its codes and range are the definition's"
    );
}

#[test]
fn openapi_describes_integer_enums_with_codes_names_and_descriptions() {
    let sources = SpecSources {
        service: service(),
        types: None,
        operations: vec![SourceFile {
            name: "spec/operations/states.yaml".into(),
            text: STATES.into(),
        }],
    };
    let generated = codegen::generate(&sources, &codegen::emit::CrateConfig::new("states"))
        .unwrap_or_else(|d| panic!("{d}"));
    let doc: serde_json::Value = serde_json::from_str(&generated.openapi).unwrap();
    assert_eq!(
        doc["components"]["schemas"]["State"],
        serde_json::json!({
            "type": "integer",
            "format": "int32",
            "description": "The state.",
            "enum": [1, 2, 4],
            "x-enum-varnames": ["Waiting", "Running", "Failed"],
            "x-enum-descriptions": ["Not yet started.", "", ""],
        })
    );
    assert_eq!(
        doc["paths"]["/v2/{project_id}/states"]["get"]["parameters"][1]["schema"],
        serde_json::json!({ "$ref": "#/components/schemas/State" })
    );
}

#[test]
fn openapi_lists_waiters_with_their_acceptors_in_wire_form() {
    let spec = format!(
        "{STATES}waiters:\n  StateDone:\n    operation: ListStates\n    max_wait: 60\n    acceptors:\n      - {{ state: success, path: status, equals: Done }}\n      - {{ state: failure, error: OMS.1009 }}\n"
    );
    let sources = SpecSources {
        service: service(),
        types: None,
        operations: vec![SourceFile {
            name: "spec/operations/states.yaml".into(),
            text: spec,
        }],
    };
    let generated = codegen::generate(&sources, &codegen::emit::CrateConfig::new("states"))
        .unwrap_or_else(|d| panic!("{d}"));
    let doc: serde_json::Value = serde_json::from_str(&generated.openapi).unwrap();
    assert_eq!(
        doc["x-waiters"],
        serde_json::json!({
            "StateDone": {
                "operationId": "ListStates",
                "minDelay": 2,
                "maxDelay": 120,
                "maxWait": 60,
                "acceptors": [
                    { "state": "success", "path": "status", "equals": 2 },
                    { "state": "failure", "error": "OMS.1009" },
                ],
            }
        })
    );
}

#[test]
fn audit_compares_maps_untyped_values_aliases_and_media_types() {
    let op = explorer::parse(
        "PatchThing.json",
        r##"{"definitions": {
              "Patch": {"properties": {
                "labels": {"type": "object", "additionalProperties": {"type": "string", "maxLength": 8}},
                "value": {}
              }},
              "Patches": {"type": "array", "items": {"$ref": "#/definitions/Patch"}, "maxItems": 5}
            },
            "paths": {"/v2/{project_id}/things": {"patch": {
              "operationId": "PatchThing",
              "consumes": ["application/merge-patch+json"],
              "parameters": [
                {"name": "Content-Type", "in": "header", "type": "string"},
                {"name": "body", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Patches"}}
              ],
              "responses": {"204": {}}}}}}"##,
    )
    .unwrap();
    let spec = |labels: &str, value: &str, content_type: &str| {
        format!(
            "operations:\n  PatchThing:\n    summary: Patch things\n    method: PATCH\n    path: /v2/{{project_id}}/things\n{content_type}    body: {{ type: Patches }}\n    responses:\n      204: {{}}\ntypes:\n  Patches:\n    alias: {{ type: array, items: {{ type: Patch }}, max_items: 5 }}\n  Patch:\n    fields:\n      labels: {labels}\n      value: {value}\n"
        )
    };
    let agreeing = model_of(&spec(
        "{ type: map, values: { type: string, max_length: 8 } }",
        "{ type: any }",
        "    content_type: application/merge-patch+json\n",
    ));
    assert_eq!(
        compare(&agreeing, std::slice::from_ref(&op))
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>(),
        Vec::<String>::new(),
        "the runtime sets Content-Type: no parameter difference"
    );
    let differing = model_of(&spec(
        "{ type: map, values: { type: string, max_length: 4 } }",
        "{ type: string }",
        "",
    ));
    let mut diffs: Vec<String> = compare(&differing, &[op])
        .iter()
        .map(|d| d.to_string())
        .collect();
    diffs.sort();
    assert_eq!(
        diffs,
        [
            "Patch.labels{}: max_length: API Explorer 8, spec 4",
            "Patch.value: type: API Explorer any, spec string",
            "PatchThing: content_type: API Explorer application/merge-patch+json, spec none",
        ]
    );
}
