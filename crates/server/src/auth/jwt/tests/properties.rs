//! Token rules that hold for every user, every clock reading and every tampering, not only the
//! hand-picked cases of the parent module.

use proptest::prelude::*;

use super::*;

fn user_with(id: i64, version: i64) -> User {
    User {
        id: UserId(id),
        token_version: TokenVersion(version),
        ..user()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_issued_token_verifies_to_its_user_and_version(
        id in any::<i64>(),
        version in any::<i64>(),
        now in 0i64..4_000_000_000,
    ) {
        let service = service_at(now);
        let token = service.issue(&user_with(id, version), &service.begin_session()).unwrap();
        let verified = service.verify(&token).unwrap();
        prop_assert_eq!(
            (verified.user_id, verified.session.version, verified.expires_at),
            (UserId(id), TokenVersion(version), Utc.timestamp_opt(now + 3600, 0).unwrap())
        );
    }

    #[test]
    fn any_change_to_any_byte_of_a_token_is_refused(
        position in any::<prop::sample::Index>(),
        replacement in prop_oneof![
            proptest::char::range('!', '~'),
            proptest::sample::select(&[' ', '\0', 'é', '\u{200b}'][..]),
        ],
    ) {
        let service = service_at(NOW);
        let token = service.issue(&user(), &service.begin_session()).unwrap();
        let position = position.index(token.len());
        let original = char::from(token.as_bytes()[position]);
        prop_assume!(replacement != original);
        let mut forged = token.clone();
        forged.replace_range(position..=position, replacement.encode_utf8(&mut [0; 4]));
        prop_assert_eq!(service.verify(&forged), Err(InvalidToken), "{} -> {}", token, forged);
    }

    #[test]
    fn a_token_is_accepted_from_its_issue_to_its_expiry_within_the_leeway(
        elapsed in prop_oneof![-20i64..20, 3590i64..3620, -1_000_000i64..1_000_000],
    ) {
        let token = service_at(NOW).issue(&user(), &sign_in()).unwrap();
        let (leeway, ttl) = (5, 3600);
        let valid = (-leeway..=ttl + leeway).contains(&elapsed);
        prop_assert_eq!(service_at(NOW + elapsed).verify(&token).is_ok(), valid, "{} s after issue", elapsed);
    }
}
