"""Numbers read from an API query string (`?limit=`, `?incident=`, `?post=`): plain ASCII whole numbers in
range, or a 400 naming the parameter. int() alone would read "²" or "١٢" and then fail, and a number past
64 bits reaches the database as a 500 (issue 17.3). And RowsByIds: a page's loader query compiled once."""

import re

from django.db import connections
from rest_framework import exceptions

WHOLE_NUMBER = re.compile(r"[0-9]{1,19}")
MAX_ID = 2**63 - 1  # a bigint primary key


def whole_number(params, name: str, *, low: int, high: int, default: int | None = None) -> int | None:
    """`params[name]` as an int in [low, high]; `default` when absent or empty; else a 400 naming it."""
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not WHOLE_NUMBER.fullmatch(raw) or not low <= int(raw) <= high:
        raise exceptions.ValidationError({name: [f"Must be a whole number from {low} to {high}."]})
    return int(raw)


def record_id(params, name: str) -> int | None:
    """A record's id in `params[name]`, None when absent, else a 400 naming it."""
    return whole_number(params, name, low=1, high=MAX_ID)


class RowsByIds:
    """A values() queryset's rows whose `field` is one of a list of ids, built and compiled by Django's ORM once per
    process and length of the list, then run with each list's ids: for the loaders of a page of records (the post
    API's findings and decisions), where building and compiling the same query on every request cost several times
    the database's own time (issue 18.2). `build()` returns the queryset without the ids. It may depend on nothing
    that changes between requests: its only parameters must be the ids, which is checked when it is compiled. Not
    for permissions, which are built for each request through their app's door."""

    def __init__(self, field: str, build):
        self.field = field
        self.build = build
        self._compiled = {}

    def rows(self, ids) -> list[dict]:
        ids = list(ids)
        if not ids:
            return []
        alias, sql, names, columns = self._compiled.get(len(ids)) or self._compile(len(ids))
        connection = connections[alias]
        # What Django's compiler applies to the values it reads (SQLCompiler.get_converters): dates from SQLite's
        # text, JSON decoded.
        converters = [
            (n, functions, column)
            for n, column in enumerate(columns)
            if (functions := connection.ops.get_db_converters(column) + column.get_db_converters(connection))
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            rows = cursor.fetchall()
        answer = []
        for row in rows:
            row = list(row)
            for n, functions, column in converters:
                for convert in functions:
                    row[n] = convert(row[n], column, connection)
            answer.append(dict(zip(names, row, strict=True)))
        return answer

    def _compile(self, count: int):
        placeholders = [-n for n in range(1, count + 1)]  # no record has a negative id
        queryset = self.build().filter(**{f"{self.field}__in": placeholders})
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        if list(params) != placeholders:
            raise ValueError(f"RowsByIds: the query of {queryset.model.__name__} has parameters besides the ids")
        query = queryset.query
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        columns = [expression for expression, _sql, _alias in compiler.select[: compiler.col_count]]
        self._compiled[count] = compiled = (queryset.db, sql, names, columns)
        return compiled
