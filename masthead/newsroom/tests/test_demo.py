"""`masthead demo` can be run again on a site that has its content: it adds nothing and fails on nothing."""

import io

import pytest

from masthead.newsroom.demo.builder import DemoBuilder
from masthead.newsroom.models import ArticlePage


@pytest.mark.django_db
def test_running_the_demo_twice_adds_nothing():
    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    count = ArticlePage.objects.count()
    assert (
        ArticlePage.objects.filter(locale__language_code="ru")
        .exclude(translation_key__in=ArticlePage.objects.filter(locale__language_code="en").values("translation_key"))
        .exists()
    ), "the demo should include a Russian-only story, the case that used to fail on a second run"
    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    assert ArticlePage.objects.count() == count


@pytest.mark.django_db
def test_demo_stories_have_readers_views_that_the_most_read_lists_show():
    from masthead.audience.models import DailyViews
    from masthead.audience.selectors import most_read

    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    for article in ArticlePage.objects.live():
        by_day = DailyViews.objects.filter(article=article).values_list("views", flat=True)
        assert article.view_count == sum(by_day) > 0, f"{article.title} should have views, counted per day too"
    assert most_read(language="en", period="30-days", limit=5), "the most-read list of the demo should not be empty"

    views = dict(ArticlePage.objects.values_list("pk", "view_count"))
    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    assert dict(ArticlePage.objects.values_list("pk", "view_count")) == views, "a second run must not add views"


@pytest.mark.django_db
def test_the_demo_leaves_moderators_and_editors_work_that_shows_the_policys_reasons():
    from masthead.comments.models import Comment
    from masthead.comments.selectors import moderation_queue, queue_counts
    from masthead.typos.models import TypoReport

    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    held = Comment.objects.filter(status=Comment.Status.PENDING)
    assert {tuple(reasons) for reasons in held.values_list("reasons", flat=True)} == {("new_account",)}
    assert set(held.values_list("article__locale__language_code", flat=True)) == {"en", "ru"}
    refused = Comment.objects.filter(status=Comment.Status.REJECTED)
    assert refused.exists() and all(reasons == ["link_policy"] for reasons in refused.values_list("reasons", flat=True))
    counts = queue_counts()
    assert counts["held"] == 2 and counts["reported"] == 2
    assert moderation_queue().count() == 4, "the queue shows the held and the reported comments"
    reports = TypoReport.objects.all()
    assert {report.article.locale.language_code for report in reports} == {"en", "ru"}
    assert all(report.selection in report.article.lead for report in reports)

    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    assert queue_counts() == counts and TypoReport.objects.count() == 2, "a second run must not add more"


@pytest.mark.django_db
def test_the_demo_shows_the_newsroom_answering_and_featuring_readers_in_both_languages(client):
    from masthead.comments.models import Comment

    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    answers = Comment.objects.filter(author__username="desk@example.org", status=Comment.Status.PUBLISHED)
    featured = Comment.objects.filter(featured_at__isnull=False, status=Comment.Status.PUBLISHED)
    assert set(answers.values_list("article__locale__language_code", flat=True)) == {"en", "ru"}
    assert {answer.parent_id for answer in answers} == set(featured.values_list("pk", flat=True))
    html = client.get(answers.filter(article__locale__language_code="en").get().article.url).content.decode()
    assert "Featured comments" in html and "comment__badge--staff" in html

    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    assert answers.count() == 2 and featured.count() == 2, "a second run must not add more"


@pytest.mark.django_db
def test_demo_readers_like_one_anothers_comments_and_never_their_own(client):
    from django.db.models import Count, F

    from masthead.comments.models import Comment, CommentLike

    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    likes = CommentLike.objects.count()
    assert likes and not CommentLike.objects.filter(reader=F("comment__author")).exists()
    counted = Comment.objects.annotate(given=Count("likes")).exclude(like_count=F("given"))
    assert not counted.exists(), "each comment's count is its likes"
    liked = Comment.objects.filter(like_count__gt=1).first()
    assert f"{liked.like_count} likes" in client.get(liked.article.url).content.decode()
    DemoBuilder(stdout=io.StringIO(), articles=8).build()
    assert CommentLike.objects.count() == likes, "a second run must not add more"


@pytest.mark.django_db
def test_each_demo_front_page_leads_with_top_stories_of_its_own_edition(client):
    from bs4 import BeautifulSoup

    from masthead.newsroom.models import HomePage, HomeTopStory

    DemoBuilder(stdout=io.StringIO(), articles=20).build()
    for home in HomePage.objects.all():
        picks = HomeTopStory.objects.filter(home=home)
        assert picks.count() == 3
        assert set(picks.values_list("article__locale", flat=True)) == {home.locale_id}
        soup = BeautifulSoup(client.get(home.url).content, "html.parser")
        assert len(soup.select(".top-stories .teaser")) == 3
    DemoBuilder(stdout=io.StringIO(), articles=20).build()
    assert HomeTopStory.objects.count() == 6, "a second run must not add more"


@pytest.mark.django_db
def test_demo_stories_check_claims_in_both_editions_and_mark_key_events_of_live_coverage(client):
    DemoBuilder(stdout=io.StringIO(), articles=12).build()
    for language in ("en", "ru"):
        checked = [
            story
            for story in ArticlePage.objects.live().filter(locale__language_code=language)
            if any(block.block_type == "fact_check" for block in story.body)
        ]
        assert len(checked) == 2, language
        verdicts = {
            block.value["rating"] for story in checked for block in story.body if block.block_type == "fact_check"
        }
        assert verdicts == {"mostly_false", "true"}
        assert client.get(checked[0].url).content.decode().count('"ClaimReview"') == 1
    live = ArticlePage.objects.live().get(locale__language_code="en", live_coverage="live")
    assert sum(bool(block.value.get("key_event")) for block in live.live_updates) == 2
    # A Russian sponsored story states the advertiser's details in Russian.
    paid = ArticlePage.objects.live().filter(locale__language_code="ru", sponsor__isnull=False, sponsorship="sponsored")
    assert paid and all(story.sponsor_disclosure.startswith("Рекламодатель") for story in paid)


@pytest.mark.django_db
def test_the_demo_lists_its_fact_checks_and_its_past_newsletter_issues_in_both_editions(client):
    from bs4 import BeautifulSoup

    DemoBuilder(stdout=io.StringIO(), articles=12).build()
    for prefix in ("", "/ru"):
        checks = BeautifulSoup(client.get(f"{prefix}/fact-checks/").content, "html.parser")
        assert len(checks.select(".fact-check-list > li")) == 2, prefix
        issues = BeautifulSoup(client.get(f"{prefix}/newsletter/issues/").content, "html.parser")
        links = issues.select(".newsletter-issues__item a")
        assert links, prefix
        assert client.get(links[0]["href"]).status_code == 200


def test_a_negative_number_of_articles_is_refused_with_a_failing_exit():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="--articles must be zero or more"):
        call_command("demo", "--articles", "-5")


@pytest.mark.django_db
def test_no_articles_builds_the_sites_frame_without_stories():
    from django.core.management import call_command

    from masthead.newsroom.models import SectionPage

    call_command("demo", "--articles", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert SectionPage.objects.live().exists()
    assert not ArticlePage.objects.exists()
