//! The profile rules against a mocked repository: results, and the writes made or (with
//! `.times(0)`) proven not to be made.

use std::sync::Arc;

use mockall::predicate::eq;

use super::*;
use crate::ports::MockProfileRepository;
use crate::user::UserId;
use crate::values::{Bio, Username};
use crate::{Cause, DomainError, Entity, RepositoryError, ValidationError};

const VIEWER: UserId = UserId(1);
const CELEB: UserId = UserId(2);

fn celeb_name() -> Username {
    Username::parse("celeb").unwrap()
}

fn celeb(following: bool) -> Profile {
    Profile {
        username: celeb_name(),
        bio: Bio::parse_optional(Some("Famous")).unwrap(),
        image: None,
        following,
    }
}

fn finds(
    profiles: &mut MockProfileRepository,
    viewer: Option<UserId>,
    found: Option<(UserId, Profile)>,
) {
    profiles
        .expect_find_by_username()
        .with(eq(celeb_name()), eq(viewer))
        .times(1)
        .return_once(move |_, _| Ok(found));
}

fn service(profiles: MockProfileRepository) -> ProfileService {
    ProfileService::new(Arc::new(profiles))
}

mod get {
    use super::*;

    #[tokio::test]
    async fn answers_the_profile_as_the_viewer_sees_it() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(VIEWER), Some((CELEB, celeb(true))));

        let result = service(profiles).get(&celeb_name(), Some(VIEWER)).await;

        assert_eq!(result, Ok(celeb(true)));
    }

    #[tokio::test]
    async fn works_without_a_viewer() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, None, Some((CELEB, celeb(false))));

        let result = service(profiles).get(&celeb_name(), None).await;

        assert_eq!(result, Ok(celeb(false)));
    }

    #[tokio::test]
    async fn an_unknown_username_is_profile_not_found() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, None, None);

        let result = service(profiles).get(&celeb_name(), None).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Profile)));
    }

    #[tokio::test]
    async fn a_storage_failure_is_internal() {
        let mut profiles = MockProfileRepository::new();
        profiles
            .expect_find_by_username()
            .times(1)
            .returning(|_, _| Err(RepositoryError::Unavailable(Cause::new("down"))));

        let result = service(profiles).get(&celeb_name(), None).await;

        assert!(
            matches!(result, Err(DomainError::Internal(_))),
            "{result:?}"
        );
    }
}

mod follow {
    use super::*;

    #[tokio::test]
    async fn follows_the_user_found_and_answers_following() {
        let mut profiles = MockProfileRepository::new();
        let mut order = mockall::Sequence::new();
        profiles
            .expect_find_by_username()
            .with(eq(celeb_name()), eq(Some(VIEWER)))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(Some((CELEB, celeb(false)))));
        profiles
            .expect_follow()
            .with(eq(VIEWER), eq(CELEB))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(()));

        let result = service(profiles).follow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Ok(celeb(true)));
    }

    #[tokio::test]
    async fn following_again_is_idempotent() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(VIEWER), Some((CELEB, celeb(true))));
        profiles
            .expect_follow()
            .with(eq(VIEWER), eq(CELEB))
            .times(1)
            .returning(|_, _| Ok(()));

        let result = service(profiles).follow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Ok(celeb(true)));
    }

    #[tokio::test]
    async fn an_unknown_username_is_not_found_and_follows_nobody() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(VIEWER), None);
        profiles.expect_follow().times(0);

        let result = service(profiles).follow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Profile)));
    }

    #[tokio::test]
    async fn following_yourself_is_refused_without_writing() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(CELEB), Some((CELEB, celeb(false))));
        profiles.expect_follow().times(0);

        let result = service(profiles).follow(CELEB, &celeb_name()).await;

        assert_eq!(
            result,
            Err(DomainError::Invalid(vec![ValidationError::new(
                "profile",
                "cannot follow yourself"
            )]))
        );
    }

    #[tokio::test]
    async fn a_user_deleted_meanwhile_is_not_found() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(VIEWER), Some((CELEB, celeb(false))));
        profiles
            .expect_follow()
            .times(1)
            .returning(|_, _| Err(RepositoryError::NotFound));

        let result = service(profiles).follow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Profile)));
    }
}

mod unfollow {
    use super::*;

    #[tokio::test]
    async fn unfollows_the_user_found_and_answers_not_following() {
        let mut profiles = MockProfileRepository::new();
        let mut order = mockall::Sequence::new();
        profiles
            .expect_find_by_username()
            .with(eq(celeb_name()), eq(Some(VIEWER)))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(Some((CELEB, celeb(true)))));
        profiles
            .expect_unfollow()
            .with(eq(VIEWER), eq(CELEB))
            .times(1)
            .in_sequence(&mut order)
            .returning(|_, _| Ok(()));

        let result = service(profiles).unfollow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Ok(celeb(false)));
    }

    #[tokio::test]
    async fn unfollowing_someone_not_followed_is_idempotent() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(VIEWER), Some((CELEB, celeb(false))));
        profiles
            .expect_unfollow()
            .with(eq(VIEWER), eq(CELEB))
            .times(1)
            .returning(|_, _| Ok(()));

        let result = service(profiles).unfollow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Ok(celeb(false)));
    }

    #[tokio::test]
    async fn an_unknown_username_is_not_found_and_unfollows_nobody() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(VIEWER), None);
        profiles.expect_unfollow().times(0);

        let result = service(profiles).unfollow(VIEWER, &celeb_name()).await;

        assert_eq!(result, Err(DomainError::NotFound(Entity::Profile)));
    }

    #[tokio::test]
    async fn unfollowing_yourself_is_allowed() {
        let mut profiles = MockProfileRepository::new();
        finds(&mut profiles, Some(CELEB), Some((CELEB, celeb(false))));
        profiles
            .expect_unfollow()
            .with(eq(CELEB), eq(CELEB))
            .times(1)
            .returning(|_, _| Ok(()));

        let result = service(profiles).unfollow(CELEB, &celeb_name()).await;

        assert_eq!(result, Ok(celeb(false)));
    }
}
