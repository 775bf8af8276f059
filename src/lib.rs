//! versus's transports and wiring: the gateway bot ([`gateway`], serenity), the HTTP server
//! ([`http`], axum), the REST sending both share ([`rest`], [`tasks`]), the typed settings
//! ([`config`]), `/import`'s downloads ([`attachments`]) and the one place a service is built from them ([`startup`]).
//!
//! The answering core is the `versus-core` crate and the Discord protocol the `versus-discord`
//! crate; nothing here decides what an answer says or how a Discord reply looks.

pub mod attachments;
pub mod config;
pub mod gateway;
pub mod http;
pub mod record;
pub mod rest;
pub mod startup;
pub mod tasks;
