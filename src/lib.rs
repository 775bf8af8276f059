//! versus: answers "TensorFlow or PyTorch for X?" with a verdict and the quotes behind it.
//!
//! The answering core (`knowledge`, `index`, `engine`) knows nothing of Discord or HTTP;
//! `render` turns an [`engine::Answer`] into text, JSON or embeds, and the transports call it:
//! [`commands`] is the one command layer, and [`discord`] the gateway bot around it.

pub mod commands;
pub mod config;
pub mod discord;
pub mod engine;
pub mod eval;
pub mod gen;
pub mod http;
pub mod import;
pub mod index;
pub mod knowledge;
pub mod render;
pub mod retry;
