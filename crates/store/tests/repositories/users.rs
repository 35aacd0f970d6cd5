//! The user repository's contract.

use conduit_domain::user::{NewUser, PasswordChange, TokenId, TokenVersion, UserChanges, UserId};
use conduit_domain::values::{Bio, Email, ImageUrl, PasswordHash, Username};
use conduit_domain::{RepositoryError, UniqueField};
use conduit_store::Repositories;

crate::on_every_backend!(
    insert_returns_the_stored_user,
    a_taken_username_is_a_conflict_whatever_its_case,
    a_look_alike_of_a_taken_username_is_a_conflict,
    renaming_to_a_look_alike_of_another_name_is_a_conflict,
    renaming_within_ones_own_canonical_form_keeps_the_new_spelling,
    a_taken_email_is_a_conflict,
    concurrent_inserts_of_one_username_store_exactly_one,
    users_are_found_by_id_and_email,
    update_changes_only_what_it_is_given,
    update_clears_nullable_fields,
    revoking_tokens_bumps_the_version,
    concurrent_password_changes_each_get_back_the_row_they_wrote,
    the_kept_token_is_stored_and_outlives_other_updates,
    update_to_a_taken_email_is_a_conflict,
    update_of_a_missing_user_is_not_found,
);

fn new_user(username: &str) -> NewUser {
    NewUser {
        username: Username::parse(username).unwrap(),
        email: Email::parse(&format!("{username}@example.com")).unwrap(),
        password_hash: PasswordHash::new(format!("$argon2id$hash-of-{username}")),
    }
}

fn password_change(kept_token: &str) -> PasswordChange {
    PasswordChange {
        hash: PasswordHash::new("$argon2id$new".into()),
        kept_token: TokenId(kept_token.into()),
    }
}

async fn insert_returns_the_stored_user(repositories: &Repositories) {
    let user = repositories.users.insert(new_user("jake")).await.unwrap();
    assert_eq!(user.username.as_str(), "jake");
    assert_eq!(user.email.as_str(), "jake@example.com");
    assert_eq!(user.password_hash.as_str(), "$argon2id$hash-of-jake");
    assert_eq!(
        (user.bio, user.image, user.token_version),
        (None, None, TokenVersion(0))
    );
    let second = repositories.users.insert(new_user("anna")).await.unwrap();
    assert_ne!(user.id, second.id);
}

async fn a_taken_username_is_a_conflict_whatever_its_case(repositories: &Repositories) {
    repositories.users.insert(new_user("jake")).await.unwrap();
    let mut shouting = new_user("JAKE");
    shouting.email = Email::parse("other@example.com").unwrap();
    assert_eq!(
        repositories.users.insert(shouting).await,
        Err(RepositoryError::Conflict(UniqueField::Username))
    );
}

/// The store decides on the canonical form itself, so two shown names of one canonical form
/// cannot both be stored even when nothing checked them before.
async fn a_look_alike_of_a_taken_username_is_a_conflict(repositories: &Repositories) {
    repositories.users.insert(new_user("jake")).await.unwrap();
    for (index, look_alike) in ["ｊａｋｅ", "jаke", "ＪаＫＥ"].into_iter().enumerate() {
        let mut copycat = new_user(look_alike);
        copycat.email = Email::parse(&format!("copycat{index}@example.com")).unwrap();
        assert_eq!(
            repositories.users.insert(copycat).await,
            Err(RepositoryError::Conflict(UniqueField::Username)),
            "{look_alike}"
        );
    }
}

async fn renaming_to_a_look_alike_of_another_name_is_a_conflict(repositories: &Repositories) {
    repositories.users.insert(new_user("İlker")).await.unwrap();
    let anna = repositories.users.insert(new_user("anna")).await.unwrap();
    for look_alike in ["ilker", "ılker", "ＩＬＫＥＲ"] {
        let changes = UserChanges {
            username: Some(Username::parse(look_alike).unwrap()),
            ..UserChanges::default()
        };
        assert_eq!(
            repositories.users.update(anna.id, changes).await,
            Err(RepositoryError::Conflict(UniqueField::Username)),
            "{look_alike}"
        );
    }
}

async fn renaming_within_ones_own_canonical_form_keeps_the_new_spelling(
    repositories: &Repositories,
) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    for restyled in ["Jake", "ｊａｋｅ", "jаke"] {
        let changes = UserChanges {
            username: Some(Username::parse(restyled).unwrap()),
            ..UserChanges::default()
        };
        let renamed = repositories.users.update(jake.id, changes).await.unwrap();
        assert_eq!(renamed.username.as_str(), restyled);
    }
}

async fn a_taken_email_is_a_conflict(repositories: &Repositories) {
    repositories.users.insert(new_user("jake")).await.unwrap();
    let mut copycat = new_user("anna");
    copycat.email = Email::parse("jake@example.com").unwrap();
    assert_eq!(
        repositories.users.insert(copycat).await,
        Err(RepositoryError::Conflict(UniqueField::Email))
    );
}

async fn concurrent_inserts_of_one_username_store_exactly_one(repositories: &Repositories) {
    let attempts = (0..10).map(|i| {
        let mut user = new_user("racer");
        user.email = Email::parse(&format!("racer{i}@example.com")).unwrap();
        repositories.users.insert(user)
    });
    let results = futures::future::join_all(attempts).await;
    let stored = results.iter().filter(|result| result.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|result| **result == Err(RepositoryError::Conflict(UniqueField::Username)))
        .count();
    assert_eq!((stored, conflicts), (1, 9), "{results:?}");
}

async fn users_are_found_by_id_and_email(repositories: &Repositories) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    assert_eq!(
        repositories.users.find_by_id(jake.id).await,
        Ok(Some(jake.clone()))
    );
    assert_eq!(
        repositories.users.find_by_email(&jake.email).await,
        Ok(Some(jake.clone()))
    );
    assert_eq!(
        repositories
            .users
            .find_by_id(UserId(jake.id.0 + 1000))
            .await,
        Ok(None)
    );
    let stranger = Email::parse("nobody@example.com").unwrap();
    assert_eq!(repositories.users.find_by_email(&stranger).await, Ok(None));
}

async fn update_changes_only_what_it_is_given(repositories: &Repositories) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    let bio = Bio::parse_optional(Some("I like to skateboard")).unwrap();
    let changes = UserChanges {
        username: Some(Username::parse("jacob").unwrap()),
        bio: Some(bio.clone()),
        ..UserChanges::default()
    };

    let updated = repositories.users.update(jake.id, changes).await.unwrap();

    assert_eq!(updated.username.as_str(), "jacob");
    assert_eq!(updated.bio, bio);
    assert_eq!(
        (updated.email, updated.image, updated.password_hash),
        (jake.email, None, jake.password_hash)
    );
    assert_eq!(updated.token_version, TokenVersion(0));
    assert_eq!(
        repositories
            .users
            .find_by_id(jake.id)
            .await
            .unwrap()
            .unwrap()
            .username
            .as_str(),
        "jacob"
    );
}

async fn update_clears_nullable_fields(repositories: &Repositories) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    let set = UserChanges {
        bio: Some(Bio::parse_optional(Some("bio")).unwrap()),
        image: Some(ImageUrl::parse_optional(Some("https://example.com/a.png")).unwrap()),
        ..UserChanges::default()
    };
    let with_both = repositories.users.update(jake.id, set).await.unwrap();
    assert!(with_both.bio.is_some() && with_both.image.is_some());

    let clear = UserChanges {
        bio: Some(None),
        image: Some(None),
        ..UserChanges::default()
    };
    let cleared = repositories.users.update(jake.id, clear).await.unwrap();

    assert_eq!((cleared.bio, cleared.image), (None, None));
}

async fn revoking_tokens_bumps_the_version(repositories: &Repositories) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    let changes = UserChanges {
        password: Some(password_change("laptop")),
        ..UserChanges::default()
    };
    let updated = repositories
        .users
        .update(jake.id, changes.clone())
        .await
        .unwrap();
    assert_eq!(
        (updated.token_version, updated.password_hash.as_str()),
        (TokenVersion(1), "$argon2id$new")
    );
    let again = repositories.users.update(jake.id, changes).await.unwrap();
    assert_eq!(again.token_version, TokenVersion(2));
}

/// What `RETURNING` gives and a second statement cannot: the row as this very `UPDATE` left
/// it. Read back separately, a change made in between by another writer would show instead.
async fn concurrent_password_changes_each_get_back_the_row_they_wrote(repositories: &Repositories) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    let changes = (0..20).map(|session| {
        let changes = UserChanges {
            password: Some(password_change(&format!("session-{session}"))),
            ..UserChanges::default()
        };
        repositories.users.update(jake.id, changes)
    });
    let results = futures::future::join_all(changes).await;

    let mut versions: Vec<i64> = results
        .iter()
        .map(|result| result.as_ref().unwrap().token_version.0)
        .collect();
    versions.sort_unstable();
    assert_eq!(versions, (1..=20).collect::<Vec<_>>(), "{results:?}");
    for (session, result) in results.iter().enumerate() {
        let kept = result.as_ref().unwrap().kept_token.clone();
        assert_eq!(kept, Some(TokenId(format!("session-{session}"))));
    }
}

async fn the_kept_token_is_stored_and_outlives_other_updates(repositories: &Repositories) {
    let jake = repositories.users.insert(new_user("jake")).await.unwrap();
    assert_eq!(jake.kept_token, None);
    let changes = UserChanges {
        password: Some(password_change("laptop")),
        ..UserChanges::default()
    };
    let changed = repositories.users.update(jake.id, changes).await.unwrap();
    assert_eq!(changed.kept_token, Some(TokenId("laptop".into())));

    let bio_change = UserChanges {
        bio: Some(Bio::parse_optional(Some("still me")).unwrap()),
        ..UserChanges::default()
    };
    repositories
        .users
        .update(jake.id, bio_change)
        .await
        .unwrap();
    let found = repositories
        .users
        .find_by_id(jake.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (found.token_version, found.kept_token),
        (TokenVersion(1), Some(TokenId("laptop".into())))
    );
}

async fn update_to_a_taken_email_is_a_conflict(repositories: &Repositories) {
    repositories.users.insert(new_user("jake")).await.unwrap();
    let anna = repositories.users.insert(new_user("anna")).await.unwrap();
    let changes = UserChanges {
        email: Some(Email::parse("jake@example.com").unwrap()),
        ..UserChanges::default()
    };
    assert_eq!(
        repositories.users.update(anna.id, changes).await,
        Err(RepositoryError::Conflict(UniqueField::Email))
    );
}

async fn update_of_a_missing_user_is_not_found(repositories: &Repositories) {
    assert_eq!(
        repositories
            .users
            .update(UserId(4242), UserChanges::default())
            .await,
        Err(RepositoryError::NotFound)
    );
}
