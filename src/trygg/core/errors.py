"""Domain errors: what a service raises when it refuses to act, in the user's language."""


class DomainError(Exception):
    """A write was refused; nothing was changed. The message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class ImportProblem(DomainError):
    """An import file was refused as a whole; nothing of it was stored."""
