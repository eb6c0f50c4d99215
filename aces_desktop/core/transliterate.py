"""Search keys that let a name written in one script be found from another.

A factory in Aksu may be recorded as ``Aksu``, ``阿克苏`` (pinyin ``akesu``) or ``ئاقسۇ``
(Uyghur Latin ``aqsu``). Each name gets:

- its **Latin form**: Chinese characters to toneless pinyin (pypinyin), Uyghur Arabic script
  to Uyghur Latin script (ULY) by the table below, after NFKC (which also turns Arabic
  presentation forms, as PDFs and old software write them, into base letters);
- its **skeleton**: the Latin form folded to ASCII, ``q``->``k``, ``gh``->``g``, ``kh``/``x``->``h``,
  with every vowel dropped except a word's first letter, so ``Aksu``, ``akesu`` and ``aqsu``
  all become ``aks``. Pinyin is skeletonised per syllable, so a place inside a longer
  Chinese name (新疆阿克苏纺织 -> ... ``aks`` ...) is found too.

The same keys serve the full-text search (``store.search``) and the duplicate-site check on
merge (``sync.duplicates``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Uyghur Arabic script (UEY) -> Uyghur Latin script (ULY).
ULY: dict[str, str] = {
    "ا": "a", "ە": "e", "ب": "b", "پ": "p", "ت": "t", "ج": "j", "چ": "ch", "خ": "x",
    "د": "d", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "گ": "g", "ڭ": "ng", "ل": "l", "م": "m", "ن": "n", "ھ": "h",
    "ه": "h", "و": "o", "ۇ": "u", "ۆ": "ö", "ۈ": "ü", "ۋ": "w", "ې": "é", "ى": "i",
    "ي": "y", "ئ": "", "ء": "", "ی": "y", "ک": "k", "ة": "e",
}  # fmt: skip
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
_HAN = re.compile(r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+")
_VOWELS = frozenset("aeiouy")
# Uyghur writes Chinese "hua" as خۇا (ULY xua): x and h meet in the skeleton.
_DIGRAPHS = (("gh", "g"), ("kh", "h"), ("x", "h"), ("q", "k"), ("w", "v"))
MIN_KEY = 3


def _fold(text: str) -> str:
    """Lower case ASCII letters and digits: diacritics dropped (ö -> o, é -> e)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isascii() and (ch.isalnum() or ch.isspace()))


def uyghur_latin(text: str) -> str:
    return "".join(ULY.get(ch, ch) for ch in text)


@lru_cache(maxsize=4096)
def _pinyin(run: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin  # loads its dictionary on first use

    return tuple(lazy_pinyin(run, style=Style.NORMAL, errors="ignore"))


def _skeleton(word: str) -> str:
    word = _fold(word)
    for old, new in _DIGRAPHS:
        word = word.replace(old, new)
    if not word:
        return ""
    rest = "".join(ch for ch in word[1:] if ch not in _VOWELS)
    return re.sub(r"(.)\1+", r"\1", word[0] + rest)


def latin_forms(text: str) -> tuple[str, str]:
    """(Latin form, skeleton) of a text in any script."""
    text = unicodedata.normalize("NFKC", text)
    latin: list[str] = []
    skeleton: list[str] = []
    for word in text.split():
        if _HAN.search(word):
            latin_word: list[str] = []
            skel_word: list[str] = []
            for part in re.split(f"({_HAN.pattern})", word):
                if not part:
                    continue
                syllables = _pinyin(part) if _HAN.fullmatch(part) else (part,)
                latin_word += syllables
                skel_word += [_skeleton(s) for s in syllables]
            latin.append("".join(latin_word))
            skeleton.append("".join(skel_word))
        else:
            form = uyghur_latin(word) if _ARABIC_SCRIPT.search(word) else word
            latin.append(_fold(form))
            skeleton.append(_skeleton(form))
    return " ".join(w for w in latin if w), " ".join(w for w in skeleton if w)


def search_keys(text: str) -> list[str]:
    """The keys a text is indexed (or searched) under besides itself, longest first."""
    original = unicodedata.normalize("NFKC", text).casefold()
    keys: list[str] = []
    for line in text.splitlines():
        for key in latin_forms(line):
            if key and key != original and key not in keys and len(key) >= MIN_KEY:
                keys.append(key)
    if original != text.casefold() and original not in keys:
        keys.insert(0, original)  # presentation forms and other compatibility characters
    return keys


def with_search_keys(text: str) -> str:
    """``text`` followed by its search keys, as ``search_text`` stores it."""
    keys = search_keys(text)
    return text + ("\n" + "\n".join(keys) if keys else "")


def same_name_key(name: str) -> str:
    """A key under which spellings of one name in different scripts compare equal."""
    return latin_forms(name)[1].replace(" ", "")
