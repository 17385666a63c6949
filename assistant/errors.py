"""The project's error hierarchy: one base class, messages a user can act on.

Every error the CLI or the API reports to a person is a `TinhGonError`; its message says what
went wrong and, where possible, what to do about it.
"""

from __future__ import annotations


class TinhGonError(Exception):
    """Base class for every error this project raises on purpose."""


class ConfigurationError(TinhGonError):
    """A setting is missing or contradictory (the message names the TINHGON_ variable)."""


class DocumentLoadError(TinhGonError):
    """One input file could not be read: corrupt, empty, binary or in an unknown encoding."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmbedderError(TinhGonError):
    """The embedding model could not be loaded (not available locally) or failed."""


class EmbedderMismatchError(TinhGonError):
    """The index was built with another embedder than the one configured now."""


class StoreError(TinhGonError):
    """The vector store or lexical index cannot be opened or written."""


class DocumentNotFoundError(TinhGonError):
    """No indexed document has the given id."""


class InvalidRequestError(TinhGonError):
    """A question or request is malformed (empty, too long, bad filter …)."""


class LLMUnavailableError(TinhGonError):
    """The configured LLM server did not answer in time or answered with an error."""


class DatasetError(TinhGonError):
    """An evaluation dataset line is malformed; the message names the line and the field."""
