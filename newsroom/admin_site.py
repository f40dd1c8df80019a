"""The admin site, whose front door is the desk: the day's work at a glance.

It lives outside the articles app because Django builds the default site while the app's
admin modules are still registering on it; the desk itself is articles/admin/desk.py.
"""

from django.conf import settings
from django.contrib import admin


class NewsroomAdminSite(admin.AdminSite):
    site_header = settings.NEWSROOM_SITE_NAME
    site_title = settings.NEWSROOM_SITE_NAME
    index_title = "Newsroom desk"
    site_url = "/"

    def index(self, request, extra_context=None):
        from articles.admin.desk import desk_context  # the app is loaded by the first request

        return super().index(request, {**desk_context(request), **(extra_context or {})})
