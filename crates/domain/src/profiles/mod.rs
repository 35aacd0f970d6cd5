//! Profiles: a user as others see them, and following.

mod profile;
mod service;

pub use profile::Profile;
pub use service::ProfileService;

#[cfg(test)]
mod tests;
