//! Generation time: the real OMS spec, and synthetic specs of 10 to 2,000 operations so that
//! growth with spec size is visible.
//!
//! Each iteration is the whole in-memory pipeline of `cargo xtask generate` (load, check, emit,
//! format) without reading or writing files. `cargo xtask bench` reads the results from
//! `target/criterion/generate/*/new/estimates.json`. `generate/parts/*` split the OMS spec's
//! time into loading + checking and formatting, for profiling.
//!
//! Where the development corpus is (`../shared/reference/api-explorer-other/` beside the
//! workspace), the services other than OMS go the way a maintainer brings one up:
//! `generate/corpus_import` drafts every service's spec from its API Explorer definitions
//! (JSON already read), `generate/corpus/<SERVICE>` generates each draft, and the size of
//! the generated code goes to `generated_size.json`.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use codegen::{SourceFile, SpecSources};

/// The allocator `cargo xtask generate` runs with, so the figures are the real job's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};

/// Synthetic spec sizes, in operations.
const SIZES: &[usize] = &[10, 100, 1_000, 2_000];

/// A `service.yaml` shaped like the real one.
const SERVICE: &str = r#"
service:
  name: OMS
  api_version: v2
  description: A synthetic service for benchmarks.
  endpoint: https://oms.{region}.myhuaweicloud.com
  regions:
    - { id: cn-north-4, name: CN North-Beijing4 }
    - { id: cn-north-1, name: CN North-Beijing1 }
    - { id: cn-east-2, name: CN East-Shanghai2 }
    - { id: cn-east-3, name: CN East-Shanghai1 }
    - { id: cn-south-1, name: CN South-Guangzhou }
    - { id: ap-southeast-1, name: CN-Hong Kong }
    - { id: ap-southeast-3, name: AP-Singapore }
  token:
    header: X-Auth-Token
    description: IAM token of the caller.
    min_length: 1
    max_length: 16384
  project_id:
    path_parameter: project_id
    header: X-Project-Id
    description: The project the resources belong to.
    min_length: 1
    max_length: 1024
"#;

/// Shared types, as in `spec/types.yaml`.
const TYPES: &str = r#"
types:
  ErrorResp:
    description: The body of every error response.
    fields:
      error_code:
        type: string
        description: Service error code.
      error_msg:
        type: string
        description: Human-readable error message.
"#;

/// An operations file with `n` operations. Each has a path parameter, two bounded query
/// parameters, a body with bounded string, integer, enum and array fields, and a response
/// type; its types are its own, so the spec grows linearly with `n`.
fn operations_yaml(n: usize) -> String {
    let mut ops = String::from("operations:\n");
    let mut types = String::from("types:\n");
    for i in 0..n {
        let name = format!("SyntheticOp{i:04}");
        write!(
            ops,
            r#"  {name}:
    summary: Synthetic operation {i}
    description: >-
      Does synthetic thing number {i} to a widget, for generator benchmarks.
    method: POST
    path: /v2/{{project_id}}/widgets{i}/{{widget_id}}/action
    parameters:
      widget_id:
        in: path
        type: string
        min_length: 1
        max_length: 64
        description: ID of the widget.
      limit:
        in: query
        type: integer
        format: int32
        minimum: 1
        maximum: 100
        default: 10
        description: Maximum number of items.
      marker:
        in: query
        type: string
        min_length: 0
        max_length: 255
        description: Where the page starts.
    body:
      type: {name}Req
    responses:
      200:
        type: {name}Resp
        description: The widget was changed.
      400:
        type: ErrorResp
        description: The request was rejected.
"#
        )
        .expect("write to String");
        write!(
            types,
            r#"  {name}Req:
    description: What operation {i} changes.
    fields:
      name:
        type: string
        required: true
        min_length: 1
        max_length: 64
        pattern: ^[a-z][a-z0-9-]*$
        description: Name of the widget.
      secret:
        type: string
        sensitive: true
        min_length: 1
        max_length: 255
        description: A secret of the widget.
      size:
        type: integer
        format: int64
        minimum: 0
        maximum: 1099511627776
        description: Size of the widget in bytes.
      mode:
        type: {name}Mode
        description: How the change is made.
      tags:
        type: array
        items: {{ type: string }}
        min_items: 0
        max_items: 10
        description: Tags of the widget.
  {name}Mode:
    description: How operation {i} makes a change.
    enum:
      - value: FAST
        description: Quickly.
      - value: SAFE
        description: Carefully.
  {name}Resp:
    description: The result of operation {i}.
    fields:
      id:
        type: string
        description: ID of the widget.
      count:
        type: integer
        format: int64
        minimum: 0
        description: Number of widgets changed.
"#
        )
        .expect("write to String");
    }
    ops.push('\n');
    ops.push_str(&types);
    ops
}

fn synthetic(n: usize) -> SpecSources {
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
            name: "spec/operations/synthetic.yaml".into(),
            text: operations_yaml(n),
        }],
    }
}

/// Bytes and lines of the generated client code (not its generated tests).
fn client_size(sources: &SpecSources) -> (usize, usize) {
    let files = codegen::generate_from_sources(sources)
        .unwrap_or_else(|d| panic!("the benchmark spec does not check:\n{d}"));
    files
        .iter()
        .filter(|f| f.path.ends_with(".rs") && !f.path.starts_with(codegen::emit::TESTS_DIR))
        .fold((0, 0), |(bytes, lines), f| {
            (bytes + f.contents.len(), lines + f.contents.lines().count())
        })
}

/// Writes `target/bench/generated_size.json` for `cargo xtask bench`: the OMS client's size,
/// the client code one more synthetic operation adds (the slope between 1,000 and 2,000
/// operations, so the fixed part of the crate does not count), and the corpus services'
/// generated code.
fn write_sizes(oms: &SpecSources, corpus: &[CorpusService]) {
    let (oms_bytes, oms_lines) = client_size(oms);
    let (small, _) = client_size(&synthetic(1_000));
    let (large, _) = client_size(&synthetic(2_000));
    let mut json = serde_json::json!({
        "oms_client_bytes": oms_bytes,
        "oms_client_lines": oms_lines,
        "synthetic_client_bytes_per_operation": (large - small) as f64 / 1_000.0,
    });
    if !corpus.is_empty() {
        let files: Vec<codegen::GeneratedFile> = corpus
            .iter()
            .flat_map(|s| codegen::generate_from_sources(&s.sources).unwrap_or_default())
            .collect();
        let lines = |tests: bool| -> usize {
            files
                .iter()
                .filter(|f| f.path.starts_with(codegen::emit::TESTS_DIR) == tests)
                .map(|f| f.contents.lines().count())
                .sum()
        };
        json["corpus_services"] = corpus.len().into();
        json["corpus_operations"] = corpus.iter().map(|s| s.operations).sum::<usize>().into();
        json["corpus_client_lines"] = lines(false).into();
        json["corpus_test_lines"] = lines(true).into();
    }
    let dir = target_dir().join("bench");
    let path = dir.join("generated_size.json");
    let written =
        std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, json.to_string()));
    if let Err(e) = written {
        eprintln!("cannot write {}: {e}", path.display());
    }
}

fn target_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // target/<profile>/deps/generate-<hash>
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("target"))
}

/// A service of the development corpus: its API Explorer files (read), and the spec drafted
/// from them.
struct CorpusService {
    name: &'static str,
    files: Vec<(String, String)>,
    operations: usize,
    sources: SpecSources,
}

/// The corpus services that have definitions, or none when the corpus is not beside the
/// workspace.
fn corpus() -> Vec<CorpusService> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/api-explorer-other");
    let mut services = Vec::new();
    for name in ["KMS", "IMS", "NAT", "CBR"] {
        let Ok(entries) = std::fs::read_dir(dir.join(name)) else {
            continue;
        };
        let mut files: Vec<(String, String)> = entries
            .flatten()
            .filter_map(|e| {
                let path = e.path();
                let text = std::fs::read_to_string(&path).ok()?;
                Some((path.display().to_string(), text))
            })
            .collect();
        files.sort();
        let draft = codegen::import::draft_spec(&import(&files));
        services.push(CorpusService {
            name,
            operations: import(&files).len(),
            files,
            sources: SpecSources {
                service: SourceFile {
                    name: "spec/service.yaml".into(),
                    text: draft.service,
                },
                types: None,
                operations: vec![SourceFile {
                    name: format!("spec/operations/{}", draft.operations_file),
                    text: draft.operations,
                }],
            },
        });
    }
    services
}

/// The operations of API Explorer files (those that parse).
fn import(files: &[(String, String)]) -> Vec<codegen::explorer::XOperation> {
    files
        .iter()
        .filter_map(|(name, text)| codegen::explorer::parse(name, text).ok())
        .collect()
}

fn generate(sources: &SpecSources) -> usize {
    let files = codegen::generate_from_sources(sources)
        .unwrap_or_else(|d| panic!("the benchmark spec does not check:\n{d}"));
    files.iter().map(|f| f.contents.len()).sum()
}

fn bench_generate(c: &mut Criterion) {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let oms = SpecSources::read_dir(&spec_dir)
        .unwrap_or_else(|d| panic!("cannot read {}:\n{d}", spec_dir.display()));
    let oms_ops = codegen::model_from_sources(&oms)
        .map(|m| m.operations.len())
        .unwrap_or(0);

    let corpus = corpus();
    write_sizes(&oms, &corpus);

    let mut group = c.benchmark_group("generate");
    group.sample_size(10);
    group.throughput(Throughput::Elements(oms_ops as u64));
    group.bench_function("oms_spec", |b| b.iter(|| generate(black_box(&oms))));

    // The OMS spec's generation in parts, to see where the time goes: loading and checking
    // the spec (the model), and re-formatting the output (syn parse + prettyplease), which
    // approximates the format step's share (it parses token streams rather than text).
    group.throughput(Throughput::Elements(oms_ops as u64));
    group.bench_function("parts/oms_load_check", |b| {
        b.iter(|| codegen::model_from_sources(black_box(&oms)).map(|m| m.operations.len()))
    });
    let output = codegen::generate_from_sources(&oms).unwrap_or_else(|d| panic!("{d}"));
    group.bench_function("parts/oms_format_only", |b| {
        b.iter(|| {
            output
                .iter()
                .filter(|f| f.path.ends_with(".rs"))
                .map(|f| {
                    let file = syn::parse_file(black_box(&f.contents)).expect("output parses");
                    prettyplease::unparse(&file).len()
                })
                .sum::<usize>()
        })
    });

    if !corpus.is_empty() {
        group.throughput(Throughput::Elements(
            corpus.iter().map(|s| s.operations as u64).sum(),
        ));
        group.bench_function("corpus_import", |b| {
            b.iter(|| {
                corpus
                    .iter()
                    .map(|s| {
                        codegen::import::draft_spec(&import(black_box(&s.files)))
                            .operations
                            .len()
                    })
                    .sum::<usize>()
            })
        });
        for service in &corpus {
            group.throughput(Throughput::Elements(service.operations as u64));
            group.bench_with_input(
                BenchmarkId::new("corpus", service.name),
                &service.sources,
                |b, s| b.iter(|| generate(black_box(s))),
            );
        }
    }

    for &n in SIZES {
        let sources = synthetic(n);
        if n >= 1_000 {
            // A few seconds an iteration: one iteration per sample, few samples.
            group.sampling_mode(SamplingMode::Flat);
            group.warm_up_time(Duration::from_millis(1));
        }
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("synthetic", n), &sources, |b, s| {
            b.iter(|| generate(black_box(s)))
        });
    }
    group.finish();
}

criterion_group!(benches, bench_generate);
criterion_main!(benches);
