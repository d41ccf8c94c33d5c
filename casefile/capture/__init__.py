"""Turning dropped or pasted payloads and files into sources and snippets (no Qt)."""
