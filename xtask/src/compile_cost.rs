//! `cargo xtask compile-cost [--runs N]`: how long `oms-client` alone takes to build, its
//! dependencies already built, in debug and release, and how big the generated code is.
//!
//! Builds go to their own target directory (`target/compile-cost`) so that they neither wait
//! for nor disturb other builds in `target/`. For each profile: build once (dependencies),
//! then `N` times `cargo clean -p oms-client` + timed `cargo build -p oms-client`; the fastest
//! run is reported (the least disturbed by anything else running on the machine).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let runs = match args {
        [] => 1,
        [flag, n] if flag == "--runs" => n
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("--runs needs a positive number, not `{n}`"))?,
        other => {
            return Err(format!(
                "unexpected arguments to compile-cost: {}",
                other.join(" ")
            ))
        }
    };
    let target = root.join("target").join("compile-cost");
    let mut timings = Vec::new();
    for release in [false, true] {
        let profile = if release { "release" } else { "debug" };
        eprintln!("== {profile}: building dependencies");
        cargo(root, &target, "build", release)?;
        let mut best = Duration::MAX;
        for i in 1..=runs {
            cargo(root, &target, "clean", release)?;
            eprintln!("== {profile}: timed build of oms-client ({i}/{runs})");
            let started = Instant::now();
            cargo(root, &target, "build", release)?;
            best = best.min(started.elapsed());
        }
        timings.push((profile, best));
    }

    // Where the generator writes, as it says itself.
    let [src_dir, tests_dir] = crate::generate::targets()[0].generated_dirs();
    let (src_dir, tests_dir) = (root.join(src_dir), root.join(tests_dir));
    let generated = size(&src_dir)?;
    let runtime = size_excluding(&root.join("oms-client/src"), "generated")?;
    let generated_tests = if tests_dir.exists() {
        size(&tests_dir)?
    } else {
        Size::default()
    };
    let operations = std::fs::read_dir(src_dir.join("operations"))
        .map(|d| {
            d.flatten()
                .filter(|e| e.file_name() != "mod.rs")
                .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
                .count()
        })
        .unwrap_or(0);

    let best = if runs > 1 {
        format!(", best of {runs}")
    } else {
        String::new()
    };
    let mut rows: Vec<(String, String)> = timings
        .iter()
        .map(|(profile, t)| {
            (
                format!("build oms-client alone, {profile} (dependencies built{best})"),
                format!("{:.1} s", t.as_secs_f64()),
            )
        })
        .collect();
    rows.push((
        format!(
            "generated code: {}/**",
            src_dir.strip_prefix(root).unwrap_or(&src_dir).display()
        ),
        format!(
            "{} lines, {} in {} files",
            generated.lines,
            fmt_bytes(generated.bytes),
            generated.files
        ),
    ));
    rows.push(("operations generated".into(), operations.to_string()));
    if operations > 0 {
        rows.push((
            "generated code per operation".into(),
            format!(
                "{} lines, {}",
                generated.lines / operations as u64,
                fmt_bytes(generated.bytes / operations as u64)
            ),
        ));
    }
    rows.push((
        "hand-written runtime: oms-client/src (rest)".into(),
        format!(
            "{} lines, {} in {} files",
            runtime.lines,
            fmt_bytes(runtime.bytes),
            runtime.files
        ),
    ));
    rows.push((
        format!(
            "generated tests: {}/**",
            tests_dir.strip_prefix(root).unwrap_or(&tests_dir).display()
        ),
        format!(
            "{} lines, {} in {} files",
            generated_tests.lines,
            fmt_bytes(generated_tests.bytes),
            generated_tests.files
        ),
    ));
    let w0 = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let w1 = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    println!();
    println!("| {:<w0$} | {:<w1$} |", "figure", "value");
    println!("|{}|{}|", "-".repeat(w0 + 2), "-".repeat(w1 + 2));
    for (figure, value) in &rows {
        println!("| {figure:<w0$} | {value:<w1$} |");
    }
    Ok(())
}

/// `cargo build|clean -p oms-client` in `target`.
fn cargo(root: &Path, target: &PathBuf, task: &str, release: bool) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(&cargo);
    cmd.current_dir(root).env("CARGO_TARGET_DIR", target).args([
        task,
        "-p",
        "oms-client",
        "--quiet",
    ]);
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
            "cargo {task} -p oms-client{} failed ({}):\n{}",
            if release { " --release" } else { "" },
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[derive(Default, Clone, Copy)]
struct Size {
    files: u64,
    lines: u64,
    bytes: u64,
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
    size_excluding(path, "")
}

fn size_excluding(path: &Path, skip_dir: &str) -> Result<Size, String> {
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
        if p.is_dir() {
            if !skip_dir.is_empty() && entry.file_name() == skip_dir {
                continue;
            }
            total = total + size_excluding(&p, skip_dir)?;
        } else if p.extension().is_some_and(|x| x == "rs") {
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
