use std::sync::Arc;

use axum::extract::FromRef;

use conduit_domain::ports::Clock;
use conduit_domain::services::AccountService;
use conduit_domain::services::ArticleService;
use conduit_domain::services::CommentService;
use conduit_domain::services::ProfileService;

use crate::auth::{Authenticator, TokenService};
use crate::client_address::TrustedProxies;
use crate::live::{Hub, LiveConfig, LiveState, SocketSlots};
use crate::throttle::Throttle;
use crate::validation::Schemas;

/// What every handler may reach: the domain services and the HTTP layer's own helpers.
#[derive(Clone)]
pub struct AppState {
    pub accounts: Arc<AccountService>,
    pub profiles: Arc<ProfileService>,
    pub articles: Arc<ArticleService>,
    pub comments: Arc<CommentService>,
    pub tokens: Arc<TokenService>,
    pub schemas: Arc<Schemas>,
    pub hub: Arc<Hub>,
    pub sockets: Arc<SocketSlots>,
    pub live: LiveConfig,
    pub clock: Arc<dyn Clock>,
    pub throttle: Arc<Throttle>,
    pub trusted_proxies: TrustedProxies,
}

impl FromRef<AppState> for TrustedProxies {
    fn from_ref(state: &AppState) -> Self {
        state.trusted_proxies.clone()
    }
}

impl FromRef<AppState> for Arc<Schemas> {
    fn from_ref(state: &AppState) -> Self {
        state.schemas.clone()
    }
}

impl FromRef<AppState> for Authenticator {
    fn from_ref(state: &AppState) -> Self {
        Authenticator {
            tokens: state.tokens.clone(),
            accounts: state.accounts.clone(),
        }
    }
}

impl FromRef<AppState> for LiveState {
    fn from_ref(state: &AppState) -> Self {
        LiveState {
            hub: state.hub.clone(),
            slots: state.sockets.clone(),
            config: state.live.clone(),
            authenticator: Authenticator::from_ref(state),
            articles: state.articles.clone(),
            clock: state.clock.clone(),
        }
    }
}
