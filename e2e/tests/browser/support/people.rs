//! The people most journeys need: someone who writes, and someone who reads.

use super::app::Account;

pub const AUTHOR: Account = Account {
    username: "ada",
    email: "ada@example.com",
    password: "ada writes every morning",
};

pub const READER: Account = Account {
    username: "ben",
    email: "ben@example.com",
    password: "ben reads every evening",
};
