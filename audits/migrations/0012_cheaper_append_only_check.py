"""The append-only trigger compares a row with its chain fields emptied, not two JSON copies of it (issue 18).

The one update it lets through stays the same: a pending row given its four chain fields and nothing else. The
rest of the row, every column present and future, is compared as the table's own row type (`IS NOT DISTINCT
FROM`, column by column) instead of as `to_jsonb(NEW) - chain fields = to_jsonb(OLD) - chain fields`: the same
answer for a fifth of the work the trigger did on each row the sequencer chains (bench/README.md).
"""

from importlib import import_module

from django.db import migrations

SEQUENCING_ONLY = """
CREATE OR REPLACE FUNCTION audits_event_append_only() RETURNS trigger AS $$
DECLARE
    unchained audits_auditevent;
BEGIN
    IF TG_OP = 'UPDATE'
        AND OLD.sequence IS NULL AND OLD.previous_hash IS NULL AND OLD.hash IS NULL AND OLD.sequenced_at IS NULL
        AND NEW.sequence IS NOT NULL AND NEW.previous_hash IS NOT NULL AND NEW.hash IS NOT NULL
        AND NEW.sequenced_at IS NOT NULL
    THEN
        unchained := NEW;
        unchained.sequence := NULL;
        unchained.previous_hash := NULL;
        unchained.hash := NULL;
        unchained.sequenced_at := NULL;
        IF unchained IS NOT DISTINCT FROM OLD THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused on audits_auditevent', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def compare_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEQUENCING_ONLY, params=None)


def compare_json(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        previous = import_module("audits.migrations.0010_sequenced_after_commit")
        schema_editor.execute(previous.SEQUENCING_ONLY, params=None)


class Migration(migrations.Migration):
    dependencies = [("audits", "0011_fewer_indexes")]

    operations = [migrations.RunPython(compare_rows, compare_json)]
