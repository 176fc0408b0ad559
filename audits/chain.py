"""The hash chain of the audit trail: a canonical encoding and the hash over it."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

GENESIS_HASH = "0" * 64


def to_json_value(data):
    """The value as it will read back from a JSON column, so its hash can be recomputed later."""
    if data is None:
        return None
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def canonical(fields: dict) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(fields: dict, previous_hash: str) -> str:
    return hashlib.sha256(canonical(fields) + previous_hash.encode()).hexdigest()
