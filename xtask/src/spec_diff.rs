//! `cargo xtask spec-diff <rev>`: what the spec change since a git revision means for callers.

use std::path::Path;
use std::process::Command;

use codegen::diff::{self, Class};
use codegen::{SourceFile, SpecSources};

/// `spec-diff <rev> [--allow-breaking] [--format text|markdown] [--repo DIR]`
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    let mut rev = None;
    let mut allow_breaking = false;
    let mut markdown = false;
    let mut repo = root.to_path_buf();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--allow-breaking" => allow_breaking = true,
            "--format" => match it.next().map(String::as_str) {
                Some("markdown") => markdown = true,
                Some("text") => markdown = false,
                _ => return Err("--format takes `text` or `markdown`".into()),
            },
            "--repo" => repo = it.next().ok_or("--repo needs a directory")?.into(),
            other if rev.is_none() && !other.starts_with("--") => rev = Some(other.to_string()),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    let rev = rev.ok_or(
        "usage: cargo xtask spec-diff <git-rev> [--allow-breaking] [--format text|markdown]",
    )?;
    let old_sources = sources_at(&repo, &rev)?;
    let old = codegen::model_from_sources(&old_sources)
        .map_err(|d| format!("the spec at {rev} does not check:\n{d}"))?;
    let new_sources = SpecSources::read_dir(&repo.join("spec")).map_err(|d| d.to_string())?;
    let new = codegen::model_from_sources(&new_sources)
        .map_err(|d| format!("the working-tree spec does not check:\n{d}"))?;
    let changes = diff::diff(&old, &new);
    let breaking = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .count();
    if markdown {
        print!("{}", diff::markdown(&changes));
    } else {
        for c in &changes {
            println!("{c}");
        }
        println!(
            "{} change(s) since {rev}: {breaking} breaking, {} compatible",
            changes.len(),
            changes.len() - breaking
        );
    }
    if breaking > 0 && !allow_breaking {
        return Err(format!(
            "{breaking} breaking change(s): pass --allow-breaking if they are intended"
        ));
    }
    Ok(())
}

/// Runs git in `repo` and returns its standard output; a failure carries git's message.
pub(crate) fn git(repo: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("git output is not UTF-8: {e}"))
}

/// The spec files as they are at `rev`, read through git without a checkout.
pub(crate) fn sources_at(repo: &Path, rev: &str) -> Result<SpecSources, String> {
    let listing = git(repo, &["ls-tree", "-r", "--name-only", rev, "--", "spec"])?;
    let read = |path: &str| -> Result<SourceFile, String> {
        Ok(SourceFile {
            name: path.to_string(),
            text: git(repo, &["show", &format!("{rev}:{path}")])?,
        })
    };
    let mut operations = Vec::new();
    let mut types = None;
    let mut service = None;
    let mut names: Vec<&str> = listing.lines().collect();
    names.sort();
    for path in names {
        match path {
            "spec/service.yaml" => service = Some(read(path)?),
            "spec/types.yaml" => types = Some(read(path)?),
            p if p.starts_with("spec/operations/")
                && (p.ends_with(".yaml") || p.ends_with(".yml")) =>
            {
                operations.push(read(p)?)
            }
            _ => {}
        }
    }
    let service = service.ok_or_else(|| format!("no spec/service.yaml at {rev}"))?;
    Ok(SpecSources {
        service,
        types,
        operations,
    })
}
