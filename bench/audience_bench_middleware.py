"""Counting in the page-cache layer, for bench/audience_counting.py: the view of the benchmarked article is
recorded on the page request itself, through the same `view_record` the beacon calls."""

import os

from masthead.audience.services import view_record


class CountArticleViews:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = os.environ["BENCH_ARTICLE_PATH"]
        self.article_id = int(os.environ["BENCH_ARTICLE_ID"])

    def __call__(self, request):
        counted = False
        if request.method == "GET" and request.path == self.path:
            counted = view_record(request=request, article_id=self.article_id) == ""
        response = self.get_response(request)
        # Tells the load generator whether the view counted, to check the totals afterwards. Set on every
        # answer: the page cache stores the first answer's headers with it.
        response["X-Counted"] = "1" if counted else "0"
        return response
