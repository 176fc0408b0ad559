"""The address a request comes from, behind the proxies the deployment trusts (issue 17.4).

Behind a TLS proxy every request's REMOTE_ADDR is the proxy's. The sign-in lockout (FBI CJIS Security
Policy 5.5.3) and the audit trail need the member's own address, which the proxy appends to
X-Forwarded-For. A client can write anything into that header itself, so only the entries that the
trusted proxies added are believed. `settings.TRUSTED_PROXIES` (env `TRUSTED_PROXIES`) says which:

- empty (the default): no proxy; REMOTE_ADDR is the client;
- a number N: N proxies stand in front of the app, each appending the address it received the
  request from; the client is the N-th address from the right of X-Forwarded-For + REMOTE_ADDR;
- addresses or networks ("10.0.0.5, 10.8.0.0/16"): read from the right, skipping trusted proxies;
  the first address that is not one is the client. A request that did not come from a trusted
  proxy keeps its REMOTE_ADDR, whatever header it carries.

An address that is not an IP address (or longer than the 45 characters the columns hold) is None.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def client_address(request) -> str | None:
    remote = _address(request.META.get("REMOTE_ADDR"))
    trusted = settings.TRUSTED_PROXIES
    if not trusted or remote is None:
        return remote
    forwarded = [_address(part) for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    chain = [address for address in forwarded if address is not None] + [remote]
    count, networks = _parse(tuple(trusted))
    if count is not None:
        return chain[-(count + 1)] if len(chain) > count else chain[0]
    for address in reversed(chain):
        if not any(ipaddress.ip_address(address) in network for network in networks):
            return address
    return chain[0]  # every hop is a trusted proxy: the first is as near the client as can be known


def _address(value) -> str | None:
    try:
        text = str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None
    return text if len(text) <= 45 else None


@lru_cache(maxsize=8)
def _parse(trusted: tuple[str, ...]) -> tuple[int | None, list]:
    if len(trusted) == 1 and trusted[0].isdigit():
        return int(trusted[0]), []
    try:
        return None, [ipaddress.ip_network(item, strict=False) for item in trusted]
    except ValueError as error:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must be a number of proxies or a list of their addresses or networks: {error}"
        ) from None
