//! The page's actions, each a POST with the session's CSRF token: Reindex, and Import in two
//! steps (upload and preview, then apply). They call the engine's reindex and `versus_import`,
//! as `versus reindex`, `versus import`, `/reindex` and `/import` do, off the async workers.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::FormRejection;
use axum::extract::State as AxumState;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use rand::rngs::OsRng;
use rand::RngCore;
use serde::Deserialize;
use versus_core::engine::{ReindexError, ReindexReport};
use versus_core::knowledge::Kind;
use versus_discord::command::{for_users, Observer};
use versus_import::{Format, ImportError, Options};

use super::pages::{self, Preview};
use super::session::Pending;
use super::{action_refusal, enabled, html, leave_notice, not_found, redirect, Notice, View};
use crate::http::State;

/// Form fields of the import upload read at most: the form has four.
const MAX_FIELDS: usize = 8;

/// A form whose only field is the CSRF token.
#[derive(Debug, Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// The apply form: the token and which preview it applies.
#[derive(Debug, Deserialize)]
pub(super) struct ApplyForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    key: String,
}

/// `POST /admin/reindex`: rebuilds the index from faq/ and says how it went on Sources.
pub(super) async fn reindex(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    form: Result<Form<CsrfForm>, FormRejection>,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let csrf = form.map(|Form(f)| f.csrf).unwrap_or_default();
    if let Some(refused) = action_refusal(admin, &headers, &csrf) {
        return refused;
    }
    let notice = match blocking_reindex(&state).await {
        Some(Ok(r)) => Notice::done(format!(
            "Reindexed: generation {} serves {} entries from {} sources.",
            r.generation, r.entries, r.sources
        )),
        Some(Err(e)) => refused_reindex(&e),
        None => Notice::failed("The index is still loading; try again in a moment.", vec![]),
    };
    leave_notice(admin, &headers, notice);
    redirect("/admin/sources")
}

/// Runs the engine's reindex on a blocking thread, counted in the metrics and noted for the
/// Sources page; `None` before the index has loaded.
async fn blocking_reindex(state: &Arc<State>) -> Option<Result<ReindexReport, ReindexError>> {
    let app = state.app()?.clone();
    let work = state.clone();
    let joined = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let result = for_users(app.engine.reindex(), app.engine.faq_dir());
        work.metrics.reindex(&result, started.elapsed());
        result
    })
    .await;
    let result = joined.unwrap_or_else(|e| {
        tracing::error!(error = %e, "admin page: the reindex task failed");
        Err(ReindexError::NoStore)
    });
    state.admin.note_reindex(&result);
    Some(result)
}

/// The notice for a reindex that did not happen.
fn refused_reindex(e: &ReindexError) -> Notice {
    match e {
        ReindexError::Busy => Notice::failed("A reindex is already running.", vec![]),
        ReindexError::Index(versus_core::index::IndexError::Invalid(problems)) => Notice::failed(
            format!(
                "faq/ has {} problem(s); nothing changed and the current knowledge keeps answering.",
                problems.len()
            ),
            problems.iter().map(ToString::to_string).collect(),
        ),
        _ => Notice::failed(
            "The reindex failed; the current knowledge keeps answering.",
            vec![],
        ),
    }
}

/// The upload form's fields.
#[derive(Debug, Default)]
struct Upload {
    csrf: String,
    file_name: String,
    bytes: Vec<u8>,
    id: String,
    force: bool,
}

/// Reads the multipart upload (bounded by the route's body limit and [`MAX_FIELDS`]).
async fn read_upload(mut multipart: Multipart) -> Option<Upload> {
    let mut upload = Upload::default();
    for _ in 0..MAX_FIELDS {
        let Ok(Some(field)) = multipart.next_field().await else {
            break;
        };
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "article" => {
                // The bare name: a browser may send a path, and the importer wants none.
                let file = field.file_name().unwrap_or_default();
                upload.file_name = file.rsplit(['/', '\\']).next().unwrap_or_default().into();
                upload.bytes = field.bytes().await.ok()?.to_vec();
            }
            "csrf" => upload.csrf = field.text().await.ok()?,
            "id" => upload.id = field.text().await.ok()?.trim().to_string(),
            "force" => upload.force = !field.text().await.ok()?.is_empty(),
            _ => {}
        }
    }
    Some(upload)
}

/// `POST /admin/import` (multipart): reads the article and shows what it would add, without
/// writing; the session keeps it for Apply.
pub(super) async fn import_preview(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let upload = match multipart {
        Ok(m) => read_upload(m).await.unwrap_or_default(),
        Err(_) => Upload::default(),
    };
    if let Some(refused) = action_refusal(admin, &headers, &upload.csrf) {
        return refused;
    }
    if upload.bytes.is_empty() || upload.file_name.is_empty() {
        leave_notice(
            admin,
            &headers,
            Notice::failed("Choose an article file to import.", vec![]),
        );
        return redirect("/admin/sources");
    }
    let faq = state
        .app()
        .and_then(|a| a.engine.faq_dir().map(Path::to_path_buf));
    let pending = Pending {
        key: random_key(),
        file_name: upload.file_name,
        bytes: upload.bytes,
        id: upload.id,
        force: upload.force,
    };
    let for_preview = pending.clone();
    let preview = tokio::task::spawn_blocking(move || preview(&for_preview, faq.as_deref()))
        .await
        .unwrap_or_else(|_| Err("The article could not be read.".to_string()));
    let kept = preview.is_ok().then_some(pending);
    let (csrf, key) = admin
        .sessions
        .with(&headers, |s| {
            let key = kept.as_ref().map(|p| p.key.clone());
            s.pending = kept;
            (s.csrf.as_str().to_string(), key)
        })
        .unwrap_or_default();
    let view = View { csrf, notice: None };
    html(
        StatusCode::OK,
        pages::import_preview(&view, &preview, key.as_deref()),
    )
}

/// What the import would add: the same extraction `import_article` runs, nothing written.
fn preview(p: &Pending, faq: Option<&Path>) -> Result<Preview, String> {
    let options = options_of(p);
    let id = versus_import::source_id(&p.file_name, &options).map_err(|e| e.to_string())?;
    let extracted =
        versus_import::extract(&p.bytes, Format::of(&p.file_name)).map_err(|e| e.to_string())?;
    if extracted.drafts.is_empty() {
        return Err(ImportError::NothingFound.to_string());
    }
    let replaces = faq.is_some_and(|f| f.join(format!("{id}.toml")).exists());
    let counts = Kind::ALL
        .iter()
        .map(|&k| (k, extracted.drafts.iter().filter(|d| d.kind() == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    Ok(Preview {
        id,
        file_name: p.file_name.clone(),
        title: extracted.metadata.title,
        publisher: extracted.metadata.publisher,
        date: extracted.metadata.date,
        counts,
        unplaced: extracted.unplaced.len(),
        replaces,
        force: p.force,
    })
}

fn options_of(p: &Pending) -> Options {
    Options {
        id: (!p.id.is_empty()).then(|| p.id.clone()),
        force: p.force,
        ..Options::default()
    }
}

/// `POST /admin/import/apply`: writes the previewed article into faq/ and reindexes.
pub(super) async fn import_apply(
    AxumState(state): AxumState<Arc<State>>,
    headers: HeaderMap,
    form: Result<Form<ApplyForm>, FormRejection>,
) -> Response {
    let Some(admin) = enabled(&state) else {
        return not_found();
    };
    let form = form.map(|Form(f)| f).unwrap_or(ApplyForm {
        csrf: String::new(),
        key: String::new(),
    });
    if let Some(refused) = action_refusal(admin, &headers, &form.csrf) {
        return refused;
    }
    let pending = admin
        .sessions
        .with(&headers, |s| match &s.pending {
            Some(p) if p.key == form.key => s.pending.take(),
            _ => None,
        })
        .flatten();
    let notice = match pending {
        None => Notice::failed(
            "That preview is no longer waiting (applied, or replaced by a newer upload).",
            vec![],
        ),
        Some(p) => apply(&state, p).await,
    };
    leave_notice(admin, &headers, notice);
    redirect("/admin/sources")
}

/// Imports `p` into the engine's faq/ and reindexes, saying how it went.
async fn apply(state: &Arc<State>, p: Pending) -> Notice {
    let Some(faq) = state
        .app()
        .and_then(|a| a.engine.faq_dir().map(Path::to_path_buf))
    else {
        return Notice::failed("This versus has no faq/ to import into.", vec![]);
    };
    let written = tokio::task::spawn_blocking(move || {
        versus_import::import_article(&p.bytes, &p.file_name, &options_of(&p), &faq)
            .map_err(|e| import_refused(&e, &faq))
    })
    .await
    .unwrap_or_else(|_| {
        Err(Notice::failed(
            "The import failed; nothing changed.",
            vec![],
        ))
    });
    let report = match written {
        Ok(r) => r,
        Err(notice) => return notice,
    };
    let added: usize = report.counts.iter().map(|(_, n)| n).sum();
    match blocking_reindex(state).await {
        Some(Ok(r)) => Notice::done(format!(
            "Imported {} ({added} entries); generation {} now serves.",
            report.source, r.generation
        )),
        Some(Err(e)) => {
            let mut n = refused_reindex(&e);
            n.text = format!(
                "Imported {}, but the reindex did not happen: {}",
                report.source, n.text
            );
            n
        }
        None => Notice::failed(
            format!("Imported {}; the index is still loading.", report.source),
            vec![],
        ),
    }
}

/// Why an import wrote nothing, its problems named relative to faq/ (never the server's paths).
fn import_refused(e: &ImportError, faq: &Path) -> Notice {
    let headline = match e {
        ImportError::Exists(_) => {
            "That source already exists; tick \"Replace\" to overwrite it, or give another id."
                .to_string()
        }
        ImportError::Io { .. } => {
            tracing::warn!(error = %e, "admin page: import could not write");
            "The import could not write to faq/; nothing changed.".to_string()
        }
        ImportError::BrokenFaq { problems, .. } => format!(
            "faq/ has {} problem(s) already; fix them first (Reindex lists them).",
            problems.len()
        ),
        other => format!("Import refused: {other}"),
    };
    let lines = match e {
        ImportError::BrokenFaq { problems, .. } | ImportError::Invalid(problems) => problems
            .iter()
            .map(|p| p.relative_to(faq).to_string())
            .collect(),
        other => other.details(),
    };
    Notice::failed(headline, lines)
}

/// A random key naming one upload.
fn random_key() -> String {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
