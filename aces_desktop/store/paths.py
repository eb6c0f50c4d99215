"""Default locations, from platformdirs, with an override for portable use and tests."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "ACES Desktop"
APP_AUTHOR = "ACES"


def data_dir() -> Path:
    override = os.environ.get("ACES_HOME")
    if override:
        return Path(override) / "data"
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def config_dir() -> Path:
    override = os.environ.get("ACES_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def default_workspace() -> Path:
    return data_dir() / "workspaces" / "default"


# The demo workspace's passphrase (public: the demo holds made-up records only).
DEMO_PASSPHRASE = "aces demo workspace"


def demo_workspace() -> Path:
    return data_dir() / "workspaces" / "demo"
