"""Time and memory of `masthead import_wordpress` on generated WordPress exports of growing size.

    .venv/bin/python bench/import_wordpress.py                     # 500 and 2,000 posts
    .venv/bin/python bench/import_wordpress.py --posts 500,5000 --work-dir /tmp/bench-import

For each size: a WXR 1.2 file of that many posts (six paragraphs, a heading and a quote each, two categories
out of 12, three tags out of 300, three comments of which one is a reply), then a fresh SQLite data dir set up by
`masthead migrate` and a home page, then the import, then the same import again (everything already there). The
references, in the same run: reading the same file with Python's own streaming parser and nothing else (how long
just reading the XML takes), loading it whole with ElementTree.parse (the memory a non-streaming importer would
need), and Wagtail's page API publishing as many articles of the same size with none of the import's own work
(what any importer through Wagtail's API pays; the last ratio is the import's time over it). Each command runs in
its own process under /usr/bin/time: wall seconds and peak RSS.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tables import print_rows

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "council budget bridge river school library tram station mayor market district harbour hospital "
    "museum theatre festival road tax vote plan report street park water winter summer night morning"
).split()

SETUP = """
from masthead.newsroom.tests import factories
factories.home()
"""

# The reference for the import's own cost: Wagtail's page API publishing the same number of articles of the same
# size (eight paragraphs) with none of the import's work (no conversion, tags, authors, comments or redirects).
WAGTAIL_ALONE = """
import sys
from wagtail.rich_text import RichText
from masthead.newsroom.models import ArticlePage
from masthead.newsroom.tests import factories
section = factories.section(title="Reference", slug="reference", parent=factories.home())
text = "<p>" + " ".join(["council budget bridge river school library"] * 5) + "</p>"
for number in range({posts}):
    page = ArticlePage(title=f"Reference {{number}}", slug=f"reference-{{number}}", lead="A lead.",
                       body=[("paragraph", RichText(text))] * 8)
    section.add_child(instance=page)
    page.save_revision().publish()
"""


def sentence(rng, words=12):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_export(path, posts, seed=7):
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n'
            "<channel><title>Bench Gazette</title><link>https://bench.example</link><language>en-US</language>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:author><wp:author_login>desk</wp:author_login>"
            "<wp:author_display_name>News Desk</wp:author_display_name></wp:author>\n"
        )
        for number in range(1, posts + 1):
            paragraphs = "\n\n".join(sentence(rng, 30) for _ in range(6))
            body = f"{paragraphs}\n\n<h2>{sentence(rng, 4)}</h2>\n\n<blockquote><p>{sentence(rng)}</p>"
            body += f"<cite>{sentence(rng, 2)}</cite></blockquote>\n\n{sentence(rng, 25)}"
            day = 1 + number % 28
            categories = "".join(
                f'<category domain="category" nicename="section-{c}"><![CDATA[Section {c}]]></category>'
                for c in (number % 12, (number * 7) % 12)
            )
            tags = "".join(
                f'<category domain="post_tag" nicename="tag-{t}"><![CDATA[Tag {t}]]></category>'
                for t in {rng.randrange(300) for _ in range(3)}
            )
            comments = "".join(
                f"<wp:comment><wp:comment_id>{number * 10 + c}</wp:comment_id>"
                f"<wp:comment_author>Reader {c}</wp:comment_author>"
                f"<wp:comment_author_email>reader{(number + c) % 500}@example.com</wp:comment_author_email>"
                f"<wp:comment_date_gmt>2021-03-{day:02d} 1{c}:00:00</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{sentence(rng, 15)}]]></wp:comment_content>"
                f"<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>"
                f"<wp:comment_parent>{number * 10 if c == 2 else 0}</wp:comment_parent></wp:comment>"
                for c in range(3)
            )
            out.write(
                f"<item><title>{sentence(rng, 6)[:-1]}</title>"
                f"<link>https://bench.example/2021/03/{day:02d}/post-{number}/</link>"
                f'<guid isPermaLink="false">https://bench.example/?p={number}</guid><dc:creator>desk</dc:creator>'
                f"<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{number}</wp:post_id><wp:post_date_gmt>2021-03-{day:02d} 08:00:00</wp:post_date_gmt>"
                f"<wp:post_name>post-{number}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
                f"{categories}{tags}{comments}</item>\n"
            )
        out.write("</channel></rss>\n")


def timed(command, env, log):
    """Wall seconds and peak RSS (MB) of one command, from /usr/bin/time."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "TIME %e %M", *command], env=env, cwd=ROOT, capture_output=True, text=True
    )
    log.write_text(done.stdout + done.stderr)
    found = re.search(r"TIME ([\d.]+) (\d+)", done.stderr)
    if done.returncode != 0 or not found:
        raise SystemExit(f"{' '.join(command)} failed; see {log}")
    return float(found.group(1)), int(found.group(2)) / 1024, done.stdout


def python_reference(code, path, env, log):
    return timed([sys.executable, "-c", code, str(path)], env, log)[:2]


STREAM = (
    "import sys\nfrom xml.etree.ElementTree import iterparse\n"
    "for event, element in iterparse(sys.argv[1]):\n"
    "    if element.tag == 'item': element.clear()\n"
)
WHOLE = "import sys\nfrom xml.etree.ElementTree import parse\nparse(sys.argv[1])\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", default="500,2000", help="comma list of export sizes (posts)")
    parser.add_argument("--work-dir", type=Path, default=None)
    args = parser.parse_args()
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    work.mkdir(parents=True, exist_ok=True)
    masthead = [str(ROOT / ".venv" / "bin" / "masthead")]
    rows = []
    for posts in [int(value) for value in args.posts.split(",")]:
        export = work / f"export-{posts}.xml"
        write_export(export, posts)
        data = work / f"data-{posts}"
        shutil.rmtree(data, ignore_errors=True)
        env = dict(os.environ, MASTHEAD_DATA_DIR=str(data), DJANGO_SETTINGS_MODULE="masthead.settings", DEBUG="0")
        env.pop("DATABASE_URL", None)
        subprocess.run([*masthead, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run([*masthead, "shell", "-c", SETUP], env=env, cwd=ROOT, check=True)
        size = export.stat().st_size / 2**20
        stream = python_reference(STREAM, export, env, work / f"stream-{posts}.log")
        whole = python_reference(WHOLE, export, env, work / f"whole-{posts}.log")
        first = timed([*masthead, "import_wordpress", str(export), "-v0"], env, work / f"import-{posts}.log")
        again = timed([*masthead, "import_wordpress", str(export), "-v0"], env, work / f"again-{posts}.log")
        code = WAGTAIL_ALONE.format(posts=posts)
        wagtail = timed([*masthead, "shell", "-c", code], env, work / f"wagtail-{posts}.log")
        if f"Imported: {posts} articles" not in first[2] or "nothing new" not in again[2]:
            raise SystemExit(f"the import did not report {posts} articles, then nothing new; see {work}")
        rows.append(
            [
                f"{posts:,}",
                f"{size:.1f}",
                f"{stream[0]:.2f} s, {stream[1]:.0f} MB",
                f"{whole[0]:.2f} s, {whole[1]:.0f} MB",
                f"{first[0]:.1f} s, {first[1]:.0f} MB",
                f"{first[0] / posts * 1000:.1f}",
                f"{wagtail[0]:.1f} s, {wagtail[1]:.0f} MB",
                f"{first[0] / wagtail[0]:.2f}",
                f"{again[0]:.1f} s, {again[1]:.0f} MB",
            ]
        )
    print(f"load average before the last size: {os.getloadavg()[0]:.2f}; files and logs in {work}")
    header = [
        "posts",
        "file MB",
        "stream-parse only",
        "parse whole tree",
        "import (wall, peak RSS)",
        "ms/post",
        "Wagtail API alone",
        "import ÷ Wagtail",
        "again (nothing new)",
    ]
    print_rows([header, *rows])


if __name__ == "__main__":
    main()
