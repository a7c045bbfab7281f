//! The engine itself, free of any browser type: config, program, events, profile, attributes,
//! conditions, segments, ranking.
//!
//! Everything here is deterministic: time comes in as an argument (milliseconds since the
//! Unix epoch) and storage is a snapshot string the shell loads and saves.
//!
//! How the modules depend on each other (no cycles): [`json`], [`num`], [`text`], [`sort`], [`gather`],
//! [`intern`], [`parts`] and [`error`] are plain helpers; [`item`] and [`event`] describe
//! products and events; [`profile`] is the visitor's data and knows only those; [`condition`]
//! compiles and evaluates conditions; [`attributes`] computes attribute values from a profile;
//! [`program`] is the compiled config (slots, conditions, strategies) and [`config`] builds it
//! from JSON; [`rank`] orders items; [`engine`] joins a program and a profile.

pub mod attributes;
pub mod condition;
pub mod config;
pub mod datalayer;
pub mod engine;
pub mod error;
pub mod event;
pub mod gather;
pub mod intern;
pub mod item;
pub mod json;
pub mod keymap;
pub mod num;
pub mod page;
pub mod parts;
pub mod profile;
pub mod program;
pub mod rank;
pub mod regex;
pub mod sort;
pub mod text;
