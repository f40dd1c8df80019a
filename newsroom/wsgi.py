"""WSGI entry point, used by gunicorn and other WSGI servers."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()


def warm_up():
    """Compile the URL patterns and the site's own templates now, rather than on the first
    requests that need them. gunicorn calls this once before it forks its workers
    (deploy/gunicorn.conf.py), so every worker, and every replacement, starts with them."""
    from django.template import engines
    from django.urls import resolve

    resolve("/")  # Imports every URLconf and builds the tables that resolve addresses.
    # The public pages' Jinja2 templates; the admin's are for a few editors, not worth it.
    engine = engines["jinja2"]
    for name in engine.env.list_templates(extensions=["html"]):
        engine.get_template(name)
