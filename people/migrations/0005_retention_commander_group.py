from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="Retention Commander")


class Migration(migrations.Migration):
    """The retention commander (3xx.7) is a role a member holds (issue 16.4)."""

    dependencies = [("people", "0004_department_approval_limit_hours")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
