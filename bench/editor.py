"""A busy editor for the reliability run: edits and publishes while readers load the site.

    .venv/bin/python bench/editor.py --seconds 60 --site http://127.0.0.1:8141 --slugs a,b,c

Every edit goes through the editorial door an editor's does (workflow.editorial_change, which
retires the cached pages when it commits), then the article is fetched from the site: a page
without the new headline is a stale page. At the end every edit is
checked against the database. Prints one JSON object with the counts.
"""

import argparse
import html
import json
import os
import random
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from articles import workflow  # noqa: E402
from articles.models import Article, Section  # noqa: E402


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def shows(page, headline):
    """Whether the headline is in the story's own markup (a heading or a link), not just the
    <title>: a stale page would show the old one in both."""
    text = html.unescape(page)
    return f">{headline}</h1>" in text or f">{headline}</a>" in text


def run(*, seconds, site, slugs):
    rng = random.Random(7)
    deadline = time.monotonic() + seconds
    latest = {}  # slug -> the headline it must have now
    published = []
    stale = edits = 0
    section = Section.objects.first()
    while time.monotonic() < deadline:
        edits += 1
        if edits % 5 == 0:
            # A new story is written as a draft, then published: it must reach the home page.
            with workflow.editorial_change(workflow.SYSTEM, "Reliability run: a new story."):
                article = Article.objects.create(
                    headline=f"Reliability story {edits}",
                    slug=f"reliability-{edits}-{rng.randrange(10**9)}",
                    body="Written during the reliability run.",
                    section=section,
                )
                article.publish()
            published.append(article.slug)
            latest[article.slug] = article.headline
            check = fetch(f"{site}/")
        else:
            article = Article.objects.get(slug=rng.choice(slugs))
            article.headline = f"Edited {edits}: {article.headline.split(': ', 1)[-1]}"
            with workflow.editorial_change(workflow.SYSTEM, "Reliability run: an edit."):
                article.save()
            latest[article.slug] = article.headline
            check = fetch(f"{site}{article.get_absolute_url()}")
        if not shows(check, article.headline):
            stale += 1
        time.sleep(0.05)
    stored = dict(Article.objects.filter(slug__in=latest).values_list("slug", "headline"))
    lost = sorted(slug for slug, headline in latest.items() if stored.get(slug) != headline)
    return {"edits": edits, "published": len(published), "stale_pages": stale, "lost_edits": lost}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--site", required=True)
    parser.add_argument("--slugs", required=True, help="Comma-separated articles to edit.")
    arguments = parser.parse_args()
    result = run(seconds=arguments.seconds, site=arguments.site, slugs=arguments.slugs.split(","))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
