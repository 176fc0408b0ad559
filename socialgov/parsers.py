"""How the API reads a JSON body: as DRF does, then refusing text that cannot be stored or shown back.

A JSON string may carry a lone UTF-16 surrogate ("\\ud800"): valid JSON, but no character. Python keeps
it, and it fails later where the text is encoded (the database, the answer naming the bad value), as a
500. It is refused here instead, with a 400 naming the field (issue 17.3).
"""

from rest_framework import exceptions
from rest_framework.parsers import JSONParser as DRFJSONParser

MESSAGE = "Contains an unpaired UTF-16 surrogate, which is not a character; send valid Unicode text."


def unpaired_surrogate_at(value, path: str = "") -> str | None:
    """The path of the first string (or key) in `value` holding a lone surrogate ("accounts.0"), else None."""
    if isinstance(value, str):
        return path if _has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and _has_surrogate(key):
                return path or "non_field_errors"
            found = unpaired_surrogate_at(item, where)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = unpaired_surrogate_at(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class JSONParser(DRFJSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        where = unpaired_surrogate_at(data)
        if where is not None:
            # Named by its top-level field, as the serializers name their errors.
            field = where.split(".", 1)[0] if isinstance(data, dict) else "non_field_errors"
            raise exceptions.ValidationError({field: [MESSAGE]})
        return data
