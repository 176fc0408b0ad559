"""`manage.py demo_code USERNAME`: the code a demo member's authenticator shows now (DEBUG=1 only, issue 20.2)."""

from django.core.management.base import BaseCommand, CommandError

from demo import secrets
from people.models import Member


class Command(BaseCommand):
    help = "Print the current sign-in code of a demo member's fixed-secret authenticator (DEBUG=1 only)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            secrets.require_debug()
            member = Member.objects.filter(username=username).first()
            if member is None:
                raise LookupError(f"No member is named {username!r}.")
            self.stdout.write(secrets.code(member))
        except (secrets.NotInDebug, LookupError) as error:
            raise CommandError(str(error)) from error
