//! Everything that is not a task: API versions, and the questions OMS answers about source and
//! destination buckets, answered from a fixed catalog (there is no other cloud to ask).

use oms_client::operations::{
    check_prefix::CheckPrefixInput,
    check_url_source_list_file_format::CheckUrlSourceListFileFormatInput,
    list_api_versions::ListApiVersionsInput, show_api_info::ShowApiInfoInput,
    show_bucket_list::ShowBucketListInput, show_bucket_objects::ShowBucketObjectsInput,
    show_bucket_region::ShowBucketRegionInput, show_cdn_info::ShowCdnInfoInput,
    show_cloud_type::ShowCloudTypeInput, show_region_info::ShowRegionInfoInput,
    update_privacy_agreement_record::UpdatePrivacyAgreementRecordInput,
};
use oms_client::types::{
    ApiVersionStatus, CheckPrefixResp, CheckedKey, CloudSide, Link, ListApiVersionsResp,
    RegionInfo, ShowBucketRecord, ShowBucketRegionResp, ShowBucketResp, ShowCdnInfoResp,
    ShowRegionInfoResp, Version,
};

use crate::errors::OmsError;
use crate::routes::{Answer, Ctx, Reply};

/// The buckets every source account has.
const BUCKETS: &[&str] = &["emulator-source", "emulator-logs", "emulator-archive"];

fn version() -> Version {
    let mut link = Link::default();
    link.href = Some("https://oms.emulator.local/v2/".into());
    link.rel = Some("self".into());
    let mut v = Version::default();
    v.id = Some("v2".into());
    v.status = Some(ApiVersionStatus::Current);
    v.updated = Some("2024-03-20T00:00:00Z".into());
    v.links = Some(vec![link]);
    v
}

pub(crate) fn api_versions(_: &mut Ctx<'_>, _: ListApiVersionsInput) -> Reply {
    let mut out = ListApiVersionsResp::default();
    out.versions = Some(vec![version()]);
    Ok(Answer::json(&out))
}

pub(crate) fn api_info(_: &mut Ctx<'_>, input: ShowApiInfoInput) -> Reply {
    if input.version != "v2" {
        return Err(OmsError::new(
            404,
            crate::errors::codes::NO_SUCH_API,
            "The API does not exist or has not been published in the environment.",
        ));
    }
    Ok(Answer::json(&version()))
}

pub(crate) fn bucket_list(_: &mut Ctx<'_>, _: ShowBucketListInput) -> Reply {
    let names: Vec<String> = BUCKETS.iter().map(|b| b.to_string()).collect();
    Ok(Answer::json(&names))
}

pub(crate) fn bucket_objects(_: &mut Ctx<'_>, input: ShowBucketObjectsInput) -> Reply {
    let body = input.body;
    let prefix = body.file_path.trim_start_matches('/');
    let names = (0..5).map(|i| format!("{prefix}object-{i}.bin"));
    let records: Vec<ShowBucketRecord> = names
        .filter(|n| n.as_str() > body.behind_filename.as_str())
        .take(usize::try_from(body.page_size).unwrap_or(0))
        .map(|name| {
            let mut r = ShowBucketRecord::default();
            r.name = Some(name);
            r.size = Some("1048576".into());
            r
        })
        .collect();
    let mut out = ShowBucketResp::default();
    out.next_page = Some(false);
    out.records = Some(records);
    Ok(Answer::json(&out))
}

pub(crate) fn bucket_region(_: &mut Ctx<'_>, input: ShowBucketRegionInput) -> Reply {
    let mut out = ShowBucketRegionResp::default();
    out.id = Some("cn-north-4".into());
    out.name = Some(format!("{} (CN North-Beijing4)", input.body.bucket_name));
    out.support = Some(true);
    Ok(Answer::json(&out))
}

pub(crate) fn check_prefix(_: &mut Ctx<'_>, input: CheckPrefixInput) -> Reply {
    let mut out = CheckPrefixResp::default();
    out.exist = Some(BUCKETS.contains(&input.body.bucket_name.as_str()));
    Ok(Answer::json(&out))
}

pub(crate) fn check_url_list(_: &mut Ctx<'_>, _: CheckUrlSourceListFileFormatInput) -> Reply {
    Ok(Answer::Empty)
}

pub(crate) fn cdn_info(_: &mut Ctx<'_>, input: ShowCdnInfoInput) -> Reply {
    let keys = input.body.prefix.map(|p| p.keys).unwrap_or_default();
    let mut out = ShowCdnInfoResp::default();
    out.is_same_cloud_type = Some(true);
    out.is_download_available = Some(true);
    out.checked_keys = Some(
        keys.into_iter()
            .map(|key| {
                let mut k = CheckedKey::default();
                k.key = Some(key);
                k.is_etag_matching = Some(true);
                k.is_object_existing = Some(true);
                k
            })
            .collect(),
    );
    Ok(Answer::json(&out))
}

pub(crate) fn cloud_types(_: &mut Ctx<'_>, input: ShowCloudTypeInput) -> Reply {
    let types: &[&str] = match input.side {
        CloudSide::Dst => &["HuaweiCloud"],
        _ => &[
            "AWS",
            "Aliyun",
            "Tencent",
            "HuaweiCloud",
            "Azure",
            "Google",
            "URLSource",
        ],
    };
    Ok(Answer::json(&types))
}

pub(crate) fn region_info(_: &mut Ctx<'_>, _: ShowRegionInfoInput) -> Reply {
    let mut region = RegionInfo::default();
    region.cloud_type = Some("HuaweiCloud".into());
    region.value = Some("cn-north-4".into());
    region.description = Some("CN North-Beijing4".into());
    let mut out = ShowRegionInfoResp::default();
    out.service_name = Some("HuaweiCloud".into());
    out.region_list = Some(vec![region]);
    Ok(Answer::json(&vec![out]))
}

pub(crate) fn privacy_agreement(_: &mut Ctx<'_>, _: UpdatePrivacyAgreementRecordInput) -> Reply {
    Ok(Answer::Empty)
}
