//! The JSON API: the same objects as `versus ask --json`, `compare --json` and
//! `sources --json`, plus an admin-only reindex behind a bearer token.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State as AxumState};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::{body_error, error, guarded, loading, not_found, State};
use versus_core::engine::{ReindexError, ReindexReport};
use versus_core::index::IndexError;
use versus_core::l10n::Locale;
use versus_discord::command::{for_users, Observer};
use versus_discord::components::AnswerKey;
use versus_discord::follow_up;
use versus_discord::journal::{Asked, Origin};

use crate::config::Secret;

/// The body of `POST /api/ask`.
#[derive(Debug, Deserialize)]
struct AskRequest {
    question: String,
    /// The language of versus's own words (`es`, `fr`, `de`, `pt-BR`, `en`, or a regional tag
    /// such as `es-ES`); absent: the question's own language.
    #[serde(default)]
    locale: Option<String>,
    /// The `id` of an earlier answer of this API that the question follows up ("and for
    /// mobile?"): within `follow_up_secs` it is read as continuing that question.
    #[serde(default)]
    follow_up_of: Option<String>,
}

/// An answer with the id it was given: the object `versus ask --json` prints, plus `id`.
#[derive(Debug, Serialize)]
struct Identified<'a> {
    /// The answer's id: what `follow_up_of` names (and the question log keys by).
    id: &'a str,
    #[serde(flatten)]
    answer: &'a versus_core::engine::Answer,
}

/// `POST /api/ask {"question": "...", "locale": "de"?, "follow_up_of": "<id>"?}`: the answer
/// as `versus ask --json` prints it (its `language` says which language its words are in),
/// plus its `id`.
pub(super) async fn ask(
    AxumState(state): AxumState<Arc<State>>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return body_error(r),
    };
    let request: AskRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return bad_json(&e),
    };
    let locale = match request.locale.as_deref().map(Locale::from_tag) {
        None => None,
        Some(Some(l)) => Some(l),
        Some(None) => {
            return error(
                StatusCode::BAD_REQUEST,
                "unsupported `locale`: use en, es, fr, de or pt-BR",
            )
        }
    };
    let Some(app) = state.app() else {
        return loading();
    };
    // An id that is malformed, unknown or past the window asks afresh: the answer says what
    // it was read as, and a follow-up that lost its context is still a question.
    let prior = request
        .follow_up_of
        .as_deref()
        .and_then(AnswerKey::parse)
        .and_then(|id| app.follow_ups.prior_answer(&id));
    // Off the async workers: a question shaped to be slow must not stall /healthz.
    let engine = app.engine.clone();
    let answered = state
        .workers
        .run(move || {
            let started = Instant::now();
            let prior = prior.as_deref();
            let answer = follow_up::answer(&engine, &request.question, prior, locale);
            let elapsed = started.elapsed();
            let context = engine.follow_up_context(&request.question, prior);
            (answer, elapsed, context)
        })
        .await;
    match answered {
        Ok((answer, elapsed, context)) => {
            state.metrics.answer(&answer, elapsed);
            let answer_id = AnswerKey::generate();
            app.follow_ups.remember(None, &answer_id, &context, &answer);
            if let Some(journal) = &app.journal {
                journal.asked(&Asked {
                    origin: Origin::HttpApi,
                    guild_id: None,
                    question: &answer.question,
                    answer: &answer,
                    answer_id: &answer_id,
                });
            }
            let identified = Identified {
                id: answer_id.as_str(),
                answer: &answer,
            };
            json_sized(&identified, ANSWER_BYTES)
        }
        Err(panicked) => panicked.into_response(),
    }
}

/// A typical answer's size in JSON (2–4 KB): room for it up front, where axum's `Json` starts
/// at 128 bytes and copies its way up.
const ANSWER_BYTES: usize = 4096;

/// `value` as a JSON response, serialized into a buffer of `capacity` bytes to start with.
fn json_sized<T: Serialize>(value: &T, capacity: usize) -> Response {
    let mut body = Vec::with_capacity(capacity);
    match serde_json::to_writer(&mut body, value) {
        Ok(()) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot serialize a response");
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal error")
        }
    }
}

/// The query of `GET /api/compare`.
#[derive(Debug, Deserialize)]
pub(super) struct CompareQuery {
    feature: Option<String>,
}

/// `GET /api/compare?feature=...`: every source's row, as `versus compare --json` prints it.
pub(super) async fn compare(
    AxumState(state): AxumState<Arc<State>>,
    query: Result<Query<CompareQuery>, QueryRejection>,
) -> Response {
    let feature = match query {
        Ok(Query(CompareQuery {
            feature: Some(feature),
        })) => feature,
        Ok(_) => return error(StatusCode::BAD_REQUEST, "missing query parameter `feature`"),
        Err(_) => return error(StatusCode::BAD_REQUEST, "malformed query string"),
    };
    let Some(app) = state.app() else {
        return loading();
    };
    let engine = app.engine.clone();
    match state.workers.run(move || engine.compare(&feature)).await {
        Ok(c) => Json(c).into_response(),
        Err(panicked) => panicked.into_response(),
    }
}

/// `GET /api/sources`: the sources, as `versus sources --json` prints them.
pub(super) async fn sources(AxumState(state): AxumState<Arc<State>>) -> Response {
    let Some(app) = state.app() else {
        return loading();
    };
    match guarded(|| app.engine.sources()) {
        Ok(s) => Json(s).into_response(),
        Err(panicked) => panicked.into_response(),
    }
}

/// What a successful reindex reports.
#[derive(Debug, Serialize)]
struct Reindexed {
    generation: u64,
    entries: usize,
    sources: usize,
    counts: BTreeMap<&'static str, usize>,
    elapsed_ms: f64,
}

impl From<&ReindexReport> for Reindexed {
    fn from(r: &ReindexReport) -> Reindexed {
        Reindexed {
            generation: r.generation,
            entries: r.entries,
            sources: r.sources,
            counts: r.counts.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
            elapsed_ms: r.elapsed.as_secs_f64() * 1000.0,
        }
    }
}

/// `POST /api/reindex` with `Authorization: Bearer <VERSUS_ADMIN_TOKEN>`: the same atomic
/// rebuild as `/reindex`. Absent (404) when no token is configured.
pub(super) async fn reindex(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = &state.options.admin_token else {
        return not_found();
    };
    if !authorized(&headers, token) {
        let mut response = error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return response;
    }
    let Some(app) = state.app().cloned() else {
        return loading();
    };
    let work_state = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        guarded(|| {
            let started = Instant::now();
            let result = app.engine.reindex();
            work_state.metrics.reindex(&result, started.elapsed());
            result
        })
    })
    .await;
    let result = match outcome {
        Ok(Ok(result)) => result,
        Ok(Err(panicked)) => return panicked.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "reindex task failed");
            return error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let result = for_users(result, app_faq(&state).as_deref());
    state.admin.note_reindex(&result);
    reindex_response(result)
}

/// The faq/ directory the app reindexes from.
fn app_faq(state: &State) -> Option<std::path::PathBuf> {
    state.app()?.engine.faq_dir().map(Into::into)
}

/// The reply to a reindex: the counts (200), the problems (422), already running (409).
fn reindex_response(result: Result<ReindexReport, ReindexError>) -> Response {
    match result {
        Ok(report) => {
            tracing::info!(generation = report.generation, "reindexed over HTTP");
            Json(Reindexed::from(&report)).into_response()
        }
        Err(ReindexError::Busy) => error(StatusCode::CONFLICT, "a reindex is already running"),
        Err(ReindexError::Index(IndexError::Invalid(problems))) => {
            let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
            let body = json!({
                "error": format!(
                    "faq/ has {} problem(s); nothing changed and the current knowledge keeps answering",
                    problems.len()
                ),
                "problems": problems,
            });
            (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "reindex failed");
            error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the reindex failed; the current knowledge keeps answering",
            )
        }
    }
}

/// Whether the request carries `Authorization: Bearer <token>`.
pub(super) fn authorized(headers: &HeaderMap, token: &Secret) -> bool {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return false;
    };
    let value = value.as_bytes();
    let Some(scheme) = value.get(..7) else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case(b"bearer ") {
        return false;
    }
    token_matches(value[7..].trim_ascii(), token)
}

/// Whether `given` is the admin token. Both sides are hashed first so the comparison takes the
/// same time whatever the lengths and contents.
pub(super) fn token_matches(given: &[u8], token: &Secret) -> bool {
    let given = Sha256::digest(given);
    let wanted = Sha256::digest(token.expose().as_bytes());
    given.ct_eq(&wanted).into()
}

/// The 401 for a missing or wrong admin token.
pub(super) fn unauthorized() -> Response {
    let mut response = error(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn bad_json(e: &serde_json::Error) -> Response {
    let reason: String = e.to_string().chars().take(160).collect();
    error(
        StatusCode::BAD_REQUEST,
        &format!("malformed JSON: {reason}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        h
    }

    #[tokio::test]
    async fn a_reindex_already_running_is_a_409() {
        let response = reindex_response(Err(ReindexError::Busy));
        assert_eq!(response.status(), StatusCode::CONFLICT);
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap();
        assert_eq!(&body[..], br#"{"error":"a reindex is already running"}"#);
    }

    #[test]
    fn only_the_exact_bearer_token_is_authorized() {
        let token = Secret::new("s3cret-token");
        assert!(authorized(&headers("Bearer s3cret-token"), &token));
        assert!(authorized(&headers("bearer s3cret-token"), &token));
        let refused = [
            "Bearer s3cret-tokeN",
            "Bearer s3cret-token2",
            "Bearer ",
            "Basic s3cret-token",
            "s3cret-token",
            "Bearer",
        ];
        for value in refused {
            assert!(!authorized(&headers(value), &token), "{value}");
        }
        assert!(!authorized(&HeaderMap::new(), &token));
    }
}
