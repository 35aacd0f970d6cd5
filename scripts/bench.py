#!/usr/bin/env python3
"""`make bench` and `make load`: release builds of Conduit and of the hello example, on loopback.

bench: Conduit on a fresh database (SQLite file in a temporary directory, or a fresh PostgreSQL
       database), seeded through the API with 20 articles of 3 tags each, and the hello server
       (the ceiling) side by side; wrk -c64 over hello, GET /api/user (authenticated),
       GET /api/articles (anonymous) and mixed traffic (one favorite or unfavorite in ten
       requests, by several users, the rest anonymous lists), interleaved A B C D A B C D for
       --rounds rounds; then --hostile-duration seconds of hostile keys (anonymous lists with a
       random tag and offset each); prints Markdown tables: median req/s, p99, share of the
       ceiling, errors (every non-2xx answer and socket error), resident memory.
load:  the same Conduit, wrk -c64 over the read routes and the login route, one after the other,
       counting 5xx answers and socket errors; fails if there is any.
profile: instructions per request of one route under callgrind, which, unlike req/s, do not
       depend on what else the machine is doing (docs/performance.md).

Whatever happens (an error, Ctrl-C, SIGTERM), every process started here is stopped and the
PostgreSQL database dropped before the script exits.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "scripts" / "wrk-report.lua"
POSTGRES_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
CONNECTIONS = 64
ARTICLES = 20
STARTUP_DEADLINE = 120.0  # valgrind starts slowly
PASSWORD = "a long bench password"
TOGGLING_USERS = 4
# Page sizes that all give the 20 articles of the seed: keys of the same page.
UNCACHED_LIMITS = range(ARTICLES + 1, 101)


def interrupted(signum, _frame):
    raise KeyboardInterrupt(f"signal {signum}")


def log(message):
    print(message, file=sys.stderr, flush=True)


def build(workdir):
    """Release binaries of Conduit and the hello example, copied into `workdir` at once: a target
    directory shared with other checkouts may get another build of `conduit` at any moment."""
    log("building release binaries …")
    messages = subprocess.run(
        ["cargo", "build", "--release", "--locked", "-p", "conduit-server", "--bin", "conduit",
         "--example", "hello", "--message-format=json-render-diagnostics"],
        cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
    ).stdout
    copies = {}
    for line in messages.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            name = message["target"]["name"]
            copies[name] = workdir / name
            shutil.copy2(message["executable"], copies[name])
    return copies["conduit"], copies["hello"]


class Server:
    """A child process in its own session, so that a Ctrl-C meant for us reaches it only through
    `stop`, and `stop` reaches everything it started."""

    def __init__(self, name, command, env, log_path):
        self.name = name
        self.env = env
        self.log_path = log_path
        self.output = open(log_path, "wb")
        self.process = subprocess.Popen(
            command, env=env, stdout=self.output, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.address = self.wait_for_address()

    def wait_for_address(self):
        deadline = time.monotonic() + STARTUP_DEADLINE
        pattern = re.compile(rb"listening on http://([0-9.:]+)")
        while time.monotonic() < deadline:
            found = pattern.search(self.log_path.read_bytes())
            if found:
                return found.group(1).decode()
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start; its output:\n{self.log_path.read_text(errors='replace')}")

    def url(self, path):
        return f"http://{self.address}{path}"

    def memory_kib(self, field):
        """VmRSS (now) or VmHWM (peak) from /proc, in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(rf"^{field}:\s+(\d+) kB", status, re.MULTILINE).group(1))

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.output.close()


class PostgresDatabase:
    """A fresh database on the server of POSTGRES_ADMIN_URL, dropped by `drop`."""

    def __init__(self):
        self.name = f"conduit_bench_{os.getpid()}_{int(time.time())}"
        self.psql(f'CREATE DATABASE "{self.name}"')
        self.url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + self.name

    def psql(self, statement):
        subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", POSTGRES_ADMIN_URL, "-c", statement],
                       check=True, stdout=subprocess.DEVNULL)

    def drop(self):
        self.psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def request(server, method, path, body=None, token=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    call = urllib.request.Request(server.url(path), data=data, method=method, headers=headers)
    with urllib.request.urlopen(call, timeout=30) as response:
        return json.loads(response.read())


def seed(conduit):
    """One author (one registration, one login: throttling may watch both), 20 articles of 3 tags,
    a comment on the first; returns what the routes need."""
    email = "bench@example.com"
    request(conduit, "POST", "/api/users", {"user": {"username": "bench", "email": email, "password": PASSWORD}})
    token = request(conduit, "POST", "/api/users/login", {"user": {"email": email, "password": PASSWORD}})["user"]["token"]
    slugs = []
    for number in range(ARTICLES):
        article = {
            "title": f"Bench article {number}",
            "description": f"What article {number} is about",
            "body": f"# Article {number}\n\nSome *markdown* text that is long enough to be realistic. " * 5,
            "tagList": [f"tag{number % 7}", f"topic{number % 5}", "bench"],
        }
        created = request(conduit, "POST", "/api/articles", {"article": article}, token)
        slugs.append(created["article"]["slug"])
    slug = slugs[0]
    request(conduit, "POST", f"/api/articles/{slug}/comments", {"comment": {"body": "A comment."}}, token)
    return {"token": token, "email": email, "slug": slug, "slugs": slugs}


def register_togglers(conduit):
    """The users of the mixed traffic, each with the token its registration answered."""
    return [
        request(conduit, "POST", "/api/users", {"user": {
            "username": f"toggler{number}", "email": f"toggler{number}@example.com", "password": PASSWORD,
        }})["user"]["token"]
        for number in range(TOGGLING_USERS)
    ]


def wrk(url, seconds, count_statuses=False, method="GET", body=None, token=None, timeout=2, watch=None,
        hostile=False, toggle_tokens=(), toggle_slugs=()):
    """One wrk run; its summary (see scripts/wrk-report.lua) plus the highest VmRSS of `watch`
    sampled during the run. `hostile`: a random tag and offset on every request; `toggle_tokens`
    and `toggle_slugs`: one request in ten favorites or unfavorites one of the articles as one of
    the users."""
    env = dict(os.environ, WRK_METHOD=method, WRK_BODY=json.dumps(body) if body else "",
               WRK_AUTHORIZATION=f"Token {token}" if token else "",
               WRK_COUNT_STATUSES="1" if count_statuses else "0",
               WRK_HOSTILE="1" if hostile else "0",
               WRK_TOGGLE_TOKENS=",".join(toggle_tokens), WRK_TOGGLE_SLUGS=",".join(toggle_slugs))
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", f"--timeout={timeout}s", "--latency",
               "-s", str(LUA), url]
    peak_rss = [0]
    running = threading.Event()

    def sample():
        while not running.wait(0.1):
            peak_rss[0] = max(peak_rss[0], watch.memory_kib("VmRSS"))

    sampler = threading.Thread(target=sample, daemon=True) if watch else None
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, start_new_session=True)
    try:
        if sampler:
            sampler.start()
        output, _ = process.communicate(timeout=seconds + timeout + 30)
    finally:
        running.set()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    found = re.search(r"^WRK_JSON (.*)$", output, re.MULTILINE)
    if process.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed on {url}:\n{output}")
    result = json.loads(found.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["socket_errors"] = sum(result[kind] for kind in ("connect", "read", "write", "timeout"))
    # wrk's own count of error statuses starts at 400; ours, where the script inspects every
    # answer, counts everything but 2xx.
    result["errors"] = result["socket_errors"] + max(result["non_2xx_3xx"], result["not_ok"])
    result["peak_rss_kib"] = peak_rss[0]
    return result


def start_conduit(stack, binary, workdir, database, wrapper=lambda binary: [str(binary)], preload=None):
    if database == "postgres":
        postgres = PostgresDatabase()
        stack.callback(postgres.drop)
        url = postgres.url
    else:
        url = f"sqlite://{workdir / 'bench.db'}"
    env = dict(os.environ, PORT="0", HOST="127.0.0.1", DATABASE_URL=url, BREACH_CHECK="off",
               JWT_SECRET="a bench secret that is at least thirty-two bytes long")
    env.pop("RUST_LOG", None)  # the production default, `info`: one access-log line per request
    if preload:
        env["LD_PRELOAD"] = preload
    conduit = Server("conduit", wrapper(binary), env, workdir / "conduit.log")
    stack.callback(conduit.stop)
    return conduit


def mib(kib):
    return f"{kib / 1024:.1f} MiB"


def bench(args, stack, conduit_binary, hello_binary, workdir):
    conduit = start_conduit(stack, conduit_binary, workdir, args.database, preload=args.preload)
    hello = Server("hello", [str(hello_binary)], dict(os.environ), workdir / "hello.log")
    stack.callback(hello.stop)
    at_start = {hello: hello.memory_kib("VmRSS"), conduit: conduit.memory_kib("VmRSS")}
    seeded = seed(conduit)
    togglers = register_togglers(conduit)
    # Seeding hashes passwords; argon2's working memory (19 MiB each) is freed once they are done.
    seeded_rss = {hello: at_start[hello], conduit: conduit.memory_kib("VmRSS")}
    mixed = (f"mixed: `GET /api/articles`, anonymous, and one favorite or unfavorite in ten "
             f"by {TOGGLING_USERS} users")
    routes = [
        ("hello server `GET /`", hello, dict(url=hello.url("/"))),
        ("`GET /api/user`, authenticated", conduit, dict(url=conduit.url("/api/user"), token=seeded["token"])),
        (f"`GET /api/articles`, {ARTICLES} articles, anonymous", conduit, dict(url=conduit.url("/api/articles"))),
        (mixed, conduit, dict(url=conduit.url("/api/articles"), toggle_tokens=togglers, toggle_slugs=seeded["slugs"])),
    ]
    runs = {name: [] for name, _, _ in routes}
    for round_number in range(1, args.rounds + 1):
        for name, server, options in routes:
            result = wrk(seconds=args.duration, watch=server, **options)
            log(f"round {round_number}: {name}: {result['rps']:.0f} req/s, p99 {result['p99_us'] / 1000:.2f} ms")
            runs[name].append(result)
    toggles = sum(run["toggles"] for run in runs[mixed])
    mixed_requests = sum(run["requests"] for run in runs[mixed])
    before_hostile = conduit.memory_kib("VmRSS")
    log(f"hostile keys for {args.hostile_duration} s …")
    hostile = wrk(url=conduit.url("/api/articles"), seconds=args.hostile_duration, watch=conduit, hostile=True)
    after_hostile = conduit.memory_kib("VmRSS")
    ceiling = statistics.median(run["rps"] for run in runs[routes[0][0]])
    print(f"\n`make bench DATABASE={args.database}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"{machine()}, load average before the run {args.load_before}; wrk -t2 -c{CONNECTIONS} "
          f"-d{args.duration}s, {args.rounds} interleaved rounds, medians\n")
    print("| route | req/s | p99 | share of hello | errors |")
    print("|---|---:|---:|---:|---:|")
    for name, _, _ in routes:
        rps = statistics.median(run["rps"] for run in runs[name])
        p99 = statistics.median(run["p99_us"] for run in runs[name]) / 1000
        errors = sum(run["errors"] for run in runs[name])
        print(f"| {name} | {rps:,.0f} | {p99:.2f} ms | {rps / ceiling:.1%} | {errors} |")
    print(f"\nMixed: {toggles:,} of {mixed_requests:,} requests were toggles answered with their article "
          f"({toggles / max(mixed_requests, 1):.1%}).")
    print(f"\nHostile keys, {args.hostile_duration} s of `GET /api/articles?tag=<random>&offset=<random>`, "
          f"anonymous:\n")
    print("| requests | req/s | p99 | errors | RSS at start | highest RSS | RSS at the end |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {hostile['requests']:,} | {hostile['rps']:,.0f} | {hostile['p99_us'] / 1000:.2f} ms "
          f"| {hostile['errors']} | {mib(before_hostile)} | {mib(hostile['peak_rss_kib'])} | {mib(after_hostile)} |")
    print("\n| server | RSS at start | RSS after seeding | highest RSS under load | peak (VmHWM) |")
    print("|---|---:|---:|---:|---:|")
    for server in (hello, conduit):
        under_load = max(run["peak_rss_kib"] for name, owner, _ in routes if owner is server for run in runs[name])
        print(f"| {server.name} ({args.database if server is conduit else 'no database'}) "
              f"| {mib(at_start[server])} | {mib(seeded_rss[server])} | {mib(under_load)} "
              f"| {mib(server.memory_kib('VmHWM'))} |")
    return 0


def load(args, stack, conduit_binary, workdir):
    conduit = start_conduit(stack, conduit_binary, workdir, args.database)
    seeded = seed(conduit)
    slug = seeded["slug"]
    login = {"user": {"email": seeded["email"], "password": PASSWORD}}
    routes = [
        ("GET /api/articles", dict(url=conduit.url("/api/articles"))),
        ("GET /api/articles/{slug}", dict(url=conduit.url(f"/api/articles/{slug}"))),
        ("GET /api/tags", dict(url=conduit.url("/api/tags"))),
        ("GET /api/profiles/{username}", dict(url=conduit.url("/api/profiles/bench"))),
        ("GET /api/articles/{slug}/comments", dict(url=conduit.url(f"/api/articles/{slug}/comments"))),
        # argon2 at production cost, two hashes at a time: 64 waiting logins take seconds.
        ("POST /api/users/login", dict(url=conduit.url("/api/users/login"), method="POST", body=login, timeout=20)),
    ]
    print(f"\n`make load DATABASE={args.database}`, {time.strftime('%Y-%m-%d', time.gmtime())}, {machine()}; "
          f"wrk -t2 -c{CONNECTIONS} -d{args.duration}s per route\n")
    print("| route | requests | req/s | p99 | non-2xx | 5xx | socket errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    failures = 0
    for name, options in routes:
        result = wrk(seconds=args.duration, count_statuses=True, watch=conduit, **options)
        failures += result["server_errors"] + result["socket_errors"]
        print(f"| `{name}` | {result['requests']:,} | {result['rps']:,.0f} | {result['p99_us'] / 1000:.1f} ms "
              f"| {result['not_ok']} | {result['server_errors']} | {result['socket_errors']} |", flush=True)
    print(f"\nConduit's peak resident memory: {mib(conduit.memory_kib('VmHWM'))}")
    if failures:
        print(f"FAILED: {failures} 5xx answers or socket errors")
        return 1
    return 0


def profile(args, stack, conduit_binary, hello_binary, workdir):
    """Instructions per request under callgrind (load-independent, unlike wall-clock numbers on a
    shared machine): instrumentation is switched on only around --requests sequential requests of
    one route on one keep-alive connection; the profile is left for callgrind_annotate.

    `articles-uncached` is the anonymous list read from the database every time, as under writes:
    each request asks for a page no earlier request asked for since the last write (`limit` 21 to
    100 all give the 20 articles), and a favorite made with instrumentation off, before each run
    of such keys, makes every kept page stale."""
    out = workdir / "callgrind.out"
    if args.route == "hello":
        server = Server("hello", valgrind(hello_binary, out), dict(os.environ), workdir / "hello.log")
        stack.callback(server.stop)
        paths, token = ["/"], None
    else:
        server = start_conduit(stack, conduit_binary, workdir, args.database,
                               wrapper=lambda binary: valgrind(binary, out), preload=args.preload)
        seeded = seed(server)
        paths, token = {
            "user": (["/api/user"], seeded["token"]),
            "articles": (["/api/articles"], None),
            "articles-uncached": ([f"/api/articles?limit={limit}" for limit in UNCACHED_LIMITS], None),
        }[args.route]
    connection = http.client.HTTPConnection(server.address, timeout=60)
    headers = {"Authorization": f"Token {token}"} if token else {}

    def send(count):
        for number in range(count):
            path = paths[number % len(paths)]
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"GET {path}: {response.status}")

    def write(number):
        """A favorite or unfavorite of the first article: every kept page is stale after it."""
        method = "POST" if number % 2 == 0 else "DELETE"
        request(server, method, f"/api/articles/{seeded['slug']}/favorite", token=seeded["token"])

    # Warm: pool connections open, statements prepared (on every connection, for the uncached route).
    send(50)
    # vgdb finds the process by a name made of $USER and $HOST, so it needs the server's $HOST.
    instrument = ["callgrind_control", "-i"]
    uncached = args.route == "articles-uncached"
    left, run = args.requests, 0
    while left > 0:
        if uncached:
            write(run)
        batch = min(left, len(paths)) if uncached else left
        subprocess.run(instrument + ["on", str(server.process.pid)], env=server.env, check=True,
                       stdout=subprocess.DEVNULL)
        send(batch)
        subprocess.run(instrument + ["off", str(server.process.pid)], env=server.env, check=True,
                       stdout=subprocess.DEVNULL)
        left -= batch
        run += 1
    connection.close()
    server.stop()
    totals = re.search(r"^totals: (\d+)", out.read_text(errors="replace"), re.MULTILINE)
    per_request = int(totals.group(1)) / args.requests
    kept = Path(args.keep) if args.keep else None
    if kept:
        shutil.copy(out, kept)
    print(f"{args.route} ({args.database}): {per_request:,.0f} instructions per request over {args.requests} requests"
          + (f"; profile: {kept}" if kept else ""))
    return 0


def valgrind(binary, out):
    return ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}", str(binary)]


def machine():
    model = re.search(r"^model name\s*:\s*(.*)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
    return f"{os.cpu_count()} × {model.group(1).strip() if model else 'unknown CPU'}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=["bench", "load", "profile"])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=int, help="seconds per wrk run (bench: 5, load: 6)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of bench (at least 3)")
    parser.add_argument("--hostile-duration", type=int, default=60, help="bench: seconds of hostile keys")
    parser.add_argument("--route", choices=["hello", "user", "articles", "articles-uncached"], default="user", help="profile: which route")
    parser.add_argument("--requests", type=int, default=1000, help="profile: requests measured")
    parser.add_argument("--keep", help="profile: where to copy the callgrind profile")
    parser.add_argument("--preload", help="LD_PRELOAD for Conduit only, e.g. another malloc (bench)")
    parser.add_argument("--conduit", help="this Conduit binary instead of the release build (before/after)")
    args = parser.parse_args()
    args.duration = args.duration or (5 if args.mode == "bench" else 6)
    if args.rounds < 3:
        parser.error("--rounds: at least 3, so that the median means something")
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop, interrupted)
    started = time.monotonic()
    args.load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        with ExitStack() as stack:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="conduit-bench-")))
            conduit_binary, hello_binary = build(workdir)
            conduit_binary = Path(args.conduit) if args.conduit else conduit_binary
            if args.mode == "bench":
                status = bench(args, stack, conduit_binary, hello_binary, workdir)
            elif args.mode == "load":
                status = load(args, stack, conduit_binary, workdir)
            else:
                status = profile(args, stack, conduit_binary, hello_binary, workdir)
    except KeyboardInterrupt:
        log("interrupted: everything this run started has been stopped")
        return 130
    log(f"{args.mode} took {time.monotonic() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
