//! `cargo xtask spec-review <base> [<head>]`: the comment that the spec-review workflow keeps on
//! a pull request, made here from two revisions, so that what reviewers read can be produced
//! and tested without the forge. It joins two reports:
//!
//! - the spec changes between the revisions, classed by the same loader, checker and differ as
//!   `spec-diff --format markdown`;
//! - the public Rust API compared by cargo-semver-checks, which catches an incompatible change
//!   made through the generator or the runtime rather than the spec. Both `oms-client` and
//!   `huaweicloud-runtime` are checked: cargo-semver-checks does not follow re-exports into
//!   another crate, so a method removed from a runtime type that `oms-client` re-exports
//!   (`RetryConfig`, say) shows only in the runtime's check. When the tool is not installed
//!   the section says so and the rest of the review stands.
//!
//! The body starts with [`MARKER`], by which the workflow finds its own comment to update. The
//! exit status is non-zero on a breaking change unless `--allow-breaking` (the workflow passes
//! it when the pull request carries the `breaking-change` label), and whenever a side could not
//! be reviewed: a spec that does not check, or cargo-semver-checks failing. A git error (an
//! unknown revision, say) prints no body at all.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use codegen::diff::{self, Change, Class};
use codegen::SpecSources;

use crate::spec_diff::{git, sources_at};

/// The first line of every body: the workflow updates the comment that starts with it.
pub const MARKER: &str = "<!-- spec-review -->";

/// The packages whose public API is compared: the client, and the runtime whose types it
/// re-exports.
const PACKAGES: [&str; 2] = ["huaweicloud-runtime", "oms-client"];

/// At most this much of the spec table goes into the body; GitHub refuses comments over
/// 65,536 characters. Longer tables are cut at a row and say how to see the rest.
const SPEC_TABLE_BUDGET: usize = 40_000;

/// At most this much of cargo-semver-checks' output goes into the body (the whole of it goes
/// to standard error, so the job log has it).
const API_OUTPUT_BUDGET: usize = 15_000;

const USAGE: &str = "usage: cargo xtask spec-review <base-rev> [<head-rev>] [--allow-breaking] \
                     [--repo DIR] [--semver-checks PROGRAM]";

struct Options {
    base: String,
    /// `None`: the working tree.
    head: Option<String>,
    allow_breaking: bool,
    repo: PathBuf,
    /// The cargo-semver-checks executable, run as cargo runs a subcommand.
    semver_checks: String,
}

impl Options {
    fn parse(root: &Path, args: &[String]) -> Result<Options, String> {
        let mut revs = Vec::new();
        let mut allow_breaking = false;
        let mut repo = root.to_path_buf();
        let mut semver_checks = "cargo-semver-checks".to_string();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--allow-breaking" => allow_breaking = true,
                "--repo" => repo = it.next().ok_or("--repo needs a directory")?.into(),
                "--semver-checks" => {
                    semver_checks = it
                        .next()
                        .ok_or("--semver-checks needs a program")?
                        .to_string()
                }
                other if !other.starts_with("--") && revs.len() < 2 => revs.push(other.to_string()),
                other => return Err(format!("unexpected argument `{other}`\n{USAGE}")),
            }
        }
        let mut revs = revs.into_iter();
        let base = revs.next().ok_or(USAGE)?;
        Ok(Options {
            base,
            head: revs.next(),
            allow_breaking,
            repo,
            semver_checks,
        })
    }
}

/// A revision as given and the commit it names.
struct Revision {
    name: String,
    sha: String,
}

impl Revision {
    fn resolve(repo: &Path, name: &str) -> Result<Revision, String> {
        let sha = git(
            repo,
            &["rev-parse", "--verify", &format!("{name}^{{commit}}")],
        )?;
        Ok(Revision {
            name: name.to_string(),
            sha: sha.trim().to_string(),
        })
    }

    fn short(&self) -> &str {
        &self.sha[..self.sha.len().min(7)]
    }
}

enum Head {
    WorkingTree { head: Revision, dirty: bool },
    Commit(Revision),
}

/// What the spec comparison found.
enum SpecReport {
    Changes(Vec<Change>),
    /// One side's spec does not load or check: nothing can be compared.
    DoesNotCheck {
        side: String,
        problems: String,
    },
}

/// What the public API comparison found.
enum ApiReport {
    Skipped(String),
    Checked {
        /// `cargo-semver-checks 0.51.0`, as the tool names itself.
        tool: String,
        outcome: ApiOutcome,
        output: String,
    },
}

enum ApiOutcome {
    Compatible,
    /// The number of lints that failed.
    Breaking(usize),
    /// The tool did not finish its comparison (a build error, say).
    Failed(String),
}

struct Review {
    base: Revision,
    head: Head,
    spec: SpecReport,
    api: ApiReport,
}

impl Review {
    fn breaking_spec_changes(&self) -> usize {
        match &self.spec {
            SpecReport::Changes(c) => c.iter().filter(|c| c.class == Class::Breaking).count(),
            SpecReport::DoesNotCheck { .. } => 0,
        }
    }

    fn breaking_api_lints(&self) -> usize {
        match &self.api {
            ApiReport::Checked {
                outcome: ApiOutcome::Breaking(n),
                ..
            } => *n,
            _ => 0,
        }
    }

    /// Why the review is incomplete, if it is: no label makes that pass.
    fn not_reviewed(&self) -> Option<String> {
        if let SpecReport::DoesNotCheck { side, .. } = &self.spec {
            return Some(format!("the spec at {side} does not check"));
        }
        if let ApiReport::Checked {
            outcome: ApiOutcome::Failed(why),
            ..
        } = &self.api
        {
            return Some(format!("cargo-semver-checks failed ({why})"));
        }
        None
    }
}

/// `spec-review <base-rev> [<head-rev>] [--allow-breaking] [--repo DIR] [--semver-checks PROGRAM]`
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let options = Options::parse(root, args)?;
    let review = review(&options)?;
    print!("{}", body(&review, options.allow_breaking));
    if let Some(why) = review.not_reviewed() {
        return Err(format!("not reviewed: {why}"));
    }
    let (spec, api) = (review.breaking_spec_changes(), review.breaking_api_lints());
    if (spec > 0 || api > 0) && !options.allow_breaking {
        return Err(format!(
            "{spec} breaking spec change(s), {api} failed public API lint(s): pass \
             --allow-breaking (the `breaking-change` label) if they are intended"
        ));
    }
    Ok(())
}

fn review(options: &Options) -> Result<Review, String> {
    let repo = &options.repo;
    let base = Revision::resolve(repo, &options.base)?;
    let head = match &options.head {
        Some(name) => Head::Commit(Revision::resolve(repo, name)?),
        None => Head::WorkingTree {
            head: Revision::resolve(repo, "HEAD")?,
            dirty: !git(repo, &["status", "--porcelain"])?.trim().is_empty(),
        },
    };
    let spec = spec_report(repo, &base, &head)?;
    let api = api_report(options, &base, &head)?;
    Ok(Review {
        base,
        head,
        spec,
        api,
    })
}

fn spec_report(repo: &Path, base: &Revision, head: &Head) -> Result<SpecReport, String> {
    let base_side = format!("`{}`", base.name);
    let old = match model(sources_at(repo, &base.sha)?) {
        Ok(m) => m,
        Err(problems) => {
            return Ok(SpecReport::DoesNotCheck {
                side: base_side,
                problems,
            })
        }
    };
    let (head_side, new_sources) = match head {
        Head::Commit(rev) => (format!("`{}`", rev.name), sources_at(repo, &rev.sha)?),
        Head::WorkingTree { .. } => (
            "the working tree".to_string(),
            match SpecSources::read_dir(&repo.join("spec")) {
                Ok(s) => s,
                Err(d) => {
                    return Ok(SpecReport::DoesNotCheck {
                        side: "the working tree".into(),
                        problems: d.to_string(),
                    })
                }
            },
        ),
    };
    Ok(match model(new_sources) {
        Ok(new) => SpecReport::Changes(diff::diff(&old, &new)),
        Err(problems) => SpecReport::DoesNotCheck {
            side: head_side,
            problems,
        },
    })
}

fn model(sources: SpecSources) -> Result<codegen::model::Model, String> {
    codegen::model_from_sources(&sources).map_err(|d| d.to_string())
}

fn api_report(options: &Options, base: &Revision, head: &Head) -> Result<ApiReport, String> {
    let program = &options.semver_checks;
    // Cargo runs `cargo-semver-checks semver-checks ARGS` for `cargo semver-checks ARGS`.
    let tool = match Command::new(program)
        .args(["semver-checks", "--version"])
        .output()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(ApiReport::Skipped(format!("`{program}` was not found")))
        }
        Err(e) => return Ok(ApiReport::Skipped(format!("`{program}` did not run: {e}"))),
        Ok(out) if !out.status.success() => {
            return Ok(ApiReport::Skipped(format!(
                "`{program} semver-checks --version` failed"
            )))
        }
        Ok(out) => String::from_utf8_lossy(&out.stdout).trim().to_string(),
    };
    // The working tree is compared where it is; a head commit is checked out beside it.
    let worktree;
    let head_dir = match head {
        Head::WorkingTree { .. } => options.repo.clone(),
        Head::Commit(rev) => {
            worktree = Worktree::add(&options.repo, &rev.sha)?;
            worktree.dir.clone()
        }
    };
    let log = scratch_path("semver-checks", "log");
    let file = std::fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
    let file2 = file
        .try_clone()
        .map_err(|e| format!("{}: {e}", log.display()))?;
    let mut command = Command::new(program);
    command
        .current_dir(&head_dir)
        .args(["semver-checks", "check-release"])
        .args(PACKAGES.iter().flat_map(|p| ["--package", p]))
        .arg("--manifest-path")
        .arg(head_dir.join("Cargo.toml"))
        .args(["--baseline-rev", &base.sha])
        // Only changes that need a new major version (a breaking release) fail.
        .args(["--release-type", "minor"])
        .env("CARGO_TERM_COLOR", "never")
        .stdin(Stdio::null())
        // One file for both streams keeps the tool's own order of lines.
        .stdout(Stdio::from(file))
        .stderr(Stdio::from(file2));
    if std::env::var_os("CARGO_TARGET_DIR").is_none() {
        // A head checked out elsewhere still builds into this repository's target directory.
        command.env("CARGO_TARGET_DIR", options.repo.join("target"));
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run `{program}`: {e}"))?;
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    eprintln!("{output}");
    let failed_lints = output
        .lines()
        .filter(|l| l.starts_with("--- failure "))
        .count();
    let outcome = if status.success() {
        ApiOutcome::Compatible
    } else if failed_lints > 0 {
        ApiOutcome::Breaking(failed_lints)
    } else {
        ApiOutcome::Failed(match status.code() {
            Some(code) => format!("exit status {code}"),
            None => "killed by a signal".to_string(),
        })
    };
    Ok(ApiReport::Checked {
        tool,
        outcome,
        output,
    })
}

/// A detached checkout of one commit in a temporary directory, removed when dropped.
struct Worktree {
    repo: PathBuf,
    dir: PathBuf,
}

impl Worktree {
    fn add(repo: &Path, sha: &str) -> Result<Worktree, String> {
        let dir = scratch_path("head", "worktree");
        let path = dir.to_str().ok_or("the temporary directory is not UTF-8")?;
        git(repo, &["worktree", "add", "--quiet", "--detach", path, sha])?;
        Ok(Worktree {
            repo: repo.to_path_buf(),
            dir,
        })
    }
}

impl Drop for Worktree {
    fn drop(&mut self) {
        if let Some(path) = self.dir.to_str() {
            let _ = git(&self.repo, &["worktree", "remove", "--force", path]);
        }
    }
}

fn scratch_path(what: &str, ext: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    std::env::temp_dir().join(format!(
        "spec-review-{what}-{}-{nanos}.{ext}",
        std::process::id()
    ))
}

/// The comment body, in Markdown.
fn body(review: &Review, allow_breaking: bool) -> String {
    let mut s = String::new();
    let head = match &review.head {
        Head::Commit(rev) => format!("`{}` (`{}`)", rev.name, rev.short()),
        // A clean working tree is its HEAD commit (in the workflow, the pull request merged
        // into its base).
        Head::WorkingTree { head, dirty: false } => format!("`HEAD` (`{}`)", head.short()),
        Head::WorkingTree { head, dirty: true } => format!(
            "the working tree (uncommitted changes on `{}`)",
            head.short()
        ),
    };
    let _ = writeln!(s, "{MARKER}\n## Spec review\n");
    let _ = writeln!(
        s,
        "From `{}` (`{}`) to {head}.\n",
        review.base.name,
        review.base.short()
    );

    match &review.spec {
        SpecReport::Changes(changes) if changes.is_empty() => {
            s.push_str("**Spec changes:** none\n\n")
        }
        SpecReport::Changes(changes) => {
            s.push_str(&spec_table(changes));
            s.push('\n');
        }
        SpecReport::DoesNotCheck { side, problems } => {
            let _ = writeln!(
                s,
                "**Spec changes:** ❌ not compared: the spec at {side} does not check.\n\n{}",
                fenced(problems)
            );
        }
    }

    s.push_str("**Public API of `oms-client` and `huaweicloud-runtime`:** ");
    match &review.api {
        ApiReport::Skipped(why) => {
            let _ = writeln!(
                s,
                "not checked: {why} (`cargo install --locked cargo-semver-checks`).\n"
            );
        }
        ApiReport::Checked {
            tool,
            outcome,
            output,
        } => {
            let (verdict, open) = match outcome {
                ApiOutcome::Compatible => ("no breaking change".to_string(), ""),
                ApiOutcome::Breaking(n) => (format!("⚠️ breaking: {n} lint(s) failed"), " open"),
                ApiOutcome::Failed(why) => {
                    (format!("❌ not compared: the tool failed ({why})"), " open")
                }
            };
            let _ = writeln!(
                s,
                "{verdict} ({tool}, `check-release --release-type minor`: changes that need a \
                 new major version).\n"
            );
            let _ = writeln!(
                s,
                "<details{open}><summary>cargo-semver-checks output</summary>\n\n{}\n</details>\n",
                fenced(&cut(output.trim_end(), API_OUTPUT_BUDGET))
            );
        }
    }

    let (spec, api) = (review.breaking_spec_changes(), review.breaking_api_lints());
    let verdict = if let Some(why) = review.not_reviewed() {
        format!("❌ not reviewed: {why}; no label makes this pass.")
    } else if spec == 0 && api == 0 {
        "✅ no breaking change.".to_string()
    } else if allow_breaking {
        "⚠️ breaking changes, accepted: the pull request carries the `breaking-change` label \
         (`--allow-breaking`)."
            .to_string()
    } else {
        "❌ breaking changes: this check fails until the pull request carries the \
         `breaking-change` label (`--allow-breaking`)."
            .to_string()
    };
    let _ = writeln!(s, "**Verdict:** {verdict}");
    s
}

/// `spec-diff --format markdown`'s table, cut at a row when it would make the comment too long.
fn spec_table(changes: &[Change]) -> String {
    let full = diff::markdown(changes);
    if full.len() <= SPEC_TABLE_BUDGET {
        return full;
    }
    let mut kept = String::new();
    let mut rows = 0;
    for line in full.lines() {
        if kept.len() + line.len() + 1 > SPEC_TABLE_BUDGET {
            break;
        }
        if line.starts_with("| ") && !line.starts_with("| |") {
            rows += 1;
        }
        kept.push_str(line);
        kept.push('\n');
    }
    let _ = writeln!(
        kept,
        "\n… and {} more (breaking ones come first; `cargo xtask spec-diff <base>` lists all).",
        changes.len().saturating_sub(rows)
    );
    kept
}

/// `text` cut to at most `budget` bytes at a line end, saying what was left out.
fn cut(text: &str, budget: usize) -> String {
    if text.len() <= budget {
        return text.to_string();
    }
    let mut end = budget;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let end = text[..end].rfind('\n').unwrap_or(end);
    format!(
        "{}\n… {} more bytes in the job log",
        &text[..end],
        text.len() - end
    )
}

/// `text` in a code block whose fence no line of it can close.
fn fenced(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fence_is_longer_than_any_backtick_run_inside() {
        assert_eq!(fenced("a"), "```text\na\n```");
        assert_eq!(fenced("x ```` y"), "`````text\nx ```` y\n`````");
    }

    #[test]
    fn a_table_too_long_for_a_comment_is_cut_at_a_row_and_counts_the_rest() {
        let changes: Vec<Change> = (0..1000)
            .map(|i| Change {
                class: if i < 10 {
                    Class::Breaking
                } else {
                    Class::Compatible
                },
                place: format!("Operation{i:04}"),
                what: "operation added".into(),
                why: "a new method; existing calls are unaffected, whatever they were".into(),
            })
            .collect();
        let table = spec_table(&changes);
        assert!(table.len() < SPEC_TABLE_BUDGET + 200, "{}", table.len());
        assert!(table.starts_with("**Spec changes:** 10 breaking, 990 compatible\n"));
        let rows = table
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| |"));
        let rows = rows.count();
        assert!(rows > 100 && rows < 1000, "{rows}");
        assert!(
            table.ends_with(&format!(
                "\n… and {} more (breaking ones come first; `cargo xtask spec-diff <base>` lists \
                 all).\n",
                1000 - rows
            )),
            "{table}"
        );
        assert_eq!(spec_table(&changes[..3]), diff::markdown(&changes[..3]));
    }

    #[test]
    fn output_is_cut_at_a_line_end_and_says_how_much_is_left() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(
            cut("line one\nline two\n", 12),
            "line one\n… 10 more bytes in the job log"
        );
    }
}
