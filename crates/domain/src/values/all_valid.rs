//! Parsing several fields at once, so that a client hears about every bad field in one answer
//! instead of one per round trip.

use crate::{DomainError, ValidationError};

/// A tuple of field parses that succeeds only when each one did, and otherwise reports every
/// failure in the order the fields were given.
pub trait AllValid {
    type Output;

    fn all_valid(self) -> Result<Self::Output, DomainError>;
}

macro_rules! all_valid_for_tuple {
    ($($field:ident),+) => {
        impl<$($field),+> AllValid for ($(Result<$field, ValidationError>,)+) {
            type Output = ($($field,)+);

            #[allow(non_snake_case)]
            fn all_valid(self) -> Result<Self::Output, DomainError> {
                let ($($field,)+) = self;
                let mut errors = Vec::new();
                $(let $field = $field.map_err(|error| errors.push(error)).ok();)+
                match ($($field,)+) {
                    ($(Some($field),)+) => Ok(($($field,)+)),
                    _ => Err(DomainError::Invalid(errors)),
                }
            }
        }
    };
}

all_valid_for_tuple!(A);
all_valid_for_tuple!(A, B);
all_valid_for_tuple!(A, B, C);
all_valid_for_tuple!(A, B, C, D);
all_valid_for_tuple!(A, B, C, D, E);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::{ArticleTitle, Description, Email, Username};

    #[test]
    fn every_field_parses_into_its_value() {
        let (title, description) = (ArticleTitle::parse(" A "), Description::parse("B"))
            .all_valid()
            .unwrap();
        assert_eq!((title.as_str(), description.as_str()), ("A", "B"));
    }

    #[test]
    fn every_failure_is_reported_in_field_order() {
        let outcome = (
            Username::parse(""),
            Email::parse("jake@example.com"),
            ArticleTitle::parse(&"t".repeat(ArticleTitle::MAX_CHARS + 1)),
        )
            .all_valid();
        assert_eq!(
            outcome.err(),
            Some(DomainError::Invalid(vec![
                ValidationError::blank("username"),
                ValidationError::new("title", "is too long (maximum is 200 characters)"),
            ]))
        );
    }
}
