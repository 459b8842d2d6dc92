"""Lighthouse, the other referee of the look (beside axe-core): its four scores for the pages readers meet most.

The floor is what WordPress's default theme scores: 100 for accessibility and best practices, and we hold SEO at
100 too for these indexable pages. Performance is Lighthouse's simulated mobile load, computed from the CPU time
the page's own work took in this browser; on a quiet machine every page here scores 100, but under the suite's
parallel load the same bytes can lose a few points, so the test asks for Lighthouse's "good" band (90) and
prints the real numbers.

Run with `pytest -m browser`; needs Debian's chromium and `npm ci` (Lighthouse is pinned in package.json).
"""

import json
import os
import subprocess
import time

import pytest

from .conftest import CHROMIUM, CHROMIUM_ARGS, REPO_ROOT

LIGHTHOUSE = REPO_ROOT / "node_modules" / ".bin" / "lighthouse"
FLOOR = {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0, "performance": 0.9}
# The browser tests' flags, with Chrome's current headless mode (which Lighthouse needs), and the rest of
# chrome-launcher's flags for tools: nothing in the browser runs but the page.
CHROME_FLAGS = [
    "--headless=new",
    *(flag for flag in CHROMIUM_ARGS if flag != "--headless"),
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
]
# Now and then headless chromium's trace of a load lacks its start, and Lighthouse stops with "NO_NAVSTART ...
# Please run Lighthouse again" (seen in 2 of about 15 runs here). That run measured nothing, so it is run again;
# a low score is never retried.
LIGHTHOUSE_TRACE_ERRORS = ("NO_NAVSTART", "NO_FCP", "NO_TRACING_STARTED")
TRACE_ATTEMPTS = 3


def lighthouse(url, report):
    """Lighthouse's category scores (0 to 1) for `url`, and its failed audits, from one run of its CLI."""
    if not LIGHTHOUSE.exists():
        pytest.fail(f"{LIGHTHOUSE.relative_to(REPO_ROOT)} is missing: run `npm ci` in {REPO_ROOT}.")
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=" + ",".join(FLOOR),
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
    ]
    for attempt in range(TRACE_ATTEMPTS):
        if attempt:
            time.sleep(5 * attempt)  # three misses in a row came in a burst of load on the machine: let it pass
        done = subprocess.run(
            command, env=dict(os.environ, CHROME_PATH=CHROMIUM), capture_output=True, text=True, timeout=300
        )
        if done.returncode == 0 or not any(code in done.stderr for code in LIGHTHOUSE_TRACE_ERRORS):
            break
    assert done.returncode == 0, f"Lighthouse failed on {url}:\n{done.stderr[-3000:]}"
    result = json.loads(report.read_text())
    scores = {name: category["score"] for name, category in result["categories"].items()}
    failed = [
        f"{category['id']}: {ref['id']} ({result['audits'][ref['id']]['title']})"
        for category in result["categories"].values()
        for ref in category["auditRefs"]
        if ref.get("weight")
        and (result["audits"][ref["id"]].get("score") or 0) < 1
        and result["audits"][ref["id"]].get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return scores, failed


@pytest.mark.browser
# The pages' bytes and headers are the same on either database; one run (a minute) is enough. Decided before the
# demo newsroom is built for nothing.
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="Lighthouse runs in the SQLite pass only")
def test_reading_and_account_pages_meet_the_lighthouse_floor(newsroom, artifacts):
    paths = {
        "home": newsroom["home"],
        "article": newsroom["article"]["path"],
        "section_listing": newsroom["section_listing"],
        "login": "/accounts/login/",
    }
    below = []
    for name, path in paths.items():
        scores, failed = lighthouse(newsroom["base"] + path, artifacts / f"lighthouse-{name}.json")
        print(f"{path}: " + ", ".join(f"{category} {round(score * 100)}" for category, score in scores.items()))
        for category, floor in FLOOR.items():
            if scores[category] is None or scores[category] < floor:
                below.append(f"{path}: {category} {scores[category]} < {floor}; failing audits: {failed}")
    assert not below, "\n".join(below)
