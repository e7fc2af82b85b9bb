//! Each class of spec change on a small pair of specs: breaking or compatible, and why.

use codegen::diff::{diff, markdown, Class};
use codegen::{SourceFile, SpecSources};

const SERVICE: &str = "service:\n  name: OMS\n  api_version: v2\n  endpoint: https://oms.{region}.example.com\n  regions:\n    - { id: r-1, name: One }\n    - { id: r-2, name: Two }\n  token: { header: X-Auth-Token }\n  project_id: { path_parameter: project_id, header: X-Project-Id }\n";

/// A spec with one request operation and one response type; `edit` rewrites parts of it.
const BASE: &str = r#"
operations:
  CreateThing:
    summary: Create a thing
    method: POST
    path: /v2/{project_id}/things
    regions: [r-1, r-2]
    parameters:
      dry_run: { in: query, type: boolean }
    body: { type: CreateThingReq }
    responses:
      200: { type: ThingResp }
      400: { type: ThingResp }
types:
  CreateThingReq:
    fields:
      name: { type: string, required: true, min_length: 1, max_length: 100, pattern: '^[a-z]+$' }
      size: { type: integer, format: int32, minimum: 0, maximum: 10 }
      mode: { type: Mode }
      level: { type: Level }
      tags: { type: array, items: { type: string }, max_items: 5 }
  Mode:
    enum: [FAST, SLOW]
  Level:
    type: integer
    enum:
      - { value: 1, name: Low }
      - { value: 2, name: High }
  ThingResp:
    fields:
      id: { type: string, max_length: 36 }
      state: { type: string }
"#;

/// A waiter to append to BASE.
const WAITER: &str = r#"waiters:
  ThingReady:
    operation: CreateThing
    max_wait: 600
    acceptors:
      - { state: success, path: state, equals: ready }
      - { state: failure, path: state, equals: broken }
"#;

fn model(ops: &str) -> codegen::model::Model {
    let sources = SpecSources {
        service: SourceFile {
            name: "spec/service.yaml".into(),
            text: SERVICE.into(),
        },
        types: None,
        operations: vec![SourceFile {
            name: "spec/operations/things.yaml".into(),
            text: ops.into(),
        }],
    };
    codegen::model_from_sources(&sources).unwrap_or_else(|d| panic!("{d}"))
}

/// The changes from BASE to BASE with `from` replaced by `to`, as `CLASS place: what` lines.
fn changes(from: &str, to: &str) -> Vec<String> {
    assert!(BASE.contains(from), "edit target not found: {from}");
    let new = BASE.replacen(from, to, 1);
    diff(&model(BASE), &model(&new))
        .iter()
        .map(|c| {
            format!(
                "{} {}: {}",
                if c.class == Class::Breaking { "B" } else { "C" },
                c.place,
                c.what
            )
        })
        .collect()
}

#[test]
fn no_change_no_report() {
    assert!(diff(&model(BASE), &model(BASE)).is_empty());
}

#[test]
fn narrowed_request_bounds_are_breaking_widened_are_compatible() {
    assert_eq!(
        changes("max_length: 100", "max_length: 64"),
        ["B CreateThingReq.name: max_length 100 → 64 (narrowed)"]
    );
    assert_eq!(
        changes("max_length: 100", "max_length: 255"),
        ["C CreateThingReq.name: max_length 100 → 255 (widened)"]
    );
    assert_eq!(
        changes("min_length: 1, ", ""),
        ["C CreateThingReq.name: min_length 1 → none (widened)"]
    );
    assert_eq!(
        changes("minimum: 0, maximum: 10", "minimum: 1, maximum: 10"),
        ["B CreateThingReq.size: minimum 0 → 1 (narrowed)"]
    );
    assert_eq!(
        changes("max_items: 5", "max_items: 3"),
        ["B CreateThingReq.tags: max_items 5 → 3 (narrowed)"]
    );
    assert_eq!(
        changes(
            "{ type: string }, max_items",
            "{ type: string, max_length: 8 }, max_items"
        ),
        ["B CreateThingReq.tags[]: max_length none → 8 (narrowed)"]
    );
}

#[test]
fn patterns_changed_or_added_are_breaking_removed_compatible() {
    assert_eq!(
        changes("pattern: '^[a-z]+$'", "pattern: '^[a-z0-9]+$'"),
        ["B CreateThingReq.name: pattern ^[a-z]+$ → ^[a-z0-9]+$"]
    );
    assert_eq!(
        changes(", pattern: '^[a-z]+$'", ""),
        ["C CreateThingReq.name: pattern ^[a-z]+$ → none"]
    );
}

#[test]
fn response_only_bounds_are_documentation() {
    assert_eq!(
        changes(
            "id: { type: string, max_length: 36 }",
            "id: { type: string, max_length: 8 }"
        ),
        ["C ThingResp.id: max_length 36 → 8 (narrowed)"]
    );
}

#[test]
fn required_and_new_fields() {
    assert_eq!(
        changes(
            "size: { type: integer",
            "size: { required: true, type: integer"
        ),
        ["B CreateThingReq.size: optional made required"]
    );
    assert_eq!(
        changes(
            "name: { type: string, required: true",
            "name: { type: string"
        ),
        ["C CreateThingReq.name: required made optional"]
    );
    assert_eq!(
        changes(
            "      mode: { type: Mode }\n",
            "      mode: { type: Mode }\n      color: { type: string, required: true }\n"
        ),
        ["B CreateThingReq.color: required field added"]
    );
    assert_eq!(
        changes(
            "      mode: { type: Mode }\n",
            "      mode: { type: Mode }\n      color: { type: string }\n"
        ),
        ["C CreateThingReq.color: optional field added"]
    );
    assert_eq!(
        changes("      state: { type: string }\n", ""),
        ["B ThingResp.state: field removed"]
    );
    assert_eq!(
        changes(
            "      state: { type: string }\n",
            "      state: { type: string }\n      owner: { type: string, required: true }\n"
        ),
        ["C ThingResp.owner: optional field added"]
    );
}

#[test]
fn parameters() {
    assert_eq!(
        changes("      dry_run: { in: query, type: boolean }\n", ""),
        ["B CreateThing.parameters.dry_run: parameter removed"]
    );
    assert_eq!(
        changes(
            "dry_run: { in: query, type: boolean }",
            "dry_run: { in: query, type: boolean, required: true }"
        ),
        ["B CreateThing.parameters.dry_run: optional made required"]
    );
    assert_eq!(changes("      dry_run: { in: query, type: boolean }\n", "      dry_run: { in: query, type: boolean }\n      force: { in: query, type: boolean }\n"), ["C CreateThing.parameters.force: optional parameter added"]);
    assert_eq!(changes("      dry_run: { in: query, type: boolean }\n", "      dry_run: { in: query, type: boolean }\n      force: { in: query, type: boolean, required: true }\n"), ["B CreateThing.parameters.force: required parameter added"]);
    assert_eq!(
        changes(
            "dry_run: { in: query, type: boolean }",
            "dry_run: { in: header, type: boolean }"
        ),
        ["B CreateThing.parameters.dry_run: moved from query to header"]
    );
}

#[test]
fn types_methods_paths_and_enums() {
    assert_eq!(
        changes(
            "size: { type: integer, format: int32",
            "size: { type: integer, format: int64"
        ),
        ["B CreateThingReq.size: type int32 → int64"]
    );
    assert_eq!(
        changes("method: POST", "method: PUT"),
        ["B CreateThing: method POST → PUT"]
    );
    assert_eq!(
        changes(
            "path: /v2/{project_id}/things",
            "path: /v2/{project_id}/items"
        ),
        ["B CreateThing: path /v2/{project_id}/things → /v2/{project_id}/items"]
    );
    assert_eq!(
        changes("enum: [FAST, SLOW]", "enum: [FAST]"),
        ["B Mode: enum value SLOW removed"]
    );
    assert_eq!(
        changes("enum: [FAST, SLOW]", "enum: [FAST, SLOW, TURBO]"),
        ["C Mode: enum value TURBO added"]
    );
}

#[test]
fn regions_and_statuses_and_operations() {
    assert_eq!(
        changes("regions: [r-1, r-2]", "regions: [r-1]"),
        ["B CreateThing.regions: region r-2 removed"]
    );
    assert_eq!(
        changes("    regions: [r-1, r-2]\n", ""),
        ["C CreateThing.regions: available in every region"]
    );
    assert_eq!(
        changes("      400: { type: ThingResp }\n", ""),
        ["C CreateThing.responses.400: status no longer documented"]
    );
    assert_eq!(
        changes(
            "      400: { type: ThingResp }\n",
            "      400: { type: ThingResp }\n      503: { type: ThingResp }\n"
        ),
        ["C CreateThing.responses.503: status documented"]
    );
    let removed = changes("  CreateThing:\n", "  MakeThing:\n");
    assert!(
        removed.contains(&"B CreateThing: operation removed".to_string()),
        "{removed:?}"
    );
    assert!(
        removed.contains(&"C MakeThing: operation added".to_string()),
        "{removed:?}"
    );
}

#[test]
fn markdown_is_a_table_with_counts() {
    let new = BASE
        .replacen("max_length: 100", "max_length: 64", 1)
        .replacen("enum: [FAST, SLOW]", "enum: [FAST, SLOW, TURBO]", 1);
    let md = markdown(&diff(&model(BASE), &model(&new)));
    assert!(md.starts_with("**Spec changes:** 1 breaking, 1 compatible\n\n| | Where | Change | Why |\n|---|---|---|---|\n"), "{md}");
    assert!(md.contains("| ⚠️ breaking | `CreateThingReq.name` | max_length 100 → 64 (narrowed) | values that were valid are now rejected before sending |"), "{md}");
}

#[test]
fn integer_enum_codes_removed_or_renamed_are_breaking_added_are_compatible() {
    assert_eq!(
        changes("      - { value: 2, name: High }\n", ""),
        ["B Level: enum value 2 (High) removed"]
    );
    assert_eq!(
        changes(
            "      - { value: 2, name: High }\n",
            "      - { value: 2, name: High }\n      - { value: 3, name: Top }\n"
        ),
        ["C Level: enum value 3 (Top) added"]
    );
    assert_eq!(
        changes("{ value: 2, name: High }", "{ value: 2, name: Highest }"),
        ["B Level: enum value 2 renamed High → Highest"]
    );
    assert_eq!(
        changes(
            "level: { type: Level }",
            "level: { type: integer, format: int32 }"
        ),
        ["B CreateThingReq.level: type Level → int32"]
    );
}

#[test]
fn waiters_removed_or_accepting_differently_are_breaking_timing_changes_compatible() {
    let base = format!("{BASE}{WAITER}");
    let changes = |from: &str, to: &str| -> Vec<String> {
        let new = base.replacen(from, to, 1);
        diff(&model(&base), &model(&new))
            .iter()
            .map(|c| format!("{:?} {}: {}", c.class, c.place, c.what))
            .collect()
    };
    assert_eq!(
        changes(
            "      - { state: failure, path: state, equals: broken }\n",
            ""
        ),
        ["Breaking waiters.ThingReady: acceptor removed: failure when `state` is `broken`"]
    );
    assert_eq!(
        changes(
            "      - { state: failure, path: state, equals: broken }\n",
            "      - { state: failure, path: state, equals: broken }\n      - { state: retry, error: OMS.0409 }\n"
        ),
        ["Compatible waiters.ThingReady: acceptor added: retry when the service answers `OMS.0409`"]
    );
    assert_eq!(
        changes(
            "      - { state: failure, path: state, equals: broken }\n",
            "      - { state: failure, path: state, equals: broken }\n      - { state: failure, path: state, equals: gone }\n"
        ),
        ["Breaking waiters.ThingReady: acceptor added: failure when `state` is `gone`"]
    );
    assert_eq!(
        changes("max_wait: 600", "max_wait: 60\n    max_delay: 30"),
        [
            "Compatible waiters.ThingReady: default max_wait 600 s → 60 s",
            "Compatible waiters.ThingReady: delays 2..120 s → 2..30 s",
        ]
    );
    assert_eq!(
        changes(WAITER, ""),
        ["Breaking waiters.ThingReady: waiter removed"]
    );
    let added: Vec<String> = diff(&model(BASE), &model(&base))
        .iter()
        .map(|c| format!("{:?} {}: {}", c.class, c.place, c.what))
        .collect();
    assert_eq!(added, ["Compatible waiters.ThingReady: waiter added"]);
}

#[test]
fn maps_aliases_content_types_and_the_open_variant() {
    // A map's value type, and bounds on its values.
    assert_eq!(
        changes(
            "      tags: { type: array, items: { type: string }, max_items: 5 }",
            "      tags: { type: array, items: { type: string }, max_items: 5 }\n      labels: { type: map, values: { type: string } }"
        ),
        ["C CreateThingReq.labels: optional field added"]
    );
    let with_map = "      tags: { type: array, items: { type: string }, max_items: 5 }\n      labels: { type: map, values: { type: string } }";
    let narrowed = BASE.replacen(
        "      tags: { type: array, items: { type: string }, max_items: 5 }",
        with_map,
        1,
    );
    let narrower = narrowed.replacen(
        "values: { type: string } }",
        "values: { type: string, max_length: 4 } }",
        1,
    );
    let retyped = narrowed.replacen("values: { type: string } }", "values: { type: any } }", 1);
    let lines = |old: &str, new: &str| -> Vec<String> {
        diff(&model(old), &model(new))
            .iter()
            .map(|c| format!("{:?} {}: {}", c.class, c.place, c.what))
            .collect()
    };
    assert_eq!(
        lines(&narrowed, &narrower),
        ["Breaking CreateThingReq.labels{}: max_length none → 4 (narrowed)"]
    );
    assert_eq!(
        lines(&narrowed, &retyped),
        ["Breaking CreateThingReq.labels{}: type string → any"]
    );
    // An alias: narrowing it narrows every field of its type.
    let aliased = BASE.replacen(
        "      tags: { type: array, items: { type: string }, max_items: 5 }",
        "      tags: { type: Tags }",
        1,
    )
        + "  Tags:\n    alias: { type: array, items: { type: string }, max_items: 5 }\n";
    let narrowed_alias = aliased.replacen("max_items: 5 }\n", "max_items: 3 }\n", 1);
    assert_eq!(
        lines(&aliased, &narrowed_alias),
        [
            "Breaking CreateThingReq.tags: max_items 5 → 3 (narrowed)",
            "Breaking Tags: max_items 5 → 3 (narrowed)"
        ]
    );
    // The body's media type changes the request on the wire.
    assert_eq!(
        changes(
            "    body: { type: CreateThingReq }",
            "    content_type: application/merge-patch+json\n    body: { type: CreateThingReq }"
        ),
        ["B CreateThing.content_type: body media type JSON → application/merge-patch+json"]
    );
    // A listed value that takes the name of the variant for unlisted values renames it.
    assert_eq!(
        changes("enum: [FAST, SLOW]", "enum: [FAST, SLOW, UNKNOWN]"),
        [
            "B Mode: variant for unlisted values Unknown → Unlisted",
            "C Mode: enum value UNKNOWN added"
        ]
    );
}
