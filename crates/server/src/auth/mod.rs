//! Authentication: JWTs (issue and verify) and the extractors that turn an `Authorization`
//! header into the user a request acts for.

mod extractor;
mod header;
mod jwt;
mod no_store;
mod secret;

pub use extractor::{AuthRejection, AuthUser, Authenticator, MaybeAuthUser};
pub use header::AuthError;
pub use jwt::{JwtConfig, Session, TokenService};
pub use no_store::no_store;
pub use secret::{JwtSecret, SecretTooShort};
