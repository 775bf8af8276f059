//! The integration tests, one binary: each module is one area of the product, run through its
//! real parts (the built `versus` binary, `versus serve` in-process, the real serenity bot
//! against the Discord stand-in in `common::standin`, SQLite and PostgreSQL stores). One binary
//! links the product and `common/` once instead of once per area.

mod common;

mod admin;
mod check;
mod cli;
mod compare;
mod discord;
mod discord_import;
mod discord_rules;
mod edges;
mod eval;
mod follow_ups;
mod fuzz;
mod hostile;
mod http;
mod import;
mod index;
mod knowledge;
mod recording;
mod reliability;
mod shards;
