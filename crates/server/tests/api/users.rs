//! POST /api/users, POST /api/users/login, GET /api/user, PUT /api/user.

use reqwest::StatusCode;
use serde_json::json;

use std::time::Duration;

use crate::helpers::{
    ManualClock, PASSWORD, claims_of, spawn_app, spawn_app_at, spawn_two_instances, token_of,
};

mod register;

mod login;

mod current_user;

mod update;

mod sessions;
