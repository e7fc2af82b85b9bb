//! Request decoding for servers: routing a path against an operation's template and reading
//! typed parameters and bodies back, with errors that name the parameter.

use huaweicloud_runtime::server::{match_path, FromParam, RequestReader};
use huaweicloud_runtime::{Method, OperationMeta, Problem};

const META: OperationMeta = OperationMeta {
    name: "ShowThing",
    method: Method::Get,
    path: "/v2/{project_id}/things/{thing_id}/parts",
    idempotent: true,
    regions: &[],
    has_output: true,
};

#[test]
fn paths_match_their_template_segment_by_segment_and_decode_parameters() {
    let params = match_path(&META, "/v2/p1/things/a%2Fb%20c/parts").unwrap();
    assert_eq!(
        params,
        [
            ("project_id", "p1".to_string()),
            ("thing_id", "a/b c".to_string())
        ]
    );
    for other in [
        "/v2/p1/things/x",
        "/v2/p1/things/x/parts/more",
        "/v2/p1/widgets/x/parts",
        "/v2//things/x/parts",
        "/v3/p1/things/x/parts",
    ] {
        assert_eq!(match_path(&META, other), None, "{other}");
    }
}

#[test]
fn query_and_header_values_read_as_their_types() {
    let headers = vec![("X-Lang".to_string(), " en ".to_string())];
    let r = RequestReader::new(
        vec![("thing_id", "42".into())],
        "limit=10&tag=a&tag=b%20c&flag=true&empty=",
        &headers,
        b"",
    );
    assert_eq!(r.path_param::<i64>("thing_id").unwrap(), 42);
    assert_eq!(r.query::<i32>("limit").unwrap(), 10);
    assert_eq!(r.query::<Option<i32>>("offset").unwrap(), None);
    assert_eq!(r.query::<Vec<String>>("tag").unwrap(), ["a", "b c"]);
    assert_eq!(r.query::<Option<Vec<String>>>("none").unwrap(), None);
    assert!(r.query::<bool>("flag").unwrap());
    assert_eq!(r.query::<String>("empty").unwrap(), "");
    assert_eq!(r.header::<String>("x-lang").unwrap(), "en");
    assert_eq!(r.header::<Option<String>>("X-Other").unwrap(), None);
}

#[test]
fn missing_and_unparsable_values_name_the_parameter() {
    let headers = vec![];
    let r = RequestReader::new(vec![("thing_id", "x".into())], "limit=ten", &headers, b"");
    let e = r.path_param::<i64>("thing_id").unwrap_err();
    assert_eq!(e.field(), "thing_id");
    assert_eq!(
        e.problem(),
        &Problem::Unparsable {
            expected: <i64 as FromParam>::EXPECTED
        }
    );
    assert_eq!(e.to_string(), "`thing_id` is not an int64");
    let e = r.query::<i32>("limit").unwrap_err();
    assert_eq!(
        (e.field(), e.to_string().as_str()),
        ("limit", "`limit` is not an int32")
    );
    let e = r.query::<i32>("offset").unwrap_err();
    assert_eq!((e.field(), e.problem()), ("offset", &Problem::Missing));
    let e = r.json::<serde_json::Value>().unwrap_err();
    assert_eq!((e.field(), e.problem()), ("body", &Problem::Missing));
    assert_eq!(r.json_opt::<serde_json::Value>().unwrap(), None);
}

#[test]
fn bodies_decode_as_json_or_say_why_not() {
    let headers = vec![];
    let r = RequestReader::new(vec![], "", &headers, br#"{"a": [1, 2]}"#);
    let v: serde_json::Value = r.json().unwrap();
    assert_eq!(v["a"][1], 2);
    let r = RequestReader::new(vec![], "", &headers, b"{\"a\": ");
    let e = r.json::<serde_json::Value>().unwrap_err();
    assert_eq!(e.field(), "body");
    assert!(
        matches!(e.problem(), Problem::InvalidJson { reason } if reason.contains("EOF")),
        "{e}"
    );
}
