//! When an entry answers, when the store is read instead, and what memory a cache may take.

use std::convert::Infallible;

use chrono::TimeDelta;

use super::*;

impl HeapSize for &'static str {
    fn heap_bytes(&self) -> usize {
        0
    }
}

impl HeapSize for String {
    fn heap_bytes(&self) -> usize {
        self.len()
    }
}

/// A clock that moves only when told to.
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

impl TestClock {
    fn advance(&self, by: TimeDelta) {
        *self.0.lock().unwrap() += by;
    }
}

type TestCache = Cache<&'static str, String>;

const ROOMY: Bounds = Bounds {
    entries: 100,
    bytes: 1 << 20,
};

fn cache_with(bounds: Bounds, ttl: Duration) -> (Arc<Invalidations>, Arc<TestClock>, TestCache) {
    let clock = Arc::new(TestClock(Mutex::new(DateTime::UNIX_EPOCH)));
    let caches = Caches {
        invalidations: Arc::default(),
        settings: CacheSettings {
            ttl,
            clock: clock.clone(),
        },
    };
    let cache = Cache::new(&caches, Tables::Users, bounds);
    (caches.invalidations, clock, cache)
}

fn cache(bounds: Bounds) -> (Arc<Invalidations>, TestCache) {
    let (invalidations, _, cache) = cache_with(bounds, DEFAULT_CACHE_TTL);
    (invalidations, cache)
}

/// Reads `key` through the cache, answering `stored` on a miss; returns the answer and whether
/// the store was read.
async fn read(cache: &TestCache, key: &'static str, stored: &str) -> (String, bool) {
    let mut was_read = false;
    let answer = cache
        .read_through(
            key,
            async {
                was_read = true;
                Ok::<_, Infallible>(stored.to_owned())
            },
            |_| true,
        )
        .await;
    let Ok(answer) = answer;
    (answer, was_read)
}

fn answered(text: &str, was_read: bool) -> (String, bool) {
    (text.to_owned(), was_read)
}

/// What one entry of `key` and `value` costs.
fn bytes(key: &'static str, value: &str) -> usize {
    TestCache::entry_bytes(&key, &value.to_owned())
}

#[tokio::test]
async fn an_entry_answers_until_the_next_write() {
    let (_, cache) = cache(ROOMY);

    assert_eq!(read(&cache, "jake", "1").await, answered("1", true));
    assert_eq!(read(&cache, "jake", "2").await, answered("1", false));
    assert_eq!(read(&cache, "jane", "3").await, answered("3", true));

    cache.write(async { Ok(()) }).await.unwrap();
    assert_eq!(read(&cache, "jake", "4").await, answered("4", true));
    assert_eq!(read(&cache, "jake", "5").await, answered("4", false));
}

#[tokio::test]
async fn what_is_not_worth_storing_is_read_each_time() {
    let (_, cache) = cache(ROOMY);
    for _ in 0..2 {
        let answer = cache
            .read_through(
                "nobody",
                async { Ok::<_, Infallible>(String::new()) },
                |_| false,
            )
            .await;
        assert_eq!(answer, Ok(String::new()));
    }
    assert_eq!(cache.held(), (0, 0));
}

#[tokio::test]
async fn errors_are_never_stored() {
    let (_, cache) = cache(ROOMY);
    for _ in 0..2 {
        let answer = cache
            .read_through("jake", async { Err::<String, _>("gone") }, |_| true)
            .await;
        assert_eq!(answer, Err("gone"));
    }
    assert_eq!(cache.held(), (0, 0));
}

#[tokio::test]
async fn a_read_that_raced_a_write_is_not_stored() {
    let (invalidations, cache) = cache(ROOMY);
    let answer = cache
        .read_through(
            "jake",
            async {
                // A write through another part of the store finishes meanwhile.
                invalidations.invalidate(Tables::Users);
                Ok::<_, Infallible>("1".to_owned())
            },
            |_| true,
        )
        .await;
    assert_eq!(answer, Ok("1".to_owned()));

    assert_eq!(read(&cache, "jake", "2").await, answered("2", true));
}

/// A cache whose instance hears other instances through a listener, which has just heard its
/// heartbeat.
fn listening_cache() -> (Arc<Invalidations>, TestCache) {
    let caches = Caches {
        invalidations: Arc::new(Invalidations::heard_through_a_listener()),
        settings: CacheSettings::default(),
    };
    caches.invalidations.heartbeat_heard();
    let cache = Cache::new(&caches, Tables::Users, ROOMY);
    (caches.invalidations, cache)
}

#[tokio::test]
async fn until_its_heartbeat_is_first_heard_an_instance_is_deaf() {
    let invalidations = Invalidations::heard_through_a_listener();
    assert_eq!(invalidations.current(Tables::Users), None);

    invalidations.heartbeat_heard();

    assert_eq!(invalidations.current(Tables::Users), Some(1));
}

#[tokio::test]
async fn while_the_listener_is_lost_no_entry_answers_or_is_stored() {
    let (invalidations, cache) = listening_cache();
    read(&cache, "jake", "1").await;

    invalidations.listener_lost();
    assert_eq!(invalidations.current(Tables::Users), None);
    assert_eq!(read(&cache, "jake", "2").await, answered("2", true));
    assert_eq!(read(&cache, "jake", "3").await, answered("3", true));
    assert_eq!(cache.held().0, 1, "only the entry read before");

    invalidations.heartbeat_heard();
    assert_eq!(read(&cache, "jake", "4").await, answered("4", true));
    assert_eq!(read(&cache, "jake", "5").await, answered("4", false));
}

#[tokio::test(start_paused = true)]
async fn a_heartbeat_more_than_two_seconds_late_makes_the_instance_deaf() {
    let (invalidations, cache) = listening_cache();
    read(&cache, "jake", "1").await;

    tokio::time::advance(HEARTBEAT_LATE).await;
    assert_eq!(read(&cache, "jake", "2").await, answered("1", false));
    tokio::time::advance(Duration::from_millis(1)).await;
    assert_eq!(invalidations.current(Tables::Users), None);
    assert_eq!(read(&cache, "jake", "3").await, answered("3", true));

    invalidations.heartbeat_heard();
    assert_eq!(read(&cache, "jake", "4").await, answered("4", true));
    assert_eq!(read(&cache, "jake", "5").await, answered("4", false));
}

#[tokio::test]
async fn hearing_again_invalidates_and_a_timely_heartbeat_does_not() {
    let (invalidations, _) = listening_cache();
    let count = invalidations.current(Tables::Users).unwrap();
    invalidations.heartbeat_heard();
    assert_eq!(invalidations.current(Tables::Users), Some(count));

    invalidations.listener_lost();
    invalidations.heartbeat_heard();

    assert_eq!(invalidations.current(Tables::Users), Some(count + 1));
}

#[test]
fn on_sqlite_every_write_is_heard_from_the_start() {
    let invalidations = Invalidations::default();
    assert_eq!(invalidations.current(Tables::Users), Some(0));
    invalidations.listener_lost();
    assert_eq!(invalidations.current(Tables::Users), Some(0));
}

#[test]
fn an_entry_costs_its_size_its_slot_and_the_heap_bytes_of_key_and_value() {
    let fixed = size_of::<(&str, Entry<String>)>() + SLOT_OVERHEAD;
    assert_eq!(bytes("jake", ""), fixed);
    assert_eq!(bytes("jake", "four"), fixed + 4);
}

#[tokio::test]
async fn a_new_entry_for_a_key_replaces_the_old_one_and_its_bytes() {
    let (invalidations, cache) = cache(ROOMY);
    read(&cache, "jake", "1").await;
    invalidations.invalidate(Tables::Users);
    read(&cache, "jane", "22").await;
    read(&cache, "jake", "333").await;

    assert_eq!(
        cache.held(),
        (2, bytes("jane", "22") + bytes("jake", "333"))
    );
    assert_eq!(read(&cache, "jake", "0").await, answered("333", false));
    assert_eq!(read(&cache, "jane", "0").await, answered("22", false));
}

#[tokio::test]
async fn past_its_bytes_the_cache_starts_again() {
    let (_, cache) = cache(Bounds {
        entries: 100,
        bytes: bytes("jake", "1") + bytes("jane", "22"),
    });
    read(&cache, "jake", "1").await;
    read(&cache, "jane", "22").await;
    assert_eq!(cache.held().0, 2);

    read(&cache, "joe", "3").await;

    assert_eq!(cache.held(), (1, bytes("joe", "3")));
    assert_eq!(read(&cache, "joe", "0").await, answered("3", false));
}

#[tokio::test]
async fn past_its_entries_the_cache_starts_again_however_small_they_are() {
    let (_, cache) = cache(Bounds {
        entries: 2,
        bytes: 1 << 20,
    });
    read(&cache, "jake", "").await;
    read(&cache, "jane", "").await;
    assert_eq!(cache.held(), (2, 2 * bytes("jake", "")));

    read(&cache, "joe", "").await;

    assert_eq!(cache.held(), (1, bytes("joe", "")));
    assert_eq!(read(&cache, "jake", "again").await, answered("again", true));
}

#[tokio::test]
async fn an_entry_dearer_than_all_the_bytes_is_not_stored() {
    let (_, cache) = cache(Bounds {
        entries: 100,
        bytes: bytes("jake", "12345"),
    });
    read(&cache, "jake", "12345").await;

    assert_eq!(
        read(&cache, "jane", "123456").await,
        answered("123456", true)
    );
    assert_eq!(
        read(&cache, "jane", "123456").await,
        answered("123456", true)
    );

    assert_eq!(cache.held().0, 1, "nothing was cleared for it");
}

#[tokio::test]
async fn an_entry_answers_for_its_time_to_live_and_no_longer() {
    let (_, clock, cache) = cache_with(ROOMY, Duration::from_secs(60));
    read(&cache, "jake", "1").await;

    clock.advance(TimeDelta::seconds(59));
    assert_eq!(read(&cache, "jake", "2").await, answered("1", false));
    clock.advance(TimeDelta::seconds(1));
    assert_eq!(read(&cache, "jake", "3").await, answered("3", true));
    assert_eq!(read(&cache, "jake", "4").await, answered("3", false));
}

#[tokio::test]
async fn a_time_to_live_of_zero_stores_nothing() {
    let (_, _, cache) = cache_with(ROOMY, Duration::ZERO);
    assert_eq!(read(&cache, "jake", "1").await, answered("1", true));
    assert_eq!(read(&cache, "jake", "2").await, answered("2", true));
    assert_eq!(cache.held(), (0, 0));
}

#[tokio::test]
async fn a_write_invalidates_when_it_begins_and_again_when_it_ends() {
    let (invalidations, cache) = cache(ROOMY);
    read(&cache, "jake", "1").await;

    let write = WriteGuard::begin(invalidations, Tables::Users);
    assert_eq!(read(&cache, "jake", "2").await, answered("2", true));
    drop(write);

    assert_eq!(read(&cache, "jake", "3").await, answered("3", true));
    assert_eq!(read(&cache, "jake", "4").await, answered("3", false));
}

#[tokio::test]
async fn a_write_runs_to_its_end_when_its_caller_goes_away() {
    let (_, cache) = cache(ROOMY);
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let (done, finished) = tokio::sync::oneshot::channel::<()>();
    let mut caller = Box::pin(cache.write(async move {
        let _ = released.await;
        let _ = done.send(());
        Ok(())
    }));
    assert!(futures::poll!(caller.as_mut()).is_pending());
    drop(caller);
    read(&cache, "jake", "1").await;

    release.send(()).unwrap();
    finished.await.expect("the write ran to its end");

    assert_eq!(read(&cache, "jake", "2").await, answered("2", true));
}

#[tokio::test]
async fn concurrent_misses_on_one_key_read_the_store_once() {
    let (_, cache) = cache(ROOMY);
    let cache = Arc::new(cache);
    let reads = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (open, gate) = tokio::sync::watch::channel(false);
    let readers: Vec<_> = (0..8)
        .map(|_| {
            let (cache, reads, mut gate) = (cache.clone(), reads.clone(), gate.clone());
            tokio::spawn(async move {
                let read = async {
                    reads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let _ = gate.wait_for(|open| *open).await;
                    Ok::<_, Infallible>("page".to_owned())
                };
                cache.read_through("home", read, |_| true).await
            })
        })
        .collect();
    // Every reader has asked before the first read answers.
    while reads.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    for _ in 0..8 {
        tokio::task::yield_now().await;
    }
    open.send(true).unwrap();

    for reader in readers {
        assert_eq!(reader.await.unwrap(), Ok("page".to_owned()));
    }
    assert_eq!(reads.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_reader_that_goes_away_lets_the_next_one_read() {
    let (_, cache) = cache(ROOMY);
    let mut abandoned = Box::pin(cache.read_through(
        "home",
        std::future::pending::<Result<String, Infallible>>(),
        |_| true,
    ));
    assert!(futures::poll!(abandoned.as_mut()).is_pending());
    drop(abandoned);

    assert_eq!(read(&cache, "home", "page").await, answered("page", true));
}

#[test]
fn a_write_to_articles_leaves_what_was_read_from_users_current() {
    let invalidations = Invalidations::default();
    let (users, articles) = (Tables::Users, Tables::Articles);
    let before = (
        invalidations.current(users),
        invalidations.current(articles),
    );

    invalidations.invalidate(articles);

    assert_eq!(invalidations.current(users), before.0);
    assert_ne!(invalidations.current(articles), before.1);
}

#[test]
fn a_write_to_users_makes_everything_stale() {
    let invalidations = Invalidations::default();
    let (users, articles) = (Tables::Users, Tables::Articles);
    let before = (
        invalidations.current(users),
        invalidations.current(articles),
    );

    invalidations.invalidate(users);

    assert_ne!(invalidations.current(users), before.0);
    assert_ne!(invalidations.current(articles), before.1);
}
