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
