"""Detection of personal data typed into free text: names, phone numbers, ID-document numbers.

Worker notes are written in a hurry, in English, Chinese, Uyghur or a mix. Before a note leaves the
device, its narrative is scanned here; every hit is a span ``(start, end, kind)`` that the GUI
highlights and the redaction layer uses to hold the note back until the auditor has looked
at it (see ``core.redaction``). Detection is deliberately generous for numbers (a false alarm
costs one click, a miss can cost a worker's safety) and cue-based for names (names are only
recognisable from context: "my name is", "Mr.", "叫", "姓", a job title before a name; in
Uyghur "ئىسمى" (his/her name), a name before "ئاتلىق"/"دېگەن" (named) or before a form of
address such as "ئەپەندى" or "خانىم"; for ID numbers "كىملىك" (identity card), "پاسپورت").

Phone numbers are found with ``phonenumbers`` (Google's libphonenumber metadata, pure Python);
the cue rules for names and labelled numbers are our own. The same text always gives the same
spans.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal, NamedTuple

import phonenumbers

PiiKind = Literal["name", "phone", "id_number"]
KINDS: tuple[PiiKind, ...] = ("name", "phone", "id_number")


class PiiSpan(NamedTuple):
    start: int
    end: int
    kind: PiiKind

    def text(self, source: str) -> str:
        return source[self.start : self.end]


# --- names -------------------------------------------------------------------------------

# The most common Chinese surnames (covers the large majority of the population).
CHINESE_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛"
    "郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁"
    "蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂"
    "全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_CJK = "\u4e00-\u9fff"
_SURNAMES = "".join(sorted(CHINESE_SURNAMES))
# Chinese job titles and forms of address that follow a surname: 王经理, 李师傅, 张主任.
_CN_TITLES = (
    "经理|师傅|主任|老板|班长|组长|厂长|队长|书记|老师|先生|女士|小姐|阿姨|大姐|大哥|主管|工头"
)
_LATIN_WORD = r"(?:[A-Z]['’])?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_LATIN_NAME = rf"{_LATIN_WORD}(?:\s+{_LATIN_WORD}){{0,2}}"
_HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Mister|Madam|Mme|Mlle|Sir)"
_EN_CUES = (
    r"(?i:my\s+name\s+is|her\s+name\s+is|his\s+name\s+is|their\s+name\s+is|name\s+is|"
    r"name['’]s|"
    r"names?\s+was|named|called|known\s+as|name\s*:|I\s+am|I'm)"
)
_EN_ROLES = (
    r"(?i:supervisor|manager|team\s+leader|line\s+leader|foreman|forewoman|boss|worker|"
    r"colleague|roommate|broker|recruiter|guard|cadre|official|officer|director|chief)"
)

_NAME_PATTERNS: list[tuple[re.Pattern[str], int]] = [
    # "Mr. Ahmed Khan", "Dr Li"
    (re.compile(rf"\b{_HONORIFICS}\.?\s+({_LATIN_NAME})"), 1),
    # "my name is Aynur Tohti", "called Gulnar"
    (re.compile(rf"\b{_EN_CUES}\s+({_LATIN_NAME})"), 1),
    # "supervisor Zhang Wei", "the broker Ma"
    (re.compile(rf"\b{_EN_ROLES}\s+({_LATIN_NAME})"), 1),
    # 名叫张伟 / 名字是李娜 / 姓名：王芳 / 叫做陈明
    (
        re.compile(
            rf"(?:名叫|叫做|名字是|名字叫|姓名(?:是|为|[:：])?|名为|联系人[:：]?)\s*([{_CJK}]{{2,4}})"
        ),
        1,
    ),
    # 叫王小明 (叫 alone is also a verb, so the next character must be a surname)
    (re.compile(rf"(?<![名])叫\s*([{_SURNAMES}][{_CJK}]{{1,2}})"), 1),
    # 姓王 (the surname alone is already a clue, with the place and the job)
    (re.compile(rf"(?<![百])姓\s*([{_SURNAMES}])"), 1),
    # 王经理, 李师傅
    (re.compile(rf"([{_SURNAMES}](?:{_CN_TITLES}))"), 1),
]

# Uyghur (Arabic script): one to three words of a name.
_UG_WORD = r"[\u0626-\u064A\u0674-\u06D5\u06FA-\u06FF]+"
_UG_NAME = rf"{_UG_WORD}(?:[ \-]{_UG_WORD}){{0,2}}"
# ئىسمى ئايگۈل, ئىسمىم ..., ئىسىم-فامىلىسى: ..., نامى ...
_UG_CUES = r"(?:ئىسمى|ئىسمىم|ئىسمىڭىز|ئىسىم-فامىلىسى|ئىسىم فامىلىسى|فامىلىسى|ئىسىم)"
# Name *before* the cue: ئەخمەت ئاتلىق ئىشچى ("a worker named Ahmet"), ... دېگەن
_UG_AFTER_NAME = r"(?:ئاتلىق|دېگەن|ئىسىملىك)"
# Forms of address and titles that follow a name: ... ئەپەندى (Mr), ... خانىم (Ms), ... باشلىق
_UG_TITLES = r"(?:ئەپەندى|خانىم|ھاجىم|ئاكا|ئاچا|باشلىق|مۇدىر|كادىر|ئۇستام)"
_NAME_PATTERNS += [
    (re.compile(rf"{_UG_CUES}\s*[:：]?\s*({_UG_NAME})"), 1),
    (re.compile(rf"(?<![\u0600-\u06FF])({_UG_WORD}(?: {_UG_WORD})?) {_UG_AFTER_NAME}"), 1),
    (re.compile(rf"(?<![\u0600-\u06FF])({_UG_WORD}) {_UG_TITLES}(?![\u0600-\u06FF])"), 1),
]

# Words after a cue that are not names ("I am Uyghur", "called Monday").
_NOT_NAMES = frozenset(
    {
        "The", "A", "An", "He", "She", "They", "We", "It", "This", "That", "Not", "Very",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Uyghur", "Kazakh", "Han", "Hui",
        "Chinese", "Muslim", "Tibetan", "Kyrgyz", "Worker", "Workers", "Police",
        # Uyghur: "no", "unknown", "not clear", "a", "this", "that", "worker", "the"
        "يوق", "نامەلۇم", "ئېنىق", "ئېنىق ئەمەس", "بىر", "بۇ", "ئۇ", "ئىشچى", "ئىشچىلار",
    }
)  # fmt: skip


def _names(text: str) -> list[PiiSpan]:
    out: list[PiiSpan] = []
    for pattern, group in _NAME_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if end <= start:
                continue
            value = text[start:end]
            words = value.split()
            while words and words[-1] in _NOT_NAMES:
                words.pop()
            if not words or words[0] in _NOT_NAMES:
                continue
            end = start + len(" ".join(words)) if len(words) < len(value.split()) else end
            out.append(PiiSpan(start, end, "name"))
    return out


# --- phone numbers -------------------------------------------------------------------------

# Numbers written without a country code are read as Chinese ones (most notes are about
# sites in China); numbers with one are read for their own country.
PHONE_REGION = "CN"
_WORD_ASCII = re.compile(r"[0-9A-Za-z]")

_PHONE_CUE = re.compile(
    r"(?i:phone|tel\.?|telephone|mobile|cell|whatsapp|wechat|contact|number|call)|"
    r"电话|手机|联系方式|微信|号码|手机号|座机|"
    r"تېلېفون|يانفون|قول تېلېفون|ئۈندىدار|ۋىچات|ئالاقىلىشىش"
)
_LABELLED_PHONE = re.compile(
    rf"(?:{_PHONE_CUE.pattern})\s*(?:no\.?|number|号|نومۇرى|نومۇر)?\s*[:：#]?\s*"
    r"(\(?\+?\d[\d\s\-().]{5,20}\d)"
)


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def _phones(text: str) -> list[PiiSpan]:
    """Numbers that libphonenumber finds valid (for their country, or for China without a
    country code) and that stand alone (not part of a code like ``CN2021044AB12``), and any
    number written after a phone cue ("WhatsApp:", "电话"), valid or not: a false alarm costs
    a click, a miss can cost a worker's safety."""
    out: list[PiiSpan] = []
    matcher = phonenumbers.PhoneNumberMatcher(
        text, PHONE_REGION, leniency=phonenumbers.Leniency.VALID, max_tries=1000
    )
    for found in matcher:
        before = text[found.start - 1] if found.start else " "
        after = text[found.end] if found.end < len(text) else " "
        if not (_WORD_ASCII.match(before) or _WORD_ASCII.match(after)):
            out.append(PiiSpan(found.start, found.end, "phone"))
    for match in _LABELLED_PHONE.finditer(text):
        start, end = match.span(1)
        if 7 <= _digits(text[start:end]) <= 15:
            out.append(PiiSpan(start, end, "phone"))
    return out


# --- ID-document numbers -----------------------------------------------------------------

_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def chinese_id_valid(value: str) -> bool:
    """Whether an 18-character Chinese resident ID number has a correct check character."""
    value = value.upper()
    if len(value) != 18 or not value[:17].isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11] == value[17]


_CN_ID = re.compile(r"(?<![\dA-Za-z])\d{6}(?:\s?\d{4}){2}\s?\d{3}[\dXx](?![\dA-Za-z])")
# Chinese passports (E12345678, EA1234567) and the old G-series.
_CN_PASSPORT = re.compile(r"(?<![\dA-Za-z])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![\dA-Za-z])")
_ID_CUE = (
    r"(?i:passport|identity\s+card|id\s+card|id|identity|document|card|residence\s+permit|"
    r"hukou|employee|badge|staff)|身份证|护照|证件|工号|户口|居住证|员工号|工牌|"
    r"كىملىك(?: كارتىسى)?|پاسپورت|گۇۋاھنامە|خىزمەت نومۇرى|ئىشچى نومۇرى|نوپۇس"
)
_LABELLED_ID = re.compile(
    rf"(?:{_ID_CUE})\s*(?:(?i:no\.?|number|num|#)|号码|号|نومۇرى|نومۇر)?\s*[:：#是为]?\s*"
    r"([A-Z0-9](?:[A-Z0-9]|[\s\-](?=[A-Z0-9])){4,24})"
)


def _ids(text: str) -> list[PiiSpan]:
    out: list[PiiSpan] = []
    # A long bare run of digits is an ID or account number more often than not (a mobile
    # number is left to the phone rules).
    for match in re.finditer(r"(?<![\d.,])\d{9,}(?![\d.,])", text):
        if not re.fullmatch(r"1[3-9]\d{9}", match.group(0)):
            out.append(PiiSpan(match.start(), match.end(), "id_number"))
    for match in _CN_ID.finditer(text):
        if chinese_id_valid(re.sub(r"\s", "", match.group(0))):
            out.append(PiiSpan(match.start(), match.end(), "id_number"))
    for match in _CN_PASSPORT.finditer(text):
        out.append(PiiSpan(match.start(), match.end(), "id_number"))
    for match in _LABELLED_ID.finditer(text):
        start, end = match.span(1)
        if _digits(text[start:end]) >= 5:
            out.append(PiiSpan(start, end, "id_number"))
    return out


# --- public API ----------------------------------------------------------------------------

_PRIORITY: dict[str, int] = {"id_number": 0, "phone": 1, "name": 2}


def detect(text: str | None) -> list[PiiSpan]:
    """Spans of personal data in ``text``, sorted, without overlaps.

    Where two detections overlap, ID numbers win over phone numbers, phone numbers over
    names, and a longer span over a shorter one.
    """
    if not text:
        return []
    found = _ids(text) + _phones(text) + _names(text)
    found.sort(key=lambda s: (_PRIORITY[s.kind], -(s.end - s.start), s.start))
    kept: list[PiiSpan] = []
    for span in found:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept)


def has_pii(text: str | None) -> bool:
    return bool(detect(text))


def mask(text: str, spans: list[PiiSpan] | None = None) -> str:
    """``text`` with every detected span replaced by a placeholder such as ``[name]``."""
    spans = detect(text) if spans is None else spans
    out: list[str] = []
    pos = 0
    for span in sorted(spans):
        out.append(text[pos : span.start])
        out.append(f"[{span.kind.replace('_', ' ')}]")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


def digest(text: str | None) -> str:
    """A fingerprint of a narrative: an acknowledgement holds for exactly this text."""
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()
