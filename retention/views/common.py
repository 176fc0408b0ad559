"""What retention's pages share: the series a member sees, and a hold or batch change's answer page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect

from people.views import conflict
from socialgov.errors import InvalidTransition

from .. import permissions


def _visible(request, model, pk, **related):
    queryset = permissions.visible(request.user, model.objects.all())
    if related.get("select"):
        queryset = queryset.select_related(*related["select"])
    if related.get("prefetch"):
        queryset = queryset.prefetch_related(*related["prefetch"])
    return get_object_or_404(queryset, pk=pk)


def _act(request, back: str, act, done):
    """A POST action on a record's page: `act()` calls the service; the 409 page if the record is not in a
    state for it, the service's refusal of the input as a message, else `done(result)` as a message; then
    back to the record's page."""
    try:
        result = act()
    except InvalidTransition as error:
        return conflict(request, error, back)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    messages.success(request, done(result))
    return redirect(back)
