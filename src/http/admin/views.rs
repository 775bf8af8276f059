//! The pages: each checks the session, reads the store's `GapsReport` (the `/gaps` object) or
//! the engine's knowledge, and hands it to [`pages`].

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as AxumState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use versus_core::knowledge::Kind;
use versus_discord::command::DEFAULT_GAPS_DAYS;
use versus_store::GapsReport;

use super::pages::{self, SourceRow};
use super::{enabled, html, not_found, page_session, to_login, View};
use crate::http::gaps::MAX_DAYS;
use crate::http::State;

/// The overview's window: a month of questions fits the chart, one bar a day.
const OVERVIEW_DAYS: u32 = 30;

/// The embedded style sheet.
const STYLE: &str = include_str!("style.css");

/// `?days=N` on the Gaps and Feedback pages.
#[derive(Debug, Deserialize)]
pub(super) struct DaysQuery {
    days: Option<String>,
}

impl DaysQuery {
    /// The window asked for, clamped to 1..=MAX_DAYS; the `/gaps` default when absent or not a
    /// number.
    fn days(&self) -> u32 {
        self.days
            .as_deref()
            .and_then(|d| d.trim().parse::<u32>().ok())
            .map_or(DEFAULT_GAPS_DAYS, |d| d.clamp(1, MAX_DAYS))
    }
}

/// What a page shows in place of the store's report.
pub(super) enum Report {
    /// The report.
    Ready(GapsReport),
    /// No store is configured (or it could not be opened).
    NoStore,
    /// The store did not answer.
    Unreadable,
}

/// The report over `days` days, or why there is none.
async fn report(state: &State, days: u32) -> Report {
    let Some(journal) = state.journal() else {
        return Report::NoStore;
    };
    match journal.store().gaps(days).await {
        Ok(r) => Report::Ready(r),
        Err(e) => {
            tracing::warn!(error = %e, "the admin page could not read the store");
            Report::Unreadable
        }
    }
}

/// `GET /admin`: the overview, or the login form without a session.
pub(super) async fn overview(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let Some(view) = page_session(admin, &headers) else {
        return html(StatusCode::OK, pages::login(None));
    };
    let generation = state.app().map(|a| a.engine.brain().generation.number);
    let report = report(&state, OVERVIEW_DAYS).await;
    html(StatusCode::OK, pages::overview(&view, &report, generation))
}

/// `GET /admin/gaps?days=N`: the unanswered groups `/gaps` shows.
pub(super) async fn gaps(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    query: Result<Query<DaysQuery>, QueryRejection>,
) -> Response {
    report_page(&state, &headers, query, pages::gaps).await
}

/// `GET /admin/feedback?days=N`: the answers marked 👎, with what they cited.
pub(super) async fn feedback(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    query: Result<Query<DaysQuery>, QueryRejection>,
) -> Response {
    report_page(&state, &headers, query, pages::feedback).await
}

/// A page drawn from the store's report over `?days=N` (Gaps, Feedback): the same session
/// check, days and report for each, only the drawing differs.
async fn report_page(
    state: &State,
    headers: &HeaderMap,
    query: Result<Query<DaysQuery>, QueryRejection>,
    draw: fn(&View, u32, &Report) -> maud::Markup,
) -> Response {
    let Some(admin) = enabled(state) else {
        return not_found();
    };
    let Some(view) = page_session(admin, headers) else {
        return to_login();
    };
    let days = query.map_or(DEFAULT_GAPS_DAYS, |Query(q)| q.days());
    let report = report(state, days).await;
    html(StatusCode::OK, draw(&view, days, &report))
}

/// `GET /admin/sources`: every source with its entry counts, the generation, the last reindex.
pub(super) async fn sources(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let Some(view) = page_session(admin, &headers) else {
        return to_login();
    };
    let loaded = state.app().map(|app| {
        let brain = app.engine.brain();
        (brain.generation.number, source_rows(brain.knowledge()))
    });
    let last = admin.last_reindex();
    html(
        StatusCode::OK,
        pages::sources(&view, loaded.as_ref(), last.as_ref()),
    )
}

/// Each source of `knowledge` with its entries counted by kind.
fn source_rows(knowledge: &versus_core::knowledge::Knowledge) -> Vec<SourceRow> {
    let mut counts: HashMap<&str, [usize; Kind::ALL.len()]> = HashMap::new();
    for e in &knowledge.entries {
        let kind = Kind::ALL.iter().position(|&k| k == e.kind()).unwrap_or(0);
        counts.entry(e.source.as_str()).or_default()[kind] += 1;
    }
    knowledge
        .sources
        .iter()
        .map(|s| {
            let n = counts.get(s.id.as_str()).copied().unwrap_or_default();
            SourceRow {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s.as_of.clone(),
                entries: n.iter().sum(),
                by_kind: Kind::ALL
                    .iter()
                    .zip(n)
                    .filter(|(_, n)| *n > 0)
                    .map(|(&k, n)| (k, n))
                    .collect(),
            }
        })
        .collect()
}

/// `GET /admin/style.css`: the page's only asset, from the binary (no session needed: it is
/// the same for everyone and says nothing).
pub(super) async fn style(AxumState(state): AxumState<Arc<State>>) -> Response {
    if enabled(&state).is_none() {
        return not_found();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/css; charset=utf-8"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("max-age=3600"),
            ),
        ],
        STYLE,
    )
        .into_response()
}
