//! The HTTP contract, tested through a real server on a random port with a fresh database and a
//! fresh wiremock `MockServer` (standing in for Pwned Passwords) per test. One test binary, one
//! module per feature, so the suite links once.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod articles;
mod breach_check;
mod cancelled_writes;
mod comments;
mod favorites;
mod helpers;
mod http_contract;
mod limits;
mod live;
mod operations;
mod password_change;
mod profiles;
mod slow_clients;
mod tags;
mod throttling;
mod token_attacks;
mod ui_assets;
mod usernames;
mod users;
