//! The operations' behaviour, one module per resource.

pub(crate) mod catalog;
pub(crate) mod sync_tasks;
pub(crate) mod task_groups;
pub(crate) mod tasks;

/// One page of `items`: `limit` (default 10, as the service) from `offset` (default 0), and
/// how many there are in all.
pub(crate) fn page<T>(items: &[T], offset: Option<i32>, limit: Option<i32>) -> (&[T], i64) {
    let start = usize::try_from(offset.unwrap_or(0))
        .unwrap_or(0)
        .min(items.len());
    let take = usize::try_from(limit.unwrap_or(10)).unwrap_or(0);
    let end = start.saturating_add(take).min(items.len());
    (&items[start..end], items.len() as i64)
}
