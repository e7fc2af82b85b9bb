//! Tools beside generation, for reviewers and maintainers: they read the checked model or API
//! Explorer definitions, never the pipeline's internals.
//!
//! - `openapi`: the model as an OpenAPI document, for the usual HTTP tools;
//! - `diff`: what a spec change means for downstream crates;
//! - `explorer`: reads API Explorer definitions, for `audit` (the spec against them) and
//!   `import` (draft spec YAML from them).

pub mod audit;
pub mod diff;
pub mod explorer;
pub mod import;
pub mod openapi;

/// A value as a message shows it, `none` when there is none.
fn show(v: Option<impl std::fmt::Display>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "none".into())
}
