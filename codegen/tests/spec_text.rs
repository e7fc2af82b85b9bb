//! What the generator makes of text written in the spec, beyond accepting or refusing it:
//! defaults take their field's type, and descriptions stay prose in the generated docs.
//! (Refused specs, with their exact messages, are the corpus in `bad_specs/`.)

use codegen::model::DefaultValue;
use codegen::{SourceFile, SpecSources};

const SERVICE: &str = r#"
service:
  name: OMS
  api_version: v2
  endpoint: https://oms.{region}.myhuaweicloud.com
  regions:
    - { id: cn-north-4, name: Beijing4 }
  token: { header: X-Auth-Token, min_length: 1, max_length: 16384 }
  project_id: { path_parameter: project_id, header: X-Project-Id, min_length: 1, max_length: 1024 }
"#;

fn sources(ops: &str) -> SpecSources {
    SpecSources {
        service: SourceFile {
            name: "spec/service.yaml".into(),
            text: SERVICE.into(),
        },
        types: None,
        operations: vec![SourceFile {
            name: "spec/operations/test.yaml".into(),
            text: ops.into(),
        }],
    }
}

#[test]
fn defaults_written_as_strings_take_their_field_type() {
    let ops = r#"
operations:
  ShowThing:
    summary: s
    method: GET
    path: /v2/things
    parameters:
      flag: { in: query, type: boolean, default: 'false' }
      limit: { in: query, type: integer, format: int32, default: '10' }
      offset: { in: query, type: integer, format: int64, default: ' 3000000000 ' }
      ratio: { in: query, type: number, default: '1.5' }
      label: { in: query, type: string, default: '10' }
      count: { in: query, type: integer, default: 7 }
      on: { in: query, type: boolean, default: true }
      none: { in: query, type: string }
    responses: { 200: {} }
"#;
    let model = codegen::model_from_sources(&sources(ops)).unwrap_or_else(|d| panic!("{d}"));
    let defaults: Vec<(&str, Option<DefaultValue>)> = model.operations[0]
        .params
        .iter()
        .map(|p| (p.field.rust_name.as_str(), p.field.default.clone()))
        .collect();
    assert_eq!(
        defaults,
        [
            ("flag", Some(DefaultValue::Bool(false))),
            ("limit", Some(DefaultValue::Int(10))),
            ("offset", Some(DefaultValue::Int(3_000_000_000))),
            ("ratio", Some(DefaultValue::Float(1.5))),
            ("label", Some(DefaultValue::String("10".into()))),
            ("count", Some(DefaultValue::Int(7))),
            ("on", Some(DefaultValue::Bool(true))),
            ("none", None),
        ]
    );
}

#[test]
fn descriptions_never_become_doctests() {
    let ops = "operations:\n  ShowThing:\n    summary: s\n    description: \"Run this:\\n```rust\\nfn main() { panic!() }\\n```\\n    indented code\"\n    method: GET\n    path: /v2/things\n    responses:\n      200: {}\n";
    let files = codegen::generate_from_sources(&sources(ops)).unwrap_or_else(|d| panic!("{d}"));
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
    assert!(
        op.contents.contains("/// \\`\\`\\`rust"),
        "the fence is kept as escaped text: {}",
        op.contents
    );
}
