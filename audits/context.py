"""The request an audit event happens in, carried without passing it through every service call."""

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    remote_addr: str | None = None


_NONE = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "socialgov_request_context", default=None
)


def current() -> RequestContext:
    return _current.get() or _NONE


@contextmanager
def request_context(request_id: str = "", remote_addr: str | None = None):
    token = _current.set(RequestContext(request_id=request_id, remote_addr=remote_addr))
    try:
        yield
    finally:
        _current.reset(token)
