"""Where socialgov may send requests: a department's webhook endpoint or a platform's service.

Every outbound address a member configures is checked here, once, before it is stored and again before
each request (a name can be re-pointed after it was checked). A service must be `https` and must resolve
only to public addresses: loopback, link-local (the cloud metadata address 169.254.169.254), private,
shared, multicast and reserved ranges are refused, so a configured URL cannot reach inside the
department's network (issue 17.5). `SOCIALGOV_ALLOW_HTTP_SERVICES=1` lifts both rules for local
development and for the tests, which run the platforms on this machine.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


def allow_local_services() -> bool:
    return bool(getattr(settings, "SOCIALGOV_ALLOW_HTTP_SERVICES", False))


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address the host name resolves to (an empty list when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        return []
    return sorted({info[4][0] for info in infos})


def check_service_url(url: str) -> None:
    """Raise ValidationError (one plain message) unless `url` may be called from this server."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError("Enter the service's full address, starting with https://.")
    if parts.username or parts.password:
        raise ValidationError("The address may not carry a user name or password; use the credential fields.")
    if allow_local_services():
        return
    if parts.scheme != "https":
        raise ValidationError("The address must start with https:// (the connection carries credentials).")
    try:
        port = parts.port or 443
    except ValueError:
        raise ValidationError("The address has an invalid port.") from None
    addresses = resolve(parts.hostname, port)
    if not addresses:
        raise ValidationError(f"{parts.hostname} does not resolve to an address.")
    private = [address for address in addresses if not _is_public(address)]
    if private:
        raise ValidationError(
            f"{parts.hostname} resolves to {private[0]}, an address inside a private network; "
            "socialgov only calls services on the public internet."
        )
