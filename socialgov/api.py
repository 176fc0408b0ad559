"""How the API reads input and answers errors (DESIGN.md "Interfaces"): 400 with field errors, 401, 403, 404,
409."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import InvalidTransition, denied


def exception_handler(exc, context):
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database went away mid-request: its transaction rolled back; the client should try again (issue 19.3).
        return Response(
            {
                "detail": "The database is not answering. Nothing was saved; try again in a minute.",
                "code": "service_unavailable",
            },
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "30"},
        )
    if isinstance(exc, InvalidTransition):
        return Response(
            {"detail": exc.message, "code": "invalid_transition", **exc.details}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            # A model's clean() files its errors under "__all__"; the API calls that "non_field_errors".
            detail = {
                api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field: messages
                for field, messages in exc.message_dict.items()
            }
        else:
            detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, exceptions.PermissionDenied) and context.get("request") is not None:
        # A refused change is a security event (issue 7), recorded apart from the change's rolled-back transaction.
        denied(context["request"], exc.detail)
    return drf_exception_handler(exc, context)


def validated(serializer_class, request, **context) -> dict:
    """What the request sent, checked by `serializer_class`: a 400 naming each bad field otherwise."""
    serializer = serializer_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
