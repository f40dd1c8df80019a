"""`make bench`: what a request costs, measured against anchor systems in the same run (issue 19).

1. Sites: the seed site (fresh SQLite, `migrate` + `seed`) and an archive of BENCH_ARTICLES
   articles from bench/generate.py (PostgreSQL database `newsroom_bench` on 127.0.0.1:5432
   when psql reaches it, else SQLite; DATABASE_URL overrides), its generation timed.
2. Instructions per request (bench/callgrind.py) of every page in every mode, beside the
   anchors of ../shared/perf-anchors (BENCH_ANCHORS): a minimal Django view, the same view
   behind Django's per-view cache, and Wagtail, counted the same way in the same run.
3. Search on PostgreSQL: the SQL the search view runs, EXPLAIN ANALYZEd, per query; the
   queries each archive page runs, against the ceilings of tests/test_query_budget.py.
4. A cProfile of the cold article render.
5. wrk, side by side in interleaved rounds: Newsroom under gunicorn (2 sync workers, as the
   anchors), cold and with the page cache in Redis, on the seed site (SQLite, the anchors'
   own article and database: the ratio targets) and on the archive, nginx's micro-cache in
   front of the archive, and
   the anchors' servers and static copy; then the reliability run (64 connections while
   bench/editor.py publishes) and the resident memory of each server's workers.

Every figure and target goes to stdout and to BENCH_RESULTS (bench/results.md), which keeps
the hand-written "## Analysis" part of the file it replaces.

Environment: BENCH_ARTICLES (100000), BENCH_SECONDS (10, per wrk run), BENCH_ROUNDS (3),
BENCH_WARMUP_SECONDS (2), BENCH_RELIABILITY_SECONDS (60), BENCH_CONNECTIONS (16),
BENCH_PORT (8141, the first of five ports), BENCH_INSTR (1; 0 skips callgrind),
BENCH_INSTR_N1 (3), BENCH_INSTR_N2 (13), BENCH_INSTR_WARMUP (5), BENCH_INSTR_JOBS (2, counts
run at once), BENCH_ANCHORS (../shared/perf-anchors), ANCHORS_DIR (/tmp/anchors),
BENCH_RESULTS (bench/results.md). A quick run: BENCH_ARTICLES=2000 BENCH_SECONDS=3 make bench.
"""

import ast
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import gunicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))

import callgrind  # noqa: E402
import load  # noqa: E402
import report  # noqa: E402
from report import Measure, Target  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
RESULTS = Path(os.environ.get("BENCH_RESULTS") or ROOT / "bench" / "results.md")
PYTHON = sys.executable

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# Each wrk target is first loaded this long, unmeasured: its workers have their database
# connections open and their parts in memory, as they would in service.
WARMUP_SECONDS = int(os.environ.get("BENCH_WARMUP_SECONDS", "2"))
RELIABILITY_SECONDS = int(os.environ.get("BENCH_RELIABILITY_SECONDS", "60"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
FIRST_PORT = int(os.environ.get("BENCH_PORT", "8141"))
PORTS = {
    "cold": FIRST_PORT,
    "cached": FIRST_PORT + 1,
    "nginx": FIRST_PORT + 2,
    "django": FIRST_PORT + 3,
    "wagtail": FIRST_PORT + 4,
    "seed-cold": FIRST_PORT + 5,
    "seed-cached": FIRST_PORT + 6,
}
INSTR = os.environ.get("BENCH_INSTR", "1") != "0"
N1 = int(os.environ.get("BENCH_INSTR_N1", "3"))
N2 = int(os.environ.get("BENCH_INSTR_N2", "13"))
INSTR_WARMUP = int(os.environ.get("BENCH_INSTR_WARMUP", "5"))
INSTR_JOBS = int(os.environ.get("BENCH_INSTR_JOBS", "2"))
ANCHORS_TOOLS = Path(os.environ.get("BENCH_ANCHORS") or ROOT.parent / "shared" / "perf-anchors")
ANCHORS_DIR = Path(os.environ.get("ANCHORS_DIR", "/tmp/anchors"))
# The anchors run as the anchors README says: 2 sync workers each; Newsroom runs the same.
WORKERS = 2
REDIS_URL = "redis://127.0.0.1:6379/14"
# Words bench/generate.py plants: in one article, in every other one; and a phrase of two
# words from its headlines (websearch syntax: the quotes ask for the words side by side).
SEARCHES = {
    "search-one": ("Search, a word in one article", "quokka"),
    "search-half": ("Search, a word in half the articles", "dispatch"),
    "search-phrase": ("Search, a two-word phrase", '"wins backing"'),
}

# gunicorn 25.1+ opens a control socket, at one path for every server on the machine.
NO_CONTROL_SOCKET = ["--no-control-socket"] if gunicorn.version_info >= (25, 1) else []


def say(message):
    print(message, flush=True)


def run(command, environment=None, **kwargs):
    finished = subprocess.run(
        command, cwd=ROOT, env=environment, text=True, capture_output=True, **kwargs
    )
    if finished.returncode:
        sys.exit(f"{' '.join(map(str, command))[:200]} failed:\n{finished.stderr[-3000:]}")
    return finished.stdout


def manage(environment, *arguments):
    return run([PYTHON, "manage.py", *arguments], environment)


def manage_shell(environment, code):
    return manage(environment, "shell", "--no-imports", "-c", code)


def search_path(query):
    return "/search/?" + urllib.parse.urlencode({"q": query})


# --- Setting up -----------------------------------------------------------------------------


def production_environment():
    """Production settings over plain HTTP. Static files are served without the manifest
    (NEWSROOM_STATIC_MANIFEST=0): no collectstatic run can then be out of date with the
    templates, and a missing manifest entry cannot turn a page into a 500."""
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "NEWSROOM_STATIC_MANIFEST": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "NEWSROOM_CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
    }
    environment.pop("REDIS_URL", None)
    return environment


def cold(environment):
    """The page cache off, no Redis: what a page costs nobody has read since it changed
    (the switch issue 19 keeps for measuring a cold render; no other cache remains)."""
    environment = {**environment, "NEWSROOM_PAGE_CACHE": "0"}
    environment.pop("REDIS_URL", None)
    return environment


def cached(environment):
    """As production runs: the page cache on, in Redis."""
    return {**environment, "REDIS_URL": REDIS_URL, "NEWSROOM_PAGE_CACHE": "1"}


def archive_database_url():
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


def redis_client():
    import redis

    return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)


def redis_reachable():
    import redis

    try:
        return bool(redis_client().ping())
    except redis.exceptions.RedisError:
        return False


def flush_redis():
    """Empty the bench's own Redis database (14), so that a count starts with no pages."""
    redis_client().flushdb()


def ensure_tools():
    """wrk (needed) and nginx (for the micro-cache rows), from apt when missing."""
    missing = [tool for tool in ("wrk", "nginx") if not find_program(tool)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        say(f"Installing {', '.join(missing)} with apt-get")
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=quiet, check=False)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing],
            env=quiet,
            check=False,
            stdout=subprocess.DEVNULL,
        )
    if not find_program("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")


def find_program(name):
    return shutil.which(name) or (f"/usr/sbin/{name}" if Path(f"/usr/sbin/{name}").exists() else "")


@dataclass
class Anchors:
    """The anchor sites set up by ../shared/perf-anchors/run_anchors.sh."""

    folder: Path
    django_path: str
    wagtail_path: str
    static_path: str

    def python(self, site):
        return self.folder / ("djvenv" if site == "django" else "wtvenv") / "bin" / "python"

    def project(self, site):
        return self.folder / ("djsite" if site == "django" else "wtsite")


def set_up_anchors():
    """The anchors, set up (idempotently) by their own script; None, and why, without them."""
    script = ANCHORS_TOOLS / "run_anchors.sh"
    if not script.exists():
        return None, f"no {script}"
    environment = {**os.environ, "ANCHORS_DIR": str(ANCHORS_DIR), "ANCHORS_SETUP_ONLY": "1"}
    setup = subprocess.run(["bash", str(script)], env=environment, capture_output=True, text=True)
    if setup.returncode:
        return None, f"run_anchors.sh failed: {setup.stderr.strip()[-500:]}"
    paths = [
        (ANCHORS_DIR / "run" / name).read_text().strip()
        for name in ("dj_path", "wt_path", "static_path")
    ]
    return Anchors(ANCHORS_DIR, *paths), ""


# --- Sites --------------------------------------------------------------------------------------


def build_seed_site(environment):
    """A fresh SQLite site with the bundled sample article; returns (environment, its path)."""
    database = DATA / "seed.sqlite3"
    database.unlink(missing_ok=True)
    environment = {**environment, "DATABASE_URL": f"sqlite:///{database}"}
    manage(environment, "migrate", "--noinput", "--verbosity", "0")
    manage(environment, "seed", "--verbosity", "0")
    # The pictures a worker would draw after the seed (social cards), without its fetches of
    # cited pages: the pages measured are those readers get once the queue has caught up.
    path = manage_shell(
        environment,
        "from articles.jobs import make_article_pictures\n"
        "from articles.models import Article\n"
        "for pk in Article.objects.filter(pictures_ready=False).values_list('pk', flat=True):\n"
        "    make_article_pictures.call(pk)\n"
        "print(Article.objects.published().order_by('pk').first().get_absolute_url())",
    ).strip()
    return environment, path


def archive_pages():
    """The archive's pages (bench/generate.py's names), each list with at least 20 stories."""
    pages = {
        "archive-article": ("Cold article (archive)", f"/articles/story-{ARTICLES // 2}/"),
        "home": ("Cold home", "/"),
        "section": ("Cold section", "/sections/world/"),
        "tag": ("Cold tag", "/tags/kyiv-ceasefire/"),
        "author": ("Cold author", "/authors/author-0/"),
        "source": ("Cold source", "/sources/source-0/"),
        "rss": ("Cold RSS feed", "/feed/"),
        "atom": ("Cold Atom feed", "/feed/atom/"),
    }
    for key, (label, query) in SEARCHES.items():
        pages[key] = (f"{label} ({query})", search_path(query))
    return pages


# --- Instructions per request -------------------------------------------------------------------


@dataclass
class Job:
    key: str
    label: str
    python: Path
    project: Path
    settings: str
    path: str
    environment: dict
    before: object = None


def count_instructions(job):
    try:
        instructions, size = callgrind.instructions(
            n1=N1,
            n2=N2,
            warmup=INSTR_WARMUP,
            before=job.before,
            python=job.python,
            project=job.project,
            settings=job.settings,
            path=job.path,
            environment=job.environment,
        )
    except callgrind.CountFailed as failure:
        say(f"  {job.label}: failed\n{failure}")
        return Measure(job.key, job.label, error=f"failed: {str(failure).splitlines()[-1]}")
    say(f"  {job.label}: {report.millions(instructions)} instructions, {size} bytes")
    return Measure(job.key, job.label, instructions, size)


ANCHOR_LABELS = {
    "django": "Minimal Django view (anchor)",
    "django-cache": "Django per-view cache hit (anchor)",
    "wagtail": "Wagtail (anchor)",
}


def newsroom_labels():
    """What each of Newsroom's counts is, by key, in the order of the results table."""
    return {
        "seed-article": "Cold article (seed site)",
        **{key: label for key, (label, _) in archive_pages().items()},
        "page-cache-hit": "Article (archive), page-cache hit (Redis)",
    }


def instruction_jobs(*, anchors, seed_environment, seed_path, archive_environment, redis):
    """What to count: the anchors, then Newsroom's pages and modes."""
    jobs = []
    if anchors:
        anchor_environment = {**os.environ, "ANCHORS_DIR": str(anchors.folder)}
        for key, site, path in [
            ("django", "django", anchors.django_path),
            ("django-cache", "django", "/cached" + anchors.django_path),
            ("wagtail", "wagtail", anchors.wagtail_path),
        ]:
            project = anchors.project(site)
            jobs.append(
                Job(
                    key,
                    ANCHOR_LABELS[key],
                    anchors.python(site),
                    project,
                    f"{project.name}.settings",
                    path,
                    anchor_environment,
                )
            )
    labels = newsroom_labels()
    pages = archive_pages()
    article = pages["archive-article"][1]
    paths = {
        "seed-article": (seed_path, cold(seed_environment)),
        **{key: (path, cold(archive_environment)) for key, (_, path) in pages.items()},
    }
    if redis:
        paths["page-cache-hit"] = (article, cached(archive_environment))
    for key, (path, environment) in paths.items():
        jobs.append(
            Job(
                key,
                labels[key],
                Path(PYTHON),
                ROOT,
                "newsroom.settings",
                path,
                environment,
                # The page-cache hit starts each count with Redis database 14 empty.
                before=flush_redis if key == "page-cache-hit" else None,
            )
        )
    return jobs


def measure_instructions(jobs):
    """Every job's Measure by key, INSTR_JOBS at a time. Only the page-cache hit uses Redis
    (emptying database 14 before each of its counts): no other count is disturbed by it."""
    with ThreadPoolExecutor(max_workers=max(1, INSTR_JOBS)) as pool:
        return {measure.key: measure for measure in pool.map(count_instructions, jobs)}


# --- Search, queries, profile ----------------------------------------------------------------

# Which of tests/test_query_budget.py's ceilings holds for each archive page.
CEILING_NAMES = {
    "archive-article": "article",
    "home": "home",
    "section": "section",
    "tag": "tag",
    "author": "author",
    "source": "source",
    "rss": "feed",
    "atom": "atom-feed",
    "search-one": "search",
    "search-half": "search",
    "search-phrase": "search",
}


def queries_and_plans(environment):
    """bench/queries.py on the archive, cold: queries per page, search plans, the ceilings."""
    wanted = {
        "pages": {key: path for key, (_, path) in archive_pages().items()},
        "searches": {key: query for key, (_, query) in SEARCHES.items()},
    }
    found = json.loads(run([PYTHON, "bench/queries.py", json.dumps(wanted)], cold(environment)))
    found["ceilings"] = query_ceilings()
    return found


def query_ceilings():
    """The ceilings of tests/test_query_budget.py, so the bench and the tests hold the pages to
    the same numbers; none when that file no longer has them."""
    budget = (ROOT / "tests" / "test_query_budget.py").read_text()
    block = re.search(r"^CEILINGS = (\{.*?^\})", budget, re.MULTILINE | re.DOTALL)
    return ast.literal_eval(block[1]) if block else {}


def ceiling_targets(found):
    pages = archive_pages()
    targets = []
    for key, name in CEILING_NAMES.items():
        ceiling = found["ceilings"].get(name)
        page = found["queries"].get(key)
        description = f"SQL queries: {pages[key][0]} ≤ the ceiling"
        if page is None or ceiling is None:
            targets.append(Target(description, report.NOT_MEASURED, None))
            continue
        measured = f"{page['count']} (ceiling {ceiling}, status {page['status']})"
        targets.append(Target(description, measured, page["count"] <= ceiling))
    return targets


def search_targets(found, gin):
    """For each search: the GIN index in its plan (and its SQL time, printed)."""
    targets = []
    for key, (label, query) in SEARCHES.items():
        plans = found.get(key)
        description = f"{label} ({query}) uses a GIN index"
        if not plans:
            targets.append(Target(description, "no full-text query run (not PostgreSQL?)", None))
            continue
        used = [name for name in gin if any(name in plan["plan"] for plan in plans)]
        execution = [re.search(r"Execution Time: ([\d.]+) ms", plan["plan"]) for plan in plans]
        measured = (
            f"{', '.join(used) or 'no GIN index in the plan'}; {plans[0]['matches']} matches; "
            f"SQL {sum(plan['time'] for plan in plans) * 1000:.2f} ms (median of 5), "
            + ", ".join(f"{match[1]} ms" for match in execution if match)
            + " under EXPLAIN ANALYZE"
        )
        targets.append(Target(description, measured, bool(used)))
    return targets


def profile(environment, path, count=100):
    """bench/profile_render.py: ms per cold render of `path`, and its tables of functions (by
    cumulative time, by own time); the whole profile is kept in bench/data/cold-article.prof."""
    dump = DATA / "cold-article.prof"
    output = run(
        [PYTHON, "bench/profile_render.py", path, str(count), str(dump)], cold(environment)
    )
    per_request = float(re.search(r"PER_REQUEST_MS ([\d.]+)", output)[1])
    tables = dict(re.findall(r"^BY (\w+)\n(.*?)(?=^BY |\Z)", output, re.MULTILINE | re.DOTALL))
    for order, table in tables.items():
        lines = [line.rstrip()[:160] for line in table.splitlines() if line.strip()]
        tables[order] = "\n".join(lines)
    return per_request, tables


# --- Servers and wrk -----------------------------------------------------------------------------


def start_newsroom(servers, name, environment):
    command = load.gunicorn_command(
        Path(PYTHON).parent / "gunicorn",
        PORTS[name],
        "newsroom.wsgi",
        "--config",
        "deploy/gunicorn.conf.py",
        *NO_CONTROL_SOCKET,
        workers=WORKERS,
    )
    servers.start(name, command, cwd=ROOT, environment=environment)


def start_anchor(servers, anchors, site):
    gunicorn_program = anchors.python(site).parent / "gunicorn"
    control = []
    help_text = run([str(gunicorn_program), "--help"])
    if "--no-control-socket" in help_text:
        control = ["--no-control-socket"]
    project = anchors.project(site)
    command = load.gunicorn_command(
        gunicorn_program, PORTS[site], f"{project.name}.wsgi:application", *control, workers=WORKERS
    )
    environment = {**os.environ, "ANCHORS_DIR": str(anchors.folder)}
    servers.start(site, command, cwd=project, environment=environment)


NGINX_CONF = """\
daemon off;
worker_processes auto;
pid {data}/nginx.pid;
error_log {data}/nginx-error.log warn;
{user}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
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
        # The static copy: the anchors' page, or else Newsroom's own article saved to a file.
        location /static-copy/ {{
            alias {static}/;
            index index.html;
            default_type text/html;
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


def start_nginx(servers, static_folder):
    nginx = find_program("nginx")
    if not nginx:
        return False
    shutil.rmtree(DATA / "nginx-cache", ignore_errors=True)
    conf = DATA / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            data=DATA,
            user="user root;" if os.geteuid() == 0 else "",
            port=PORTS["nginx"],
            upstream=PORTS["cached"],
            static=static_folder,
        )
    )
    servers.start(
        "nginx", [nginx, "-c", str(conf), "-p", str(DATA)], cwd=DATA, environment=os.environ
    )
    return True


def wrk(url, *, connections=CONNECTIONS, seconds=SECONDS, script=None):
    return load.wrk(url, connections=connections, seconds=seconds, script=script)


def rotate_script(name, paths):
    return load.rotate_script(DATA / f"{name}.lua", paths)


def side_by_side(targets):
    """ROUNDS interleaved rounds of wrk over every target: {name: [result of each round]}."""
    for _name, _label, url, script in targets:
        if WARMUP_SECONDS:
            wrk(url, script=script, seconds=WARMUP_SECONDS)
    rounds = {name: [] for name, *_ in targets}
    for turn in range(ROUNDS):
        for name, label, url, script in load.rotated(targets, turn):
            result = wrk(url, script=script)
            rounds[name].append(result)
            say(
                f"  round {turn + 1} {label:<48} {result['requests_per_second']:>9,.0f} req/s  "
                f"p50 {result['p50_ms']:.1f} ms  p99 {result['p99_ms']:.1f} ms  "
                f"errors {result['errors']}"
            )
    return rounds


def reliability(environment, site, article_paths, section):
    """64 connections on the cached server while bench/editor.py edits and publishes."""
    slugs = [path.rstrip("/").rsplit("/", 1)[-1] for path in article_paths]
    script = rotate_script("reliability", [*article_paths, "/", section])
    editor = subprocess.Popen(
        [
            PYTHON,
            "bench/editor.py",
            "--seconds",
            str(RELIABILITY_SECONDS),
            "--site",
            site,
            "--slugs",
            ",".join(slugs),
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    load = wrk(site + "/", connections=64, seconds=RELIABILITY_SECONDS, script=script)
    output, _ = editor.communicate(timeout=RELIABILITY_SECONDS + 120)
    if editor.returncode:
        sys.exit("bench/editor.py failed; see its output above")
    return {"seconds": RELIABILITY_SECONDS, **load, **json.loads(output)}


# --- Reporting ---------------------------------------------------------------------------------


def machine():
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if names:
            return names[0]
    return platform.machine()


WRK_ORDER = [
    ("newsroom-cold", "Newsroom seed article, SQLite, cold (gunicorn)"),
    ("wagtail", "Wagtail (anchor)"),
    ("django", "Minimal Django view (anchor)"),
    ("newsroom-cached", "Newsroom seed article, SQLite, page cache in Redis (gunicorn)"),
    ("django-cache", "Django per-view cache (anchor)"),
    ("nginx-micro", "Newsroom article, nginx micro-cache"),
    ("nginx-static", "nginx, static copy"),
    ("archive-cold", "Archive article, PostgreSQL, cold"),
    ("archive-cached", "Archive article, PostgreSQL, page cache in Redis"),
    ("home-cold", "Home, cold"),
    ("home-cached", "Home, page cache"),
    ("section-cold", "Section, cold"),
    ("search-cold", "Search (the three queries in turn), cold"),
    ("rss-cold", "RSS feed, cold"),
    ("rss-cached", "RSS feed, page cache"),
]


def wrk_targets(rounds, anchors_missing):
    """The side-by-side targets; without the anchors, two of them are not measured."""
    missing = report.ANCHORS_MISSING if anchors_missing else report.NOT_MEASURED
    return [
        report.at_least_rps(
            "Cold article ≥ 3× Wagtail's req/s", rounds, "newsroom-cold", "wagtail", 3.0, missing
        ),
        report.at_least_rps(
            "Cached article (Redis) ≥ 1.5× the Django per-view-cache anchor's req/s",
            rounds,
            "newsroom-cached",
            "django-cache",
            1.5,
            missing,
        ),
        report.at_least_rps(
            "nginx micro-cache ≥ 0.5× nginx serving the static copy",
            rounds,
            "nginx-micro",
            "nginx-static",
            0.5,
        ),
    ]


def write_results(r):
    anchors_note = (
        f"anchors from {ANCHORS_TOOLS} set up in {ANCHORS_DIR}"
        if r["anchors"]
        else f"{report.ANCHORS_MISSING}: {r['anchors_missing']}"
    )
    lines = [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {r['date']}: seed site on SQLite, archive of "
        f"**{ARTICLES:,} articles** (BENCH_ARTICLES) on {r['database']}; {r['cores']} CPU cores "
        f"({machine()}); {anchors_note}. Production settings (DJANGO_DEBUG=0, "
        "NEWSROOM_STATIC_MANIFEST=0: static files without the manifest, so no collectstatic "
        "can be stale).",
        "",
        f"Generating the archive took **{r['generate_seconds']:.1f} s**.",
        "",
        "## Targets",
        "",
        *report.targets_table(r["targets"]),
        "",
        "## Instructions per request",
        "",
        "Counted by valgrind's callgrind around bench/wsgi_loop.py (the project's WSGI "
        f"handler called in process, no server): {N1} and {N2} requests after {INSTR_WARMUP} "
        f"of warm-up, the difference divided by {N2 - N1}; the anchors are counted the same "
        "way in the same run. Cold: NEWSROOM_PAGE_CACHE=0, "
        "no Redis. Page-cache hit: REDIS_URL=" + REDIS_URL + ", database 14 emptied before "
        "each count, the warm-up fills it. The archive's lists show 20 stories each. "
        f"{r['valgrind']}.",
        "",
        *report.instructions_table(r["measures"], r["anchor_measures"]),
        "",
        "## Search on PostgreSQL",
        "",
        "The full-text SQL the search view runs (captured with CaptureQueriesContext), run "
        f"again under EXPLAIN (ANALYZE, BUFFERS). GIN indexes on the table: "
        f"{', '.join(r['gin']) or 'none'}.",
        "",
    ]
    for key, (label, query) in SEARCHES.items():
        lines += [f"### {label}: `{query}`", ""]
        plans = r["searches"].get(key) or []
        if not plans:
            lines += ["(not measured: no full-text query; not PostgreSQL?)", ""]
        for plan in plans:
            lines += [
                f"{plan['matches']} matching articles; SQL time {plan['time'] * 1000:.2f} ms "
                "(median of five runs of the query the view ran).",
                "",
                *report.code_block(plan["plan"]),
            ]
    lines += [
        "## Side by side (wrk, one run)",
        "",
        f"wrk -t2 -c{CONNECTIONS} -d{SECONDS}s, {ROUNDS} interleaved rounds (the order turns "
        f"each round), after {WARMUP_SECONDS} s of unmeasured load per target; every gunicorn "
        f"(Newsroom's and the anchors') with {WORKERS} sync workers; wrk and the servers share "
        "the cores. Requests per second are information; the targets are the ratios, between "
        "Newsroom's seed article on SQLite and the anchors serving the same article from "
        "SQLite; the archive's rows are on PostgreSQL, whose server shares the cores. The "
        "static copy is "
        + ("the anchors' page" if r["anchors"] else "Newsroom's archive article saved to a file")
        + ", served by the same nginx as the micro-cache.",
        "",
        *report.wrk_table(r["rounds"], WRK_ORDER),
        "",
        "## Memory",
        "",
        "Resident size (VmRSS) of each gunicorn worker after the wrk and reliability runs:",
        "",
        *report.markdown_table(
            ["server", "workers' VmRSS"],
            [
                [name, ", ".join(f"{size / 1024:.1f} MB" for size in sizes) or report.NOT_MEASURED]
                for name, sizes in r["memory"].items()
            ],
        ),
        "",
    ]
    reliability_result = r["reliability"]
    lines += [
        "## Reliability",
        "",
        f"{reliability_result['seconds']} s with 64 connections against the cached server, "
        "rotating over article, home and section pages, while bench/editor.py edited headlines "
        "and published new stories through the editorial door, fetching each changed page "
        "right after saving it.",
        "",
        f"- Requests: {reliability_result['requests']:,}, non-2xx/3xx responses: "
        f"{reliability_result['bad_responses']}, socket errors: "
        f"{reliability_result['socket_errors']}",
        f"- Edits saved: {reliability_result['edits']} (of them "
        f"{reliability_result['published']} new stories published); stale pages seen right "
        f"after an edit: {reliability_result['stale_pages']}; edits missing from the database "
        f"at the end: {len(reliability_result['lost_edits'])}",
        "",
        "## Profile of the cold article render",
        "",
        f"cProfile over {r['profile_count']} cold renders of the archive article through the "
        f"test client (page cache off): {r['profile_ms']:.1f} ms per request, "
        "profiling included. Top functions by cumulative time (the whole profile: "
        "bench/data/cold-article.prof):",
        "",
        *report.code_block(r["profile"].get("cumulative", "")),
        "By the time spent in the function itself:",
        "",
        *report.code_block(r["profile"].get("tottime", "")),
    ]
    previous = RESULTS.read_text() if RESULTS.exists() else ""
    RESULTS.write_text("\n".join(lines) + "\n" + report.kept_analysis(previous))


# --- The run -------------------------------------------------------------------------------------


def main():
    # Stopped by a signal, the bench still stops its servers (the `finally` below).
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit("Stopped by SIGTERM"))
    DATA.mkdir(parents=True, exist_ok=True)
    ensure_tools()
    started = time.monotonic()
    base = production_environment()
    redis = redis_reachable()
    anchors, anchors_missing = set_up_anchors()
    if not anchors:
        say(f"Anchors: {report.ANCHORS_MISSING} ({anchors_missing})")

    say("Seed site (SQLite)")
    seed_environment, seed_path = build_seed_site(base)

    database_url = archive_database_url()
    database = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    archive = {**base, "DATABASE_URL": database_url}
    say(f"Archive: {database} ({database_url}); Redis: {'yes' if redis else 'no'}")
    manage(archive, "migrate", "--noinput", "--verbosity", "0")
    say(f"Generating {ARTICLES:,} articles")
    output = run([PYTHON, "bench/generate.py", "--articles", str(ARTICLES)], archive)
    generate_seconds = float(re.search(r"in ([\d.]+) s", output)[1])
    say(output.strip())

    say("Queries per page and search plans")
    found = queries_and_plans(archive)

    measures = {}
    valgrind = callgrind.valgrind_version()
    if INSTR and callgrind.available():
        jobs = instruction_jobs(
            anchors=anchors,
            seed_environment=seed_environment,
            seed_path=seed_path,
            archive_environment=archive,
            redis=redis,
        )
        say(f"Instructions per request: {len(jobs)} pages and modes, {INSTR_JOBS} at a time")
        measures = measure_instructions(jobs)
    else:
        valgrind = "callgrind not run (BENCH_INSTR=0 or no valgrind)"
    missing = report.NOT_MEASURED if anchors else report.ANCHORS_MISSING
    anchor_measures = {
        key: measures.get(key) or Measure(key, label, error=missing)
        for key, label in ANCHOR_LABELS.items()
    }
    newsroom_measures = {
        key: measures.get(key) or Measure(key, label, error=report.NOT_MEASURED)
        for key, label in newsroom_labels().items()
    }
    pages = archive_pages()
    say("Profiling the cold article render")
    profile_count = 100
    profile_ms, profile_table = profile(archive, pages["archive-article"][1], profile_count)

    servers = load.Servers(DATA)
    memory = {}
    try:
        start_newsroom(servers, "cold", cold(archive))
        start_newsroom(servers, "cached", cached(archive) if redis else archive)
        # The seed article on SQLite, as the anchors serve it: the side-by-side targets
        # compare the same page from the same kind of database.
        seed_site = {
            **seed_environment,
            "NEWSROOM_CACHE_KEY_PREFIX": f"seed-{uuid.uuid4().hex[:8]}",
        }
        start_newsroom(servers, "seed-cold", cold(seed_site))
        start_newsroom(servers, "seed-cached", cached(seed_site) if redis else seed_site)
        if anchors:
            start_anchor(servers, anchors, "django")
            start_anchor(servers, anchors, "wagtail")
        local = {name: f"http://127.0.0.1:{port}" for name, port in PORTS.items()}
        article = pages["archive-article"][1]
        servers.wait_for("cold", local["cold"] + article)
        servers.wait_for("cached", local["cached"] + article)
        servers.wait_for("seed-cold", local["seed-cold"] + seed_path)
        servers.wait_for("seed-cached", local["seed-cached"] + seed_path)
        if anchors:
            static_folder, static_path = anchors.folder / "nginx" / "html", anchors.static_path
            servers.wait_for("django", local["django"] + anchors.django_path)
            servers.wait_for("wagtail", local["wagtail"] + anchors.wagtail_path)
        else:
            static_folder, static_path = DATA / "static-copy", article
            copy = static_folder / article.strip("/") / "index.html"
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(servers.wait_for("cold", local["cold"] + article))
        nginx = start_nginx(servers, static_folder)
        targets = [
            ("newsroom-cold", local["seed-cold"] + seed_path, None),
            ("newsroom-cached", local["seed-cached"] + seed_path, None),
            ("archive-cold", local["cold"] + article, None),
            ("archive-cached", local["cached"] + article, None),
            ("home-cold", local["cold"] + "/", None),
            ("home-cached", local["cached"] + "/", None),
            ("section-cold", local["cold"] + pages["section"][1], None),
            (
                "search-cold",
                local["cold"] + "/",
                rotate_script("search", [pages[key][1] for key in SEARCHES]),
            ),
            ("rss-cold", local["cold"] + "/feed/", None),
            ("rss-cached", local["cached"] + "/feed/", None),
        ]
        if anchors:
            targets += [
                ("wagtail", local["wagtail"] + anchors.wagtail_path, None),
                ("django", local["django"] + anchors.django_path, None),
                ("django-cache", local["django"] + "/cached" + anchors.django_path, None),
            ]
        if nginx:
            servers.wait_for("nginx", local["nginx"] + "/static-copy" + static_path)
            # One request fills the micro-cache, as one read brings the static file into memory.
            servers.wait_for("nginx", local["nginx"] + article)
            targets += [
                ("nginx-micro", local["nginx"] + article, None),
                ("nginx-static", local["nginx"] + "/static-copy" + static_path, None),
            ]
        labels = dict(WRK_ORDER)
        say(f"wrk: {ROUNDS} rounds of {len(targets)} targets, {SECONDS} s each")
        rounds = side_by_side([(name, labels[name], url, script) for name, url, script in targets])

        say(f"Reliability: 64 connections for {RELIABILITY_SECONDS} s while an editor works")
        articles = [f"/articles/story-{number}/" for number in range(20)]
        reliability_result = reliability(
            cached(archive) if redis else archive, local["cached"], articles, pages["section"][1]
        )
        say(json.dumps(reliability_result))
        for name, label in [
            ("cold", "Newsroom, cold"),
            ("cached", "Newsroom, page cache"),
            ("wagtail", "Wagtail (anchor)"),
            ("django", "Minimal Django (anchor)"),
        ]:
            if name in servers.processes:
                memory[label] = load.worker_memory(servers.processes[name].pid)
    finally:
        servers.stop()
        if redis:
            flush_redis()

    targets = report.instruction_targets(newsroom_measures, anchor_measures)
    targets += search_targets(found["searches"], found["gin"])
    targets += wrk_targets(rounds, anchors_missing=not anchors)
    targets += ceiling_targets(found)
    # 120 s per 100,000 articles, scaled to the archive built (small ones have a fixed cost).
    generate_limit = max(120 * ARTICLES / 100_000, 5)
    targets.append(
        Target(
            f"Generating {ARTICLES:,} articles ≤ {generate_limit:.0f} s (120 s per 100,000)",
            f"{generate_seconds:.1f} s",
            generate_seconds <= generate_limit,
        )
    )
    targets.append(
        Target(
            "Reliability: no failed request (non-2xx/3xx, timeout, socket error), no lost "
            "edit, no stale page",
            f"{reliability_result['bad_responses']} bad, "
            f"{reliability_result['failed_requests']} unanswered, "
            f"{len(reliability_result['lost_edits'])} lost, "
            f"{reliability_result['stale_pages']} stale",
            reliability_result["bad_responses"] == 0
            and reliability_result["failed_requests"] == 0
            and not reliability_result["lost_edits"]
            and reliability_result["stale_pages"] == 0,
        )
    )
    for target in targets:
        say(f"{target.description}: {target.measured} — {report.verdict(target.met)}")

    write_results(
        {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "database": database,
            "cores": os.cpu_count() or 1,
            "anchors": anchors,
            "anchors_missing": anchors_missing,
            "generate_seconds": generate_seconds,
            "targets": targets,
            "valgrind": valgrind,
            "measures": [*anchor_measures.values(), *newsroom_measures.values()],
            "anchor_measures": anchor_measures,
            "gin": found["gin"],
            "searches": found["searches"],
            "rounds": rounds,
            "memory": memory,
            "reliability": reliability_result,
            "profile_count": profile_count,
            "profile_ms": profile_ms,
            "profile": profile_table,
        }
    )
    say(f"Wrote {RESULTS} in {(time.monotonic() - started) / 60:.1f} min")


if __name__ == "__main__":
    main()
