//! `GET /api/gaps?days=N` with the admin bearer token: the store's `/gaps` report as JSON, the
//! same object `versus gaps --json` prints.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State as AxumState};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use versus_discord::command::DEFAULT_GAPS_DAYS;

use super::api::{authorized, unauthorized};
use super::{error, not_found, State};

/// The longest window accepted: ten years, past any retention.
pub(super) const MAX_DAYS: u32 = 3650;

/// The query of `GET /api/gaps`.
#[derive(Debug, Deserialize)]
pub(super) struct GapsQuery {
    days: Option<u32>,
}

/// The handler: 404 without an admin token, 401 with a wrong one, 503 without a store.
pub(super) async fn gaps(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    query: Result<Query<GapsQuery>, QueryRejection>,
) -> Response {
    let Some(token) = &state.options.admin_token else {
        return not_found();
    };
    if !authorized(&headers, token) {
        return unauthorized();
    }
    let days = match query {
        Ok(Query(GapsQuery { days: None })) => DEFAULT_GAPS_DAYS,
        Ok(Query(GapsQuery { days: Some(d) })) if (1..=MAX_DAYS).contains(&d) => d,
        _ => {
            return error(
                StatusCode::BAD_REQUEST,
                &format!("`days` must be a whole number from 1 to {MAX_DAYS}"),
            )
        }
    };
    let Some(journal) = state.journal() else {
        return error(
            StatusCode::SERVICE_UNAVAILABLE,
            "the question log is off: no store is open",
        );
    };
    match journal.store().gaps(days).await {
        Ok(report) => Json(report).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "/api/gaps could not read the store");
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "cannot read the question log just now",
            )
        }
    }
}
