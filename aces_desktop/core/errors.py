"""Errors a user can meet. Each carries a message written for the user.

They are raised deep in the code and caught once at the edge: the CLI prints the message
and exits 1, the GUI shows it in a dialog. A message made from ``core.messages``
(a ``Text``) carries its code and parameters, and the GUI shows it in the user's language;
plain strings are shown in English.
"""

from __future__ import annotations

from dataclasses import dataclass

from aces_desktop.core import messages as m
from aces_desktop.core.messages import Text


class AcesError(Exception):
    """An error with a message meant for the user (no traceback shown)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    @property
    def code(self) -> str:
        """The message's code in ``core.messages``, or "" for a message without one."""
        return self.message.message.code if isinstance(self.message, Text) else ""


class WorkspaceNotFound(AcesError):
    pass


class WorkspaceExists(AcesError):
    pass


class WrongPassphrase(AcesError):
    pass


class WorkspaceLocked(AcesError):
    pass


class WorkspaceBusy(AcesError):
    pass


class SchemaTooNew(AcesError):
    pass


class Cancelled(AcesError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or m.CANCELLED())


class SealedRecord(AcesError):
    pass


class RecordNotFound(AcesError):
    pass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one field of one record."""

    field: str
    message: str
    record: str = ""

    def describe(self) -> Text:
        if self.record:
            return m.RECORD_FIELD_PROBLEM(self.record, self.field, self.message)
        return m.FIELD_PROBLEM(self.field, self.message)


class ValidationError(AcesError):
    """A record (or a file of records) failed validation; nothing was written."""

    SHOWN = 10

    def __init__(self, problems: list[FieldProblem], heading: str | None = None) -> None:
        self.problems = problems
        self.heading = heading or m.INVALID_DATA()
        shown = problems[: self.SHOWN]
        lines: list[str] = [p.describe() for p in shown]
        if len(problems) > len(shown):
            lines.append(m.MORE_PROBLEMS(len(problems) - len(shown)))
        super().__init__(self.heading + ": " + "; ".join(lines))


class ImportFileError(AcesError):
    pass
