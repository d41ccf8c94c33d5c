"""Capture: drops, paste and drags of files, text and records, and the jobs that read them."""
