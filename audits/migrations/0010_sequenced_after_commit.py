"""Events chained after commit by a sequencer (issue 18, audits.sequencer).

An event is inserted pending (no place in its chain, no previous hash, no hash) and the sequencer fills those
once. Events already recorded were chained as they were inserted, each chain in id order under its head's lock:
they are given their place in their chain (`sequence`, their rank by id) and no hashed field changes, so every
hash and every signed checkpoint holds. The append-only trigger now lets through exactly the sequencer's update.
"""

from django.db import migrations, models

# Existing events get their place in their chain. The only update ever made to them, and not to a hashed
# field: the trigger is set aside for this one statement, inside the migration's transaction.
NUMBER_EXISTING = """
UPDATE audits_auditevent SET sequence = numbered.place, sequenced_at = audits_auditevent.created_at
FROM (SELECT id, row_number() OVER (PARTITION BY chain ORDER BY id) AS place FROM audits_auditevent) AS numbered
WHERE audits_auditevent.id = numbered.id
"""

# UPDATE is refused, but for the sequencer's: a pending row (every chain field empty) given all four chain
# fields and nothing else (every other column, present and future, compared as JSON). A second sequencing of a
# chained row, any other change, and every DELETE are refused.
SEQUENCING_ONLY = """
CREATE OR REPLACE FUNCTION audits_event_append_only() RETURNS trigger AS $$
DECLARE
    chain_fields text[] := ARRAY['sequence', 'previous_hash', 'hash', 'sequenced_at'];
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.sequence IS NULL AND OLD.previous_hash IS NULL AND OLD.hash IS NULL AND OLD.sequenced_at IS NULL
        AND NEW.sequence IS NOT NULL AND NEW.previous_hash IS NOT NULL AND NEW.hash IS NOT NULL
        AND NEW.sequenced_at IS NOT NULL
        AND (to_jsonb(NEW) - chain_fields) = (to_jsonb(OLD) - chain_fields)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused on audits_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

REFUSE_ALL = """
CREATE OR REPLACE FUNCTION audits_event_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: % refused on audits_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def number_existing(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE audits_auditevent DISABLE TRIGGER audits_event_append_only")
    schema_editor.execute(NUMBER_EXISTING)
    if postgres:
        schema_editor.execute("ALTER TABLE audits_auditevent ENABLE TRIGGER audits_event_append_only")
        schema_editor.execute(SEQUENCING_ONLY, params=None)


def refuse_all(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REFUSE_ALL, params=None)


class Migration(migrations.Migration):
    dependencies = [("audits", "0009_chain_per_department")]

    operations = [
        migrations.RemoveIndex(model_name="auditevent", name="audits_event_chain_id"),
        migrations.AddField(
            model_name="auditevent", name="sequence", field=models.BigIntegerField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="auditevent", name="sequenced_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.RunPython(number_existing, refuse_all),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("sequence__isnull", True)), fields=["chain", "id"], name="audits_event_pending"
            ),
        ),
        migrations.AddConstraint(
            model_name="auditevent",
            constraint=models.UniqueConstraint(fields=("chain", "sequence"), name="audits_event_chain_position"),
        ),
    ]
