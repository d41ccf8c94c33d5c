"""Puts tests/gui on the import path so every room's tests share gui_helpers."""
