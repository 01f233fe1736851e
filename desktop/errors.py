"""Errors whose message is written for the operator (Chinese, names the field or file)."""


class UserFacingError(Exception):
    """Show `str(error)` to the operator as it is; nothing was written."""


class ValidationError(UserFacingError, ValueError):
    """Input the operator must correct; `field` names it, the message says how."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
