"""`check --deploy` fails while a demo authenticator exists (issue 20.2): its secret is derived from the username
in demo/secrets.py, so anyone could compute the codes of a member who holds one."""

from django.core import checks
from django.db import DatabaseError

from . import secrets


@checks.register(checks.Tags.security, deploy=True)
def no_demo_secrets(app_configs=None, **kwargs):
    try:
        holders = list(secrets.demo_devices().values_list("user__username", flat=True)[:10])
    except DatabaseError:
        return []  # no database yet (before migrate): nothing can hold one
    if not holders:
        return []
    return [checks.Error(
        f"Demo authenticators with fixed, published secrets exist for: {', '.join(holders)}.",
        hint="They are made by `seed_demo --story` with DEBUG=1 for the demo only. Remove them (the members "
             "enrol their own app) or deploy a database without the demo department.",
        id="demo.E001",
    )]
