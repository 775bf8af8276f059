//! The stand-in's REST side: routes classified into [`Endpoint`]s, the bot token checked where
//! Discord checks it, queued faults served first, and answers shaped like Discord's.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::{fixture, Call, Endpoint, Hub, APP_ID, CHANNEL_ID, DM_CHANNEL_BASE, GUILD_ID};

pub(super) fn error_body(status: StatusCode, code: u64, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "message": message, "code": code })),
    )
        .into_response()
}

fn classify(method: &Method, segments: &[&str]) -> Endpoint {
    match (method.as_str(), segments) {
        ("GET", ["gateway"] | ["gateway", "bot"]) => Endpoint::Gateway,
        ("POST", ["interactions", _, _, "callback"]) => Endpoint::Callback,
        ("PATCH", ["webhooks", _, _, "messages", "@original"]) => Endpoint::EditOriginal,
        ("POST", ["webhooks", _, _]) => Endpoint::Followup,
        ("GET" | "PUT", ["applications", _, "commands"])
        | ("GET" | "PUT", ["applications", _, "guilds", _, "commands"]) => Endpoint::Commands,
        ("POST", ["channels", _, "messages"]) => Endpoint::ChannelMessage,
        ("POST", ["users", "@me", "channels"]) => Endpoint::OpenDm,
        ("PUT", ["channels", _, "messages", _, "reactions", _, "@me"]) => Endpoint::Reaction,
        ("GET", ["oauth2", "applications", "@me"]) => Endpoint::Application,
        _ => Endpoint::Other,
    }
}

/// Like Discord: the gateway address and interaction webhooks need no bot token; the
/// recommended shard count (`/gateway/bot`) and everything else does.
fn needs_token(endpoint: Endpoint, segments: &[&str]) -> bool {
    match endpoint {
        Endpoint::Callback | Endpoint::EditOriginal | Endpoint::Followup => false,
        Endpoint::Attachment => false,
        Endpoint::Gateway => segments.len() != 1,
        _ => true,
    }
}

/// Whether a call with this status settles its request (429s and 5xxs are retried).
pub fn settles(status: u16) -> bool {
    status != 429 && status < 500
}

pub(super) async fn rest_call(
    State(hub): State<Arc<Hub>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let at = Instant::now();
    let path = uri.path().to_string();
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let segments: Vec<&str> = path
        .strip_prefix("/api/v10/")
        .unwrap_or("")
        .split('/')
        .collect();
    let endpoint = if method == Method::GET && path.starts_with("/attachments/") {
        Endpoint::Attachment
    } else {
        classify(&method, &segments)
    };
    let authorized = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == format!("Bot {}", hub.options.token));
    let fault = hub.with(|i| {
        i.rest_faults
            .get_mut(&endpoint)
            .and_then(VecDeque::pop_front)
    });
    let response = if let Some(fault) = fault {
        fault.response()
    } else if !authorized && needs_token(endpoint, &segments) {
        error_body(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized")
    } else {
        answer(
            &hub,
            endpoint,
            &method,
            (&path, uri.query()),
            &segments,
            &body,
        )
    };
    let call = Call {
        method: method.to_string(),
        path,
        body,
        endpoint,
        status: response.status().as_u16(),
        at,
    };
    hub.with(|i| {
        if endpoint == Endpoint::Other {
            i.record.unexpected.push(call.clone());
        }
        i.record.calls.push(call);
    });
    response
}

fn answer(
    hub: &Hub,
    endpoint: Endpoint,
    method: &Method,
    (path, query): (&str, Option<&str>),
    segments: &[&str],
    body: &Value,
) -> Response {
    match endpoint {
        Endpoint::Gateway => {
            let mut g = fixture("docs_get_gateway_response.json");
            g["url"] = json!(hub.gateway_url);
            if segments.len() == 2 {
                g["shards"] = json!(hub.options.shards);
                g["session_start_limit"] = json!({
                    "total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1
                });
            }
            axum::Json(g).into_response()
        }
        Endpoint::Callback => {
            let id: u64 = segments[1].parse().unwrap_or(0);
            let token = segments[2];
            let deadline = hub.options.callback_deadline;
            let outcome = hub.with(|i| {
                let Some(p) = i.interactions.get_mut(&id) else {
                    return Err((StatusCode::NOT_FOUND, 10062, "Unknown interaction"));
                };
                if p.token != token {
                    return Err((StatusCode::UNAUTHORIZED, 50027, "Invalid Webhook Token"));
                }
                if p.sent_at.is_none_or(|s| s.elapsed() > deadline) {
                    return Err((StatusCode::NOT_FOUND, 10062, "Unknown interaction"));
                }
                if p.acked {
                    return Err((
                        StatusCode::BAD_REQUEST,
                        40060,
                        "Interaction has already been acknowledged.",
                    ));
                }
                p.acked = true;
                p.ephemeral = body["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0;
                Ok(())
            });
            match outcome {
                Ok(()) => StatusCode::NO_CONTENT.into_response(),
                Err((status, code, message)) => error_body(status, code, message),
            }
        }
        Endpoint::EditOriginal | Endpoint::Followup => {
            let app = segments[1];
            let token = segments[2];
            let found = hub.with(|i| {
                i.interactions
                    .values()
                    .find(|p| p.token == token && p.acked)
                    .map(|p| p.ephemeral)
            });
            match found {
                Some(ephemeral) if app == APP_ID.to_string() => {
                    let mut m = message_json(hub.next_id(), CHANNEL_ID, body);
                    m["webhook_id"] = json!(APP_ID.to_string());
                    m["application_id"] = json!(APP_ID.to_string());
                    if ephemeral {
                        m["flags"] = json!(64);
                    }
                    axum::Json(m).into_response()
                }
                _ => error_body(StatusCode::NOT_FOUND, 10015, "Unknown Webhook"),
            }
        }
        Endpoint::Commands => {
            if *method == Method::PUT {
                if !body.is_array() {
                    return error_body(StatusCode::BAD_REQUEST, 50035, "Invalid Form Body");
                }
                let echo = echo_commands(path, body);
                hub.with(|i| i.commands.insert(path.to_string(), echo.clone()));
                axum::Json(echo).into_response()
            } else {
                let current = hub.with(|i| i.commands.get(path).cloned());
                let mut current = current.unwrap_or_else(|| json!([]));
                // Like Discord: the translations only when asked for.
                if !query.is_some_and(|q| q.split('&').any(|p| p == "with_localizations=true")) {
                    strip_localizations(&mut current);
                }
                axum::Json(current).into_response()
            }
        }
        Endpoint::ChannelMessage => {
            let channel: u64 = segments[1].parse().unwrap_or(0);
            let mut m = message_json(hub.next_id(), channel, body);
            if let Some(r) = body.get("message_reference") {
                m["type"] = json!(19);
                m["message_reference"] = r.clone();
            }
            axum::Json(m).into_response()
        }
        Endpoint::OpenDm => {
            let recipient = body["recipient_id"].as_str().unwrap_or("0").to_string();
            let n = recipient.parse::<u64>().unwrap_or(0) % 1000;
            axum::Json(json!({
                "id": (DM_CHANNEL_BASE + n).to_string(),
                "type": 1,
                "last_message_id": null,
                "flags": 0,
                "recipients": [{
                    "id": recipient,
                    "username": "Mason",
                    "discriminator": "1337",
                    "avatar": null,
                    "global_name": null
                }]
            }))
            .into_response()
        }
        Endpoint::Reaction => StatusCode::NO_CONTENT.into_response(),
        Endpoint::Application => axum::Json(json!({
            "id": APP_ID.to_string(),
            "name": "versus",
            "description": "",
            "bot_public": true,
            "bot_require_code_grant": false,
            "verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
            "flags": 0
        }))
        .into_response(),
        Endpoint::Attachment => match hub.with(|i| i.attachments.get(path).cloned()) {
            // In chunks and without a length, so a client can only tell the size by reading.
            Some(bytes) => {
                let chunks: Vec<Result<Bytes, std::io::Error>> = bytes
                    .chunks(64 * 1024)
                    .map(|c| Ok(Bytes::copy_from_slice(c)))
                    .collect();
                axum::body::Body::from_stream(futures_util::stream::iter(chunks)).into_response()
            }
            None => error_body(StatusCode::NOT_FOUND, 0, "404: Not Found"),
        },
        Endpoint::Other => error_body(StatusCode::NOT_FOUND, 0, "404: Not Found"),
    }
}

/// A message as Discord returns it after a create or an edit: the fixture's message with the
/// bot as author and the posted content and embeds.
fn message_json(id: u64, channel: u64, body: &Value) -> Value {
    let mut m = fixture("synthetic_gateway_message_create.json")["d"].clone();
    let o = m.as_object_mut().unwrap();
    o.remove("guild_id");
    o.remove("member");
    m["id"] = json!(id.to_string());
    m["channel_id"] = json!(channel.to_string());
    m["author"] = bot_user();
    m["content"] = body.get("content").cloned().unwrap_or(json!(""));
    m["embeds"] = body.get("embeds").cloned().unwrap_or(json!([]));
    m["reactions"] = json!([]);
    m
}

fn bot_user() -> Value {
    fixture("synthetic_gateway_ready.json")["d"]["user"].clone()
}

/// Commands without their `*_localizations` maps, as a plain `GET` returns them.
fn strip_localizations(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(strip_localizations),
        Value::Object(o) => {
            o.retain(|k, _| !k.ends_with("_localizations"));
            o.values_mut().for_each(strip_localizations);
        }
        _ => {}
    }
}

/// What Discord stores and echoes for a bulk overwrite at `path`: each command with an id, the
/// application id, a version and Discord's defaults.
pub fn echo_commands(path: &str, body: &Value) -> Value {
    let guild = path.contains("/guilds/");
    let commands = body.as_array().cloned().unwrap_or_default();
    Value::Array(
        commands
            .into_iter()
            .enumerate()
            .map(|(n, mut c)| {
                c["id"] = json!(format!("{}", 1_200_000_000_000_000_000u64 + n as u64));
                c["application_id"] = json!(APP_ID.to_string());
                c["version"] = json!("1300000000000000001");
                c["type"] = json!(c["type"].as_u64().unwrap_or(1));
                c["nsfw"] = json!(false);
                if c.get("default_member_permissions").is_none() {
                    c["default_member_permissions"] = Value::Null;
                }
                if guild {
                    c["guild_id"] = json!(GUILD_ID.to_string());
                    // Guild commands have no DM setting; Discord drops it.
                    c.as_object_mut().unwrap().remove("dm_permission");
                } else if c.get("dm_permission").is_none() {
                    c["dm_permission"] = json!(true);
                }
                c
            })
            .collect(),
    )
}
