"""Where stories are posted. Each outlet is an adapter class; `conf.adapters()` maps a channel kind to its class.

Adding an outlet (Viber, Bluesky...) is one module with a subclass of `ChannelAdapter` and one entry in the
MASTHEAD_CHANNELS_ADAPTERS setting; the models, the admin, retries and statuses need no change.
"""

from functools import cache

from django.utils.module_loading import import_string

from .. import conf
from .base import ChannelAdapter, LiveUpdate, PermanentError, PostResult, Story, TransientError

__all__ = [
    "ChannelAdapter",
    "LiveUpdate",
    "PermanentError",
    "PostResult",
    "Story",
    "TransientError",
    "adapter_for",
    "kind_choices",
]


@cache
def load(path):
    return import_string(path)()


def adapter_for(kind):
    path = conf.adapters().get(kind)
    if path is None:
        raise PermanentError(f"No adapter posts to channels of kind {kind!r}; see MASTHEAD_CHANNELS_ADAPTERS.")
    return load(path)


def kind_choices():
    """The kinds editors can pick, from the configured adapters."""
    return [(kind, load(path).label) for kind, path in conf.adapters().items()]
