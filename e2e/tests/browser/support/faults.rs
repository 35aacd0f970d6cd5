//! Failures the relay (network.rs) can inject between the browsers and the application, to show
//! what the UI does when the server errs, answers nonsense or is out of reach. The UI is never
//! edited for a test: it meets these failures the way it would meet them in the field.

/// Which requests a fault hits, by their request line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requests {
    method: Option<&'static str>,
    path: String,
    whole_tree: bool,
    only_with_token: bool,
}

impl Requests {
    /// Every request to the JSON API (`/api/…`), WebSockets included: the server is gone.
    pub fn api() -> Self {
        Self {
            method: None,
            path: "/api/".to_owned(),
            whole_tree: true,
            only_with_token: false,
        }
    }

    /// Every request, pages and files included: the server is gone altogether.
    pub fn everything() -> Self {
        Self {
            method: None,
            path: "/".to_owned(),
            whole_tree: true,
            only_with_token: false,
        }
    }

    /// `method path` exactly (the query string aside): `Requests::to("GET", "/api/user")`.
    pub fn to(method: &'static str, path: impl Into<String>) -> Self {
        Self {
            method: Some(method),
            path: path.into(),
            whole_tree: false,
            only_with_token: false,
        }
    }

    /// Only those of these requests that carry a token (`Authorization: Token …`), so that the
    /// same request sent without one passes.
    pub fn with_token(self) -> Self {
        Self {
            only_with_token: true,
            ..self
        }
    }

    /// Whether a request whose head starts with `head` is one of these.
    pub fn matches(&self, head: &[u8]) -> bool {
        let line = head.split(|byte| *byte == b'\r').next().unwrap_or_default();
        let mut words = line.split(|byte| *byte == b' ');
        let (Some(method), Some(target)) = (words.next(), words.next()) else {
            return false;
        };
        let path = target
            .split(|byte| *byte == b'?')
            .next()
            .unwrap_or_default();
        let method_matches = self.method.is_none_or(|wanted| wanted.as_bytes() == method);
        let path_matches = if self.whole_tree {
            path.starts_with(self.path.as_bytes())
        } else {
            path == self.path.as_bytes()
        };
        method_matches && path_matches && (!self.only_with_token || carries_token(head))
    }
}

/// Whether the head holds an `Authorization: Token …` field.
fn carries_token(head: &[u8]) -> bool {
    const FIELD: &[u8] = b"\r\nauthorization: token ";
    head.windows(FIELD.len())
        .any(|window| window.eq_ignore_ascii_case(FIELD))
}

/// What the relay does with a request a fault hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Closes the connection without an answer: to the browser, the server is unreachable.
    Refuse,
    /// Answers `status` with `body` (as text) in place of the application.
    Answer { status: u16, body: &'static str },
}

impl Fault {
    /// A 5xx page from a server in trouble (or a proxy in front of it), not JSON.
    pub const SERVER_ERROR: Self = Self::Answer {
        status: 503,
        body: "<html><body>Service Unavailable</body></html>",
    };
    /// The API's refusal of a token (expired, revoked): what every write meets once the
    /// session has ended on the server.
    pub const TOKEN_REFUSED: Self = Self::Answer {
        status: 401,
        body: r#"{"errors":{"token":["has expired"]}}"#,
    };
    /// A success with nothing a client can read in it.
    pub const EMPTY_SUCCESS: Self = Self::Answer {
        status: 200,
        body: "",
    };

    /// The whole HTTP response a `Fault::Answer` stands for; `None` for `Refuse`.
    pub fn response(self) -> Option<Vec<u8>> {
        let Self::Answer { status, body } = self else {
            return None;
        };
        let reason = match status {
            200 => "OK",
            401 => "Unauthorized",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            _ => "Injected Fault",
        };
        Some(
            format!(
                "HTTP/1.1 {status} {reason}\r\ncontent-type: text/html; charset=utf-8\r\n\
                 content-length: {}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n{body}",
                body.len()
            )
            .into_bytes(),
        )
    }
}

/// The head of a plain request, rewritten so that the application closes the connection after
/// answering it: the browser then opens a new connection for its next request, which the relay
/// inspects afresh (a kept-alive connection would carry later requests past every fault).
/// WebSocket upgrades, and heads too long to have been read whole, pass unchanged.
pub fn one_request_per_connection(head: &[u8]) -> Vec<u8> {
    let Some(end) = head.windows(4).position(|window| window == b"\r\n\r\n") else {
        return head.to_vec();
    };
    let (fields, rest) = head.split_at(end);
    let lines: Vec<&[u8]> = fields.split(|byte| *byte == b'\n').collect();
    let named = |line: &[u8], name: &str| {
        line.len() > name.len() && line[..name.len()].eq_ignore_ascii_case(name.as_bytes())
    };
    if lines.iter().any(|line| named(line, "upgrade:")) {
        return head.to_vec();
    }
    let mut rewritten = Vec::with_capacity(head.len() + 20);
    for line in lines
        .iter()
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .filter(|line| !named(line, "connection:") && !named(line, "keep-alive:"))
    {
        rewritten.extend_from_slice(line);
        rewritten.extend_from_slice(b"\r\n");
    }
    rewritten.extend_from_slice(b"Connection: close");
    // `rest` is the blank line ending the head, then whatever of the body came with it.
    rewritten.extend_from_slice(rest);
    rewritten
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_match_on_method_and_path_without_the_query() {
        let head = b"GET /api/user?x=1 HTTP/1.1\r\nHost: a\r\n\r\n";
        assert!(Requests::to("GET", "/api/user").matches(head));
        assert!(!Requests::to("PUT", "/api/user").matches(head));
        assert!(!Requests::to("GET", "/api/users").matches(head));
        assert!(Requests::api().matches(head));
        assert!(!Requests::api().matches(b"GET /assets/app.js HTTP/1.1\r\n\r\n"));
        assert!(Requests::everything().matches(b"GET /assets/app.js HTTP/1.1\r\n\r\n"));
    }

    #[test]
    fn with_token_matches_only_requests_that_carry_one() {
        let signed = b"GET /api/tags HTTP/1.1\r\nHost: a\r\nAuthorization: Token abc\r\n\r\n";
        let anonymous = b"GET /api/tags HTTP/1.1\r\nHost: a\r\n\r\n";
        let tags = Requests::to("GET", "/api/tags").with_token();
        assert!(tags.matches(signed));
        assert!(!tags.matches(anonymous));
    }

    #[test]
    fn plain_requests_ask_to_close_and_upgrades_pass_unchanged() {
        let head = b"GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\nbody";
        assert_eq!(
            one_request_per_connection(head),
            b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nbody".to_vec()
        );
        let upgrade = b"GET /api/ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        assert_eq!(one_request_per_connection(upgrade), upgrade.to_vec());
    }
}
