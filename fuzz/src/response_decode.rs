//! `response_decode`: the bytes are a response body. Decoding into generated response types
//! either succeeds (and the value re-encodes as an ASCII JSON body) or is `Error::Decode`;
//! parsing it as an error body always gives a service error with a code. A panic is a bug.

use bytes::Bytes;
use huaweicloud_runtime::decode::{self, RawResponse};
use huaweicloud_runtime::Error;
use oms_client::types::{
    ListSyncTasksResp, ListTaskGroupResp, ListTasksResp, ShowCdnInfoResp, SyncTaskStatisticResp,
};

fn response(status: u16, data: &[u8]) -> RawResponse {
    RawResponse {
        status,
        request_id: Some("fuzz-request-id".into()),
        body: Bytes::copy_from_slice(data),
    }
}

fn decode_as<T: serde::de::DeserializeOwned + serde::Serialize>(data: &[u8]) {
    let r = response(200, data);
    match decode::json::<T>(&r) {
        Ok(value) => {
            let body =
                huaweicloud_runtime::encode::json_body(&value).expect("a decoded value re-encodes");
            assert!(body.is_ascii(), "request bodies are ASCII");
            serde_json::from_slice::<serde_json::Value>(&body).expect("re-encoded body is JSON");
        }
        Err(Error::Decode {
            status,
            request_id,
            excerpt,
            ..
        }) => {
            assert_eq!(status, 200);
            assert_eq!(request_id.as_deref(), Some("fuzz-request-id"));
            assert!(excerpt.chars().count() <= 201, "an excerpt of {excerpt:?}");
        }
        Err(other) => panic!("decoding gave {other:?}, not Error::Decode"),
    }
}

pub fn run(data: &[u8]) {
    decode_as::<ListSyncTasksResp>(data);
    decode_as::<ListTasksResp>(data);
    decode_as::<ListTaskGroupResp>(data);
    decode_as::<SyncTaskStatisticResp>(data);
    decode_as::<ShowCdnInfoResp>(data);
    decode_as::<serde_json::Value>(data);
    let e = decode::service_error(&response(503, data), true);
    assert!(!e.code().is_empty(), "a service error always has a code");
    assert_eq!((e.status, e.retryable), (503, true));
    let shown = e.to_string();
    assert!(shown.contains("HTTP 503"), "{shown}");
}
