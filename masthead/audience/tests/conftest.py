import pytest


@pytest.fixture(autouse=True)
def flush_only_when_told(settings):
    """Tests flush when they mean to; a beacon never flushes on the side."""
    settings.MASTHEAD_AUDIENCE_FLUSH_ON_REQUEST = False


@pytest.fixture(params=["database", "redis"])
def buffer_kind(request, settings):
    """Each counting test runs with both buffers; Redis only where the suite has it (the PostgreSQL pass)."""
    from masthead.audience import conf

    if request.param == "redis" and not conf.redis_url():
        pytest.skip("REDIS_URL is not set")
    settings.MASTHEAD_AUDIENCE_BUFFER = request.param
    return request.param
