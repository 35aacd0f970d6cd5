//! Profiles: a user as others see them, and following.

mod profile;

pub use profile::Profile;
