//! The engine itself, free of any browser type: config, events, profile, segments, ranking.
//!
//! Everything here is deterministic: time comes in as an argument (milliseconds since the
//! Unix epoch) and storage is a snapshot string the shell loads and saves.

pub mod attributes;
pub mod condition;
pub mod config;
pub mod datalayer;
pub mod engine;
pub mod error;
pub mod event;
pub mod json;
pub mod num;
pub mod page;
pub mod profile;
pub mod rank;
pub mod regex;
pub mod sort;
pub mod text;
