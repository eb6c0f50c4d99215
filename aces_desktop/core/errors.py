"""Errors a user can meet. Each carries a message written for the user.

They are raised deep in the code and caught once at the edge: the CLI prints the message
and exits 1, the GUI shows it in a dialog.
"""

from __future__ import annotations

from dataclasses import dataclass


class AcesError(Exception):
    """An error with a message meant for the user (no traceback shown)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


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
    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


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

    def describe(self) -> str:
        where = f"{self.record}, " if self.record else ""
        return f"{where}field '{self.field}': {self.message}"


class ValidationError(AcesError):
    """A record (or a file of records) failed validation; nothing was written."""

    def __init__(self, problems: list[FieldProblem], heading: str = "Invalid data") -> None:
        self.problems = problems
        shown = problems[:10]
        lines = [p.describe() for p in shown]
        if len(problems) > len(shown):
            lines.append(f"... and {len(problems) - len(shown)} more problem(s)")
        super().__init__(heading + ": " + "; ".join(lines))


class ImportFileError(AcesError):
    pass
