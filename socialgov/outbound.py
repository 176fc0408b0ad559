"""Where socialgov may send requests: a department's webhook endpoint or a platform's service.

Every outbound address a member configures is checked here, once, before it is stored and again before
each request (a name can be re-pointed after it was checked). A service must be `https` and must resolve
only to public addresses: loopback, link-local (the cloud metadata address 169.254.169.254), private,
shared, multicast and reserved ranges are refused, so a configured URL cannot reach inside the
department's network (issue 17.5). An address never carries a user name or password.
`SOCIALGOV_ALLOW_HTTP_SERVICES=1` lifts the https and public-address rules for local development and for
the tests, which run the platforms on this machine.

`post()` sends a request the same way: it checks the address, then connects to the very address it checked (a
name that resolves differently a moment later is not asked again), and does not follow redirects, so an endpoint
cannot send the request on to another host.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError


def allow_local_services() -> bool:
    return bool(getattr(settings, "SOCIALGOV_ALLOW_HTTP_SERVICES", False))


NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address carried inside IPv6 (mapped, 6to4, NAT64) is judged as the IPv4 address it reaches.
        embedded = (
            ip.ipv4_mapped or ip.sixtofour or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in NAT64 else None)
        )
        if embedded is not None:
            ip = embedded
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
    _checked(url)


def _checked(url: str) -> tuple:
    """(the URL's parts, the addresses to connect to: None when local services are allowed)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValidationError("Enter the service's full address, starting with https://.")
    if parts.username or parts.password:
        raise ValidationError("The address may not carry a user name or password; use the credential fields.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError("The address has an invalid port.") from None
    if allow_local_services():
        return parts, None
    if parts.scheme != "https":
        raise ValidationError("The address must start with https:// (the connection carries credentials).")
    addresses = resolve(parts.hostname, port)
    if not addresses:
        raise ValidationError(f"{parts.hostname} does not resolve to an address.")
    private = [address for address in addresses if not _is_public(address)]
    if private:
        raise ValidationError(
            f"{parts.hostname} resolves to {private[0]}, an address inside a private network; "
            "socialgov only calls services on the public internet."
        )
    return parts, addresses


@dataclass
class Answer:
    status: int
    body: bytes


class _Pinned:
    """Connects to the address that was checked, whatever the host name resolves to now; the host name is still
    what the request names (Host header) and what the TLS certificate is checked against (SNI)."""

    address: str | None = None

    def connect(self):
        self.sock = socket.create_connection((self.address or self.host, self.port), self.timeout)
        if isinstance(self, http.client.HTTPSConnection):
            self.sock = ssl.create_default_context().wrap_socket(self.sock, server_hostname=self.host)


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    pass


MAX_ANSWER_BYTES = 1 << 20


def post(url: str, body: bytes, headers: dict, *, timeout: float) -> Answer:
    """POST `body` to a service. Raises ValidationError when the address is refused (check_service_url), OSError
    when it cannot be reached; any answer, a redirect included, is returned as it is, never followed."""
    parts, addresses = _checked(url)
    connection_class = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    connection.address = addresses[0] if addresses else None
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        return Answer(status=response.status, body=response.read(MAX_ANSWER_BYTES))
    except http.client.HTTPException as error:
        raise OSError("the service's answer was not HTTP") from error
    finally:
        connection.close()
