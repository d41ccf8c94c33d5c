"""casefile: an offline case-file manager for investigators."""

__version__ = "0.1.0"

# The desktop's name for casefile: desktop entry, icon, AppStream id, Wayland app id.
APP_ID = "org.casefile.Casefile"
