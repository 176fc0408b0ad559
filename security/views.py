"""Signing in (password, then a second factor), the lockout page, the member's profile (second factor,
API tokens, sign out everywhere) and the chief's unlock and reset buttons on a member's page.

The services in security.services decide and write the audit events; these views only ask and show.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from people import permissions as people_permissions
from people.forms import add_service_errors

from . import permissions, second_factor, services, sessions, tokens
from .forms import CodeForm, EnrolForm, TokenForm
from .lockout import UNTIL_RELEASED
from .models import ApiToken


def _next(request, default: str = "") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default or reverse("dashboard")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


class SignInView(LoginView):
    """The first step: username and password. Failures count towards the lockout (security.lockout)."""

    template_name = "registration/login.html"

    def form_valid(self, form):
        member = form.get_user()
        auth_login(self.request, member)
        step = services.password_accepted(self.request, member)
        if step == "none":
            return redirect(self.get_success_url())
        return redirect(
            _with_next("security:verify" if step == "verify" else "security:enroll", self.get_success_url())
        )

    def form_invalid(self, form):
        username = self.request.POST.get("username", "")
        if username and self.request.POST.get("password"):
            refused = getattr(self.request, "axes_locked_out", False) and not hasattr(
                self.request, "security_locked_until"
            )
            services.sign_in_failed(self.request, username=username, reason="locked" if refused else "password")
        return super().form_invalid(form)


class SignOutView(LogoutView):
    def post(self, request, *args, **kwargs):
        sessions.signed_out(request)
        return super().post(request, *args, **kwargs)


def lockout_message(until) -> str:
    if until is None or until == UNTIL_RELEASED:
        return (
            "This account is locked after too many failed sign-ins. It stays locked until the chief of "
            "police or an administrator unlocks it: ask them."
        )
    minutes = max(1, round((until - timezone.now()).total_seconds() / 60))
    at = date_format(timezone.localtime(until), "TIME_FORMAT")
    return (
        f"This account is locked after too many failed sign-ins. Try again at {at} "
        f"(in {minutes} minute{'s' if minutes != 1 else ''})."
    )


def locked_out(request, original_response=None, credentials=None):
    """The lockout page (django-axes' AXES_LOCKOUT_CALLABLE): the sign-in form, saying when to try again."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = getattr(request, "security_locked_until", None) or sessions.locked_until(request, username)
    form = AuthenticationForm(request, initial={"username": username})
    response = render(
        request,
        "registration/login.html",
        {
            "form": form,
            "lockout": lockout_message(until),
            "next": _next(request, ""),
        },
        status=429,
    )
    if until is not None and until != UNTIL_RELEASED:
        response["Retry-After"] = str(max(1, int((until - timezone.now()).total_seconds())))
    return response


def _finish(request, member, device, factor: str):
    """The second factor is given: complete the sign-in, or (already signed in) just mark the session."""
    if sessions.SIGN_IN_ID in request.session:
        otp_login(request, device)
        request.session[sessions.SECOND_FACTOR] = ["verified", sessions._now()]
    else:
        services.complete_sign_in(request, member, factor=factor, device=device)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step: a code from the authenticator app, or a backup code."""
    member = request.user
    next_url = _next(request)
    if second_factor.is_verified(request.session):
        return redirect(next_url)
    step = second_factor.second_factor_step(member)
    if step == "enrol":
        return redirect(_with_next("security:enroll", next_url))
    if step == "none":
        return redirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": member.get_username()}
        if sessions.locked_until(request, member.get_username()) is not None:
            services.sign_in_failed(request, username=member.get_username(), reason="locked")
            logout(request)
            return locked_out(request, None, credentials)
        device, wait = second_factor.verify_code(member, form.cleaned_data["code"])
        if device is not None:
            _finish(request, member, device, "backup_code" if isinstance(device, StaticDevice) else "totp")
            return redirect(next_url)
        if wait:
            form.add_error("code", f"Too many wrong codes in a row: wait {wait} seconds, then try again.")
        else:
            # A wrong code counts towards the lockout like a wrong password.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            services.sign_in_failed(request, username=member.get_username(), reason="code")
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return locked_out(request, None, credentials)
            form.add_error("code", "That code is not right, or was used already. Enter the code the app shows now.")
    return render(request, "security/verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def enroll(request):
    """Set up an authenticator app: a QR code (made here, as an SVG) and the key to type in by hand."""
    member = request.user
    next_url = _next(request)
    if second_factor.has_second_factor(member):
        return redirect(
            next_url if second_factor.is_verified(request.session) else _with_next("security:verify", next_url)
        )
    device = second_factor.pending_totp(member)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.confirm_enrolment(request, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _finish(request, member, second_factor.confirmed_totp(member), "totp")
            return render(request, "security/backup_codes.html", {"codes": codes, "next": next_url, "new": True})
    return render(
        request,
        "security/enroll.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": second_factor.qr_code_data_uri(device),
            "secret": second_factor.secret_text(device),
            "required": permissions.second_factor_required(member),
        },
    )


@login_required
def profile(request):
    member = request.user
    return render(
        request,
        "security/profile.html",
        {
            "has_second_factor": second_factor.has_second_factor(member),
            "required": permissions.second_factor_required(member),
            "backup_codes_left": second_factor.backup_codes_left(member),
            "tokens": list(ApiToken.objects.filter(member=member).order_by("-created_at")),
            "token_form": TokenForm(),
            "sign_ins": sessions.recent_sign_ins(member),
        },
    )


@login_required
@require_POST
def backup_codes(request):
    try:
        codes = second_factor.regenerate_backup_codes(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("security:profile")
    return render(request, "security/backup_codes.html", {"codes": codes, "next": reverse("security:profile")})


@login_required
@require_POST
def disable_second_factor(request):
    try:
        second_factor.disable_second_factor(by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        request.session.pop("otp_device_id", None)
        messages.success(request, "Two-factor sign-in is off.")
    return redirect("security:profile")


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = tokens.create_token(
                by=request.user, member=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "security/token_created.html", {"token": token, "key": key})
    member = request.user
    return render(
        request,
        "security/profile.html",
        {
            "has_second_factor": second_factor.has_second_factor(member),
            "required": permissions.second_factor_required(member),
            "backup_codes_left": second_factor.backup_codes_left(member),
            "tokens": list(ApiToken.objects.filter(member=member).order_by("-created_at")),
            "token_form": form,
            "sign_ins": sessions.recent_sign_ins(member),
        },
        status=400,
    )


@login_required
@require_POST
def token_revoke(request, pk: int):
    token = get_object_or_404(ApiToken.objects.filter(member=request.user), pk=pk)
    tokens.revoke_token(by=request.user, token=token)
    messages.success(request, f"API token {token.prefix}… is revoked; it no longer works.")
    return redirect("security:profile")


@login_required
@require_POST
def sign_out_everywhere(request):
    ended = sessions.sign_out_everywhere(request)
    sessions.signed_out(request)
    logout(request)
    messages.success(
        request,
        f"You are signed out everywhere ({ended + 1} session{'s' if ended else ''}). Sign in again to carry on.",
    )
    return redirect("login")


def _subject(request, pk: int):
    user = request.user
    members = get_user_model().objects.all()
    if not permissions.is_administrator(user):
        members = people_permissions.visible(user, members)
    return get_object_or_404(members, pk=pk)


@login_required
@require_POST
def member_unlock(request, pk: int):
    subject = _subject(request, pk)
    services.unlock(by=request.user, member=subject)
    messages.success(request, f"{subject.display_name} is unlocked and may sign in again.")
    return redirect("member-detail", pk=subject.pk)


@login_required
@require_POST
def member_reset_second_factor(request, pk: int):
    subject = _subject(request, pk)
    second_factor.reset_second_factor(by=request.user, member=subject)
    messages.success(
        request,
        f"{subject.display_name}'s authenticator app and backup codes are removed and "
        "they are signed out everywhere; they set up a new app at their next sign-in.",
    )
    return redirect("member-detail", pk=subject.pk)
