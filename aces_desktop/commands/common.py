"""What every ``aces`` command shares: the common options, the workspace and passphrase
from them, JSON output and terminal progress. Kept apart from ``aces_desktop.cli`` (which
registers the commands) so that the commands do not import the module that imports them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from aces_desktop.core.errors import AcesError

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Options:
    workspace: Path | None = None
    passphrase_file: Path | None = None


class Day(click.ParamType):
    """A date option, ``YYYY-MM-DD``, between ``EARLIEST`` and a year from today (UTC): a
    rating or register dated 0001-01-01 or 9999-12-31 is a typing mistake, and such dates
    overflow the date arithmetic of quarters and windows. Something that is not a date at all
    is wrong usage (exit 2); a real date out of that range is refused input (exit 1)."""

    name = "YYYY-MM-DD"
    EARLIEST = dt.date(1970, 1, 1)
    AHEAD = dt.timedelta(days=366)
    _FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text) if self._FORM.fullmatch(text) else None
        except ValueError:
            day = None
        if day is None:
            self.fail(f"'{text[:40]}' is not a date in the form YYYY-MM-DD.", param, ctx)
        latest = dt.datetime.now(dt.UTC).date() + self.AHEAD
        if not self.EARLIEST <= day <= latest:
            self._refuse(
                f"{day.isoformat()} is out of range: give a date from "
                f"{self.EARLIEST.isoformat()} to {latest.isoformat()} (a year from today).",
                param,
                ctx,
            )
        return day

    @staticmethod
    def _refuse(message: str, param: click.Parameter | None, ctx: click.Context | None) -> NoReturn:
        hint = param.get_error_hint(ctx) if param is not None and ctx is not None else "date"
        raise click.ClickException(f"Invalid value for {hint}: {message}")


DAY = Day()

# ``--language`` of scorecards and the register (terms from core.terms, Uyghur right to left).
LANGUAGE_OPTION = click.option(
    "--language",
    type=click.Choice(["en", "zh_CN", "ug"]),
    default="en",
    show_default=True,
    help="Language of the document: en, zh_CN (Chinese terms) or ug (Uyghur, right to left).",
)


def _remember(name: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        if value is not None:
            setattr(ctx.ensure_object(Options), name, value)
        return value

    return callback


def common_options(func: F) -> F:
    """``--workspace`` and ``--passphrase-file``, accepted before or after the command name."""
    func = click.option(
        "--passphrase-file",
        type=click.Path(path_type=Path, dir_okay=False),
        expose_value=False,
        callback=_remember("passphrase_file"),
        help="Read the passphrase from the first line of this file.",
    )(func)
    func = click.option(
        "--workspace",
        type=click.Path(path_type=Path, file_okay=False),
        expose_value=False,
        callback=_remember("workspace"),
        help="Workspace folder (default: $ACES_WORKSPACE or the default workspace).",
    )(func)
    return func


def workspace_path() -> Path:
    from aces_desktop.store.paths import default_workspace

    opts = click.get_current_context().ensure_object(Options)
    if opts.workspace is not None:
        return opts.workspace
    env = os.environ.get("ACES_WORKSPACE")
    return Path(env) if env else default_workspace()


def passphrase(*, confirm: bool = False) -> str:
    """The passphrase from --passphrase-file, $ACES_PASSPHRASE or a terminal prompt."""
    opts = click.get_current_context().ensure_object(Options)
    if opts.passphrase_file is not None:
        try:
            raw = opts.passphrase_file.read_bytes()
        except OSError as exc:
            raise AcesError(
                f"Cannot read the passphrase file {opts.passphrase_file}: {exc.strerror}."
            ) from exc
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise AcesError(
                f"The passphrase file {opts.passphrase_file} is not UTF-8 text."
            ) from None
        value = text.splitlines()[0] if text else ""
        if not value:
            raise AcesError(f"The passphrase file {opts.passphrase_file} is empty.")
        return value
    env = os.environ.get("ACES_PASSPHRASE")
    if env:
        return env
    if sys.stdin.isatty():
        return str(
            click.prompt("Passphrase", hide_input=True, confirmation_prompt=confirm, err=True)
        )
    raise AcesError(
        "No passphrase given: use --passphrase-file FILE or the ACES_PASSPHRASE environment "
        "variable, or run the command in a terminal to be asked."
    )


@contextmanager
def open_workspace() -> Iterator[Any]:
    from aces_desktop.store.workspace import Workspace

    ws = Workspace.open(workspace_path(), passphrase())
    if ws.backup_taken:
        click.echo(f"Upgraded the workspace; a copy from before is at {ws.backup_taken}.", err=True)
    try:
        yield ws
    finally:
        ws.close()


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False))


class TerminalProgress:
    """A rich progress bar on a terminal; silent otherwise (CLI.md)."""

    def __init__(self) -> None:
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> TerminalProgress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            self._progress = Progress(
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def start(self, label: str, total: int | None) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task(label, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, amount)
