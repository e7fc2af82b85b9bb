//! `cargo xtask spec-diff` end to end on a temporary git repository.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

fn temp_repo() -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!("spec-diff-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(dir.join("spec/operations")).unwrap();
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    std::fs::copy(real.join("service.yaml"), dir.join("spec/service.yaml")).unwrap();
    std::fs::copy(real.join("types.yaml"), dir.join("spec/types.yaml")).unwrap();
    std::fs::copy(
        real.join("operations/sync_tasks.yaml"),
        dir.join("spec/operations/sync_tasks.yaml"),
    )
    .unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "spec"]);
    dir
}

fn spec_diff(dir: &Path, extra: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec-diff", "HEAD", "--repo"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_narrowed_bound_fails_unless_allowed_and_renders_as_markdown() {
    let dir = temp_repo();
    let (ok, out) = spec_diff(&dir, &[]);
    assert!(ok, "{out}");
    assert!(out.contains("0 change(s) since HEAD"), "{out}");

    let file = dir.join("spec/operations/sync_tasks.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    // src_ak of StartSyncTaskReq: 100 -> 64 characters.
    let narrowed = text.replacen("        max_length: 100\n", "        max_length: 64\n", 1);
    assert_ne!(text, narrowed);
    std::fs::write(&file, narrowed).unwrap();

    let (ok, out) = spec_diff(&dir, &[]);
    assert!(!ok, "a breaking change fails: {out}");
    assert!(out.contains("BREAKING"), "{out}");
    assert!(out.contains("max_length 100 → 64 (narrowed)"), "{out}");
    assert!(out.contains("--allow-breaking"), "{out}");

    let (ok, out) = spec_diff(&dir, &["--allow-breaking", "--format", "markdown"]);
    assert!(ok, "{out}");
    assert!(
        out.starts_with("**Spec changes:** 1 breaking, 0 compatible"),
        "{out}"
    );
    assert!(out.contains("| ⚠️ breaking |"), "{out}");

    let (ok, out) = spec_diff(&dir, &["--no-such-flag"]);
    assert!(!ok && out.contains("unexpected argument"), "{out}");
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["spec-diff", "no-such-rev", "--repo"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(!out.status.success());
    std::fs::remove_dir_all(dir).unwrap();
}
