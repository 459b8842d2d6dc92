"""The admin's sign-in (Wagtail's), held to the same limits as the readers' (allauth's `login_failed` rate).

Without them, /admin/login/ took any number of guesses, for staff accounts and for readers' alike: a reader locked
out of the site's sign-in page after five wrong passwords could go on guessing there, and be signed in on success.
Now failed attempts are counted per network address and per account name, as allauth counts them, and only accounts
that may use the admin are let in (others hear what a wrong password hears): readers sign in on the site, where
their email must be verified first.
"""

from functools import wraps

from django_ratelimit.core import get_usage
from wagtail.admin.forms.auth import LoginForm

from masthead.refusals import too_many_requests

# As the readers' sign-in: ten failures a minute from one address, five in five minutes for one account.
LIMITS = [("ip", "10/m"), ("masthead.accounts.admin_login.account_name", "5/5m")]
GROUP = "admin.login_failed"


def account_name(group, request):
    return request.POST.get("username", "").strip().lower()


def failures_used_up(request):
    """Whether a limit's failures are all spent already (the next attempt would be one too many)."""
    for key, rate in LIMITS:
        usage = get_usage(request, group=GROUP, key=key, rate=rate, method="POST", increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            return True
    return False


def count_failure(request):
    for key, rate in LIMITS:
        get_usage(request, group=GROUP, key=key, rate=rate, method="POST", increment=True)


def with_failure_limits(login_view):
    @wraps(login_view)
    def limited(request, *args, **kwargs):
        if request.method == "POST" and failures_used_up(request):
            return too_many_requests(request)
        response = login_view(request, *args, **kwargs)
        if request.method == "POST" and response.status_code == 200:  # the form again: the sign-in failed
            count_failure(request)
        return response

    return limited


class AdminLoginForm(LoginForm):
    """Wagtail's form, for the newsroom's people only (WAGTAILADMIN_USER_LOGIN_FORM). An account that may not use
    the admin is answered as a wrong password is: a different answer would tell a guesser the password was right,
    and send them to the readers' sign-in with it."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.has_perm("wagtailadmin.access_admin"):
            raise self.get_invalid_login_error()
