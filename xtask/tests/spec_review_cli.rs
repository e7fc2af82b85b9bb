//! `cargo xtask spec-review` end to end, as the spec-review workflow runs it: a scratch git
//! repository with a small spec, a compatible and then a breaking change to it, the exact
//! comment body and the exit status of each review. cargo-semver-checks is replaced by a
//! stand-in script (the real tool takes minutes to build and is installed by the workflow): the
//! tests pin what is asked of it and how its answer lands in the comment and the exit status.

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

const SERVICE: &str = "\
service:
  name: OMS
  api_version: v2
  endpoint: https://oms.{region}.myhuaweicloud.com
  regions:
    - { id: cn-north-4, name: Beijing4 }
  token: { header: X-Auth-Token, min_length: 1, max_length: 16384 }
  project_id: { path_parameter: project_id, header: X-Project-Id, min_length: 1, max_length: 1024 }
";

const OPERATIONS: &str = "spec/operations/things.yaml";

/// One operation whose request body has a bounded name.
const THINGS: &str = "\
operations:
  CreateThing:
    summary: Create a thing
    method: POST
    path: /v2/{project_id}/things
    body: { type: CreateThingReq }
    responses:
      200: { type: Thing }
types:
  CreateThingReq:
    fields:
      name: { type: string, required: true, max_length: 100 }
  Thing:
    fields:
      name: { type: string }
";

/// A repository holding a small spec, committed and tagged `base`.
fn scratch_repo(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir =
        std::env::temp_dir().join(format!("spec-review-{tag}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(dir.join("spec/operations")).unwrap();
    std::fs::write(dir.join("spec/service.yaml"), SERVICE).unwrap();
    std::fs::write(dir.join(OPERATIONS), THINGS).unwrap();
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "spec"]);
    git(&dir, &["tag", "base"]);
    dir
}

/// Replaces `from` in the operations file (in the working tree).
fn edit(dir: &Path, from: &str, to: &str) {
    let file = dir.join(OPERATIONS);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen(from, to, 1);
    assert_ne!(text, edited, "`{from}` is in {OPERATIONS}");
    std::fs::write(&file, edited).unwrap();
}

/// Edits, commits and tags; returns the commit's short id.
fn commit_edit(dir: &Path, from: &str, to: &str, tag: &str) -> String {
    edit(dir, from, to);
    git(dir, &["commit", "-q", "-am", tag]);
    git(dir, &["tag", tag]);
    short(dir, tag)
}

fn short(dir: &Path, rev: &str) -> String {
    git(dir, &["rev-parse", "--short=7", rev])
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn spec_review(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("spec-review")
        .args(args)
        .arg("--repo")
        .arg(dir)
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

const NAME_100: &str = "max_length: 100 }";
const NAME_128: &str = "max_length: 128 }";
const NAME_64: &str = "max_length: 64 }";

#[test]
fn a_compatible_change_passes_and_a_breaking_one_fails_unless_labelled() {
    let dir = scratch_repo("pair");
    let base = short(&dir, "base");
    let compatible = commit_edit(&dir, NAME_100, NAME_128, "compatible");
    let breaking = commit_edit(&dir, NAME_128, NAME_64, "breaking");
    let no_tool = dir.join("not-installed/cargo-semver-checks");
    let no_tool = no_tool.to_str().unwrap();
    let api_skipped = format!(
        "**Public API of `oms-client` and `huaweicloud-runtime`:** not checked: `{no_tool}` was \
         not found (`cargo install --locked cargo-semver-checks`).\n"
    );

    let run = spec_review(&dir, &["base", "compatible", "--semver-checks", no_tool]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "<!-- spec-review -->\n\
             ## Spec review\n\
             \n\
             From `base` (`{base}`) to `compatible` (`{compatible}`).\n\
             \n\
             **Spec changes:** 0 breaking, 1 compatible\n\
             \n\
             | | Where | Change | Why |\n\
             |---|---|---|---|\n\
             | compatible | `CreateThingReq.name` | max_length 100 → 128 (widened) | every value valid before is still valid |\n\
             \n\
             {api_skipped}\
             \n\
             **Verdict:** ✅ no breaking change.\n"
        )
    );

    let breaking_body = |verdict: &str| {
        format!(
            "<!-- spec-review -->\n\
             ## Spec review\n\
             \n\
             From `compatible` (`{compatible}`) to `breaking` (`{breaking}`).\n\
             \n\
             **Spec changes:** 1 breaking, 0 compatible\n\
             \n\
             | | Where | Change | Why |\n\
             |---|---|---|---|\n\
             | ⚠️ breaking | `CreateThingReq.name` | max_length 128 → 64 (narrowed) | values that were valid are now rejected before sending |\n\
             \n\
             {api_skipped}\
             \n\
             **Verdict:** {verdict}\n"
        )
    };
    let run = spec_review(
        &dir,
        &["compatible", "breaking", "--semver-checks", no_tool],
    );
    assert_eq!(run.code, Some(1), "a breaking change fails the check");
    assert_eq!(
        run.stdout,
        breaking_body(
            "❌ breaking changes: this check fails until the pull request carries the \
             `breaking-change` label (`--allow-breaking`)."
        )
    );
    assert!(
        run.stderr
            .contains("1 breaking spec change(s), 0 failed public API lint(s)"),
        "{}",
        run.stderr
    );

    // The workflow passes --allow-breaking when the pull request has the label.
    let run = spec_review(
        &dir,
        &[
            "compatible",
            "breaking",
            "--allow-breaking",
            "--semver-checks",
            no_tool,
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        run.stdout,
        breaking_body(
            "⚠️ breaking changes, accepted: the pull request carries the `breaking-change` \
             label (`--allow-breaking`)."
        )
    );

    // From the base, the two commits fold into one narrowing.
    let run = spec_review(&dir, &["base", "breaking", "--semver-checks", no_tool]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains(
            "**Spec changes:** 1 breaking, 0 compatible\n\n| | Where | Change | Why |\n|---|---|---|---|\n\
             | ⚠️ breaking | `CreateThingReq.name` | max_length 100 → 64 (narrowed) |"
        ),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn without_a_head_revision_the_working_tree_is_reviewed() {
    let dir = scratch_repo("worktree");
    let base = short(&dir, "base");
    let no_tool = dir.join("none/cargo-semver-checks");
    let no_tool = no_tool.to_str().unwrap();

    let run = spec_review(&dir, &["base", "--semver-checks", no_tool]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "From `base` (`{base}`) to `HEAD` (`{base}`).\n\n**Spec changes:** none\n"
        )),
        "{}",
        run.stdout
    );

    edit(&dir, NAME_100, NAME_64);
    let run = spec_review(&dir, &["base", "--semver-checks", no_tool]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains(&format!(
            "to the working tree (uncommitted changes on `{base}`)"
        )),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("max_length 100 → 64 (narrowed)"));

    // A spec that does not check is reported in the body, and no label makes it pass.
    std::fs::write(dir.join(OPERATIONS), "operations: [not, a, map]\n").unwrap();
    let run = spec_review(
        &dir,
        &["base", "--allow-breaking", "--semver-checks", no_tool],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout.contains(
            "**Spec changes:** ❌ not compared: the spec at the working tree does not check.\n\n```text\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("spec/operations/things.yaml"));
    assert!(run.stdout.ends_with(
        "**Verdict:** ❌ not reviewed: the spec at the working tree does not check; no label \
         makes this pass.\n"
    ));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_arguments_and_unknown_revisions_print_no_body() {
    let dir = scratch_repo("args");
    let run = spec_review(&dir, &["base", "--no-such-flag"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("unexpected argument `--no-such-flag`"));

    let run = spec_review(&dir, &["no-such-rev"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("no-such-rev"), "{}", run.stderr);

    let run = spec_review(&dir, &[]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("usage: cargo xtask spec-review"));
    std::fs::remove_dir_all(dir).unwrap();
}

/// A stand-in for cargo-semver-checks: it names itself, then prints the head commit it was
/// pointed at and its arguments, then `output`, and exits with `code`.
#[cfg(unix)]
fn stand_in(dir: &Path, name: &str, output: &str, code: i32) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(format!("{name}.sh"));
    let script = format!(
        "#!/bin/sh\n\
         if [ \"$1 $2\" = \"semver-checks --version\" ]; then echo 'cargo-semver-checks 0.0.0-stand-in'; exit 0; fi\n\
         prev=; for a in \"$@\"; do [ \"$prev\" = --manifest-path ] && manifest=$a; prev=$a; done\n\
         echo \"head $(git -C \"$(dirname \"$manifest\")\" rev-parse --short=7 HEAD)\"\n\
         echo \"args $*\"\n\
         cat <<'EOF'\n{output}\nEOF\n\
         exit {code}\n"
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_string()
}

#[cfg(unix)]
#[test]
fn the_public_api_section_reports_what_cargo_semver_checks_found() {
    let dir = scratch_repo("api");
    let tools = dir.join(".git/stand-ins");
    std::fs::create_dir_all(&tools).unwrap();
    let base_sha = git(&dir, &["rev-parse", "base"]);
    // A change outside the spec: the public API may break while the spec does not change.
    std::fs::write(dir.join("README"), "generator changed\n").unwrap();
    git(&dir, &["add", "README"]);
    git(&dir, &["commit", "-q", "-m", "generator"]);
    git(&dir, &["tag", "generator"]);
    let head = short(&dir, "generator");
    let asked = format!(
        "head {head}\nargs semver-checks check-release --package huaweicloud-runtime --package oms-client --manifest-path "
    );
    let baseline = format!(" --baseline-rev {base_sha} --release-type minor\n");

    let passing = stand_in(
        &tools,
        "passing",
        "     Summary no semver update required",
        0,
    );
    let run = spec_review(&dir, &["base", "generator", "--semver-checks", &passing]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "**Spec changes:** none\n\n**Public API of `oms-client` and `huaweicloud-runtime`:** no breaking change \
             (cargo-semver-checks 0.0.0-stand-in, `check-release --release-type minor`: changes \
             that need a new major version).\n\n<details><summary>cargo-semver-checks output</summary>\n\n```text\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(&asked), "{}", run.stdout);
    assert!(run.stdout.contains(&baseline), "{}", run.stdout);
    assert!(run
        .stdout
        .ends_with("**Verdict:** ✅ no breaking change.\n"));
    // The head was checked out beside the repository and removed afterwards.
    assert_eq!(git(&dir, &["worktree", "list"]).lines().count(), 1);

    let failures = "--- failure function_missing: pub fn removed or renamed ---\n\
                    --- failure struct_missing: pub struct removed or renamed ---\n\
                         Summary semver requires new major version: 2 major and 0 minor checks failed";
    let breaking = stand_in(&tools, "breaking", failures, 1);
    let run = spec_review(&dir, &["base", "generator", "--semver-checks", &breaking]);
    assert_eq!(
        run.code,
        Some(1),
        "an incompatible API fails like a breaking spec change"
    );
    assert!(
        run.stdout.contains(
            "**Public API of `oms-client` and `huaweicloud-runtime`:** ⚠️ breaking: 2 lint(s) failed (cargo-semver-checks \
             0.0.0-stand-in"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("<details open>"));
    assert!(run.stdout.contains(failures));
    assert!(run
        .stderr
        .contains("0 breaking spec change(s), 2 failed public API lint(s)"));
    let run = spec_review(
        &dir,
        &[
            "base",
            "generator",
            "--allow-breaking",
            "--semver-checks",
            &breaking,
        ],
    );
    assert_eq!(run.code, Some(0), "the label accepts it: {}", run.stderr);

    // A tool that stops without comparing (a build error) is not a pass, label or not.
    let broken = stand_in(
        &tools,
        "broken",
        "error: could not compile `oms-client`",
        101,
    );
    let run = spec_review(
        &dir,
        &[
            "base",
            "generator",
            "--allow-breaking",
            "--semver-checks",
            &broken,
        ],
    );
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout
            .contains("❌ not compared: the tool failed (exit status 101)"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with(
        "**Verdict:** ❌ not reviewed: cargo-semver-checks failed (exit status 101); no label \
         makes this pass.\n"
    ));

    // The working tree is compared where it is.
    let run = spec_review(&dir, &["base", "--semver-checks", &passing]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout.contains(&format!(
            "args semver-checks check-release --package huaweicloud-runtime --package oms-client --manifest-path {}/Cargo.toml",
            dir.display()
        )),
        "{}",
        run.stdout
    );
    std::fs::remove_dir_all(dir).unwrap();
}
