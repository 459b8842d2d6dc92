"""The comment policy in the admin (Settings → Comment policy): who may change it, and what it refuses."""

import pytest
from django.urls import reverse
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from masthead.comments.policy import ClassifierCheckBlock, CommentPolicy

from . import helpers

pytestmark = pytest.mark.django_db


def settings_url():
    return reverse(
        "wagtailsettings:edit", args=["comments", "commentpolicy", Site.objects.get(is_default_site=True).pk]
    )


def stored_policy():
    return CommentPolicy.for_site(Site.objects.get(is_default_site=True))


def policy_form(policy, **classifier):
    """The settings form as the admin sends it: the policy as it is, with the classifier's fields changed."""
    checks = []
    for block in policy.checks:
        value = dict(block.value)
        if block.block_type == "classifier":
            value.update(classifier)
        checks.append((block.block_type, value))
    fields = ["mode", "close_after_days", "edit_window_minutes", "max_length"]
    return nested_form_data(
        {
            **{name: getattr(policy, name) for name in fields},
            "tell_rejected_reason": "on" if policy.tell_rejected_reason else "",
            "checks": streamfield(checks),
        }
    )


@pytest.fixture
def policy():
    helpers.policy(
        ("banned", {}),
        ("word_list", {"category": "insults", "language": "en", "words": "idiot", "action": "reject"}),
        ("classifier", {"hold_at": 0.7, "reject_at": 0.95, "ask_first": True}),
    )
    return stored_policy()


def block_errors(response):
    """The form's errors on the checks, by block and field: what the admin shows beside each field."""
    [error] = response.context["form"].errors.as_data()["checks"]
    return {
        index: {name: field.messages for name, field in block.block_errors.items()}
        for index, block in error.block_errors.items()
    }


def test_a_reject_score_at_or_below_the_hold_score_is_refused_on_its_field(client, django_user_model, policy):
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "x"))
    for reject_at in (0.2, 0.9):
        response = client.post(settings_url(), policy_form(policy, hold_at=0.9, reject_at=reject_at))
        assert response.status_code == 200, "the form comes back with the error"
        assert block_errors(response) == {
            2: {
                "reject_at": [
                    "Must be above “Hold from score” (0.9): otherwise comments that should wait for a "
                    "moderator are rejected."
                ]
            }
        }
    assert stored_policy().checks[2].value["reject_at"] == 0.95
    with pytest.raises(StructBlockValidationError) as refused:
        ClassifierCheckBlock().clean({"hold_at": 0.9, "reject_at": 0.2, "ask_first": True})
    assert list(refused.value.block_errors) == ["reject_at"]
    saved = client.post(settings_url(), policy_form(policy, hold_at=0.6, reject_at=0.9))
    assert saved.status_code == 302
    assert stored_policy().checks[2].value["reject_at"] == 0.9


def test_a_comment_moderator_opens_the_comment_policy_from_the_menu_and_saves_new_thresholds(client, policy):
    client.force_login(helpers.moderator())
    menu = client.get("/admin/").content.decode()
    assert (
        f'"{reverse("wagtailsettings:edit", args=["comments", "commentpolicy"])}"' in menu
    )  # Settings → Comment policy
    page = client.get(settings_url())
    assert page.status_code == 200 and "Abuse and spam score" in page.content.decode()
    saved = client.post(settings_url(), policy_form(policy, hold_at=0.5, reject_at=0.8))
    assert saved.status_code == 302
    assert stored_policy().checks[2].value["hold_at"] == 0.5
    # The newsroom's other settings stay with the editors.
    newsroom = reverse("wagtailsettings:edit", args=["newsroom", "newsroomsettings", stored_policy().site_id])
    assert client.get(newsroom).status_code in {302, 403}
