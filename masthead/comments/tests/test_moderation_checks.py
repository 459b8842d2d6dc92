"""Each check of the pipeline answers allow, hold or reject with a reason, and the first reject wins."""

from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.comments import services
from masthead.comments.models import Ban, Comment

from . import helpers

pytestmark = pytest.mark.django_db


def submit(article, author, text, ip_hash="addr", **kwargs):
    return services.comment_submit(article=article, author=author, text=text, ip_hash=ip_hash, **kwargs)


def test_banned_account_is_refused_and_told_when_the_ban_ends():
    helpers.policy(("banned", {}))
    article = helpers.article()
    author = helpers.reader()
    Ban.objects.create(user=author, reason="Insults", until=timezone.now() + timedelta(days=3))
    with pytest.raises(services.CommentRefused) as refused:
        submit(article, author, "Hello")
    assert refused.value.code == "banned" and "until" in refused.value.message


def test_ban_on_an_email_or_address_catches_a_new_account():
    helpers.policy(("banned", {}))
    article = helpers.article()
    Ban.objects.create(ip_hash="bad-address", reason="Spam")
    comment = submit(article, helpers.reader(), "Fresh account, same address", ip_hash="bad-address")
    assert (comment.status, comment.reasons) == (Comment.Status.REJECTED, ["banned"])
    Ban.objects.create(email="sock@example.org", reason="Sock puppet")
    with pytest.raises(services.CommentRefused):
        submit(article, helpers.reader(email="sock@example.org"), "Hello")


def test_expired_or_lifted_ban_no_longer_applies():
    helpers.policy(("banned", {}))
    article = helpers.article()
    author = helpers.reader()
    Ban.objects.create(user=author, reason="Old", until=timezone.now() - timedelta(minutes=1))
    Ban.objects.create(user=author, reason="Lifted", lifted_at=timezone.now())
    assert submit(article, author, "Back again").status == Comment.Status.PUBLISHED


def test_rate_limit_per_account_refuses_the_comment_over_the_limit_without_storing_it():
    helpers.policy(("rate_limit", {"per_account_per_hour": 3, "per_address_per_hour": 100}))
    article = helpers.article()
    author = helpers.reader()
    statuses = [submit(article, author, f"Comment {n}", ip_hash=f"a{n}").status for n in range(3)]
    assert statuses == ["published"] * 3
    with pytest.raises(services.CommentRefused) as refused:
        submit(article, author, "Comment 3", ip_hash="a3")
    assert (refused.value.code, refused.value.status) == ("rate_limit", 429)
    assert "Please wait" in refused.value.message
    assert Comment.objects.count() == 3


def test_tries_over_the_rate_limit_do_not_lengthen_the_wait():
    helpers.policy(("rate_limit", {"per_account_per_hour": 2, "per_address_per_hour": 100}))
    article = helpers.article()
    author = helpers.reader()
    start = timezone.now()
    for n in range(2):
        submit(article, author, f"Comment {n}", now=start)
    for minutes in (10, 30, 59):
        with pytest.raises(services.CommentRefused):
            submit(article, author, f"Tried at {minutes}", now=start + timedelta(minutes=minutes))
    later = submit(article, author, "An hour on", now=start + timedelta(minutes=61))
    assert later.status == Comment.Status.PUBLISHED


def test_rate_limit_per_address_catches_many_accounts_on_one_address():
    helpers.policy(("rate_limit", {"per_account_per_hour": 100, "per_address_per_hour": 2}))
    article = helpers.article()
    statuses = [submit(article, helpers.reader(), f"Comment {n}", ip_hash="same").status for n in range(2)]
    assert statuses == ["published", "published"]
    with pytest.raises(services.CommentRefused) as refused:
        submit(article, helpers.reader(), "Comment 2", ip_hash="same")
    assert refused.value.code == "rate_limit"


def test_same_text_twice_from_one_account_is_a_duplicate():
    helpers.policy(("duplicates", {"window_minutes": 30, "flood_accounts": 3}))
    article = helpers.article()
    author = helpers.reader()
    submit(article, author, "Vote for the park!")
    again = submit(article, author, "Vote for the park!")
    assert (again.status, again.reasons) == ("rejected", ["duplicate"])


def test_same_text_from_several_accounts_is_held_as_a_flood():
    helpers.policy(("duplicates", {"window_minutes": 30, "flood_accounts": 3}))
    article = helpers.article()
    results = [submit(article, helpers.reader(), "Buy now at our shop").status for _ in range(3)]
    assert results == ["published", "published", "pending"]
    assert Comment.objects.filter(status="pending").get().reasons == ["flood"]


def test_links_to_other_sites_are_refused_but_allowed_domains_and_the_site_itself_pass(settings):
    settings.BASE_URL = "https://news.example.com"
    helpers.policy(("link_policy", {"allowed_domains": "wikipedia.org", "action": "reject"}))
    article = helpers.article()
    author = helpers.reader()
    assert submit(article, author, "See https://en.wikipedia.org/wiki/Tram").status == "published"
    assert submit(article, author, "Our story https://news.example.com/policy/").status == "published"
    spam = submit(article, author, "Cheap pills: www.pills.example.net/buy")
    assert (spam.status, spam.reasons) == ("rejected", ["link_policy"])
    bare = submit(article, author, "visit casino.example.biz/now please")
    assert bare.status == "rejected"


def test_allowed_links_are_clickable_and_others_stay_plain_text(client):
    helpers.policy(("link_policy", {"allowed_domains": "wikipedia.org", "action": "hold"}))
    article = helpers.article()
    submit(article, helpers.reader(), "Read https://en.wikipedia.org/wiki/Tram first")
    html = client.get(article.url).content.decode()
    assert '<a href="https://en.wikipedia.org/wiki/Tram" rel="nofollow ugc noopener">' in html


def test_word_list_rejects_with_its_reason_and_the_matched_word_is_recorded():
    helpers.policy(("word_list", {"category": "insults", "language": "en", "words": "idiot", "action": "reject"}))
    article = helpers.article()
    comment = submit(article, helpers.reader(), "The mayor is an idiot")
    assert (comment.status, comment.reasons) == ("rejected", ["word_list"])


def test_new_account_is_held_for_its_first_comments_then_trusted():
    helpers.policy(("new_account", {"first_comments": 2}))
    article = helpers.article()
    author = helpers.reader()
    moderator = helpers.moderator()
    for number in range(2):
        comment = submit(article, author, f"Early comment {number}")
        assert comment.reasons == ["new_account"]
        services.comment_moderate(comment=comment, moderator=moderator, action="approve")
    assert submit(article, author, "Now I am known").status == "published"


def test_first_reject_wins_over_earlier_holds_and_holds_add_up():
    helpers.policy(
        ("new_account", {"first_comments": 5}),
        ("duplicates", {"window_minutes": 30, "flood_accounts": 2}),
        ("link_policy", {"allowed_domains": "", "action": "reject"}),
    )
    article = helpers.article()
    submit(article, helpers.reader(), "Same words")
    held = submit(article, helpers.reader(), "Same words")
    assert (held.status, held.reasons) == ("pending", ["new_account", "flood"])
    rejected = submit(article, helpers.reader(), "Go to http://spam.example.com")
    assert (rejected.status, rejected.reasons) == ("rejected", ["link_policy"])


def test_pre_moderated_article_holds_every_comment(settings):
    helpers.policy()
    article = helpers.article(comment_mode="premoderated")
    comment = submit(article, helpers.reader(), "Polite remark")
    assert (comment.status, comment.reasons) == ("pending", ["premoderated"])


def test_comments_close_after_the_configured_days():
    helpers.policy(close_after_days=7)
    article = helpers.article(published_at=timezone.now() - timedelta(days=8))
    with pytest.raises(services.CommentRefused) as refused:
        submit(article, helpers.reader(), "Late")
    assert refused.value.code == "closed"


def test_an_edit_is_judged_again_on_its_words():
    helpers.policy(("word_list", {"category": "insults", "language": "en", "words": "idiot", "action": "hold"}))
    article = helpers.article()
    author = helpers.reader()
    comment = submit(article, author, "A fine plan")
    services.comment_edit(comment=comment, author=author, text="A plan for an idiot")
    comment.refresh_from_db()
    assert comment.status == "pending" and comment.reasons == ["word_list"]
