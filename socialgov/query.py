"""Numbers read from an API query string (`?limit=`, `?incident=`, `?post=`): plain ASCII whole numbers in
range, or a 400 naming the parameter. int() alone would read "²" or "١٢" and then fail, and a number past
64 bits reaches the database as a 500 (issue 17.3)."""

import re

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
