//! Other Huawei Cloud services, from API Explorer files to clean clients, as a maintainer
//! brings one up: `cargo xtask import <dir> --spec <spec>`, `cargo xtask generate --spec <spec>
//! --out <crate>`, no hand edit, then the crate through clippy and rustdoc with warnings
//! denied and its generated tests.
//!
//! The development corpus is `../shared/reference/api-explorer-other/` beside the workspace
//! (every operation of KMS, IMS, NAT, SFS and CBR). Building four client crates takes minutes,
//! so the tests are `#[ignore]`d in `cargo test` and `.ci/run` runs them where the corpus is:
//! `cargo test -p xtask --test corpus_clients -- --ignored`. The crates go to
//! `target/corpus-clients/` and build with the target directory that `codegen`'s
//! `text_compiles` test uses, offline, so the runtime's dependencies are built there once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The services of the corpus whose files hold definitions, with their operation counts.
const SERVICES: &[(&str, usize)] = &[("KMS", 61), ("IMS", 51), ("NAT", 67), ("CBR", 73)];

/// SFS's files hold no definition (each is the JSON string `"{}"`).
const EMPTY_SERVICE: (&str, usize) = ("SFS", 16);

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn corpus() -> PathBuf {
    let dir = workspace().join("../shared/reference/api-explorer-other");
    assert!(
        dir.is_dir(),
        "the development corpus is not at {}: these tests need it",
        dir.display()
    );
    dir
}

fn scratch() -> PathBuf {
    workspace().join("target/corpus-clients")
}

fn xtask(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("xtask runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Imports a service's definitions into a new spec directory and generates its crate; the
/// crate's directory, or what went wrong.
fn bring_up(service: &str) -> Result<PathBuf, String> {
    let name = service.to_ascii_lowercase();
    let spec = scratch().join("spec").join(&name);
    let krate = scratch().join(format!("{name}-client"));
    let _ = std::fs::remove_dir_all(&spec);
    let imported = xtask(&[
        Path::new("import"),
        &corpus().join(service),
        Path::new("--spec"),
        &spec,
    ]);
    if !imported.status.success() {
        return Err(format!(
            "{service}: import failed:\n{}",
            text(&imported.stderr)
        ));
    }
    let stderr = text(&imported.stderr);
    if stderr.contains("decision") {
        return Err(format!(
            "{service}: the draft leaves decisions open:\n{stderr}"
        ));
    }
    let generated = xtask(&[
        Path::new("generate"),
        Path::new("--spec"),
        &spec,
        Path::new("--out"),
        &krate,
    ]);
    if !generated.status.success() {
        return Err(format!(
            "{service}: generate failed:\n{}",
            text(&generated.stderr)
        ));
    }
    Ok(krate)
}

/// Runs `cargo <args>` in the crate; the output when it fails.
fn cargo(krate: &Path, args: &[&str]) -> Result<(), String> {
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let output = Command::new(env!("CARGO"))
        .args([subcommand, "--offline", "--quiet"])
        .args(rest)
        .current_dir(krate)
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/codegen-text-compiles/target"),
        )
        .env("RUSTDOCFLAGS", "-D warnings")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}: cargo {} failed:\n{}{}",
            krate.display(),
            args.join(" "),
            text(&output.stdout),
            text(&output.stderr)
        ))
    }
}

fn generated_operations(krate: &Path) -> usize {
    std::fs::read_dir(krate.join("src/generated/operations"))
        .map(|d| d.flatten().filter(|e| e.file_name() != "mod.rs").count())
        .unwrap_or(0)
}

#[test]
#[ignore = "builds four client crates (minutes); .ci/run runs it where the corpus is"]
fn every_corpus_service_gives_a_client_that_lints_documents_and_passes_its_tests() {
    let mut failures = Vec::new();
    for (service, operations) in SERVICES {
        let krate = match bring_up(service) {
            Ok(krate) => krate,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let generated = generated_operations(&krate);
        if generated != *operations {
            failures.push(format!(
                "{service}: {generated} operations generated, {operations} defined"
            ));
        }
        for args in [
            &[
                "clippy",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ][..],
            &["doc", "--no-deps"],
            &["test"],
        ] {
            if let Err(e) = cargo(&krate, args) {
                failures.push(e);
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
#[ignore = "needs the development corpus beside the workspace; .ci/run runs it where it is"]
fn files_without_a_definition_are_each_reported_and_nothing_is_drafted() {
    let (service, files) = EMPTY_SERVICE;
    let spec = scratch().join("spec").join(service.to_ascii_lowercase());
    let _ = std::fs::remove_dir_all(&spec);
    let out = xtask(&[
        Path::new("import"),
        &corpus().join(service),
        Path::new("--spec"),
        &spec,
    ]);
    let stderr = text(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("the definition is empty").count(),
        files,
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "no operation to import: {files} file(s) could not be read"
        )),
        "{stderr}"
    );
    assert!(!spec.exists(), "no draft without an operation");
}
