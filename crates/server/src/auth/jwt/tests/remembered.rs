//! Verified tokens are remembered by their text; what can change is checked on every request.

use conduit_testkit::http::ManualClock;

use super::*;

#[test]
fn a_verified_token_is_remembered_once_and_a_refused_one_never() {
    let service = service_at(NOW);
    let token = service.issue(&user(), &sign_in()).unwrap();
    let first = service.verify(&token);
    assert!(first.is_ok(), "{first:?}");
    assert_eq!(service.verify(&token), first);
    assert_eq!(service.remembered(), 1);

    let forged = format!("{token}x");
    assert_eq!(service.verify(&forged), Err(InvalidToken));
    assert_eq!(service.verify(&forged), Err(InvalidToken));
    assert_eq!(service.remembered(), 1);
}

#[test]
fn a_remembered_token_still_expires_with_the_clock() {
    let clock = ManualClock::new();
    let service = service_on(clock.clone());
    let token = service.issue(&user(), &sign_in()).unwrap();
    assert!(service.verify(&token).is_ok());

    clock.advance(Duration::from_secs(3600 + 5));
    assert!(service.verify(&token).is_ok());
    clock.advance(Duration::from_secs(1));
    assert_eq!(service.verify(&token), Err(InvalidToken));
}

#[test]
fn a_token_refused_as_not_yet_valid_is_accepted_once_its_time_comes() {
    let clock = ManualClock::new();
    let service = service_on(clock.clone());
    let now = clock.now().timestamp();
    let early = sign(
        Header::new(Algorithm::HS256),
        &json!({
            "sub": "42", "iat": now, "nbf": now + 60, "exp": now + 3600, "iss": "conduit",
            "aud": "conduit-api", "jti": "5f0c", "ver": 3, "sid": "9d1e", "auth_time": now
        }),
        SECRET,
    );
    assert_eq!(service.verify(&early), Err(InvalidToken));

    clock.advance(Duration::from_secs(60 - 5));
    assert!(service.verify(&early).is_ok());
}

#[test]
fn how_many_tokens_are_remembered_is_bounded() {
    let service = service_at(NOW);
    for _ in 0..REMEMBERED_TOKENS + 64 {
        let token = service.issue(&user(), &sign_in()).unwrap();
        assert!(service.verify(&token).is_ok());
    }
    let remembered = service.remembered();
    assert!(
        (REMEMBERED_TOKENS / 2..=REMEMBERED_TOKENS).contains(&remembered),
        "{remembered}"
    );
}
