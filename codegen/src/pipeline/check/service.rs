//! `service.yaml`: the regions with their endpoints, and the headers and lengths of the
//! credentials the runtime sends.

use std::collections::BTreeMap;

use super::{is_header_name, Checker};
use crate::pipeline::model::{Region, Service};
use crate::pipeline::names;
use crate::spec::{RegionDef, ServiceDef};

impl Checker<'_> {
    pub(super) fn check_service(&mut self) -> Service {
        let file = self.spec.service_file.as_str();
        let s = &self.spec.service.service;
        let regions = self.check_regions(file, s);
        self.check_endpoint_template(file, s);
        for (place, header) in [
            ("service.token.header", &s.token.header),
            ("service.project_id.header", &s.project_id.header),
        ] {
            if !is_header_name(header) {
                self.diags.push(
                    file,
                    place,
                    format!("`{header}` is not a valid HTTP header name"),
                );
            }
        }
        self.check_lengths(
            file,
            "service.token",
            s.token.min_length,
            s.token.max_length,
        );
        self.check_lengths(
            file,
            "service.project_id",
            s.project_id.min_length,
            s.project_id.max_length,
        );
        Service {
            name: s.name.clone(),
            api_version: s.api_version.clone(),
            description: s.description.clone(),
            regions,
            token_header: s.token.header.clone(),
            token_min_length: s.token.min_length,
            token_max_length: s.token.max_length,
            project_id_header: s.project_id.header.clone(),
            project_id_placeholder: s.project_id.path_parameter.clone(),
            project_id_min_length: s.project_id.min_length,
            project_id_max_length: s.project_id.max_length,
        }
    }

    /// The regions that pass their checks, each with its endpoint.
    fn check_regions(&mut self, file: &str, s: &ServiceDef) -> Vec<Region> {
        let mut regions = Vec::new();
        let mut seen_ids: BTreeMap<String, Option<(usize, usize)>> = BTreeMap::new();
        let mut seen_variants: BTreeMap<String, (String, Option<(usize, usize)>)> = BTreeMap::new();
        if s.regions.is_empty() {
            self.diags
                .push(file, "service.regions", "at least one region is required");
        }
        for (i, r) in s.regions.iter().enumerate() {
            let place = format!("service.regions.{}", r.id);
            // Where the region's id is written, for the messages about it.
            let at = self.position(file, &format!("service.regions.{i}.id"));
            if r.id.is_empty()
                || !r
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                self.diags.push_at(
                    file,
                    at,
                    &place,
                    "a region id is lowercase letters, digits and '-'",
                );
                continue;
            }
            if let Some(first) = seen_ids.get(&r.id) {
                let first = first
                    .map(|(line, column)| format!(" (first at {line}:{column})"))
                    .unwrap_or_default();
                self.diags
                    .push_at(file, at, &place, format!("duplicate region id{first}"));
                continue;
            }
            seen_ids.insert(r.id.clone(), at);
            let variant = names::region_variant(&r.id);
            if !names::is_ident(&variant) || !r.id.starts_with(|c: char| c.is_ascii_lowercase()) {
                self.diags
                    .push_at(file, at, &place, "a region id starts with a letter");
                continue;
            }
            if let Some((other, other_at)) = seen_variants.get(&variant) {
                let other_at = other_at
                    .map(|(line, column)| format!(" (at {line}:{column})"))
                    .unwrap_or_default();
                self.diags.push_at(
                    file,
                    at,
                    &place,
                    format!("region variant `{variant}` collides with region `{other}`{other_at}"),
                );
            } else {
                seen_variants.insert(variant.clone(), (r.id.clone(), at));
            }
            let endpoint_at = self
                .position(file, &format!("service.regions.{i}.endpoint"))
                .or(at);
            let endpoint = self.check_region_endpoint(file, &place, endpoint_at, s, r);
            regions.push(Region {
                id: r.id.clone(),
                name: r.name.clone(),
                endpoint,
                variant,
            });
        }
        regions
    }

    /// A region's own endpoint, or the template's with its id filled in.
    fn check_region_endpoint(
        &mut self,
        file: &str,
        place: &str,
        at: Option<(usize, usize)>,
        s: &ServiceDef,
        r: &RegionDef,
    ) -> String {
        let endpoint = match &r.endpoint {
            Some(e) => e.clone(),
            None => s.endpoint.replace("{region}", &r.id),
        };
        if !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
            || endpoint.contains('{')
        {
            self.diags.push_at(
                file,
                at,
                place,
                format!("endpoint `{endpoint}` is not an absolute http(s) URL"),
            );
        }
        endpoint
    }

    /// The endpoint template: a scheme, host and port, with `{region}` where a region without
    /// an endpoint of its own needs it.
    fn check_endpoint_template(&mut self, file: &str, s: &ServiceDef) {
        if let Some(rest) = s.endpoint.split_once("://").map(|(_, r)| r) {
            if rest.trim_end_matches('/').contains('/') || rest.contains('?') || rest.contains('#')
            {
                self.diags.push(
                    file,
                    "service.endpoint",
                    "an endpoint is a scheme, host and port only; operation paths carry the rest",
                );
            }
        }
        if !s.endpoint.contains("{region}") && s.regions.iter().any(|r| r.endpoint.is_none()) {
            self.diags.push(
                file,
                "service.endpoint",
                "the endpoint template has no `{region}` placeholder",
            );
        }
    }
}
