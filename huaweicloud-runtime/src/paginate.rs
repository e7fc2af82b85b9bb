//! Offset/limit paging as a `Stream` of items, used by generated `into_stream` methods.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::stream;
pub use futures_util::stream::Stream;

use crate::validate::{Problem, ValidationError};
use crate::Error;

/// Narrows a paging value (`offset` or `limit`) to the parameter's integer type. Offsets and
/// limits are small by the spec's bounds; a value that does not fit is a validation error
/// naming the parameter, never a silent wrap.
pub fn to_param<T: TryFrom<i64> + Into<i64> + Bounded>(field: &str, v: i64) -> Result<T, Error> {
    T::try_from(v).map_err(|_| {
        ValidationError::new(
            field,
            Problem::AboveMaximum {
                maximum: T::MAX_I64,
            },
        )
        .into()
    })
}

/// An integer type a paging parameter can have.
pub trait Bounded {
    /// Its largest value.
    const MAX_I64: i64;
}

impl Bounded for i32 {
    const MAX_I64: i64 = i32::MAX as i64;
}

impl Bounded for i64 {
    const MAX_I64: i64 = i64::MAX;
}

struct Pager<F, T> {
    operation: &'static str,
    fetch: F,
    offset: i64,
    page_size: i64,
    max_offset: Option<i64>,
    items: VecDeque<T>,
    pending_error: Option<Error>,
    done: bool,
}

/// Yields every item from `start`, fetching `page_size` items at a time with
/// `fetch(offset, limit)`, which returns one page and the total count the service reports.
///
/// Stops at the count (or, when none is reported, at an empty or short page). When the count
/// lies beyond `max_offset`, the items that could be fetched are yielded, then
/// [`Error::PageLimit`]: better than ending silently short.
pub fn offset_stream<T, F, Fut>(
    operation: &'static str,
    start: i64,
    page_size: i64,
    max_offset: Option<i64>,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<i64>), Error>>,
{
    let pager = Pager {
        operation,
        fetch,
        offset: start.max(0),
        page_size: page_size.max(1),
        max_offset,
        items: VecDeque::new(),
        pending_error: None,
        done: false,
    };
    stream::unfold(pager, |mut p| async move {
        loop {
            if let Some(item) = p.items.pop_front() {
                return Some((Ok(item), p));
            }
            if let Some(e) = p.pending_error.take() {
                return Some((Err(e), p));
            }
            if p.done {
                return None;
            }
            match (p.fetch)(p.offset, p.page_size).await {
                Err(e) => {
                    p.done = true;
                    return Some((Err(e), p));
                }
                Ok((mut page, count)) => {
                    // Never past the reported count, even if a page holds more.
                    if let Some(c) = count {
                        let room = usize::try_from(c.saturating_sub(p.offset)).unwrap_or(0);
                        page.truncate(room);
                    }
                    let got = page.len() as i64;
                    p.offset += got;
                    p.items.extend(page);
                    let finished = match count {
                        Some(c) => got == 0 || p.offset >= c,
                        None => got < p.page_size,
                    };
                    if finished {
                        p.done = true;
                    } else if let Some(max) = p.max_offset.filter(|m| p.offset > *m) {
                        p.done = true;
                        p.pending_error = Some(Error::PageLimit {
                            operation: p.operation,
                            count: count.unwrap_or(p.offset),
                            max_offset: max,
                        });
                    }
                }
            }
        }
    })
}
