//! The profile repository's contract: look-ups as a viewer sees them, and following.

use conduit_domain::RepositoryError;
use conduit_domain::profiles::Profile;
use conduit_domain::user::{UserChanges, UserId};
use conduit_domain::values::{Bio, ImageUrl};
use conduit_store::Repositories;

use crate::fixtures::{user, username};

crate::on_every_backend!(
    a_profile_is_found_by_username_with_its_id,
    an_unknown_username_is_none,
    usernames_are_found_whatever_their_case,
    following_is_seen_only_by_the_follower,
    follow_and_unfollow_are_idempotent,
    following_a_missing_user_is_not_found,
    followers_are_everyone_following_and_no_one_else,
);

async fn following(repositories: &Repositories, name: &str, viewer: Option<UserId>) -> bool {
    let (_, profile) = repositories
        .profiles
        .find_by_username(&username(name), viewer)
        .await
        .unwrap()
        .unwrap();
    profile.following
}

async fn a_profile_is_found_by_username_with_its_id(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let changes = UserChanges {
        bio: Some(Bio::parse_optional(Some("I work at statefarm")).unwrap()),
        image: Some(ImageUrl::parse_optional(Some("https://example.com/jake.png")).unwrap()),
        ..UserChanges::default()
    };
    let jake = repositories.users.update(jake.id, changes).await.unwrap();
    let anna = user(repositories, "anna").await;

    for viewer in [None, Some(anna.id), Some(jake.id)] {
        assert_eq!(
            repositories
                .profiles
                .find_by_username(&username("jake"), viewer)
                .await,
            Ok(Some((
                jake.id,
                Profile {
                    username: jake.username.clone(),
                    bio: jake.bio.clone(),
                    image: jake.image.clone(),
                    following: false,
                }
            ))),
            "viewer {viewer:?}"
        );
    }
    let (_, anna_profile) = repositories
        .profiles
        .find_by_username(&username("anna"), None)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((anna_profile.bio, anna_profile.image), (None, None));
}

async fn an_unknown_username_is_none(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    for viewer in [None, Some(jake.id)] {
        assert_eq!(
            repositories
                .profiles
                .find_by_username(&username("jakob"), viewer)
                .await,
            Ok(None)
        );
    }
}

/// Usernames are unique by their canonical form, so `/api/profiles/JAKE_DOE` (or a fullwidth or
/// Cyrillic spelling of it) can only mean `Jake_Doe`.
async fn usernames_are_found_whatever_their_case(repositories: &Repositories) {
    let jake = user(repositories, "Jake_Doe").await;
    for spelling in [
        "Jake_Doe",
        "jake_doe",
        "JAKE_DOE",
        "ｊａｋｅ_ｄｏｅ",
        "jаke_doe",
    ] {
        let (id, profile) = repositories
            .profiles
            .find_by_username(&username(spelling), None)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (id, profile.username.as_str()),
            (jake.id, "Jake_Doe"),
            "{spelling}"
        );
    }
}

async fn following_is_seen_only_by_the_follower(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;

    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();

    assert!(following(repositories, "jake", Some(anna.id)).await);
    assert!(!following(repositories, "jake", Some(bob.id)).await);
    assert!(!following(repositories, "jake", None).await);
    assert!(
        !following(repositories, "anna", Some(jake.id)).await,
        "following is one-way"
    );
}

async fn follow_and_unfollow_are_idempotent(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;

    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();
    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();
    assert!(following(repositories, "jake", Some(anna.id)).await);

    repositories
        .profiles
        .unfollow(anna.id, jake.id)
        .await
        .unwrap();
    assert!(!following(repositories, "jake", Some(anna.id)).await);
    repositories
        .profiles
        .unfollow(anna.id, jake.id)
        .await
        .unwrap();
    assert!(!following(repositories, "jake", Some(anna.id)).await);

    // A second follow after an unfollow works again: nothing was left half-removed.
    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();
    assert!(following(repositories, "jake", Some(anna.id)).await);
}

async fn following_a_missing_user_is_not_found(repositories: &Repositories) {
    let anna = user(repositories, "anna").await;
    let nobody = UserId(anna.id.0 + 1000);
    assert_eq!(
        repositories.profiles.follow(anna.id, nobody).await,
        Err(RepositoryError::NotFound)
    );
    assert_eq!(
        repositories.profiles.follow(nobody, anna.id).await,
        Err(RepositoryError::NotFound)
    );
    assert_eq!(
        repositories.profiles.unfollow(anna.id, nobody).await,
        Ok(())
    );
}

async fn followers_are_everyone_following_and_no_one_else(repositories: &Repositories) {
    let jake = user(repositories, "jake").await;
    let anna = user(repositories, "anna").await;
    let bob = user(repositories, "bob").await;
    assert_eq!(repositories.profiles.followers(jake.id).await, Ok(vec![]));

    repositories.profiles.follow(bob.id, jake.id).await.unwrap();
    repositories
        .profiles
        .follow(anna.id, jake.id)
        .await
        .unwrap();
    repositories
        .profiles
        .follow(jake.id, anna.id)
        .await
        .unwrap();

    let mut expected = vec![anna.id, bob.id];
    expected.sort();
    assert_eq!(repositories.profiles.followers(jake.id).await, Ok(expected));
    repositories
        .profiles
        .unfollow(bob.id, jake.id)
        .await
        .unwrap();
    assert_eq!(
        repositories.profiles.followers(jake.id).await,
        Ok(vec![anna.id])
    );
}
