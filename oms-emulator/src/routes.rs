//! Which operation a request is: every OMS v2 operation, routed by the method and path template
//! of its generated input type, decoded into that type and validated with its own `validate()`,
//! exactly as the client checks it, before the handler sees it.

use huaweicloud_runtime::server::{match_path, Decode, RequestReader};
use huaweicloud_runtime::{Operation, OperationMeta};
use oms_client::operations::*;

use crate::config::Config;
use crate::errors::OmsError;
use crate::handlers::{catalog, sync_tasks, task_groups, tasks};
use crate::state::Project;

/// What a handler works with: the project's state, brought up to `now`.
pub(crate) struct Ctx<'a> {
    pub(crate) project: &'a mut Project,
    pub(crate) now: u64,
    pub(crate) config: &'a Config,
}

/// A success answer: no body, or a JSON body.
#[derive(Debug)]
pub(crate) enum Answer {
    Empty,
    Json(Vec<u8>),
}

impl Answer {
    /// The value as the service encodes it.
    pub(crate) fn json<T: serde::Serialize>(value: &T) -> Answer {
        Answer::Json(serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec()))
    }
}

pub(crate) type Reply = Result<Answer, OmsError>;

type Run = Box<dyn Fn(&mut Ctx<'_>, &RequestReader<'_>) -> Reply + Send + Sync>;

/// One operation: its template and its handler.
pub(crate) struct Route {
    pub(crate) meta: OperationMeta,
    run: Run,
}

impl Route {
    /// Decodes, validates and handles a request routed here.
    pub(crate) fn handle(&self, ctx: &mut Ctx<'_>, request: &RequestReader<'_>) -> Reply {
        (self.run)(ctx, request)
    }

    /// Literal path segments: more of them make a route more specific
    /// (`/tasks/batch-update` before `/tasks/{task_id}`).
    fn literals(&self) -> usize {
        self.meta
            .path
            .split('/')
            .filter(|s| !s.is_empty() && !s.starts_with('{'))
            .count()
    }
}

fn route<I: Operation + Decode>(handler: fn(&mut Ctx<'_>, I) -> Reply) -> Route {
    Route {
        meta: I::META,
        run: Box::new(move |ctx, request| {
            let input = I::decode(request).map_err(OmsError::invalid)?;
            input.validate().map_err(OmsError::invalid)?;
            handler(ctx, input)
        }),
    }
}

/// Every operation of the spec, most specific templates first.
pub(crate) struct Routes(Vec<Route>);

impl Routes {
    pub(crate) fn new() -> Routes {
        let mut routes = vec![
            route::<create_task::CreateTaskInput>(tasks::create),
            route::<list_tasks::ListTasksInput>(tasks::list),
            route::<show_task::ShowTaskInput>(tasks::show),
            route::<delete_task::DeleteTaskInput>(tasks::delete),
            route::<start_task::StartTaskInput>(tasks::start),
            route::<stop_task::StopTaskInput>(tasks::stop),
            route::<update_bandwidth_policy::UpdateBandwidthPolicyInput>(tasks::update_bandwidth),
            route::<batch_update_tasks::BatchUpdateTasksInput>(tasks::batch_update),
            route::<create_task_group::CreateTaskGroupInput>(task_groups::create),
            route::<list_task_group::ListTaskGroupInput>(task_groups::list),
            route::<show_task_group::ShowTaskGroupInput>(task_groups::show),
            route::<delete_task_group::DeleteTaskGroupInput>(task_groups::delete),
            route::<start_task_group::StartTaskGroupInput>(task_groups::start),
            route::<stop_task_group::StopTaskGroupInput>(task_groups::stop),
            route::<retry_task_group::RetryTaskGroupInput>(task_groups::retry),
            route::<update_task_group::UpdateTaskGroupInput>(task_groups::update),
            route::<create_sync_task::CreateSyncTaskInput>(sync_tasks::create),
            route::<list_sync_tasks::ListSyncTasksInput>(sync_tasks::list),
            route::<show_sync_task::ShowSyncTaskInput>(sync_tasks::show),
            route::<delete_sync_task::DeleteSyncTaskInput>(sync_tasks::delete),
            route::<start_sync_task::StartSyncTaskInput>(sync_tasks::start),
            route::<stop_sync_task::StopSyncTaskInput>(sync_tasks::stop),
            route::<create_sync_events::CreateSyncEventsInput>(sync_tasks::events),
            route::<list_sync_task_statistic::ListSyncTaskStatisticInput>(sync_tasks::statistics),
            route::<list_api_versions::ListApiVersionsInput>(catalog::api_versions),
            route::<show_api_info::ShowApiInfoInput>(catalog::api_info),
            route::<show_bucket_list::ShowBucketListInput>(catalog::bucket_list),
            route::<show_bucket_objects::ShowBucketObjectsInput>(catalog::bucket_objects),
            route::<show_bucket_region::ShowBucketRegionInput>(catalog::bucket_region),
            route::<check_prefix::CheckPrefixInput>(catalog::check_prefix),
            route::<check_url_source_list_file_format::CheckUrlSourceListFileFormatInput>(
                catalog::check_url_list,
            ),
            route::<show_cdn_info::ShowCdnInfoInput>(catalog::cdn_info),
            route::<show_cloud_type::ShowCloudTypeInput>(catalog::cloud_types),
            route::<show_region_info::ShowRegionInfoInput>(catalog::region_info),
            route::<update_privacy_agreement_record::UpdatePrivacyAgreementRecordInput>(
                catalog::privacy_agreement,
            ),
        ];
        routes.sort_by_key(|r| std::cmp::Reverse(r.literals()));
        Routes(routes)
    }

    /// The route of `method` and `path`, with the path's parameters.
    pub(crate) fn find<'r>(
        &'r self,
        method: &str,
        path: &str,
    ) -> Option<(&'r Route, Vec<(&'r str, String)>)> {
        self.0
            .iter()
            .filter(|r| r.meta.method.as_str() == method)
            .find_map(|r| match_path(&r.meta, path).map(|params| (r, params)))
    }

    /// How many operations are routed.
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}
