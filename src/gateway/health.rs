//! The bot's health for a supervisor (Kubernetes, systemd): `GET /healthz` is 200 when every
//! shard of this process is connected and the index is loaded, 503 naming what is missing
//! otherwise; `GET /metrics` has the families of `versus serve` (from the same
//! [`Metrics`]) plus each shard's connection, heartbeat latency and reconnects.
//!
//! Whether a shard is connected is read from serenity's shard manager at each request (its
//! runners record their stage as they change it), so the answer never lags behind the
//! connection the way counting events would.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use serenity::gateway::{ConnectionStage, ShardManager};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use versus_discord::command::App;

use super::shards::ShardRange;
use crate::http::metrics::{self, header as family};
use crate::http::Metrics;

/// What one shard is doing now.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShardStatus {
    /// The shard id.
    pub id: u32,
    /// Connected and past READY or RESUMED.
    pub connected: bool,
    /// The last heartbeat's round trip, once one was acknowledged.
    pub latency_secs: Option<f64>,
    /// Times the shard came back after being connected (READY again, or RESUMED).
    pub reconnects: u64,
}

/// The gateway's side of health: the shard range, serenity's shard manager, and counts the
/// event handler keeps. Shared by the handler and the health server.
#[derive(Debug, Default)]
pub struct GatewayHealth {
    range: OnceLock<ShardRange>,
    manager: OnceLock<Arc<ShardManager>>,
    app: OnceLock<Arc<App>>,
    /// Per shard: sessions started (READYs) and resumes.
    sessions: Mutex<BTreeMap<u32, (u64, u64)>>,
    /// The answer and request counters, as `versus serve` keeps them.
    pub metrics: Metrics,
}

impl GatewayHealth {
    /// Records the shards this process runs (once known: autosharding asks Discord first).
    pub fn set_range(&self, range: ShardRange) {
        let _ = self.range.set(range);
    }

    /// Records serenity's shard manager, where connection stages and latencies are read.
    pub fn set_manager(&self, manager: Arc<ShardManager>) {
        let _ = self.manager.set(manager);
    }

    /// Records the loaded app; until then `/healthz` says the index is loading.
    pub fn install(&self, app: Arc<App>) {
        let _ = self.app.set(app);
    }

    /// A READY arrived on `shard`.
    pub fn ready(&self, shard: u32) {
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        s.entry(shard).or_default().0 += 1;
    }

    /// A RESUMED arrived on `shard`.
    pub fn resumed(&self, shard: u32) {
        let mut s = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        s.entry(shard).or_default().1 += 1;
    }

    /// The status of every shard of the range (none before the range is known).
    pub async fn shards(&self) -> Vec<ShardStatus> {
        let Some(range) = self.range.get() else {
            return Vec::new();
        };
        let mut stages = BTreeMap::new();
        if let Some(manager) = self.manager.get() {
            for (id, info) in manager.runners.lock().await.iter() {
                stages.insert(id.0, (info.stage, info.latency));
            }
        }
        let sessions = self
            .sessions
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        range
            .ids()
            .map(|id| {
                let (stage, latency) = stages
                    .get(&id)
                    .copied()
                    .unwrap_or((ConnectionStage::Disconnected, None));
                let (readies, resumes) = sessions.get(&id).copied().unwrap_or_default();
                ShardStatus {
                    id,
                    connected: stage == ConnectionStage::Connected,
                    latency_secs: latency.map(|d| d.as_secs_f64()),
                    reconnects: readies.saturating_sub(1) + resumes,
                }
            })
            .collect()
    }

    fn generation(&self) -> Option<u64> {
        self.app.get().map(|a| a.engine.brain().generation.number)
    }
}

/// A running health server.
pub struct HealthServer {
    /// Where it listens.
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<std::io::Result<()>>,
}

impl HealthServer {
    /// Serves `health` on `listener` until stopped or dropped.
    pub fn start(
        listener: TcpListener,
        health: Arc<GatewayHealth>,
    ) -> std::io::Result<HealthServer> {
        let addr = listener.local_addr()?;
        tracing::info!("bot health on http://{addr}/healthz and /metrics");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, router(health))
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
        });
        Ok(HealthServer {
            addr,
            stop: Some(stop),
            task,
        })
    }

    /// Stops serving and waits for the server to finish.
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for HealthServer {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// `/healthz` and `/metrics`, requests counted as `versus serve` counts them.
pub fn router(health: Arc<GatewayHealth>) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .layer(middleware::from_fn_with_state(health.clone(), count))
        .with_state(health)
}

async fn count(State(health): State<Arc<GatewayHealth>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string());
    let response = next.run(request).await;
    health.metrics.request(
        metrics::route_index(route.as_deref()),
        response.status().as_u16(),
    );
    response
}

/// `GET /healthz`: 200 with the generation when every shard is connected and the index is
/// loaded; 503 with the shard ids not connected (and whether the index is loaded) otherwise.
async fn healthz(State(health): State<Arc<GatewayHealth>>) -> Response {
    let shards = health.shards().await;
    let missing: Vec<u32> = shards
        .iter()
        .filter(|s| !s.connected)
        .map(|s| s.id)
        .collect();
    let generation = health.generation();
    let range = health.range.get().copied();
    let healthy = generation.is_some() && range.is_some() && missing.is_empty();
    let body = json!({
        "status": if healthy { "ok" } else if generation.is_none() { "loading" } else { "degraded" },
        "generation": generation,
        "shards": range.map(|r| json!({ "first": r.first, "last": r.last, "total": r.total })),
        "missing_shards": missing,
    });
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// `GET /metrics`: `versus serve`'s families, then the per-shard ones.
async fn metrics_text(State(health): State<Arc<GatewayHealth>>) -> Response {
    let mut out = health.metrics.render(health.generation());
    render_shards(&mut out, &health.shards().await);
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        out,
    )
        .into_response()
}

/// Appends the per-shard families.
fn render_shards(out: &mut String, shards: &[ShardStatus]) {
    family(
        out,
        "versus_gateway_shard_connected",
        "gauge",
        "1 while the shard is connected to the Discord gateway.",
    );
    for s in shards {
        let _ = writeln!(
            out,
            "versus_gateway_shard_connected{{shard=\"{}\"}} {}",
            s.id,
            u8::from(s.connected)
        );
    }
    family(
        out,
        "versus_gateway_latency_seconds",
        "gauge",
        "Round trip of the shard's last acknowledged heartbeat.",
    );
    for s in shards {
        if let Some(l) = s.latency_secs {
            let _ = writeln!(
                out,
                "versus_gateway_latency_seconds{{shard=\"{}\"}} {l}",
                s.id
            );
        }
    }
    family(
        out,
        "versus_gateway_reconnects_total",
        "counter",
        "Times the shard came back after a lost connection (resumed or identified again).",
    );
    for s in shards {
        let _ = writeln!(
            out,
            "versus_gateway_reconnects_total{{shard=\"{}\"}} {}",
            s.id, s.reconnects
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_families_have_a_sample_per_shard() {
        let shards = [
            ShardStatus {
                id: 0,
                connected: true,
                latency_secs: Some(0.042),
                reconnects: 0,
            },
            ShardStatus {
                id: 1,
                connected: false,
                latency_secs: None,
                reconnects: 3,
            },
        ];
        let mut out = String::new();
        render_shards(&mut out, &shards);
        assert!(
            out.contains("versus_gateway_shard_connected{shard=\"0\"} 1"),
            "{out}"
        );
        assert!(
            out.contains("versus_gateway_shard_connected{shard=\"1\"} 0"),
            "{out}"
        );
        assert!(
            out.contains("versus_gateway_latency_seconds{shard=\"0\"} 0.042"),
            "{out}"
        );
        assert!(
            !out.contains("versus_gateway_latency_seconds{shard=\"1\"}"),
            "{out}"
        );
        assert!(
            out.contains("versus_gateway_reconnects_total{shard=\"1\"} 3"),
            "{out}"
        );
        for line in out.lines() {
            assert!(
                line.starts_with("# ") || line.starts_with("versus_gateway_"),
                "{line}"
            );
        }
    }

    #[tokio::test]
    async fn before_the_range_is_known_no_shard_is_reported() {
        let health = GatewayHealth::default();
        assert!(health.shards().await.is_empty());
        health.set_range(ShardRange::all(2));
        health.ready(1);
        health.ready(1);
        health.resumed(1);
        let shards = health.shards().await;
        assert_eq!(shards.len(), 2);
        assert!(
            shards.iter().all(|s| !s.connected),
            "no manager: nothing connected"
        );
        assert_eq!(shards[1].reconnects, 2);
    }
}
