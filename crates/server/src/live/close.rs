//! The close code a read error earns, in RFC 6455's terms: a client that breaks the protocol is
//! told so in a close frame instead of losing its connection without a word.

use axum::extract::ws::close_code;
use tungstenite::error::{Error, ProtocolError};

/// `None` when nobody is left to read a close frame: the connection is gone.
pub fn close_for(error: axum::Error) -> Option<(u16, &'static str)> {
    let error = error.into_inner().downcast::<Error>().ok()?;
    match *error {
        Error::Capacity(_) => Some((close_code::SIZE, "message too big")),
        Error::Utf8(_) => Some((close_code::INVALID, "text is not valid UTF-8")),
        Error::Protocol(ProtocolError::ResetWithoutClosingHandshake) => None,
        Error::Protocol(_) => Some((close_code::PROTOCOL, "protocol error")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use tungstenite::error::CapacityError;

    use super::*;

    fn code_for(error: Error) -> Option<u16> {
        close_for(axum::Error::new(error)).map(|(code, _)| code)
    }

    #[test]
    fn each_read_error_earns_its_close_code() {
        assert_eq!(
            code_for(Error::Capacity(CapacityError::MessageTooLong {
                size: 2,
                max_size: 1
            })),
            Some(1009)
        );
        assert_eq!(code_for(Error::Utf8("invalid".into())), Some(1007));
        assert_eq!(
            code_for(Error::Protocol(ProtocolError::UnmaskedFrameFromClient)),
            Some(1002)
        );
        assert_eq!(
            code_for(Error::Protocol(ProtocolError::ResetWithoutClosingHandshake)),
            None
        );
        assert_eq!(code_for(Error::ConnectionClosed), None);
        assert_eq!(
            close_for(axum::Error::new(std::io::Error::other("not tungstenite"))),
            None
        );
    }
}
