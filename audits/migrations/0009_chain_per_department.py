"""A chain per department (issue 18): events already recorded stay, unchanged, in the single chain they were
written in (chain -1, its head the former head row); new events go to their department's chain, or the
installation's (0). No event is rewritten, so every hash and every checkpoint signed before still holds."""

from django.db import migrations, models

FORMER_SINGLE_CHAIN = -1


def key_the_former_head(apps, schema_editor):
    # The head row is not append-only; only events are.
    apps.get_model("audits", "AuditChainHead").objects.filter(pk=1).update(id=FORMER_SINGLE_CHAIN)


def unkey_the_former_head(apps, schema_editor):
    apps.get_model("audits", "AuditChainHead").objects.filter(pk=FORMER_SINGLE_CHAIN).update(id=1)


class Migration(migrations.Migration):
    dependencies = [("audits", "0008_text_limits")]

    operations = [
        migrations.AlterField(
            model_name="auditchainhead",
            name="id",
            field=models.BigIntegerField(primary_key=True, serialize=False),
        ),
        migrations.RunPython(key_the_former_head, unkey_the_former_head),
        # ADD COLUMN with a constant default fills the existing rows without an UPDATE, so the append-only
        # trigger does not fire; the default is dropped afterwards (record() always sets the chain).
        migrations.AddField(
            model_name="auditevent",
            name="chain",
            field=models.BigIntegerField(default=FORMER_SINGLE_CHAIN),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["chain", "id"], name="audits_event_chain_id"),
        ),
        migrations.AddField(
            model_name="checkpoint",
            name="heads",
            field=models.JSONField(
                blank=True,
                null=True,
                help_text="Every chain's head when it was signed "
                "(chain, length, last event id, last hash); none on checkpoints of the former "
                "single chain.",
            ),
        ),
    ]
