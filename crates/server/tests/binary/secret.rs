//! With no `JWT_SECRET`, where the signing secret comes from: a file beside a SQLite database,
//! kept from run to run; never a PostgreSQL instance's own invention.

use std::os::unix::fs::PermissionsExt;

use super::*;

/// Cheap hashing and no breached-password look-up: these runs register a user, and must not
/// reach the network.
const QUICK: [(&str, &str); 4] = [
    ("BREACH_CHECK", "off"),
    ("ARGON2_MEMORY_KIB", "8"),
    ("ARGON2_ITERATIONS", "1"),
    ("ARGON2_PARALLELISM", "1"),
];

fn register(address: &str) -> String {
    let body = r#"{"user":{"username":"jake","email":"jake@example.com","password":"a correct horse battery"}}"#;
    let response = request(
        address,
        "POST /api/users HTTP/1.1\r\nContent-Type: application/json\r\n",
        body,
    );
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    let (_, token) = response.split_once(r#""token":""#).unwrap();
    token.split('"').next().unwrap().to_owned()
}

fn current_user(address: &str, token: &str) -> String {
    request(
        address,
        &format!("GET /api/user HTTP/1.1\r\nAuthorization: Token {token}\r\n"),
        "",
    )
}

#[test]
fn without_a_secret_the_first_run_keeps_one_beside_the_database_and_a_restart_keeps_sessions() {
    let directory = tempfile::tempdir().unwrap();
    let secret_file = directory.path().join("conduit.db.jwt-secret");

    let first = Running::start_with(directory.path(), &QUICK);
    let logged = first.lines_until(ANNOUNCEMENT);
    let token = register(&address_in(logged.last().unwrap()));
    drop(first);

    let secret = std::fs::read_to_string(&secret_file).unwrap();
    assert!(
        secret.trim().len() >= 64,
        "a short secret: {} bytes",
        secret.len()
    );
    let mode = std::fs::metadata(&secret_file)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let created: Vec<&String> = logged
        .iter()
        .filter(|line| line.contains("jwt-secret"))
        .collect();
    assert_eq!(created.len(), 1, "{logged:#?}");
    assert!(created[0].contains("created"), "{}", created[0]);
    assert!(
        logged.iter().all(|line| !line.contains(secret.trim())),
        "the secret was logged"
    );

    let second = Running::start_with(directory.path(), &QUICK);
    let logged = second.lines_until(ANNOUNCEMENT);
    let address = address_in(logged.last().unwrap());
    assert!(
        logged
            .iter()
            .any(|line| line.contains("conduit.db.jwt-secret") && line.contains("reus")),
        "{logged:#?}"
    );
    let response = current_user(&address, &token);
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert_eq!(std::fs::read_to_string(&secret_file).unwrap(), secret);
}

#[test]
fn a_secret_file_others_can_read_stops_it_saying_how_to_fix_it() {
    let directory = tempfile::tempdir().unwrap();
    let secret_file = directory.path().join("conduit.db.jwt-secret");
    std::fs::write(&secret_file, "s".repeat(64)).unwrap();
    std::fs::set_permissions(&secret_file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = run(conduit(directory.path()).args(SERVE_HERE));
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: JWT_SECRET is not set and cannot be kept in conduit.db.jwt-secret: it may be \
         read by other users (mode 644): run `chmod 600 conduit.db.jwt-secret`\n"
    );
}

#[test]
fn on_postgresql_without_a_secret_it_stops_before_connecting_saying_why() {
    let directory = tempfile::tempdir().unwrap();
    // Nothing listens on port 1: had it tried to connect, the error would be about that.
    let output = run(conduit(directory.path()).args([
        "--port=0",
        "--database-url=postgres://conduit@127.0.0.1:1/conduit",
    ]));
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: JWT_SECRET must be set when DATABASE_URL is PostgreSQL: every instance must \
         sign and check tokens with the same secret (make one with `openssl rand -base64 48`)\n"
    );
}
