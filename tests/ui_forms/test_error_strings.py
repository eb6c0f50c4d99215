"""Messages of core.messages reach translators and are shown translated by code."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from aces_desktop.core import messages, schema
from aces_desktop.core.errors import ValidationError, WrongPassphrase
from aces_desktop.ui import i18n
from aces_desktop.ui.forms import error_strings


def test_error_strings_module_is_complete_and_current() -> None:
    # Regenerate with: python -m aces_desktop.ui.i18n > aces_desktop/ui/forms/error_strings.py
    tree = ast.parse(Path(error_strings.__file__).read_text(encoding="utf-8"))
    calls = {
        tuple(ast.literal_eval(a) for a in node.args)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "translate"
    }
    expected = {(i18n.ERRORS_CONTEXT, m.english, m.code) for m in messages.MESSAGES.values()}
    assert calls == expected


def test_codes_are_unique() -> None:
    constants = [v for v in vars(messages).values() if isinstance(v, messages.Message)]
    assert len({m.code for m in constants}) == len(constants)


class _Chinese(QTranslator):
    """Translates by (context, code): the English text alone is not the key."""

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> str:
        table = {
            ("Errors", "wrong_passphrase"): "密码错误。",
            ("Errors", "wait_before_next"): "%1 请等待 %2 后再试。",
            ("Errors", "seconds"): "%1 秒",
            ("Errors", "invalid_data"): "数据无效",
            ("Errors", "not_a_country"): "必须是两个字母的国家代码",
            ("schema", "Country"): "国家",
        }
        return table.get((context, disambiguation or source), "")


def test_errors_are_shown_in_the_users_language(qapp: Any) -> None:
    wait = WrongPassphrase(
        messages.WAIT_BEFORE_NEXT(messages.WRONG_PASSPHRASE(), messages.SECONDS(4))
    )
    assert (
        wait.message
        == "Wrong passphrase for this workspace. Wait 4 seconds before the next attempt."
    )
    assert wait.code == "wait_before_next"
    with pytest.raises(ValidationError) as caught:
        schema.normalize("site", {"name": "A", "country": "China", "kind": "factory"})
    invalid = caught.value
    translator = _Chinese()
    qapp.installTranslator(translator)
    try:
        assert i18n.error_text(wait) == "密码错误。 请等待 4 秒 后再试。"
        assert i18n.error_text(invalid) == "数据无效: 国家: 必须是两个字母的国家代码"
    finally:
        QCoreApplication.removeTranslator(translator)
    # The CLI's words, and the GUI's without a translation, are the English ones.
    assert "field 'country': must be a two-letter ISO 3166 country code" in invalid.message
    assert i18n.error_text(invalid).startswith("Invalid data: Country: must be a two-letter")


def test_a_form_message_keeps_its_code_when_capitalised() -> None:
    problem = schema.validate_field("site", "country", "China", {})
    assert problem == "Must be a two-letter ISO 3166 country code, e.g. CN"
    assert i18n.translate_text(problem) == problem
    assert isinstance(problem, messages.Text) and problem.message is messages.NOT_A_COUNTRY


def test_fill_takes_each_placeholder_once() -> None:
    assert messages.fill("%1 and %2", "%2", "b") == "%2 and b"
    assert messages.fill("%1 and %3", "a") == "a and %3"


def test_a_refused_bundle_is_shown_in_the_users_language(
    qapp: Any, coordinator: Any, workspace: Any, tmp_path: Path
) -> None:
    from aces_desktop.ops import sync
    from aces_desktop.sync.agestream import BundleError

    sync.add_trusted(coordinator, sync.identity(workspace))
    bundle = tmp_path / "own.acesbundle"  # made for the field device, not for itself
    sync.export(coordinator, bundle, full=True)
    refused = sync.merge(coordinator, [bundle]).value[0].refused
    assert isinstance(refused, messages.Text)  # what the sync page shows, by code
    # The CLI's words are as before; the GUI finds the message and its reason by code.
    assert refused.startswith("own.acesbundle is refused: it is not encrypted to this workspace")
    assert refused.message is messages.BUNDLE_REFUSED
    assert i18n.set_language(qapp, "zh_CN")
    try:
        shown = i18n.error_text(BundleError(refused))
        assert shown.startswith("own.acesbundle 被拒绝：") and shown.endswith("。")
    finally:
        i18n.set_language(qapp, "en")
    assert i18n.translate_text(refused) == refused


def test_an_import_refusal_is_shown_in_the_users_language(qapp: Any, tmp_path: Path) -> None:
    from aces_desktop.ops import imports
    from aces_desktop.store.importer import ImportFileError

    source = tmp_path / "sites.json"
    source.write_text('{"format": "something-else", "version": 1}', encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        imports.read(source)
    refused = caught.value
    assert refused.code == "import_wrong_format"
    assert refused.message.endswith(': "format" must be "aces-import" (see docs/import-format.md).')
    assert i18n.set_language(qapp, "zh_CN")
    try:
        shown = i18n.error_text(refused)
    finally:
        i18n.set_language(qapp, "en")
    assert shown.endswith("：“format”必须是“aces-import”（见 docs/import-format.md）。")
