<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AssessDialog</name>
    <message>
        <source>Assess — %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssessView</name>
    <message>
        <source>&amp;Add evidence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add evidence for the selected criterion (or press Enter on it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ready to publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only assessments a coordinator marked ready appear in the public register and in batch scorecards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Levels and evidence of the criterion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, score %3, coverage %4 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every criterion has evidence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not marked ready to publish: it is left out of the register.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked ready to publish on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marked not ready to publish on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator can change this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A gate, no points: without a current statement that is published, board approved and signed, the score is capped at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown: no evidence counted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add evidence to rate it (Enter or Alt+A).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earns %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earns nothing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AttachmentsWidget</name>
    <message>
        <source>&amp;Add files…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add files (or drop them here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep location and camera metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off by default: GPS position and camera details are removed from photos before they are stored, because they can identify people and places.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent scope of new attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Consent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected attachment from this record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop files here or use Add files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256 of the stored file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preview for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept (or none to remove)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 bytes&lt;br&gt;Photo metadata: %4&lt;br&gt;Consent: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove %1 from this record?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachment removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not attached: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 file(s) attached.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message>
        <source>Export all scorecards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scorecards:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Companies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign every scorecard with the organisation certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include sites withheld from publication and assessments not marked ready to publish (confidential)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for the scorecards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing scorecards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling… (scorecards already written are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing scorecard %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 scorecards written (%2 signed) to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 initiatives and companies not marked ready to publish were skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Scorecards already written in the folder are complete.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Not known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New, again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the database a new key (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a new key, a copy of the old key file no longer opens the workspace, and recovery files made before become useless: export a new one afterwards. If the change is interrupted, the old passphrase still works.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>Pick a date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Record details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos and documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ssess: criteria and evidence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate it criterion by criterion (Ctrl+Shift+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by a revoked device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(missing record)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>ACES Desktop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditingHub</name>
    <message>
        <source>Log a &amp;visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attachments of the selected record…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Outreach log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Persons (auditors, interpreters)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a site, visit, finding, worker note, company or company response first; its photos and documents are shown here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outreach log</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnumEditor</name>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>is already the id of a %1</source>
        <comment>already_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; was already revoked on %2 (%3).</source>
        <comment>already_revoked</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit is already sealed.</source>
        <comment>already_sealed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another change (a merge or an import) is being written to the workspace; nothing was saved. Try again when it has finished.</source>
        <comment>another_change_merge_import_being</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program has been checking a passphrase of this workspace for a minute; try again when it has finished.</source>
        <comment>another_program_been_checking_passphrase</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application&apos;s database migrations are missing.</source>
        <comment>application_database_migrations_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the archive end marker is damaged or truncated</source>
        <comment>archive_end_marker_damaged_truncated</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at least %1</source>
        <comment>at_least</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be at most %1</source>
        <comment>at_most</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attachment %1… is %2 bytes but its record declares %3</source>
        <comment>attachment_bytes_but_record_declares</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attachment %1… does not match its name</source>
        <comment>attachment_does_not_match_name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attachment file %1 is damaged (%2).</source>
        <comment>attachment_file_damaged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>attachment &apos;%1&apos; is larger than the limit</source>
        <comment>attachment_larger_limit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The attachment %1… is not in this workspace&apos;s file store.</source>
        <comment>attachment_not_workspace_file_store</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key &apos;%1&apos; must be lowercase letters, digits or _</source>
        <comment>bad_fact_key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be text, a number, true/false or null</source>
        <comment>bad_fact_value</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give both latitude and longitude, or neither</source>
        <comment>both_coordinates</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Both records must be sites.</source>
        <comment>both_records_must_sites</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the bundle changed while it was being merged</source>
        <comment>bundle_changed_while_being_merged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bundle changed while it was being merged</source>
        <comment>bundle_changed_while_being_merged_2</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bundle content is truncated (archive ends mid-way)</source>
        <comment>bundle_content_truncated_archive_ends</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bundle content is truncated (a member ends early)</source>
        <comment>bundle_content_truncated_member_ends</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its signature is not valid for the trusted key of &apos;%1&apos;: the bundle was altered or forged</source>
        <comment>bundle_forged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it uses bundle format version 1, made by an older version of ACES Desktop without authorship signatures; update ACES Desktop on the sending device and export the bundle again</source>
        <comment>bundle_format_1</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it uses bundle format version %1, newer than this version of ACES Desktop reads (%2); update ACES Desktop to merge it</source>
        <comment>bundle_format_newer</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was made by this workspace itself</source>
        <comment>bundle_from_itself</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it comes from &apos;%1&apos;, a device revoked on %2 (%3)</source>
        <comment>bundle_from_revoked</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bundle has more than %1 members</source>
        <comment>bundle_more_members</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was made with a newer record schema (version %1; this version of ACES Desktop knows %2); update ACES Desktop</source>
        <comment>bundle_newer_schema</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it belongs to another organisation or workspace (replayed from elsewhere?)</source>
        <comment>bundle_other_organisation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was made for another workspace, not for this one</source>
        <comment>bundle_other_recipient</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is refused: %2.</source>
        <comment>bundle_refused</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is truncated: the signed manifest is missing</source>
        <comment>bundle_truncated</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sender&apos;s key fingerprint does not match the trusted key of &apos;%1&apos;</source>
        <comment>bundle_wrong_fingerprint</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <comment>cancelled</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot export to &apos;%1&apos;: the file name must end in .xlsx or .csv.</source>
        <comment>cannot_export_file_name_must</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <comment>cannot_read</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the trust certificate %1: %2.</source>
        <comment>cannot_read_trust_certificate</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it carries a %2 whose consent keeps it on its device</source>
        <comment>carries_whose_consent_keeps_device</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a change has no content hash</source>
        <comment>change_no_content_hash</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a new passphrase for the restored workspace.</source>
        <comment>choose_new_passphrase_restored_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose two different sites to merge.</source>
        <comment>choose_two_different_sites_merge</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a version (--choose REV) or give combined content.</source>
        <comment>choose_version_choose_rev_give</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: its logical clock (%2) is further ahead of this workspace&apos;s (%3) than any honest device could be</source>
        <comment>clock_too_far_ahead</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the content does not match its hash</source>
        <comment>content_does_not_match_hash</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the content has invalid text encoding</source>
        <comment>content_invalid_text_encoding</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store holds text encrypted with the organisation&apos;s key, which this workspace does not have or which does not fit: only coordinators of the organisation (joined with an invitation) can read it.</source>
        <comment>content_key_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the %2 content is not in canonical form</source>
        <comment>content_not_canonical_form</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the content is not an object</source>
        <comment>content_not_object</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contains control characters</source>
        <comment>control_characters</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That coordinator belongs to another organisation than the coordinator(s) this workspace already trusts.</source>
        <comment>coordinator_belongs_another_organisation_coordin</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: line 1: the header names column(s) %2 more than once; each column may appear only once.</source>
        <comment>csv_column_twice</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the CSV file has no header row.</source>
        <comment>csv_no_header</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: line %2: %3.</source>
        <comment>csv_problem</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: line %2 has more values than the header has columns.</source>
        <comment>csv_too_many_values</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown column(s) %2.</source>
        <comment>csv_unknown_columns</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is damaged or truncated: it cannot be read as a PDF (%2).</source>
        <comment>damaged_truncated_cannot_read_pdf</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database already holds an ACES store; a second coordinator joins it with an invitation (aces org invite on a coordinator, then aces init --join).</source>
        <comment>database_already_holds_store</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL database: %1</source>
        <comment>database_cannot_connect</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database holds no ACES store yet; the coordinator that created the store must invite with its own database URL.</source>
        <comment>database_holds_no_store</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the PostgreSQL server %1 would not be encrypted: add sslmode=verify-full (or verify-ca, require) to the URL. Only a local socket or localhost may go without TLS.</source>
        <comment>database_needs_tls</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database already has tables that are not an ACES store (%1); give an empty database.</source>
        <comment>database_not_empty</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator workspace keeps its data in PostgreSQL; field devices stay on their encrypted workspace file.</source>
        <comment>database_only_coordinator</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This database holds the store of another organisation than the invitation&apos;s.</source>
        <comment>database_other_organisation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no PostgreSQL role &apos;%1&apos;: the database administrator creates it first (CREATE ROLE %1 LOGIN PASSWORD &apos;…&apos;, see docs/hub.md).</source>
        <comment>database_role_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store must be upgraded from schema %1 to %2, and this workspace&apos;s database role may not change tables. Back the database up (pg_dump), then run: aces org upgrade-store --owner-url URL (the URL of the role owning the database).</source>
        <comment>database_upgrade_needs_owner</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PostgreSQL URL must name the role to log in as (postgresql://role:password@host/db).</source>
        <comment>database_url_needs_user</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database must be a PostgreSQL URL (postgresql://user:password@host/database).</source>
        <comment>database_url_not_postgresql</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a date in the form YYYY-MM-DD</source>
        <comment>date_form</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is out of range: dates run from %2 to %3</source>
        <comment>date_out_of_range</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; expands to more than %2 bytes when decompressed (a decompression bomb?)</source>
        <comment>decompression_bomb</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a deletion carries content</source>
        <comment>deletion_carries_content</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a deletion carries a content hash</source>
        <comment>deletion_carries_content_hash</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device &apos;%1&apos; (%2) is already known with a different key. If it was re-installed, remove the old entry first.</source>
        <comment>device_already_known_different_key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 revision %2</source>
        <comment>device_revision</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 revision %2: it names as parent a revision of another record</source>
        <comment>device_revision_names_parent_revision</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 revision %2: the revisions are not covered by their author&apos;s signature (forged or altered?)</source>
        <comment>device_revision_revisions_not_covered</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 revision %2: the signature of its author &apos;%3&apos; over these revisions is not valid (forged or altered?)</source>
        <comment>device_revision_signature_author_over</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 revision %2: it was written after &apos;%3&apos; was revoked (%4)</source>
        <comment>device_revision_written_after_revoked</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the device&apos;s revisions are not contiguous</source>
        <comment>device_revisions_not_contiguous</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device &apos;%1&apos; (%2) was revoked on %3 (%4). A revoked device cannot be trusted again; to enrol the same person, create a new workspace on their laptop and trust its identity file.</source>
        <comment>device_revoked_revoked_device_cannot</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 different share(s) given, but %2 of %3 are needed to open this recovery file.</source>
        <comment>different_share_given_but_needed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: differs from the revision already received with that number (a forged or forked chain)</source>
        <comment>differs_revision_already_received_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: does not link to the revision already received before it (a forged or forked chain)</source>
        <comment>does_not_link_revision_already</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not name exactly one version of %2.</source>
        <comment>does_not_name_exactly_one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it does not start with the FORMAT member</source>
        <comment>does_not_start_format_member</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty: it is not a sync bundle.</source>
        <comment>empty_not_sync_bundle</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encrypting the bundle failed (%1).</source>
        <comment>encrypting_bundle_failed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ends before it starts</source>
        <comment>ends_before_start</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>entry %1 %2</source>
        <comment>entry_problem</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a %2; evidence rates initiatives and companies</source>
        <comment>evidence_rates_initiatives_companies</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists and is not a folder.</source>
        <comment>exists_not_folder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists and is not a folder; choose another place.</source>
        <comment>exists_not_folder_choose_another</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has extra data after the end of its encrypted content</source>
        <comment>extra_data_after_end_encrypted</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <comment>fact_problem</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is longer than %2 characters</source>
        <comment>fact_too_long</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a field device&apos;s bundle carries device identities</source>
        <comment>field_device_bundle_carries_device</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field &apos;%1&apos;: %2</source>
        <comment>field_problem</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This field is required.</source>
        <comment>field_required</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds %1 records; one import is limited to %2.</source>
        <comment>file_holds_records_one_import</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is larger than the limit of %1 MB.</source>
        <comment>file_larger_limit_mb</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the first revision of a device links to a predecessor</source>
        <comment>first_revision_device_links_predecessor</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder %1 is not empty and holds no earlier register (%2 is missing); choose an empty or new folder.</source>
        <comment>folder_not_empty_holds_no</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not a PDF file.</source>
        <comment>folder_not_pdf_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its FORMAT member is not an ACES bundle format line</source>
        <comment>format_member_not_aces_bundle</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give both the number of shares and the threshold.</source>
        <comment>give_both_number_shares_threshold</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the %1 a name.</source>
        <comment>give_name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the reason for the revocation (for example: laptop seized).</source>
        <comment>give_reason_revocation_example_laptop</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the recovery passphrase or the shares.</source>
        <comment>give_recovery_passphrase_shares</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a recovery passphrase, or split the recovery key into shares.</source>
        <comment>give_recovery_passphrase_split_recovery</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <comment>give_workspace_name</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the hash chain is broken (forged or reordered)</source>
        <comment>hash_chain_broken_forged_reordered</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the hash chain has a hole (expected revision %2)</source>
        <comment>hash_chain_hole_expected_revision</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds no members</source>
        <comment>holds_no_members</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file&apos;s device or workspace id is malformed.</source>
        <comment>identity_file_device_workspace_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file&apos;s fingerprint does not match its keys.</source>
        <comment>identity_file_fingerprint_does_not</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file&apos;s &apos;%1&apos; is malformed.</source>
        <comment>identity_file_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file names an unknown role &apos;%1&apos;.</source>
        <comment>identity_file_names_unknown_role</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file has no valid &apos;%1&apos;.</source>
        <comment>identity_file_no_valid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file&apos;s organisation id is malformed.</source>
        <comment>identity_file_organisation_id_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity file&apos;s signature is not valid: it was altered.</source>
        <comment>identity_file_signature_not_valid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That identity file is this workspace&apos;s own.</source>
        <comment>identity_file_workspace_own</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That identity file is this workspace&apos;s own; it is trusted already.</source>
        <comment>identity_file_workspace_own_trusted</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 changed while it was being imported; nothing was imported. Import it again when nothing is writing to it.</source>
        <comment>import_file_changed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has invalid values</source>
        <comment>import_invalid_values</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2[%3] must be an object.</source>
        <comment>import_item_not_object</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the file must hold one JSON object.</source>
        <comment>import_not_object</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be a list of records.</source>
        <comment>import_section_not_list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2 MB; import files are limited to %3 MB.</source>
        <comment>import_too_large</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown section(s) %2; known: %3.</source>
        <comment>import_unknown_sections</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;format&quot; must be &quot;%2&quot; (see docs/import-format.md).</source>
        <comment>import_wrong_format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: import format version %2 is not supported; this version of ACES Desktop reads version %3.</source>
        <comment>import_wrong_version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid data</source>
        <comment>invalid_data</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contains the invisible character %1 (%2), which can change how the text reads; remove it</source>
        <comment>invisible_character</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invitation was already used on %1 (by &apos;%2&apos;); an invitation makes one coordinator. Ask for a new one.</source>
        <comment>invitation_already_used</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This invitation expired on %1; ask the coordinator for a new one.</source>
        <comment>invitation_expired</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the invitation&apos;s one-time code with --code or in ACES_INVITE_CODE.</source>
        <comment>invitation_needs_code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator can invite another coordinator.</source>
        <comment>invitation_only_coordinator</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not an ACES invitation, or it is damaged: %1</source>
        <comment>invitation_unreadable</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The code does not open this invitation: it was mistyped, or the invitation was altered. Ask the inviting coordinator to read the code again.</source>
        <comment>invitation_wrong_code</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is empty</source>
        <comment>is_empty</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2.</source>
        <comment>json_invalid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at line %3, column %4.</source>
        <comment>json_invalid_at</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the key &quot;%2&quot; appears twice in one object (again at %3); each key may appear only once.</source>
        <comment>json_key_twice</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a number of %2 characters at %3; numbers are limited to %4 characters.</source>
        <comment>json_long_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON object repeats the key &apos;%1&apos;</source>
        <comment>json_object_repeats_key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: JSON nested more than %2 levels deep at %3.</source>
        <comment>json_too_deep</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a JSON value is not a finite number (%1)</source>
        <comment>json_value_not_finite_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace database does not open with this key: the key file does not belong to it, or the database is damaged.</source>
        <comment>key_does_not_fit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The kind must be one of %1, not &apos;%2&apos;.</source>
        <comment>kind_must_one_not</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than the bundle size limit (%2 MB).</source>
        <comment>larger_bundle_size_limit_mb</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB.</source>
        <comment>larger_mb</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB; attach a smaller file.</source>
        <comment>larger_mb_attach_smaller_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a level from 0 to 4 is required for this criterion</source>
        <comment>level_required</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has levels %2, not %3</source>
        <comment>levels_not</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the line is longer than %2 bytes</source>
        <comment>line_longer_bytes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not a logo file.</source>
        <comment>logo_is_folder</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no logo file %1.</source>
        <comment>logo_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The logo %1 must be a PNG or JPEG picture.</source>
        <comment>logo_not_png_jpeg</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The logo %1 is %2 KB; at most %3 KB.</source>
        <comment>logo_too_big</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The logo %1 is too large (%2×%3 pixels).</source>
        <comment>logo_too_many_pixels</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The logo %1 is not a readable PNG or JPEG picture.</source>
        <comment>logo_unreadable</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 looks like a %2 picture but cannot be read (is it damaged or cut short?), so its location and camera data cannot be removed. It was not attached; attach it keeping its metadata only on purpose.</source>
        <comment>looks_like_picture_but_cannot</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s acknowledgements are malformed</source>
        <comment>manifest_acknowledgements_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;bundle_id&apos; is not a valid id</source>
        <comment>manifest_bundle_id_not_valid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s chain head has no valid &apos;legacy&apos;</source>
        <comment>manifest_chain_head_no_valid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s counts are malformed</source>
        <comment>manifest_counts_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;created_at&apos;: %1</source>
        <comment>manifest_created_at</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest does not describe an ACES bundle</source>
        <comment>manifest_does_not_describe_aces</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest does not name its sender device</source>
        <comment>manifest_does_not_name_sender</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s identity of device %1 is malformed</source>
        <comment>manifest_identity_device_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest is larger than its limit</source>
        <comment>manifest_larger_limit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest lists device %1 twice</source>
        <comment>manifest_lists_device_twice</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest lists member &apos;%1&apos; twice</source>
        <comment>manifest_lists_member_twice</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest lists two chain heads for device %1</source>
        <comment>manifest_lists_two_chain_heads</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s member list is malformed</source>
        <comment>manifest_member_list_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest names bundle format version %1; this version of ACES Desktop reads version %2</source>
        <comment>manifest_names_bundle_format_version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest has no member list</source>
        <comment>manifest_no_member_list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest has no revision ranges</source>
        <comment>manifest_no_revision_ranges</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s %1 has no valid &apos;%2&apos;</source>
        <comment>manifest_no_valid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest has no valid &apos;full&apos;</source>
        <comment>manifest_no_valid_full</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest is not a JSON object</source>
        <comment>manifest_not_json_object</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;%1&apos; is not a list of objects</source>
        <comment>manifest_not_list_objects</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest is out of order</source>
        <comment>manifest_out_order</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s recipients are malformed</source>
        <comment>manifest_recipients_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s revision ranges are malformed</source>
        <comment>manifest_revision_ranges_malformed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s sender is malformed or names another role</source>
        <comment>manifest_sender_malformed_names_another</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the manifest&apos;s %1 has wrong fields</source>
        <comment>manifest_wrong_fields</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has an absolute path</source>
        <comment>member_absolute_path</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; does not match its SHA-256 in the manifest</source>
        <comment>member_altered</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; appears twice</source>
        <comment>member_appears_twice</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;attachments/%1&apos; belongs to no attachment record</source>
        <comment>member_attachments_belongs_no_attachment</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has data after its gzip stream</source>
        <comment>member_data_after_gzip_stream</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; does not end with a newline</source>
        <comment>member_does_not_end_newline</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a folder; folders are not allowed</source>
        <comment>member_folder_folders_not_allowed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a member header is damaged (%1)</source>
        <comment>member_header_damaged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is larger than %2 bytes</source>
        <comment>member_larger_bytes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is larger than its limit of %2 bytes</source>
        <comment>member_larger_limit_bytes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has a line longer than the limit</source>
        <comment>member_line_longer_limit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a link; links are not allowed</source>
        <comment>member_link_links_not_allowed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; listed in the manifest is missing</source>
        <comment>member_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has a negative size</source>
        <comment>member_negative_size</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not listed in the signed manifest</source>
        <comment>member_not_listed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not part of the bundle format</source>
        <comment>member_not_part_bundle_format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not valid gzip (%2)</source>
        <comment>member_not_valid_gzip</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is out of order</source>
        <comment>member_out_order</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is out of sequence</source>
        <comment>member_out_sequence</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; tries to leave the bundle (path traversal &apos;..&apos;)</source>
        <comment>member_tries_leave_bundle_path</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a truncated gzip stream</source>
        <comment>member_truncated_gzip_stream</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has an unsupported type (%2); only plain files are allowed</source>
        <comment>member_unsupported_type_only_plain</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata cannot be removed from %1 images.</source>
        <comment>metadata_cannot_removed_images</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <comment>minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>... and %1 more problem(s)</source>
        <comment>more_problems</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <comment>must_be_bool</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a date (YYYY-MM-DD), got %1</source>
        <comment>must_be_date</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <comment>must_be_finite</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list, got %1</source>
        <comment>must_be_list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a list of names, got %1</source>
        <comment>must_be_names</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a number, got %1</source>
        <comment>must_be_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object</source>
        <comment>must_be_object</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <comment>must_be_object_got</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be text, got %1</source>
        <comment>must_be_text</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a whole number, got %1</source>
        <comment>must_be_whole_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a record id (UUID) when given</source>
        <comment>must_record_id_uuid_when</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a short non-empty text</source>
        <comment>must_short_non_empty_text</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; must be a whole number</source>
        <comment>must_whole_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 name is %2 characters long; certificates allow %3.</source>
        <comment>name_characters_long_certificates_allow</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate authority</source>
        <comment>name_of_ca</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>organisation</source>
        <comment>name_of_organisation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signer</source>
        <comment>name_of_signer</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name %1: %2</source>
        <comment>name_problem</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>each name must be {&quot;text&quot;: ..., &quot;lang&quot;: ...}</source>
        <comment>name_shape</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it names device %1 (&apos;%2&apos;) with a key other than the one this workspace knows</source>
        <comment>names_device_key_other_one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is nested too deeply</source>
        <comment>nested_too_deeply</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new passphrase is empty.</source>
        <comment>new_passphrase_empty</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new passphrase is the same as the old one.</source>
        <comment>new_passphrase_same_old_one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No signing certificate for &apos;%1&apos; in this workspace (issued to: %2); issue one for this person first.</source>
        <comment>no_signing_certificate_workspace_issued</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it comes from a device this workspace does not trust (%1); add its identity file to the trusted devices first, after comparing fingerprints</source>
        <comment>bundle_from_untrusted</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 devices are named &apos;%2&apos;; give the device id instead.</source>
        <comment>devices_named_give_device_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no audits in regions without credible assurance</source>
        <comment>gate_assurance_ok</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 active membership(s) earn credit in %2 in proportion to the initiative&apos;s Accountable score</source>
        <comment>gate_membership_credit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 audit(s) in the Uyghur Region earn no credit for %2</source>
        <comment>gate_no_assurance</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tagged %1: no outreach request answered within %2 days</source>
        <comment>gate_non_responsive</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 due requests answered within %3 days</source>
        <comment>gate_responses</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>statement meets the legal minimum (published, board-approved, signed); no points by itself</source>
        <comment>gate_statement_met</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no current statement meeting the legal minimum: score capped at %1</source>
        <comment>gate_statement_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name typed does not match this workspace&apos;s name; nothing was wiped. Type the name exactly as it is written.</source>
        <comment>name_typed_does_not_match</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device &apos;%1&apos; is known to this workspace.</source>
        <comment>no_device_known_workspace_aces</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <comment>no_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no initiative or company with id %1</source>
        <comment>no_initiative_company_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record with id %1 in this workspace.</source>
        <comment>no_record</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No record with id %1 to delete.</source>
        <comment>no_record_to_delete</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trust anchor: give a CA certificate with --trust.</source>
        <comment>no_trust_anchor_give_ca</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No trusted device named %1.</source>
        <comment>no_trusted_device_named</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no workspace at %1.</source>
        <comment>no_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a two-letter ISO 3166 country code, e.g. CN</source>
        <comment>not_a_country</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a date in the form YYYY-MM-DD</source>
        <comment>not_a_date</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not a field of this record</source>
        <comment>not_a_field</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name %1: &apos;%2&apos; is not a language tag</source>
        <comment>not_a_language</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a real UTC time (from %2 on)</source>
        <comment>not_a_real_time</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;time&apos; is not a real UTC timestamp (%2)</source>
        <comment>not_a_real_timestamp</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a record id</source>
        <comment>not_a_record_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a web address starting with http:// or https://</source>
        <comment>not_a_url</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace (expected %2 and %3 in it).</source>
        <comment>not_a_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ACES identity file.</source>
        <comment>not_aces_identity_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ACES identity file (not UTF-8 text).</source>
        <comment>not_aces_identity_file_not</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ACES recovery file.</source>
        <comment>not_aces_recovery_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace database (it has no schema version).</source>
        <comment>not_aces_workspace_database_no</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace; nothing was wiped.</source>
        <comment>not_aces_workspace_nothing_wiped</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a certificate (expected a PEM or DER X.509 certificate).</source>
        <comment>not_certificate_expected_pem_der</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <comment>not_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not one of: %2</source>
        <comment>not_one_of</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an Open Supply Hub id (two letters, seven digits, six letters or digits, e.g. CN2019303BQ3FZP)</source>
        <comment>not_os_hub_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a PDF file.</source>
        <comment>not_pdf_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 It is not a readable ACES recovery file.</source>
        <comment>not_readable_aces_recovery_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a readable ACES recovery file (%2).</source>
        <comment>not_readable_aces_recovery_file_2</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be 64 lowercase hexadecimal digits</source>
        <comment>not_sha256</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a SHA-256 hash</source>
        <comment>not_sha_hash</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not signed: it has no digital signature.</source>
        <comment>not_signed_no_digital_signature</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a sync bundle (it is not an age-encrypted file).</source>
        <comment>not_sync_bundle_not_age</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it carries revisions written by another device than its sender &apos;%2&apos; (a field device sends only its own)</source>
        <comment>not_the_senders_own</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8 text: byte %2 (line %3) cannot be decoded. Save the file as UTF-8 and try again.</source>
        <comment>not_utf8</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a valid id</source>
        <comment>not_valid_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2)</source>
        <comment>not_valid_json</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8 text (byte %2)</source>
        <comment>not_valid_utf_text_byte</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was imported; the file has problems</source>
        <comment>nothing_imported</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the number of %1 (%2) does not match the signed manifest (%3)</source>
        <comment>number_does_not_match_signed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 second</source>
        <comment>one_second</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator can revoke a device; ask your coordinator to revoke it.</source>
        <comment>only_coordinator_can_revoke_device</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator workspace holds the organisation certificate authority; this is a field workspace.</source>
        <comment>only_coordinator_workspace_holds_organisation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>starts with &apos;%1&apos; but the site&apos;s country is &apos;%2&apos;</source>
        <comment>os_hub_country</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is out of range (%3)</source>
        <comment>out_range</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it names a parent revision that does not exist (%2…)</source>
        <comment>parent_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a parent is not a SHA-256 hash</source>
        <comment>parent_not_sha_hash</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it names as parent a revision of another record</source>
        <comment>parent_of_other_record</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;parents&apos; must be a list of at most %2 hashes</source>
        <comment>parents_must_list_most_hashes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;parents&apos; are not sorted and distinct</source>
        <comment>parents_not_sorted_distinct</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A passphrase change of this workspace is running (process %1); wait until it has finished, then try again.</source>
        <comment>passphrase_change_workspace_running_process</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <comment>passphrase_needs_least_characters</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A passphrase is required.</source>
        <comment>passphrase_required</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess: make it longer, or use four or more unrelated words.</source>
        <comment>passphrase_too_easy_guess_make</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF to sign could not be read (%1).</source>
        <comment>pdf_sign_could_not_read</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &apos;person_id&apos; is not a valid id</source>
        <comment>person_id_not_valid_id</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The picture cannot be read to remove its metadata (%1).</source>
        <comment>picture_cannot_read_remove_metadata</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The picture is too large to process.</source>
        <comment>picture_too_large_process</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token &apos;%1&apos; holds no key and certificate labelled &apos;%2&apos; (%3).</source>
        <comment>pkcs11_no_key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no PKCS#11 module %1.</source>
        <comment>pkcs11_no_module</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PKCS#11 token &apos;%1&apos; could not be opened with %2 (%3). Check the module, the token label and the PIN.</source>
        <comment>pkcs11_token_not_opened</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no PKCS#12 file %1.</source>
        <comment>pkcs12_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be opened: wrong passphrase, or not a PKCS#12 file with a private key and its certificate.</source>
        <comment>pkcs12_not_opened</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be a PKCS#12 file.</source>
        <comment>pkcs12_too_large</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking %1 (KiB)</source>
        <comment>progress_checking_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing demo visits and findings</source>
        <comment>progress_demo</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting revisions</source>
        <comment>progress_exporting</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging %1 (KiB)</source>
        <comment>progress_merging_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring past quarters</source>
        <comment>progress_past_quarters</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collecting the register</source>
        <comment>progress_register</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the scorecard</source>
        <comment>progress_scorecard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing scorecards</source>
        <comment>progress_scorecards</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring</source>
        <comment>progress_scoring</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summarising findings</source>
        <comment>progress_summarising</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a field device marked an assessment ready to publish; only a coordinator may</source>
        <comment>publication_from_field</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator can mark an assessment ready to publish; this is a field workspace.</source>
        <comment>publish_coordinator_only</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) rates %3s, but the subject is a %4</source>
        <comment>rates_but_subject</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The re-encrypted database failed its check; nothing was changed.</source>
        <comment>re_encrypted_database_failed_check</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The reason is longer than %1 characters.</source>
        <comment>reason_longer_characters</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A recipient key is not a valid age public key (%1).</source>
        <comment>recipient_key_not_valid_age</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, field &apos;%2&apos;: %3</source>
        <comment>record_field_problem</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 has no open conflict.</source>
        <comment>record_no_open_conflict</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 is a %2, not a %3.</source>
        <comment>record_not</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record %1 is a %2, not a visit.</source>
        <comment>record_not_visit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This recovery file belongs to another workspace.</source>
        <comment>recovery_file_belongs_another_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery file is damaged (%1).</source>
        <comment>recovery_file_damaged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery file %1 is damaged (no key slots).</source>
        <comment>recovery_file_damaged_no_key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This recovery file does not open the database in %1: it belongs to another workspace, or it was made before a passphrase change gave the database a new key.</source>
        <comment>recovery_file_does_not_open</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This recovery file was not split into shares; use its passphrase.</source>
        <comment>recovery_file_not_split_into</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This recovery file opens only with its shares.</source>
        <comment>recovery_file_opens_only_shares</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recovery file has version %1; this application reads version %2. Update the application.</source>
        <comment>recovery_file_version_application_reads</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to a %1, expected %2</source>
        <comment>refers_expected</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to %1, a %2; expected %3</source>
        <comment>refers_expected_2</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to a %1; expected %2</source>
        <comment>refers_expected_3</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to %1, which does not exist</source>
        <comment>refers_to_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refers to %2, which is neither in the bundle nor in this workspace (a dangling reference)</source>
        <comment>refers_which_neither_bundle_nor</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to &apos;%1&apos;, which is neither an id nor a ref in this file</source>
        <comment>refers_which_neither_id_nor</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refers to %1, which is not in this workspace or the file</source>
        <comment>refers_which_not_workspace_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The register refused an item that carries sensitive fields.</source>
        <comment>register_refused_item_carries_sensitive</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is required</source>
        <comment>required</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the revision does not link to its predecessor</source>
        <comment>revision_does_not_link_predecessor</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the revision header is not an object</source>
        <comment>revision_header_not_object</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the revision header has wrong fields (unknown %2, missing %3)</source>
        <comment>revision_header_wrong_fields_unknown</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: a revision line must be an object with &apos;h&apos; and &apos;c&apos;</source>
        <comment>revision_line_must_object_h</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the revisions do not match the ranges in the signed manifest</source>
        <comment>revisions_do_not_match_ranges</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its revocation of device %1 names another key than the one this workspace knows</source>
        <comment>revocation_device_names_another_key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its revocation of device %1 is not signed by a coordinator this workspace knows</source>
        <comment>revocation_device_not_signed_coordinator</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role must be &apos;field&apos; or &apos;coordinator&apos;, not &apos;%1&apos;.</source>
        <comment>role_must_field_coordinator_not</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace was saved by a newer version of ACES Desktop (database schema &apos;%1&apos;; this version knows up to &apos;%2&apos;). Install the newer version to open it. Nothing was changed.</source>
        <comment>schema_too_new</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scorecards failed verification: %1</source>
        <comment>scorecards_failed_verification</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This record is sealed: it can no longer be changed. Add an amendment to correct it.</source>
        <comment>sealed_no_change</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This record is sealed and cannot be deleted; add an amendment instead.</source>
        <comment>sealed_no_delete</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <comment>seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is needed: set $%2 or run the command in a terminal.</source>
        <comment>secret_needed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares belong to another recovery file (they rebuilt a key that does not open this one).</source>
        <comment>shares_belong_another_recovery_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shares do not fit together: %1</source>
        <comment>shares_do_not_fit_together</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares need 2 &lt;= threshold &lt;= number of shares &lt;= 16 (got %1 of %2).</source>
        <comment>shares_need_threshold_number_shares</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature is out of order</source>
        <comment>signature_out_order</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A signing key in this workspace has an unexpected type.</source>
        <comment>signing_key_workspace_unexpected_type</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be the site of the finding&apos;s visit</source>
        <comment>site_of_visit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This %1 is still referred to by %2%3 record(s) (%4); delete or change those first.</source>
        <comment>still_referred_record_delete_change</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored attachment %1… is damaged (%2).</source>
        <comment>stored_attachment_damaged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored attachment %1… does not match its record.</source>
        <comment>stored_attachment_does_not_match</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored attachment %1… does not match its hash.</source>
        <comment>stored_attachment_does_not_match_2</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A stored attachment is larger than its record says.</source>
        <comment>stored_attachment_larger_record_says</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A temporary file is written once.</source>
        <comment>temporary_file_written_once</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs the form key = value</source>
        <comment>text_not_key_value</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number; type e.g. 31.25</source>
        <comment>text_not_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a whole number; type digits only, e.g. 1250</source>
        <comment>text_not_whole_number</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not yes or no</source>
        <comment>text_not_yes_no</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the coverage</source>
        <comment>the_coverage</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the membership</source>
        <comment>the_membership</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the period</source>
        <comment>the_period</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the request</source>
        <comment>the_request</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the visit</source>
        <comment>the_visit</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is extra data after the end of the archive</source>
        <comment>there_extra_data_after_end</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no duplicate pair %1 in the review queue.</source>
        <comment>there_no_duplicate_pair_review</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no %1 with id %2 in this workspace.</source>
        <comment>there_no_id_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no %1 with id &apos;%2&apos; in this workspace (list them with: aces score --kind %1).</source>
        <comment>there_no_id_workspace_list</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no recovery file at %1.</source>
        <comment>there_no_recovery_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no workspace database at %1: the recovery file restores keys, not records. Point --workspace at the folder holding workspace.db.</source>
        <comment>there_no_workspace_database_recovery</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its time %1 is more than %2 hours ahead of this computer&apos;s clock (is the sending device&apos;s clock wrong?)</source>
        <comment>time_ahead</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be an identity file.</source>
        <comment>too_large_identity_file</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 %2 is too large to travel in a bundle (%3 bytes; the limit is %4).</source>
        <comment>too_large_travel_bundle_bytes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is %1 characters long; the limit is %2</source>
        <comment>too_long</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many wrong passphrases. Wait %1 before trying again.</source>
        <comment>too_many_attempts</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has %1 entries; the limit is %2</source>
        <comment>too_many_entries</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has %1 keys; the limit is %2</source>
        <comment>too_many_keys</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown criterion &apos;%1&apos;</source>
        <comment>unknown_criterion</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown criterion &apos;%1&apos;; %2 criteria are %3</source>
        <comment>unknown_criterion_subject</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown export type &apos;%1&apos;; choose one of: %2.</source>
        <comment>unknown_export_type_choose_one</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown kind of scorecard &apos;%1&apos;.</source>
        <comment>unknown_kind_scorecard</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown operation &apos;%2&apos;</source>
        <comment>unknown_operation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown record type &apos;%1&apos;</source>
        <comment>unknown_record_type</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown record type &apos;%2&apos;</source>
        <comment>unknown_record_type_2</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unknown revision format %2</source>
        <comment>unknown_revision_format</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock the workspace before exporting its recovery file.</source>
        <comment>unlock_workspace_before_exporting_recovery</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrading the workspace from schema &apos;%1&apos; failed (%2). The workspace is unchanged, and a copy taken before the attempt is at %3.</source>
        <comment>upgrading_workspace_schema_failed_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is used by %2 too</source>
        <comment>used_too</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 uses identity format version %2; this version of ACES Desktop reads version %3.</source>
        <comment>uses_identity_format_version_version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it uses an unknown bundle format version %1</source>
        <comment>uses_unknown_bundle_format_version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That version&apos;s content is not on this device.</source>
        <comment>version_content_not_device</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The visit is sealed: nothing can be added to it. Record a correction as an amendment.</source>
        <comment>visit_sealed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Wait %2 before the next attempt.</source>
        <comment>wait_before_next</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A workspace cannot revoke itself.</source>
        <comment>workspace_cannot_revoke_itself</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace database cannot be opened (%1).</source>
        <comment>workspace_database_cannot_opened</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace does not know its organisation yet: trust a coordinator first.</source>
        <comment>workspace_does_not_know_organisation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists and is not empty; choose a new folder.</source>
        <comment>workspace_exists</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace is incomplete: its &apos;%1&apos; is missing.</source>
        <comment>workspace_incomplete_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace key file %1 cannot be read (%2).</source>
        <comment>workspace_key_file_cannot_read</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace key file is damaged (%1).</source>
        <comment>workspace_key_file_damaged</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace key file %1 is missing: the workspace cannot be opened. If you have a recovery file, restore the keys from it.</source>
        <comment>workspace_key_file_missing_workspace</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace key file has version %1; this version of ACES Desktop reads version 1. Update the application.</source>
        <comment>workspace_key_file_version_version</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace key &apos;%1&apos; is missing.</source>
        <comment>workspace_key_missing</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace is locked; unlock it with its passphrase.</source>
        <comment>workspace_locked</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace has lost its own device entry.</source>
        <comment>workspace_lost_own_device_entry</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace trusts no coordinator yet: add the coordinator&apos;s identity file first.</source>
        <comment>workspace_trusts_no_coordinator_yet</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace trusts no device yet: add the identity file of a field device first.</source>
        <comment>workspace_trusts_no_device_yet</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: it was written by a device that no coordinator of this organisation enrolled</source>
        <comment>written_device_no_coordinator_organisation</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong passphrase for this workspace.</source>
        <comment>wrong_passphrase</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong recovery passphrase.</source>
        <comment>wrong_recovery_passphrase</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EvidenceForm</name>
    <message>
        <source>Add evidence — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Criterion:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level the evidence shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Kind of evidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date of the evidence:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Web address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the evidence shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a &amp;file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file (a PDF, a saved web page, a picture)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source document:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wor&amp;kers covered:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share of the &amp;workforce (%):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Region of the audits:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credit through the &amp;initiative:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Published</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Board approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Si&amp;gned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a plain number, e.g. 150000 or 12.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. CN-XJ or Xinjiang</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documents (*.pdf *.html *.htm *.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A fact cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExportScorecardDialog</name>
    <message>
        <source>Initiative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export scorecard (signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scorecard:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign the scorecard (PAdES)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a coordinator workspace can sign scorecards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace&apos;s person (default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by (organisation):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logo (PNG or JPEG):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The saved logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use this organisation and logo for later scorecards too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save scorecard as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the scorecard (a .pdf file).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the PKCS#12 file, or the token&apos;s module, token and key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the scorecard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the scorecard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by %1. Saved as %2 in %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved (not signed) as %1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FactsEditor</name>
    <message>
        <source>key = value, one per line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1 needs the form key = value.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FeatureMenus</name>
    <message>
        <source>Ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xport this list to a spreadsheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export a &amp;recovery file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Emergency &amp;wipe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore another workspace from a recovery &amp;file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the public &amp;register…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;scorecard of the selected rating (signed)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;all scorecards…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Verify a signed PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ssess the selected initiative or company…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a list (e.g. Sites) to export it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder of the workspace to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assess</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an initiative or a company first, in its list or on the Ratings page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export scorecard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an initiative, company or site on the Ratings page first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About ACES Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACES Desktop %1

An offline, encrypted evidence workspace for documenting forced labour and rating companies and initiatives.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IndicatorChecklist</name>
    <message>
        <source>Source type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— not checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0 absent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 risk factor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2 medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3 strong</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkList</name>
    <message>
        <source>Sites (sources from, owns, supplies)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memberships of initiatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member companies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites covered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Companies linked to this site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiatives covering this site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected %1 (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected %1 (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the membership of %1 in %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the coverage of %1 by %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the link %1 — %2 (%3)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its history is kept, and the removal syncs like any change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkTableModel</name>
    <message>
        <source>Period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(missing record)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>until %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinksSection</name>
    <message>
        <source>Links</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListEditor</name>
    <message>
        <source>One per line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a new %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search names and text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List of records: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform>
            <numerusform>%n records</numerusform>
        </translation>
    </message>
    <message>
        <source>New %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sites yet. Sites are the factories, farms, mills and mines you audit: add one, or import a list of sites (CSV or JSON).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No companies yet. Companies are the brands, retailers, buyers and suppliers linked to sites: add one, or import them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No initiatives yet. Initiatives are the multi-stakeholder and industry schemes that are rated: add one, or import them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visits yet. A visit records when and how a site was audited; its findings grade the indicators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No findings yet. A finding grades one indicator at a site, usually during a visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No worker notes yet. Worker notes hold what workers said in interviews, under pseudonyms, and stay on this device unless consent allows more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No company responses yet. Record each request sent to a company and its answer; unanswered requests are flagged when overdue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This list is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the %1 “%2”? Its history is kept, but it leaves every list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>Sealed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Workspace locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is locked. Enter its passphrase to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock screen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Import records</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import files (*.json *.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 unchanged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACES Desktop — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Companies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits and findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company responses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open another workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import records…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh lists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About ACES Desktop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NamesEditor</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language (e.g. zh, ug)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a name in another script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected name</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NumberEditor</name>
    <message>
        <source>Enter a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a number, e.g. 31.25.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PersonsDialog</name>
    <message>
        <source>Persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The people who visit sites (auditors, researchers, interpreters); a visit&apos;s team is chosen from them. Names and contacts are personal data: they go to the coordinator in encrypted bundles and are never published or exported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PiiWarningDialog</name>
    <message>
        <source>Person name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID-document number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal data in this note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This note seems to contain %1 item(s) that can identify a person. Workers can be harmed if they are identified. Edit the note to remove them, or share it anyway if they are not personal data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RatingsPage</name>
    <message>
        <source>Ratings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scored yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compute every rating from the workspace and store today&apos;s snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transparent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accountable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not earned: evidence is insufficient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not earned: needs %1 in each dimension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicators checked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediation progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Companies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transparent, Scaled, Accountable per initiative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Companies per tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site risk by country and region</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediation progress over time (snapshots)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a rating to see how it was computed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Criterion, level and evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a piece of evidence to open its record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring past quarters for the trends (%1 of %2)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As of %1: %2 initiatives, %3 companies, %4 sites (rubric version %5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insufficient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grade %1, %2, coverage %3 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ssess…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Criteria, levels and evidence of the selected initiative or company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;evidence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add evidence for the selected criterion of this rating</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open the record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;evidence for %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modern-slavery statement (legal minimum)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membership credit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audits where assurance is impossible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company-response log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why this level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History (snapshots)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 snapshot(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>risk %1, remediation %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input hash %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, score %2, band %3, coverage %4 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rubric version %1, as of %2, input hash %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company response log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>decides the risk level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown: no evidence counted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earns %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>earns nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from a revoked device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Improver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Laggard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insufficient evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 other places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean remediation progress of sites (%)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem with %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal the visit with its findings and worker notes: they become final.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record a correction to this sealed record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This %1 is sealed: its record is final and cannot be changed. Use Amend to record a correction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes from %1 (UTC) were kept as a draft.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the %1 &apos;%2&apos;? Its history is kept, but it disappears from lists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal this visit? The visit, its findings and its worker notes become final: they can no longer be edited or deleted, only amended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seal visit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Type part of a name to search…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show all records to choose from</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecordsPicker</name>
    <message>
        <source>Type part of a name to add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected one from the list (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a record that is not in the list yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryExportDialog</name>
    <message>
        <source>Export recovery file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of shares</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shares needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also split the recovery key into shares for colleagues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery files (*.recovery)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose where to save the recovery file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give each share to a different person; any %1 of them open the recovery file. Write them on paper; they are not saved anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share %1 of %2:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryRestoreDialog</name>
    <message>
        <source>Restore from recovery file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or shares (one per line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New, again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery files (*.recovery)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefEditor</name>
    <message>
        <source>Choose a record from the list (type part of its name).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RefsEditor</name>
    <message>
        <source>Choose a record from the list (type part of its name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: chosen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegisterExportDialog</name>
    <message>
        <source>The register could not be written: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export the public register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes a static website (index.html) with the same data as CSV and JSON. Sites set to “withhold” are left out, sites published without address lose address and coordinates, and no worker statement or person name is written. Check the site disclosure settings before publishing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new or empty folder, or an earlier register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign the list of file hashes with this device&apos;s key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export date:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publisher:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiatives and companies appear only once a coordinator has marked their assessment ready to publish (Assess view, or aces publish ready):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting the register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written to %1: %2 initiatives, %3 companies, %4 sites (%5 withheld), %6 files%7.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left out, not marked ready to publish: %1 initiative(s), %2 company(ies).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponsesLog</name>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commitments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests to companies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue: no answer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 request(s), %2 overdue.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewList</name>
    <message>
        <source>Initiative or company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review before publication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not marked ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>marked not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left out</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout &amp;direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Lock after idle (minutes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layout direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default workspace folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Left to right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Right to left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings never hold a passphrase or a key; only preferences and folder paths.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SigningIdentityFields</name>
    <message>
        <source>PIN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by the organisation CA of this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PKCS#12 file (.p12, .pfx) the organisation holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A key on a PKCS#11 token or smart card</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 module:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key label:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SiteMergeDialog</name>
    <message>
        <source>Merge two sites?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge &apos;%2&apos; into &apos;%1&apos;? Every record that names &apos;%2&apos; will name &apos;%1&apos;; its names become aliases of &apos;%1&apos; and &apos;%2&apos; is deleted (both histories stay).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linked companies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged in: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>ACES Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to ACES Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your records stay in an encrypted workspace on this computer. Create one, open one you have, or look around in the demo workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an existing workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field (auditor or researcher)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinator (merges and publishes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Dhaka field team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At least %1 characters. A few unrelated words are easy to remember.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weak: make it longer, or use four or more words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fair: longer is safer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the new workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder for the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>This device: &lt;b&gt;%1&lt;/b&gt; (%2). Key fingerprint, to read aloud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Own key fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export and merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate sites</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust a device only after comparing its fingerprint with its owner, e.g. read aloud on the phone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add trusted device from file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this device&apos;s identity file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke device…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a lost or seized laptop: nothing it writes from now on is accepted, here or on the field devices that receive this coordinator&apos;s bundles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the device to revoke in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is revoked already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is &apos;%1&apos; revoked? (for example: laptop seized)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke this device?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke &apos;%1&apos; (%2)?

Nothing it writes from now on will be accepted, here or on any field device. What it sent before stays, marked as from a revoked device. This cannot be undone: the person enrols again with a new workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked &apos;%1&apos;. Export a bundle to the field devices so that they learn it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust this device?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust &apos;%1&apos; (%2)?

Fingerprint:
%3

Compare it with the one its owner reads to you before you continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save identity file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export bundle to folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything (not only what was not acknowledged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import and merge bundles…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why was it refused?…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused (reason)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export to folder or drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundle refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no one to export to yet: add the coordinator&apos;s identity file first, after comparing its fingerprint with the coordinator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no one to export to yet: add a field device&apos;s identity file first, after comparing its fingerprint with its owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting a bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1: %2 revisions, %3 attachments, for %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundles to merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync bundles (*.aces);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merging bundles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 bundle(s) merged, %3 refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 revision(s) wait for an earlier bundle from the same device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result (editable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep version A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep version B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the result column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a value to copy it into the result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep version %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep version %1 of %2 &apos;%3&apos; and set the other version aside? Both stay in the record&apos;s history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1 deletes the record.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved the conflict on &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept version %1 of &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merged &apos;%1&apos; into &apos;%2&apos;: %3 record(s) now name &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sealed record(s) keep naming &apos;%2&apos;, which stays for them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; was deleted; its history stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into site A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge into site B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not the same site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate sites (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Something went wrong and the work was not finished: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase of the workspace in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the workspace…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VerifyPdfDialog</name>
    <message>
        <source>Verify a signed scorecard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA certificate of the issuing organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The organisation CA of this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA certificate file (PEM or DER)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verify</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the PDF file to verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>organisation CA of this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA certificate to trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid: signed by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT VALID: do not rely on this file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scorecard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusting</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitLogger</name>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Finish and save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the visit, findings and notes (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;photos and documents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default source type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Site *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Method *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Date *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default s&amp;ource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: 0–3 grade · N not checked · Tab or Enter next row · type to write a note · F4 source type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Definition of the indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary of the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ummary of the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Worker K-17 (never a real name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the worker said</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add worker note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pseudonym *</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Consent scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Na&amp;rrative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker notes of this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove selected note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes to be saved with the visit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New visit — 1 of 3: site, method, date, team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New visit — 2 of 3: indicator checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New visit — 3 of 3: worker notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the site you visited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose how the visit was made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A visit you were logging on %1 (UTC) was not finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved: the visit with %1 findings and %2 worker notes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit saved: %1 findings and %2 worker notes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitsAndFindings</name>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits and findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings of this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the findings of the selected visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings of visit %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Wipe workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This destroys the workspace “%1” at once: its keys first, so nothing in it can be read again, then all its files. It cannot be undone. Copies elsewhere (backups, recovery files, bundles already sent) are not affected. Type the workspace&apos;s name to confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I understand that everything in it is lost for good</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wipe now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the workspace name and tick the confirmation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WorkspaceStatus</name>
    <message>
        <source>Workspace: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes made on this device that have not been exported in a sync bundle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lock state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsent changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsent changes: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Base</name>
    <message>
        <source>The new passphrase needs at least %1 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new passphrase is too easy to guess: make it longer, or use four or more unrelated words.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>schema</name>
    <message>
        <source>18 25</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>26 35</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>36 50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acronym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age band</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amended record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amends finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Announced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answered on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Brand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commitment met</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commitments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company–site link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Countries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Country</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desk research</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disclosure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Farm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Former</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In remediation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interviewed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Investor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Job role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Labour agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Letter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Media type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Membership</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names in other scripts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Observed on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offsite interviews</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Original name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Over 50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Period start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public anonymised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Publication decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready to publish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region of origin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region or province</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediated on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediation due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediation started on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remediation status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request sent on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Researcher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retailer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sha256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unannounced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under 18</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Until</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verified remediated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web form</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Website</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Withhold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worker note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workers covered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workforce size</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
