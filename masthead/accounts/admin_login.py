"""The admin's sign-in (Wagtail's), held to the same limits as the readers' (allauth's `login_failed` rate).

Without them, /admin/login/ took any number of guesses, for staff accounts and for readers' alike: a reader locked
out of the site's sign-in page after five wrong passwords could go on guessing there, and be signed in on success.
Now failed attempts are counted per network address and per account name, as allauth counts them, and only accounts
that may use the admin are let in: readers sign in on the site, where their email must be verified first.
"""

from functools import wraps

from django import forms
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited
from wagtail.admin.forms.auth import LoginForm

from masthead.refusals import too_many_requests

# As the readers' sign-in: ten failures a minute from one address, five in five minutes for one account.
LIMITS = [("ip", "10/m"), ("masthead.accounts.admin_login.account_name", "5/5m")]
GROUP = "admin.login_failed"


def account_name(group, request):
    return request.POST.get("username", "").strip().lower()


def over_the_limit(request, *, count):
    return any(
        is_ratelimited(request, group=GROUP, key=key, rate=rate, method="POST", increment=count) for key, rate in LIMITS
    )


def with_failure_limits(login_view):
    @wraps(login_view)
    def limited(request, *args, **kwargs):
        if request.method == "POST" and over_the_limit(request, count=False):
            return too_many_requests(request)
        response = login_view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 200:  # the form again: the sign-in failed
            over_the_limit(request, count=True)
        return response

    return limited


class AdminLoginForm(LoginForm):
    """Wagtail's form, for the newsroom's people only (WAGTAILADMIN_USER_LOGIN_FORM)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise forms.ValidationError(
                _("This account cannot use the admin. Readers sign in on the site."), code="no_admin_access"
            )
