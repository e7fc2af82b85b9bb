#!/usr/bin/env python3
# Regenerates tests/data/signing_vectors.json with the OFFICIAL Huawei Cloud Python SDK
# (huaweicloudsdkcore 3.1.219 + huaweicloudsdkoms 3.1.219); signatures come from the SDK's own
# Signer, nothing is re-implemented. Run:
#   python3 -m venv /tmp/hwsdk && /tmp/hwsdk/bin/pip install huaweicloudsdkcore==3.1.219 huaweicloudsdkoms==3.1.219
#   /tmp/hwsdk/bin/python oms-client/tests/data/make_signing_vectors.py [OUTPUT_JSON]
# No network access is made (the requests HTTPAdapter is stubbed); HOME is redirected to a temp dir.
"""Generate SDK-HMAC-SHA256 signing test vectors with the official Huawei Cloud Python SDK.

Drives the real OmsClient request-building path (huaweicloudsdkoms / huaweicloudsdkcore),
with:
  * a fixed signing time (datetime.utcnow patched inside huaweicloudsdkcore.signer.signer),
  * a fixed HttpConfig.user_agent (otherwise the SDK appends OS/python info and a random
    per-machine app id read from/written to ~/.huaweicloud/application_id),
  * the requests HTTPAdapter.send patched to capture the PreparedRequest and return a
    canned 200 response, so nothing goes over the network.
The canonical request / string-to-sign are captured by wrapping the signer's own methods
(the original implementations are called; nothing is re-implemented here).

Usage:  python make_vectors.py [OUTPUT_JSON]   (default: signing_vectors.json next to this script)
"""
import json
import os
import sys
import tempfile

# Keep the SDK away from the real home directory (user_agent / regions.yaml / credentials file).
os.environ["HOME"] = tempfile.mkdtemp(prefix="hwsdk-home-")
for _k in list(os.environ):
    if _k.startswith("HUAWEICLOUD_"):
        del os.environ[_k]

from datetime import datetime  # noqa: E402

import requests  # noqa: E402
from requests.adapters import HTTPAdapter  # noqa: E402

import huaweicloudsdkcore  # noqa: E402
import huaweicloudsdkcore.signer.signer as signer_mod  # noqa: E402
from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.http.http_config import HttpConfig  # noqa: E402
from huaweicloudsdkcore.sdk_request import SdkRequest  # noqa: E402
from huaweicloudsdkoms.v2 import (  # noqa: E402
    OmsClient, StartSyncTaskRequest, StartSyncTaskReq, StopSyncTaskRequest, ListSyncTasksRequest,
)
from huaweicloudsdkoms.v2.region.oms_region import OmsRegion  # noqa: E402

AK = "AKTESTEXAMPLE0000001"
SK = "SKtestexample/secret+key==0000000000000"
PROJECT_ID = "proj123"
SECURITY_TOKEN = "TEMPSECURITYTOKEN+example/0000=="
SYNC_TASK_ID = "0d146099-8cf4-437d-b6ef-88e043771c8b"
FIXED = datetime(2026, 11, 29, 10, 15, 0)  # -> X-Sdk-Date 20261129T101500Z
USER_AGENT_SUFFIX = "oms-client-test-vectors"  # HttpConfig.user_agent


# ---- fixed clock -------------------------------------------------------------------------
class _FixedDatetime(datetime):
    @classmethod
    def utcnow(cls):
        return FIXED


signer_mod.datetime = _FixedDatetime

# ---- capture hooks -----------------------------------------------------------------------
_cap = {}
_Signer = signer_mod.Signer
_orig_sign = _Signer.sign
_orig_creq = _Signer._process_canonical_request
_orig_sts = _Signer._process_string_to_sign


def _sign(self, request):
    _cap["headers_before_signing"] = dict(request.header_params)
    return _orig_sign(self, request)


def _creq(self, request, signed_headers):
    r = _orig_creq(self, request, signed_headers)
    _cap["canonical_request"] = r
    return r


def _sts(self, canonical_request, t, *a):
    r = _orig_sts(self, canonical_request, t, *a)
    _cap["string_to_sign"] = r
    return r


_Signer.sign = _sign
_Signer._process_canonical_request = _creq
_Signer._process_string_to_sign = _sts

_orig_sync = huaweicloudsdkcore.http.http_client.HttpClient.do_request_sync


def _do_request_sync(self, request):
    _cap["sdk_request"] = request
    return _orig_sync(self, request)


huaweicloudsdkcore.http.http_client.HttpClient.do_request_sync = _do_request_sync


def _fake_send(self, prep, **kwargs):
    _cap["prepared"] = prep
    resp = requests.Response()
    resp.status_code = 200
    resp._content = b"{}"
    resp.headers["Content-Type"] = "application/json"
    resp.headers["X-Request-Id"] = "fake"
    resp.url = prep.url
    resp.request = prep
    return resp


HTTPAdapter.send = _fake_send


def make_client(security_token=None):
    cred = BasicCredentials(AK, SK, PROJECT_ID)
    if security_token:
        cred.with_security_token(security_token)
    cfg = HttpConfig.get_default_config()
    cfg.user_agent = USER_AGENT_SUFFIX
    return OmsClient.new_builder() \
        .with_credentials(cred) \
        .with_region(OmsRegion.value_of("cn-north-4")) \
        .with_http_config(cfg) \
        .build()


def _s(b):
    if b is None:
        return ""
    if isinstance(b, bytes):
        return b.decode("utf-8")
    return b


def record(name, description, fn):
    _cap.clear()
    fn()
    req = _cap["sdk_request"]
    prep = _cap["prepared"]
    return {
        "name": name,
        "description": description,
        "method": req.method,
        "url": req.url,
        "headers_before_signing": _cap["headers_before_signing"],
        "headers": dict(req.header_params),
        "body": _s(req.body),
        "canonical_request": _cap["canonical_request"],
        "string_to_sign": _cap["string_to_sign"],
        "wire_url": prep.url,
        "wire_headers": dict(prep.headers),
    }


def record_raw(name, description, sdk_request, credentials):
    """Sign an SdkRequest directly with credentials.sign_request (no client); no HTTP capture."""
    _cap.clear()
    req = credentials.sign_request(sdk_request)
    return {
        "name": name,
        "description": description,
        "method": req.method,
        "url": req.url,
        "headers_before_signing": _cap["headers_before_signing"],
        "headers": dict(req.header_params),
        "body": _s(req.body),
        "canonical_request": _cap["canonical_request"],
        "string_to_sign": _cap["string_to_sign"],
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "signing_vectors.json")
    client = make_client()
    sts_client = make_client(SECURITY_TOKEN)
    vectors = []

    start_body = StartSyncTaskReq(src_ak="a", src_sk="b", dst_ak="c", dst_sk="d")

    vectors.append(record(
        "a_start_sync_task",
        "OmsClient.start_sync_task as the SDK sends it. NOTE: the generated client passes "
        "'application/json;charset=UTF-8' through http_utils.select_header_content_type, which lowercases it.",
        lambda: client.start_sync_task(StartSyncTaskRequest(sync_task_id=SYNC_TASK_ID, body=start_body))))

    vectors.append(record(
        "a2_start_sync_task_content_type_uppercase_utf8",
        "Same as a_start_sync_task but Content-Type overridden (invoker.add_header) to the exact "
        "'application/json;charset=UTF-8'.",
        lambda: client.start_sync_task_invoker(StartSyncTaskRequest(sync_task_id=SYNC_TASK_ID, body=start_body))
        .add_header("Content-Type", "application/json;charset=UTF-8").invoke()))

    vectors.append(record(
        "b_stop_sync_task_no_body",
        "OmsClient.stop_sync_task: POST with no body, Content-Type application/json, empty-payload hash.",
        lambda: client.stop_sync_task(StopSyncTaskRequest(sync_task_id=SYNC_TASK_ID))))

    vectors.append(record(
        "c_list_sync_tasks",
        "OmsClient.list_sync_tasks(limit=10, offset=0, status=SYNCHRONIZING).",
        lambda: client.list_sync_tasks(ListSyncTasksRequest(limit=10, offset=0, status="SYNCHRONIZING"))))

    vectors.append(record(
        "d_query_encoding_repeated_bool",
        "Client.do_http_request GET with query params given in unsorted order: task_name with "
        "space,'/','~','*', a repeated key (tag=z, tag=a), a list value (id=[3,1,2]), a boolean True, "
        "an int, an empty string value and a non-ASCII value. Wire query == canonical query.",
        lambda: client.do_http_request(
            method="GET", resource_path="/v2/{project_id}/tasks",
            query_params=[("task_name", "a b/c~d*"), ("tag", "z"), ("verbose", True), ("tag", "a"),
                          ("limit", 10), ("empty", ""), ("id", [3, 1, 2]), ("name", "数据+x=y&z"),
                          ("skipped_none", None)],
            header_params={"Content-Type": "application/json"},
            response_type="ListTasksResponse")))

    vectors.append(record(
        "e_hostile_path_segment",
        "OmsClient.stop_sync_task with sync_task_id 'a/../b c'. Path param encoded with quote(safe='') "
        "-> 'a%2F..%2Fb%20c' on the wire; the signer UNQUOTES the whole path before splitting on '/', "
        "so the canonical URI contains literal '/../' segments.",
        lambda: client.stop_sync_task(StopSyncTaskRequest(sync_task_id="a/../b c"))))

    vectors.append(record(
        "f_security_token",
        "Temporary credentials: BasicCredentials.with_security_token -> X-Security-Token header, signed.",
        lambda: sts_client.stop_sync_task(StopSyncTaskRequest(sync_task_id=SYNC_TASK_ID))))

    vectors.append(record(
        "g_start_sync_task_non_ascii_body",
        "start_sync_task with non-ASCII and '/' in body values: simplejson.dumps default "
        "(ensure_ascii=True -> \\uXXXX escapes, '/' not escaped, separators ', ' and ': ').",
        lambda: client.start_sync_task(StartSyncTaskRequest(
            sync_task_id=SYNC_TASK_ID,
            body=StartSyncTaskReq(src_ak="ä/x", src_sk="b\"q", dst_ak="c", dst_sk="d",
                                  dst_crypto_type="KMS")))))

    vectors.append(record(
        "h_list_sync_tasks_no_query",
        "GET without query string (url has no '?'); canonical query string is the empty line.",
        lambda: client.list_sync_tasks(ListSyncTasksRequest())))

    vectors.append(record_raw(
        "i_raw_signer_octet_stream_unsigned_payload",
        "Not an OMS call: SdkRequest signed directly by BasicCredentials.sign_request with "
        "Content-Type application/octet-stream -> signer adds 'X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD' "
        "(itself signed) and uses the literal UNSIGNED-PAYLOAD as payload hash.",
        SdkRequest(method="PUT", schema="https", host="oms.cn-north-4.myhuaweicloud.com",
                   resource_path="/v2/proj123/objects/x", query_params=[],
                   header_params={"Content-Type": "application/octet-stream",
                                  "User-Agent": "huaweicloud-usdk-python/3.0; " + USER_AGENT_SUFFIX},
                   body=b"hello"),
        BasicCredentials(AK, SK, PROJECT_ID)))

    vectors.append(record_raw(
        "j_raw_signer_header_edge_cases",
        "Not an OMS call: header names containing '_' are sent but NOT signed; values are strip()ed "
        "(internal spaces kept); names lowercased; host with explicit port; path with trailing slash.",
        SdkRequest(method="GET", schema="https", host="oms.example.com:8443",
                   resource_path="/v2/proj123/sync-tasks/", query_params=[("b", "2"), ("a", "1")],
                   header_params={"Content-Type": "application/json", "X_Custom_Underscore": "skip",
                                  "X-Custom": "  a  b  ", "User-Agent": "ua"},
                   body=None),
        BasicCredentials(AK, SK)))

    # Top-level JSON array. Every vector is self-contained (credentials + date repeated).
    # headers      = SdkRequest.header_params after signing (exactly what is handed to requests).
    # wire_headers = requests PreparedRequest headers (requests adds unsigned Accept-Encoding,
    #                Accept, Connection, Content-Length). Only for vectors driven through OmsClient.
    sdk_versions = "huaweicloudsdkcore %s / huaweicloudsdkoms %s" % (
        _version("huaweicloudsdkcore"), _version("huaweicloudsdkoms"))
    for v in vectors:
        v["ak"] = AK
        v["sk"] = SK
        v["x_sdk_date"] = FIXED.strftime("%Y%m%dT%H%M%SZ")
        v["generated_by"] = sdk_versions
    with open(out, "w", encoding="utf-8") as f:
        json.dump(vectors, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("wrote %d vectors to %s" % (len(vectors), out))


def _version(dist):
    try:
        from importlib.metadata import version
        return version(dist)
    except Exception:
        return "unknown"


if __name__ == "__main__":
    main()
