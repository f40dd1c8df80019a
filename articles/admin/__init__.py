"""The editors' admin: articles with their bylines, citations and corrections
(articles.py, with the sourcing desk's pages in sourcing.py and the history's in
revisions.py), the lists they draw on (profiles.py) and the site's own pages (pages.py).
"""

from django.conf import settings
from django.contrib import admin

admin.site.site_header = settings.NEWSROOM_SITE_NAME
admin.site.site_title = settings.NEWSROOM_SITE_NAME
admin.site.index_title = "Newsroom desk"
admin.site.site_url = "/"

# Imported for the admins they register.
from . import articles, jobs, pages, profiles  # noqa: E402, F401
