"""Errors whose message is written for the operator (Chinese, names the field or file)."""


class UserFacingError(Exception):
    """Show `str(error)` to the operator as it is; nothing was written."""
