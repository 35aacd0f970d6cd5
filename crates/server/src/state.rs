use std::sync::Arc;

use conduit_domain::accounts::AccountService;

use crate::auth::TokenService;
use crate::validation::Schemas;

/// What every handler may reach: the domain services and the HTTP layer's own helpers.
#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<AccountService>,
    pub tokens: Arc<TokenService>,
    pub schemas: Arc<Schemas>,
}
