//! Logging in with the admin token and out again.

use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::State as AxumState;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use super::{action_refusal, enabled, html, not_found, pages, redirect};
use crate::http::api::token_matches;
use crate::http::State;

/// The login form.
#[derive(Debug, Deserialize)]
pub(super) struct LoginForm {
    #[serde(default)]
    token: String,
}

/// The logout form.
#[derive(Debug, Deserialize)]
pub(super) struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

/// `POST /admin/login`: the right token starts a session and goes to the overview; a wrong one
/// shows the form again with an error, and nothing else.
pub(super) async fn login(
    AxumState(state): AxumState<Arc<State>>,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let Some(token) = &state.options.admin_token else {
        return not_found();
    };
    let given = form.map(|Form(f)| f.token).unwrap_or_default();
    if !token_matches(given.trim().as_bytes(), token) {
        tracing::info!("admin page: a login with a wrong token");
        return html(
            StatusCode::UNAUTHORIZED,
            pages::login(Some("That is not the admin token.")),
        );
    }
    let cookie = admin.sessions.create();
    tracing::info!("admin page: logged in");
    let mut response = redirect("/admin");
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

/// `POST /admin/logout`: ends the session and clears its cookie.
pub(super) async fn logout(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    form: Result<Form<LogoutForm>, FormRejection>,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let csrf = form.map(|Form(f)| f.csrf).unwrap_or_default();
    if let Some(refused) = action_refusal(admin, &headers, &csrf) {
        return refused;
    }
    let cleared = admin.sessions.end(&headers);
    let mut response = redirect("/admin");
    response.headers_mut().insert(header::SET_COOKIE, cleared);
    response.into_response()
}
