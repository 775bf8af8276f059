//! The stand-in's gateway: HELLO, IDENTIFY → READY, RESUME → RESUMED, heartbeat ACKs, then
//! each shard's queued dispatches and faults, filtered by the identified intents as Discord does.

use std::sync::Arc;
use std::time::Instant;

use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::net::TcpStream;
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::Message as Frame;

use super::{
    fixture, GatewayFault, Hub, Out, Session, BOT_ID, INTENT_DIRECT_MESSAGES,
    INTENT_GUILD_MESSAGES, INTENT_MESSAGE_CONTENT,
};

fn frame(v: &Value) -> Frame {
    Frame::Text(v.to_string())
}

pub(super) async fn connection(hub: Arc<Hub>, stream: TcpStream) {
    let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
        return;
    };
    let (mut sink, mut source) = ws.split();
    let (tx, mut rx) = mpsc::unbounded_channel::<Out>();
    let conn = hub.with(|i| {
        i.record.connections += 1;
        i.record.connections as u64
    });
    // A held connection is open but silent, as a gateway that stopped answering.
    loop {
        let released = hub.changed.notified();
        // Read without `with`, which would wake this very waiter and spin.
        if !hub.inner.lock().unwrap_or_else(|p| p.into_inner()).held {
            break;
        }
        released.await;
    }
    let mut hello = fixture("docs_gateway_hello.json");
    hello["d"]["heartbeat_interval"] = json!(hub.options.heartbeat_interval.as_millis() as u64);
    if sink.send(frame(&hello)).await.is_err() {
        return;
    }
    // The shard this connection serves, once it identified or resumed.
    let mut shard: Option<u32> = None;
    // Set once this connection was told to reconnect: nothing more is dispatched on it.
    let mut closing = false;
    loop {
        tokio::select! {
            incoming = source.next() => {
                let text = match incoming {
                    Some(Ok(Frame::Text(t))) => t,
                    Some(Ok(Frame::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue,
                };
                let Ok(msg) = serde_json::from_str::<Value>(&text) else { continue };
                match msg["op"].as_u64() {
                    Some(1) => {
                        hub.with(|i| i.record.heartbeats += 1);
                        if sink.send(frame(&json!({ "op": 11 }))).await.is_err() {
                            break;
                        }
                    }
                    Some(2) => {
                        if let Err(code) = identify(&hub, &msg["d"]) {
                            let _ = sink.send(Frame::Close(Some(CloseFrame {
                                code: CloseCode::from(code),
                                reason: "refused by the stand-in".into(),
                            }))).await;
                            break;
                        }
                        let id = msg["d"]["shard"][0].as_u64().unwrap_or(0) as u32;
                        shard = Some(id);
                        let session = format!("standin-session-{conn}");
                        let mut ready = fixture("synthetic_gateway_ready.json");
                        ready["d"]["session_id"] = json!(session);
                        ready["d"]["resume_gateway_url"] = json!(hub.gateway_url);
                        ready["d"]["shard"] = msg["d"]["shard"].clone();
                        ready["s"] = json!(1);
                        hub.with(|i| {
                            i.sessions.insert(id, Session { id: session, seq: 1, sent: Vec::new() });
                        });
                        if sink.send(frame(&ready)).await.is_err() {
                            break;
                        }
                        go_live(&hub, id, conn, &tx);
                        hub.with(|i| {
                            i.record.readies += 1;
                            i.record.ready_shards.push(id);
                        });
                    }
                    Some(6) => {
                        let wanted = msg["d"]["session_id"].as_str().unwrap_or("");
                        let resumed_shard = hub.with(|i| {
                            i.sessions.iter().find(|(_, s)| s.id == wanted).map(|(&k, _)| k)
                        });
                        if let Some(id) = resumed_shard {
                            shard = Some(id);
                            // Like Discord: the events the client missed, in order, then RESUMED.
                            let after = msg["d"]["seq"].as_u64().unwrap_or(0);
                            let missed: Vec<Value> = hub.with(|i| {
                                i.sessions[&id].sent.iter().filter(|(s, _)| *s > after).map(|(_, f)| f.clone()).collect()
                            });
                            let mut failed = false;
                            for f in &missed {
                                failed |= sink.send(frame(f)).await.is_err();
                            }
                            let s = hub.with(|i| {
                                let session = i.sessions.entry(id).or_default();
                                session.seq += 1;
                                session.seq
                            });
                            let resumed = json!({ "op": 0, "t": "RESUMED", "s": s, "d": {} });
                            if failed || sink.send(frame(&resumed)).await.is_err() {
                                break;
                            }
                            go_live(&hub, id, conn, &tx);
                            hub.with(|i| i.record.resumes += 1);
                        } else if sink.send(frame(&json!({ "op": 9, "d": false }))).await.is_err() {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            out = rx.recv() => {
                let Some(out) = out else { break };
                // Only a live connection receives: it has a shard.
                let id = shard.unwrap_or(0);
                match out {
                    Out::Dispatch { t, d, interaction } => {
                        if closing {
                            // Discord sends nothing more on a connection it told to go away.
                            hub.with(|i| i.pending.entry(id).or_default().push_back(Out::Dispatch { t, d, interaction }));
                            continue;
                        }
                        let Some(d) = deliverable(&hub, &t, d) else { continue };
                        let payload = hub.with(|i| {
                            let session = i.sessions.entry(id).or_default();
                            session.seq += 1;
                            let p = json!({ "op": 0, "t": t, "s": session.seq, "d": d });
                            session.sent.push((session.seq, p.clone()));
                            p
                        });
                        // Stamped before the write: the bot may answer before the write returns.
                        if let Some(id) = interaction {
                            hub.with(|i| {
                                if let Some(p) = i.interactions.get_mut(&id) {
                                    p.sent_at = Some(Instant::now());
                                }
                            });
                        }
                        if sink.send(frame(&payload)).await.is_err() {
                            break;
                        }
                    }
                    Out::Fault(GatewayFault::Drop) => break,
                    Out::Fault(GatewayFault::Close(code)) => {
                        let _ = sink.send(Frame::Close(Some(CloseFrame {
                            code: CloseCode::from(code),
                            reason: "closed by the stand-in".into(),
                        }))).await;
                        break;
                    }
                    Out::Fault(GatewayFault::Reconnect) => {
                        closing = true;
                        hub.with(|i| i.live.remove(&id));
                        if sink.send(frame(&json!({ "op": 7, "d": null }))).await.is_err() {
                            break;
                        }
                    }
                    Out::Fault(GatewayFault::InvalidSession { resumable }) => {
                        closing = true;
                        hub.with(|i| {
                            i.live.remove(&id);
                            if !resumable {
                                i.sessions.remove(&id);
                            }
                        });
                        if sink.send(frame(&json!({ "op": 9, "d": resumable }))).await.is_err() {
                            break;
                        }
                    }
                }
            }
        }
    }
    // Whatever this connection had not sent waits for the next one of its shard, in order.
    rx.close();
    let Some(id) = shard else { return };
    hub.with(|i| {
        if i.live.get(&id).is_some_and(|(c, _)| *c == conn) {
            i.live.remove(&id);
        }
        let mut left = Vec::new();
        while let Ok(out) = rx.try_recv() {
            if matches!(out, Out::Dispatch { .. }) {
                left.push(out);
            }
        }
        let pending = i.pending.entry(id).or_default();
        for out in left.into_iter().rev() {
            pending.push_front(out);
        }
    });
    // Dropping both halves closes the TCP connection (without a close frame for `Drop`).
}

/// Checks an IDENTIFY like Discord: the token, MESSAGE_CONTENT only when approved, and the
/// scripted refusal (4011) when there is one.
fn identify(hub: &Hub, d: &Value) -> Result<(), u16> {
    let token = d["token"].as_str().unwrap_or("");
    let token_ok = token.strip_prefix("Bot ").unwrap_or(token) == hub.options.token;
    let intents = d["intents"].as_u64().unwrap_or(0);
    let mut seen = d.clone();
    seen["token"] = json!(if token_ok { "<ok>" } else { "<wrong>" });
    let refusal = if !token_ok {
        Some(4004)
    } else if intents & INTENT_MESSAGE_CONTENT != 0 && !hub.options.approve_message_content {
        Some(4014)
    } else {
        hub.options.refuse_identify
    };
    hub.with(|i| {
        i.record.identifies.push(seen);
        i.intents = intents;
        if let Some(code) = refusal {
            i.record.refusals.push(code);
        }
    });
    refusal.map_or(Ok(()), Err)
}

/// Makes `conn` the live connection of `shard` and hands it whatever was waiting.
fn go_live(hub: &Hub, shard: u32, conn: u64, tx: &mpsc::UnboundedSender<Out>) {
    hub.with(|i| {
        if let Some(pending) = i.pending.get_mut(&shard) {
            while let Some(out) = pending.pop_front() {
                let _ = tx.send(out);
            }
        }
        i.live.insert(shard, (conn, tx.clone()));
    });
}

/// What Discord would deliver of a dispatch under the identified intents: guild messages need
/// GUILD_MESSAGES, DMs DIRECT_MESSAGES, and without MESSAGE_CONTENT a guild message that does
/// not mention the bot arrives with its content blanked.
fn deliverable(hub: &Hub, t: &str, mut d: Value) -> Option<Value> {
    if t != "MESSAGE_CREATE" {
        return Some(d);
    }
    let intents = hub.with(|i| i.intents);
    let in_guild = d.get("guild_id").is_some_and(|g| !g.is_null());
    let needed = if in_guild {
        INTENT_GUILD_MESSAGES
    } else {
        INTENT_DIRECT_MESSAGES
    };
    if intents & needed == 0 {
        return None;
    }
    let mentions_bot = d["mentions"]
        .as_array()
        .is_some_and(|m| m.iter().any(|u| u["id"] == json!(BOT_ID.to_string())));
    if in_guild && !mentions_bot && intents & INTENT_MESSAGE_CONTENT == 0 {
        d["content"] = json!("");
        d["embeds"] = json!([]);
        d["attachments"] = json!([]);
    }
    Some(d)
}
