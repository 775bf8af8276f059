//! The answering core of versus: a question in, a cited [`engine::Answer`] out.
//!
//! Owns the knowledge (`faq/` as typed entries, validated with file:line problems), the tantivy
//! index and its generations, the engine, the plain-text and JSON renderings and the eval
//! harness. It must not know Discord, HTTP or any async runtime: its dependency list (no tokio,
//! serenity, axum, hyper or reqwest) is what proves it.

pub mod engine;
pub mod eval;
pub mod index;
pub mod knowledge;
pub mod l10n;
pub mod render;
