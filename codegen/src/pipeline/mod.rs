//! The generator's stages, in the order data flows through them.

pub mod check;
pub mod diag;
pub mod emit;
pub mod format;
pub mod load;
pub mod locate;
pub mod model;
