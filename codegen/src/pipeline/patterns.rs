//! The spec's `pattern` bounds, compiled as the runtime compiles them: the checker refuses a
//! pattern the runtime could not compile, and emission picks sample values that match.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A pattern as the runtime compiles it: with `regex`, or, for look-around, with `fancy-regex`
/// (as `huaweicloud_runtime::validate::Pattern` does).
enum Compiled {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
    Invalid(String),
}

/// Compiles each distinct pattern once per thread: a spec repeats the same few patterns on
/// many fields, and generated tests try many sample values against them.
fn compiled(p: &str) -> Rc<Compiled> {
    thread_local! {
        static CACHE: RefCell<HashMap<String, Rc<Compiled>>> = Default::default();
    }
    CACHE.with(|c| {
        c.borrow_mut()
            .entry(p.to_string())
            .or_insert_with(|| {
                Rc::new(match regex::Regex::new(p) {
                    Ok(re) => Compiled::Linear(re),
                    // The regex crate's objection may be only the look-around that fancy-regex
                    // handles; when both refuse, fancy-regex's reason is the one that applies.
                    Err(e) => match fancy_regex::Regex::new(p) {
                        Ok(re) => Compiled::Backtracking(re),
                        Err(fancy) if e.to_string().contains("look-around") => {
                            Compiled::Invalid(fancy.to_string())
                        }
                        Err(_) => Compiled::Invalid(e.to_string()),
                    },
                })
            })
            .clone()
    })
}

/// Whether the runtime can compile a pattern, and if not, why.
pub fn compile_pattern(p: &str) -> Result<(), String> {
    match &*compiled(p) {
        Compiled::Invalid(reason) => Err(reason.clone()),
        _ => Ok(()),
    }
}

/// Whether `s` matches `p` as the runtime would decide it.
pub fn pattern_matches(p: &str, s: &str) -> bool {
    match &*compiled(p) {
        Compiled::Linear(re) => re.is_match(s),
        Compiled::Backtracking(re) => re.is_match(s).unwrap_or(false),
        Compiled::Invalid(_) => false,
    }
}
