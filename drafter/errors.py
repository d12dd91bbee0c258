"""The one exception type the command line turns into a one-line message."""

from __future__ import annotations


class DrafterError(Exception):
    """A problem the user can act on.

    The message says what is wrong and what to do; the CLI prints it on one line and exits
    with ``exit_code`` (1 unless a command says otherwise). No traceback unless ``--debug``.
    """

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message)

    def one_line(self) -> str:
        text = self.message.rstrip(".")
        if self.hint:
            text += f": {self.hint}"
        return " ".join(text.split()) + "."


class InputError(DrafterError):
    """A file drafter was given cannot be read as an edition (empty, binary, corrupt, hostile)."""


class NotAResolutionError(InputError):
    """The file reads, but its text is not a General Assembly resolution or draft."""


class CorpusError(DrafterError):
    """The corpus folder is missing, unreadable or inconsistent."""


class OutputExistsError(DrafterError):
    """drafter would overwrite a file it did not create."""
