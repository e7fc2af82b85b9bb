//! Offset/limit paging as a stream, on its own: the generated `into_stream` methods are thin
//! wrappers around it (and are tested against a loopback server in oms-client).

use futures_util::StreamExt;
use huaweicloud_runtime::{Error, Problem};

#[tokio::test]
async fn paging_past_the_maximum_offset_is_an_error_not_a_silent_end() {
    let stream = huaweicloud_runtime::paginate::offset_stream(
        "ListThings",
        0,
        2,
        Some(3),
        |offset, limit| async move {
            Ok::<_, Error>(((offset..offset + limit).collect::<Vec<i64>>(), Some(100)))
        },
    );
    let items: Vec<Result<i64, Error>> = stream.collect().await;
    let ok: Vec<i64> = items
        .iter()
        .filter_map(|r| r.as_ref().ok().copied())
        .collect();
    assert_eq!(ok, [0, 1, 2, 3]);
    assert!(matches!(
        items.last(),
        Some(Err(Error::PageLimit {
            count: 100,
            max_offset: 3,
            ..
        }))
    ));
}

#[tokio::test]
async fn a_page_value_beyond_the_parameter_type_is_an_input_error() {
    let offset = huaweicloud_runtime::paginate::to_param::<i32>("offset", i64::from(i32::MAX) + 1);
    match offset {
        Err(Error::Validation(e)) => {
            assert_eq!(e.field(), "offset");
            assert_eq!(
                e.problem(),
                &Problem::AboveMaximum {
                    maximum: i64::from(i32::MAX)
                }
            );
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    assert_eq!(
        huaweicloud_runtime::paginate::to_param::<i32>("limit", 100).unwrap(),
        100
    );
}
