//! Each spec check: a broken spec in, the exact message out. Every message names the file,
//! the place inside it, and what is wrong; all problems are reported at once.

use codegen::{SourceFile, SpecSources};

const SERVICE: &str = r#"
service:
  name: OMS
  api_version: v2
  endpoint: https://oms.{region}.myhuaweicloud.com
  regions:
    - { id: cn-north-4, name: Beijing4 }
    - { id: cn-east-3, name: Shanghai1 }
  token: { header: X-Auth-Token, min_length: 1, max_length: 16384 }
  project_id: { path_parameter: project_id, header: X-Project-Id, min_length: 1, max_length: 1024 }
"#;

const TYPES: &str = r#"
types:
  ErrorResp:
    fields:
      error_code: { type: string }
      error_msg: { type: string }
"#;

fn sources(service: &str, types: &str, ops: &str) -> SpecSources {
    SpecSources {
        service: SourceFile {
            name: "spec/service.yaml".into(),
            text: service.into(),
        },
        types: Some(SourceFile {
            name: "spec/types.yaml".into(),
            text: types.into(),
        }),
        operations: vec![SourceFile {
            name: "spec/operations/test.yaml".into(),
            text: ops.into(),
        }],
    }
}

/// All messages for a spec built from an operations file (and extra shared types).
fn errors_with(types: &str, ops: &str) -> Vec<String> {
    match codegen::generate_from_sources(&sources(SERVICE, types, ops)) {
        Ok(_) => vec![],
        Err(d) => d.iter().map(|d| d.to_string()).collect(),
    }
}

fn errors(ops: &str) -> Vec<String> {
    errors_with(TYPES, ops)
}

fn op(body: &str) -> String {
    format!(
        "operations:\n  StopThing:\n    summary: Stop a thing\n    method: POST\n    path: /v2/{{project_id}}/things/{{thing_id}}/stop\n    parameters:\n      thing_id: {{ in: path, type: string }}\n    responses:\n      200: {{ description: OK }}\n{body}"
    )
}

fn assert_one(errors: Vec<String>, expected: &str) {
    assert!(
        errors.iter().any(|e| e == expected),
        "expected\n  {expected}\ngot\n  {}",
        errors.join("\n  ")
    );
}

#[test]
fn a_valid_spec_generates() {
    assert_eq!(errors(&op("")), Vec::<String>::new());
}

#[test]
fn unknown_type_reference() {
    let ops = op("types:\n  Thing:\n    fields:\n      src: { type: Nowhere }\n");
    assert_one(
        errors(&ops),
        "spec/operations/test.yaml:13:7: types.Thing.fields.src: unknown type `Nowhere`",
    );
}

#[test]
fn placeholder_without_parameter() {
    let ops = "operations:\n  Show:\n    summary: s\n    method: GET\n    path: /v2/{project_id}/x/{missing}\n    responses:\n      200: {}\n";
    assert_one(errors(ops), "spec/operations/test.yaml:5:5: operations.Show.path: placeholder `{missing}` has no path parameter");
}

#[test]
fn path_parameter_not_in_path() {
    let ops = "operations:\n  Show:\n    summary: s\n    method: GET\n    path: /v2/{project_id}/x\n    parameters:\n      extra: { in: path, type: string }\n    responses:\n      200: {}\n";
    assert_one(errors(ops), "spec/operations/test.yaml:7:7: operations.Show.parameters.extra: path parameter does not appear in the path");
}

#[test]
fn duplicate_names_also_after_case_conversion() {
    let ops = op("types:\n  Thing:\n    fields:\n      srcAk: { type: string }\n      src_ak: { type: string }\n");
    assert_one(
        errors(&ops),
        "spec/operations/test.yaml:14:7: types.Thing.fields.src_ak: name collides with `srcAk` after case conversion (both `src_ak`)",
    );
    let ops = op("types:\n  ErrorResp:\n    fields:\n      a: { type: string }\n");
    assert_one(errors(&ops), "spec/operations/test.yaml:11:3: types.ErrorResp: duplicate type name (also defined in spec/types.yaml)");
    let ops = "operations:\n  ShowX:\n    summary: s\n    method: GET\n    path: /a\n    responses: { 200: {} }\n  ShowX2:\n    summary: s\n    method: GET\n    path: /b\n    responses: { 200: {} }\n  Show_X:\n    summary: s\n    method: GET\n    path: /c\n    responses: { 200: {} }\n";
    assert_one(errors(ops), "spec/operations/test.yaml:12:3: operations.Show_X: an operation name is UpperCamelCase (letters and digits)");
}

#[test]
fn enum_values_colliding_after_case_conversion() {
    let ops = op("types:\n  Mode:\n    enum: [size-only, SIZE_ONLY]\n");
    assert_one(
        errors(&ops),
        "spec/operations/test.yaml:12:5: types.Mode.enum.SIZE_ONLY: enum value collides with `size-only` after case conversion (both `SizeOnly`)",
    );
}

#[test]
fn min_greater_than_max() {
    let ops = op("types:\n  Thing:\n    fields:\n      a: { type: string, min_length: 5, max_length: 2 }\n      n: { type: integer, format: int32, minimum: 10, maximum: 1 }\n");
    let e = errors(&ops);
    assert_one(e.clone(), "spec/operations/test.yaml:13:7: types.Thing.fields.a: min_length 5 is greater than max_length 2");
    assert_one(
        e,
        "spec/operations/test.yaml:14:7: types.Thing.fields.n: minimum 10 is greater than maximum 1",
    );
}

#[test]
fn pattern_that_does_not_compile() {
    let ops =
        op("types:\n  Thing:\n    fields:\n      a: { type: string, pattern: '^(unclosed$' }\n");
    let e = errors(&ops);
    assert!(
        e.iter().any(|m| m.starts_with("spec/operations/test.yaml:13:7: types.Thing.fields.a: pattern `^(unclosed$` does not compile:")),
        "{e:?}"
    );
}

#[test]
fn unknown_method() {
    let ops = "operations:\n  Show:\n    summary: s\n    method: FETCH\n    path: /v2\n    responses: { 200: {} }\n";
    assert_one(
        errors(ops),
        "spec/operations/test.yaml:4:5: operations.Show.method: unknown HTTP method `FETCH`",
    );
}

#[test]
fn status_code_out_of_range() {
    let ops = "operations:\n  Show:\n    summary: s\n    method: GET\n    path: /v2\n    responses: { 200: {}, 600: { type: ErrorResp } }\n";
    assert_one(errors(ops), "spec/operations/test.yaml:6:27: operations.Show.responses.600: status code 600 is outside 100..599");
    let ops = "operations:\n  Show:\n    summary: s\n    method: GET\n    path: /v2\n    responses: { 400: { type: ErrorResp } }\n";
    assert_one(errors(ops), "spec/operations/test.yaml:6:5: operations.Show.responses: at least one 2xx response is required");
}

#[test]
fn rust_keywords_need_a_rust_name() {
    let ops = op("types:\n  Thing:\n    fields:\n      type: { type: string }\n");
    assert_one(errors(&ops), "spec/operations/test.yaml:13:7: types.Thing.fields.type: `type` is a Rust keyword: set `rust_name` to another name");
    let ops = op("types:\n  Thing:\n    fields:\n      type: { type: string, rust_name: kind }\n");
    assert_eq!(errors(&ops), Vec::<String>::new());
    let ops = op("types:\n  Self:\n    fields:\n      a: { type: string }\n");
    assert_one(
        errors(&ops),
        "spec/operations/test.yaml:11:3: types.Self: `Self` is reserved in the generated code",
    );
}

#[test]
fn sensitive_on_a_non_string() {
    let ops = op("types:\n  Thing:\n    fields:\n      n: { type: integer, sensitive: true }\n");
    assert_one(
        errors(&ops),
        "spec/operations/test.yaml:13:7: types.Thing.fields.n: `sensitive` applies only to strings",
    );
}

#[test]
fn bounds_on_types_they_cannot_apply_to() {
    let ops = op("types:\n  Thing:\n    fields:\n      n: { type: integer, max_length: 3 }\n      s: { type: string, maximum: 3 }\n      b: { type: boolean, min_items: 1 }\n");
    let e = errors(&ops);
    assert_one(
        e.clone(),
        "spec/operations/test.yaml:13:7: types.Thing.fields.n: `max_length` does not apply to an int64",
    );
    assert_one(
        e.clone(),
        "spec/operations/test.yaml:14:7: types.Thing.fields.s: `maximum` does not apply to a string",
    );
    assert_one(
        e,
        "spec/operations/test.yaml:15:7: types.Thing.fields.b: `min_items` does not apply to a boolean",
    );
}

#[test]
fn unknown_keys_are_errors_with_a_position() {
    let ops = op("types:\n  Thing:\n    fields:\n      a: { type: string, max_lenght: 3 }\n");
    let e = errors(&ops);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("spec/operations/test.yaml:13:"),
        "{}",
        e[0]
    );
    assert!(e[0].contains("unknown field `max_lenght`"), "{}", e[0]);
}

#[test]
fn unknown_region_and_bad_defaults() {
    let ops = "operations:\n  Show:\n    summary: s\n    method: GET\n    path: /v2\n    regions: [mars-1]\n    parameters:\n      limit: { in: query, type: integer, format: int32, default: many }\n    responses: { 200: {} }\n";
    let e = errors(ops);
    assert_one(
        e.clone(),
        "spec/operations/test.yaml:6:5: operations.Show.regions: unknown region `mars-1`",
    );
    assert_one(e, "spec/operations/test.yaml:8:7: operations.Show.parameters.limit: default `many` is not an int32 value");
}

#[test]
fn string_defaults_are_normalised_to_their_type() {
    let ops = "operations:\n  Show:\n    summary: s\n    method: GET\n    path: /v2\n    parameters:\n      flag: { in: query, type: boolean, default: 'false' }\n      limit: { in: query, type: integer, format: int32, default: '10' }\n    responses: { 200: {} }\n";
    let model = codegen::model_from_sources(&sources(SERVICE, TYPES, ops)).unwrap();
    let params = &model.operations[0].params;
    assert_eq!(
        params[0].field.default,
        Some(codegen::model::DefaultValue::Bool(false))
    );
    assert_eq!(
        params[1].field.default,
        Some(codegen::model::DefaultValue::Int(10))
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let ops = "operations:\n  A:\n    summary: s\n    method: FETCH\n    path: /v2/{x}\n    responses: { 700: {} }\n  B:\n    summary: s\n    method: GET\n    path: nope\n    responses: { 200: { type: Missing } }\n";
    let e = errors(ops);
    assert!(e.len() >= 5, "{e:#?}");
}

#[test]
fn yaml_syntax_errors_name_file_line_and_column() {
    let e = errors("operations:\n  A: [unclosed\n");
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("spec/operations/test.yaml:"), "{}", e[0]);
}

#[test]
fn generator_never_panics_on_odd_input() {
    for text in ["", "~", "operations: 3", "operations:\n  A: null", "types: []", "- a\n- b", "operations:\n  A:\n    summary: s\n    method: GET\n    path: /{\n    responses: {200: {}}"] {
        let _ = errors(text);
        let _ = errors_with(text, &op(""));
    }
}

#[test]
fn descriptions_never_become_doctests() {
    let ops = "operations:\n  ShowThing:\n    summary: s\n    description: \"Run this:\\n```rust\\nfn main() { panic!() }\\n```\\n    indented code\"\n    method: GET\n    path: /v2/things\n    responses:\n      200: {}\n";
    let files = codegen::generate_from_sources(&sources(SERVICE, TYPES, ops)).unwrap();
    let op = files
        .iter()
        .find(|f| f.path.ends_with("show_thing.rs"))
        .unwrap();
    // The only code blocks are the generated examples.
    let fences: Vec<&str> = op
        .contents
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("/// ```"))
        .collect();
    assert_eq!(fences, ["/// ```no_run", "/// ```"], "{}", op.contents);
    assert!(
        !op.contents.contains("///     indented"),
        "indented prose would be a code block"
    );
}
