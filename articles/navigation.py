"""What every public page shows around its story: the sections in the masthead and the
policy pages in the footer (and the organisation's JSON-LD). Each is read once per request,
however many parts of the page ask: the sections also name each story's section on the page,
so no story query joins the section table.

Both are read with a line of SQL of their own: the ORM spent more building these two fixed
queries than rendering the rest of the page's frame (bench/results.md).
"""

from django.db import connection

from .models import Page, Section

# The policy pages, in footer order.
POLICY_KINDS = [
    Page.Kind.ABOUT,
    Page.Kind.CORRECTIONS_POLICY,
    Page.Kind.ETHICS_POLICY,
    Page.Kind.MISSION,
    Page.Kind.OWNERSHIP,
    Page.Kind.VERIFICATION_POLICY,
    Page.Kind.UNNAMED_SOURCES_POLICY,
    Page.Kind.DIVERSITY_POLICY,
    Page.Kind.FEEDBACK_POLICY,
]


def sections(request):
    """Every section, in the editors' order: the masthead's navigation."""
    if not hasattr(request, "_newsroom_sections"):
        request._newsroom_sections = read(
            Section, ["id", "name", "slug"], "ORDER BY position, name, id"
        )
    return request._newsroom_sections


def file_under_sections(request, articles):
    """Give each of `articles` (read without their section) its Section from sections()."""
    by_id = {section.pk: section for section in sections(request)}
    section = type(articles[0])._meta.get_field("section") if articles else None
    for article in articles:
        # As select_related() would have: straight into the instance's cache of relations.
        section.set_cached_value(article, by_id.get(article.section_id))
    return articles


def policy_pages(request):
    """The published about and policy pages (POLICY_KINDS), by kind."""
    if not hasattr(request, "_newsroom_policy_pages"):
        pages = {}
        published = read(
            Page, ["id", "title", "slug", "kind"], "WHERE is_published ORDER BY title, id"
        )
        for page in published:
            # Two pages of one kind: the first by title wins, as in the admin list.
            if page.kind in POLICY_KINDS:
                pages.setdefault(page.kind, page)
        request._newsroom_policy_pages = pages
    return request._newsroom_policy_pages


def policy_page(request, kind):
    """The published page of this kind (a Page.Kind value), or None."""
    return policy_pages(request).get(kind)


def footer_pages(request):
    """The published policy pages, in footer order."""
    pages = policy_pages(request)
    return [pages[kind] for kind in POLICY_KINDS if kind in pages]


def read(model, fields, conditions):
    """Instances of `model` with only `fields` read, from one SELECT ending in `conditions`."""
    # from_db() takes the values in the model's own field order.
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in fields]
    columns = ", ".join(map(connection.ops.quote_name, fields))
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} {conditions}")
        return [model.from_db(connection.alias, fields, row) for row in cursor.fetchall()]
