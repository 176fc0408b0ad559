"""Browser pages (people): signing in, the dashboard, members, authorizations and training.

Helpers shared by the tests here; the persona fixtures are in tests/conftest.py.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from people.services import grant_authorization


def signed_in(client, member):
    client.force_login(member)
    return client


def grant(by, member, accounts, days=365, starts_in=0):
    on = timezone.localdate() + timedelta(days=starts_in)
    return grant_authorization(
        by=by, member=member, accounts=accounts, starts_on=on, expires_on=on + timedelta(days=days)
    )


def login_redirect(url):
    return f"{reverse('login')}?next={url}"
