"""The bulk path writes exactly what single edits would: valid revisions, chain, state."""

from __future__ import annotations

from sqlalchemy import select

from aces_desktop.core import schema
from aces_desktop.core.revision import check_chain, content_matches, derive_state, header_hash
from aces_desktop.demo_data import DemoOptions, fill_demo, iter_demo_findings
from aces_desktop.store import models as m
from aces_desktop.store.records import revision_from_row
from aces_desktop.store.workspace import Workspace
from tests.helpers import add


def test_bulk_revisions_hash_chain_and_state_match_single_edits(workspace: Workspace) -> None:
    add(workspace, "site", name="Written before the bulk", country="VN")  # chain continues
    summary = fill_demo(workspace, DemoOptions(sites=8, observations=500, seed=4))
    assert summary.counts["finding"] == 500
    with workspace.session() as s:
        rows = s.execute(
            select(m.RevisionRow)
            .where(m.RevisionRow.device_id == workspace.device_id)
            .order_by(m.RevisionRow.device_seq)
        ).scalars()
        revisions = [revision_from_row(r) for r in rows]
        assert check_chain(revisions) == []
        for r in revisions:
            assert header_hash(r.header()) == r.rev
            assert content_matches(r)
            assert r.content is not None
            assert schema.normalize(r.record_type, r.content) == r.content
        states = {st.record_id: st for st in s.execute(select(m.RecordState)).scalars()}
        for r in revisions:
            expected = derive_state(r.record_type, r.record_id, [r])
            assert states[r.record_id].digest == expected.digest
            assert states[r.record_id].winner == r.rev
    clocks = [r.clock for r in revisions]
    assert clocks == sorted(clocks) and len(set(clocks)) == len(clocks)
    for content in iter_demo_findings(workspace, 500):
        assert schema.normalize("finding", content) == content
    # A single edit after the bulk continues the chain and the clock.
    site = add(workspace, "site", name="After", country="VN")
    with workspace.session() as s:
        last = workspace.records.history(s, site)[0]
    assert last.device_seq == revisions[-1].device_seq + 1 and last.prev == revisions[-1].rev
    assert last.clock > max(clocks)
