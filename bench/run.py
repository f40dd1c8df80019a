"""`make bench`: build an archive, serve it like production, load it with wrk, report.

Steps: a fresh database (PostgreSQL database `newsroom_bench` on 127.0.0.1:5432 when psql
can reach it, else SQLite in bench/data/; DATABASE_URL overrides both), an archive from
bench/generate.py, EXPLAIN of the home and section lists, three gunicorn servers (page cache
on, with Redis when it answers on 127.0.0.1:6379; page cache off; and page and fragment
caches off), nginx with the micro-cache when it is installed, wrk runs of BENCH_SECONDS
each, a reliability run of BENCH_RELIABILITY_SECONDS with 64 connections while
bench/editor.py edits and publishes, and a cProfile of the article page. Results go to
stdout and bench/results.md.

Environment: BENCH_ARTICLES (100000), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (2, before
each row), BENCH_RELIABILITY_SECONDS (60), BENCH_CONNECTIONS (16), BENCH_PORT (8141: the first
of four ports).
"""

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import textwrap
import time
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path

import gunicorn

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results.md"
PYTHON = sys.executable

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
# Each row is measured after this long under the same load, unmeasured: its workers have
# their database connections open and their parts in memory, as they would in service.
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "2"))
RELIABILITY_SECONDS = int(os.environ.get("BENCH_RELIABILITY_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
FIRST_PORT = int(os.environ.get("BENCH_PORT", "8141"))
PORTS = {
    "cached": FIRST_PORT,
    "uncached": FIRST_PORT + 1,
    "cold": FIRST_PORT + 3,
    "nginx": FIRST_PORT + 2,
}
REDIS_URL = "redis://127.0.0.1:6379/14"
# Words from bench/generate.py's vocabulary: common and rare ones, one and two words, a
# phrase, a name, and a word no article holds.
SEARCH_QUERIES = [
    "harbour+reopens",
    "ceasefire",
    "election+Kyiv",
    "pipeline+stalls",
    "Kovalenko",
    "vaccine+faces+inquiry",
    "Lima+agency+office+123",
    "typhoon",
]

# gunicorn 25.1+ opens a control socket, at one path for every server on the machine.
NO_CONTROL_SOCKET = ["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []


def say(message):
    print(message, flush=True)


def run(command, environment=None, **kwargs):
    return subprocess.run(
        command, cwd=ROOT, env=environment, check=True, text=True, capture_output=True, **kwargs
    ).stdout


# --- Setting up -----------------------------------------------------------------------------


def database_url():
    """DATABASE_URL if set; else a fresh newsroom_bench on local PostgreSQL; else SQLite."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if shutil.which("psql") and shutil.which("pg_isready"):
        ready = subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"])
        if ready.returncode == 0:
            psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q"]
            run([*psql, "-c", "DROP DATABASE IF EXISTS newsroom_bench"])
            run([*psql, "-c", "CREATE DATABASE newsroom_bench"])
            return "postgres://postgres@127.0.0.1:5432/newsroom_bench"
    database = DATA / "bench.sqlite3"
    database.unlink(missing_ok=True)
    return f"sqlite:///{database}"


def redis_reachable():
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.RedisError:
        return False


def forget_cached_pages(prefix):
    """Drop this run's pages and counters from Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing wrk with apt-get")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            env=quiet,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")


def wait_for(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"The server for {url} exited; see {DATA}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    sys.exit(f"Nothing answered at {url} after {seconds} s")


def start_gunicorn(environment, name, port, *, page_cache, fragments=True):
    log = open(DATA / f"gunicorn-{name}.log", "w")  # noqa: SIM115 - lives as long as the server.
    server_environment = {
        **environment,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "NEWSROOM_PAGE_CACHE": "1" if page_cache else "0",
    }
    if not fragments:
        server_environment["NEWSROOM_FRAGMENT_CACHE_SECONDS"] = "0"
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "--config",
        "deploy/gunicorn.conf.py",
        *NO_CONTROL_SOCKET,
    ]
    return subprocess.Popen(
        [*command, "newsroom.wsgi"],
        cwd=ROOT,
        env=server_environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


NGINX_CONF = """\
daemon off;
worker_processes auto;
pid {data}/nginx.pid;
error_log {data}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {data}/nginx-body;
    proxy_temp_path {data}/nginx-proxy;
    fastcgi_temp_path {data}/nginx-fastcgi;
    uwsgi_temp_path {data}/nginx-uwsgi;
    scgi_temp_path {data}/nginx-scgi;
    # As in deploy/nginx.conf: a micro-cache in front of gunicorn, which says how long
    # (X-Accel-Expires: 5) for public pages.
    proxy_cache_path {data}/nginx-cache levels=1:2 keys_zone=newsroom:10m max_size=256m
                     inactive=1m use_temp_path=off;
    upstream newsroom {{ server 127.0.0.1:{upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        location = /static-article.html {{
            default_type text/html;
            alias {data}/static-article.html;
        }}
        location / {{
            proxy_pass http://newsroom;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_cache newsroom;
            proxy_cache_key "$scheme$request_method$host$request_uri";
            proxy_cache_valid 200 301 302 5s;
            proxy_cache_lock on;
            proxy_cache_use_stale updating error timeout;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


def start_nginx():
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx:
        return None
    user = "user root;" if os.geteuid() == 0 else ""
    conf = DATA / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(data=DATA, user=user, port=PORTS["nginx"], upstream=PORTS["cached"])
    )
    log = open(DATA / "nginx.log", "w")  # noqa: SIM115 - lives as long as the server.
    return subprocess.Popen(
        [nginx, "-c", str(conf), "-p", str(DATA)], stdout=log, stderr=subprocess.STDOUT
    )


# --- Measuring --------------------------------------------------------------------------------

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def wrk(url, *, connections=CONNECTIONS, seconds=SECONDS, script=None):
    command = ["wrk", "--latency", "-t", "2", "-c", str(connections), "-d", f"{seconds}s"]
    if script:
        command += ["-s", str(script)]
    output = run([*command, url], timeout=seconds + 60)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        sys.exit(f"Could not read wrk's latency percentiles for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    # "Socket errors: connect 0, read 0, write 0, timeout 3": requests that never got an answer.
    socket_errors = re.search(r"Socket errors: (.*)$", output, re.MULTILINE)
    bad_responses = int(errors[1]) if errors else 0
    failed_requests = sum(map(int, re.findall(r"\d+", socket_errors[1]))) if socket_errors else 0
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50_ms": milliseconds(percentiles["50"]),
        "p99_ms": milliseconds(percentiles["99"]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "bad_responses": bad_responses,
        "socket_errors": socket_errors[1] if socket_errors else "none",
        "failed_requests": failed_requests,
        "errors": bad_responses + failed_requests,
    }


ROTATE_SCRIPT = """\
paths = {{{paths}}}
counter = 0
request = function()
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def manage_shell(environment, code):
    return run([PYTHON, "manage.py", "shell", "--no-imports", "-c", code], environment)


EXPLAIN = """
from articles.models import Article, Section
section = Section.objects.order_by("pk").first()
# The queries the views run (articles/views.py).
lists = {
    "home": Article.objects.published().for_cards().newest_first()[:20],
    "section": Article.objects.published().in_section(section).for_cards().newest_first()[:20],
    "search": Article.objects.published().search("harbour reopens").values_list("pk", flat=True),
}
for name, queryset in lists.items():
    print("=== " + name)
    print(queryset.explain(analyze=True) if queryset.db == "default" else "")
"""


def explain(environment):
    output = manage_shell(environment, EXPLAIN)
    plans = dict(re.findall(r"=== (\w+)\n(.*?)(?=\n=== |\Z)", output, re.DOTALL))
    return {name: plan.strip() for name, plan in plans.items()}


PROFILE = """
import cProfile, pstats, io, time
from django.test import Client
client = Client()
url = "{url}"
client.get(url)
profiler = cProfile.Profile()
started = time.perf_counter()
profiler.enable()
for _ in range({count}):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
profiler.disable()
elapsed = time.perf_counter() - started
print("PER_REQUEST_MS", elapsed * 1000 / {count})
stream = io.StringIO()
pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(20)
print(stream.getvalue())
"""


def profile(environment, url, count=200, *, fragments=True):
    code = PROFILE.format(url=url, count=count)
    # The test client calls itself "testserver".
    hosts = environment["DJANGO_ALLOWED_HOSTS"] + ",testserver"
    profile_environment = {**environment, "NEWSROOM_PAGE_CACHE": "0", "DJANGO_ALLOWED_HOSTS": hosts}
    if not fragments:
        profile_environment["NEWSROOM_FRAGMENT_CACHE_SECONDS"] = "0"
    output = manage_shell(profile_environment, code)
    per_request = float(re.search(r"PER_REQUEST_MS ([\d.]+)", output)[1])
    table = output[output.index("ncalls") :] if "ncalls" in output else output
    return per_request, "\n".join(line[:150] for line in table.splitlines()[:22])


# --- Reporting ----------------------------------------------------------------------------------


def verdict(met):
    return "met" if met else "**not met**"


def machine():
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if names:
            return names[0]
    return platform.machine()


def kept_analysis():
    """The hand-written "## Analysis" part of the last results, kept across runs."""
    if not RESULTS.exists():
        return ""
    text = RESULTS.read_text()
    return text[text.index("## Analysis") :] if "## Analysis" in text else ""


def write_results(report):
    rows = report["rows"]
    baseline = report["baseline"]
    workers = f"{report['workers']} {report['worker_class']} workers"
    if report["worker_class"] == "gthread":
        workers += f" of {report['threads']} thread(s)"
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {report['date']} with **{report['articles']:,} articles** "
        f"(BENCH_ARTICLES) on {report['database']}, page cache "
        f"{'in Redis' if report['redis'] else 'in per-process memory (no Redis)'}, "
        f"{report['cores']} CPU cores ({report['machine']}), gunicorn with "
        f"{workers} (deploy/gunicorn.conf.py; "
        "GUNICORN_MAX_REQUESTS "
        f"{report['max_requests']}, so {report['restarts']} worker restarts during the run), "
        "wrk with "
        f"{CONNECTIONS} connections for {SECONDS} s per page (after {WARMUP_SECONDS} s of the "
        "same load, not measured), on the same machine.",
        "",
        f"Generating the archive took **{report['generate_seconds']:.1f} s**.",
        "",
        "| Page | Served by | Requests/s | p50 (ms) | p99 (ms) | vs static | Failed |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        ratio = row["requests_per_second"] / baseline if baseline else 0
        lines.append(
            f"| {row['name']} | {row['via']} | {row['requests_per_second']:,.0f} | "
            f"{row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {ratio:.0%} | {row['errors']} |"
        )
    lines += ["", "## Targets", "", "| Target | Measured | Result |", "|---|---|---|"]
    for target, measured, met in report["targets"]:
        lines.append(f"| {target} | {measured} | {verdict(met)} |")
    reliability = report["reliability"]
    lines += [
        "",
        "## Reliability",
        "",
        f"{reliability['seconds']} s with 64 connections against the cached server, rotating "
        "over article, home and section pages, while bench/editor.py edited headlines and "
        "published new stories, fetching each changed page right after saving it.",
        "",
        f"- Requests: {reliability['requests']:,}, non-2xx/3xx responses: "
        f"{reliability['bad_responses']}, socket errors: {reliability['socket_errors']}",
        f"- Edits saved: {reliability['edits']} (of them {reliability['published']} new stories "
        f"published); stale pages seen right after an edit: {reliability['stale_pages']}; "
        f"edits missing from the database at the end: {len(reliability['lost_edits'])}",
        "",
        "## Query plans (EXPLAIN ANALYZE)",
        "",
    ]
    for name, plan in report["plans"].items():
        lines += [f"{name}:", "", "```", plan or "(not PostgreSQL: no plan)", "```", ""]
    lines += [
        "## Profile of the article page",
        "",
        f"cProfile over {report['profile_count']} renders through the test client, page cache "
        f"off: {report['profile_ms']:.1f} ms per request with the parts of the page cached, "
        f"{report['cold_ms']:.1f} ms with nothing cached (profiling overhead included). The "
        "functions that took the most time themselves, parts cached:",
        "",
        "```",
        report["profile"],
        "```",
        "",
        "## Notes",
        "",
        *report["notes"],
        "",
    ]
    RESULTS.write_text("\n".join(lines) + kept_analysis())


def main():
    DATA.mkdir(parents=True, exist_ok=True)
    ensure_wrk()
    url = database_url()
    redis = redis_reachable()
    cores = os.cpu_count() or 1
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL if redis else "",
        "NEWSROOM_CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSROOM_STATIC_MANIFEST": "1",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    say(f"Database: {database} ({url}); Redis: {'yes' if redis else 'no'}; cores: {cores}")
    run([PYTHON, "manage.py", "migrate", "--noinput", "--verbosity", "0"], environment)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], environment)

    say(f"Generating {ARTICLES:,} articles")
    output = run([PYTHON, "bench/generate.py", "--articles", str(ARTICLES)], environment)
    generate_seconds = float(re.search(r"in ([\d.]+) s", output)[1])
    say(output.strip())

    plans = explain(environment)
    for name, plan in plans.items():
        say(f"EXPLAIN {name}:\n{textwrap.indent(plan, '  ')}")

    servers = []
    try:
        uncached = f"http://127.0.0.1:{PORTS['uncached']}"
        cached = f"http://127.0.0.1:{PORTS['cached']}"
        servers.append(start_gunicorn(environment, "uncached", PORTS["uncached"], page_cache=0))
        servers.append(start_gunicorn(environment, "cached", PORTS["cached"], page_cache=1))
        cold = f"http://127.0.0.1:{PORTS['cold']}"
        servers.append(
            start_gunicorn(environment, "cold", PORTS["cold"], page_cache=0, fragments=False)
        )
        wait_for(f"{cold}/robots.txt", servers[2])
        wait_for(f"{uncached}/robots.txt", servers[0])
        wait_for(f"{cached}/robots.txt", servers[1])
        article = "/articles/story-10/"
        section = "/sections/world/"
        # Readers search for many things: wrk cycles through these queries.
        search_script = DATA / "search.lua"
        search_paths = ", ".join(f'"/search/?q={query}"' for query in SEARCH_QUERIES)
        search_script.write_text(ROTATE_SCRIPT.format(paths=search_paths))
        (DATA / "static-article.html").write_text(wait_for(uncached + article, servers[0]))
        nginx = start_nginx()
        if nginx:
            servers.append(nginx)
            wait_for(f"http://127.0.0.1:{PORTS['nginx']}/static-article.html", nginx)
            # One request fills the micro-cache, as one read brings the static file into
            # memory. Started empty, nginx's cache lock held the other connections for up to
            # half a second, which put that row's p99 at about 370 ms (3 ms once filled).
            wait_for(f"http://127.0.0.1:{PORTS['nginx']}{article}", nginx)
        nginx_url = f"http://127.0.0.1:{PORTS['nginx']}"

        plan = []
        if nginx:
            plan.append(("Static copy of the article", "nginx", nginx_url + "/static-article.html"))
        plan += [
            ("Article, nothing cached", "gunicorn", cold + article),
            ("Article, uncached", "gunicorn", uncached + article),
            ("Article, cached", "gunicorn + page cache", cached + article),
        ]
        if nginx:
            plan.append(("Article, cached", "nginx micro-cache + gunicorn", nginx_url + article))
        plan += [
            ("Home, nothing cached", "gunicorn", cold + "/"),
            ("Home, uncached", "gunicorn", uncached + "/"),
            ("Home, cached", "gunicorn + page cache", cached + "/"),
            ("Section, uncached", "gunicorn", uncached + section),
            ("Section, cached", "gunicorn + page cache", cached + section),
            ("Search, uncached", "gunicorn", (uncached + "/", search_script)),
            ("RSS feed, uncached", "gunicorn", uncached + "/feed/"),
            ("RSS feed, cached", "gunicorn + page cache", cached + "/feed/"),
        ]
        rows = []
        for name, via, address in plan:
            address, script = address if isinstance(address, tuple) else (address, None)
            if WARMUP_SECONDS:
                wrk(address, script=script, seconds=WARMUP_SECONDS)
            result = wrk(address, script=script)
            rows.append({"name": name, "via": via, **result})
            say(
                f"{name:<28} {via:<30} {result['requests_per_second']:>9,.0f} req/s  "
                f"p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms  "
                f"errors {result['errors']}"
            )
        baseline = rows[0]["requests_per_second"] if nginx else 0

        say(f"Reliability: 64 connections for {RELIABILITY_SECONDS} s while an editor works")
        slugs = [f"story-{number}" for number in range(20)]
        paths = [f"/articles/{slug}/" for slug in slugs] + ["/", section]
        script = DATA / "rotate.lua"
        script.write_text(ROTATE_SCRIPT.format(paths=", ".join(f'"{p}"' for p in paths)))
        editor = subprocess.Popen(
            [
                PYTHON,
                "bench/editor.py",
                "--seconds",
                str(RELIABILITY_SECONDS),
                "--site",
                cached,
                "--slugs",
                ",".join(slugs),
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            text=True,
        )
        load = wrk(cached + "/", connections=64, seconds=RELIABILITY_SECONDS, script=script)
        editor_output, _ = editor.communicate(timeout=RELIABILITY_SECONDS + 120)
        reliability = {"seconds": RELIABILITY_SECONDS, **load, **json.loads(editor_output)}
        say(json.dumps(reliability))
    finally:
        for server in reversed(servers):
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if redis:
            forget_cached_pages(environment["NEWSROOM_CACHE_KEY_PREFIX"])

    # Workers booted beyond the first ones were replaced after GUNICORN_MAX_REQUESTS requests.
    workers = int(os.environ.get("GUNICORN_WORKERS", cores * 2 + 1))
    threads = int(os.environ.get("GUNICORN_THREADS", "1"))
    worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
    if not redis:
        # As deploy/gunicorn.conf.py does without REDIS_URL: one process shares one cache.
        workers, threads = 1, int(os.environ.get("GUNICORN_THREADS", workers))
        worker_class = "gthread"
    boots = sum(
        (DATA / f"gunicorn-{name}.log").read_text().count("Booting worker")
        for name in ("cached", "uncached", "cold")
    )
    restarts = boots - 3 * workers
    say("Profiling the article page")
    profile_count = 200
    profile_ms, profile_table = profile(environment, article, profile_count)
    cold_ms, _ = profile(environment, article, profile_count, fragments=False)

    by_name = {(row["name"], row["via"]): row for row in rows}
    targets = []

    def target(description, row_key, check, measured):
        row = by_name.get(row_key)
        if row is None:
            targets.append((description, "not measured", False))
        else:
            targets.append((description, measured(row), check(row)))

    rps = lambda row: f"{row['requests_per_second']:,.0f} req/s"  # noqa: E731
    p99 = lambda row: f"p99 {row['p99_ms']:.1f} ms"  # noqa: E731
    target(
        "Uncached article ≥ 1,000 req/s",
        ("Article, uncached", "gunicorn"),
        lambda row: row["requests_per_second"] >= 1000,
        rps,
    )
    target(
        "Cached article ≥ 2,500 req/s (gunicorn + Redis)",
        ("Article, cached", "gunicorn + page cache"),
        lambda row: row["requests_per_second"] >= 2500 and redis,
        rps,
    )
    if nginx:
        target(
            "Cached article through nginx ≥ 50 % of static",
            ("Article, cached", "nginx micro-cache + gunicorn"),
            lambda row: row["requests_per_second"] >= 0.5 * baseline,
            lambda row: f"{row['requests_per_second'] / baseline:.0%} of static",
        )
    for name in ("Home", "Section"):
        for state, via in (("uncached", "gunicorn"), ("cached", "gunicorn + page cache")):
            target(
                f"{name} p99 ≤ 50 ms with {ARTICLES:,} articles ({state})",
                (f"{name}, {state}", via),
                lambda row: row["p99_ms"] <= 50,
                p99,
            )
    target(
        f"Search p99 ≤ 150 ms over {ARTICLES:,} articles on PostgreSQL",
        ("Search, uncached", "gunicorn"),
        lambda row: row["p99_ms"] <= 150 and database == "PostgreSQL",
        p99,
    )
    # 120 s per 100,000 articles, scaled to the archive built (small ones have a fixed cost).
    generate_limit = max(120 * ARTICLES / 100_000, 5)
    targets.append(
        (
            f"Generating {ARTICLES:,} articles ≤ {generate_limit:.0f} s (120 s per 100,000)",
            f"{generate_seconds:.1f} s",
            generate_seconds <= generate_limit,
        )
    )
    targets.append(
        (
            "Reliability: no failed request (non-2xx/3xx, timeout, socket error), no lost "
            "edit, no stale page",
            f"{reliability['bad_responses']} bad, {reliability['failed_requests']} unanswered, "
            f"{len(reliability['lost_edits'])} lost, {reliability['stale_pages']} stale",
            reliability["bad_responses"] == 0
            and reliability["failed_requests"] == 0
            and not reliability["lost_edits"]
            and reliability["stale_pages"] == 0,
        )
    )
    for description, measured, met in targets:
        say(f"{description}: {measured} — {'met' if met else 'NOT MET'}")

    write_results(
        {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "articles": ARTICLES,
            "database": database,
            "redis": redis,
            "cores": cores,
            "machine": machine(),
            "workers": workers,
            "threads": threads,
            "worker_class": worker_class,
            "max_requests": os.environ.get("GUNICORN_MAX_REQUESTS", "20000"),
            "restarts": restarts,
            "generate_seconds": generate_seconds,
            "rows": rows,
            "baseline": baseline,
            "targets": targets,
            "reliability": reliability,
            "plans": plans,
            "profile_count": profile_count,
            "profile_ms": profile_ms,
            "cold_ms": cold_ms,
            "profile": profile_table,
            "notes": [
                "- wrk, the servers, PostgreSQL and Redis share the same cores, so every "
                "number here is lower than on a machine where the load comes from elsewhere.",
                '- "Cached" is the production setting. "Uncached" is a second gunicorn started '
                "with NEWSROOM_PAGE_CACHE=0: every request runs the view and renders the page, "
                "its parts (an article's body and sources, the cards of a list) coming from the "
                "fragment cache (Redis, and each worker's own memory in front of it), as they do "
                "in production after every publication retires the cached pages. Only the "
                "stories' ids and versions are read from PostgreSQL. "
                '"Nothing cached" is a third gunicorn with the fragment cache off '
                "too (NEWSROOM_FRAGMENT_CACHE_SECONDS=0): the cost of a page nobody has read "
                "since it changed.",
                f"- Search cycles through {len(SEARCH_QUERIES)} queries: "
                + ", ".join(f"“{query.replace('+', ' ')}”" for query in SEARCH_QUERIES)
                + ".",
                "- The static baseline is the article's HTML saved to a file and served by "
                "nginx; with no nginx installed the ratio column is 0 %.",
            ],
        }
    )
    say(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
