"""Media on an S3-compatible bucket: uploads and renditions are written there, pages and feeds point readers at it.

The bucket is a real S3 protocol server on loopback (moto's), reached over HTTP by the same boto3 client production
uses; the settings are the ones `masthead/settings.py` builds from the environment, read in a child process.
"""

import json
import logging
import re
import socket
import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer

from masthead.newsroom.tests import factories

from .test_settings_from_environment import start

pytestmark = pytest.mark.django_db

BUCKET = "newsroom-media"
READ_MEDIA_SETTINGS = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE']='masthead.settings'; "
    "from django.conf import settings as s; "
    "print(json.dumps({'default': s.STORAGES['default'], 'media_url': s.MEDIA_URL, "
    "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_bucket_server():
    """An S3 server on a free loopback port with an empty, publicly readable bucket: (server, endpoint, client)."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s"
    )
    client.create_bucket(Bucket=BUCKET)
    # As README's deployment section asks: anyone may read the objects (or only the CDN in front, in production).
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    return server, endpoint, client


@pytest.fixture(scope="module")
def bucket_server():
    server, endpoint, client = start_bucket_server()
    yield endpoint, client
    server.stop()


def media_settings(tmp_path, endpoint, **extra):
    result = start(
        {
            "MASTHEAD_DATA_DIR": str(tmp_path / "data"),
            "MEDIA_BUCKET": BUCKET,
            "MEDIA_ENDPOINT_URL": endpoint,
            "MEDIA_ACCESS_KEY_ID": "k",
            "MEDIA_SECRET_ACCESS_KEY": "s",
            **extra,
        },
        code=READ_MEDIA_SETTINGS,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def on_the_bucket(bucket_server, settings, tmp_path):
    endpoint, client = bucket_server
    configured = media_settings(tmp_path, endpoint)
    settings.STORAGES = {**settings.STORAGES, "default": configured["default"]}
    settings.MEDIA_URL = configured["media_url"]
    return endpoint, client


def test_uploads_and_renditions_live_in_the_bucket_and_readers_fetch_them_there(client, on_the_bucket, caplog):
    endpoint, s3 = on_the_bucket
    factories.home()
    picture = factories.image(title="Bridge at dawn")
    story = factories.article(title="Bridge reopens", image=picture)
    keys = {entry["Key"] for entry in s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert picture.file.name in keys  # the upload went to the bucket, not the disk

    page = client.get(story.url).content.decode()
    rendition_urls = sorted(set(re.findall(rf'{endpoint}/{BUCKET}/([^\s",]+)', page)))
    assert rendition_urls, "the page shows the picture from the bucket"
    keys = {entry["Key"] for entry in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert set(rendition_urls) <= keys  # every rendition the page shows was written there
    with urllib.request.urlopen(f"{endpoint}/{BUCKET}/{rendition_urls[0]}") as answer:
        assert answer.headers["Content-Type"] == "image/jpeg" and answer.read(3) == b"\xff\xd8\xff"
        assert "immutable" in answer.headers["Cache-Control"]  # an address means one file for good
    assert f"http://testserver{endpoint}" not in page and "/media/" not in page

    caplog.clear()
    with caplog.at_level(logging.INFO, logger="werkzeug"):  # the bucket server logs every request it answers
        client.get(story.url)
    assert [record for record in caplog.records if BUCKET in record.getMessage()] == []  # once made, asked nothing

    feed = client.get("/feeds/latest.json").json()
    assert feed["items"][0]["image"].startswith(f"{endpoint}/{BUCKET}/")  # absolute already: not re-prefixed


def test_a_second_upload_with_the_same_name_never_replaces_a_published_file(on_the_bucket):
    first, second = factories.image(), factories.image()
    second.file.save(first.file.name.rsplit("/", 1)[-1], first.file.file, save=True)
    assert second.file.name != first.file.name


def test_media_settings_come_from_the_environment(tmp_path):
    local = media_settings(tmp_path, "http://127.0.0.1:9000")
    assert local["media_url"] == f"http://127.0.0.1:9000/{BUCKET}/"
    options = local["default"]["OPTIONS"]
    assert (options["custom_domain"], options["url_protocol"]) == (f"127.0.0.1:9000/{BUCKET}", "http:")
    assert options["querystring_auth"] is False  # one address for every reader, signed for nobody
    assert "http://127.0.0.1:9000" in local["img_src"]  # the page may show pictures from there

    cdn = media_settings(tmp_path, "", MEDIA_PUBLIC_URL="https://media.example.org/news")
    assert cdn["media_url"] == "https://media.example.org/news/"
    assert cdn["default"]["OPTIONS"]["endpoint_url"] is None  # AWS itself

    aws = media_settings(tmp_path, "", MEDIA_REGION="eu-central-1")
    assert aws["media_url"] == f"https://{BUCKET}.s3.eu-central-1.amazonaws.com/"

    wrong = start({"MASTHEAD_DATA_DIR": str(tmp_path / "d"), "MEDIA_BUCKET": BUCKET, "MEDIA_PUBLIC_URL": "cdn"})
    assert wrong.returncode != 0 and "MEDIA_PUBLIC_URL must be an http(s) address" in wrong.stderr

    without_the_extra = start(
        {"MASTHEAD_DATA_DIR": str(tmp_path / "e"), "MEDIA_BUCKET": BUCKET},
        code="import sys; sys.modules['storages'] = None; " + READ_MEDIA_SETTINGS,  # as if never installed
    )
    assert without_the_extra.returncode != 0
    assert 'pip install "masthead[s3]"' in without_the_extra.stderr
