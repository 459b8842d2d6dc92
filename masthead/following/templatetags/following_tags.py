from django import template

from ..selectors import is_following
from ..targets import kind_of

register = template.Library()


@register.inclusion_tag("following/follow_button.html", takes_context=True)
def follow_button(context, *, tag=None, author=None):
    """The follow button of a topic or an author: its state for a signed-in reader (one query), a sign-in link for
    others. Anonymous pages are stored and shared, so they never show anyone's state."""
    request = context["request"]
    target = tag if tag is not None else author
    return {
        "kind": kind_of(tag=tag, author=author),
        "target": target,
        "name": target.name if tag is not None else target.title,
        "request": request,
        "user": request.user,
        "following": is_following(reader=request.user, tag=tag, author=author),
        "csrf_token": context.get("csrf_token"),
    }
