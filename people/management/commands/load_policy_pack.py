"""`manage.py load_policy_pack NAME`: create or update a department from its policy pack."""

from django.core.management.base import BaseCommand, CommandError

from people.models import Department
from people.services import load_policy_pack
from socialgov import policy_packs


class Command(BaseCommand):
    help = "Create or update a department from a policy pack (socialgov/policy_packs/NAME.toml)."

    def add_arguments(self, parser):
        parser.add_argument("name", help=f"The pack to load: one of {', '.join(policy_packs.available())}.")

    def handle(self, *args, name: str, **options):
        if name not in policy_packs.available():
            raise CommandError(
                f"No policy pack named {name!r}. Available packs: {', '.join(policy_packs.available())}."
            )
        # The checker enforces slug == file name, so this is the department the pack loads.
        existed = Department.objects.filter(slug=name).exists()
        try:
            department, changed = load_policy_pack(name)
        except policy_packs.PackError as error:
            raise CommandError(str(error)) from error
        if not existed:
            self.stdout.write(self.style.SUCCESS(f"Created {department}"))
        elif changed:
            self.stdout.write(self.style.SUCCESS(f"Updated {department}"))
        else:
            self.stdout.write(f"{department} is up to date")
