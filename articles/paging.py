"""Pages of the newest-first lists of stories (home, section, tag, author and source pages)."""

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
        found = list(stories[start : start + per_page + 1])
        self.number = number
        self.object_list = found[:per_page]
        self._has_next = len(found) > per_page

    @classmethod
    def of(cls, stories, page_param):
        """The page `?page=` asks for: the first for anything that is not a page number, and
        404 past the end of the list (which is not counted, so has no last page to fall
        back to)."""
        try:
            number = int(page_param or 1)
        except ValueError:
            number = 1
        if not 1 <= number <= MAX_PAGE_NUMBER:
            number = 1
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
