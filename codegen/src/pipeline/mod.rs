//! The generator's stages, in the order data flows through them: `load` (with `locate` for
//! positions) → `check` → `model` → `emit` → `format`. A later stage never reaches back into
//! an earlier one.
//!
//! Shared by the stages: `diag`, the problems that loading and checking report (here rather
//! than at the top because only the pipeline reports them; the tools report findings of
//! their own kinds), `names`, the names generated code uses, which check refuses in the spec
//! and emit spells, `patterns`, the spec's regular expressions compiled as the runtime
//! compiles them, and `text`, what becomes of each kind of character in spec text (refused by
//! load, or made fit for docs by emit).

pub mod check;
pub mod diag;
pub mod emit;
pub mod format;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod patterns;
pub mod text;
