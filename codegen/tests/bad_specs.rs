//! The bad-spec corpus: every directory under `tests/bad_specs/` (except `_shared/`) is a small
//! spec with one mistake (a few combine several), and `expected.txt` beside it holds the exact
//! `Diagnostics` output the generator gives for it.
//!
//! A case holds `operations/*.yaml` and, when its mistake is there, `service.yaml` and
//! `types.yaml`; a case without a `service.yaml` gets the valid `_shared/service.yaml`. Each case
//! is copied to a scratch directory and read with `SpecSources::read_dir`, exactly as
//! `cargo xtask generate` reads `spec/`, so file names show as `spec/...`.
//!
//! To rewrite every `expected.txt` from the current output (then review the diff!):
//!
//! ```sh
//! UPDATE_SNAPSHOTS=1 cargo test -p codegen --test bad_specs
//! ```
//!
//! Cases listed with `# KNOWN GAP` in `bad_specs/README.md` record current behaviour that is
//! wrong (no error, a message without a place, a panic); every other case must fail with
//! messages that each name a `spec/` file and a place in it (or a line and column).

use std::fmt::Write as _;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs")
}

/// Case directory names, sorted.
fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/bad_specs exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "_shared")
        .collect();
    names.sort();
    names
}

/// Cases that README.md marks `# KNOWN GAP`: lines like ``- `case`: ... # KNOWN GAP ...``.
fn known_gaps() -> Vec<String> {
    let readme = std::fs::read_to_string(corpus_dir().join("README.md")).unwrap_or_default();
    readme
        .lines()
        .filter(|l| l.starts_with("- `") && l.contains("# KNOWN GAP"))
        .filter_map(|l| l.split('`').nth(1))
        .map(str::to_string)
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expected.txt" {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The spec directory of a case, assembled in the test's scratch directory.
fn assemble(case: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bad_specs")
        .join(case);
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&corpus_dir().join(case), &dir);
    if !dir.join("service.yaml").exists() {
        std::fs::copy(
            corpus_dir().join("_shared/service.yaml"),
            dir.join("service.yaml"),
        )
        .unwrap();
    }
    dir
}

struct Outcome {
    /// What expected.txt holds.
    text: String,
    /// Every diagnostic has a spec file and a place (or a line and column).
    well_placed: bool,
    failed: bool,
}

impl Outcome {
    /// What every case that is not a known gap must give.
    fn failed_well_placed(&self) -> bool {
        self.failed && self.well_placed
    }
}

fn run(case: &str) -> Outcome {
    let dir = assemble(case);
    let result = catch_unwind(AssertUnwindSafe(|| {
        let sources = codegen::SpecSources::read_dir(&dir)?;
        codegen::generate_from_sources(&sources)
    }));
    match result {
        Ok(Ok(files)) => Outcome {
            text: format!("OK: no problem reported; {} files generated\n", files.len()),
            well_placed: true,
            failed: false,
        },
        Ok(Err(diags)) => Outcome {
            text: format!("{diags}\n"),
            well_placed: diags.iter().all(|d| {
                d.file.starts_with("spec/")
                    && (!d.place.is_empty() || d.position.is_some())
                    && !d.message.contains("internal generator error")
            }),
            failed: true,
        },
        Err(panic) => {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Outcome {
                text: format!("PANIC: {message}\n"),
                well_placed: false,
                failed: false,
            }
        }
    }
}

#[test]
fn every_bad_spec_gives_its_expected_diagnostics() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1");
    let gaps = known_gaps();
    let cases = case_names();
    assert!(
        cases.iter().filter(|c| !c.starts_with('_')).count() >= 40,
        "the corpus has {} cases",
        cases.len()
    );
    for gap in &gaps {
        assert!(
            cases.contains(gap),
            "README.md lists `{gap}`, which is no case"
        );
    }
    let mut failures = String::new();
    for case in &cases {
        let outcome = run(case);
        let expected_path = corpus_dir().join(case).join("expected.txt");
        if update {
            std::fs::write(&expected_path, &outcome.text).unwrap();
        } else {
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if expected != outcome.text {
                let _ = writeln!(
                    failures,
                    "--- {case}: expected.txt\n{expected}+++ {case}: actual\n{}",
                    outcome.text
                );
            }
        }
        let is_gap = gaps.contains(case);
        if case.starts_with("_baseline") || case.starts_with("ok_") {
            if outcome.failed || !outcome.well_placed {
                let _ = writeln!(failures, "the valid baseline `{case}` does not generate");
            }
        } else if !is_gap && !outcome.failed_well_placed() {
            let _ = writeln!(
                failures,
                "`{case}` must fail with placed messages (or be listed as a KNOWN GAP): {}",
                outcome.text
            );
        }
    }
    assert!(
        failures.is_empty(),
        "{failures}\n(after checking the new output, UPDATE_SNAPSHOTS=1 rewrites expected.txt)"
    );
}
