//! When a copy answers, when the store is read instead, and what memory the copies may take.

use std::convert::Infallible;

use super::*;

fn copies(budget: usize) -> (Arc<Invalidations>, Cache<&'static str, u32>) {
    let invalidations = Arc::new(Invalidations::default());
    (invalidations.clone(), Cache::new(invalidations, budget))
}

/// Reads `key` through the copies, answering `stored` at a cost of `cost` on a miss; returns
/// the answer and whether the store was read.
async fn read(
    copies: &Cache<&'static str, u32>,
    key: &'static str,
    stored: u32,
    cost: Option<usize>,
) -> (u32, bool) {
    let mut was_read = false;
    let answer = copies
        .read_through(
            key,
            async {
                was_read = true;
                Ok::<_, Infallible>(stored)
            },
            |_| cost,
        )
        .await;
    let Ok(answer) = answer;
    (answer, was_read)
}

#[tokio::test]
async fn a_copy_answers_until_the_next_write() {
    let (_, copies) = copies(2);

    assert_eq!(read(&copies, "jake", 1, Some(1)).await, (1, true));
    assert_eq!(read(&copies, "jake", 2, Some(1)).await, (1, false));
    assert_eq!(read(&copies, "jane", 3, Some(1)).await, (3, true));

    copies.write(async { Ok(()) }).await.unwrap();
    assert_eq!(read(&copies, "jake", 4, Some(1)).await, (4, true));
    assert_eq!(read(&copies, "jake", 5, Some(1)).await, (4, false));
}

#[tokio::test]
async fn what_has_no_cost_is_never_kept() {
    let (_, copies) = copies(2);

    assert_eq!(read(&copies, "nobody", 0, None).await, (0, true));
    assert_eq!(read(&copies, "nobody", 0, None).await, (0, true));
}

#[tokio::test]
async fn errors_are_never_kept() {
    let (_, copies) = copies(2);
    for _ in 0..2 {
        let answer = copies
            .read_through("jake", async { Err::<u32, _>("gone") }, |_| Some(1))
            .await;
        assert_eq!(answer, Err("gone"));
    }
}

#[tokio::test]
async fn a_read_that_raced_a_write_is_not_kept() {
    let (invalidations, copies) = copies(2);
    let answer = copies
        .read_through(
            "jake",
            async {
                // A write through another part of the store finishes meanwhile.
                invalidations.invalidate();
                Ok::<_, Infallible>(1)
            },
            |_| Some(1),
        )
        .await;
    assert_eq!(answer, Ok(1));

    assert_eq!(read(&copies, "jake", 2, Some(1)).await, (2, true));
}

#[tokio::test]
async fn while_writes_may_go_unheard_no_copy_answers_or_is_kept() {
    let (invalidations, copies) = copies(2);
    read(&copies, "jake", 1, Some(1)).await;

    invalidations.listener_lost();
    assert_eq!(invalidations.current(), None);
    assert_eq!(read(&copies, "jake", 2, Some(1)).await, (2, true));
    assert_eq!(read(&copies, "jake", 3, Some(1)).await, (3, true));

    invalidations.listening_again();
    assert_eq!(read(&copies, "jake", 4, Some(1)).await, (4, true));
    assert_eq!(read(&copies, "jake", 5, Some(1)).await, (4, false));
}

#[test]
fn deafness_and_hearing_again_both_count_as_writes() {
    let invalidations = Invalidations::default();
    assert_eq!(invalidations.current(), Some(0));
    invalidations.invalidate();
    assert_eq!(invalidations.current(), Some(1));
    invalidations.listener_lost();
    invalidations.listening_again();
    assert_eq!(invalidations.current(), Some(3));
}

#[tokio::test]
async fn a_new_copy_of_a_key_replaces_the_old_one_and_its_cost() {
    let (invalidations, copies) = copies(5);
    read(&copies, "jake", 1, Some(2)).await;
    invalidations.invalidate();
    read(&copies, "jane", 2, Some(1)).await;
    read(&copies, "jake", 3, Some(4)).await;

    assert_eq!(copies.spent(), (2, 5), "4 + 1 is within 5");
    assert_eq!(read(&copies, "jake", 0, Some(4)).await, (3, false));
    assert_eq!(read(&copies, "jane", 0, Some(1)).await, (2, false));
}

#[tokio::test]
async fn past_the_budget_the_copies_start_again() {
    let (_, copies) = copies(5);
    read(&copies, "jake", 1, Some(2)).await;
    read(&copies, "jane", 2, Some(3)).await;
    assert_eq!(copies.spent(), (2, 5));

    read(&copies, "joe", 3, Some(1)).await;

    assert_eq!(copies.spent(), (1, 1));
    assert_eq!(read(&copies, "joe", 0, Some(1)).await, (3, false));
}

#[tokio::test]
async fn a_copy_dearer_than_the_whole_budget_is_not_kept() {
    let (_, copies) = copies(5);
    read(&copies, "jake", 1, Some(5)).await;

    assert_eq!(read(&copies, "jane", 2, Some(6)).await, (2, true));
    assert_eq!(read(&copies, "jane", 2, Some(6)).await, (2, true));

    assert_eq!(copies.spent(), (1, 5), "nothing was cleared for it");
}

#[tokio::test]
async fn a_write_invalidates_when_it_begins_and_again_when_it_ends() {
    let (invalidations, copies) = copies(2);
    read(&copies, "jake", 1, Some(1)).await;

    let write = WriteGuard::begin(invalidations);
    assert_eq!(read(&copies, "jake", 2, Some(1)).await, (2, true));
    drop(write);

    assert_eq!(read(&copies, "jake", 3, Some(1)).await, (3, true));
    assert_eq!(read(&copies, "jake", 4, Some(1)).await, (3, false));
}

#[tokio::test]
async fn a_write_runs_to_its_end_when_its_caller_goes_away() {
    let (_, copies) = copies(2);
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (done, finished) = tokio::sync::oneshot::channel::<()>();
    let mut caller = Box::pin(copies.write(async move {
        let _ = released.await;
        let _ = done.send(());
        Ok(())
    }));
    assert!(futures::poll!(caller.as_mut()).is_pending());
    drop(caller);
    read(&copies, "jake", 1, Some(1)).await;

    release.send(()).unwrap();
    finished.await.expect("the write ran to its end");

    assert_eq!(read(&copies, "jake", 2, Some(1)).await, (2, true));
}
