"""The public pages' story queries, compiled to SQL once per process and shape.

Building and compiling a queryset costs Django's ORM more CPU than the database spends
answering it: about 1.5 M instructions per query, where a whole cold article page costs
11-14 M (bench/results.md). The pages' story queries have a fixed shape in which only values
change: the time, a slug, an id, a list of ids. `read()` builds each once per process and
shape with stand-in values, and runs the SQL with the real values put in their place.

The querysets stay the one definition of what readers may see (ArticleQuerySet.published()
and the rest): this only skips building them again. A value the ORM does not pass through to
the SQL's parameters unchanged (a stand-in it folded away) fails loudly when compiling.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import signals
from django.db.models.base import ModelState

# Far from any real value: ids below zero, a time before the newsroom existed. Each value's
# stand-ins are STAND_IN_SPACING apart, room for a list of that many ids.
FIRST_STAND_IN_ID = -(10**15)
STAND_IN_SPACING = 10**6
STAND_IN_TIME = datetime(2000, 1, 1, tzinfo=UTC)


class CompileError(Exception):
    """A stand-in value did not reach the SQL's parameters as itself."""


def read(model, build, *values, shape=(), using=None):
    """The instances of `model` that the queryset `build(*shape, *values)` reads.

    `build` is a module-level function of plain values (datetimes, ids, strings, None,
    tuples of ids), compiled once per process for each `shape` (what is written into the SQL
    itself, like a slice's offset) and shape of values: their types and each tuple's length.
    It returns a queryset, or (SQL, parameters, a query whose annotations its rows carry)
    written for the database `using` names (the front page's UNION of querysets). Instances
    come back as from the queryset, with the fields it did not read deferred."""
    alias = using or model.objects.db
    columns, rows, annotations = run(alias, build, shape, values)
    return instances(model, alias, columns, rows, annotations) if columns else []


def read_ids(model, build, *values, shape=(), using=None):
    """The primary keys of the rows that `build` (as for read()) reads, in its order, without
    making an instance of each: a search's ranking reads up to two hundred."""
    alias = using or model.objects.db
    columns, rows, _ = run(alias, build, shape, values)
    if not columns:
        return []
    reading = row_reading(model, alias, columns)
    position = columns.index(model._meta.pk.column)
    converters = [
        (converter, column) for at, converter, column in reading.converters if at == position
    ]
    connection = connections[alias]
    found = []
    for row in rows:
        key = row[position]
        for converter, column in converters:
            key = converter(key, column, connection)
        found.append(key)
    return found


def run(alias, build, shape, values):
    """(columns, rows, annotations) of the query `build` makes for `values`, compiled once
    per shape (annotations: see compiled()); no columns for a shape that can match nothing,
    which is not run."""
    stand_ins = tuple(stand_in(value, number) for number, value in enumerate(values))
    sql, places, annotations = compiled(alias, build, shape, stand_ins)
    if sql is None:
        return (), [], ()
    flat = flatten(values)
    connection = connections[alias]
    params = [
        fixed if number is None else adapt(connection, flat[number]) for number, fixed in places
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = tuple(column[0] for column in cursor.description)
        return columns, cursor.fetchall(), annotations


def instances(model, alias, columns, rows, annotations=()):
    """An instance of `model` for each row, as raw() would make it: the fields of the row's
    columns set, the model's other fields deferred, any other column an attribute, converted
    by `annotations` ((name, converter, expression), as compiled() finds them) where named.

    Model.__init__ walks all of a model's fields for each row (an Article has 44, a card
    reads 12), and raw() finds each column's field again for each query. Here that is done
    once per shape of row, and an instance gets just the row's values, which is all that
    deferred fields need (Django loads one on first use when it is not set)."""
    reading = row_reading(model, alias, columns)
    connection = connections[alias]
    # Whatever listens for instances being made still hears of these.
    signalled = signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model)
    converters = reading.converters + tuple(
        (columns.index(name), converter, expression)
        for name, converter, expression in annotations
        if name in columns
    )
    found = []
    for row in rows:
        row = list(row)
        for position, converter, column in converters:
            row[position] = converter(row[position], column, connection)
        values = [row[position] for position in reading.positions]
        if signalled:
            instance = model.from_db(alias, reading.names, values)
        else:
            instance = model.__new__(model)
            instance.__dict__.update(zip(reading.names, values, strict=True))
            instance._state = state = ModelState()
            state.adding, state.db = False, alias
        for position, name in reading.others:
            setattr(instance, name, row[position])
        found.append(instance)
    return found


@dataclass(frozen=True)
class RowReading:
    names: tuple  # The attribute names of the fields read, in the model's order...
    positions: tuple  # ... and the position of each one's column in a row.
    converters: tuple  # (position, converter, column) for values the database returns raw.
    others: tuple  # (position, name) of columns that are not a field (annotations).


@lru_cache(maxsize=512)
def row_reading(model, alias, columns):
    """How to read rows of `columns` into instances of `model`, as raw() reads them."""
    connection = connections[alias]
    by_column = {field.column: field for field in model._meta.concrete_fields}
    if model._meta.pk.column not in columns:
        raise FieldDoesNotExist("A query read into instances must read the primary key")
    fields = sorted(
        (field for field in model._meta.concrete_fields if field.column in columns),
        key=model._meta.concrete_fields.index,
    )
    converters = []
    for position, name in enumerate(columns):
        field = by_column.get(name)
        if field is not None:
            column = field.get_col(model._meta.db_table)
            for converter in (
                *connection.ops.get_db_converters(column),
                *field.get_db_converters(connection),
            ):
                converters.append((position, converter, column))
    return RowReading(
        names=tuple(field.attname for field in fields),
        positions=tuple(columns.index(field.column) for field in fields),
        converters=tuple(converters),
        others=tuple(
            (position, name) for position, name in enumerate(columns) if name not in by_column
        ),
    )


@lru_cache(maxsize=512)
def compiled(alias, build, shape, stand_ins):
    """(SQL, places): for each parameter, (the index of the value that goes there, None) or
    (None, the parameter the SQL always takes); and the converters of its annotations, as
    (name, converter, expression), the way the ORM converts them (a JSON part decoded, say).
    (None, None, ()) for a query of this shape that matches nothing (an empty list of ids,
    say), which the ORM refuses to compile."""
    built = build(*shape, *stand_ins)
    connection = connections[alias]
    try:
        if isinstance(built, tuple):
            sql, params, query = built
        else:
            query = built.using(alias).query
            sql, params = query.sql_with_params()
    except EmptyResultSet:
        return None, None, ()
    annotations = tuple(
        (name, converter, expression)
        for name, expression in query.annotation_select.items()
        for converter in (
            *connection.ops.get_db_converters(expression),
            *expression.get_db_converters(connection),
        )
    )
    wanted = {adapt(connection, value): number for number, value in enumerate(flatten(stand_ins))}
    places = [
        (wanted[param], None) if hashable(param) and param in wanted else (None, param)
        for param in params
    ]
    missing = set(wanted.values()) - {number for number, _ in places}
    if missing:
        raise CompileError(f"{build.__qualname__}: values {missing} are not in its parameters")
    return sql, places, annotations


def stand_in(value, number):
    """A value of the same shape as `value`, that no real query would use."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return STAND_IN_TIME + timedelta(seconds=number)
    if isinstance(value, bool):
        raise TypeError("A yes-or-no changes a query's shape: build one query for each")
    if isinstance(value, int):
        return FIRST_STAND_IN_ID - STAND_IN_SPACING * number
    if isinstance(value, str):
        return f"\x1fstand-in-{number}"
    if isinstance(value, tuple):
        if len(value) >= STAND_IN_SPACING:
            raise ValueError(f"A list of {len(value)} ids is too long to compile")
        first = FIRST_STAND_IN_ID - STAND_IN_SPACING * number - 1
        return tuple(first - index for index in range(len(value)))
    raise TypeError(f"No stand-in for {type(value).__name__}")


def flatten(values):
    """The values one by one, each tuple's items in its place."""
    flat = []
    for value in values:
        if isinstance(value, tuple):
            flat.extend(value)
        elif value is not None:
            flat.append(value)
    return flat


def adapt(connection, value):
    """A value as the ORM passes it to the database."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def hashable(value):
    try:
        hash(value)
    except TypeError:
        return False
    return True
