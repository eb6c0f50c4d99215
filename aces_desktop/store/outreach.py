"""The outreach log: requests sent to companies and whether they are overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.core.rubric import default_rubric
from aces_desktop.store import models as m
from aces_desktop.store.records import row_content, table_for


def unanswered_days() -> int:
    """How long a request may stay unanswered: the rubric's response window."""
    return default_rubric().response_window_days


@dataclass(frozen=True)
class OutreachRow:
    record_id: str
    company_id: str
    company_name: str
    content: dict[str, Any]
    overdue: bool
    overdue_reason: str


def overdue_reason(content: dict[str, Any], today: dt.date) -> str:
    """Why an unanswered request is overdue, or '' when it is not."""
    if content.get("answered_on"):
        return ""
    due = content.get("follow_up_due")
    if due and dt.date.fromisoformat(due) < today:
        return f"follow-up was due on {due}"
    sent = content.get("request_sent_on")
    if sent:
        days = (today - dt.date.fromisoformat(sent)).days
        if days > unanswered_days():
            return f"unanswered for {days} days"
    return ""


def outreach_log(
    s: Session, company_id: str | None = None, today: dt.date | None = None
) -> list[OutreachRow]:
    """Requests, newest first; for one company or all."""
    today = today or dt.date.today()
    table = table_for("company_response")
    query = select(table, m.Company.name.label("_company_name")).join(
        m.Company, m.Company.id == table.c.company_id, isouter=True
    )
    if company_id:
        query = query.where(table.c.company_id == company_id)
    query = query.order_by(table.c.request_sent_on.desc(), table.c.id.desc())
    rows: list[OutreachRow] = []
    for row in s.execute(query).mappings():
        content = row_content("company_response", row)
        reason = overdue_reason(content, today)
        rows.append(
            OutreachRow(
                record_id=row["id"],
                company_id=content["company_id"],
                company_name=row["_company_name"] or "",
                content=content,
                overdue=bool(reason),
                overdue_reason=reason,
            )
        )
    return rows
