//! Articles: create, read, list and filter, feed, update, delete.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, slug_of, slugs, spawn_app};

fn is_timestamp(value: &Value) -> bool {
    let text = value.as_str().unwrap_or_default();
    // 2016-02-18T03:22:56.637Z
    text.len() == 24 && text.ends_with('Z') && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

mod create;

mod read;

mod list;

mod feed;

mod update;

mod delete;
