"""The charts of a scorecard's first page and of the remediation section (reportlab.graphics)."""

from __future__ import annotations

from typing import Any, Literal

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String, Wedge
from reportlab.lib import colors

INK = colors.HexColor("#1B2A24")
MUTED = colors.HexColor("#66736D")
TRACK = colors.HexColor("#E7ECEA")
GRID = colors.HexColor("#C9D2CE")
ACCENT = colors.HexColor("#1E6B52")
BAND = colors.HexColor("#A8D5C2")

RISK_COLOURS = {
    0: colors.HexColor("#2E7D32"),
    1: colors.HexColor("#7CB342"),
    2: colors.HexColor("#F9A825"),
    3: colors.HexColor("#EF6C00"),
    4: colors.HexColor("#C62828"),
}
UNKNOWN = colors.HexColor("#9AA5A0")
GRADE_COLOURS = {
    "A": colors.HexColor("#2E7D32"),
    "B": colors.HexColor("#7CB342"),
    "C": colors.HexColor("#F9A825"),
    "D": colors.HexColor("#EF6C00"),
    "E": colors.HexColor("#C62828"),
}
TIER_COLOURS = {
    "Leader": colors.HexColor("#2E7D32"),
    "Improver": colors.HexColor("#26A69A"),
    "Starter": colors.HexColor("#F9A825"),
    "Laggard": colors.HexColor("#C62828"),
}
GRADE_BY_LEVEL = {0: RISK_COLOURS[0], 1: RISK_COLOURS[1], 2: RISK_COLOURS[2], 3: RISK_COLOURS[4]}

Anchor = Literal["start", "middle", "end"]


def _text(
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    colour: Any = INK,
    anchor: Anchor = "start",
) -> String:
    return String(x, y, text, fontName=font, fontSize=size, fillColor=colour, textAnchor=anchor)


def _bar(x: float, y: float, width: float, height: float, fill: colors.Color) -> Rect:
    """A filled rectangle without outline (attributes set after construction: the stubs of
    ``Rect.__init__`` do not accept its keyword arguments)."""
    rect = Rect(x, y, width, height)
    rect.fillColor = fill
    rect.strokeColor = None
    return rect


def _outline(x: float, y: float, width: float, height: float, stroke: colors.Color) -> Rect:
    """A dashed, unfilled rectangle: a value not known."""
    rect = Rect(x, y, width, height)
    rect.fillColor = None
    rect.strokeColor = stroke
    rect.strokeWidth = 0.6
    rect.strokeDashArray = [2, 2]
    return rect


def initiative_chart(dimensions: list[dict[str, Any]], font: str, width: float = 500) -> Drawing:
    """T, S and A side by side: band (light), point score (solid), grade."""
    rows = max(1, len(dimensions))
    d = Drawing(width, 30 + rows * 34)
    left, right = 95, width - 40
    span = right - left
    top = d.height - 14
    for tick in (0, 20, 40, 60, 80, 100):
        x = left + span * tick / 100
        d.add(Line(x, 12, x, top, strokeColor=GRID, strokeWidth=0.5, strokeDashArray=[2, 2]))
        d.add(_text(x, 2, str(tick), font, 7, MUTED, "middle"))
    for i, dim in enumerate(dimensions):
        y = top - 24 - i * 34
        d.add(_text(0, y + 5, str(dim.get("name") or dim.get("id")), font, 10))
        d.add(_bar(left, y, span, 16, TRACK))
        band = dim.get("band") or {}
        low, high = band.get("low"), band.get("high")
        if low is not None and high is not None and high > low:
            d.add(_bar(left + span * low / 100, y, span * (high - low) / 100, 16, BAND))
        score = dim.get("score")
        grade = dim.get("grade")
        colour = GRADE_COLOURS.get(str(grade), ACCENT)
        if score is not None:
            d.add(_bar(left, y + 4, span * score / 100, 8, colour))
            d.add(_text(left + span * score / 100 + 4, y + 4.5, f"{score:g}", font, 8, INK))
        d.add(
            Circle(right + 22, y + 8, 10, fillColor=colour if grade else UNKNOWN, strokeColor=None)
        )
        d.add(_text(right + 22, y + 4.5, str(grade or "?"), font, 10, colors.white, "middle"))
    return d


def tier_zones(result: dict[str, Any]) -> list[tuple[float, float, str]]:
    """(from, to, tier) on the 0–100 scale, lowest first, from the rubric the result was
    scored with (``result["methodology"]``; the shipped rubric for older results)."""
    numbers = result.get("methodology")
    if not numbers:
        from aces_desktop.core.rubric import default_rubric
        from aces_desktop.core.scoring.methodology import methodology_numbers

        numbers = methodology_numbers(default_rubric())
    zones, top = [], 100.0
    for t in numbers["tiers"]:
        zones.append((float(t["min"]), top, str(t["tier"])))
        top = float(t["min"])
    return zones[::-1]


def company_chart(result: dict[str, Any], font: str, width: float = 500) -> Drawing:
    """The 0-100 scale with tier zones, the band and the point score; then C1-C7 levels."""
    criteria = result.get("criteria") or []
    d = Drawing(width, 150)
    left, right = 10, width - 10
    span = right - left
    y = 112
    zones = tier_zones(result)
    for lo, hi, name in zones:
        d.add(
            _bar(
                left + span * lo / 100,
                y,
                span * (hi - lo) / 100,
                14,
                TIER_COLOURS.get(name, ACCENT).clone(alpha=0.22),
            )
        )
        d.add(_text(left + span * (lo + hi) / 200, y + 18, name, font, 8, MUTED, "middle"))
    band = result.get("band") or {}
    low, high = band.get("low"), band.get("high")
    if low is not None and high is not None:
        x1, x2 = left + span * low / 100, left + span * high / 100
        d.add(Line(x1, y - 5, x2, y - 5, strokeColor=INK, strokeWidth=1.2))
        d.add(Line(x1, y - 8, x1, y - 2, strokeColor=INK, strokeWidth=1.2))
        d.add(Line(x2, y - 8, x2, y - 2, strokeColor=INK, strokeWidth=1.2))
        d.add(_text((x1 + x2) / 2, y - 16, f"band {low:g}–{high:g}", font, 7.5, MUTED, "middle"))
    score = result.get("score")
    if score is not None:
        x = left + span * score / 100
        d.add(_bar(x - 1.5, y - 2, 3, 18, INK))
        d.add(_text(x + 5, y + 3.5, f"{score:g}", font, 9, INK))
    # criteria levels
    n = max(1, len(criteria))
    col = span / n
    base = 10
    for i, c in enumerate(criteria):
        x = left + i * col + col * 0.2
        w = col * 0.6
        d.add(_bar(x, base + 14, w, 50, TRACK))
        level = c.get("level")
        if level is not None:
            h = 50 * level / max(1, c.get("max_level") or 4)
            d.add(_bar(x, base + 14, w, h, ACCENT))
            d.add(_text(x + w / 2, base + 18 + h, str(level), font, 8, INK, "middle"))
        else:
            d.add(_text(x + w / 2, base + 34, "?", font, 11, MUTED, "middle"))
        weight = c.get("weight")
        d.add(_text(x + w / 2, base + 2, f"{c.get('id')} ·{weight:g}%", font, 7.5, MUTED, "middle"))
    return d


FAMILY_SHORT = {"ILO": "ILO", "SIL": "State", "DW": "Decent work", "ENV": "Environment"}


def site_chart(
    criteria: list[dict[str, Any]], progress: float | None, font: str, width: float = 500
) -> Drawing:
    """Grade per indicator of every family graded at the site (0-3, '?' unchecked):
    forced-labour (ILO), state-imposed, decent work and environment, grouped by family;
    and remediation progress."""
    shown = [c for c in criteria if c.get("dimension")] or criteria
    d = Drawing(width, 150)
    left, chart_w = 20, width - 150
    n = max(1, len(shown))
    col = chart_w / n
    base, full = 38, 86
    for g in range(4):
        y = base + full * g / 3
        d.add(Line(left, y, left + chart_w, y, strokeColor=GRID, strokeWidth=0.4))
        d.add(_text(left - 6, y - 3, str(g), font, 7, MUTED, "end"))
    label_size = 7 if col >= 14 else 5.5
    families: list[tuple[str, int, int]] = []  # (family, first, last index)
    for i, c in enumerate(shown):
        x = left + i * col + col * 0.18
        w = col * 0.64
        level = c.get("level")
        if level is None:
            d.add(_outline(x, base, w, full, UNKNOWN))
            d.add(_text(x + w / 2, base + full / 2 - 4, "?", font, 8, UNKNOWN, "middle"))
        else:
            h = max(2.0, full * level / 3)
            d.add(_bar(x, base, w, h, GRADE_BY_LEVEL.get(level, INK)))
        code = str(c.get("id"))
        number = code.split("-")[-1].lstrip("0") or "0"
        d.add(_text(x + w / 2, base - 10, number, font, label_size, MUTED, "middle"))
        family = str(c.get("dimension") or "")
        if families and families[-1][0] == family:
            families[-1] = (family, families[-1][1], i)
        else:
            families.append((family, i, i))
    for family, first, last in families:
        x1 = left + first * col + 2
        x2 = left + (last + 1) * col - 2
        d.add(Line(x1, base - 15, x2, base - 15, strokeColor=GRID, strokeWidth=0.6))
        name = FAMILY_SHORT.get(family, family)
        if (last - first + 1) * col < len(name) * 3.6:
            name = family
        d.add(_text((x1 + x2) / 2, base - 24, name, font, 6.5, MUTED, "middle"))
    d.add(
        _text(
            left,
            2,
            "Highest grade per indicator (0 absent – 3 strong); ? not checked",
            font,
            7,
            MUTED,
        )
    )
    # remediation ring
    cx, cy, r = width - 62, 74, 40
    d.add(Circle(cx, cy, r, fillColor=TRACK, strokeColor=None))
    if progress:
        d.add(
            Wedge(
                cx,
                cy,
                r,
                90 - 360 * progress,
                90,
                fillColor=ACCENT,
                strokeColor=None,
            )
            if progress < 1
            else Circle(cx, cy, r, fillColor=ACCENT, strokeColor=None)
        )
    d.add(Circle(cx, cy, r * 0.66, fillColor=colors.white, strokeColor=None))
    shown_progress = "–" if progress is None else f"{progress * 100:.0f}%"
    d.add(_text(cx, cy - 5, shown_progress, font, 13, INK, "middle"))
    d.add(_text(cx, cy - r - 14, "remediated (verified)", font, 7.5, MUTED, "middle"))
    return d


def trend_chart(
    trend: list[tuple[str, float | None]], font: str, width: float = 500, height: float = 120
) -> Drawing:
    """Remediation progress at the end of each month."""
    d = Drawing(width, height)
    left, bottom = 34, 22
    w, h = width - left - 10, height - bottom - 10
    for pct in (0, 25, 50, 75, 100):
        y = bottom + h * pct / 100
        d.add(Line(left, y, left + w, y, strokeColor=GRID, strokeWidth=0.4))
        d.add(_text(left - 5, y - 3, f"{pct}%", font, 7, MUTED, "end"))
    n = len(trend)
    points: list[float] = []
    for i, (month, value) in enumerate(trend):
        x = left + (w * i / (n - 1) if n > 1 else w / 2)
        if i % 2 == 0 or i == n - 1:
            d.add(_text(x, bottom - 13, month[:7], font, 6.5, MUTED, "middle"))
        if value is not None:
            y = bottom + h * value
            points += [x, y]
            d.add(Circle(x, y, 2.2, fillColor=ACCENT, strokeColor=None))
    if len(points) >= 4:
        d.add(PolyLine(points, strokeColor=ACCENT, strokeWidth=1.4))
    return d
