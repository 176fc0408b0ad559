"""drf-spectacular postprocessing: every operation documents the errors the API answers with
(DESIGN.md "Interfaces"): 400 with field errors, 401 unauthenticated, 403 not allowed, 404 not
visible to you, 409 a transition the object's state does not allow."""

ERROR = {
    "type": "object",
    "description": "An error. `detail` says what went wrong; a 400 names each field instead.",
    "properties": {
        "detail": {"type": "string"},
        # The error's code; or, on a 400 for an operation with a field named "code", that field's errors.
        "code": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    },
    "additionalProperties": True,
}

ANSWERS = {
    "400": "The input is not valid: each field named with its errors.",
    "401": "No credentials, or a wrong, expired or revoked token.",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such object, or not visible to you.",
    "409": "The object's state does not allow this.",
}
READS = ("401", "403", "404")


def document_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            codes = READS if method == "get" else tuple(ANSWERS)
            if method == "get" and "{" not in path:
                codes = ("400", "401", "403")  # a list's filters can be wrong; nothing to be missing
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": ANSWERS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
