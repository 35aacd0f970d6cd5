use sha1::{Digest, Sha1};

/// The range API is keyed by this many leading hex characters of the SHA-1.
const PREFIX_LEN: usize = 5;

/// A password's SHA-1 in the upper-case hex the range API uses, split into the part that is
/// sent and the part that stays here. Deliberately not `Debug`, so the suffix cannot end up in
/// a log by accident.
pub(crate) struct SplitHash {
    prefix: String,
    suffix: String,
}

impl SplitHash {
    pub(crate) fn of(password: &str) -> Self {
        let mut prefix: String = Sha1::digest(password.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02X}"))
            .collect();
        let suffix = prefix.split_off(PREFIX_LEN);
        Self { prefix, suffix }
    }

    /// The only part of the hash that may leave the process.
    pub(crate) fn prefix(&self) -> &str {
        &self.prefix
    }

    pub(crate) fn suffix(&self) -> &str {
        &self.suffix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_the_upper_case_sha1_after_five_characters() {
        let hash = SplitHash::of("password");
        assert_eq!(hash.prefix(), "5BAA6");
        assert_eq!(hash.suffix(), "1E4C9B93F3F0682250B6CF8331B7EE68FD8");
    }

    #[test]
    fn hashes_the_utf8_bytes_of_the_password() {
        let hash = SplitHash::of("é");
        assert_eq!(hash.prefix(), "BF15B");
        assert_eq!(hash.suffix(), "E717AC1B080B4F1C456692825891FF5073D");
    }

    #[test]
    fn hashes_the_empty_string_like_any_other() {
        let hash = SplitHash::of("");
        assert_eq!(hash.prefix(), "DA39A");
        assert_eq!(hash.suffix(), "3EE5E6B4B0D3255BFEF95601890AFD80709");
    }
}
