"""Export any list in the GUI (a ``QAbstractTableModel``) to XLSX or CSV.

``export_table_model(parent, model)`` asks for a file and writes the model's rows through
``reports.spreadsheets`` — so through the redaction layer, like every export. The redaction
layer needs to know what the rows are:

- the record type: the ``record_type`` argument, else a ``record_type`` (or ``type_name``)
  attribute of the model, else its Qt property ``recordType``; without one the rows count as derived
  figures (columns named like sensitive fields are dropped);
- each column's field: ``headerData(col, Horizontal, EXPORT_KEY_ROLE)`` if the model gives
  it, else the header text matched against the field names and labels of the type;
- each cell's raw value: ``data(index, EXPORT_VALUE_ROLE)`` if given (e.g. the stored
  ``consent_scope`` rather than its translated label), else the displayed text.

A list of worker notes without a consent-scope column therefore exports no rows, and a
site list without a disclosure column exports no sites: the cautious defaults apply.

Record lists of the main window (``ui.table_model.RecordTableModel``: a ``workspace``, a
record type and ``record_id(row)``) are exported as whole records instead: every field of
the records in the list, in the list's current order and filter, exactly as
``aces export`` writes them (names of referenced records, stored personal-data
acknowledgements honoured).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from aces_desktop.core.errors import AcesError
from aces_desktop.ops import reports
from aces_desktop.reports.spreadsheets import (
    ExportTable,
    column_key,
    table_from_rows,
    write_table,
)
from aces_desktop.ui.i18n import error_text

EXPORT_KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 0x41
EXPORT_VALUE_ROLE = int(Qt.ItemDataRole.UserRole) + 0x42

XLSX_FILTER = "Excel workbook (*.xlsx)"
CSV_FILTER = "CSV, UTF-8 (*.csv)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def model_record_type(model: QAbstractItemModel, record_type: str | None = None) -> str | None:
    if record_type:
        return record_type
    # ``record_type``, or ``type_name`` as the record list models (ui.table_model) call it:
    # without it a withheld site's row would be exported as "derived figures".
    for attribute in ("record_type", "type_name"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    prop = model.property("recordType")
    return str(prop) if prop else None


def table_from_model(
    model: QAbstractItemModel, *, record_type: str | None = None, title: str = "Export"
) -> ExportTable:
    """The model's rows (all of them, not only the visible ones) as an export table."""
    kind = model_record_type(model, record_type)
    workspace = getattr(model, "workspace", None)
    record_id = getattr(model, "record_id", None)
    if kind and workspace is not None and callable(record_id):
        ids = [record_id(row) for row in range(model.rowCount())]
        return reports.records_table(
            workspace, kind, [str(i) for i in ids if i is not None], title=title
        )
    columns = model.columnCount()
    headers: list[str] = []
    keys: list[str] = []
    for col in range(columns):
        header = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        text = str(header) if header is not None else f"Column {col + 1}"
        key = model.headerData(col, Qt.Orientation.Horizontal, EXPORT_KEY_ROLE)
        headers.append(text)
        keys.append(str(key) if key else column_key(text, kind))
    rows: list[list[Any]] = []
    for row in range(model.rowCount()):
        values: list[Any] = []
        for col in range(columns):
            index = model.index(row, col)
            value = model.data(index, EXPORT_VALUE_ROLE)
            if value is None:
                value = model.data(index, Qt.ItemDataRole.DisplayRole)
            values.append(value)
        rows.append(values)
    return table_from_rows(title, headers, rows, keys=keys, record_type=kind)


def export_table_model(
    parent: QWidget | None,
    model: QAbstractItemModel,
    *,
    record_type: str | None = None,
    title: str = "Export",
    path: Path | None = None,
) -> int | None:
    """Ask for a file (unless ``path`` is given) and export the model's rows to it.

    Returns the number of rows written, or ``None`` if the user cancelled or it failed
    (the user has then been told why).
    """
    if path is None:
        name, chosen = QFileDialog.getSaveFileName(
            parent,
            _tr("Export to a spreadsheet"),
            f"{title}.xlsx",
            f"{_tr(XLSX_FILTER)};;{_tr(CSV_FILTER)}",
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if chosen == _tr(CSV_FILTER) else ".xlsx")
    table = table_from_model(model, record_type=record_type, title=title)
    try:
        written = write_table(table, path, bom=path.suffix.lower() == ".csv")
    except (AcesError, OSError) as exc:
        message = error_text(exc) if isinstance(exc, AcesError) else str(exc.strerror or exc)
        QMessageBox.warning(parent, _tr("Export failed"), message)
        return None
    return written


def make_export_action(
    parent: QWidget,
    model: QAbstractItemModel,
    *,
    record_type: str | None = None,
    title: str = "Export",
    owner: QObject | None = None,
) -> QAction:
    """A QAction "Export to spreadsheet…" exporting ``model`` (for a toolbar or menu)."""
    action = QAction(_tr("Export to spreadsheet…"), owner or parent)
    action.setToolTip(_tr("Save this list as an Excel workbook or a CSV file"))
    action.triggered.connect(
        lambda: export_table_model(parent, model, record_type=record_type, title=title)
    )
    return action
