"""casefile: an offline case-file manager for investigators."""

__version__ = "0.1.0"
