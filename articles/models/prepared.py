"""Queries the ORM builds into SQL once per process, then runs with each request's values.

The article page and the lists of stories run one query each on every request the page
cache does not answer. For those, Django spent longer building and compiling the queryset
than PostgreSQL took to answer it. So the ORM builds each query once per database, with
stand-ins for the values that change (the time, a slug, a section's id), and each call runs
that SQL with the real values in their place.
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

    Each value must reach the SQL as one parameter of its own (a filter on a column, not in a
    LIMIT or an expression); the SQL then gets ``LIMIT %s OFFSET %s``, so `build` must not
    slice. Rows come back through raw(), which converts the columns as the ORM would (dates
    on SQLite are text) and defers the fields the SQL did not read.
    """

    def __init__(self, build):
        self.build = build
        self.compiled = {}  # {database alias: (sql, params, {name: position})}

    def compile(self, using, values):
        connection = connections[using]
        markers = stand_ins(values)
        queryset = self.build(now=STAND_IN_TIME, **markers).using(using)
        sql, params = queryset.query.get_compiler(using).as_sql()
        params = list(params)
        markers["now"] = connection.ops.adapt_datetimefield_value(STAND_IN_TIME)
        positions = {}
        for name, marker in markers.items():
            if params.count(marker) != 1:
                raise ValueError(f"{name} must reach the SQL as exactly one parameter: {sql}")
            positions[name] = params.index(marker)
        return f"{sql} LIMIT %s OFFSET %s", tuple(params), positions

    def run(self, manager, now, *, limit, offset=0, **values):
        """The rows for `now` and `values`, `limit` of them from `offset` on."""
        using = manager.db
        if using not in self.compiled:
            self.compiled[using] = self.compile(using, values)
        sql, params, positions = self.compiled[using]
        params = list(params)
        params[positions["now"]] = connections[using].ops.adapt_datetimefield_value(now)
        for name, value in values.items():
            params[positions[name]] = value
        return list(manager.raw(sql, [*params, limit, offset]))
