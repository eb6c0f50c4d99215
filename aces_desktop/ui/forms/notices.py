"""The bar that offers to restore an autosaved draft."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from aces_desktop.ui.forms.style import BANNER_INFO


class DraftBar(QFrame):
    def __init__(self, restore_text: str, discard_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBar")
        self.setStyleSheet(f"QFrame#draftBar {{ {BANNER_INFO} }}")
        layout = QHBoxLayout(self)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.restore_button = QPushButton(restore_text, self)
        self.discard_button = QPushButton(discard_text, self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.setVisible(False)

    def offer(self, text: str) -> None:
        self.label.setText(text)
        self.setVisible(True)


def reserve_space(label: QLabel, lines: int = 1) -> QLabel:
    """Keep room for ``lines`` lines of ``label`` whether it is shown or not, so that the
    fields below never move when a problem or a hint appears (a click would land in another
    field and what is typed would be lost)."""
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * lines + 2)
    return label
