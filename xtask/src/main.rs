//! Project tasks. `cargo xtask generate [--check]` regenerates the client from `spec/`; every
//! generated file goes through `generate::ensure_file_contents`: in check mode nothing is
//! written and a stale file fails with a unified diff, as in rust-analyzer's and oxide's codegen.

mod bench;
mod compile_cost;
mod generate;
mod scaffold;
mod spec_diff;
mod spec_review;
mod spec_tools;

use std::path::{Path, PathBuf};

/// Generation builds and drops a syntax tree per file; mimalloc keeps that fast as the heap
/// grows, where the system allocator did not (see README, Performance).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = workspace_root();
    let result = match args.first().map(String::as_str) {
        Some("generate") if args[1..].iter().any(|a| a == "--spec" || a == "--out") => {
            generate::generate_external(&root, &args[1..])
        }
        Some("generate") => {
            let check = match &args[1..] {
                [] => false,
                [flag] if flag == "--check" => true,
                other => {
                    return usage(&format!(
                        "unexpected arguments to generate: {}",
                        other.join(" ")
                    ))
                }
            };
            generate::generate(&root, check)
        }
        Some("openapi") => match &args[1..] {
            [] => generate::openapi(&root, false),
            [flag] if flag == "--check" => generate::openapi(&root, true),
            _ => return usage("usage: cargo xtask openapi [--check]"),
        },
        Some("spec-diff") => spec_diff::run(&root, &args[1..]),
        Some("spec-review") => spec_review::run(&root, &args[1..]),
        Some("import") => spec_tools::import(&args[1..]),
        Some("audit") => spec_tools::audit(&root, &args[1..]),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("compile-cost") => compile_cost::run(&root, &args[1..]),
        Some("-h" | "--help" | "help") | None => return usage(""),
        Some(other) => return usage(&format!("unknown task `{other}`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// One line per task, for `cargo xtask help`.
const TASKS: &[&str] = &[
    "generate [--check]               regenerate the generated code from spec/ (--check: write nothing, fail with a diff if stale)",
    "generate --spec DIR --out DIR [--name NAME] [--check]  a client crate for another spec directory, against the workspace's runtime",
    "openapi [--check]                write spec/openapi.json (OpenAPI 3.1; `generate` writes it too)",
    "spec-diff <rev> [--allow-breaking] [--format text|markdown]  spec changes since a git revision, breaking or compatible",
    "spec-review <base-rev> [<head-rev>] [--allow-breaking]  the pull-request comment: spec changes and oms-client's public API (cargo-semver-checks)",
    "import <file.json|dir>... [-o FILE | --spec DIR]  draft spec YAML from API Explorer definitions (never overwrites a file)",
    "audit <dir> [--show-allowed]     compare the spec with API Explorer definitions field by field",
    "bench [--report]                 run the benchmarks briefly and print figures against targets (--report: from the last run)",
    "compile-cost [--runs N] [--against REV]  time building oms-client alone (debug, release; REV alternated in the same run) and size the generated code",
];

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("error: {problem}\n");
    }
    eprintln!("usage: cargo xtask <task>\n\ntasks:");
    for line in TASKS {
        eprintln!("  {line}");
    }
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}
