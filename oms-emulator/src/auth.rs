//! What the API gateway checks before OMS sees a request: an IAM token it knows, or an
//! `SDK-HMAC-SHA256` signature by a known AK/SK made within the allowed clock skew. The
//! signature is verified by the runtime's independent verifier, from the request as it arrived.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use huaweicloud_runtime::test_util::signature::{verify, ReceivedRequest, SignatureError};

use crate::config::Config;
use crate::errors::OmsError;

/// Accepts the request or says why the gateway refuses it (401, `APIGW.0301`).
pub(crate) fn authenticate(config: &Config, request: &ReceivedRequest<'_>) -> Result<(), OmsError> {
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    if let Some(token) = header("x-auth-token") {
        return if config.tokens.iter().any(|t| t == token) {
            Ok(())
        } else {
            Err(OmsError::auth("decrypt token fail"))
        };
    }
    let Some(authorization) = header("authorization") else {
        return Err(OmsError::auth("x-auth-token not found"));
    };
    let ak = authorization
        .split("Access=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_default();
    let Some((_, sk)) = config.access_keys.iter().find(|(k, _)| k == ak) else {
        return Err(OmsError::auth(format!("ak {ak} not exist")));
    };
    match verify(request, ak, sk) {
        Ok(()) => {}
        Err(SignatureError::Missing | SignatureError::Malformed) => {
            return Err(OmsError::auth("the Authorization header is malformed"))
        }
        Err(_) => return Err(OmsError::auth("verify aksk signature fail")),
    }
    let date = header("x-sdk-date").unwrap_or_default();
    let signed = parse_sdk_date(date)
        .ok_or_else(|| OmsError::auth(format!("invalid X-Sdk-Date `{date}`")))?;
    let now = SystemTime::now();
    let skew = now
        .duration_since(signed)
        .or_else(|_| signed.duration_since(now))
        .unwrap_or(Duration::MAX);
    if skew > config.max_clock_skew {
        return Err(OmsError::auth(format!(
            "signature expired, signature time:{date}, server time:{}",
            sdk_date(now)
        )));
    }
    Ok(())
}

/// `YYYYMMDDTHHMMSSZ` (UTC) as a point in time.
fn parse_sdk_date(text: &str) -> Option<SystemTime> {
    let b = text.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        std::str::from_utf8(&b[from..from + len]).ok()?.parse().ok()
    };
    let (year, month, day) = (num(0, 4)?, num(4, 2)?, num(6, 2)?);
    let (hour, minute, second) = (num(9, 2)?, num(11, 2)?, num(13, 2)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let secs = days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second;
    u64::try_from(secs)
        .ok()
        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A point in time as `X-Sdk-Date` writes it.
fn sdk_date(t: SystemTime) -> String {
    let secs = t.duration_since(UNIX_EPOCH).unwrap_or_default().as_secs() as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}T{:02}{:02}{:02}Z",
        rem / 3_600,
        rem % 3_600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_dates_convert_both_ways() {
        let t = parse_sdk_date("20261129T101507Z").unwrap();
        assert_eq!(
            t.duration_since(UNIX_EPOCH).unwrap().as_secs(),
            1_795_947_307
        );
        assert_eq!(sdk_date(t), "20261129T101507Z");
        let leap = parse_sdk_date("20240229T235959Z").unwrap();
        assert_eq!(sdk_date(leap), "20240229T235959Z");
        for bad in [
            "20261129 101507Z",
            "20261329T101507Z",
            "2026112T101507Z",
            "",
        ] {
            assert!(parse_sdk_date(bad).is_none(), "{bad}");
        }
    }
}
