"""Queries the ORM builds into SQL once per process, then runs with each request's values.

The article page, the lists of stories and search run one query each on every request the
page cache does not answer. For those, Django spent longer building and compiling the
queryset than PostgreSQL took to answer it. So the ORM builds each query once per database,
with stand-ins for the values that change (the time, a slug, a section's id, a search), and
each call runs that SQL with the real values in their place.
"""

from datetime import UTC, datetime

from django.db import connections

# Stand-ins: no article is published at this time, no slug holds a space and no id is negative.
STAND_IN_TIME = datetime(1900, 1, 1, 0, 0, 0, 123457, tzinfo=UTC)


def stand_ins(values):
    """A stand-in for each value, of its type and unlike any other."""
    found = {}
    for number, (name, value) in enumerate(values.items()):
        if isinstance(value, str):
            found[name] = f"prepared stand-in {number}"
        elif isinstance(value, int):
            found[name] = -987_654_321 - number
        else:
            raise TypeError(f"{name}: only strings and integers have stand-ins, not {value!r}")
    return found


class PreparedQuery:
    """`build(now, **values)`, a queryset, as SQL built once per database.

    Each value must reach the SQL as parameters (a filter on a column, a search), never
    inside the SQL's text or a LIMIT, and the SQL's shape must not depend on it; the SQL then
    gets ``LIMIT %s OFFSET %s``, so `build` must not slice. run() gives model instances
    through raw(), which converts the columns as the ORM would (dates on SQLite are text) and
    defers the fields the SQL did not read; rows() gives a values_list() query's tuples.
    """

    def __init__(self, build):
        self.build = build
        self.compiled = {}  # {database alias: (sql, params, {name: [positions]})}

    def compile(self, using, values):
        connection = connections[using]
        markers = stand_ins(values)
        queryset = self.build(now=STAND_IN_TIME, **markers).using(using)
        sql, params = queryset.query.get_compiler(using).as_sql()
        params = list(params)
        markers["now"] = connection.ops.adapt_datetimefield_value(STAND_IN_TIME)
        positions = {}
        for name, marker in markers.items():
            # A search, say, is both matched and ranked: each of its places gets the value.
            positions[name] = [index for index, param in enumerate(params) if param == marker]
            if not positions[name]:
                raise ValueError(f"{name} must reach the SQL as a parameter: {sql}")
        return f"{sql} LIMIT %s OFFSET %s", tuple(params), positions

    def sql_for(self, using, now, limit, offset, values):
        """The SQL and its parameters for `now`, `values`, `limit` and `offset`."""
        if using not in self.compiled:
            self.compiled[using] = self.compile(using, values)
        sql, params, positions = self.compiled[using]
        params = list(params)
        values = {**values, "now": connections[using].ops.adapt_datetimefield_value(now)}
        for name, value in values.items():
            for index in positions[name]:
                params[index] = value
        return sql, [*params, limit, offset]

    def run(self, manager, now, *, limit, offset=0, **values):
        """The model instances for `now` and `values`, `limit` of them from `offset` on."""
        return list(manager.raw(*self.sql_for(manager.db, now, limit, offset, values)))

    def rows(self, manager, now, *, limit, offset=0, **values):
        """The tuples of a values_list() query, as the database gives them: for columns that
        need no conversion, such as ids."""
        with connections[manager.db].cursor() as cursor:
            cursor.execute(*self.sql_for(manager.db, now, limit, offset, values))
            return cursor.fetchall()
