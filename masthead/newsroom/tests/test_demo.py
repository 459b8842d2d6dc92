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
