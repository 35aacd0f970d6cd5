//! Accounts: registration, login, profile updates and the revocation check every authenticated
//! request makes.

mod breach_policy;
mod service;

pub use breach_policy::BreachPolicy;
pub use service::{AccountService, ProfileUpdate, Registration};

#[cfg(test)]
mod tests;

#[cfg(test)]
mod session_tests;
