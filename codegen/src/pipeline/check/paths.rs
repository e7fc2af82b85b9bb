//! Path templates against path parameters: every placeholder names a path parameter (or the
//! project id), and every path parameter appears.

use std::collections::BTreeSet;

use super::Checker;
use crate::pipeline::model::{Param, ParamLocation, PathSegment};

impl Checker<'_> {
    /// The path's segments; a problem found stops at the segments read so far.
    pub(super) fn check_path(
        &mut self,
        file: &str,
        place: &str,
        path: &str,
        params: &[Param],
        project_param: &str,
    ) -> Vec<PathSegment> {
        let pplace = format!("{place}.path");
        let mut segments = Vec::new();
        if !path.starts_with('/') {
            self.diags
                .push(file, &pplace, "the path must start with `/`");
            return segments;
        }
        if let Some(c) = super::refused_path_char(path) {
            self.diags.push(
                file,
                &pplace,
                format!("`{c}` may not stand in a path template (query parameters go under `parameters`)"),
            );
            return segments;
        }
        let mut used = BTreeSet::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close_rel) = rest[open..].find('}') else {
                self.diags.push(file, &pplace, "unclosed `{` in the path");
                return segments;
            };
            let close = open + close_rel;
            if open > 0 {
                segments.push(PathSegment::Literal(rest[..open].to_string()));
            }
            let name = &rest[open + 1..close];
            if name == project_param {
                segments.push(PathSegment::ProjectId);
            } else if params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.field.wire_name == name)
            {
                used.insert(name.to_string());
                segments.push(PathSegment::Param(name.to_string()));
            } else {
                self.diags.push(
                    file,
                    &pplace,
                    format!("placeholder `{{{name}}}` has no path parameter"),
                );
            }
            rest = &rest[close + 1..];
        }
        if rest.contains('}') {
            self.diags.push(file, &pplace, "unmatched `}` in the path");
        }
        if !rest.is_empty() {
            segments.push(PathSegment::Literal(rest.to_string()));
        }
        for p in params.iter().filter(|p| p.location == ParamLocation::Path) {
            if !used.contains(&p.field.wire_name) && p.field.wire_name != project_param {
                self.diags.push(
                    file,
                    format!("{place}.parameters.{}", p.field.wire_name),
                    "path parameter does not appear in the path",
                );
            }
        }
        segments
    }
}
