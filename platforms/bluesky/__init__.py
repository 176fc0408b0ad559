"""Bluesky (the AT Protocol) through the official `atproto` SDK: the session (client.py), the channel that
publishes and removes (channel.py) and the records it writes (records.py). Capture is platforms.capture."""
