//! One WebSocket connection from upgrade to close: client messages in, hub messages out, pings
//! to find dead peers, and the token's expiry or revocation ending the session.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, close_code};
use conduit_domain::values::Slug;
use conduit_domain::{DomainError, Entity, ErrorChain};
use futures::{SinkExt, StreamExt};
use tokio::time::{Instant, MissedTickBehavior};

use super::LiveState;
use super::close::close_for;
use super::hub::Membership;
use super::limits::MessageLimiter;
use super::protocol::{ClientMessage, ServerMessage};
use crate::auth::AuthUser;
use crate::socket_slots::Slot;

/// RFC 6455 has no code for "you read too slowly"; 1013 (try again later) is the closest.
const TRY_AGAIN_LATER: u16 = 1013;

struct Session {
    state: LiveState,
    membership: Membership,
    viewer: Option<AuthUser>,
    /// Only an anonymous connection's first message, within the deadline, may authenticate.
    may_authenticate: bool,
    auth_deadline: Instant,
}

enum Step {
    Continue,
    Reply(Box<ServerMessage>),
    Close(u16, &'static str),
}

/// `_slot` is the socket's place in the caps, held until the session ends, however it ends.
pub async fn run(socket: WebSocket, state: LiveState, viewer: Option<AuthUser>, _slot: Slot) {
    let (mut sink, mut stream) = socket.split();
    let ping_interval = state.config.ping_interval;
    let limiter = MessageLimiter::new(state.config.message_rate, state.clock.clone());
    let mut session = Session {
        membership: state.hub.join(viewer.as_ref().map(|viewer| viewer.user.id)),
        may_authenticate: viewer.is_none(),
        auth_deadline: Instant::now() + state.config.auth_deadline,
        viewer,
        state,
    };
    let ready = ServerMessage::Ready {
        username: session
            .viewer
            .as_ref()
            .map(|viewer| viewer.user.username.as_str().to_owned()),
    };
    if send(
        &mut sink,
        Message::Text(Utf8Bytes::from(ready.to_json())),
        ping_interval,
    )
    .await
    .is_err()
    {
        return;
    }
    let mut pings = tokio::time::interval_at(Instant::now() + ping_interval, ping_interval);
    pings.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut last_heard = Instant::now();

    let (code, reason) = loop {
        let expiry = session.expiry();
        let step = tokio::select! {
            incoming = stream.next() => match incoming {
                None | Some(Ok(Message::Close(_))) => return,
                Some(Err(error)) => match close_for(error) {
                    Some((code, reason)) => Step::Close(code, reason),
                    None => return,
                },
                // Every frame counts, pings too: each costs the server a read and most a reply.
                Some(Ok(_)) if !limiter.allows_one() => Step::Close(close_code::POLICY, "too many messages"),
                Some(Ok(message)) => {
                    last_heard = Instant::now();
                    session.receive(message).await
                }
            },
            queued = session.membership.inbox.recv() => match queued {
                Some(text) => {
                    if send(&mut sink, Message::Text(Utf8Bytes::from(&*text)), ping_interval).await.is_err() {
                        return;
                    }
                    Step::Continue
                }
                None => Step::Close(TRY_AGAIN_LATER, "fell behind"),
            },
            _ = pings.tick() => {
                if last_heard.elapsed() > ping_interval * 2 {
                    // No pong for two intervals: the peer is gone; nobody is left to read a close.
                    return;
                }
                if send(&mut sink, Message::Ping(Default::default()), ping_interval).await.is_err() {
                    return;
                }
                session.still_authorised().await
            },
            // An anonymous reader has no token to run out: the branch is off.
            () = tokio::time::sleep_until(expiry.unwrap_or_else(Instant::now)), if expiry.is_some() => {
                Step::Close(close_code::POLICY, "token expired")
            }
        };
        match step {
            Step::Continue => {}
            Step::Reply(message) => {
                let text = Message::Text(Utf8Bytes::from(message.to_json()));
                if send(&mut sink, text, ping_interval).await.is_err() {
                    return;
                }
            }
            Step::Close(code, reason) => break (code, reason),
        }
    };
    let frame = CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    };
    if send(&mut sink, Message::Close(Some(frame)), ping_interval)
        .await
        .is_ok()
    {
        // The closing handshake: read on until the peer's own close frame. Hanging up on
        // unread data would make the kernel reset the connection, and the peer could lose our
        // close frame with it.
        let peer_closed = async {
            while let Some(Ok(message)) = stream.next().await {
                if let Message::Close(_) = message {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(ping_interval, peer_closed).await;
    }
}

/// A send that cannot hang on a peer that stopped reading.
async fn send(
    sink: &mut futures::stream::SplitSink<WebSocket, Message>,
    message: Message,
    within: Duration,
) -> Result<(), ()> {
    match tokio::time::timeout(within, sink.send(message)).await {
        Ok(Ok(())) => Ok(()),
        _ => Err(()),
    }
}

impl Session {
    /// When the session must end: the token's expiry, or `None` for an anonymous reader, whose
    /// session ends only when a connection's other limits end it. Read from the injected clock
    /// at every turn of the session, so the deadline follows it.
    fn expiry(&self) -> Option<Instant> {
        let viewer = self.viewer.as_ref()?;
        let remaining = (viewer.expires_at - self.state.clock.now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        Some(Instant::now() + remaining)
    }

    fn expired(&self) -> bool {
        self.viewer
            .as_ref()
            .is_some_and(|viewer| viewer.expires_at <= self.state.clock.now())
    }

    /// A password change made by another session since the upgrade revokes the token, and so
    /// the session.
    async fn still_authorised(&self) -> Step {
        let Some(viewer) = &self.viewer else {
            return Step::Continue;
        };
        match self
            .state
            .authenticator
            .accounts
            .authenticate(viewer.user.id, &viewer.session)
            .await
        {
            Ok(_) => Step::Continue,
            Err(DomainError::Unauthenticated) => Step::Close(close_code::POLICY, "token revoked"),
            Err(error) => {
                let error = ErrorChain(&error);
                tracing::warn!(%error, "could not re-check a live session's token");
                Step::Continue
            }
        }
    }

    async fn receive(&mut self, message: Message) -> Step {
        // A message that arrives as the token runs out is not served on its authority.
        if self.expired() {
            return Step::Close(close_code::POLICY, "token expired");
        }
        let first_message = std::mem::replace(&mut self.may_authenticate, false);
        let text = match message {
            Message::Text(text) => text,
            Message::Binary(_) => return error("binary messages are not supported"),
            Message::Ping(_) | Message::Pong(_) | Message::Close(_) => {
                self.may_authenticate = first_message;
                return Step::Continue;
            }
        };
        let Ok(message) = serde_json::from_str::<ClientMessage>(text.as_str()) else {
            return error("messages are JSON objects with a known \"type\"");
        };
        match message {
            ClientMessage::Auth { token } => {
                if !first_message || !in_time(Instant::now(), self.auth_deadline) {
                    return Step::Close(
                        close_code::POLICY,
                        "auth must be the first message, sent promptly",
                    );
                }
                match self.state.authenticator.authenticate(&token).await {
                    Ok(viewer) => {
                        self.state
                            .hub
                            .authenticate(self.membership.id, viewer.user.id);
                        let username = viewer.user.username.as_str().to_owned();
                        self.viewer = Some(viewer);
                        Step::Reply(Box::new(ServerMessage::Authenticated { username }))
                    }
                    Err(_) => Step::Close(close_code::POLICY, "invalid token"),
                }
            }
            ClientMessage::Subscribe { article } => {
                let found = match Slug::parse(&article) {
                    Ok(slug) => self.state.articles.get(&slug, None).await,
                    Err(_) => Err(DomainError::NotFound(Entity::Article)),
                };
                match found {
                    Ok(found) => {
                        let article = found.slug.as_str().to_owned();
                        self.state.hub.watch(self.membership.id, &article);
                        Step::Reply(Box::new(ServerMessage::Subscribed { article }))
                    }
                    Err(DomainError::NotFound(_)) => error("article not found"),
                    Err(error) => {
                        let error = ErrorChain(&error);
                        tracing::warn!(%error, "could not subscribe a live session");
                        self::error("could not subscribe; try again")
                    }
                }
            }
            ClientMessage::Unsubscribe { article } => {
                self.state.hub.unwatch(self.membership.id, &article);
                Step::Reply(Box::new(ServerMessage::Unsubscribed { article }))
            }
        }
    }
}

/// The deadline's own instant is still in time: a client told "within N ms" may use all N.
fn in_time(handled_at: Instant, deadline: Instant) -> bool {
    handled_at <= deadline
}

fn error(message: &str) -> Step {
    Step::Reply(Box::new(ServerMessage::Error {
        message: message.to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_deadline_itself_is_in_time_and_a_nanosecond_later_is_not() {
        let deadline = Instant::now() + Duration::from_secs(1);
        let nanosecond = Duration::from_nanos(1);

        assert!(in_time(deadline - nanosecond, deadline));
        assert!(in_time(deadline, deadline));
        assert!(!in_time(deadline + nanosecond, deadline));
    }
}
