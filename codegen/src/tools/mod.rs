//! Review tools beside the pipeline.

pub mod audit;
pub mod diff;
pub mod explorer;
pub mod import;
pub mod openapi;
