"""Errors that carry a message meant for the user, in the user's words."""


class CaseError(Exception):
    """A problem the user can understand and act on; ``str(err)`` is the message."""


class ValidationError(CaseError):
    """A value the user gave does not fit the rules (a bad date, an unknown grade...)."""


class NotFoundError(CaseError):
    """The thing asked for is not in the case (any more)."""
