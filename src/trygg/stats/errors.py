"""The kernels' errors: an English message plus a code and params a caller can word."""

from typing import Any


class StatsError(ValueError):
    """Nothing was computed. ``code`` names the problem, ``params`` its details."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params
        self.message = message
