"""Builders for typo report tests: articles with every kind of body block, editors, and reports as the widget
would send them."""

import itertools
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.rich_text import RichText

from masthead.newsroom.tests import factories
from masthead.typos.places import find_block, rendered_block_text
from masthead.typos.text import squash

_numbers = itertools.count(1)
PASSWORD = "correct horse battery"

PARAGRAPH = "<p>The council approved teh budget on <b>Monday</b> after a long debate.</p>"
SECOND_PARAGRAPH = "<p>Critics said teh plan ignores the riverside &amp; the old port.</p>"


def article(**fields):
    """An article whose body has two paragraphs (the same typo in each), a heading, a quote and an image."""
    body = fields.pop(
        "body",
        [
            ("paragraph", RichText(PARAGRAPH)),
            ("heading", {"text": "Whta comes next", "level": "h2"}),
            ("paragraph", RichText(SECOND_PARAGRAPH)),
            ("quote", {"text": "We will not give up teh port.", "attribution": "Mayor Petrov", "source_url": ""}),
        ],
    )
    return factories.article(
        title=fields.pop("title", "Council approves teh winter budget"),
        lead=fields.pop("lead", "The city council approved the budget after a three-hour debat."),
        body=body,
        **fields,
    )


def user(*, groups=(), superuser=False, email=None):
    number = next(_numbers)
    person = get_user_model().objects.create_user(
        username=f"person{number}",
        email=email if email is not None else f"person{number}@example.org",
        password=PASSWORD,
        is_superuser=superuser,
        is_staff=superuser,
    )
    for name in groups:
        person.groups.add(Group.objects.get(name=name))
    return person


def editor(**kwargs):
    """Can edit every page but not publish (Wagtail's "Editors")."""
    return user(groups=["Editors"], **kwargs)


def chief(**kwargs):
    """Can edit and publish every page (Wagtail's "Moderators")."""
    return user(groups=["Moderators"], **kwargs)


def section_editor(section):
    """Can edit and publish one section only."""
    group = Group.objects.create(name=f"Desk {next(_numbers)}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=section, permission=Permission.objects.get(codename=codename)
        )
    person = user()
    person.groups.add(group)
    return person


def place(article, selection, *, block_index=None, scope="body", occurrence=0):
    """The payload the widget sends for `selection` (its n-th occurrence) in a body block, the headline or the lead."""
    page = article.specific
    if scope == "headline":
        seen, block_id, whole = squash(page.title), "", squash(page.title)
    elif scope == "lead":
        seen, block_id, whole = squash(page.lead), "", squash(page.lead)
    else:
        block = page.body[block_index]
        seen, block_id = rendered_block_text(page, block), block.id
        whole = seen
    offset = -1
    for _ in range(occurrence + 1):
        offset = seen.index(selection, offset + 1)
    return {
        "selection": selection,
        "context_before": whole[max(0, offset - 60) : offset],
        "context_after": whole[offset + len(selection) : offset + len(selection) + 60],
        "scope": scope,
        "block_id": block_id,
        "offset": offset,
    }


def block_id(article, index):
    return article.specific.body[index].id


def block_text(article, block_id_):
    page = article.specific
    _index, block = find_block(page.body, block_id_)
    return rendered_block_text(page, block)


def post_report(client, article_id, payload, **extra):
    return client.post(
        f"/api/v1/articles/{article_id}/typos",
        data=payload if isinstance(payload, bytes | str) else json.dumps(payload),
        content_type="application/json",
        **extra,
    )
