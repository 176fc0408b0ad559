"""Answers a page asks several times while it is drawn, asked once (the navigation's doors).

`remembered` marks a door function of one member; inside `with remembering(member):` its answers are kept on
that member for the rest of the block. Outside such a block the function runs every time, so a service that
grants and then asks again always sees the change.
"""

from contextlib import contextmanager
from functools import wraps

_MEMO = "_remembered_answers"


def remembered(function):
    @wraps(function)
    def door(member, *args):
        answers = getattr(member, _MEMO, None)
        if answers is None:
            return function(member, *args)
        key = (function.__module__, function.__qualname__, *args)
        if key not in answers:
            answers[key] = function(member, *args)
        return answers[key]

    return door


@contextmanager
def remembering(member):
    if getattr(member, _MEMO, None) is not None or not getattr(member, "is_authenticated", False):
        yield
        return
    setattr(member, _MEMO, {})
    try:
        yield
    finally:
        delattr(member, _MEMO)
