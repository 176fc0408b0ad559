"""`manage.py drf_create_token USERNAME`: an API token for a member, for operators (README "Management commands").

Replaces Django REST framework's command of the same name now that tokens are the members' own
expiring ones (security.ApiToken); the output is unchanged: `Generated token <key> for user <username>`.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from security import tokens
from security.models import ApiToken


class Command(BaseCommand):
    help = "Create an API token for a member (it expires after API_TOKEN_DAYS days)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The member's username.")
        parser.add_argument(
            "-r", "--reset", action="store_true", dest="reset", help="Revoke the member's other tokens first."
        )
        parser.add_argument("--name", default="Made by an operator", help="What the token is for.")
        parser.add_argument("--days", type=int, default=None, help="Days until it expires (default API_TOKEN_DAYS).")

    def handle(self, *args, **options):
        username = options["username"]
        member = get_user_model().objects.filter(username=username).first()
        if member is None:
            raise CommandError(f"Cannot create the Token: user {username} does not exist")
        if options["reset"]:
            for token in ApiToken.objects.active().filter(member=member):
                tokens.revoke_token(by=None, token=token)
        try:
            _, key = tokens.create_token(by=None, member=member, name=options["name"], days=options["days"])
        except ValidationError as error:  # --days out of range
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(f"Generated token {key} for user {username}")
