"""Pages of lists: the newest-first lists of stories (home, section, tag, author and source
pages), read without counting, and the counted ones (search, corrections).

Every list reads `?page=` the same way: what is not a page number ("abc", "0", "2.5") is the
first page, and a page past the end is a 404, never a quiet fallback to another page."""

from django.core.paginator import EmptyPage
from django.http import Http404

STORIES_PER_PAGE = 20
# Beyond any archive, and small enough that the offset always fits the database's integers.
MAX_PAGE_NUMBER = 1_000_000


class StoryPage:
    """One page of a newest-first list, read without counting the list: a COUNT over a
    100,000-story archive costs more than the page, and readers of a news list step to
    newer and older stories rather than jump to page 4,317. It reads one story more than it
    shows, to know whether there is an older page.

    It answers what templates ask of Django's Page (number, object_list, has_next(), ...).
    """

    def __init__(self, stories, number, per_page=None):
        per_page = per_page or STORIES_PER_PAGE
        start = (number - 1) * per_page
        self.read(list(stories[start : start + per_page + 1]), number, per_page)

    @classmethod
    def of_stories(cls, found, number, per_page=None):
        """The page made of `found`, the stories already read for it: up to one more than
        a page holds (the front page reads them together with its other stories)."""
        page = cls.__new__(cls)
        page.read(found, number, per_page or STORIES_PER_PAGE)
        return page

    def read(self, found, number, per_page):
        self.number = number
        self.object_list = found[:per_page]
        self._has_next = len(found) > per_page

    @classmethod
    def of(cls, stories, page_param):
        """The page `?page=` asks for (page_number()), and 404 past the end of the list
        (which is not counted, so has no last page to fall back to)."""
        number = page_number(page_param)
        page = cls(stories, number)
        if number > 1 and not page.object_list:
            raise Http404("No such page.")
        return page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


def page_number(page_param):
    """The page number `?page=` asks for: 1 for anything that is not a page number, and 404
    for a number beyond any archive."""
    number = asked_page_number(page_param)
    if number > MAX_PAGE_NUMBER:
        raise Http404("No such page.")
    return number


def asked_page_number(page_param):
    """page_number() without the 404: what a canonical address names (templating.py)."""
    try:
        return max(int(page_param or 1), 1)
    except ValueError:
        return 1


def counted_page(paginator, page_param):
    """The page of a counted list (Django's Paginator) that `?page=` asks for: the first for
    what is not a page number, and 404 past the end, as on the lists of stories."""
    try:
        return paginator.page(page_number(page_param))
    except EmptyPage as error:
        raise Http404("No such page.") from error
