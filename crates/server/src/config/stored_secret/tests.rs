use std::os::unix::fs::PermissionsExt;

use super::*;

fn sqlite_url(directory: &Path) -> String {
    format!("sqlite://{}/conduit.db", directory.display())
}

fn secret_file(directory: &Path) -> PathBuf {
    directory.join("conduit.db.jwt-secret")
}

fn write(path: &Path, text: &[u8], mode: u32) {
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn a_configured_secret_is_used_and_no_file_is_made() {
    let directory = tempfile::tempdir().unwrap();
    let configured = JwtSecret::new("c".repeat(32)).unwrap();
    let (secret, origin) = resolve(Some(configured), &sqlite_url(directory.path())).unwrap();
    assert_eq!(origin, SecretOrigin::Configured);
    assert_eq!(secret.as_bytes(), "c".repeat(32).as_bytes());
    assert!(!secret_file(directory.path()).exists());
}

#[test]
fn the_first_run_creates_an_owner_only_file_that_the_next_run_reuses() {
    let directory = tempfile::tempdir().unwrap();
    let url = sqlite_url(directory.path());
    let path = secret_file(directory.path());

    let (created, origin) = resolve(None, &url).unwrap();
    assert_eq!(origin, SecretOrigin::Created(path.clone()));
    let mode = fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.trim_end().as_bytes(), created.as_bytes());
    assert_eq!(created.as_bytes().len(), 64, "48 random bytes, base64");

    let (reused, origin) = resolve(None, &url).unwrap();
    assert_eq!(origin, SecretOrigin::Reused(path));
    assert_eq!(reused.as_bytes(), created.as_bytes());
}

#[test]
fn two_databases_get_two_secrets() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (first, _) = resolve(None, &sqlite_url(a.path())).unwrap();
    let (second, _) = resolve(None, &sqlite_url(b.path())).unwrap();
    assert_ne!(first.as_bytes(), second.as_bytes());
}

#[test]
fn the_file_sits_beside_the_database_however_the_url_spells_it() {
    for (url, path) in [
        ("sqlite://conduit.db", "conduit.db.jwt-secret"),
        ("sqlite:conduit.db", "conduit.db.jwt-secret"),
        ("sqlite://data/app.db?mode=rwc", "data/app.db.jwt-secret"),
        (
            "sqlite:///var/lib/conduit.db",
            "/var/lib/conduit.db.jwt-secret",
        ),
    ] {
        assert_eq!(secret_path(url), Some(PathBuf::from(path)), "{url}");
    }
}

#[test]
fn an_in_memory_database_gets_a_secret_for_this_process_only() {
    for url in [
        "sqlite::memory:",
        "sqlite://shared?mode=memory&cache=shared",
    ] {
        assert_eq!(secret_path(url), None, "{url}");
        let (first, origin) = resolve(None, url).unwrap();
        assert_eq!(origin, SecretOrigin::ThisProcess);
        let (second, _) = resolve(None, url).unwrap();
        assert_ne!(first.as_bytes(), second.as_bytes());
    }
}

#[test]
fn postgresql_without_a_secret_is_refused() {
    for url in ["postgres://u@h/db", "postgresql://u@h/db"] {
        let error = resolve(None, url).unwrap_err();
        assert!(matches!(error, ConfigError::SecretRequired), "{error:?}");
    }
    let configured = JwtSecret::new("p".repeat(32)).unwrap();
    let (_, origin) = resolve(Some(configured), "postgres://u@h/db").unwrap();
    assert_eq!(origin, SecretOrigin::Configured);
}

/// The message for `url`'s secret file as main prints it, causes included.
fn refusal(url: &str) -> String {
    let error = resolve(None, url).unwrap_err();
    let mut message = error.to_string();
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    message
}

#[test]
fn a_file_others_may_read_is_refused_with_the_fix() {
    let directory = tempfile::tempdir().unwrap();
    let path = secret_file(directory.path());
    write(&path, "s".repeat(64).as_bytes(), 0o640);
    let shown = path.display();
    assert_eq!(
        refusal(&sqlite_url(directory.path())),
        format!(
            "JWT_SECRET is not set and cannot be kept in {shown}: it may be read by other users \
             (mode 640): run `chmod 600 {shown}`"
        )
    );
}

#[test]
fn a_file_with_a_short_secret_is_refused_and_left_alone() {
    let directory = tempfile::tempdir().unwrap();
    let path = secret_file(directory.path());
    write(&path, b"short\n", 0o600);
    assert_eq!(
        refusal(&sqlite_url(directory.path())),
        format!(
            "JWT_SECRET is not set and cannot be kept in {}: the secret it holds must be at \
             least 32 bytes (got 5); delete the file to have a new one made (this signs \
             everyone out) or set JWT_SECRET",
            path.display()
        )
    );
    assert_eq!(fs::read(&path).unwrap(), b"short\n");
}

#[test]
fn a_file_that_cannot_be_read_is_refused_with_its_cause() {
    let directory = tempfile::tempdir().unwrap();
    let path = secret_file(directory.path());
    write(&path, &[0xff; 40], 0o600);
    assert_eq!(
        refusal(&sqlite_url(directory.path())),
        format!(
            "JWT_SECRET is not set and cannot be kept in {}: it could not be read: stream did \
             not contain valid UTF-8",
            path.display()
        )
    );
}

#[test]
fn a_file_that_cannot_be_made_is_refused_with_its_cause() {
    let directory = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/missing/conduit.db", directory.path().display());
    let message = refusal(&url);
    assert!(
        message.ends_with(": it could not be created: No such file or directory (os error 2)"),
        "{message}"
    );
}
