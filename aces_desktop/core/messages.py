"""Messages users can meet, each with a stable code, in English.

Code deep inside the application says *which* message with which parameters
(``WRONG_PASSPHRASE()``, ``NOT_ONE_OF(value, choices)``); the result is a ``Text``: a ``str``
holding the English words, which the CLI prints as they are, and which remembers its message
and parameters, so that the GUI can show it in the user's language (Qt's translator, context
"Errors", the code as disambiguation: ``ui.i18n.translate_text``).

Placeholders are Qt's: ``%1``, ``%2`` ... A parameter that is itself a ``Text`` is
translated too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PLACEHOLDER = re.compile(r"%(\d)")


def fill(template: str, *params: object) -> str:
    """Replace ``%1`` ... ``%9`` in one pass (a parameter holding "%2" stays as it is)."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1)) - 1
        return str(params[index]) if 0 <= index < len(params) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


@dataclass(frozen=True)
class Message:
    code: str
    english: str

    def __call__(self, *params: object) -> Text:
        return Text(self, params)


class Text(str):
    """The English words of a message with its parameters; compares and prints as a str.

    ``sentence`` starts it with a capital letter, for a message shown on its own (most are
    written to follow a field's name)."""

    message: Message
    params: tuple[object, ...]
    sentence: bool

    def __new__(
        cls, message: Message, params: tuple[object, ...] = (), sentence: bool = False
    ) -> Text:
        text = fill(message.english, *params)
        self = super().__new__(cls, capitalised(text) if sentence else text)
        self.message = message
        self.params = params
        self.sentence = sentence
        return self

    def as_sentence(self) -> Text:
        return Text(self.message, self.params, sentence=True)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its message (results and errors cross to worker processes)."""
        return (Text, (self.message, self.params, self.sentence))


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """``text`` to be shown on its own: with a capital letter, still translatable."""
    return text.as_sentence() if isinstance(text, Text) else capitalised(text)


def _m(code: str, english: str) -> Message:
    return Message(code, english)


# --- opening a workspace ---------------------------------------------------------------------
WRONG_PASSPHRASE = _m("wrong_passphrase", "Wrong passphrase for this workspace.")
WRONG_RECOVERY_PASSPHRASE = _m("wrong_recovery_passphrase", "Wrong recovery passphrase.")
KEY_DOES_NOT_FIT = _m(
    "key_does_not_fit",
    "The workspace database does not open with this key: the key file does not belong to it, "
    "or the database is damaged.",
)
WAIT_BEFORE_NEXT = _m("wait_before_next", "%1 Wait %2 before the next attempt.")
TOO_MANY_ATTEMPTS = _m(
    "too_many_attempts", "Too many wrong passphrases. Wait %1 before trying again."
)
SECONDS = _m("seconds", "%1 seconds")
ONE_SECOND = _m("one_second", "1 second")
MINUTES = _m("minutes", "%1 minutes")
NO_WORKSPACE = _m("no_workspace", "There is no workspace at %1.")
NOT_A_WORKSPACE = _m("not_a_workspace", "%1 is not an ACES workspace (expected %2 and %3 in it).")
WORKSPACE_EXISTS = _m(
    "workspace_exists", "%1 already exists and is not empty; choose a new folder."
)
WORKSPACE_LOCKED = _m("workspace_locked", "The workspace is locked; unlock it with its passphrase.")
SCHEMA_TOO_NEW = _m(
    "schema_too_new",
    "This workspace was saved by a newer version of ACES Desktop (database schema '%1'; this "
    "version knows up to '%2'). Install the newer version to open it. Nothing was changed.",
)
CANCELLED = _m("cancelled", "Cancelled.")

# --- records ---------------------------------------------------------------------------------
NO_RECORD = _m("no_record", "No record with id %1 in this workspace.")
NO_RECORD_TO_DELETE = _m("no_record_to_delete", "No record with id %1 to delete.")
SEALED_NO_DELETE = _m(
    "sealed_no_delete", "This record is sealed and cannot be deleted; add an amendment instead."
)
ALREADY_SEALED = _m("already_sealed", "This visit is already sealed.")
SEALED_NO_CHANGE = _m(
    "sealed_no_change",
    "This record is sealed: it can no longer be changed. Add an amendment to correct it.",
)
VISIT_SEALED = _m(
    "visit_sealed",
    "The visit is sealed: nothing can be added to it. Record a correction as an amendment.",
)

# --- validation: the heading, and one problem of one field -----------------------------------
INVALID_DATA = _m("invalid_data", "Invalid data")
MORE_PROBLEMS = _m("more_problems", "... and %1 more problem(s)")
FIELD_PROBLEM = _m("field_problem", "field '%1': %2")
RECORD_FIELD_PROBLEM = _m("record_field_problem", "%1, field '%2': %3")
REQUIRED = _m("required", "is required")
FIELD_REQUIRED = _m("field_required", "This field is required.")
NOT_A_FIELD = _m("not_a_field", "is not a field of this record")
MUST_BE_OBJECT = _m("must_be_object", "must be an object")
MUST_BE_OBJECT_GOT = _m("must_be_object_got", "must be an object, got %1")
UNKNOWN_RECORD_TYPE = _m("unknown_record_type", "unknown record type '%1'")
MUST_BE_TEXT = _m("must_be_text", "must be text, got %1")
NOT_ONE_OF = _m("not_one_of", "'%1' is not one of: %2")
NOT_A_RECORD_ID = _m("not_a_record_id", "'%1' is not a record id")
TOO_LONG = _m("too_long", "is %1 characters long; the limit is %2")
CONTROL_CHARACTERS = _m("control_characters", "contains control characters")
INVISIBLE_CHARACTER = _m(
    "invisible_character",
    "contains the invisible character %1 (%2), which can change how the text reads; remove it",
)
MUST_BE_WHOLE_NUMBER = _m("must_be_whole_number", "must be a whole number, got %1")
MUST_BE_NUMBER = _m("must_be_number", "must be a number, got %1")
# --- gates of a company rating (core.scoring.engine), shown in the rating explanation ---------
GATE_STATEMENT_MET = _m(
    "gate_statement_met",
    "statement meets the legal minimum (published, board-approved, signed); no points by itself",
)
GATE_STATEMENT_MISSING = _m(
    "gate_statement_missing", "no current statement meeting the legal minimum: score capped at %1"
)
GATE_MEMBERSHIP_CREDIT = _m(
    "gate_membership_credit",
    "%1 active membership(s) earn credit in %2 in proportion to the initiative's Accountable score",
)
GATE_NO_ASSURANCE = _m(
    "gate_no_assurance", "%1 audit(s) in the Uyghur Region earn no credit for %2"
)
GATE_ASSURANCE_OK = _m("gate_assurance_ok", "no audits in regions without credible assurance")
GATE_NON_RESPONSIVE = _m(
    "gate_non_responsive", "tagged %1: no outreach request answered within %2 days"
)
GATE_RESPONSES = _m("gate_responses", "%1 of %2 due requests answered within %3 days")

# --- a value typed as one line of text (core.field_text) -------------------------------------
TEXT_NOT_WHOLE_NUMBER = _m(
    "text_not_whole_number", "'%1' is not a whole number; type digits only, e.g. 1250"
)
TEXT_NOT_NUMBER = _m("text_not_number", "'%1' is not a number; type e.g. 31.25")
TEXT_NOT_YES_NO = _m("text_not_yes_no", "'%1' is not yes or no")
TEXT_NOT_KEY_VALUE = _m("text_not_key_value", "'%1' needs the form key = value")
MUST_BE_FINITE = _m("must_be_finite", "must be a finite number")
MUST_BE_BOOL = _m("must_be_bool", "must be true or false, got %1")
MUST_BE_DATE = _m("must_be_date", "must be a date (YYYY-MM-DD), got %1")
NOT_A_DATE = _m("not_a_date", "'%1' is not a date in the form YYYY-MM-DD")
DATE_FORM = _m("date_form", "must be a date in the form YYYY-MM-DD")
DATE_OUT_OF_RANGE = _m("date_out_of_range", "%1 is out of range: dates run from %2 to %3")
MUST_BE_LIST = _m("must_be_list", "must be a list, got %1")
TOO_MANY_ENTRIES = _m("too_many_entries", "has %1 entries; the limit is %2")
ENTRY_PROBLEM = _m("entry_problem", "entry %1 %2")
MUST_BE_NAMES = _m("must_be_names", "must be a list of names, got %1")
NAME_SHAPE = _m("name_shape", 'each name must be {"text": ..., "lang": ...}')
NAME_PROBLEM = _m("name_problem", "name %1: %2")
IS_EMPTY = _m("is_empty", "is empty")
NOT_A_LANGUAGE = _m("not_a_language", "name %1: '%2' is not a language tag")
TOO_MANY_KEYS = _m("too_many_keys", "has %1 keys; the limit is %2")
BAD_FACT_KEY = _m("bad_fact_key", "key '%1' must be lowercase letters, digits or _")
FACT_TOO_LONG = _m("fact_too_long", "'%1' is longer than %2 characters")
FACT_PROBLEM = _m("fact_problem", "'%1' %2")
BAD_FACT_VALUE = _m("bad_fact_value", "'%1' must be text, a number, true/false or null")
AT_LEAST = _m("at_least", "must be at least %1")
AT_MOST = _m("at_most", "must be at most %1")
NOT_OS_HUB_ID = _m(
    "not_os_hub_id",
    "not an Open Supply Hub id (two letters, seven digits, six letters or digits, "
    "e.g. CN2019303BQ3FZP)",
)
OS_HUB_COUNTRY = _m("os_hub_country", "starts with '%1' but the site's country is '%2'")
NOT_A_COUNTRY = _m("not_a_country", "must be a two-letter ISO 3166 country code, e.g. CN")
NOT_A_URL = _m("not_a_url", "must be a web address starting with http:// or https://")
NOT_SHA256 = _m("not_sha256", "must be 64 lowercase hexadecimal digits")
UNKNOWN_CRITERION = _m("unknown_criterion", "unknown criterion '%1'")
ENDS_BEFORE_START = _m("ends_before_start", "%1 ends before it starts")
THE_PERIOD = _m("the_period", "the period")
THE_MEMBERSHIP = _m("the_membership", "the membership")
THE_COVERAGE = _m("the_coverage", "the coverage")
THE_VISIT = _m("the_visit", "the visit")
THE_REQUEST = _m("the_request", "the request")
BOTH_COORDINATES = _m("both_coordinates", "give both latitude and longitude, or neither")
LEVEL_REQUIRED = _m("level_required", "a level from 0 to 4 is required for this criterion")
REFERS_TO_MISSING = _m("refers_to_missing", "refers to %1, which does not exist")
SITE_OF_VISIT = _m("site_of_visit", "must be the site of the finding's visit")

# --- sync bundles: why one is refused (each follows "<file> is refused: ") --------------------
BUNDLE_REFUSED = _m("bundle_refused", "%1 is refused: %2.")
DEVICE_REVISION = _m("device_revision", "device %1 revision %2")
BUNDLE_FROM_ITSELF = _m("bundle_from_itself", "it was made by this workspace itself")
BUNDLE_FROM_REVOKED = _m("bundle_from_revoked", "it comes from '%1', a device revoked on %2 (%3)")
BUNDLE_FROM_UNTRUSTED = _m(
    "bundle_from_untrusted",
    "it comes from a device this workspace does not trust (%1); add its identity file to the "
    "trusted devices first, after comparing fingerprints",
)
NO_TRUSTED_DEVICE = _m(
    "no_trusted_device",
    "This workspace trusts no device yet: add the identity file of a field device first.",
)
NO_TRUSTED_COORDINATOR = _m(
    "no_trusted_coordinator",
    "This workspace trusts no coordinator yet: add the coordinator's identity file first.",
)
BUNDLE_WRONG_FINGERPRINT = _m(
    "bundle_wrong_fingerprint",
    "the sender's key fingerprint does not match the trusted key of '%1'",
)
BUNDLE_FORGED = _m(
    "bundle_forged",
    "its signature is not valid for the trusted key of '%1': the bundle was altered or forged",
)
BUNDLE_NEWER_SCHEMA = _m(
    "bundle_newer_schema",
    "it was made with a newer record schema (version %1; this version of ACES Desktop knows "
    "%2); update ACES Desktop",
)
BUNDLE_OTHER_ORGANISATION = _m(
    "bundle_other_organisation",
    "it belongs to another organisation or workspace (replayed from elsewhere?)",
)
BUNDLE_OTHER_RECIPIENT = _m(
    "bundle_other_recipient", "it was made for another workspace, not for this one"
)
BUNDLE_FORMAT_1 = _m(
    "bundle_format_1",
    "it uses bundle format version 1, made by an older version of ACES Desktop without "
    "authorship signatures; update ACES Desktop on the sending device and export the bundle "
    "again",
)
BUNDLE_FORMAT_NEWER = _m(
    "bundle_format_newer",
    "it uses bundle format version %1, newer than this version of ACES Desktop reads (%2); "
    "update ACES Desktop to merge it",
)
BUNDLE_TRUNCATED = _m("bundle_truncated", "it is truncated: the signed manifest is missing")
MEMBER_NOT_LISTED = _m("member_not_listed", "member '%1' is not listed in the signed manifest")
MEMBER_ALTERED = _m("member_altered", "member '%1' does not match its SHA-256 in the manifest")
MEMBER_MISSING = _m("member_missing", "member '%1' listed in the manifest is missing")
DECOMPRESSION_BOMB = _m(
    "decompression_bomb",
    "member '%1' expands to more than %2 bytes when decompressed (a decompression bomb?)",
)
MANIFEST_CREATED_AT = _m("manifest_created_at", "the manifest's 'created_at': %1")
NOT_A_REAL_TIME = _m("not_a_real_time", "'%1' is not a real UTC time (from %2 on)")
TIME_AHEAD = _m(
    "time_ahead",
    "its time %1 is more than %2 hours ahead of this computer's clock (is the sending "
    "device's clock wrong?)",
)
NOT_A_REAL_TIMESTAMP = _m("not_a_real_timestamp", "%1: 'time' is not a real UTC timestamp (%2)")
CLOCK_TOO_FAR_AHEAD = _m(
    "clock_too_far_ahead",
    "%1: its logical clock (%2) is further ahead of this workspace's (%3) than any honest "
    "device could be",
)
PARENT_MISSING = _m("parent_missing", "%1: it names a parent revision that does not exist (%2…)")
PARENT_OF_OTHER_RECORD = _m(
    "parent_of_other_record", "%1: it names as parent a revision of another record"
)
NOT_THE_SENDERS_OWN = _m(
    "not_the_senders_own",
    "%1: it carries revisions written by another device than its sender '%2' (a field device "
    "sends only its own)",
)

# --- importing records from a file -----------------------------------------------------------
NO_FILE = _m("no_file", "There is no file %1.")
CANNOT_READ = _m("cannot_read", "Cannot read %1: %2.")
IMPORT_TOO_LARGE = _m("import_too_large", "%1 is %2 MB; import files are limited to %3 MB.")
NOT_UTF8 = _m(
    "not_utf8",
    "%1 is not valid UTF-8 text: byte %2 (line %3) cannot be decoded. Save the file as UTF-8 "
    "and try again.",
)
IMPORT_NOT_OBJECT = _m("import_not_object", "%1: the file must hold one JSON object.")
IMPORT_WRONG_FORMAT = _m(
    "import_wrong_format", '%1: "format" must be "%2" (see docs/import-format.md).'
)
IMPORT_WRONG_VERSION = _m(
    "import_wrong_version",
    "%1: import format version %2 is not supported; this version of ACES Desktop reads version %3.",
)
IMPORT_UNKNOWN_SECTIONS = _m("import_unknown_sections", "%1: unknown section(s) %2; known: %3.")
IMPORT_SECTION_NOT_LIST = _m("import_section_not_list", '%1: "%2" must be a list of records.')
IMPORT_ITEM_NOT_OBJECT = _m("import_item_not_object", "%1: %2[%3] must be an object.")
IMPORT_INVALID_VALUES = _m("import_invalid_values", "%1 has invalid values")
NOTHING_IMPORTED = _m("nothing_imported", "Nothing was imported; the file has problems")
CSV_PROBLEM = _m("csv_problem", "%1: line %2: %3.")
CSV_NO_HEADER = _m("csv_no_header", "%1: the CSV file has no header row.")
CSV_UNKNOWN_COLUMNS = _m("csv_unknown_columns", "%1: unknown column(s) %2.")
CSV_COLUMN_TWICE = _m(
    "csv_column_twice",
    "%1: line 1: the header names column(s) %2 more than once; each column may appear only once.",
)
CSV_TOO_MANY_VALUES = _m(
    "csv_too_many_values", "%1: line %2 has more values than the header has columns."
)
JSON_TOO_DEEP = _m("json_too_deep", "%1: JSON nested more than %2 levels deep at %3.")
JSON_LONG_NUMBER = _m(
    "json_long_number",
    "%1: a number of %2 characters at %3; numbers are limited to %4 characters.",
)
JSON_KEY_TWICE = _m(
    "json_key_twice",
    '%1: the key "%2" appears twice in one object (again at %3); each key may appear only once.',
)
JSON_INVALID_AT = _m("json_invalid_at", "%1 is not valid JSON: %2 at line %3, column %4.")
JSON_INVALID = _m("json_invalid", "%1 is not valid JSON: %2.")

MESSAGES: dict[str, Message] = {
    m.code: m for m in list(globals().values()) if isinstance(m, Message)
}
