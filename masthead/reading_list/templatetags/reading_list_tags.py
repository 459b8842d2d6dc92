from django import template

from ..selectors import is_saved

register = template.Library()


@register.inclusion_tag("reading_list/save_button.html", takes_context=True)
def save_button(context, article):
    """The save button under an article: its state for a signed-in reader (one query), a sign-in link for others.
    Anonymous pages are stored and shared, so they never show anyone's state."""
    request = context["request"]
    return {
        "article": article,
        "request": request,
        "user": request.user,
        "saved": is_saved(reader=request.user, article=article),
        "csrf_token": context.get("csrf_token"),
    }
