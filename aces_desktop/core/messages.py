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
IMPORT_FILE_CHANGED = _m(
    "import_file_changed",
    "%1 changed while it was being imported; nothing was imported. Import it again when "
    "nothing is writing to it.",
)
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


# --- sync/verify.py -------------------------------------------------------------
MEMBER_LARGER_BYTES = _m("member_larger_bytes", "member '%1' is larger than %2 bytes")
MEMBER_TRUNCATED_GZIP_STREAM = _m(
    "member_truncated_gzip_stream", "member '%1' is a truncated gzip stream"
)
MEMBER_DOES_NOT_END_NEWLINE = _m(
    "member_does_not_end_newline", "member '%1' does not end with a newline"
)
FORMAT_MEMBER_NOT_ACES_BUNDLE = _m(
    "format_member_not_aces_bundle", "its FORMAT member is not an ACES bundle format line"
)
USES_UNKNOWN_BUNDLE_FORMAT_VERSION = _m(
    "uses_unknown_bundle_format_version", "it uses an unknown bundle format version %1"
)
MANIFEST_NOT_JSON_OBJECT = _m("manifest_not_json_object", "the manifest is not a JSON object")
MANIFEST_DOES_NOT_DESCRIBE_ACES = _m(
    "manifest_does_not_describe_aces", "the manifest does not describe an ACES bundle"
)
MANIFEST_NAMES_BUNDLE_FORMAT_VERSION = _m(
    "manifest_names_bundle_format_version",
    "the manifest names bundle format version %1; this version of ACES Desktop reads version %2",
)
MANIFEST_DOES_NOT_NAME_SENDER = _m(
    "manifest_does_not_name_sender", "the manifest does not name its sender device"
)
MANIFEST_NO_MEMBER_LIST = _m("manifest_no_member_list", "the manifest has no member list")
MANIFEST_BUNDLE_ID_NOT_VALID = _m(
    "manifest_bundle_id_not_valid", "the manifest's 'bundle_id' is not a valid id"
)
MANIFEST_NO_VALID_FULL = _m("manifest_no_valid_full", "the manifest has no valid 'full'")
MANIFEST_SENDER_MALFORMED_NAMES_ANOTHER = _m(
    "manifest_sender_malformed_names_another",
    "the manifest's sender is malformed or names another role",
)
MANIFEST_ACKNOWLEDGEMENTS_MALFORMED = _m(
    "manifest_acknowledgements_malformed", "the manifest's acknowledgements are malformed"
)
MANIFEST_NO_REVISION_RANGES = _m(
    "manifest_no_revision_ranges", "the manifest has no revision ranges"
)
REVISIONS_DO_NOT_MATCH_RANGES = _m(
    "revisions_do_not_match_ranges", "the revisions do not match the ranges in the signed manifest"
)
MANIFEST_COUNTS_MALFORMED = _m("manifest_counts_malformed", "the manifest's counts are malformed")
MEMBER_DATA_AFTER_GZIP_STREAM = _m(
    "member_data_after_gzip_stream", "member '%1' has data after its gzip stream"
)
MEMBER_LINE_LONGER_LIMIT = _m(
    "member_line_longer_limit", "member '%1' has a line longer than the limit"
)
HOLDS_NO_MEMBERS = _m("holds_no_members", "it holds no members")
MANIFEST_MEMBER_LIST_MALFORMED = _m(
    "manifest_member_list_malformed", "the manifest's member list is malformed"
)
MANIFEST_LISTS_MEMBER_TWICE = _m(
    "manifest_lists_member_twice", "the manifest lists member '%1' twice"
)
MANIFEST_RECIPIENTS_MALFORMED = _m(
    "manifest_recipients_malformed", "the manifest's recipients are malformed"
)
DIFFERS_REVISION_ALREADY_RECEIVED_NUMBER = _m(
    "differs_revision_already_received_number",
    "%1: differs from the revision already received with that number (a forged or forked chain)",
)
DOES_NOT_LINK_REVISION_ALREADY = _m(
    "does_not_link_revision_already",
    "%1: does not link to the revision already received before it (a forged or forked chain)",
)
MESSAGE = _m("message", "%1: %2")
MANIFEST_REVISION_RANGES_MALFORMED = _m(
    "manifest_revision_ranges_malformed", "the manifest's revision ranges are malformed"
)
MANIFEST_LISTS_DEVICE_TWICE = _m(
    "manifest_lists_device_twice", "the manifest lists device %1 twice"
)
MEMBER_ATTACHMENTS_BELONGS_NO_ATTACHMENT = _m(
    "member_attachments_belongs_no_attachment",
    "member 'attachments/%1' belongs to no attachment record",
)
ATTACHMENT_BYTES_BUT_RECORD_DECLARES = _m(
    "attachment_bytes_but_record_declares", "attachment %1… is %2 bytes but its record declares %3"
)
NUMBER_DOES_NOT_MATCH_SIGNED = _m(
    "number_does_not_match_signed", "the number of %1 (%2) does not match the signed manifest (%3)"
)
DEVICE_REVISIONS_NOT_CONTIGUOUS = _m(
    "device_revisions_not_contiguous", "%1: the device's revisions are not contiguous"
)
HASH_CHAIN_HOLE_EXPECTED_REVISION = _m(
    "hash_chain_hole_expected_revision", "%1: the hash chain has a hole (expected revision %2)"
)
HASH_CHAIN_BROKEN_FORGED_REORDERED = _m(
    "hash_chain_broken_forged_reordered", "%1: the hash chain is broken (forged or reordered)"
)
ATTACHMENT_DOES_NOT_MATCH_NAME = _m(
    "attachment_does_not_match_name", "attachment %1… does not match its name"
)
MEMBER_NOT_VALID_GZIP = _m("member_not_valid_gzip", "member '%1' is not valid gzip (%2)")
DOES_NOT_START_FORMAT_MEMBER = _m(
    "does_not_start_format_member", "it does not start with the FORMAT member"
)
DEVICE_REVISION_NAMES_PARENT_REVISION = _m(
    "device_revision_names_parent_revision",
    "device %1 revision %2: it names as parent a revision of another record",
)
REFERS_WHICH_NEITHER_BUNDLE_NOR = _m(
    "refers_which_neither_bundle_nor",
    "%1 refers to %2, which is neither in the bundle nor in this workspace (a dangling reference)",
)
MEMBER_OUT_ORDER = _m("member_out_order", "member '%1' is out of order")
MEMBER_OUT_SEQUENCE = _m("member_out_sequence", "member '%1' is out of sequence")
ATTACHMENT_LARGER_LIMIT = _m("attachment_larger_limit", "attachment '%1' is larger than the limit")
MANIFEST_OUT_ORDER = _m("manifest_out_order", "the manifest is out of order")
MANIFEST_LARGER_LIMIT = _m("manifest_larger_limit", "the manifest is larger than its limit")
MEMBER_NOT_PART_BUNDLE_FORMAT = _m(
    "member_not_part_bundle_format", "member '%1' is not part of the bundle format"
)
SIGNATURE_OUT_ORDER = _m("signature_out_order", "the signature is out of order")

# --- sync/wire.py ---------------------------------------------------------------
JSON_VALUE_NOT_FINITE_NUMBER = _m(
    "json_value_not_finite_number", "a JSON value is not a finite number (%1)"
)
REVISION_HEADER_NOT_OBJECT = _m(
    "revision_header_not_object", "%1: the revision header is not an object"
)
REVISION_HEADER_WRONG_FIELDS_UNKNOWN = _m(
    "revision_header_wrong_fields_unknown",
    "%1: the revision header has wrong fields (unknown %2, missing %3)",
)
UNKNOWN_REVISION_FORMAT = _m("unknown_revision_format", "%1: unknown revision format %2")
UNKNOWN_RECORD_TYPE_2 = _m("unknown_record_type_2", "%1: unknown record type '%2'")
PERSON_ID_NOT_VALID_ID = _m("person_id_not_valid_id", "%1: 'person_id' is not a valid id")
UNKNOWN_OPERATION = _m("unknown_operation", "%1: unknown operation '%2'")
PARENTS_MUST_LIST_MOST_HASHES = _m(
    "parents_must_list_most_hashes", "%1: 'parents' must be a list of at most %2 hashes"
)
PARENTS_NOT_SORTED_DISTINCT = _m(
    "parents_not_sorted_distinct", "%1: 'parents' are not sorted and distinct"
)
FIRST_REVISION_DEVICE_LINKS_PREDECESSOR = _m(
    "first_revision_device_links_predecessor",
    "%1: the first revision of a device links to a predecessor",
)
REVISION_DOES_NOT_LINK_PREDECESSOR = _m(
    "revision_does_not_link_predecessor", "%1: the revision does not link to its predecessor"
)
DELETION_CARRIES_CONTENT_HASH = _m(
    "deletion_carries_content_hash", "%1: a deletion carries a content hash"
)
CHANGE_NO_CONTENT_HASH = _m("change_no_content_hash", "%1: a change has no content hash")
LINE_LONGER_BYTES = _m("line_longer_bytes", "%1: the line is longer than %2 bytes")
REVISION_LINE_MUST_OBJECT_H = _m(
    "revision_line_must_object_h", "%1: a revision line must be an object with 'h' and 'c'"
)
JSON_OBJECT_REPEATS_KEY = _m("json_object_repeats_key", "a JSON object repeats the key '%1'")
NOT_VALID_UTF_TEXT_BYTE = _m("not_valid_utf_text_byte", "%1 is not valid UTF-8 text (byte %2)")
NESTED_TOO_DEEPLY = _m("nested_too_deeply", "%1 is nested too deeply")
NOT_VALID_JSON = _m("not_valid_json", "%1 is not valid JSON (%2)")
NOT_VALID_ID = _m("not_valid_id", "%1: '%2' is not a valid id")
MUST_WHOLE_NUMBER = _m("must_whole_number", "%1: '%2' must be a whole number")
OUT_RANGE = _m("out_range", "%1: '%2' is out of range (%3)")
NOT_SHA_HASH = _m("not_sha_hash", "%1: '%2' is not a SHA-256 hash")
PARENT_NOT_SHA_HASH = _m("parent_not_sha_hash", "%1: a parent is not a SHA-256 hash")
DELETION_CARRIES_CONTENT = _m("deletion_carries_content", "%1: a deletion carries content")
CONTENT_NOT_OBJECT = _m("content_not_object", "%1: the content is not an object")
CONTENT_NOT_CANONICAL_FORM = _m(
    "content_not_canonical_form", "%1: the %2 content is not in canonical form"
)
CONTENT_DOES_NOT_MATCH_HASH = _m(
    "content_does_not_match_hash", "%1: the content does not match its hash"
)
CARRIES_WHOSE_CONSENT_KEEPS_DEVICE = _m(
    "carries_whose_consent_keeps_device", "%1: it carries a %2 whose consent keeps it on its device"
)
BUNDLE_CHANGED_WHILE_BEING_MERGED = _m(
    "bundle_changed_while_being_merged", "%1: the bundle changed while it was being merged"
)
CONTENT_INVALID_TEXT_ENCODING = _m(
    "content_invalid_text_encoding", "%1: the content has invalid text encoding"
)

# --- sync/trust.py --------------------------------------------------------------
IDENTITY_FILE_NO_VALID = _m("identity_file_no_valid", "The identity file has no valid '%1'.")
IDENTITY_FILE_MALFORMED = _m("identity_file_malformed", "The identity file's '%1' is malformed.")
TOO_LARGE_IDENTITY_FILE = _m("too_large_identity_file", "%1 is too large to be an identity file.")
NOT_ACES_IDENTITY_FILE = _m("not_aces_identity_file", "%1 is not an ACES identity file.")
USES_IDENTITY_FORMAT_VERSION_VERSION = _m(
    "uses_identity_format_version_version",
    "%1 uses identity format version %2; this version of ACES Desktop reads version %3.",
)
IDENTITY_FILE_DEVICE_WORKSPACE_ID = _m(
    "identity_file_device_workspace_id", "The identity file's device or workspace id is malformed."
)
IDENTITY_FILE_ORGANISATION_ID_MALFORMED = _m(
    "identity_file_organisation_id_malformed", "The identity file's organisation id is malformed."
)
IDENTITY_FILE_NAMES_UNKNOWN_ROLE = _m(
    "identity_file_names_unknown_role", "The identity file names an unknown role '%1'."
)
IDENTITY_FILE_FINGERPRINT_DOES_NOT = _m(
    "identity_file_fingerprint_does_not", "The identity file's fingerprint does not match its keys."
)
IDENTITY_FILE_WORKSPACE_OWN_TRUSTED = _m(
    "identity_file_workspace_own_trusted",
    "That identity file is this workspace's own; it is trusted already.",
)
NO_DEVICE_KNOWN_WORKSPACE_ACES = _m(
    "no_device_known_workspace_aces",
    "No device '%1' is known to this workspace.",
)
WORKSPACE_CANNOT_REVOKE_ITSELF = _m(
    "workspace_cannot_revoke_itself", "A workspace cannot revoke itself."
)
ONLY_COORDINATOR_CAN_REVOKE_DEVICE = _m(
    "only_coordinator_can_revoke_device",
    "Only a coordinator can revoke a device; ask your coordinator to revoke it.",
)
GIVE_REASON_REVOCATION_EXAMPLE_LAPTOP = _m(
    "give_reason_revocation_example_laptop",
    "Give the reason for the revocation (for example: laptop seized).",
)
REASON_LONGER_CHARACTERS = _m(
    "reason_longer_characters", "The reason is longer than %1 characters."
)
NOT_ACES_IDENTITY_FILE_NOT = _m(
    "not_aces_identity_file_not", "%1 is not an ACES identity file (not UTF-8 text)."
)
IDENTITY_FILE_SIGNATURE_NOT_VALID = _m(
    "identity_file_signature_not_valid",
    "The identity file's signature is not valid: it was altered.",
)
IDENTITY_FILE_WORKSPACE_OWN = _m(
    "identity_file_workspace_own", "That identity file is this workspace's own."
)
DEVICE_REVOKED_REVOKED_DEVICE_CANNOT = _m(
    "device_revoked_revoked_device_cannot",
    "Device '%1' (%2) was revoked on %3 (%4). A revoked device cannot be trusted again; to enrol the same person, create a new workspace on their laptop and trust its identity file.",
)
DEVICE_ALREADY_KNOWN_DIFFERENT_KEY = _m(
    "device_already_known_different_key",
    "Device '%1' (%2) is already known with a different key. If it was re-installed, remove the old entry first.",
)
DEVICES_NAMED_GIVE_DEVICE_ID = _m(
    "devices_named_give_device_id",
    "%1 devices are named '%2'; give the device id instead.",
)
ALREADY_REVOKED = _m("already_revoked", "'%1' was already revoked on %2 (%3).")
COORDINATOR_BELONGS_ANOTHER_ORGANISATION_COORDIN = _m(
    "coordinator_belongs_another_organisation_coordin",
    "That coordinator belongs to another organisation than the coordinator(s) this workspace already trusts.",
)

# --- sync/tarstream.py ----------------------------------------------------------
MEMBER_ABSOLUTE_PATH = _m("member_absolute_path", "member '%1' has an absolute path")
MEMBER_TRIES_LEAVE_BUNDLE_PATH = _m(
    "member_tries_leave_bundle_path", "member '%1' tries to leave the bundle (path traversal '..')"
)
BUNDLE_CONTENT_TRUNCATED_ARCHIVE_ENDS = _m(
    "bundle_content_truncated_archive_ends",
    "the bundle content is truncated (archive ends mid-way)",
)
MEMBER_LINK_LINKS_NOT_ALLOWED = _m(
    "member_link_links_not_allowed", "member '%1' is a link; links are not allowed"
)
MEMBER_FOLDER_FOLDERS_NOT_ALLOWED = _m(
    "member_folder_folders_not_allowed", "member '%1' is a folder; folders are not allowed"
)
MEMBER_UNSUPPORTED_TYPE_ONLY_PLAIN = _m(
    "member_unsupported_type_only_plain",
    "member '%1' has an unsupported type (%2); only plain files are allowed",
)
MEMBER_APPEARS_TWICE = _m("member_appears_twice", "member '%1' appears twice")
BUNDLE_MORE_MEMBERS = _m("bundle_more_members", "the bundle has more than %1 members")
MEMBER_NEGATIVE_SIZE = _m("member_negative_size", "member '%1' has a negative size")
BUNDLE_CONTENT_TRUNCATED_MEMBER_ENDS = _m(
    "bundle_content_truncated_member_ends", "the bundle content is truncated (a member ends early)"
)
ARCHIVE_END_MARKER_DAMAGED_TRUNCATED = _m(
    "archive_end_marker_damaged_truncated", "the archive end marker is damaged or truncated"
)
MEMBER_LARGER_LIMIT_BYTES = _m(
    "member_larger_limit_bytes", "member '%1' is larger than its limit of %2 bytes"
)
MEMBER_HEADER_DAMAGED = _m("member_header_damaged", "a member header is damaged (%1)")
THERE_EXTRA_DATA_AFTER_END = _m(
    "there_extra_data_after_end", "there is extra data after the end of the archive"
)

# --- sync/provenance.py ---------------------------------------------------------
MANIFEST_NO_VALID = _m("manifest_no_valid", "the manifest's %1 has no valid '%2'")
MANIFEST_NOT_LIST_OBJECTS = _m(
    "manifest_not_list_objects", "the manifest's '%1' is not a list of objects"
)
MANIFEST_WRONG_FIELDS = _m("manifest_wrong_fields", "the manifest's %1 has wrong fields")
FIELD_DEVICE_BUNDLE_CARRIES_DEVICE = _m(
    "field_device_bundle_carries_device", "a field device's bundle carries device identities"
)
MANIFEST_IDENTITY_DEVICE_MALFORMED = _m(
    "manifest_identity_device_malformed", "the manifest's identity of device %1 is malformed"
)
REVOCATION_DEVICE_NOT_SIGNED_COORDINATOR = _m(
    "revocation_device_not_signed_coordinator",
    "its revocation of device %1 is not signed by a coordinator this workspace knows",
)
REVOCATION_DEVICE_NAMES_ANOTHER_KEY = _m(
    "revocation_device_names_another_key",
    "its revocation of device %1 names another key than the one this workspace knows",
)
MANIFEST_CHAIN_HEAD_NO_VALID = _m(
    "manifest_chain_head_no_valid", "the manifest's chain head has no valid 'legacy'"
)
MANIFEST_LISTS_TWO_CHAIN_HEADS = _m(
    "manifest_lists_two_chain_heads", "the manifest lists two chain heads for device %1"
)
WRITTEN_DEVICE_NO_COORDINATOR_ORGANISATION = _m(
    "written_device_no_coordinator_organisation",
    "%1: it was written by a device that no coordinator of this organisation enrolled",
)
DEVICE_REVISION_WRITTEN_AFTER_REVOKED = _m(
    "device_revision_written_after_revoked",
    "device %1 revision %2: it was written after '%3' was revoked (%4)",
)
DEVICE_REVISION_REVISIONS_NOT_COVERED = _m(
    "device_revision_revisions_not_covered",
    "device %1 revision %2: the revisions are not covered by their author's signature (forged or altered?)",
)
DEVICE_REVISION_SIGNATURE_AUTHOR_OVER = _m(
    "device_revision_signature_author_over",
    "device %1 revision %2: the signature of its author '%3' over these revisions is not valid (forged or altered?)",
)
NAMES_DEVICE_KEY_OTHER_ONE = _m(
    "names_device_key_other_one",
    "it names device %1 ('%2') with a key other than the one this workspace knows",
)

# --- sync/agestream.py ----------------------------------------------------------
ENCRYPTING_BUNDLE_FAILED = _m("encrypting_bundle_failed", "Encrypting the bundle failed (%1).")
EMPTY_NOT_SYNC_BUNDLE = _m("empty_not_sync_bundle", "%1 is empty: it is not a sync bundle.")
LARGER_BUNDLE_SIZE_LIMIT_MB = _m(
    "larger_bundle_size_limit_mb", "%1 is larger than the bundle size limit (%2 MB)."
)
NOT_SYNC_BUNDLE_NOT_AGE = _m(
    "not_sync_bundle_not_age", "%1 is not a sync bundle (it is not an age-encrypted file)."
)
RECIPIENT_KEY_NOT_VALID_AGE = _m(
    "recipient_key_not_valid_age", "A recipient key is not a valid age public key (%1)."
)
EXTRA_DATA_AFTER_END_ENCRYPTED = _m(
    "extra_data_after_end_encrypted", "it has extra data after the end of its encrypted content"
)

# --- sync/export.py -------------------------------------------------------------
WORKSPACE_TRUSTS_NO_DEVICE_YET = _m(
    "workspace_trusts_no_device_yet",
    "This workspace trusts no device yet: add the identity file of a field device first.",
)
NO_TRUSTED_DEVICE_NAMED = _m("no_trusted_device_named", "No trusted device named %1.")
WORKSPACE_TRUSTS_NO_COORDINATOR_YET = _m(
    "workspace_trusts_no_coordinator_yet",
    "This workspace trusts no coordinator yet: add the coordinator's identity file first.",
)
WORKSPACE_DOES_NOT_KNOW_ORGANISATION = _m(
    "workspace_does_not_know_organisation",
    "This workspace does not know its organisation yet: trust a coordinator first.",
)
TOO_LARGE_TRAVEL_BUNDLE_BYTES = _m(
    "too_large_travel_bundle_bytes",
    "The %1 %2 is too large to travel in a bundle (%3 bytes; the limit is %4).",
)
STORED_ATTACHMENT_LARGER_RECORD_SAYS = _m(
    "stored_attachment_larger_record_says", "A stored attachment is larger than its record says."
)
STORED_ATTACHMENT_DOES_NOT_MATCH = _m(
    "stored_attachment_does_not_match", "The stored attachment %1… does not match its record."
)

# --- sync/conflicts.py ----------------------------------------------------------
RECORD_NO_OPEN_CONFLICT = _m("record_no_open_conflict", "Record %1 has no open conflict.")
CHOOSE_VERSION_CHOOSE_REV_GIVE = _m(
    "choose_version_choose_rev_give", "Choose a version (--choose REV) or give combined content."
)
DOES_NOT_NAME_EXACTLY_ONE = _m(
    "does_not_name_exactly_one", "'%1' does not name exactly one version of %2."
)
VERSION_CONTENT_NOT_DEVICE = _m(
    "version_content_not_device", "That version's content is not on this device."
)

# --- sync/duplicates.py ---------------------------------------------------------
CHOOSE_TWO_DIFFERENT_SITES_MERGE = _m(
    "choose_two_different_sites_merge", "Choose two different sites to merge."
)
THERE_NO_DUPLICATE_PAIR_REVIEW = _m(
    "there_no_duplicate_pair_review", "There is no duplicate pair %1 in the review queue."
)
BOTH_RECORDS_MUST_SITES = _m("both_records_must_sites", "Both records must be sites.")

# --- sync/merge.py --------------------------------------------------------------
BUNDLE_CHANGED_WHILE_BEING_MERGED_2 = _m(
    "bundle_changed_while_being_merged_2", "the bundle changed while it was being merged"
)

# --- store/recovery.py ----------------------------------------------------------
GIVE_RECOVERY_PASSPHRASE_SPLIT_RECOVERY = _m(
    "give_recovery_passphrase_split_recovery",
    "Give a recovery passphrase, or split the recovery key into shares.",
)
UNLOCK_WORKSPACE_BEFORE_EXPORTING_RECOVERY = _m(
    "unlock_workspace_before_exporting_recovery",
    "Unlock the workspace before exporting its recovery file.",
)
NOT_ACES_RECOVERY_FILE = _m("not_aces_recovery_file", "%1 is not an ACES recovery file.")
RECOVERY_FILE_VERSION_APPLICATION_READS = _m(
    "recovery_file_version_application_reads",
    "The recovery file has version %1; this application reads version %2. Update the application.",
)
RECOVERY_FILE_DAMAGED_NO_KEY = _m(
    "recovery_file_damaged_no_key", "The recovery file %1 is damaged (no key slots)."
)
GIVE_RECOVERY_PASSPHRASE_SHARES = _m(
    "give_recovery_passphrase_shares", "Give the recovery passphrase or the shares."
)
RECOVERY_FILE_OPENS_ONLY_SHARES = _m(
    "recovery_file_opens_only_shares", "This recovery file opens only with its shares."
)
THERE_NO_WORKSPACE_DATABASE_RECOVERY = _m(
    "there_no_workspace_database_recovery",
    "There is no workspace database at %1: the recovery file restores keys, not records. Point --workspace at the folder holding workspace.db.",
)
CHOOSE_NEW_PASSPHRASE_RESTORED_WORKSPACE = _m(
    "choose_new_passphrase_restored_workspace",
    "Choose a new passphrase for the restored workspace.",
)
RECOVERY_FILE_BELONGS_ANOTHER_WORKSPACE = _m(
    "recovery_file_belongs_another_workspace", "This recovery file belongs to another workspace."
)
GIVE_BOTH_NUMBER_SHARES_THRESHOLD = _m(
    "give_both_number_shares_threshold", "Give both the number of shares and the threshold."
)
SHARES_NEED_THRESHOLD_NUMBER_SHARES = _m(
    "shares_need_threshold_number_shares",
    "Shares need 2 <= threshold <= number of shares <= 16 (got %1 of %2).",
)
THERE_NO_RECOVERY_FILE = _m("there_no_recovery_file", "There is no recovery file at %1.")
NOT_READABLE_ACES_RECOVERY_FILE = _m(
    "not_readable_aces_recovery_file", "%1 It is not a readable ACES recovery file."
)
NOT_READABLE_ACES_RECOVERY_FILE_2 = _m(
    "not_readable_aces_recovery_file_2", "%1 is not a readable ACES recovery file (%2)."
)
RECOVERY_FILE_NOT_SPLIT_INTO = _m(
    "recovery_file_not_split_into",
    "This recovery file was not split into shares; use its passphrase.",
)
DIFFERENT_SHARE_GIVEN_BUT_NEEDED = _m(
    "different_share_given_but_needed",
    "%1 different share(s) given, but %2 of %3 are needed to open this recovery file.",
)
RECOVERY_FILE_DAMAGED = _m("recovery_file_damaged", "The recovery file is damaged (%1).")
SHARES_BELONG_ANOTHER_RECOVERY_FILE = _m(
    "shares_belong_another_recovery_file",
    "The shares belong to another recovery file (they rebuilt a key that does not open this one).",
)
RECOVERY_FILE_DOES_NOT_OPEN = _m(
    "recovery_file_does_not_open",
    "This recovery file does not open the database in %1: it belongs to another workspace, or it was made before a passphrase change gave the database a new key.",
)
SHARES_DO_NOT_FIT_TOGETHER = _m("shares_do_not_fit_together", "The shares do not fit together: %1")

# --- store/attachments.py -------------------------------------------------------
METADATA_CANNOT_REMOVED_IMAGES = _m(
    "metadata_cannot_removed_images", "Metadata cannot be removed from %1 images."
)
PICTURE_TOO_LARGE_PROCESS = _m("picture_too_large_process", "The picture is too large to process.")
PICTURE_CANNOT_READ_REMOVE_METADATA = _m(
    "picture_cannot_read_remove_metadata", "The picture cannot be read to remove its metadata (%1)."
)
LOOKS_LIKE_PICTURE_BUT_CANNOT = _m(
    "looks_like_picture_but_cannot",
    "%1 looks like a %2 picture but cannot be read (is it damaged or cut short?), so its location and camera data cannot be removed. It was not attached; attach it keeping its metadata only on purpose.",
)
LARGER_MB_ATTACH_SMALLER_FILE = _m(
    "larger_mb_attach_smaller_file", "%1 is larger than %2 MB; attach a smaller file."
)

# --- store/keyfile.py -----------------------------------------------------------
PASSPHRASE_REQUIRED = _m("passphrase_required", "A passphrase is required.")
WORKSPACE_KEY_FILE_VERSION_VERSION = _m(
    "workspace_key_file_version_version",
    "The workspace key file has version %1; this version of ACES Desktop reads version 1. Update the application.",
)
WORKSPACE_KEY_FILE_DAMAGED = _m(
    "workspace_key_file_damaged", "The workspace key file is damaged (%1)."
)
WORKSPACE_KEY_FILE_MISSING_WORKSPACE = _m(
    "workspace_key_file_missing_workspace",
    "The workspace key file %1 is missing: the workspace cannot be opened. If you have a recovery file, restore the keys from it.",
)
WORKSPACE_KEY_FILE_CANNOT_READ = _m(
    "workspace_key_file_cannot_read", "The workspace key file %1 cannot be read (%2)."
)

# --- store/rekey.py -------------------------------------------------------------
PASSPHRASE_CHANGE_WORKSPACE_RUNNING_PROCESS = _m(
    "passphrase_change_workspace_running_process",
    "A passphrase change of this workspace is running (process %1); wait until it has finished, then try again.",
)
NEW_PASSPHRASE_EMPTY = _m("new_passphrase_empty", "The new passphrase is empty.")
NEW_PASSPHRASE_SAME_OLD_ONE = _m(
    "new_passphrase_same_old_one", "The new passphrase is the same as the old one."
)
RE_ENCRYPTED_DATABASE_FAILED_CHECK = _m(
    "re_encrypted_database_failed_check",
    "The re-encrypted database failed its check; nothing was changed.",
)
ATTACHMENT_FILE_DAMAGED = _m("attachment_file_damaged", "The attachment file %1 is damaged (%2).")

# --- store/workspace.py ---------------------------------------------------------
ROLE_MUST_FIELD_COORDINATOR_NOT = _m(
    "role_must_field_coordinator_not", "The role must be 'field' or 'coordinator', not '%1'."
)
GIVE_WORKSPACE_NAME = _m("give_workspace_name", "Give the workspace a name.")
ANOTHER_CHANGE_MERGE_IMPORT_BEING = _m(
    "another_change_merge_import_being",
    "Another change (a merge or an import) is being written to the workspace; nothing was saved. Try again when it has finished.",
)
WORKSPACE_LOST_OWN_DEVICE_ENTRY = _m(
    "workspace_lost_own_device_entry", "This workspace has lost its own device entry."
)
WORKSPACE_INCOMPLETE_MISSING = _m(
    "workspace_incomplete_missing", "The workspace is incomplete: its '%1' is missing."
)

# --- store/blobs.py -------------------------------------------------------------
FILE_LARGER_LIMIT_MB = _m("file_larger_limit_mb", "The file is larger than the limit of %1 MB.")
STORED_ATTACHMENT_DOES_NOT_MATCH_2 = _m(
    "stored_attachment_does_not_match_2", "The stored attachment %1… does not match its hash."
)
ATTACHMENT_NOT_WORKSPACE_FILE_STORE = _m(
    "attachment_not_workspace_file_store",
    "The attachment %1… is not in this workspace's file store.",
)
STORED_ATTACHMENT_DAMAGED = _m(
    "stored_attachment_damaged", "The stored attachment %1… is damaged (%2)."
)

# --- store/records.py -----------------------------------------------------------
RECORD_NOT = _m("record_not", "Record %1 is a %2, not a %3.")
STILL_REFERRED_RECORD_DELETE_CHANGE = _m(
    "still_referred_record_delete_change",
    "This %1 is still referred to by %2%3 record(s) (%4); delete or change those first.",
)
RECORD_NOT_VISIT = _m("record_not_visit", "Record %1 is a %2, not a visit.")

# --- store/importer.py ----------------------------------------------------------
FILE_HOLDS_RECORDS_ONE_IMPORT = _m(
    "file_holds_records_one_import", "The file holds %1 records; one import is limited to %2."
)

# --- store/migrations.py --------------------------------------------------------
APPLICATION_DATABASE_MIGRATIONS_MISSING = _m(
    "application_database_migrations_missing", "The application's database migrations are missing."
)
NOT_ACES_WORKSPACE_DATABASE_NO = _m(
    "not_aces_workspace_database_no",
    "%1 is not an ACES workspace database (it has no schema version).",
)
UPGRADING_WORKSPACE_SCHEMA_FAILED_WORKSPACE = _m(
    "upgrading_workspace_schema_failed_workspace",
    "Upgrading the workspace from schema '%1' failed (%2). The workspace is unchanged, and a copy taken before the attempt is at %3.",
)

# --- store/wipe.py --------------------------------------------------------------
NOT_ACES_WORKSPACE_NOTHING_WIPED = _m(
    "not_aces_workspace_nothing_wiped", "%1 is not an ACES workspace; nothing was wiped."
)
NAME_TYPED_DOES_NOT_MATCH = _m(
    "name_typed_does_not_match",
    "The name typed does not match this workspace's name; nothing was wiped. Type the name exactly as it is written.",
)

# --- store/secrets.py -----------------------------------------------------------
WORKSPACE_KEY_MISSING = _m("workspace_key_missing", "The workspace key '%1' is missing.")

# --- store/throttle.py ----------------------------------------------------------
ANOTHER_PROGRAM_BEEN_CHECKING_PASSPHRASE = _m(
    "another_program_been_checking_passphrase",
    "Another program has been checking a passphrase of this workspace for a minute; try again when it has finished.",
)

# --- store/db.py ----------------------------------------------------------------
WORKSPACE_DATABASE_CANNOT_OPENED = _m(
    "workspace_database_cannot_opened", "The workspace database cannot be opened (%1)."
)

# --- store/tempfiles.py ---------------------------------------------------------
TEMPORARY_FILE_WRITTEN_ONCE = _m("temporary_file_written_once", "A temporary file is written once.")

# --- core/passphrase.py ---------------------------------------------------------
PASSPHRASE_NEEDS_LEAST_CHARACTERS = _m(
    "passphrase_needs_least_characters", "The passphrase needs at least %1 characters."
)
PASSPHRASE_TOO_EASY_GUESS_MAKE = _m(
    "passphrase_too_easy_guess_make",
    "The passphrase is too easy to guess: make it longer, or use four or more unrelated words.",
)

# --- reports/issuer.py, reports/external_signers.py (scorecard issuer and signers) ---------
LOGO_TOO_BIG = _m("logo_too_big", "The logo %1 is %2 KB; at most %3 KB.")
LOGO_NOT_PNG_JPEG = _m("logo_not_png_jpeg", "The logo %1 must be a PNG or JPEG picture.")
LOGO_TOO_MANY_PIXELS = _m("logo_too_many_pixels", "The logo %1 is too large (%2×%3 pixels).")
LOGO_UNREADABLE = _m("logo_unreadable", "The logo %1 is not a readable PNG or JPEG picture.")
LOGO_MISSING = _m("logo_missing", "There is no logo file %1.")
LOGO_IS_FOLDER = _m("logo_is_folder", "%1 is a folder, not a logo file.")
PKCS12_MISSING = _m("pkcs12_missing", "There is no PKCS#12 file %1.")
PKCS12_TOO_LARGE = _m("pkcs12_too_large", "%1 is too large to be a PKCS#12 file.")
PKCS12_NOT_OPENED = _m(
    "pkcs12_not_opened",
    "%1 could not be opened: wrong passphrase, or not a PKCS#12 file with a private key and "
    "its certificate.",
)
PKCS11_NO_MODULE = _m("pkcs11_no_module", "There is no PKCS#11 module %1.")
PKCS11_TOKEN_NOT_OPENED = _m(
    "pkcs11_token_not_opened",
    "The PKCS#11 token '%1' could not be opened with %2 (%3). Check the module, the token "
    "label and the PIN.",
)
PKCS11_NO_KEY = _m(
    "pkcs11_no_key", "The token '%1' holds no key and certificate labelled '%2' (%3)."
)
SECRET_NEEDED = _m("secret_needed", "%1 is needed: set $%2 or run the command in a terminal.")


# --- reports/pki.py -------------------------------------------------------------
GIVE_NAME = _m("give_name", "Give the %1 a name.")
NAME_CHARACTERS_LONG_CERTIFICATES_ALLOW = _m(
    "name_characters_long_certificates_allow",
    "The %1 name is %2 characters long; certificates allow %3.",
)
SIGNING_KEY_WORKSPACE_UNEXPECTED_TYPE = _m(
    "signing_key_workspace_unexpected_type",
    "A signing key in this workspace has an unexpected type.",
)
ONLY_COORDINATOR_WORKSPACE_HOLDS_ORGANISATION = _m(
    "only_coordinator_workspace_holds_organisation",
    "Only a coordinator workspace holds the organisation certificate authority; this is a field workspace.",
)
NO_SIGNING_CERTIFICATE_WORKSPACE_ISSUED = _m(
    "no_signing_certificate_workspace_issued",
    "No signing certificate for '%1' in this workspace (issued to: %2); issue one for this person first.",
)
NOT_CERTIFICATE_EXPECTED_PEM_DER = _m(
    "not_certificate_expected_pem_der",
    "%1 is not a certificate (expected a PEM or DER X.509 certificate).",
)

# --- reports/register.py --------------------------------------------------------
EXISTS_NOT_FOLDER_CHOOSE_ANOTHER = _m(
    "exists_not_folder_choose_another", "%1 exists and is not a folder; choose another place."
)
FOLDER_NOT_EMPTY_HOLDS_NO = _m(
    "folder_not_empty_holds_no",
    "The folder %1 is not empty and holds no earlier register (%2 is missing); choose an empty or new folder.",
)
REGISTER_REFUSED_ITEM_CARRIES_SENSITIVE = _m(
    "register_refused_item_carries_sensitive",
    "The register refused an item that carries sensitive fields.",
)

# --- reports/scorecard_data.py --------------------------------------------------
UNKNOWN_KIND_SCORECARD = _m("unknown_kind_scorecard", "Unknown kind of scorecard '%1'.")
THERE_NO_ID_WORKSPACE = _m("there_no_id_workspace", "There is no %1 with id %2 in this workspace.")

# --- reports/scorecard_export.py ------------------------------------------------
THERE_NO_ID_WORKSPACE_LIST = _m(
    "there_no_id_workspace_list",
    "There is no %1 with id '%2' in this workspace (list them with: aces score --kind %1).",
)
KIND_MUST_ONE_NOT = _m("kind_must_one_not", "The kind must be one of %1, not '%2'.")
EXISTS_NOT_FOLDER = _m("exists_not_folder", "%1 exists and is not a folder.")

# --- reports/signing.py ---------------------------------------------------------
PDF_SIGN_COULD_NOT_READ = _m("pdf_sign_could_not_read", "The PDF to sign could not be read (%1).")

# --- reports/spreadsheets.py ----------------------------------------------------
CANNOT_EXPORT_FILE_NAME_MUST = _m(
    "cannot_export_file_name_must",
    "Cannot export to '%1': the file name must end in .xlsx or .csv.",
)
UNKNOWN_EXPORT_TYPE_CHOOSE_ONE = _m(
    "unknown_export_type_choose_one", "Unknown export type '%1'; choose one of: %2."
)

# --- reports/verify.py ----------------------------------------------------------
NOT_PDF_FILE = _m("not_pdf_file", "%1 is not a PDF file.")
NO_TRUST_ANCHOR_GIVE_CA = _m(
    "no_trust_anchor_give_ca", "No trust anchor: give a CA certificate with --trust."
)
CANNOT_READ_TRUST_CERTIFICATE = _m(
    "cannot_read_trust_certificate", "Cannot read the trust certificate %1: %2."
)
NOT_SIGNED_NO_DIGITAL_SIGNATURE = _m(
    "not_signed_no_digital_signature", "%1 is not signed: it has no digital signature."
)
LARGER_MB = _m("larger_mb", "%1 is larger than %2 MB.")
FOLDER_NOT_PDF_FILE = _m("folder_not_pdf_file", "%1 is a folder, not a PDF file.")
DAMAGED_TRUNCATED_CANNOT_READ_PDF = _m(
    "damaged_truncated_cannot_read_pdf",
    "%1 is damaged or truncated: it cannot be read as a PDF (%2).",
)

SCORECARDS_FAILED_VERIFICATION = _m(
    "scorecards_failed_verification", "Scorecards failed verification: %1"
)

NAME_OF_ORGANISATION = _m("name_of_organisation", "organisation")
NAME_OF_CA = _m("name_of_ca", "certificate authority")
NAME_OF_SIGNER = _m("name_of_signer", "signer")
# --- publication review ----------------------------------------------------------------------
PUBLISH_COORDINATOR_ONLY = _m(
    "publish_coordinator_only",
    "Only a coordinator can mark an assessment ready to publish; this is a field workspace.",
)
PUBLICATION_FROM_FIELD = _m(
    "publication_from_field",
    "%1: a field device marked an assessment ready to publish; only a coordinator may",
)


# --- core/assessment.py ---------------------------------------------------------
RATES_BUT_SUBJECT = _m("rates_but_subject", "%1 (%2) rates %3s, but the subject is a %4")
LEVELS_NOT = _m("levels_not", "%1 has levels %2, not %3")

# --- ops/assessment.py ----------------------------------------------------------
EVIDENCE_RATES_INITIATIVES_COMPANIES = _m(
    "evidence_rates_initiatives_companies", "%1 is a %2; evidence rates initiatives and companies"
)
NO_INITIATIVE_COMPANY_ID = _m("no_initiative_company_id", "no initiative or company with id %1")

# --- store/records.py -----------------------------------------------------------
REFERS_EXPECTED = _m("refers_expected", "refers to a %1, expected %2")

# --- store/importer.py ----------------------------------------------------------
ALREADY_ID = _m("already_id", "is already the id of a %1")
REFERS_WHICH_NOT_WORKSPACE_FILE = _m(
    "refers_which_not_workspace_file", "refers to %1, which is not in this workspace or the file"
)
MUST_SHORT_NON_EMPTY_TEXT = _m("must_short_non_empty_text", "must be a short non-empty text")
MUST_RECORD_ID_UUID_WHEN = _m("must_record_id_uuid_when", "must be a record id (UUID) when given")
REFERS_WHICH_NEITHER_ID_NOR = _m(
    "refers_which_neither_id_nor", "refers to '%1', which is neither an id nor a ref in this file"
)
REFERS_EXPECTED_2 = _m("refers_expected_2", "refers to %1, a %2; expected %3")
REFERS_EXPECTED_3 = _m("refers_expected_3", "refers to a %1; expected %2")
NOT_NUMBER = _m("not_number", "'%1' is not a number")
USED_TOO = _m("used_too", "'%1' is used by %2 too")
UNKNOWN_CRITERION_SUBJECT = _m(
    "unknown_criterion_subject", "unknown criterion '%1'; %2 criteria are %3"
)

# --- PostgreSQL coordinator stores and invitations (docs/hub.md) ------------------
DATABASE_URL_NOT_POSTGRESQL = _m(
    "database_url_not_postgresql",
    "The database must be a PostgreSQL URL (postgresql://user:password@host/database).",
)
DATABASE_NEEDS_TLS = _m(
    "database_needs_tls",
    "The connection to the PostgreSQL server %1 would not be encrypted: add "
    "sslmode=verify-full (or verify-ca, require) to the URL. Only a local socket or localhost "
    "may go without TLS.",
)
DATABASE_URL_NEEDS_USER = _m(
    "database_url_needs_user",
    "The PostgreSQL URL must name the role to log in as (postgresql://role:password@host/db).",
)
DATABASE_ROLE_MISSING = _m(
    "database_role_missing",
    "There is no PostgreSQL role '%1': the database administrator creates it first "
    "(CREATE ROLE %1 LOGIN PASSWORD '…', see docs/hub.md).",
)
DATABASE_UPGRADE_NEEDS_OWNER = _m(
    "database_upgrade_needs_owner",
    "The store must be upgraded from schema %1 to %2, and this workspace's database role may "
    "not change tables. Back the database up (pg_dump), then run: aces org upgrade-store "
    "--owner-url URL (the URL of the role owning the database).",
)
CONTENT_KEY_MISSING = _m(
    "content_key_missing",
    "This store holds text encrypted with the organisation's key, which this workspace does "
    "not have or which does not fit: only coordinators of the organisation (joined with an "
    "invitation) can read it.",
)
DATABASE_CANNOT_CONNECT = _m(
    "database_cannot_connect", "Cannot connect to the PostgreSQL database: %1"
)
DATABASE_ONLY_COORDINATOR = _m(
    "database_only_coordinator",
    "Only a coordinator workspace keeps its data in PostgreSQL; field devices stay on their "
    "encrypted workspace file.",
)
DATABASE_ALREADY_HOLDS_STORE = _m(
    "database_already_holds_store",
    "This database already holds an ACES store; a second coordinator joins it with an "
    "invitation (aces org invite on a coordinator, then aces init --join).",
)
DATABASE_NOT_EMPTY = _m(
    "database_not_empty",
    "This database already has tables that are not an ACES store (%1); give an empty database.",
)
DATABASE_HOLDS_NO_STORE = _m(
    "database_holds_no_store",
    "This database holds no ACES store yet; the coordinator that created the store must "
    "invite with its own database URL.",
)
DATABASE_OTHER_ORGANISATION = _m(
    "database_other_organisation",
    "This database holds the store of another organisation than the invitation's.",
)
INVITATION_ONLY_COORDINATOR = _m(
    "invitation_only_coordinator", "Only a coordinator can invite another coordinator."
)
INVITATION_UNREADABLE = _m(
    "invitation_unreadable", "This file is not an ACES invitation, or it is damaged: %1"
)
INVITATION_WRONG_CODE = _m(
    "invitation_wrong_code",
    "The code does not open this invitation: it was mistyped, or the invitation was altered. "
    "Ask the inviting coordinator to read the code again.",
)
INVITATION_NEEDS_CODE = _m(
    "invitation_needs_code",
    "Give the invitation's one-time code with --code or in ACES_INVITE_CODE.",
)
INVITATION_EXPIRED = _m(
    "invitation_expired",
    "This invitation expired on %1; ask the coordinator for a new one.",
)
INVITATION_ALREADY_USED = _m(
    "invitation_already_used",
    "This invitation was already used on %1 (by '%2'); an invitation makes one coordinator. "
    "Ask for a new one.",
)

# --- what long work shows while it runs (progress labels) ---------------------------------------
PROGRESS_SCORING = _m("progress_scoring", "Scoring")
PROGRESS_PAST_QUARTERS = _m("progress_past_quarters", "Scoring past quarters")
PROGRESS_SUMMARISING = _m("progress_summarising", "Summarising findings")
PROGRESS_SCORECARD = _m("progress_scorecard", "Writing the scorecard")
PROGRESS_SCORECARDS = _m("progress_scorecards", "Writing scorecards")
PROGRESS_REGISTER = _m("progress_register", "Collecting the register")
PROGRESS_EXPORTING = _m("progress_exporting", "Exporting revisions")
PROGRESS_CHECKING_FILE = _m("progress_checking_file", "Checking %1 (KiB)")
PROGRESS_MERGING_FILE = _m("progress_merging_file", "Merging %1 (KiB)")
PROGRESS_DEMO = _m("progress_demo", "Writing demo visits and findings")

MESSAGES: dict[str, Message] = {
    m.code: m for m in list(globals().values()) if isinstance(m, Message)
}
