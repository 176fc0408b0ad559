"""The Internal Affairs and Background Investigator roles (issue 15: personal-use reviews, V.B.1; background
investigations, IV.D), each a group like the other roles."""

from django.db import migrations

GROUPS = ["Internal Affairs", "Background Investigator"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("people", "0004_department_approval_limit_hours")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
