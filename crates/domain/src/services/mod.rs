//! The application's rules, one service per feature, each reaching storage, hashing, the
//! breached-password service, the clock and the event stream only through the ports. Services sit
//! above the entities and the ports, so neither of those ever imports a service.

pub mod accounts;
pub mod articles;
pub mod comments;
pub mod profiles;

pub use accounts::{AccountService, BreachPolicy, ProfileUpdate, Registration};
pub use articles::{ArticleDraft, ArticlePorts, ArticleService};
pub use comments::CommentService;
pub use profiles::ProfileService;
