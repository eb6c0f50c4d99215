"""The one passphrase policy, and the workflows that enforce it for GUI and CLI alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from aces_desktop.core.passphrase import Strength, WeakPassphrase, estimate, require_acceptable
from aces_desktop.ops import workspaces
from aces_desktop.reports import pki
from tests.conftest import CHEAP_KDF, PASSPHRASE


def test_strength_levels() -> None:
    assert estimate("abc").strength is Strength.TOO_SHORT
    assert estimate("abcdefghij").strength is Strength.WEAK
    assert estimate("abcdefghijklmnopq").strength is Strength.WEAK  # length alone is not enough
    assert estimate("password1234").strength is Strength.WEAK
    assert estimate("purple river seven lanterns").strength is Strength.STRONG
    assert not estimate("abcdefghij").acceptable
    assert estimate("purple river seven lanterns").acceptable


def test_refusals_name_the_problem() -> None:
    with pytest.raises(WeakPassphrase, match="at least 10 characters"):
        require_acceptable("short")
    with pytest.raises(WeakPassphrase, match="too easy to guess"):
        require_acceptable("password1234")
    require_acceptable(PASSPHRASE)


def test_creating_a_workspace_enforces_the_policy_and_makes_a_coordinator_ca(
    tmp_path: Path,
) -> None:
    with pytest.raises(WeakPassphrase):
        workspaces.create_workspace(
            tmp_path / "weak", "password1234", role="field", name="w", kdf=CHEAP_KDF
        )
    assert not (tmp_path / "weak").exists()
    with (
        workspaces.create_workspace(
            tmp_path / "c", PASSPHRASE, role="coordinator", name="c", kdf=CHEAP_KDF
        ) as ws,
        ws.session() as s,
    ):
        assert pki.get_secret(s, pki.SECRET_CA_KEY)
    with (
        workspaces.create_workspace(
            tmp_path / "f", PASSPHRASE, role="field", name="f", kdf=CHEAP_KDF
        ) as ws,
        ws.session() as s,
    ):
        assert pki.get_meta(s, pki.META_CA_CERT) is None


def test_a_weak_new_passphrase_is_refused_before_anything_changes(workspace: object) -> None:
    from aces_desktop.store.workspace import Workspace

    assert isinstance(workspace, Workspace)
    with pytest.raises(WeakPassphrase):
        workspaces.change_passphrase(workspace, PASSPHRASE, "abcdefghij", kdf=CHEAP_KDF)
    assert not workspace.locked
    workspace.close()
    Workspace.open(workspace.path, PASSPHRASE).close()
