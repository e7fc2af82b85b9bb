//! `cargo xtask compile-cost [--runs N] [--against REV]`: how long `oms-client` alone takes to
//! build, its dependencies (the runtime crate among them) already built, in debug and release,
//! and how big the generated code is.
//!
//! Builds go to their own target directories under `target/compile-cost` so that they neither
//! wait for nor disturb other builds in `target/`, with `CARGO_INCREMENTAL=0` (a full compile
//! of the crate, as CI and downstream users see it). For each profile: build once
//! (dependencies), then `N` times `cargo clean -p oms-client` + timed `cargo build -p
//! oms-client`; the fastest run is reported (the least disturbed by anything else running).
//!
//! `--against REV` checks REV out into a scratch worktree and times its `oms-client` in the same
//! run, the two alternating build by build, so that the ratio holds whatever the machine's
//! speed: the way to state a figure against an earlier one measured elsewhere.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut runs = 1;
    let mut against = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match (arg.as_str(), rest.next()) {
            ("--runs", Some(n)) => {
                runs = n
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--runs needs a positive number, not `{n}`"))?
            }
            ("--against", Some(rev)) => against = Some(rev.clone()),
            _ => {
                return Err(format!(
                    "unexpected arguments to compile-cost: {}\nusage: cargo xtask compile-cost [--runs N] [--against REV]",
                    args.join(" ")
                ))
            }
        }
    }
    let scratch = root.join("target").join("compile-cost");
    let mut trees = vec![Tree {
        label: "this tree".into(),
        root: root.to_path_buf(),
        target: scratch.join("current"),
    }];
    if let Some(rev) = &against {
        trees.push(baseline_tree(root, &scratch, rev)?);
    }
    let mut timings = Vec::new();
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        for tree in &trees {
            eprintln!("== {profile}: building the dependencies of {}", tree.label);
            tree.cargo("build", release)?;
        }
        let mut best = vec![Duration::MAX; trees.len()];
        for i in 1..=runs {
            for (tree, best) in trees.iter().zip(&mut best) {
                tree.cargo("clean", release)?;
                eprintln!(
                    "== {profile}: timed build of oms-client in {} ({i}/{runs})",
                    tree.label
                );
                let started = Instant::now();
                tree.cargo("build", release)?;
                *best = (*best).min(started.elapsed());
            }
        }
        timings.push((profile, best));
    }

    let best_of = if runs > 1 {
        format!(", best of {runs}")
    } else {
        String::new()
    };
    // Figure, value, target with verdict.
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (profile, best) in &timings {
        let mut value = format!("{:.2} s", best[0].as_secs_f64());
        if let (Some(rev), Some(base)) = (&against, best.get(1)) {
            value.push_str(&format!(
                "; {rev}: {:.2} s; ratio {:.2}",
                base.as_secs_f64(),
                best[0].as_secs_f64() / base.as_secs_f64()
            ));
        }
        let target = if *profile == "debug" {
            verdict(
                best[0].as_secs_f64() <= DEBUG_MAX_SECS,
                &format!("<= {DEBUG_MAX_SECS} s"),
            )
        } else {
            String::new()
        };
        rows.push((
            format!("build oms-client alone, {profile} (dependencies built{best_of})"),
            value,
            target,
        ));
    }

    let [src_dir, tests_dir] = crate::generate::targets()[0].generated_dirs();
    let (src_dir, tests_dir) = (root.join(src_dir), root.join(tests_dir));
    let generated = size(&src_dir)?;
    let operations = std::fs::read_dir(src_dir.join("operations"))
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name() != "mod.rs")
                .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
                .count()
        })
        .unwrap_or(0);
    let relative = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    rows.push((
        format!("generated code: {}/**", relative(&src_dir)),
        generated.describe(),
        verdict(
            generated.lines <= GENERATED_MAX_LINES,
            &format!("<= {GENERATED_MAX_LINES} lines"),
        ),
    ));
    rows.push((
        "operations generated".into(),
        operations.to_string(),
        String::new(),
    ));
    if operations > 0 {
        rows.push((
            "generated code per operation".into(),
            format!(
                "{} lines, {}",
                generated.lines / operations as u64,
                fmt_bytes(generated.bytes / operations as u64)
            ),
            String::new(),
        ));
    }
    let runtime = root.join("huaweicloud-runtime/src");
    rows.push((
        format!("hand-written runtime: {}/**", relative(&runtime)),
        size(&runtime)?.describe(),
        String::new(),
    ));
    if tests_dir.exists() {
        rows.push((
            format!("generated tests: {}/**", relative(&tests_dir)),
            size(&tests_dir)?.describe(),
            String::new(),
        ));
    }
    let width = |cell: fn(&(String, String, String)) -> &String, header: &str| {
        rows.iter()
            .map(|r| cell(r).chars().count())
            .chain([header.len()])
            .max()
            .unwrap_or(0)
    };
    let w0 = width(|r| &r.0, "figure");
    let w1 = width(|r| &r.1, "value");
    let w2 = width(|r| &r.2, "target");
    println!();
    println!(
        "| {:<w0$} | {:<w1$} | {:<w2$} |",
        "figure", "value", "target"
    );
    println!(
        "|{}|{}|{}|",
        "-".repeat(w0 + 2),
        "-".repeat(w1 + 2),
        "-".repeat(w2 + 2)
    );
    for (figure, value, target) in &rows {
        println!("| {figure:<w0$} | {value:<w1$} | {target:<w2$} |");
    }
    Ok(())
}

/// Targets: a full debug build of oms-client alone, and the generated client's size.
const DEBUG_MAX_SECS: f64 = 3.5;
const GENERATED_MAX_LINES: u64 = 9_000;

/// `target: meets` or `target: MISSES`.
fn verdict(ok: bool, target: &str) -> String {
    format!("{target}: {}", if ok { "meets" } else { "MISSES" })
}

/// A source tree whose `oms-client` is timed, and the target directory it builds into.
struct Tree {
    label: String,
    root: PathBuf,
    target: PathBuf,
}

impl Tree {
    /// `cargo build|clean -p oms-client` in this tree.
    fn cargo(&self, task: &str, release: bool) -> Result<(), String> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(&cargo);
        cmd.current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0")
            .args([task, "-p", "oms-client", "--quiet"]);
        if release {
            cmd.arg("--release");
        }
        let output = cmd
            .output()
            .map_err(|e| format!("cannot run {cargo}: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "cargo {task} -p oms-client{} in {} failed ({}):\n{}",
                if release { " --release" } else { "" },
                self.label,
                output.status,
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }
}

/// `rev` checked out (again, if it moved) into `target/compile-cost/baseline-src`.
fn baseline_tree(root: &Path, scratch: &Path, rev: &str) -> Result<Tree, String> {
    let dir = scratch.join("baseline-src");
    let git = |args: &[&str], cwd: &Path| -> Result<(), String> {
        let out = Command::new("git")
            .current_dir(cwd)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run git: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "git {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    };
    if dir.join(".git").exists() {
        git(&["checkout", "--quiet", "--detach", rev], &dir)?;
    } else {
        std::fs::create_dir_all(scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
        let dir_text = dir.display().to_string();
        git(
            &["worktree", "add", "--force", "--detach", &dir_text, rev],
            root,
        )?;
    }
    Ok(Tree {
        label: rev.to_string(),
        root: dir,
        target: scratch.join("baseline"),
    })
}

#[derive(Default, Clone, Copy)]
struct Size {
    files: u64,
    lines: u64,
    bytes: u64,
}

impl Size {
    fn describe(self) -> String {
        format!(
            "{} lines, {} in {} files",
            self.lines,
            fmt_bytes(self.bytes),
            self.files
        )
    }
}

impl std::ops::Add for Size {
    type Output = Size;
    fn add(self, o: Size) -> Size {
        Size {
            files: self.files + o.files,
            lines: self.lines + o.lines,
            bytes: self.bytes + o.bytes,
        }
    }
}

/// Lines and bytes of the `.rs` files at `path` (a file or a directory, recursively).
fn size(path: &Path) -> Result<Size, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    if meta.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        return Ok(Size {
            files: 1,
            lines: text.lines().count() as u64,
            bytes: text.len() as u64,
        });
    }
    let mut total = Size::default();
    let entries =
        std::fs::read_dir(path).map_err(|e| format!("{}: cannot list: {e}", path.display()))?;
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() || p.extension().is_some_and(|x| x == "rs") {
            total = total + size(&p)?;
        }
    }
    Ok(total)
}

fn fmt_bytes(b: u64) -> String {
    if b >= 1024 * 1024 {
        format!("{:.2} MiB", b as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", b as f64 / 1024.0)
    }
}
