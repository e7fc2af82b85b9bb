//! `spec_loader`: the bytes are an operations file, loaded, checked and generated beside a
//! fixed valid `service.yaml` and `types.yaml`. A spec may be rejected with any diagnostics;
//! a panic (or a hang) is a bug.

use codegen::{SourceFile, SpecSources};

/// A valid service file.
pub const SERVICE: &str = "\
service:
  name: OMS
  api_version: v2
  endpoint: https://oms.{region}.myhuaweicloud.com
  regions:
    - { id: cn-north-4, name: Beijing4 }
    - { id: cn-east-3, name: Shanghai1 }
  token: { header: X-Auth-Token, min_length: 1, max_length: 16384 }
  project_id: { path_parameter: project_id, header: X-Project-Id, min_length: 1, max_length: 1024 }
";

/// Shared types the fuzzed operations file can refer to.
pub const TYPES: &str = "\
types:
  ErrorResp:
    fields:
      error_code: { type: string }
      error_msg: { type: string }
  SharedColor:
    enum: [RED, GREEN, size-only]
  SharedThing:
    fields:
      name: { type: string, required: true, min_length: 1, max_length: 8, pattern: '^[a-z]+$' }
      size: { type: integer, format: int32, minimum: 0, maximum: 100 }
      color: { type: SharedColor, default: RED }
      tags: { type: array, items: { type: string }, max_items: 3 }
";

/// The spec the harness checks: `data` (invalid UTF-8 replaced) as `operations/fuzz.yaml`.
pub fn sources(data: &[u8]) -> SpecSources {
    SpecSources {
        service: SourceFile {
            name: "spec/service.yaml".into(),
            text: SERVICE.into(),
        },
        types: Some(SourceFile {
            name: "spec/types.yaml".into(),
            text: TYPES.into(),
        }),
        operations: vec![SourceFile {
            name: "spec/operations/fuzz.yaml".into(),
            text: String::from_utf8_lossy(data).into_owned(),
        }],
    }
}

pub fn run(data: &[u8]) {
    match codegen::generate_from_sources(&sources(data)) {
        Ok(files) => assert!(!files.is_empty(), "a spec that checks generates files"),
        Err(diags) => {
            assert!(
                !diags.is_empty(),
                "a rejected spec has at least one problem"
            );
            for d in diags.iter() {
                assert!(!d.message.is_empty(), "a problem without a message: {d:?}");
            }
            let _ = diags.to_string();
        }
    }
}
