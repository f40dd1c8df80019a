"""The SQL the public pages run: how many queries each page makes, and the plan of each search.

    .venv/bin/python bench/queries.py '{"pages": {"home": "/"}, "searches": {"one": "quokka"}}'

Run by bench/run.py on the archive, page cache off. Each page is requested
through Django's test client with CaptureQueriesContext; each search's full-text SQL (the
statement with `@@`) is run again under EXPLAIN (ANALYZE, BUFFERS) and timed. Prints JSON.
"""

import json
import os
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.contrib.postgres.search import SearchQuery  # noqa: E402
from django.db import DatabaseError, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article  # noqa: E402

client = Client(HTTP_HOST="127.0.0.1")


def search_path(query):
    return "/search/?" + urllib.parse.urlencode({"q": query})


def query_counts(pages):
    """{key: {"status", "count"}}: the queries of each page, rendered again in a warm process
    (the first request of a process also loads what every later one finds in memory)."""
    counts = {}
    for key, path in pages.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            status = client.get(path).status_code
        counts[key] = {"status": status, "count": len(queries)}
    return counts


def gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef ILIKE %s",
            [Article._meta.db_table, "%USING gin%"],
        )
        return [name for (name,) in cursor.fetchall()]


def matches(query):
    """How many articles hold the words, as the site's search reads them (information)."""
    from articles.search import search_config

    words = SearchQuery(query, search_type="websearch", config=search_config())
    try:
        return Article.objects.filter(search_vector=words).count()
    except DatabaseError:
        return None


def search_plans(query):
    """The plan, time and match count of each full-text statement the search view runs."""
    path = search_path(query)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    plans = []
    for captured in queries.captured_queries:
        sql = captured["sql"]
        if "@@" not in sql:
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            # Django records a query's time in whole milliseconds: timed again, five times.
            times = []
            for _ in range(5):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                times.append(time.perf_counter() - started)
        plans.append(
            {"sql": sql, "plan": plan, "time": statistics.median(times), "matches": matches(query)}
        )
    return plans


def main():
    wanted = json.loads(sys.argv[1])
    found = {"queries": query_counts(wanted["pages"]), "gin": [], "searches": {}}
    if connection.vendor == "postgresql":
        found["gin"] = gin_indexes()
        found["searches"] = {key: search_plans(q) for key, q in wanted["searches"].items()}
    print(json.dumps(found))


if __name__ == "__main__":
    main()
