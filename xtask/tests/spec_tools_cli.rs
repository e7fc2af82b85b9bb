//! `cargo xtask import` and `audit` as a maintainer runs them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../codegen/tests/data/explorer")
        .join(name)
}

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("xtask-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn import_prints_a_draft_and_never_overwrites_a_file() {
    let out = xtask()
        .arg("import")
        .arg(fixture("StartSyncTask.json"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let draft = String::from_utf8(out.stdout).unwrap();
    assert!(draft.contains("  StartSyncTask:\n"), "{draft}");
    assert!(draft.contains("path: /v2/{project_id}/sync-tasks/{sync_task_id}/start"));

    let dir = temp_dir("import");
    let existing = dir.join("sync_tasks.yaml");
    std::fs::write(&existing, "reviewed: true\n").unwrap();
    let out = xtask()
        .arg("import")
        .arg(fixture("StartSyncTask.json"))
        .arg("-o")
        .arg(&existing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("never overwrites"));
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "reviewed: true\n"
    );

    let fresh = dir.join("draft.yaml");
    let out = xtask()
        .arg("import")
        .arg(fixture("StartSyncTask.json"))
        .arg("-o")
        .arg(&fresh)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&fresh).unwrap(), draft);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn audit_fails_on_unexplained_differences() {
    let dir = temp_dir("audit");
    std::fs::copy(
        fixture("StartSyncTask.json"),
        dir.join("StartSyncTask.json"),
    )
    .unwrap();
    let out = xtask().arg("audit").arg(&dir).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !out.status.success(),
        "operations missing from the definitions are differences"
    );
    assert!(
        stdout.contains("StopSyncTask: operation: API Explorer absent, spec present"),
        "{stdout}"
    );
    assert!(stdout.contains("1 operations audited"), "{stdout}");
    std::fs::remove_dir_all(dir).unwrap();
    let out = xtask().arg("audit").output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn import_reports_unreadable_files_and_drafts_the_rest() {
    let dir = temp_dir("import-unreadable");
    let inputs = dir.join("explorer");
    std::fs::create_dir_all(&inputs).unwrap();
    std::fs::copy(fixture("ListThings.json"), inputs.join("ListThings.json")).unwrap();
    std::fs::write(inputs.join("Empty.json"), "\"{}\"").unwrap();
    std::fs::write(inputs.join("Broken.json"), "{ not json").unwrap();
    let out = xtask().arg("import").arg(&inputs).output().unwrap();
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(!out.status.success(), "a file was not imported: {stderr}");
    assert!(stdout.contains("  ListThings:\n"), "{stdout}");
    assert!(
        stderr.contains("Empty.json: the definition is empty"),
        "{stderr}"
    );
    assert!(stderr.contains("Broken.json: not JSON"), "{stderr}");
    assert!(
        stderr.contains(
            "2 file(s) not imported (listed above); the draft holds the other 1 operation(s)"
        ),
        "{stderr}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn generate_for_another_spec_scaffolds_a_crate_once_and_checks_it() {
    let dir = temp_dir("generate-external");
    let spec = dir.join("spec");
    let krate = dir.join("things-client");
    let out = xtask()
        .arg("import")
        .arg(fixture("ListThings.json"))
        .arg("--spec")
        .arg(&spec)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let generate = |extra: &[&str]| {
        xtask()
            .arg("generate")
            .arg("--spec")
            .arg(&spec)
            .arg("--out")
            .arg(&krate)
            .args(extra)
            .output()
            .unwrap()
    };
    assert!(generate(&[]).status.success());
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("name = \"things-client\""), "{manifest}");
    assert!(
        manifest.contains("huaweicloud-runtime = { path = \""),
        "{manifest}"
    );
    assert!(krate
        .join("src/generated/operations/list_things.rs")
        .exists());
    assert!(krate.join("tests/generated/protocol.rs").exists());
    // The hand-written files are the owner's: a second run keeps them.
    std::fs::write(krate.join("src/lib.rs"), "// mine\n").unwrap();
    assert!(generate(&[]).status.success());
    assert_eq!(
        std::fs::read_to_string(krate.join("src/lib.rs")).unwrap(),
        "// mine\n"
    );
    assert!(generate(&["--check"]).status.success());
    // A generated file edited by hand is stale, and --check says how.
    let op = krate.join("src/generated/operations/list_things.rs");
    std::fs::write(&op, "// edited\n").unwrap();
    let checked = generate(&["--check"]);
    assert!(!checked.status.success());
    assert!(String::from_utf8_lossy(&checked.stderr).contains("list_things.rs is stale"));
    // A spec that does not check names the directory as given and writes nothing.
    let bad = dir.join("bad-spec");
    std::fs::create_dir_all(bad.join("operations")).unwrap();
    std::fs::copy(spec.join("service.yaml"), bad.join("service.yaml")).unwrap();
    std::fs::write(bad.join("operations/a.yaml"), "operations: {}\n").unwrap();
    let failed = xtask()
        .current_dir(&dir)
        .args(["generate", "--spec", "bad-spec", "--out", "bad-client"])
        .output()
        .unwrap();
    assert!(!failed.status.success());
    assert!(
        String::from_utf8_lossy(&failed.stderr).contains("bad-spec/operations/a.yaml:1:1"),
        "{}",
        String::from_utf8_lossy(&failed.stderr)
    );
    assert!(!dir.join("bad-client").exists());
    std::fs::remove_dir_all(dir).unwrap();
}
