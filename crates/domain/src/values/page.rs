use std::num::IntErrorKind;

use crate::ValidationError;

/// How many articles one page holds: 1 to 100, 20 when the client does not say (the default in
/// the RealWorld docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limit(u32);

impl Limit {
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 100;
    pub const DEFAULT: Limit = Limit(20);

    pub fn parse(value: i64) -> Result<Self, ValidationError> {
        u32::try_from(value)
            .ok()
            .filter(|value| (Self::MIN..=Self::MAX).contains(value))
            .map(Self)
            .ok_or_else(Self::out_of_range)
    }

    /// The `limit` query parameter as it arrived; absent means the default.
    pub fn parse_query(raw: Option<&str>) -> Result<Self, ValidationError> {
        match raw {
            None => Ok(Self::DEFAULT),
            Some(text) => match integer("limit", text)? {
                Integer::Fits(value) => Self::parse(value),
                Integer::Overflows => Err(Self::out_of_range()),
            },
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    fn out_of_range() -> ValidationError {
        ValidationError::new(
            "limit",
            format!("must be between {} and {}", Self::MIN, Self::MAX),
        )
    }
}

impl Default for Limit {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How many articles to skip: 0 or more, 0 when the client does not say. Capped at `u32::MAX`,
/// far beyond any real list, so that it always fits the storage's signed integers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Offset(u32);

impl Offset {
    pub fn parse(value: i64) -> Result<Self, ValidationError> {
        if value < 0 {
            return Err(Self::negative());
        }
        u32::try_from(value)
            .map(Self)
            .map_err(|_| Self::too_large())
    }

    /// The `offset` query parameter as it arrived; absent means 0.
    pub fn parse_query(raw: Option<&str>) -> Result<Self, ValidationError> {
        match raw {
            None => Ok(Self::default()),
            Some(text) => match integer("offset", text)? {
                Integer::Fits(value) => Self::parse(value),
                Integer::Overflows if text.trim_start().starts_with('-') => Err(Self::negative()),
                Integer::Overflows => Err(Self::too_large()),
            },
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }

    fn negative() -> ValidationError {
        ValidationError::new("offset", "must be greater than or equal to 0")
    }

    fn too_large() -> ValidationError {
        ValidationError::new(
            "offset",
            format!("must be less than or equal to {}", u32::MAX),
        )
    }
}

/// One page of a list: `limit` items after skipping `offset`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Page {
    pub limit: Limit,
    pub offset: Offset,
}

impl Page {
    /// Both query parameters at once, so that a client hears about both mistakes together.
    pub fn parse_query(
        limit: Option<&str>,
        offset: Option<&str>,
    ) -> Result<Self, Vec<ValidationError>> {
        match (Limit::parse_query(limit), Offset::parse_query(offset)) {
            (Ok(limit), Ok(offset)) => Ok(Self { limit, offset }),
            (limit, offset) => Err(limit.err().into_iter().chain(offset.err()).collect()),
        }
    }
}

/// A query parameter that is an integer, possibly one too large for `i64`: the range check,
/// not "must be an integer", should answer `limit=99999999999999999999`.
enum Integer {
    Fits(i64),
    Overflows,
}

fn integer(field: &'static str, text: &str) -> Result<Integer, ValidationError> {
    match text.trim().parse::<i64>() {
        Ok(value) => Ok(Integer::Fits(value)),
        Err(error)
            if matches!(
                error.kind(),
                IntErrorKind::PosOverflow | IntErrorKind::NegOverflow
            ) =>
        {
            Ok(Integer::Overflows)
        }
        Err(_) => Err(ValidationError::new(field, "must be an integer")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limit_error() -> ValidationError {
        ValidationError::new("limit", "must be between 1 and 100")
    }

    fn negative_offset() -> ValidationError {
        ValidationError::new("offset", "must be greater than or equal to 0")
    }

    #[test]
    fn absent_parameters_give_the_defaults() {
        assert_eq!(Limit::parse_query(None).unwrap().get(), 20);
        assert_eq!(Offset::parse_query(None).unwrap().get(), 0);
        assert_eq!(
            Page::parse_query(None, None),
            Ok(Page {
                limit: Limit::DEFAULT,
                offset: Offset::default()
            })
        );
        assert_eq!(Page::default().limit.get(), 20);
    }

    #[test]
    fn limit_accepts_one_to_a_hundred() {
        assert_eq!(Limit::parse_query(Some("1")).unwrap().get(), 1);
        assert_eq!(Limit::parse_query(Some(" 100 ")).unwrap().get(), 100);
        assert_eq!(Limit::parse(42).unwrap().get(), 42);
    }

    #[test]
    fn limit_outside_the_range_is_refused() {
        for raw in [
            "0",
            "-1",
            "101",
            "99999999999999999999",
            "-99999999999999999999",
        ] {
            assert_eq!(Limit::parse_query(Some(raw)), Err(limit_error()), "{raw}");
        }
        assert_eq!(Limit::parse(i64::MAX), Err(limit_error()));
    }

    #[test]
    fn non_integers_are_refused_on_their_own_field() {
        for raw in ["abc", "", "1.5", "1e2", "0x10", "ten"] {
            assert_eq!(
                Limit::parse_query(Some(raw)),
                Err(ValidationError::new("limit", "must be an integer")),
                "{raw:?}"
            );
            assert_eq!(
                Offset::parse_query(Some(raw)),
                Err(ValidationError::new("offset", "must be an integer")),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn offset_accepts_zero_and_more() {
        assert_eq!(Offset::parse_query(Some("0")).unwrap().get(), 0);
        assert_eq!(Offset::parse_query(Some("1")).unwrap().get(), 1);
        assert_eq!(Offset::parse(4_294_967_295).unwrap().get(), u32::MAX);
    }

    #[test]
    fn a_negative_offset_is_refused() {
        assert_eq!(Offset::parse_query(Some("-1")), Err(negative_offset()));
        assert_eq!(
            Offset::parse_query(Some("-99999999999999999999")),
            Err(negative_offset())
        );
    }

    #[test]
    fn an_offset_beyond_u32_is_refused() {
        let too_large = ValidationError::new("offset", "must be less than or equal to 4294967295");
        assert_eq!(Offset::parse(4_294_967_296), Err(too_large.clone()));
        assert_eq!(
            Offset::parse_query(Some("99999999999999999999")),
            Err(too_large)
        );
    }

    #[test]
    fn a_page_reports_both_mistakes_at_once() {
        assert_eq!(
            Page::parse_query(Some("abc"), Some("-1")),
            Err(vec![
                ValidationError::new("limit", "must be an integer"),
                negative_offset()
            ])
        );
        assert_eq!(
            Page::parse_query(Some("1"), Some("-1")),
            Err(vec![negative_offset()])
        );
        assert_eq!(
            Page::parse_query(Some("1"), Some("1")),
            Ok(Page {
                limit: Limit::parse(1).unwrap(),
                offset: Offset::parse(1).unwrap()
            })
        );
    }
}
