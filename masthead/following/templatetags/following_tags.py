from django import template

from ..selectors import followed_by, is_following
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


@register.inclusion_tag("following/follow_line.html", takes_context=True)
def follow_line(context, *, authors, tags):
    """Under an article: a follow button for each of its authors and tags, the states of a signed-in reader read in
    one query; for others one sign-in link, since their page is stored and shared."""
    request = context["request"]
    tag_ids, author_keys = followed_by(request.user)
    items = [
        {
            "kind": "authors",
            "target": author,
            "name": author.title,
            "url": author.get_url(request),
            "following": author.translation_key in author_keys,
        }
        for author in authors
    ] + [
        {"kind": "topics", "target": tag, "name": tag.name, "url": tag.url, "following": tag.pk in tag_ids}
        for tag in tags
    ]
    return {"items": items, "request": request, "user": request.user, "csrf_token": context.get("csrf_token")}
