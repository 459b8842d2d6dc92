"""Newsletter: double opt-in subscriptions, digests and one-click unsubscribe."""
