from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from masthead.comments.selectors import reader_comments

from .forms import DisplayNameForm
from .services import display_name_of, reader_profile_save


@login_required
def profile(request):
    """The reader's own page: their display name and every comment they posted, with its status."""
    if request.method == "POST":
        form = DisplayNameForm(request.POST)
        if form.is_valid():
            reader_profile_save(user=request.user, display_name=form.cleaned_data["display_name"])
            messages.success(request, _("Your display name is saved."))
            return redirect("accounts:profile")
    else:
        form = DisplayNameForm(initial={"display_name": display_name_of(request.user)})
    comments = Paginator(reader_comments(user=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "accounts/profile.html", {"form": form, "comments": comments})
