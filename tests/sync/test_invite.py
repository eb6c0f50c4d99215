"""Invitations: a second coordinator of one organisation, and what an attacker tries with
an invitation (wrong code, altered file, replay, expiry). PostgreSQL joins: tests/pg/."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.ops.workspaces import create_workspace, invite_coordinator, open_invitation
from aces_desktop.reports.pki import ca_certificate, fingerprint
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import invite
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.trust import export_identity, organisation, read_identity, trust_identity
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import add, run_aces
from tests.sync.conftest import enrol, make


def joined(path: Path, invitation: invite.Invitation) -> Workspace:
    return create_workspace(
        path, PASSPHRASE, role="coordinator", name=path.name, kdf=CHEAP_KDF, invitation=invitation
    )


def org_of(ws: Workspace) -> str | None:
    with ws.session() as s:
        return organisation(s, ws)


@pytest.fixture
def inviter(tmp_path: Path) -> Any:
    ws = make(tmp_path, "coord-a", "coordinator")
    yield ws
    ws.close()


def test_second_coordinator_joins_the_organisation_and_field_devices_accept_it(
    inviter: Workspace, tmp_path: Path
) -> None:
    issued = invite_coordinator(inviter, tmp_path / "b.invitation")
    assert len(invite.normalise_code(issued.code)) == 12
    assert (tmp_path / "b.invitation").stat().st_mode & 0o077 == 0
    # The code is not in the file; neither is the CA key in clear.
    text = (tmp_path / "b.invitation").read_text()
    assert invite.normalise_code(issued.code) not in text.replace("-", "")
    assert "BEGIN CERTIFICATE" not in text and "organisation" not in text
    # Typed in lower case with spaces, as people do.
    code = issued.code.lower().replace("-", " ")
    b = joined(tmp_path / "coord-b", open_invitation(issued.path, code))
    f1 = make(tmp_path, "f1", "field")
    try:
        assert org_of(b) == org_of(inviter)
        assert b.device_id != inviter.device_id
        assert fingerprint(ca_certificate(b)) == fingerprint(ca_certificate(inviter))
        # b trusts its inviter already; the inviter enrols b like any device.
        assert inviter.device_id in {d["device_id"] for d in _trusted(b)}
        enrol(inviter, f1, tmp_path / "ids")
        export_identity(b, tmp_path / "b.json")
        export_identity(f1, tmp_path / "f1.json")
        # The field device accepts the second coordinator: same organisation.
        trust_identity(f1, read_identity(tmp_path / "b.json"))
        trust_identity(b, read_identity(tmp_path / "f1.json"))
        trust_identity(inviter, read_identity(tmp_path / "b.json"))
        site = add(f1, "site", name="Aksu Spinning No. 2", country="CN")
        export_bundle(f1, tmp_path / "f1.aces")
        merge_bundle(b, tmp_path / "f1.aces")
        merge_bundle(inviter, tmp_path / "f1.aces")
        assert b.state_hash() == inviter.state_hash() == f1.state_hash()
        # b's back-bundle reaches the field device; coordinators exchange bundles too.
        with b.session() as s:
            content = b.records.get(s, site)[1]
            b.records.put(s, "site", {**content, "region": "Aksu"}, site)
        export_bundle(b, tmp_path / "b-f1.aces", to=[f1.device_id])
        merge_bundle(f1, tmp_path / "b-f1.aces")
        export_bundle(b, tmp_path / "b-a.aces", to=[inviter.device_id])
        merge_bundle(inviter, tmp_path / "b-a.aces")
        assert f1.state_hash() == inviter.state_hash() == b.state_hash()
    finally:
        b.close()
        f1.close()


def _trusted(ws: Workspace) -> list[dict[str, Any]]:
    from aces_desktop.sync.trust import list_trusted

    return list_trusted(ws)


def test_wrong_code_and_altered_invitations_are_refused(inviter: Workspace, tmp_path: Path) -> None:
    issued = invite_coordinator(inviter, tmp_path / "x.invitation")
    with pytest.raises(AcesError, match="does not open this invitation"):
        open_invitation(issued.path, "AAAA-BBBB-CCCC")
    with pytest.raises(AcesError, match="one-time code"):
        open_invitation(issued.path, None)
    document = json.loads(issued.path.read_text())
    # A later expiry (authenticated header) or one changed byte of ciphertext: refused.
    for change in ("expires", "ciphertext", "invitation"):
        forged = dict(document)
        if change == "expires":
            forged["expires"] = "2099-01-01T00:00:00+00:00"
        elif change == "invitation":
            forged["invitation"] = "01a22a4f-cc05-717a-9424-f4c0e074de33"
        else:
            raw = bytearray(base64.b64decode(forged["ciphertext"]))
            raw[10] ^= 1
            forged["ciphertext"] = base64.b64encode(bytes(raw)).decode()
        path = tmp_path / f"forged-{change}.invitation"
        path.write_text(json.dumps(forged))
        with pytest.raises(AcesError, match="does not open this invitation"):
            open_invitation(path, issued.code)
    # A crafted key-derivation cost (a gigabyte-sized scrypt) is refused before deriving.
    heavy = {**document, "kdf": {**document["kdf"], "n": 2**24}}
    (tmp_path / "heavy.invitation").write_text(json.dumps(heavy))
    with pytest.raises(AcesError, match=r"not an ACES invitation.*out of range"):
        open_invitation(tmp_path / "heavy.invitation", issued.code)
    (tmp_path / "bundle.invitation").write_text('{"format": "aces-bundle"}')
    with pytest.raises(AcesError, match="not an ACES invitation"):
        open_invitation(tmp_path / "bundle.invitation", issued.code)
    # Nothing was made by any of these.
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == ["coord-a"]


def test_expired_invitation_is_refused(
    inviter: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = invite_coordinator(inviter, tmp_path / "x.invitation", valid_hours=1)
    real_now = invite._now
    monkeypatch.setattr(invite, "_now", lambda: real_now() + invite.dt.timedelta(hours=2))
    with pytest.raises(AcesError, match="expired on"):
        open_invitation(issued.path, issued.code)


def test_replayed_invitation_is_refused_by_those_who_enrol_the_second_device(
    inviter: Workspace, tmp_path: Path
) -> None:
    issued = invite_coordinator(inviter, tmp_path / "x.invitation")
    invitation = open_invitation(issued.path, issued.code)
    b = joined(tmp_path / "coord-b", invitation)
    c = joined(tmp_path / "coord-c", open_invitation(issued.path, issued.code))  # the replay
    f1 = make(tmp_path, "f1", "field")
    try:
        for ws in (b, c):
            export_identity(ws, tmp_path / f"{ws.name}.json")
        trust_identity(inviter, read_identity(tmp_path / "coord-b.json"))
        trust_identity(inviter, read_identity(tmp_path / "coord-b.json"))  # again: fine
        with pytest.raises(AcesError, match=r"already used on .* \(by 'coord-b'\)"):
            trust_identity(inviter, read_identity(tmp_path / "coord-c.json"))
        trust_identity(f1, read_identity(tmp_path / "coord-b.json"))
        with pytest.raises(AcesError, match="already used"):
            trust_identity(f1, read_identity(tmp_path / "coord-c.json"))
        assert c.device_id not in {d["device_id"] for d in _trusted(inviter)}
    finally:
        for ws in (b, c, f1):
            ws.close()


def test_cli_invite_and_join(inviter: Workspace, tmp_path: Path) -> None:
    env = {"ACES_PASSPHRASE": PASSPHRASE}
    out = tmp_path / "cli.invitation"
    made = run_aces(
        "org", "invite", "--workspace", str(inviter.path), "--out", str(out), "--json", env=env
    )
    assert made.returncode == 0, made.stderr
    code = json.loads(made.stdout)["code"]

    def init(folder: str, role: str, *extra: str, code_env: str | None = None) -> Any:
        more = {"ACES_INVITE_CODE": code_env} if code_env else {}
        return run_aces(
            "init", "--workspace", str(tmp_path / folder), "--role", role, "--join", str(out),
            *extra, env={**env, **more},
        )  # fmt: skip

    wrong = init("cli-b", "coordinator", "--code", "AAAA-AAAA-AAAA")
    assert wrong.returncode != 0 and "does not open this invitation" in wrong.stderr
    assert not (tmp_path / "cli-b").exists()
    ok = init("cli-b", "coordinator", code_env=code)
    assert ok.returncode == 0, ok.stderr
    assert "Joined the organisation of 'coord-a'" in ok.stdout
    field = init("cli-f", "field", "--code", code)
    assert field.returncode != 0 and "Only a coordinator" in field.stderr


def test_field_devices_and_coordinators_adopt_whom_a_fellow_coordinator_vouches_for(
    inviter: Workspace, tmp_path: Path
) -> None:
    """A field device enrolled with coordinator A only; coordinator B joined with an
    invitation and enrolled with A only. A's bundles vouch for each to the other."""
    b = joined(tmp_path / "coord-b", open_invitation(*_issued(inviter, tmp_path)))
    f1 = make(tmp_path, "f1", "field")
    try:
        enrol(inviter, f1, tmp_path / "ids")
        export_identity(b, tmp_path / "b.json")
        trust_identity(inviter, read_identity(tmp_path / "b.json"))
        assert f1.device_id not in {d["device_id"] for d in _trusted(b)}
        export_bundle(inviter, tmp_path / "a-f1.aces", to=[f1.device_id])
        merge_bundle(f1, tmp_path / "a-f1.aces")
        export_bundle(inviter, tmp_path / "a-b.aces", to=[b.device_id])
        merge_bundle(b, tmp_path / "a-b.aces")
        assert b.device_id in {d["device_id"] for d in _trusted(f1)}
        assert f1.device_id in {d["device_id"] for d in _trusted(b)}
        # f1's next bundle is for both coordinators; B merges it and answers.
        site = add(f1, "site", name="Korla Ginning", country="CN")
        out = export_bundle(f1, tmp_path / "f1.aces")
        assert sorted(out.recipients) == ["coord-a", "coord-b"]
        merge_bundle(b, tmp_path / "f1.aces")
        with b.session() as s:
            content = b.records.get(s, site)[1]
            b.records.put(s, "site", {**content, "region": "Bayingolin"}, site)
        export_bundle(b, tmp_path / "b-f1.aces", to=[f1.device_id])
        merge_bundle(f1, tmp_path / "b-f1.aces")
        with f1.session() as s:
            assert f1.records.get(s, site)[1]["region"] == "Bayingolin"
    finally:
        b.close()
        f1.close()


def _issued(ws: Workspace, tmp_path: Path) -> tuple[Path, str]:
    issued = invite_coordinator(ws, tmp_path / "vouch.invitation")
    return issued.path, issued.code
