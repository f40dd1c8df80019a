"""The editors' admin: articles with their bylines, citations and corrections
(articles.py, with the sourcing desk's pages in sourcing.py and the history's in
revisions.py), the desk at the admin's front door (desk.py), the lists they draw on
(profiles.py), staff accounts and their author profiles (accounts.py), the site's own pages
(pages.py) and the front page's arrangement (front_page.py).
"""

# Imported for the admins they register.
from . import accounts, articles, error_reports, evidence, front_page, jobs, pages, profiles  # noqa: F401
