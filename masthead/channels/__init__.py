"""Channels: posting each published story to Telegram, webhooks and other outlets."""
