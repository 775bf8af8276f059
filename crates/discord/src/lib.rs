//! The Discord protocol versus speaks, shared by both transports (the gateway bot and the HTTP
//! interactions endpoint): the command table and the one command layer ([`command`]),
//! interaction and message parsing ([`interaction`], [`message`]), typed callbacks
//! ([`callback`]), embeds within Discord's limits ([`view`], [`validate`]), the REST retry
//! policy ([`retry`]), `DISCORD_API_BASE` ([`api_base`]), and `/import`: the attachment rules
//! and the download trait ([`attachment`]), the command itself ([`import`]); Discord's numeric
//! codes as enums ([`wire`]).
//!
//! Plain values in, plain values out: no serenity, no HTTP client or server, no async runtime.
//! The transports in the binary own the connections and call this (and download `/import`'s
//! attachment for it, through [`attachment::Attachments`]).

pub mod api_base;
pub mod attachment;
pub mod callback;
pub mod command;
pub mod components;
pub mod follow_up;
pub mod gaps_view;
pub mod help_pointer;
pub mod import;
pub mod interaction;
pub mod journal;
pub mod message;
pub mod retry;
pub mod validate;
pub mod view;
pub mod wire;
