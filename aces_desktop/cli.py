"""The ``aces`` command line: the coordinator's scripting interface (design/CLI.md).

Common to every command: ``--workspace DIR`` (or ``ACES_WORKSPACE``); the passphrase from
``--passphrase-file FILE`` or ``ACES_PASSPHRASE``, or asked for on a terminal; ``--json``
where a command prints results. Exit status: 0 success, 1 refused or failed (one-paragraph
message on standard error, no traceback), 2 wrong usage.

This module must never import PySide6 (a test checks it).
"""

from __future__ import annotations

import os
import sys

import click

from aces_desktop import __version__
from aces_desktop.commands.common import common_options
from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError, Cancelled
from aces_desktop.core.messages import Text

# The command that does what a coded message asks for. Messages are shared with the GUI,
# which offers the action itself, so the command is named here, at the CLI's edge only.
CLI_HINTS = {
    msg.WORKSPACE_TRUSTS_NO_DEVICE_YET.code: "aces trust add FILE",
    msg.WORKSPACE_TRUSTS_NO_COORDINATOR_YET.code: "aces trust add FILE",
    msg.BUNDLE_FROM_UNTRUSTED.code: "aces trust add FILE",
    msg.NO_DEVICE_KNOWN_WORKSPACE_ACES.code: "aces trust list shows the devices",
    msg.DEVICES_NAMED_GIVE_DEVICE_ID.code: "aces trust list shows their ids",
    msg.NAME_TYPED_DOES_NOT_MATCH.code: "aces info shows the name",
}


def cli_hint(message: str) -> str:
    """`` (aces trust add FILE)`` after a message whose remedy is a command, else ""."""
    pending: list[object] = [message]
    while pending:
        text = pending.pop()
        if isinstance(text, Text):
            if text.message.code in CLI_HINTS:
                return f" ({CLI_HINTS[text.message.code]})"
            pending.extend(text.params)
    return ""


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="aces")
@common_options
def cli() -> None:
    """ACES Desktop command line: workspaces, ratings, reports, sync bundles."""


def _register_commands() -> None:
    from aces_desktop.commands import (
        assess,
        export,
        protect,
        publish,
        register,
        report,
        score,
        search,
        sync,
        workspace,
    )

    cli.add_command(score.score)
    for module in (workspace, sync, report, protect, export, register, assess, publish, search):
        for command in module.COMMANDS:
            cli.add_command(command)


_register_commands()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the CLI, turning every failure into a message and an exit status."""
    import multiprocessing

    from aces_desktop.core.logging import install_excepthook, setup_logging

    multiprocessing.freeze_support()  # report worker processes in the frozen app
    setup_logging()  # every log line (ours and libraries') through the redacting filter
    install_excepthook()  # crashes in other threads: the kind of error only
    try:
        cli.main(args=argv, prog_name="aces", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.UsageError as exc:
        exc.show()
        return 2
    except click.ClickException as exc:
        exc.show()
        return 1
    except click.Abort:
        click.echo("aces: aborted.", err=True)
        return 1
    except Cancelled as exc:
        click.echo(f"aces: {exc.message}", err=True)
        return 1
    except AcesError as exc:
        click.echo(f"aces: {exc.message}{cli_hint(exc.message)}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("aces: interrupted; nothing was half-written.", err=True)
        return 130
    except Exception as exc:
        if os.environ.get("ACES_DEBUG"):
            raise
        # The message of an unexpected error may quote record content: show only its kind.
        click.echo(
            f"aces: internal error ({type(exc).__name__}). Nothing was half-written: every "
            "change is one transaction. Run with ACES_DEBUG=1 to see details.",
            err=True,
        )
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
