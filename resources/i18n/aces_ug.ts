<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ug" sourcelanguage="en">
<context>
    <name>AssessDialog</name>
    <message>
        <source>Assess — %1</source>
        <translation>باھالاش — %1</translation>
    </message>
</context>
<context>
    <name>AssessView</name>
    <message>
        <source>&amp;Add evidence…</source>
        <translation>ئىسپات &amp;قوشۇش…</translation>
    </message>
    <message>
        <source>Add evidence for the selected criterion (or press Enter on it)</source>
        <translation>تاللانغان ئۆلچەم ئۈچۈن ئىسپات قوشۇش (ياكى ئۇنىڭ ئۈستىدە Enter نى بېسىڭ)</translation>
    </message>
    <message>
        <source>&amp;Ready to publish</source>
        <translation>ئېلان قىلىشقا &amp;تەييار</translation>
    </message>
    <message>
        <source>Only assessments a coordinator marked ready appear in the public register and in batch scorecards.</source>
        <translation>پەقەت ماسلاشتۇرغۇچى تەييار دەپ بەلگە قويغان باھالاشلارلا ئاممىۋى تىزىملىكتە ۋە تۈركۈملەپ چىقىرىلغان باھا كارتىلىرىدا كۆرۈنىدۇ.</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>ئۆلچەم</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>سەۋىيە</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>ئىسپات</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>ئۆلچەملەر</translation>
    </message>
    <message>
        <source>Levels and evidence of the criterion</source>
        <translation>ئۆلچەمنىڭ سەۋىيەلىرى ۋە ئىسپاتلىرى</translation>
    </message>
    <message>
        <source>met</source>
        <translation>ماس كېلىدۇ</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>نامەلۇم</translation>
    </message>
    <message>
        <source>%1: %2, score %3, coverage %4 %</source>
        <translation>%1: %2، نومۇر %3، قاپلاش دائىرىسى %4 %</translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation>ئىسپات يېتەرسىز</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>نامەلۇم: %1</translation>
    </message>
    <message>
        <source>Every criterion has evidence.</source>
        <translation>ھەر بىر ئۆلچەمنىڭ ئىسپاتى بار.</translation>
    </message>
    <message>
        <source>Not marked ready to publish: it is left out of the register.</source>
        <translation>ئېلان قىلىشقا تەييار دەپ بەلگە قويۇلمىغان: ئۇ تىزىملىككە كىرگۈزۈلمەيدۇ.</translation>
    </message>
    <message>
        <source>Marked ready to publish on %1.</source>
        <translation>%1 دا ئېلان قىلىشقا تەييار دەپ بەلگە قويۇلغان.</translation>
    </message>
    <message>
        <source>Marked not ready to publish on %1.</source>
        <translation>%1 دا ئېلان قىلىشقا تەييار ئەمەس دەپ بەلگە قويۇلغان.</translation>
    </message>
    <message>
        <source>Only a coordinator can change this.</source>
        <translation>پەقەت ماسلاشتۇرغۇچىلا بۇنى ئۆزگەرتەلەيدۇ.</translation>
    </message>
    <message>
        <source>A gate, no points: without a current statement that is published, board approved and signed, the score is capped at %1.</source>
        <translation>دەرۋازا، نومۇر يوق: ئېلان قىلىنغان، مۇدىرىيەت تەستىقلىغان ۋە ئىمزالانغان نۆۋەتتىكى بايانات بولمىسا، نومۇر كۆپ دېگەندە %1 بولىدۇ.</translation>
    </message>
    <message>
        <source>Weight %1</source>
        <translation>ئېغىرلىقى %1</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>سەۋىيەلەر</translation>
    </message>
    <message>
        <source>earned</source>
        <translation>ئېرىشىلگەن</translation>
    </message>
    <message>
        <source>Unknown: no evidence counted.</source>
        <translation>نامەلۇم: ھېچقانداق ئىسپات ھېسابلانمىدى.</translation>
    </message>
    <message>
        <source>Add evidence to rate it (Enter or Alt+A).</source>
        <translation>باھا بېرىش ئۈچۈن ئىسپات قوشۇڭ (Enter ياكى Alt+A).</translation>
    </message>
    <message>
        <source>earns %1</source>
        <translation>%1 غا ئېرىشىدۇ</translation>
    </message>
    <message>
        <source>earns nothing</source>
        <translation>ھېچنېمىگە ئېرىشەلمەيدۇ</translation>
    </message>
</context>
<context>
    <name>AttachmentsWidget</name>
    <message>
        <source>&amp;Add files…</source>
        <translation>ھۆججەت &amp;قوشۇش…</translation>
    </message>
    <message>
        <source>Add files (or drop them here)</source>
        <translation>ھۆججەت قوشۇش (ياكى بۇ يەرگە تاشلاڭ)</translation>
    </message>
    <message>
        <source>Keep location and camera metadata</source>
        <translation>ئورۇن ۋە كامېرا مېتا سانلىق مەلۇماتىنى ساقلاش</translation>
    </message>
    <message>
        <source>Off by default: GPS position and camera details are removed from photos before they are stored, because they can identify people and places.</source>
        <translation>كۆڭۈلدىكىچە تاقاق: سۈرەتلەر ساقلىنىشتىن بۇرۇن GPS ئورنى ۋە كامېرا تەپسىلاتلىرى ئۆچۈرۈلىدۇ، چۈنكى ئۇلار كىشىلەر ۋە جايلارنى پەرقلەندۈرۈپ قويالايدۇ.</translation>
    </message>
    <message>
        <source>Consent scope of new attachments</source>
        <translation>يېڭى قوشۇمچىلارنىڭ رازىلىق دائىرىسى</translation>
    </message>
    <message>
        <source>&amp;Consent:</source>
        <translation>&amp;رازىلىق:</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;چىقىرىۋېتىش…</translation>
    </message>
    <message>
        <source>Remove the selected attachment from this record</source>
        <translation>تاللانغان قوشۇمچىنى بۇ خاتىرىدىن چىقىرىۋېتىش</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>قوشۇلغان ھۆججەتلەر</translation>
    </message>
    <message>
        <source>Drop files here or use Add files.</source>
        <translation>ھۆججەتلەرنى بۇ يەرگە تاشلاڭ ياكى «ھۆججەت قوشۇش» نى ئىشلىتىڭ.</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>ئالدىن كۆرۈش</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>ھۆججەت تەپسىلاتى</translation>
    </message>
    <message>
        <source>SHA-256 of the stored file</source>
        <translation>ساقلانغان ھۆججەتنىڭ SHA-256 قىممىتى</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256:</translation>
    </message>
    <message>
        <source>No preview for %1</source>
        <translation>%1 نى ئالدىن كۆرگىلى بولمايدۇ</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>ئۆچۈرۈلدى</translation>
    </message>
    <message>
        <source>kept (or none to remove)</source>
        <translation>ساقلاندى (ياكى ئۆچۈرىدىغىنى يوق)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 bytes&lt;br&gt;Photo metadata: %4&lt;br&gt;Consent: %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 بايت&lt;br&gt;سۈرەت مېتا سانلىق مەلۇماتى: %4&lt;br&gt;رازىلىق: %5</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>جەزملەشتۈرۈڭ</translation>
    </message>
    <message>
        <source>Remove %1 from this record?</source>
        <translation>%1 بۇ خاتىرىدىن چىقىرىۋېتىلسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>چىقىرىۋېتىش</translation>
    </message>
    <message>
        <source>Attachment removed.</source>
        <translation>قوشۇمچە چىقىرىۋېتىلدى.</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>ھۆججەت قوشۇش</translation>
    </message>
    <message>
        <source>Not attached: %1</source>
        <translation>قوشۇلمىدى: %1</translation>
    </message>
    <message>
        <source>%1 file(s) attached.</source>
        <translation>%1 ھۆججەت قوشۇلدى.</translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message>
        <source>Export all scorecards</source>
        <translation>بارلىق باھا كارتىلىرىنى چىقىرىش</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>قىسقۇچ:</translation>
    </message>
    <message>
        <source>Scorecards:</source>
        <translation>باھا كارتىلىرى:</translation>
    </message>
    <message>
        <source>All</source>
        <translation>ھەممىسى</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>تەشەببۇسلار</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>شىركەتلەر</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>ئورۇنلار</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>كۆرۈش…</translation>
    </message>
    <message>
        <source>Sign every scorecard with the organisation certificate</source>
        <translation>ھەر بىر باھا كارتىسىغا تەشكىلات گۇۋاھنامىسى بىلەن ئىمزا قويۇش</translation>
    </message>
    <message>
        <source>Include sites withheld from publication and assessments not marked ready to publish (confidential)</source>
        <translation>ئېلان قىلىنىشتىن توسۇلغان ئورۇنلار ۋە ئېلان قىلىشقا تەييار دەپ بەلگە قويۇلمىغان باھالاشلارنىمۇ ئۆز ئىچىگە ئېلىش (مەخپىي)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>چىقىرىش</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>بىكار قىلىش</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>تاقاش</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>قىسقۇچ تاللاڭ</translation>
    </message>
    <message>
        <source>Choose a folder for the scorecards.</source>
        <translation>باھا كارتىلىرى ئۈچۈن قىسقۇچ تاللاڭ.</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>نومۇر ھېسابلاۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Writing scorecards</source>
        <translation>باھا كارتىلىرى يېزىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Cancelling… (scorecards already written are kept)</source>
        <translation>بىكار قىلىنىۋاتىدۇ… (يېزىلىپ بولغان باھا كارتىلىرى ساقلىنىدۇ)</translation>
    </message>
    <message>
        <source>Writing scorecard %1 of %2…</source>
        <translation>%2 باھا كارتىسىنىڭ %1-سى يېزىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <source>%1 scorecards written (%2 signed) to %3</source>
        <translation>%1 باھا كارتىسى (%2 سى ئىمزالانغان) %3 غا يېزىلدى</translation>
    </message>
    <message>
        <source>%1 initiatives and companies not marked ready to publish were skipped.</source>
        <translation>ئېلان قىلىشقا تەييار دەپ بەلگە قويۇلمىغان %1 تەشەببۇس ۋە شىركەت ئاتلاپ ئۆتۈلدى.</translation>
    </message>
    <message>
        <source>Cancelled. Scorecards already written in the folder are complete.</source>
        <translation>بىكار قىلىندى. قىسقۇچتا يېزىلىپ بولغان باھا كارتىلىرى تولۇق.</translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Not known</source>
        <translation>نامەلۇم</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>ھەئە</translation>
    </message>
    <message>
        <source>No</source>
        <translation>ياق</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation>مەخپىي ئىبارىنى ئۆزگەرتىش</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>نۆۋەتتىكى مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>يېڭى مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>New, again</source>
        <translation>يېڭى، قايتا</translation>
    </message>
    <message>
        <source>Give the database a new key (recommended)</source>
        <translation>ساندانغا يېڭى ئاچقۇچ بېرىش (تەۋسىيە قىلىنىدۇ)</translation>
    </message>
    <message>
        <source>With a new key, a copy of the old key file no longer opens the workspace, and recovery files made before become useless: export a new one afterwards. If the change is interrupted, the old passphrase still works.</source>
        <translation>يېڭى ئاچقۇچ بىلەن، كونا ئاچقۇچ ھۆججىتىنىڭ كۆپەيتمىسى خىزمەت بوشلۇقىنى ئاچالمايدۇ، ئىلگىرى ياسالغان ئەسلىگە كەلتۈرۈش ھۆججەتلىرى ئىشلىمەيدۇ: كېيىن يېڭىسىنى چىقىرىڭ. ئۆزگەرتىش ئۈزۈلۈپ قالسا، كونا مەخپىي ئىبارە يەنىلا ئىشلەيدۇ.</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>ئۈلگە خىزمەت بوشلۇقى تەييارلىنىۋاتىدۇ…</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>Pick a date</source>
        <translation>چېسلا تاللاش</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Record details</source>
        <translation>خاتىرە تەپسىلاتى</translation>
    </message>
    <message>
        <source>Photos and documents…</source>
        <translation>رەسىم ۋە ھۆججەتلەر…</translation>
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation>تەپسىلاتىنى كۆرۈش ئۈچۈن بىر خاتىرە تاللاڭ.</translation>
    </message>
    <message>
        <source>A&amp;ssess: criteria and evidence…</source>
        <translation>&amp;باھالاش: ئۆلچەم ۋە ئىسپاتلار…</translation>
    </message>
    <message>
        <source>Rate it criterion by criterion (Ctrl+Shift+R)</source>
        <translation>ئۆلچەم بويىچە بىرمۇبىر باھا بېرىش (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Written by a revoked device: %1</source>
        <translation>بىكار قىلىنغان ئۈسكۈنە يازغان: %1</translation>
    </message>
    <message>
        <source>(missing record)</source>
        <translation>(يوقالغان خاتىرە)</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>ھەئە</translation>
    </message>
    <message>
        <source>No</source>
        <translation>ياق</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>ACES Desktop</source>
        <translation>ACES Desktop</translation>
    </message>
</context>
<context>
    <name>EditingHub</name>
    <message>
        <source>Log a &amp;visit…</source>
        <translation>&amp;زىيارەت خاتىرىلەش…</translation>
    </message>
    <message>
        <source>&amp;Attachments of the selected record…</source>
        <translation>تاللانغان خاتىرىنىڭ &amp;قوشۇمچىلىرى…</translation>
    </message>
    <message>
        <source>&amp;Outreach log…</source>
        <translation>&amp;ئالاقە خاتىرىسى…</translation>
    </message>
    <message>
        <source>&amp;Persons (auditors, interpreters)…</source>
        <translation>&amp;كىشىلەر (تەپتىشچىلەر، تەرجىمانلار)…</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>زىيارەت خاتىرىلەش</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>قوشۇمچىلار</translation>
    </message>
    <message>
        <source>Select a site, visit, finding, worker note, company or company response first; its photos and documents are shown here.</source>
        <translation>ئالدى بىلەن بىر ئورۇن، زىيارەت، بايقاش، ئىشچى خاتىرىسى، شىركەت ياكى شىركەت جاۋابىنى تاللاڭ؛ ئۇنىڭ سۈرەت ۋە ھۆججەتلىرى بۇ يەردە كۆرسىتىلىدۇ.</translation>
    </message>
    <message>
        <source>Outreach log</source>
        <translation>ئالاقە خاتىرىسى</translation>
    </message>
</context>
<context>
    <name>EnumEditor</name>
    <message>
        <source>(not set)</source>
        <translation>(بەلگىلەنمىگەن)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>تاللاش…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>is already the id of a %1</source>
        <comment>already_id</comment>
        <translation>ئاللىبۇرۇن بىر %1 نىڭ كىملىكى</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was already revoked on %2 (%3).</source>
        <comment>already_revoked</comment>
        <translation>&apos;%1&apos; %2 دا بىكار قىلىنغان (%3).</translation>
    </message>
    <message>
        <source>This visit is already sealed.</source>
        <comment>already_sealed</comment>
        <translation>بۇ زىيارەت ئاللىبۇرۇن پېچەتلەنگەن.</translation>
    </message>
    <message>
        <source>Another change (a merge or an import) is being written to the workspace; nothing was saved. Try again when it has finished.</source>
        <comment>another_change_merge_import_being</comment>
        <translation>خىزمەت بوشلۇقىغا باشقا بىر ئۆزگىرىش (بىرلەشتۈرۈش ياكى ئەكىرىش) يېزىلىۋاتىدۇ؛ ھېچنېمە ساقلانمىدى. ئۇ تۈگىگەندە قايتا سىناڭ.</translation>
    </message>
    <message>
        <source>Another program has been checking a passphrase of this workspace for a minute; try again when it has finished.</source>
        <comment>another_program_been_checking_passphrase</comment>
        <translation>باشقا بىر پروگرامما بىر مىنۇتتىن بېرى بۇ خىزمەت بوشلۇقىنىڭ مەخپىي ئىبارىسىنى تەكشۈرۈۋاتىدۇ؛ ئۇ تۈگىگەندە قايتا سىناڭ.</translation>
    </message>
    <message>
        <source>The application&apos;s database migrations are missing.</source>
        <comment>application_database_migrations_missing</comment>
        <translation>پروگراممىنىڭ ساندان كۆچۈرۈش ھۆججەتلىرى يوق.</translation>
    </message>
    <message>
        <source>the archive end marker is damaged or truncated</source>
        <comment>archive_end_marker_damaged_truncated</comment>
        <translation>ئارخىپنىڭ ئاخىرلىشىش بەلگىسى بۇزۇلغان ياكى كېسىلگەن</translation>
    </message>
    <message>
        <source>must be at least %1</source>
        <comment>at_least</comment>
        <translation>كەم دېگەندە %1 بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>must be at most %1</source>
        <comment>at_most</comment>
        <translation>كۆپ دېگەندە %1 بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>attachment %1… is %2 bytes but its record declares %3</source>
        <comment>attachment_bytes_but_record_declares</comment>
        <translation>قوشۇمچە %1… %2 بايت، لېكىن ئۇنىڭ خاتىرىسى %3 دەپ بايان قىلغان</translation>
    </message>
    <message>
        <source>attachment %1… does not match its name</source>
        <comment>attachment_does_not_match_name</comment>
        <translation>قوشۇمچە %1… ئۆز نامىغا ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>The attachment file %1 is damaged (%2).</source>
        <comment>attachment_file_damaged</comment>
        <translation>قوشۇمچە ھۆججەت %1 بۇزۇلغان (%2).</translation>
    </message>
    <message>
        <source>attachment &apos;%1&apos; is larger than the limit</source>
        <comment>attachment_larger_limit</comment>
        <translation>&apos;%1&apos; قوشۇمچىسى چەكتىن چوڭ</translation>
    </message>
    <message>
        <source>The attachment %1… is not in this workspace&apos;s file store.</source>
        <comment>attachment_not_workspace_file_store</comment>
        <translation>%1… قوشۇمچىسى بۇ خىزمەت بوشلۇقىنىڭ ھۆججەت ئامبىرىدا يوق.</translation>
    </message>
    <message>
        <source>key &apos;%1&apos; must be lowercase letters, digits or _</source>
        <comment>bad_fact_key</comment>
        <translation>&apos;%1&apos; ئاچقۇچى كىچىك ھەرپ، رەقەم ياكى _ بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be text, a number, true/false or null</source>
        <comment>bad_fact_value</comment>
        <translation>&apos;%1&apos; تېكىست، سان، true/false ياكى null بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>give both latitude and longitude, or neither</source>
        <comment>both_coordinates</comment>
        <translation>كەڭلىك ۋە ئۇزۇنلۇقنىڭ ھەر ئىككىسىنى بېرىڭ ياكى ھېچقايسىسىنى بەرمەڭ</translation>
    </message>
    <message>
        <source>Both records must be sites.</source>
        <comment>both_records_must_sites</comment>
        <translation>ھەر ئىككى خاتىرە ئورۇن بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>%1: the bundle changed while it was being merged</source>
        <comment>bundle_changed_while_being_merged</comment>
        <translation>%1: بولاق بىرلەشتۈرۈلۈۋاتقاندا ئۆزگەرگەن</translation>
    </message>
    <message>
        <source>the bundle changed while it was being merged</source>
        <comment>bundle_changed_while_being_merged_2</comment>
        <translation>بولاق بىرلەشتۈرۈلۈۋاتقاندا ئۆزگەرگەن</translation>
    </message>
    <message>
        <source>the bundle content is truncated (archive ends mid-way)</source>
        <comment>bundle_content_truncated_archive_ends</comment>
        <translation>بولاق مەزمۇنى كېسىلگەن (ئارخىپ ئوتتۇرىدا ئاخىرلىشىدۇ)</translation>
    </message>
    <message>
        <source>the bundle content is truncated (a member ends early)</source>
        <comment>bundle_content_truncated_member_ends</comment>
        <translation>بولاق مەزمۇنى كېسىلگەن (بىر ئەزا بالدۇر ئاخىرلىشىدۇ)</translation>
    </message>
    <message>
        <source>its signature is not valid for the trusted key of &apos;%1&apos;: the bundle was altered or forged</source>
        <comment>bundle_forged</comment>
        <translation>ئۇنىڭ ئىمزاسى &apos;%1&apos; نىڭ ئىشەنچلىك ئاچقۇچى ئۈچۈن ئىناۋەتسىز: بولاق ئۆزگەرتىلگەن ياكى ساختا</translation>
    </message>
    <message>
        <source>it uses bundle format version 1, made by an older version of ACES Desktop without authorship signatures; update ACES Desktop on the sending device and export the bundle again</source>
        <comment>bundle_format_1</comment>
        <translation>ئۇ 1-نەشرلىك بولاق فورماتىنى ئىشلىتىدۇ، ئاپتورلۇق ئىمزاسى يوق كونا ACES Desktop ياسىغان؛ ئەۋەتكۈچى ئۈسكۈنىدە ACES Desktop نى يېڭىلاپ، بولاقنى قايتا چىقىرىڭ</translation>
    </message>
    <message>
        <source>it uses bundle format version %1, newer than this version of ACES Desktop reads (%2); update ACES Desktop to merge it</source>
        <comment>bundle_format_newer</comment>
        <translation>ئۇ %1-نەشرلىك بولاق فورماتىنى ئىشلىتىدۇ، بۇ ACES Desktop نەشرى ئوقۇيدىغىنىدىن (%2) يېڭى؛ بىرلەشتۈرۈش ئۈچۈن ACES Desktop نى يېڭىلاڭ</translation>
    </message>
    <message>
        <source>it was made by this workspace itself</source>
        <comment>bundle_from_itself</comment>
        <translation>ئۇنى بۇ خىزمەت بوشلۇقىنىڭ ئۆزى ياسىغان</translation>
    </message>
    <message>
        <source>it comes from &apos;%1&apos;, a device revoked on %2 (%3)</source>
        <comment>bundle_from_revoked</comment>
        <translation>ئۇ &apos;%1&apos; دىن كەلگەن، بۇ ئۈسكۈنە %2 دا بىكار قىلىنغان (%3)</translation>
    </message>
    <message>
        <source>the bundle has more than %1 members</source>
        <comment>bundle_more_members</comment>
        <translation>بولاقتا %1 دىن ئارتۇق ئەزا بار</translation>
    </message>
    <message>
        <source>it was made with a newer record schema (version %1; this version of ACES Desktop knows %2); update ACES Desktop</source>
        <comment>bundle_newer_schema</comment>
        <translation>ئۇ يېڭى خاتىرە قېلىپى بىلەن ياسالغان (%1-نەشر؛ بۇ ACES Desktop %2 نى بىلىدۇ)؛ ACES Desktop نى يېڭىلاڭ</translation>
    </message>
    <message>
        <source>it belongs to another organisation or workspace (replayed from elsewhere?)</source>
        <comment>bundle_other_organisation</comment>
        <translation>ئۇ باشقا تەشكىلات ياكى خىزمەت بوشلۇقىغا تەۋە (باشقا يەردىن قايتا ئەۋەتىلگەنمۇ؟)</translation>
    </message>
    <message>
        <source>it was made for another workspace, not for this one</source>
        <comment>bundle_other_recipient</comment>
        <translation>ئۇ بۇ خىزمەت بوشلۇقى ئۈچۈن ئەمەس، باشقا خىزمەت بوشلۇقى ئۈچۈن ياسالغان</translation>
    </message>
    <message>
        <source>%1 is refused: %2.</source>
        <comment>bundle_refused</comment>
        <translation>%1 رەت قىلىندى: %2.</translation>
    </message>
    <message>
        <source>it is truncated: the signed manifest is missing</source>
        <comment>bundle_truncated</comment>
        <translation>ئۇ كېسىلگەن: ئىمزالانغان تىزىملىك يوق</translation>
    </message>
    <message>
        <source>the sender&apos;s key fingerprint does not match the trusted key of &apos;%1&apos;</source>
        <comment>bundle_wrong_fingerprint</comment>
        <translation>ئەۋەتكۈچىنىڭ ئاچقۇچ بارماق ئىزى &apos;%1&apos; نىڭ ئىشەنچلىك ئاچقۇچىغا ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <comment>cancelled</comment>
        <translation>بىكار قىلىندى.</translation>
    </message>
    <message>
        <source>Cannot export to &apos;%1&apos;: the file name must end in .xlsx or .csv.</source>
        <comment>cannot_export_file_name_must</comment>
        <translation>&apos;%1&apos; غا چىقارغىلى بولمايدۇ: ھۆججەت نامى .xlsx ياكى .csv بىلەن ئاخىرلىشىشى كېرەك.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <comment>cannot_read</comment>
        <translation>%1 نى ئوقۇغىلى بولمىدى: %2.</translation>
    </message>
    <message>
        <source>Cannot read the trust certificate %1: %2.</source>
        <comment>cannot_read_trust_certificate</comment>
        <translation>ئىشەنچ گۇۋاھنامىسى %1 نى ئوقۇغىلى بولمىدى: %2.</translation>
    </message>
    <message>
        <source>%1: it carries a %2 whose consent keeps it on its device</source>
        <comment>carries_whose_consent_keeps_device</comment>
        <translation>%1: ئۇنىڭدا رازىلىقى ئۆز ئۈسكۈنىسىدە ساقلاشنى تەلەپ قىلىدىغان %2 بار</translation>
    </message>
    <message>
        <source>%1: a change has no content hash</source>
        <comment>change_no_content_hash</comment>
        <translation>%1: بىر ئۆزگىرىشنىڭ مەزمۇن خەش قىممىتى يوق</translation>
    </message>
    <message>
        <source>Choose a new passphrase for the restored workspace.</source>
        <comment>choose_new_passphrase_restored_workspace</comment>
        <translation>ئەسلىگە كەلتۈرۈلگەن خىزمەت بوشلۇقى ئۈچۈن يېڭى مەخپىي ئىبارە تاللاڭ.</translation>
    </message>
    <message>
        <source>Choose two different sites to merge.</source>
        <comment>choose_two_different_sites_merge</comment>
        <translation>بىرلەشتۈرۈش ئۈچۈن ئوخشىمايدىغان ئىككى ئورۇن تاللاڭ.</translation>
    </message>
    <message>
        <source>Choose a version (--choose REV) or give combined content.</source>
        <comment>choose_version_choose_rev_give</comment>
        <translation>بىر نۇسخىنى تاللاڭ (--choose REV) ياكى بىرلەشتۈرۈلگەن مەزمۇن بېرىڭ.</translation>
    </message>
    <message>
        <source>%1: its logical clock (%2) is further ahead of this workspace&apos;s (%3) than any honest device could be</source>
        <comment>clock_too_far_ahead</comment>
        <translation>%1: ئۇنىڭ لوگىكىلىق سائىتى (%2) بۇ خىزمەت بوشلۇقىنىڭكىدىن (%3) ھەرقانداق سەمىمىي ئۈسكۈنە يېتەلمەيدىغان دەرىجىدە ئالدىدا</translation>
    </message>
    <message>
        <source>%1: the content does not match its hash</source>
        <comment>content_does_not_match_hash</comment>
        <translation>%1: مەزمۇن ئۆز خەش قىممىتىگە ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>%1: the content has invalid text encoding</source>
        <comment>content_invalid_text_encoding</comment>
        <translation>%1: مەزمۇننىڭ تېكىست كودلىنىشى ئىناۋەتسىز</translation>
    </message>
    <message>
        <source>This store holds text encrypted with the organisation&apos;s key, which this workspace does not have or which does not fit: only coordinators of the organisation (joined with an invitation) can read it.</source>
        <comment>content_key_missing</comment>
        <translation>بۇ ئامباردا تەشكىلاتنىڭ ئاچقۇچى بىلەن شىفىرلانغان تېكىست بار، بۇ خىزمەت رايونىدا ئۇ ئاچقۇچ يوق ياكى ماس كەلمەيدۇ: پەقەت تەشكىلاتنىڭ ماسلاشتۇرغۇچىلىرى (تەكلىپ بىلەن قوشۇلغانلار) ئوقۇيالايدۇ.</translation>
    </message>
    <message>
        <source>%1: the %2 content is not in canonical form</source>
        <comment>content_not_canonical_form</comment>
        <translation>%1: %2 مەزمۇنى ئۆلچەملىك شەكىلدە ئەمەس</translation>
    </message>
    <message>
        <source>%1: the content is not an object</source>
        <comment>content_not_object</comment>
        <translation>%1: مەزمۇن ئوبيېكت ئەمەس</translation>
    </message>
    <message>
        <source>contains control characters</source>
        <comment>control_characters</comment>
        <translation>كونترول ھەرپلىرى بار</translation>
    </message>
    <message>
        <source>That coordinator belongs to another organisation than the coordinator(s) this workspace already trusts.</source>
        <comment>coordinator_belongs_another_organisation_coordin</comment>
        <translation>ئۇ ماسلاشتۇرغۇچى بۇ خىزمەت بوشلۇقى ئاللىبۇرۇن ئىشىنىدىغان ماسلاشتۇرغۇچىلاردىن باشقا بىر تەشكىلاتقا تەۋە.</translation>
    </message>
    <message>
        <source>%1: line 1: the header names column(s) %2 more than once; each column may appear only once.</source>
        <comment>csv_column_twice</comment>
        <translation>%1: 1-قۇر: ماۋزۇ قۇرىدا %2 ئىستون(لار) بىر قېتىمدىن ئارتۇق تىلغا ئېلىنغان؛ ھەر بىر ئىستون پەقەت بىر قېتىم كۆرۈنسە بولىدۇ.</translation>
    </message>
    <message>
        <source>%1: the CSV file has no header row.</source>
        <comment>csv_no_header</comment>
        <translation>%1: CSV ھۆججىتىدە ماۋزۇ قۇرى يوق.</translation>
    </message>
    <message>
        <source>%1: line %2: %3.</source>
        <comment>csv_problem</comment>
        <translation>%1: %2-قۇر: %3.</translation>
    </message>
    <message>
        <source>%1: line %2 has more values than the header has columns.</source>
        <comment>csv_too_many_values</comment>
        <translation>%1: %2-قۇردىكى قىممەتلەر ماۋزۇدىكى ئىستونلاردىن كۆپ.</translation>
    </message>
    <message>
        <source>%1: unknown column(s) %2.</source>
        <comment>csv_unknown_columns</comment>
        <translation>%1: نامەلۇم ئىستون(لار) %2.</translation>
    </message>
    <message>
        <source>%1 is damaged or truncated: it cannot be read as a PDF (%2).</source>
        <comment>damaged_truncated_cannot_read_pdf</comment>
        <translation>%1 بۇزۇلغان ياكى كېسىلگەن: ئۇنى PDF سۈپىتىدە ئوقۇغىلى بولمايدۇ (%2).</translation>
    </message>
    <message>
        <source>This database already holds an ACES store; a second coordinator joins it with an invitation (aces org invite on a coordinator, then aces init --join).</source>
        <comment>database_already_holds_store</comment>
        <translation>بۇ ساندان ئاللىبۇرۇن بىر ACES ئامبىرىنى ساقلايدۇ؛ ئىككىنچى ماسلاشتۇرغۇچى ئۇنىڭغا تەكلىپنامە بىلەن قوشۇلىدۇ (ماسلاشتۇرغۇچىدا aces org invite، ئاندىن aces init --join).</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL database: %1</source>
        <comment>database_cannot_connect</comment>
        <translation>PostgreSQL ساندانىغا ئۇلانغىلى بولمىدى: %1</translation>
    </message>
    <message>
        <source>This database holds no ACES store yet; the coordinator that created the store must invite with its own database URL.</source>
        <comment>database_holds_no_store</comment>
        <translation>بۇ ساندان تېخى ACES ئامبىرىنى ساقلىمايدۇ؛ ئامبارنى قۇرغان ماسلاشتۇرغۇچى ئۆزىنىڭ ساندان URL ى بىلەن تەكلىپ قىلىشى كېرەك.</translation>
    </message>
    <message>
        <source>The connection to the PostgreSQL server %1 would not be encrypted: add sslmode=verify-full (or verify-ca, require) to the URL. Only a local socket or localhost may go without TLS.</source>
        <comment>database_needs_tls</comment>
        <translation>PostgreSQL مۇلازىمېتىرى %1 بىلەن بولغان ئۇلىنىش شىفىرلانمايدۇ: URL غا sslmode=verify-full (ياكى verify-ca، require) نى قوشۇڭ. پەقەت يەرلىك socket ياكى localhost نىلا TLS سىز ئىشلىتىشكە بولىدۇ.</translation>
    </message>
    <message>
        <source>This database already has tables that are not an ACES store (%1); give an empty database.</source>
        <comment>database_not_empty</comment>
        <translation>بۇ ساندان ئاللىبۇرۇن ACES ئامبىرى بولمىغان جەدۋەللەرگە ئىگە (%1)؛ قۇرۇق ساندان بېرىڭ.</translation>
    </message>
    <message>
        <source>Only a coordinator workspace keeps its data in PostgreSQL; field devices stay on their encrypted workspace file.</source>
        <comment>database_only_coordinator</comment>
        <translation>پەقەت ماسلاشتۇرغۇچى خىزمەت بوشلۇقىلا سانلىق مەلۇماتىنى PostgreSQL دا ساقلايدۇ؛ دالا ئۈسكۈنىلىرى شىفىرلانغان خىزمەت بوشلۇقى ھۆججىتىدە قالىدۇ.</translation>
    </message>
    <message>
        <source>This database holds the store of another organisation than the invitation&apos;s.</source>
        <comment>database_other_organisation</comment>
        <translation>بۇ ساندان تەكلىپنامىدىكىدىن باشقا بىر تەشكىلاتنىڭ ئامبىرىنى ساقلايدۇ.</translation>
    </message>
    <message>
        <source>There is no PostgreSQL role &apos;%1&apos;: the database administrator creates it first (CREATE ROLE %1 LOGIN PASSWORD &apos;…&apos;, see docs/hub.md).</source>
        <comment>database_role_missing</comment>
        <translation>&apos;%1&apos; دېگەن PostgreSQL رولى يوق: ساندان باشقۇرغۇچى ئاۋۋال ئۇنى قۇرسۇن (CREATE ROLE %1 LOGIN PASSWORD &apos;…&apos;، docs/hub.md غا قاراڭ).</translation>
    </message>
    <message>
        <source>The store must be upgraded from schema %1 to %2, and this workspace&apos;s database role may not change tables. Back the database up (pg_dump), then run: aces org upgrade-store --owner-url URL (the URL of the role owning the database).</source>
        <comment>database_upgrade_needs_owner</comment>
        <translation>ئامبارنى %1 لايىھەسىدىن %2 گە يېڭىلاش كېرەك، بۇ خىزمەت رايونىنىڭ ساندان رولى جەدۋەللەرنى ئۆزگەرتەلمەيدۇ. ئاۋۋال ساندانى زاپاسلاڭ (pg_dump)، ئاندىن بۇنى ئىجرا قىلىڭ: aces org upgrade-store --owner-url URL (ساندانغا ئىگە رولنىڭ URL ى).</translation>
    </message>
    <message>
        <source>The PostgreSQL URL must name the role to log in as (postgresql://role:password@host/db).</source>
        <comment>database_url_needs_user</comment>
        <translation>PostgreSQL URL دا كىرىدىغان رول كۆرسىتىلىشى كېرەك (postgresql://role:password@host/db).</translation>
    </message>
    <message>
        <source>The database must be a PostgreSQL URL (postgresql://user:password@host/database).</source>
        <comment>database_url_not_postgresql</comment>
        <translation>ساندان PostgreSQL URL ى بولۇشى كېرەك (postgresql://user:password@host/database).</translation>
    </message>
    <message>
        <source>must be a date in the form YYYY-MM-DD</source>
        <comment>date_form</comment>
        <translation>YYYY-MM-DD شەكلىدىكى چېسلا بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>%1 is out of range: dates run from %2 to %3</source>
        <comment>date_out_of_range</comment>
        <translation>%1 دائىرىدىن ھالقىپ كەتتى: چېسلا %2 دىن %3 گىچە بولىدۇ</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; expands to more than %2 bytes when decompressed (a decompression bomb?)</source>
        <comment>decompression_bomb</comment>
        <translation>&apos;%1&apos; ئەزاسى يېشىلگەندە %2 بايتتىن ئېشىپ كېتىدۇ (پرېسلاش بومبىسىمۇ؟)</translation>
    </message>
    <message>
        <source>%1: a deletion carries content</source>
        <comment>deletion_carries_content</comment>
        <translation>%1: ئۆچۈرۈشتە مەزمۇن بار</translation>
    </message>
    <message>
        <source>%1: a deletion carries a content hash</source>
        <comment>deletion_carries_content_hash</comment>
        <translation>%1: ئۆچۈرۈشتە مەزمۇن خەش قىممىتى بار</translation>
    </message>
    <message>
        <source>Device &apos;%1&apos; (%2) is already known with a different key. If it was re-installed, remove the old entry first.</source>
        <comment>device_already_known_different_key</comment>
        <translation>&apos;%1&apos; (%2) ئۈسكۈنىسى باشقا ئاچقۇچ بىلەن ئاللىبۇرۇن تونۇلغان. ئەگەر قايتا ئورنىتىلغان بولسا، ئالدى بىلەن كونا يازمىنى ئۆچۈرۈڭ.</translation>
    </message>
    <message>
        <source>device %1 revision %2</source>
        <comment>device_revision</comment>
        <translation>%1 ئۈسكۈنىسىنىڭ %2 نۇسخىسى</translation>
    </message>
    <message>
        <source>device %1 revision %2: it names as parent a revision of another record</source>
        <comment>device_revision_names_parent_revision</comment>
        <translation>%1 ئۈسكۈنىسىنىڭ %2 نۇسخىسى: ئۇ باشقا بىر خاتىرىنىڭ نۇسخىسىنى ئاتا قىلىپ كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>device %1 revision %2: the revisions are not covered by their author&apos;s signature (forged or altered?)</source>
        <comment>device_revision_revisions_not_covered</comment>
        <translation>%1 ئۈسكۈنىسىنىڭ %2 نۇسخىسى: نۇسخىلار ئاپتورىنىڭ ئىمزاسى ئىچىدە ئەمەس (ساختىلاشتۇرۇلغانمۇ ياكى ئۆزگەرتىلگەنمۇ؟)</translation>
    </message>
    <message>
        <source>device %1 revision %2: the signature of its author &apos;%3&apos; over these revisions is not valid (forged or altered?)</source>
        <comment>device_revision_signature_author_over</comment>
        <translation>%1 ئۈسكۈنىسىنىڭ %2 نۇسخىسى: ئاپتور &apos;%3&apos; نىڭ بۇ نۇسخىلار ئۈستىدىكى ئىمزاسى ئىناۋەتسىز (ساختىلاشتۇرۇلغانمۇ ياكى ئۆزگەرتىلگەنمۇ؟)</translation>
    </message>
    <message>
        <source>device %1 revision %2: it was written after &apos;%3&apos; was revoked (%4)</source>
        <comment>device_revision_written_after_revoked</comment>
        <translation>%1 ئۈسكۈنىسىنىڭ %2 نۇسخىسى: ئۇ &apos;%3&apos; بىكار قىلىنغاندىن كېيىن يېزىلغان (%4)</translation>
    </message>
    <message>
        <source>%1: the device&apos;s revisions are not contiguous</source>
        <comment>device_revisions_not_contiguous</comment>
        <translation>%1: ئۈسكۈنىنىڭ نۇسخىلىرى ئۈزۈلمەس ئەمەس</translation>
    </message>
    <message>
        <source>Device &apos;%1&apos; (%2) was revoked on %3 (%4). A revoked device cannot be trusted again; to enrol the same person, create a new workspace on their laptop and trust its identity file.</source>
        <comment>device_revoked_revoked_device_cannot</comment>
        <translation>&apos;%1&apos; (%2) ئۈسكۈنىسى %3 دا بىكار قىلىنغان (%4). بىكار قىلىنغان ئۈسكۈنىگە قايتا ئىشەنگىلى بولمايدۇ؛ شۇ كىشىنى تىزىملىتىش ئۈچۈن ئۇنىڭ كومپيۇتېرىدا يېڭى خىزمەت بوشلۇقى قۇرۇپ، ئۇنىڭ كىملىك ھۆججىتىگە ئىشىنىڭ.</translation>
    </message>
    <message>
        <source>%1 different share(s) given, but %2 of %3 are needed to open this recovery file.</source>
        <comment>different_share_given_but_needed</comment>
        <translation>%1 خىل ئوخشىمىغان ئۈلۈش بېرىلدى، لېكىن بۇ ئەسلىگە كەلتۈرۈش ھۆججىتىنى ئېچىش ئۈچۈن %3 ئۈلۈشتىن %2 سى كېرەك.</translation>
    </message>
    <message>
        <source>%1: differs from the revision already received with that number (a forged or forked chain)</source>
        <comment>differs_revision_already_received_number</comment>
        <translation>%1: شۇ نومۇر بىلەن ئاللىبۇرۇن تاپشۇرۇۋېلىنغان نۇسخىدىن پەرقلىنىدۇ (ساختا ياكى ئايرىلغان زەنجىر)</translation>
    </message>
    <message>
        <source>%1: does not link to the revision already received before it (a forged or forked chain)</source>
        <comment>does_not_link_revision_already</comment>
        <translation>%1: ئۇنىڭدىن بۇرۇن تاپشۇرۇۋېلىنغان نۇسخىغا ئۇلانمايدۇ (ساختا ياكى ئايرىلغان زەنجىر)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not name exactly one version of %2.</source>
        <comment>does_not_name_exactly_one</comment>
        <translation>&apos;%1&apos; %2 نىڭ دەل بىر نۇسخىسىنى كۆرسەتمەيدۇ.</translation>
    </message>
    <message>
        <source>it does not start with the FORMAT member</source>
        <comment>does_not_start_format_member</comment>
        <translation>ئۇ FORMAT ئەزاسى بىلەن باشلانمايدۇ</translation>
    </message>
    <message>
        <source>%1 is empty: it is not a sync bundle.</source>
        <comment>empty_not_sync_bundle</comment>
        <translation>%1 قۇرۇق: ئۇ ماس قەدەملەش بولىقى ئەمەس.</translation>
    </message>
    <message>
        <source>Encrypting the bundle failed (%1).</source>
        <comment>encrypting_bundle_failed</comment>
        <translation>بولاقنى شىفىرلاش مەغلۇپ بولدى (%1).</translation>
    </message>
    <message>
        <source>%1 ends before it starts</source>
        <comment>ends_before_start</comment>
        <translation>%1 باشلىنىشتىن بۇرۇن ئاخىرلىشىدۇ</translation>
    </message>
    <message>
        <source>entry %1 %2</source>
        <comment>entry_problem</comment>
        <translation>%1 %2 يازمىسى</translation>
    </message>
    <message>
        <source>%1 is a %2; evidence rates initiatives and companies</source>
        <comment>evidence_rates_initiatives_companies</comment>
        <translation>%1 بولسا %2؛ ئىسپات تەشەببۇس ۋە شىركەتلەرگە باھا بېرىدۇ</translation>
    </message>
    <message>
        <source>%1 exists and is not a folder.</source>
        <comment>exists_not_folder</comment>
        <translation>%1 بار، ئەمما قىسقۇچ ئەمەس.</translation>
    </message>
    <message>
        <source>%1 exists and is not a folder; choose another place.</source>
        <comment>exists_not_folder_choose_another</comment>
        <translation>%1 بار، ئەمما قىسقۇچ ئەمەس؛ باشقا ئورۇن تاللاڭ.</translation>
    </message>
    <message>
        <source>it has extra data after the end of its encrypted content</source>
        <comment>extra_data_after_end_encrypted</comment>
        <translation>ئۇنىڭ شىفىرلانغان مەزمۇنى ئاخىرلاشقاندىن كېيىن ئارتۇقچە سانلىق مەلۇمات بار</translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <comment>fact_problem</comment>
        <translation>&apos;%1&apos; %2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is longer than %2 characters</source>
        <comment>fact_too_long</comment>
        <translation>&apos;%1&apos; %2 ھەرپتىن ئۇزۇن</translation>
    </message>
    <message>
        <source>a field device&apos;s bundle carries device identities</source>
        <comment>field_device_bundle_carries_device</comment>
        <translation>دالا ئۈسكۈنىسىنىڭ بولىقىدا ئۈسكۈنە كىملىكلىرى بار</translation>
    </message>
    <message>
        <source>field &apos;%1&apos;: %2</source>
        <comment>field_problem</comment>
        <translation>&apos;%1&apos; بۆلىكى: %2</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <comment>field_required</comment>
        <translation>بۇ بۆلەك چوقۇم تولدۇرۇلۇشى كېرەك.</translation>
    </message>
    <message>
        <source>The file holds %1 records; one import is limited to %2.</source>
        <comment>file_holds_records_one_import</comment>
        <translation>ھۆججەتتە %1 خاتىرە بار؛ بىر قېتىملىق ئەكىرىش %2 بىلەن چەكلىنىدۇ.</translation>
    </message>
    <message>
        <source>The file is larger than the limit of %1 MB.</source>
        <comment>file_larger_limit_mb</comment>
        <translation>ھۆججەت %1 MB چەكتىن چوڭ.</translation>
    </message>
    <message>
        <source>%1: the first revision of a device links to a predecessor</source>
        <comment>first_revision_device_links_predecessor</comment>
        <translation>%1: ئۈسكۈنىنىڭ تۇنجى نۇسخىسى ئالدىدىكى بىر نۇسخىغا ئۇلىنىدۇ</translation>
    </message>
    <message>
        <source>The folder %1 is not empty and holds no earlier register (%2 is missing); choose an empty or new folder.</source>
        <comment>folder_not_empty_holds_no</comment>
        <translation>%1 قىسقۇچى قۇرۇق ئەمەس ۋە ئۇنىڭدا ئىلگىرىكى تىزىملىك يوق (%2 يوق)؛ قۇرۇق ياكى يېڭى قىسقۇچ تاللاڭ.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a PDF file.</source>
        <comment>folder_not_pdf_file</comment>
        <translation>%1 قىسقۇچ، PDF ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>its FORMAT member is not an ACES bundle format line</source>
        <comment>format_member_not_aces_bundle</comment>
        <translation>ئۇنىڭ FORMAT ئەزاسى ACES بولاق فورماتى قۇرى ئەمەس</translation>
    </message>
    <message>
        <source>Give both the number of shares and the threshold.</source>
        <comment>give_both_number_shares_threshold</comment>
        <translation>ئۈلۈش سانى بىلەن چەك ساننىڭ ھەر ئىككىسىنى بېرىڭ.</translation>
    </message>
    <message>
        <source>Give the %1 a name.</source>
        <comment>give_name</comment>
        <translation>%1 غا نام بېرىڭ.</translation>
    </message>
    <message>
        <source>Give the reason for the revocation (for example: laptop seized).</source>
        <comment>give_reason_revocation_example_laptop</comment>
        <translation>بىكار قىلىش سەۋەبىنى بېرىڭ (مەسىلەن: نوتبۇك مۇسادىرە قىلىندى).</translation>
    </message>
    <message>
        <source>Give the recovery passphrase or the shares.</source>
        <comment>give_recovery_passphrase_shares</comment>
        <translation>ئەسلىگە كەلتۈرۈش مەخپىي ئىبارىسىنى ياكى ئۈلۈشلەرنى بېرىڭ.</translation>
    </message>
    <message>
        <source>Give a recovery passphrase, or split the recovery key into shares.</source>
        <comment>give_recovery_passphrase_split_recovery</comment>
        <translation>ئەسلىگە كەلتۈرۈش مەخپىي ئىبارىسىنى بېرىڭ ياكى ئەسلىگە كەلتۈرۈش ئاچقۇچىنى ئۈلۈشلەرگە بۆلۈڭ.</translation>
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <comment>give_workspace_name</comment>
        <translation>خىزمەت بوشلۇقىغا نام بېرىڭ.</translation>
    </message>
    <message>
        <source>%1: the hash chain is broken (forged or reordered)</source>
        <comment>hash_chain_broken_forged_reordered</comment>
        <translation>%1: خەش زەنجىرى ئۈزۈلگەن (ساختا ياكى تەرتىپى ئۆزگەرتىلگەن)</translation>
    </message>
    <message>
        <source>%1: the hash chain has a hole (expected revision %2)</source>
        <comment>hash_chain_hole_expected_revision</comment>
        <translation>%1: خەش زەنجىرىدە بوشلۇق بار (%2 نۇسخا كۈتۈلگەن)</translation>
    </message>
    <message>
        <source>it holds no members</source>
        <comment>holds_no_members</comment>
        <translation>ئۇنىڭدا ھېچقانداق ئەزا يوق</translation>
    </message>
    <message>
        <source>The identity file&apos;s device or workspace id is malformed.</source>
        <comment>identity_file_device_workspace_id</comment>
        <translation>كىملىك ھۆججىتىدىكى ئۈسكۈنە ياكى خىزمەت بوشلۇقى كىملىكى شەكلى خاتا.</translation>
    </message>
    <message>
        <source>The identity file&apos;s fingerprint does not match its keys.</source>
        <comment>identity_file_fingerprint_does_not</comment>
        <translation>كىملىك ھۆججىتىنىڭ بارماق ئىزى ئۇنىڭ ئاچقۇچلىرىغا ماس كەلمەيدۇ.</translation>
    </message>
    <message>
        <source>The identity file&apos;s &apos;%1&apos; is malformed.</source>
        <comment>identity_file_malformed</comment>
        <translation>كىملىك ھۆججىتىدىكى &apos;%1&apos; نىڭ شەكلى خاتا.</translation>
    </message>
    <message>
        <source>The identity file names an unknown role &apos;%1&apos;.</source>
        <comment>identity_file_names_unknown_role</comment>
        <translation>كىملىك ھۆججىتىدە نامەلۇم رول &apos;%1&apos; كۆرسىتىلگەن.</translation>
    </message>
    <message>
        <source>The identity file has no valid &apos;%1&apos;.</source>
        <comment>identity_file_no_valid</comment>
        <translation>كىملىك ھۆججىتىدە ئىناۋەتلىك &apos;%1&apos; يوق.</translation>
    </message>
    <message>
        <source>The identity file&apos;s organisation id is malformed.</source>
        <comment>identity_file_organisation_id_malformed</comment>
        <translation>كىملىك ھۆججىتىدىكى تەشكىلات كىملىكى شەكلى خاتا.</translation>
    </message>
    <message>
        <source>The identity file&apos;s signature is not valid: it was altered.</source>
        <comment>identity_file_signature_not_valid</comment>
        <translation>كىملىك ھۆججىتىنىڭ ئىمزاسى ئىناۋەتسىز: ئۇ ئۆزگەرتىلگەن.</translation>
    </message>
    <message>
        <source>That identity file is this workspace&apos;s own.</source>
        <comment>identity_file_workspace_own</comment>
        <translation>ئۇ كىملىك ھۆججىتى بۇ خىزمەت بوشلۇقىنىڭ ئۆزىنىڭ.</translation>
    </message>
    <message>
        <source>That identity file is this workspace&apos;s own; it is trusted already.</source>
        <comment>identity_file_workspace_own_trusted</comment>
        <translation>ئۇ كىملىك ھۆججىتى بۇ خىزمەت بوشلۇقىنىڭ ئۆزىنىڭ؛ ئۇنىڭغا ئاللىبۇرۇن ئىشىنىلگەن.</translation>
    </message>
    <message>
        <source>%1 changed while it was being imported; nothing was imported. Import it again when nothing is writing to it.</source>
        <comment>import_file_changed</comment>
        <translation>%1 ئەكىرىلىۋاتقاندا ئۆزگەرتىلدى؛ ھېچنېمە ئەكىرىلمىدى. ئۇنىڭغا ھېچقانداق پروگرامما يازمايدىغان چاغدا قايتا ئەكىرىڭ.</translation>
    </message>
    <message>
        <source>%1 has invalid values</source>
        <comment>import_invalid_values</comment>
        <translation>%1 دا ئىناۋەتسىز قىممەتلەر بار</translation>
    </message>
    <message>
        <source>%1: %2[%3] must be an object.</source>
        <comment>import_item_not_object</comment>
        <translation>%1: %2[%3] ئوبيېكت بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>%1: the file must hold one JSON object.</source>
        <comment>import_not_object</comment>
        <translation>%1: ھۆججەتتە بىرلا JSON ئوبيېكتى بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be a list of records.</source>
        <comment>import_section_not_list</comment>
        <translation>%1: &quot;%2&quot; خاتىرىلەر تىزىمى بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>%1 is %2 MB; import files are limited to %3 MB.</source>
        <comment>import_too_large</comment>
        <translation>%1 %2 MB؛ ئەكىرىش ھۆججەتلىرى %3 MB بىلەن چەكلىنىدۇ.</translation>
    </message>
    <message>
        <source>%1: unknown section(s) %2; known: %3.</source>
        <comment>import_unknown_sections</comment>
        <translation>%1: نامەلۇم بۆلۈم(لەر) %2؛ مەلۇملىرى: %3.</translation>
    </message>
    <message>
        <source>%1: &quot;format&quot; must be &quot;%2&quot; (see docs/import-format.md).</source>
        <comment>import_wrong_format</comment>
        <translation>%1: &quot;format&quot; چوقۇم &quot;%2&quot; بولۇشى كېرەك (docs/import-format.md نى كۆرۈڭ).</translation>
    </message>
    <message>
        <source>%1: import format version %2 is not supported; this version of ACES Desktop reads version %3.</source>
        <comment>import_wrong_version</comment>
        <translation>%1: %2-نەشرلىك ئەكىرىش فورماتى قوللانمايدۇ؛ بۇ ACES Desktop نەشرى %3-نەشرنى ئوقۇيدۇ.</translation>
    </message>
    <message>
        <source>Invalid data</source>
        <comment>invalid_data</comment>
        <translation>ئىناۋەتسىز سانلىق مەلۇمات</translation>
    </message>
    <message>
        <source>contains the invisible character %1 (%2), which can change how the text reads; remove it</source>
        <comment>invisible_character</comment>
        <translation>تېكىستنىڭ ئوقۇلۇشىنى ئۆزگەرتەلەيدىغان كۆرۈنمەس ھەرپ %1 (%2) بار؛ ئۇنى ئۆچۈرۈڭ</translation>
    </message>
    <message>
        <source>This invitation was already used on %1 (by &apos;%2&apos;); an invitation makes one coordinator. Ask for a new one.</source>
        <comment>invitation_already_used</comment>
        <translation>بۇ تەكلىپنامە %1 دە ئىشلىتىلگەن («%2» تەرىپىدىن)؛ بىر تەكلىپنامە بىرلا ماسلاشتۇرغۇچى قىلىدۇ. يېڭىسىنى سوراڭ.</translation>
    </message>
    <message>
        <source>This invitation expired on %1; ask the coordinator for a new one.</source>
        <comment>invitation_expired</comment>
        <translation>بۇ تەكلىپنامىنىڭ ۋاقتى %1 دە توشقان؛ ماسلاشتۇرغۇچىدىن يېڭىسىنى سوراڭ.</translation>
    </message>
    <message>
        <source>Give the invitation&apos;s one-time code with --code or in ACES_INVITE_CODE.</source>
        <comment>invitation_needs_code</comment>
        <translation>تەكلىپنامىنىڭ بىر قېتىملىق كودىنى --code ياكى ACES_INVITE_CODE ئارقىلىق بېرىڭ.</translation>
    </message>
    <message>
        <source>Only a coordinator can invite another coordinator.</source>
        <comment>invitation_only_coordinator</comment>
        <translation>پەقەت ماسلاشتۇرغۇچىلا باشقا ماسلاشتۇرغۇچىنى تەكلىپ قىلالايدۇ.</translation>
    </message>
    <message>
        <source>This file is not an ACES invitation, or it is damaged: %1</source>
        <comment>invitation_unreadable</comment>
        <translation>بۇ ھۆججەت ACES تەكلىپنامىسى ئەمەس ياكى بۇزۇلغان: %1</translation>
    </message>
    <message>
        <source>The code does not open this invitation: it was mistyped, or the invitation was altered. Ask the inviting coordinator to read the code again.</source>
        <comment>invitation_wrong_code</comment>
        <translation>بۇ كود بۇ تەكلىپنامىنى ئاچمايدۇ: خاتا كىرگۈزۈلگەن ياكى تەكلىپنامە ئۆزگەرتىلگەن. تەكلىپ قىلغان ماسلاشتۇرغۇچىدىن كودنى قايتا ئوقۇپ بېرىشنى سوراڭ.</translation>
    </message>
    <message>
        <source>is empty</source>
        <comment>is_empty</comment>
        <translation>قۇرۇق</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2.</source>
        <comment>json_invalid</comment>
        <translation>%1 ئىناۋەتلىك JSON ئەمەس: %2.</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at line %3, column %4.</source>
        <comment>json_invalid_at</comment>
        <translation>%1 ئىناۋەتلىك JSON ئەمەس: %3-قۇر، %4-ئىستوندا %2.</translation>
    </message>
    <message>
        <source>%1: the key &quot;%2&quot; appears twice in one object (again at %3); each key may appear only once.</source>
        <comment>json_key_twice</comment>
        <translation>%1: &quot;%2&quot; ئاچقۇچى بىر ئوبيېكتتا ئىككى قېتىم كۆرۈلگەن (%3 دا يەنە)؛ ھەر بىر ئاچقۇچ پەقەت بىر قېتىم كۆرۈنسە بولىدۇ.</translation>
    </message>
    <message>
        <source>%1: a number of %2 characters at %3; numbers are limited to %4 characters.</source>
        <comment>json_long_number</comment>
        <translation>%1: %3 دا %2 ھەرپلىك سان بار؛ سانلار %4 ھەرپ بىلەن چەكلىنىدۇ.</translation>
    </message>
    <message>
        <source>a JSON object repeats the key &apos;%1&apos;</source>
        <comment>json_object_repeats_key</comment>
        <translation>بىر JSON ئوبيېكتىدا &apos;%1&apos; ئاچقۇچى تەكرارلانغان</translation>
    </message>
    <message>
        <source>%1: JSON nested more than %2 levels deep at %3.</source>
        <comment>json_too_deep</comment>
        <translation>%1: %3 دا JSON %2 قەۋەتتىن چوڭقۇر ئۇۋىلانغان.</translation>
    </message>
    <message>
        <source>a JSON value is not a finite number (%1)</source>
        <comment>json_value_not_finite_number</comment>
        <translation>بىر JSON قىممىتى چەكلىك سان ئەمەس (%1)</translation>
    </message>
    <message>
        <source>The workspace database does not open with this key: the key file does not belong to it, or the database is damaged.</source>
        <comment>key_does_not_fit</comment>
        <translation>خىزمەت بوشلۇقى ساندانى بۇ ئاچقۇچ بىلەن ئېچىلمايدۇ: ئاچقۇچ ھۆججىتى ئۇنىڭغا تەۋە ئەمەس ياكى ساندان بۇزۇلغان.</translation>
    </message>
    <message>
        <source>The kind must be one of %1, not &apos;%2&apos;.</source>
        <comment>kind_must_one_not</comment>
        <translation>تۈرى &apos;%2&apos; ئەمەس، %1 نىڭ بىرى بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>%1 is larger than the bundle size limit (%2 MB).</source>
        <comment>larger_bundle_size_limit_mb</comment>
        <translation>%1 بولاق چوڭلۇق چېكىدىن (%2 MB) چوڭ.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB.</source>
        <comment>larger_mb</comment>
        <translation>%1 %2 MB دىن چوڭ.</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB; attach a smaller file.</source>
        <comment>larger_mb_attach_smaller_file</comment>
        <translation>%1 %2 MB دىن چوڭ؛ كىچىكرەك ھۆججەت قوشۇڭ.</translation>
    </message>
    <message>
        <source>a level from 0 to 4 is required for this criterion</source>
        <comment>level_required</comment>
        <translation>بۇ ئۆلچەم ئۈچۈن 0 دىن 4 كىچە بىر سەۋىيە كېرەك</translation>
    </message>
    <message>
        <source>%1 has levels %2, not %3</source>
        <comment>levels_not</comment>
        <translation>%1 نىڭ سەۋىيەلىرى %2، %3 ئەمەس</translation>
    </message>
    <message>
        <source>%1: the line is longer than %2 bytes</source>
        <comment>line_longer_bytes</comment>
        <translation>%1: قۇر %2 بايتتىن ئۇزۇن</translation>
    </message>
    <message>
        <source>%1 is a folder, not a logo file.</source>
        <comment>logo_is_folder</comment>
        <translation>%1 قىسقۇچ، لوگو ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>There is no logo file %1.</source>
        <comment>logo_missing</comment>
        <translation>%1 لوگو ھۆججىتى يوق.</translation>
    </message>
    <message>
        <source>The logo %1 must be a PNG or JPEG picture.</source>
        <comment>logo_not_png_jpeg</comment>
        <translation>%1 لوگوسى PNG ياكى JPEG سۈرىتى بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>The logo %1 is %2 KB; at most %3 KB.</source>
        <comment>logo_too_big</comment>
        <translation>%1 لوگوسى %2 KB؛ كۆپ دېگەندە %3 KB بولىدۇ.</translation>
    </message>
    <message>
        <source>The logo %1 is too large (%2×%3 pixels).</source>
        <comment>logo_too_many_pixels</comment>
        <translation>%1 لوگوسى بەك چوڭ (%2×%3 پىكسېل).</translation>
    </message>
    <message>
        <source>The logo %1 is not a readable PNG or JPEG picture.</source>
        <comment>logo_unreadable</comment>
        <translation>%1 لوگوسى ئوقۇغىلى بولىدىغان PNG ياكى JPEG سۈرىتى ئەمەس.</translation>
    </message>
    <message>
        <source>%1 looks like a %2 picture but cannot be read (is it damaged or cut short?), so its location and camera data cannot be removed. It was not attached; attach it keeping its metadata only on purpose.</source>
        <comment>looks_like_picture_but_cannot</comment>
        <translation>%1 %2 سۈرىتىدەك كۆرۈنىدۇ، ئەمما ئوقۇغىلى بولمايدۇ (بۇزۇلغانمۇ ياكى كېسىلگەنمۇ؟)، شۇڭا ئۇنىڭ ئورۇن ۋە كامېرا سانلىق مەلۇماتىنى ئۆچۈرگىلى بولمايدۇ. ئۇ قوشۇلمىدى؛ مېتا سانلىق مەلۇماتىنى ساقلاپ قوشۇشنى پەقەت مەقسەتلىك قىلىڭ.</translation>
    </message>
    <message>
        <source>the manifest&apos;s acknowledgements are malformed</source>
        <comment>manifest_acknowledgements_malformed</comment>
        <translation>تىزىملىكنىڭ تەستىق خاتىرىلىرى شەكلى خاتا</translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;bundle_id&apos; is not a valid id</source>
        <comment>manifest_bundle_id_not_valid</comment>
        <translation>تىزىملىكنىڭ &apos;bundle_id&apos; ى ئىناۋەتلىك كىملىك ئەمەس</translation>
    </message>
    <message>
        <source>the manifest&apos;s chain head has no valid &apos;legacy&apos;</source>
        <comment>manifest_chain_head_no_valid</comment>
        <translation>تىزىملىكنىڭ زەنجىر بېشىدا ئىناۋەتلىك &apos;legacy&apos; يوق</translation>
    </message>
    <message>
        <source>the manifest&apos;s counts are malformed</source>
        <comment>manifest_counts_malformed</comment>
        <translation>تىزىملىكنىڭ سانلىرى شەكلى خاتا</translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;created_at&apos;: %1</source>
        <comment>manifest_created_at</comment>
        <translation>تىزىملىكنىڭ &apos;created_at&apos; ى: %1</translation>
    </message>
    <message>
        <source>the manifest does not describe an ACES bundle</source>
        <comment>manifest_does_not_describe_aces</comment>
        <translation>تىزىملىك ACES بولىقىنى تەسۋىرلىمەيدۇ</translation>
    </message>
    <message>
        <source>the manifest does not name its sender device</source>
        <comment>manifest_does_not_name_sender</comment>
        <translation>تىزىملىك ئەۋەتكۈچى ئۈسكۈنىنى كۆرسەتمەيدۇ</translation>
    </message>
    <message>
        <source>the manifest&apos;s identity of device %1 is malformed</source>
        <comment>manifest_identity_device_malformed</comment>
        <translation>تىزىملىكتىكى %1 ئۈسكۈنىسىنىڭ كىملىكى شەكلى خاتا</translation>
    </message>
    <message>
        <source>the manifest is larger than its limit</source>
        <comment>manifest_larger_limit</comment>
        <translation>تىزىملىك ئۆز چېكىدىن چوڭ</translation>
    </message>
    <message>
        <source>the manifest lists device %1 twice</source>
        <comment>manifest_lists_device_twice</comment>
        <translation>تىزىملىكتە %1 ئۈسكۈنىسى ئىككى قېتىم بار</translation>
    </message>
    <message>
        <source>the manifest lists member &apos;%1&apos; twice</source>
        <comment>manifest_lists_member_twice</comment>
        <translation>تىزىملىكتە &apos;%1&apos; ئەزاسى ئىككى قېتىم بار</translation>
    </message>
    <message>
        <source>the manifest lists two chain heads for device %1</source>
        <comment>manifest_lists_two_chain_heads</comment>
        <translation>تىزىملىكتە %1 ئۈسكۈنىسى ئۈچۈن ئىككى زەنجىر بېشى بار</translation>
    </message>
    <message>
        <source>the manifest&apos;s member list is malformed</source>
        <comment>manifest_member_list_malformed</comment>
        <translation>تىزىملىكنىڭ ئەزالار تىزىمى شەكلى خاتا</translation>
    </message>
    <message>
        <source>the manifest names bundle format version %1; this version of ACES Desktop reads version %2</source>
        <comment>manifest_names_bundle_format_version</comment>
        <translation>تىزىملىكتە %1-نەشرلىك بولاق فورماتى كۆرسىتىلگەن؛ بۇ ACES Desktop نەشرى %2-نەشرنى ئوقۇيدۇ</translation>
    </message>
    <message>
        <source>the manifest has no member list</source>
        <comment>manifest_no_member_list</comment>
        <translation>تىزىملىكتە ئەزالار تىزىمى يوق</translation>
    </message>
    <message>
        <source>the manifest has no revision ranges</source>
        <comment>manifest_no_revision_ranges</comment>
        <translation>تىزىملىكتە نۇسخا دائىرىلىرى يوق</translation>
    </message>
    <message>
        <source>the manifest&apos;s %1 has no valid &apos;%2&apos;</source>
        <comment>manifest_no_valid</comment>
        <translation>تىزىملىكنىڭ %1 دا ئىناۋەتلىك &apos;%2&apos; يوق</translation>
    </message>
    <message>
        <source>the manifest has no valid &apos;full&apos;</source>
        <comment>manifest_no_valid_full</comment>
        <translation>تىزىملىكتە ئىناۋەتلىك &apos;full&apos; يوق</translation>
    </message>
    <message>
        <source>the manifest is not a JSON object</source>
        <comment>manifest_not_json_object</comment>
        <translation>تىزىملىك JSON ئوبيېكتى ئەمەس</translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;%1&apos; is not a list of objects</source>
        <comment>manifest_not_list_objects</comment>
        <translation>تىزىملىكنىڭ &apos;%1&apos; ى ئوبيېكتلار تىزىمى ئەمەس</translation>
    </message>
    <message>
        <source>the manifest is out of order</source>
        <comment>manifest_out_order</comment>
        <translation>تىزىملىكنىڭ تەرتىپى خاتا</translation>
    </message>
    <message>
        <source>the manifest&apos;s recipients are malformed</source>
        <comment>manifest_recipients_malformed</comment>
        <translation>تىزىملىكنىڭ تاپشۇرۇۋالغۇچىلىرى شەكلى خاتا</translation>
    </message>
    <message>
        <source>the manifest&apos;s revision ranges are malformed</source>
        <comment>manifest_revision_ranges_malformed</comment>
        <translation>تىزىملىكنىڭ نۇسخا دائىرىلىرى شەكلى خاتا</translation>
    </message>
    <message>
        <source>the manifest&apos;s sender is malformed or names another role</source>
        <comment>manifest_sender_malformed_names_another</comment>
        <translation>تىزىملىكنىڭ ئەۋەتكۈچىسى شەكلى خاتا ياكى باشقا رولنى كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>the manifest&apos;s %1 has wrong fields</source>
        <comment>manifest_wrong_fields</comment>
        <translation>تىزىملىكنىڭ %1 دا خاتا بۆلەكلەر بار</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has an absolute path</source>
        <comment>member_absolute_path</comment>
        <translation>&apos;%1&apos; ئەزاسىنىڭ مۇتلەق يولى بار</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; does not match its SHA-256 in the manifest</source>
        <comment>member_altered</comment>
        <translation>&apos;%1&apos; ئەزاسى تىزىملىكتىكى SHA-256 قىممىتىگە ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; appears twice</source>
        <comment>member_appears_twice</comment>
        <translation>&apos;%1&apos; ئەزاسى ئىككى قېتىم كۆرۈلگەن</translation>
    </message>
    <message>
        <source>member &apos;attachments/%1&apos; belongs to no attachment record</source>
        <comment>member_attachments_belongs_no_attachment</comment>
        <translation>&apos;attachments/%1&apos; ئەزاسى ھېچقانداق قوشۇمچە خاتىرىسىگە تەۋە ئەمەس</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has data after its gzip stream</source>
        <comment>member_data_after_gzip_stream</comment>
        <translation>&apos;%1&apos; ئەزاسىنىڭ gzip ئېقىمىدىن كېيىن سانلىق مەلۇمات بار</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; does not end with a newline</source>
        <comment>member_does_not_end_newline</comment>
        <translation>&apos;%1&apos; ئەزاسى يېڭى قۇر بىلەن ئاخىرلاشمايدۇ</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a folder; folders are not allowed</source>
        <comment>member_folder_folders_not_allowed</comment>
        <translation>&apos;%1&apos; ئەزاسى قىسقۇچ؛ قىسقۇچقا رۇخسەت يوق</translation>
    </message>
    <message>
        <source>a member header is damaged (%1)</source>
        <comment>member_header_damaged</comment>
        <translation>بىر ئەزا ماۋزۇسى بۇزۇلغان (%1)</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is larger than %2 bytes</source>
        <comment>member_larger_bytes</comment>
        <translation>&apos;%1&apos; ئەزاسى %2 بايتتىن چوڭ</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is larger than its limit of %2 bytes</source>
        <comment>member_larger_limit_bytes</comment>
        <translation>&apos;%1&apos; ئەزاسى %2 بايتلىق چېكىدىن چوڭ</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has a line longer than the limit</source>
        <comment>member_line_longer_limit</comment>
        <translation>&apos;%1&apos; ئەزاسىدا چەكتىن ئۇزۇن قۇر بار</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a link; links are not allowed</source>
        <comment>member_link_links_not_allowed</comment>
        <translation>&apos;%1&apos; ئەزاسى ئۇلانما؛ ئۇلانمىغا رۇخسەت يوق</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; listed in the manifest is missing</source>
        <comment>member_missing</comment>
        <translation>تىزىملىكتە كۆرسىتىلگەن &apos;%1&apos; ئەزاسى يوق</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has a negative size</source>
        <comment>member_negative_size</comment>
        <translation>&apos;%1&apos; ئەزاسىنىڭ چوڭلۇقى مەنپىي</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not listed in the signed manifest</source>
        <comment>member_not_listed</comment>
        <translation>&apos;%1&apos; ئەزاسى ئىمزالانغان تىزىملىكتە يوق</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not part of the bundle format</source>
        <comment>member_not_part_bundle_format</comment>
        <translation>&apos;%1&apos; ئەزاسى بولاق فورماتىنىڭ بىر قىسمى ئەمەس</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not valid gzip (%2)</source>
        <comment>member_not_valid_gzip</comment>
        <translation>&apos;%1&apos; ئەزاسى ئىناۋەتلىك gzip ئەمەس (%2)</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is out of order</source>
        <comment>member_out_order</comment>
        <translation>&apos;%1&apos; ئەزاسىنىڭ تەرتىپى خاتا</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is out of sequence</source>
        <comment>member_out_sequence</comment>
        <translation>&apos;%1&apos; ئەزاسى رەت تەرتىپىدىن چەتنىگەن</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; tries to leave the bundle (path traversal &apos;..&apos;)</source>
        <comment>member_tries_leave_bundle_path</comment>
        <translation>&apos;%1&apos; ئەزاسى بولاقتىن چىقىپ كېتىشكە ئۇرۇنىدۇ (يول ھالقىش &apos;..&apos;)</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a truncated gzip stream</source>
        <comment>member_truncated_gzip_stream</comment>
        <translation>&apos;%1&apos; ئەزاسى كېسىلگەن gzip ئېقىمى</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has an unsupported type (%2); only plain files are allowed</source>
        <comment>member_unsupported_type_only_plain</comment>
        <translation>&apos;%1&apos; ئەزاسىنىڭ تىپى قوللانمايدۇ (%2)؛ پەقەت ئاددىي ھۆججەتلەرگە رۇخسەت بار</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>message</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Metadata cannot be removed from %1 images.</source>
        <comment>metadata_cannot_removed_images</comment>
        <translation>%1 سۈرەتلىرىدىن مېتا سانلىق مەلۇماتنى ئۆچۈرگىلى بولمايدۇ.</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <comment>minutes</comment>
        <translation>%1 مىنۇت</translation>
    </message>
    <message>
        <source>... and %1 more problem(s)</source>
        <comment>more_problems</comment>
        <translation>... يەنە %1 مەسىلە</translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <comment>must_be_bool</comment>
        <translation>true ياكى false بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be a date (YYYY-MM-DD), got %1</source>
        <comment>must_be_date</comment>
        <translation>چېسلا (YYYY-MM-DD) بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <comment>must_be_finite</comment>
        <translation>چەكلىك سان بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>must be a list, got %1</source>
        <comment>must_be_list</comment>
        <translation>تىزىم بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be a list of names, got %1</source>
        <comment>must_be_names</comment>
        <translation>ناملار تىزىمى بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be a number, got %1</source>
        <comment>must_be_number</comment>
        <translation>سان بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be an object</source>
        <comment>must_be_object</comment>
        <translation>ئوبيېكت بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <comment>must_be_object_got</comment>
        <translation>ئوبيېكت بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be text, got %1</source>
        <comment>must_be_text</comment>
        <translation>تېكىست بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be a whole number, got %1</source>
        <comment>must_be_whole_number</comment>
        <translation>پۈتۈن سان بولۇشى كېرەك، %1 كەلدى</translation>
    </message>
    <message>
        <source>must be a record id (UUID) when given</source>
        <comment>must_record_id_uuid_when</comment>
        <translation>بېرىلسە، خاتىرە كىملىكى (UUID) بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>must be a short non-empty text</source>
        <comment>must_short_non_empty_text</comment>
        <translation>قۇرۇق بولمىغان قىسقا تېكىست بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; must be a whole number</source>
        <comment>must_whole_number</comment>
        <translation>%1: &apos;%2&apos; پۈتۈن سان بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>The %1 name is %2 characters long; certificates allow %3.</source>
        <comment>name_characters_long_certificates_allow</comment>
        <translation>%1 نامىنىڭ ئۇزۇنلۇقى %2 ھەرپ؛ گۇۋاھنامىلەر %3 ھەرپكە يول قويىدۇ.</translation>
    </message>
    <message>
        <source>certificate authority</source>
        <comment>name_of_ca</comment>
        <translation>گۇۋاھنامە تارقىتىش ئورگىنى</translation>
    </message>
    <message>
        <source>organisation</source>
        <comment>name_of_organisation</comment>
        <translation>تەشكىلات</translation>
    </message>
    <message>
        <source>signer</source>
        <comment>name_of_signer</comment>
        <translation>ئىمزالىغۇچى</translation>
    </message>
    <message>
        <source>name %1: %2</source>
        <comment>name_problem</comment>
        <translation>%1-نام: %2</translation>
    </message>
    <message>
        <source>each name must be {&quot;text&quot;: ..., &quot;lang&quot;: ...}</source>
        <comment>name_shape</comment>
        <translation>ھەر بىر نام {&quot;text&quot;: ..., &quot;lang&quot;: ...} بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>it names device %1 (&apos;%2&apos;) with a key other than the one this workspace knows</source>
        <comment>names_device_key_other_one</comment>
        <translation>ئۇ %1 ئۈسكۈنىسىنى (&apos;%2&apos;) بۇ خىزمەت بوشلۇقى بىلىدىغان ئاچقۇچتىن باشقا ئاچقۇچ بىلەن كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>%1 is nested too deeply</source>
        <comment>nested_too_deeply</comment>
        <translation>%1 بەك چوڭقۇر ئۇۋىلانغان</translation>
    </message>
    <message>
        <source>The new passphrase is empty.</source>
        <comment>new_passphrase_empty</comment>
        <translation>يېڭى مەخپىي ئىبارە قۇرۇق.</translation>
    </message>
    <message>
        <source>The new passphrase is the same as the old one.</source>
        <comment>new_passphrase_same_old_one</comment>
        <translation>يېڭى مەخپىي ئىبارە كونىسى بىلەن ئوخشاش.</translation>
    </message>
    <message>
        <source>No signing certificate for &apos;%1&apos; in this workspace (issued to: %2); issue one for this person first.</source>
        <comment>no_signing_certificate_workspace_issued</comment>
        <translation>بۇ خىزمەت بوشلۇقىدا «%1» نىڭ ئىمزا گۇۋاھنامىسى يوق (تارقىتىلغانلار: %2)؛ ئاۋۋال بۇ كىشى ئۈچۈن بىرنى تارقىتىڭ.</translation>
    </message>
    <message>
        <source>it comes from a device this workspace does not trust (%1); add its identity file to the trusted devices first, after comparing fingerprints</source>
        <comment>bundle_from_untrusted</comment>
        <translation>ئۇ بۇ خىزمەت بوشلۇقى ئىشەنمەيدىغان ئۈسكۈنىدىن كەلگەن (%1)؛ ئاۋۋال بارماق ئىزىنى سېلىشتۇرۇپ، ئۇنىڭ كىملىك ھۆججىتىنى ئىشەنچلىك ئۈسكۈنىلەرگە قوشۇڭ</translation>
    </message>
    <message>
        <source>%1 devices are named &apos;%2&apos;; give the device id instead.</source>
        <comment>devices_named_give_device_id</comment>
        <translation>%1 ئۈسكۈنىنىڭ ئىسمى «%2»؛ ئۇنىڭ ئورنىغا ئۈسكۈنە كىملىكىنى بېرىڭ.</translation>
    </message>
    <message>
        <source>no audits in regions without credible assurance</source>
        <comment>gate_assurance_ok</comment>
        <translation>ئىشەنچلىك كاپالەت يوق رايونلاردا تەكشۈرۈش يوق</translation>
    </message>
    <message>
        <source>%1 active membership(s) earn credit in %2 in proportion to the initiative&apos;s Accountable score</source>
        <comment>gate_membership_credit</comment>
        <translation>%1 ئاكتىپ ئەزالىق %2 دە تەشەببۇسنىڭ ھېساب بېرىش نومۇرىغا ماس نىسبەتتە نومۇر ئالىدۇ</translation>
    </message>
    <message>
        <source>%1 audit(s) in the Uyghur Region earn no credit for %2</source>
        <comment>gate_no_assurance</comment>
        <translation>ئۇيغۇر رايونىدىكى %1 تەكشۈرۈش %2 ئۈچۈن نومۇر ئالمايدۇ</translation>
    </message>
    <message>
        <source>tagged %1: no outreach request answered within %2 days</source>
        <comment>gate_non_responsive</comment>
        <translation>%1 بەلگىسى قويۇلدى: %2 كۈن ئىچىدە ھېچقانداق ئالاقە تەلىپىگە جاۋاب بېرىلمىگەن</translation>
    </message>
    <message>
        <source>%1 of %2 due requests answered within %3 days</source>
        <comment>gate_responses</comment>
        <translation>ۋاقتى توشقان %2 تەلەپنىڭ %1 ىگە %3 كۈن ئىچىدە جاۋاب بېرىلگەن</translation>
    </message>
    <message>
        <source>statement meets the legal minimum (published, board-approved, signed); no points by itself</source>
        <comment>gate_statement_met</comment>
        <translation>باياننامە قانۇنىي ئەڭ تۆۋەن تەلەپكە ماس كېلىدۇ (ئېلان قىلىنغان، مۇدىرىيەت تەستىقلىغان، ئىمزالانغان)؛ ئۆزى نومۇر بەرمەيدۇ</translation>
    </message>
    <message>
        <source>no current statement meeting the legal minimum: score capped at %1</source>
        <comment>gate_statement_missing</comment>
        <translation>قانۇنىي ئەڭ تۆۋەن تەلەپكە ماس كېلىدىغان ئىناۋەتلىك باياننامە يوق: نومۇر %1 بىلەن چەكلىنىدۇ</translation>
    </message>
    <message>
        <source>The name typed does not match this workspace&apos;s name; nothing was wiped. Type the name exactly as it is written.</source>
        <comment>name_typed_does_not_match</comment>
        <translation>كىرگۈزۈلگەن ئىسىم بۇ خىزمەت بوشلۇقىنىڭ ئىسمىغا ماس كەلمەيدۇ؛ ھېچنېمە ئۆچۈرۈلمىدى. ئىسىمنى يېزىلغىنىدەك ئېنىق كىرگۈزۈڭ.</translation>
    </message>
    <message>
        <source>No device &apos;%1&apos; is known to this workspace.</source>
        <comment>no_device_known_workspace_aces</comment>
        <translation>بۇ خىزمەت بوشلۇقى «%1» ناملىق ئۈسكۈنىنى بىلمەيدۇ.</translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <comment>no_file</comment>
        <translation>%1 ھۆججىتى يوق.</translation>
    </message>
    <message>
        <source>no initiative or company with id %1</source>
        <comment>no_initiative_company_id</comment>
        <translation>كىملىكى %1 بولغان تەشەببۇس ياكى شىركەت يوق</translation>
    </message>
    <message>
        <source>No record with id %1 in this workspace.</source>
        <comment>no_record</comment>
        <translation>بۇ خىزمەت بوشلۇقىدا كىملىكى %1 بولغان خاتىرە يوق.</translation>
    </message>
    <message>
        <source>No record with id %1 to delete.</source>
        <comment>no_record_to_delete</comment>
        <translation>ئۆچۈرۈش ئۈچۈن كىملىكى %1 بولغان خاتىرە يوق.</translation>
    </message>
    <message>
        <source>No trust anchor: give a CA certificate with --trust.</source>
        <comment>no_trust_anchor_give_ca</comment>
        <translation>ئىشەنچ ئاساسى يوق: --trust بىلەن بىر CA گۇۋاھنامىسى بېرىڭ.</translation>
    </message>
    <message>
        <source>No trusted device named %1.</source>
        <comment>no_trusted_device_named</comment>
        <translation>%1 ناملىق ئىشەنچلىك ئۈسكۈنە يوق.</translation>
    </message>
    <message>
        <source>There is no workspace at %1.</source>
        <comment>no_workspace</comment>
        <translation>%1 دا خىزمەت بوشلۇقى يوق.</translation>
    </message>
    <message>
        <source>must be a two-letter ISO 3166 country code, e.g. CN</source>
        <comment>not_a_country</comment>
        <translation>ئىككى ھەرپلىك ISO 3166 دۆلەت كودى بولۇشى كېرەك، مەسىلەن CN</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a date in the form YYYY-MM-DD</source>
        <comment>not_a_date</comment>
        <translation>&apos;%1&apos; YYYY-MM-DD شەكلىدىكى چېسلا ئەمەس</translation>
    </message>
    <message>
        <source>is not a field of this record</source>
        <comment>not_a_field</comment>
        <translation>بۇ خاتىرىنىڭ بۆلىكى ئەمەس</translation>
    </message>
    <message>
        <source>name %1: &apos;%2&apos; is not a language tag</source>
        <comment>not_a_language</comment>
        <translation>%1-نام: &apos;%2&apos; تىل بەلگىسى ئەمەس</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a real UTC time (from %2 on)</source>
        <comment>not_a_real_time</comment>
        <translation>&apos;%1&apos; ھەقىقىي UTC ۋاقتى ئەمەس (%2 دىن باشلاپ)</translation>
    </message>
    <message>
        <source>%1: &apos;time&apos; is not a real UTC timestamp (%2)</source>
        <comment>not_a_real_timestamp</comment>
        <translation>%1: &apos;time&apos; ھەقىقىي UTC ۋاقىت تامغىسى ئەمەس (%2)</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a record id</source>
        <comment>not_a_record_id</comment>
        <translation>&apos;%1&apos; خاتىرە كىملىكى ئەمەس</translation>
    </message>
    <message>
        <source>must be a web address starting with http:// or https://</source>
        <comment>not_a_url</comment>
        <translation>http:// ياكى https:// بىلەن باشلانغان تور ئادرېسى بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace (expected %2 and %3 in it).</source>
        <comment>not_a_workspace</comment>
        <translation>%1 ACES خىزمەت بوشلۇقى ئەمەس (ئۇنىڭ ئىچىدە %2 ۋە %3 بولۇشى كۈتۈلگەن).</translation>
    </message>
    <message>
        <source>%1 is not an ACES identity file.</source>
        <comment>not_aces_identity_file</comment>
        <translation>%1 ACES كىملىك ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>%1 is not an ACES identity file (not UTF-8 text).</source>
        <comment>not_aces_identity_file_not</comment>
        <translation>%1 ACES كىملىك ھۆججىتى ئەمەس (UTF-8 تېكىست ئەمەس).</translation>
    </message>
    <message>
        <source>%1 is not an ACES recovery file.</source>
        <comment>not_aces_recovery_file</comment>
        <translation>%1 ACES ئەسلىگە كەلتۈرۈش ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace database (it has no schema version).</source>
        <comment>not_aces_workspace_database_no</comment>
        <translation>%1 ACES خىزمەت بوشلۇقى ساندانى ئەمەس (ئۇنىڭدا قېلىپ نەشرى يوق).</translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace; nothing was wiped.</source>
        <comment>not_aces_workspace_nothing_wiped</comment>
        <translation>%1 ACES خىزمەت بوشلۇقى ئەمەس؛ ھېچنېمە ئۆچۈرۈلمىدى.</translation>
    </message>
    <message>
        <source>%1 is not a certificate (expected a PEM or DER X.509 certificate).</source>
        <comment>not_certificate_expected_pem_der</comment>
        <translation>%1 گۇۋاھنامە ئەمەس (PEM ياكى DER شەكلىدىكى X.509 گۇۋاھنامىسى كۈتۈلگەن).</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <comment>not_number</comment>
        <translation>&apos;%1&apos; سان ئەمەس</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not one of: %2</source>
        <comment>not_one_of</comment>
        <translation>&apos;%1&apos; بۇلارنىڭ بىرى ئەمەس: %2</translation>
    </message>
    <message>
        <source>not an Open Supply Hub id (two letters, seven digits, six letters or digits, e.g. CN2019303BQ3FZP)</source>
        <comment>not_os_hub_id</comment>
        <translation>Open Supply Hub كىملىكى ئەمەس (ئىككى ھەرپ، يەتتە رەقەم، ئالتە ھەرپ ياكى رەقەم، مەسىلەن CN2019303BQ3FZP)</translation>
    </message>
    <message>
        <source>%1 is not a PDF file.</source>
        <comment>not_pdf_file</comment>
        <translation>%1 PDF ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>%1 It is not a readable ACES recovery file.</source>
        <comment>not_readable_aces_recovery_file</comment>
        <translation>%1 ئۇ ئوقۇغىلى بولىدىغان ACES ئەسلىگە كەلتۈرۈش ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>%1 is not a readable ACES recovery file (%2).</source>
        <comment>not_readable_aces_recovery_file_2</comment>
        <translation>%1 ئوقۇغىلى بولىدىغان ACES ئەسلىگە كەلتۈرۈش ھۆججىتى ئەمەس (%2).</translation>
    </message>
    <message>
        <source>must be 64 lowercase hexadecimal digits</source>
        <comment>not_sha256</comment>
        <translation>64 خانىلىق كىچىك ھەرپلىك ئون ئالتىلىك رەقەم بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a SHA-256 hash</source>
        <comment>not_sha_hash</comment>
        <translation>%1: &apos;%2&apos; SHA-256 خەش قىممىتى ئەمەس</translation>
    </message>
    <message>
        <source>%1 is not signed: it has no digital signature.</source>
        <comment>not_signed_no_digital_signature</comment>
        <translation>%1 ئىمزالانمىغان: ئۇنىڭدا رەقەملىك ئىمزا يوق.</translation>
    </message>
    <message>
        <source>%1 is not a sync bundle (it is not an age-encrypted file).</source>
        <comment>not_sync_bundle_not_age</comment>
        <translation>%1 ماس قەدەملەش بولىقى ئەمەس (ئۇ age بىلەن شىفىرلانغان ھۆججەت ئەمەس).</translation>
    </message>
    <message>
        <source>%1: it carries revisions written by another device than its sender &apos;%2&apos; (a field device sends only its own)</source>
        <comment>not_the_senders_own</comment>
        <translation>%1: ئۇنىڭدا ئەۋەتكۈچى &apos;%2&apos; دىن باشقا ئۈسكۈنە يازغان نۇسخىلار بار (دالا ئۈسكۈنىسى پەقەت ئۆزىنىڭكىنىلا ئەۋەتىدۇ)</translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8 text: byte %2 (line %3) cannot be decoded. Save the file as UTF-8 and try again.</source>
        <comment>not_utf8</comment>
        <translation>%1 ئىناۋەتلىك UTF-8 تېكىست ئەمەس: %2-بايتنى (%3-قۇر) يەشكىلى بولمايدۇ. ھۆججەتنى UTF-8 قىلىپ ساقلاپ قايتا سىناڭ.</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a valid id</source>
        <comment>not_valid_id</comment>
        <translation>%1: &apos;%2&apos; ئىناۋەتلىك كىملىك ئەمەس</translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2)</source>
        <comment>not_valid_json</comment>
        <translation>%1 ئىناۋەتلىك JSON ئەمەس (%2)</translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8 text (byte %2)</source>
        <comment>not_valid_utf_text_byte</comment>
        <translation>%1 ئىناۋەتلىك UTF-8 تېكىست ئەمەس (%2-بايت)</translation>
    </message>
    <message>
        <source>Nothing was imported; the file has problems</source>
        <comment>nothing_imported</comment>
        <translation>ھېچنېمە ئەكىرىلمىدى؛ ھۆججەتتە مەسىلە بار</translation>
    </message>
    <message>
        <source>the number of %1 (%2) does not match the signed manifest (%3)</source>
        <comment>number_does_not_match_signed</comment>
        <translation>%1 نىڭ سانى (%2) ئىمزالانغان تىزىملىككە (%3) ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>1 second</source>
        <comment>one_second</comment>
        <translation>1 سېكۇنت</translation>
    </message>
    <message>
        <source>Only a coordinator can revoke a device; ask your coordinator to revoke it.</source>
        <comment>only_coordinator_can_revoke_device</comment>
        <translation>پەقەت ماسلاشتۇرغۇچىلا ئۈسكۈنىنى بىكار قىلالايدۇ؛ ماسلاشتۇرغۇچىڭىزدىن ئۇنى بىكار قىلىشنى سوراڭ.</translation>
    </message>
    <message>
        <source>Only a coordinator workspace holds the organisation certificate authority; this is a field workspace.</source>
        <comment>only_coordinator_workspace_holds_organisation</comment>
        <translation>پەقەت ماسلاشتۇرغۇچى خىزمەت بوشلۇقىدىلا تەشكىلاتنىڭ گۇۋاھنامە تارقىتىش ئورگىنى بولىدۇ؛ بۇ دالا خىزمەت بوشلۇقى.</translation>
    </message>
    <message>
        <source>starts with &apos;%1&apos; but the site&apos;s country is &apos;%2&apos;</source>
        <comment>os_hub_country</comment>
        <translation>&apos;%1&apos; بىلەن باشلىنىدۇ، ئەمما ئورۇننىڭ دۆلىتى &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is out of range (%3)</source>
        <comment>out_range</comment>
        <translation>%1: &apos;%2&apos; دائىرىدىن ھالقىغان (%3)</translation>
    </message>
    <message>
        <source>%1: it names a parent revision that does not exist (%2…)</source>
        <comment>parent_missing</comment>
        <translation>%1: ئۇ مەۋجۇت بولمىغان ئاتا نۇسخىنى كۆرسىتىدۇ (%2…)</translation>
    </message>
    <message>
        <source>%1: a parent is not a SHA-256 hash</source>
        <comment>parent_not_sha_hash</comment>
        <translation>%1: بىر ئاتا نۇسخا SHA-256 خەش قىممىتى ئەمەس</translation>
    </message>
    <message>
        <source>%1: it names as parent a revision of another record</source>
        <comment>parent_of_other_record</comment>
        <translation>%1: ئۇ باشقا بىر خاتىرىنىڭ نۇسخىسىنى ئاتا قىلىپ كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>%1: &apos;parents&apos; must be a list of at most %2 hashes</source>
        <comment>parents_must_list_most_hashes</comment>
        <translation>%1: &apos;parents&apos; كۆپ دېگەندە %2 خەش قىممىتىدىن تەركىب تاپقان تىزىم بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>%1: &apos;parents&apos; are not sorted and distinct</source>
        <comment>parents_not_sorted_distinct</comment>
        <translation>%1: &apos;parents&apos; تەرتىپلەنمىگەن ياكى تەكرارلانغان</translation>
    </message>
    <message>
        <source>A passphrase change of this workspace is running (process %1); wait until it has finished, then try again.</source>
        <comment>passphrase_change_workspace_running_process</comment>
        <translation>بۇ خىزمەت بوشلۇقىنىڭ مەخپىي ئىبارىسى ئۆزگەرتىلىۋاتىدۇ (%1-جەريان)؛ ئۇ تۈگىگۈچە ساقلاپ، قايتا سىناڭ.</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <comment>passphrase_needs_least_characters</comment>
        <translation>مەخپىي ئىبارە كەم دېگەندە %1 ھەرپ بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>A passphrase is required.</source>
        <comment>passphrase_required</comment>
        <translation>مەخپىي ئىبارە كېرەك.</translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess: make it longer, or use four or more unrelated words.</source>
        <comment>passphrase_too_easy_guess_make</comment>
        <translation>مەخپىي ئىبارىنى پەرەز قىلىش بەك ئاسان: ئۇزۇنراق قىلىڭ ياكى بىر-بىرىگە مۇناسىۋەتسىز تۆت ياكى ئۇنىڭدىن كۆپ سۆز ئىشلىتىڭ.</translation>
    </message>
    <message>
        <source>The PDF to sign could not be read (%1).</source>
        <comment>pdf_sign_could_not_read</comment>
        <translation>ئىمزا قويىدىغان PDF نى ئوقۇغىلى بولمىدى (%1).</translation>
    </message>
    <message>
        <source>%1: &apos;person_id&apos; is not a valid id</source>
        <comment>person_id_not_valid_id</comment>
        <translation>%1: &apos;person_id&apos; ئىناۋەتلىك كىملىك ئەمەس</translation>
    </message>
    <message>
        <source>The picture cannot be read to remove its metadata (%1).</source>
        <comment>picture_cannot_read_remove_metadata</comment>
        <translation>مېتا سانلىق مەلۇماتىنى ئۆچۈرۈش ئۈچۈن سۈرەتنى ئوقۇغىلى بولمىدى (%1).</translation>
    </message>
    <message>
        <source>The picture is too large to process.</source>
        <comment>picture_too_large_process</comment>
        <translation>سۈرەت بىر تەرەپ قىلىشقا بەك چوڭ.</translation>
    </message>
    <message>
        <source>The token &apos;%1&apos; holds no key and certificate labelled &apos;%2&apos; (%3).</source>
        <comment>pkcs11_no_key</comment>
        <translation>&apos;%1&apos; توكېنىدا &apos;%2&apos; بەلگىلىك ئاچقۇچ ۋە گۇۋاھنامە يوق (%3).</translation>
    </message>
    <message>
        <source>There is no PKCS#11 module %1.</source>
        <comment>pkcs11_no_module</comment>
        <translation>%1 PKCS#11 مودۇلى يوق.</translation>
    </message>
    <message>
        <source>The PKCS#11 token &apos;%1&apos; could not be opened with %2 (%3). Check the module, the token label and the PIN.</source>
        <comment>pkcs11_token_not_opened</comment>
        <translation>&apos;%1&apos; PKCS#11 توكېنىنى %2 بىلەن ئاچقىلى بولمىدى (%3). مودۇل، توكېن بەلگىسى ۋە PIN نى تەكشۈرۈڭ.</translation>
    </message>
    <message>
        <source>There is no PKCS#12 file %1.</source>
        <comment>pkcs12_missing</comment>
        <translation>%1 PKCS#12 ھۆججىتى يوق.</translation>
    </message>
    <message>
        <source>%1 could not be opened: wrong passphrase, or not a PKCS#12 file with a private key and its certificate.</source>
        <comment>pkcs12_not_opened</comment>
        <translation>%1 نى ئاچقىلى بولمىدى: مەخپىي ئىبارە خاتا، ياكى ئۇ شەخسىي ئاچقۇچ ۋە ئۇنىڭ گۇۋاھنامىسى بار PKCS#12 ھۆججىتى ئەمەس.</translation>
    </message>
    <message>
        <source>%1 is too large to be a PKCS#12 file.</source>
        <comment>pkcs12_too_large</comment>
        <translation>%1 PKCS#12 ھۆججىتى بولۇشقا بەك چوڭ.</translation>
    </message>
    <message>
        <source>Checking %1 (KiB)</source>
        <comment>progress_checking_file</comment>
        <translation>%1 تەكشۈرۈلۈۋاتىدۇ (KiB)</translation>
    </message>
    <message>
        <source>Writing demo visits and findings</source>
        <comment>progress_demo</comment>
        <translation>ئۈلگە زىيارەت ۋە بايقاشلار يېزىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Exporting revisions</source>
        <comment>progress_exporting</comment>
        <translation>نۇسخىلار چىقىرىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Merging %1 (KiB)</source>
        <comment>progress_merging_file</comment>
        <translation>%1 بىرلەشتۈرۈلۈۋاتىدۇ (KiB)</translation>
    </message>
    <message>
        <source>Scoring past quarters</source>
        <comment>progress_past_quarters</comment>
        <translation>ئۆتكەن پەسىللەرگە نومۇر ھېسابلاۋاتىدۇ</translation>
    </message>
    <message>
        <source>Collecting the register</source>
        <comment>progress_register</comment>
        <translation>تىزىملىك توپلىنىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Writing the scorecard</source>
        <comment>progress_scorecard</comment>
        <translation>باھا كارتىسى يېزىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Writing scorecards</source>
        <comment>progress_scorecards</comment>
        <translation>باھا كارتىلىرى يېزىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Scoring</source>
        <comment>progress_scoring</comment>
        <translation>نومۇر ھېسابلاۋاتىدۇ</translation>
    </message>
    <message>
        <source>Summarising findings</source>
        <comment>progress_summarising</comment>
        <translation>بايقاشلار خۇلاسىلىنىۋاتىدۇ</translation>
    </message>
    <message>
        <source>%1: a field device marked an assessment ready to publish; only a coordinator may</source>
        <comment>publication_from_field</comment>
        <translation>%1: بىر دالا ئۈسكۈنىسى باھالاشقا ئېلان قىلىشقا تەييار دەپ بەلگە قويغان؛ بۇنى پەقەت ماسلاشتۇرغۇچىلا قىلالايدۇ</translation>
    </message>
    <message>
        <source>Only a coordinator can mark an assessment ready to publish; this is a field workspace.</source>
        <comment>publish_coordinator_only</comment>
        <translation>پەقەت ماسلاشتۇرغۇچىلا باھالاشقا ئېلان قىلىشقا تەييار دەپ بەلگە قويالايدۇ؛ بۇ دالا خىزمەت بوشلۇقى.</translation>
    </message>
    <message>
        <source>%1 (%2) rates %3s, but the subject is a %4</source>
        <comment>rates_but_subject</comment>
        <translation>%1 (%2) %3 غا باھا بېرىدۇ، ئەمما باھالىنىدىغان ئوبيېكت %4</translation>
    </message>
    <message>
        <source>The re-encrypted database failed its check; nothing was changed.</source>
        <comment>re_encrypted_database_failed_check</comment>
        <translation>قايتا شىفىرلانغان ساندان تەكشۈرۈشتىن ئۆتمىدى؛ ھېچنېمە ئۆزگەرتىلمىدى.</translation>
    </message>
    <message>
        <source>The reason is longer than %1 characters.</source>
        <comment>reason_longer_characters</comment>
        <translation>سەۋەب %1 ھەرپتىن ئۇزۇن.</translation>
    </message>
    <message>
        <source>A recipient key is not a valid age public key (%1).</source>
        <comment>recipient_key_not_valid_age</comment>
        <translation>بىر تاپشۇرۇۋالغۇچى ئاچقۇچى ئىناۋەتلىك age ئاممىۋى ئاچقۇچى ئەمەس (%1).</translation>
    </message>
    <message>
        <source>%1, field &apos;%2&apos;: %3</source>
        <comment>record_field_problem</comment>
        <translation>%1، &apos;%2&apos; بۆلىكى: %3</translation>
    </message>
    <message>
        <source>Record %1 has no open conflict.</source>
        <comment>record_no_open_conflict</comment>
        <translation>%1 خاتىرىسىدە ھەل قىلىنمىغان توقۇنۇش يوق.</translation>
    </message>
    <message>
        <source>Record %1 is a %2, not a %3.</source>
        <comment>record_not</comment>
        <translation>%1 خاتىرىسى %2، %3 ئەمەس.</translation>
    </message>
    <message>
        <source>Record %1 is a %2, not a visit.</source>
        <comment>record_not_visit</comment>
        <translation>%1 خاتىرىسى %2، زىيارەت ئەمەس.</translation>
    </message>
    <message>
        <source>This recovery file belongs to another workspace.</source>
        <comment>recovery_file_belongs_another_workspace</comment>
        <translation>بۇ ئەسلىگە كەلتۈرۈش ھۆججىتى باشقا خىزمەت بوشلۇقىغا تەۋە.</translation>
    </message>
    <message>
        <source>The recovery file is damaged (%1).</source>
        <comment>recovery_file_damaged</comment>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتى بۇزۇلغان (%1).</translation>
    </message>
    <message>
        <source>The recovery file %1 is damaged (no key slots).</source>
        <comment>recovery_file_damaged_no_key</comment>
        <translation>%1 ئەسلىگە كەلتۈرۈش ھۆججىتى بۇزۇلغان (ئاچقۇچ ئورنى يوق).</translation>
    </message>
    <message>
        <source>This recovery file does not open the database in %1: it belongs to another workspace, or it was made before a passphrase change gave the database a new key.</source>
        <comment>recovery_file_does_not_open</comment>
        <translation>بۇ ئەسلىگە كەلتۈرۈش ھۆججىتى %1 دىكى ساندانى ئاچمايدۇ: ئۇ باشقا خىزمەت بوشلۇقىغا تەۋە، ياكى مەخپىي ئىبارە ئۆزگەرتىلىپ ساندانغا يېڭى ئاچقۇچ بېرىلىشتىن بۇرۇن ياسالغان.</translation>
    </message>
    <message>
        <source>This recovery file was not split into shares; use its passphrase.</source>
        <comment>recovery_file_not_split_into</comment>
        <translation>بۇ ئەسلىگە كەلتۈرۈش ھۆججىتى ئۈلۈشلەرگە بۆلۈنمىگەن؛ ئۇنىڭ مەخپىي ئىبارىسىنى ئىشلىتىڭ.</translation>
    </message>
    <message>
        <source>This recovery file opens only with its shares.</source>
        <comment>recovery_file_opens_only_shares</comment>
        <translation>بۇ ئەسلىگە كەلتۈرۈش ھۆججىتى پەقەت ئۆز ئۈلۈشلىرى بىلەنلا ئېچىلىدۇ.</translation>
    </message>
    <message>
        <source>The recovery file has version %1; this application reads version %2. Update the application.</source>
        <comment>recovery_file_version_application_reads</comment>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتىنىڭ نەشرى %1؛ بۇ پروگرامما %2-نەشرنى ئوقۇيدۇ. پروگراممىنى يېڭىلاڭ.</translation>
    </message>
    <message>
        <source>refers to a %1, expected %2</source>
        <comment>refers_expected</comment>
        <translation>بىر %1 نى كۆرسىتىدۇ، %2 كۈتۈلگەن</translation>
    </message>
    <message>
        <source>refers to %1, a %2; expected %3</source>
        <comment>refers_expected_2</comment>
        <translation>%1 نى كۆرسىتىدۇ، ئۇ بىر %2؛ %3 كۈتۈلگەن</translation>
    </message>
    <message>
        <source>refers to a %1; expected %2</source>
        <comment>refers_expected_3</comment>
        <translation>بىر %1 نى كۆرسىتىدۇ؛ %2 كۈتۈلگەن</translation>
    </message>
    <message>
        <source>refers to %1, which does not exist</source>
        <comment>refers_to_missing</comment>
        <translation>مەۋجۇت بولمىغان %1 نى كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>%1 refers to %2, which is neither in the bundle nor in this workspace (a dangling reference)</source>
        <comment>refers_which_neither_bundle_nor</comment>
        <translation>%1 بولاقتىمۇ، بۇ خىزمەت بوشلۇقىدىمۇ يوق %2 نى كۆرسىتىدۇ (ئېسىلىپ قالغان كۆرسەتمە)</translation>
    </message>
    <message>
        <source>refers to &apos;%1&apos;, which is neither an id nor a ref in this file</source>
        <comment>refers_which_neither_id_nor</comment>
        <translation>&apos;%1&apos; نى كۆرسىتىدۇ، ئۇ بۇ ھۆججەتتىكى كىملىكمۇ ئەمەس، ref مۇ ئەمەس</translation>
    </message>
    <message>
        <source>refers to %1, which is not in this workspace or the file</source>
        <comment>refers_which_not_workspace_file</comment>
        <translation>بۇ خىزمەت بوشلۇقىدىمۇ، ھۆججەتتىمۇ يوق %1 نى كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>The register refused an item that carries sensitive fields.</source>
        <comment>register_refused_item_carries_sensitive</comment>
        <translation>تىزىملىك سەزگۈر بۆلەكلىرى بار بىر تۈرنى رەت قىلدى.</translation>
    </message>
    <message>
        <source>is required</source>
        <comment>required</comment>
        <translation>چوقۇم تولدۇرۇلۇشى كېرەك</translation>
    </message>
    <message>
        <source>%1: the revision does not link to its predecessor</source>
        <comment>revision_does_not_link_predecessor</comment>
        <translation>%1: نۇسخا ئالدىدىكى نۇسخىغا ئۇلانمايدۇ</translation>
    </message>
    <message>
        <source>%1: the revision header is not an object</source>
        <comment>revision_header_not_object</comment>
        <translation>%1: نۇسخا ماۋزۇسى ئوبيېكت ئەمەس</translation>
    </message>
    <message>
        <source>%1: the revision header has wrong fields (unknown %2, missing %3)</source>
        <comment>revision_header_wrong_fields_unknown</comment>
        <translation>%1: نۇسخا ماۋزۇسىدا خاتا بۆلەكلەر بار (نامەلۇم %2، كەم %3)</translation>
    </message>
    <message>
        <source>%1: a revision line must be an object with &apos;h&apos; and &apos;c&apos;</source>
        <comment>revision_line_must_object_h</comment>
        <translation>%1: نۇسخا قۇرى &apos;h&apos; ۋە &apos;c&apos; بار ئوبيېكت بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>the revisions do not match the ranges in the signed manifest</source>
        <comment>revisions_do_not_match_ranges</comment>
        <translation>نۇسخىلار ئىمزالانغان تىزىملىكتىكى دائىرىلەرگە ماس كەلمەيدۇ</translation>
    </message>
    <message>
        <source>its revocation of device %1 names another key than the one this workspace knows</source>
        <comment>revocation_device_names_another_key</comment>
        <translation>ئۇنىڭ %1 ئۈسكۈنىسىنى بىكار قىلىشى بۇ خىزمەت بوشلۇقى بىلىدىغاندىن باشقا ئاچقۇچنى كۆرسىتىدۇ</translation>
    </message>
    <message>
        <source>its revocation of device %1 is not signed by a coordinator this workspace knows</source>
        <comment>revocation_device_not_signed_coordinator</comment>
        <translation>ئۇنىڭ %1 ئۈسكۈنىسىنى بىكار قىلىشىغا بۇ خىزمەت بوشلۇقى بىلىدىغان ماسلاشتۇرغۇچى ئىمزا قويمىغان</translation>
    </message>
    <message>
        <source>The role must be &apos;field&apos; or &apos;coordinator&apos;, not &apos;%1&apos;.</source>
        <comment>role_must_field_coordinator_not</comment>
        <translation>رول &apos;field&apos; ياكى &apos;coordinator&apos; بولۇشى كېرەك، &apos;%1&apos; ئەمەس.</translation>
    </message>
    <message>
        <source>This workspace was saved by a newer version of ACES Desktop (database schema &apos;%1&apos;; this version knows up to &apos;%2&apos;). Install the newer version to open it. Nothing was changed.</source>
        <comment>schema_too_new</comment>
        <translation>بۇ خىزمەت بوشلۇقىنى ACES Desktop نىڭ يېڭىراق نەشرى ساقلىغان (ساندان قېلىپى &apos;%1&apos;؛ بۇ نەشر &apos;%2&apos; گىچە بىلىدۇ). ئېچىش ئۈچۈن يېڭى نەشرنى ئورنىتىڭ. ھېچنېمە ئۆزگەرتىلمىدى.</translation>
    </message>
    <message>
        <source>Scorecards failed verification: %1</source>
        <comment>scorecards_failed_verification</comment>
        <translation>باھا كارتىلىرى دەلىللەشتىن ئۆتمىدى: %1</translation>
    </message>
    <message>
        <source>This record is sealed: it can no longer be changed. Add an amendment to correct it.</source>
        <comment>sealed_no_change</comment>
        <translation>بۇ خاتىرە پېچەتلەنگەن: ئۇنى ئەمدى ئۆزگەرتكىلى بولمايدۇ. تۈزىتىش ئۈچۈن تولۇقلىما قوشۇڭ.</translation>
    </message>
    <message>
        <source>This record is sealed and cannot be deleted; add an amendment instead.</source>
        <comment>sealed_no_delete</comment>
        <translation>بۇ خاتىرە پېچەتلەنگەن، ئۆچۈرگىلى بولمايدۇ؛ ئۇنىڭ ئورنىغا تولۇقلىما قوشۇڭ.</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <comment>seconds</comment>
        <translation>%1 سېكۇنت</translation>
    </message>
    <message>
        <source>%1 is needed: set $%2 or run the command in a terminal.</source>
        <comment>secret_needed</comment>
        <translation>%1 كېرەك: $%2 نى بەلگىلەڭ ياكى بۇيرۇقنى تېرمىنالدا ئىجرا قىلىڭ.</translation>
    </message>
    <message>
        <source>The shares belong to another recovery file (they rebuilt a key that does not open this one).</source>
        <comment>shares_belong_another_recovery_file</comment>
        <translation>ئۈلۈشلەر باشقا بىر ئەسلىگە كەلتۈرۈش ھۆججىتىگە تەۋە (ئۇلار قايتا قۇرغان ئاچقۇچ بۇنى ئاچمايدۇ).</translation>
    </message>
    <message>
        <source>The shares do not fit together: %1</source>
        <comment>shares_do_not_fit_together</comment>
        <translation>ئۈلۈشلەر ماسلاشمايدۇ: %1</translation>
    </message>
    <message>
        <source>Shares need 2 &lt;= threshold &lt;= number of shares &lt;= 16 (got %1 of %2).</source>
        <comment>shares_need_threshold_number_shares</comment>
        <translation>ئۈلۈشلەر 2 &lt;= چەك &lt;= ئۈلۈش سانى &lt;= 16 بولۇشى كېرەك (%2 تىن %1 بېرىلدى).</translation>
    </message>
    <message>
        <source>the signature is out of order</source>
        <comment>signature_out_order</comment>
        <translation>ئىمزانىڭ تەرتىپى خاتا</translation>
    </message>
    <message>
        <source>A signing key in this workspace has an unexpected type.</source>
        <comment>signing_key_workspace_unexpected_type</comment>
        <translation>بۇ خىزمەت بوشلۇقىدىكى بىر ئىمزا ئاچقۇچىنىڭ تىپى كۈتۈلمىگەن.</translation>
    </message>
    <message>
        <source>must be the site of the finding&apos;s visit</source>
        <comment>site_of_visit</comment>
        <translation>بايقاشنىڭ زىيارىتىدىكى ئورۇن بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>This %1 is still referred to by %2%3 record(s) (%4); delete or change those first.</source>
        <comment>still_referred_record_delete_change</comment>
        <translation>بۇ %1 نى يەنىلا %2%3 خاتىرە (%4) كۆرسىتىدۇ؛ ئالدى بىلەن ئۇلارنى ئۆچۈرۈڭ ياكى ئۆزگەرتىڭ.</translation>
    </message>
    <message>
        <source>The stored attachment %1… is damaged (%2).</source>
        <comment>stored_attachment_damaged</comment>
        <translation>ساقلانغان قوشۇمچە %1… بۇزۇلغان (%2).</translation>
    </message>
    <message>
        <source>The stored attachment %1… does not match its record.</source>
        <comment>stored_attachment_does_not_match</comment>
        <translation>ساقلانغان قوشۇمچە %1… ئۆز خاتىرىسىگە ماس كەلمەيدۇ.</translation>
    </message>
    <message>
        <source>The stored attachment %1… does not match its hash.</source>
        <comment>stored_attachment_does_not_match_2</comment>
        <translation>ساقلانغان قوشۇمچە %1… ئۆز خەش قىممىتىگە ماس كەلمەيدۇ.</translation>
    </message>
    <message>
        <source>A stored attachment is larger than its record says.</source>
        <comment>stored_attachment_larger_record_says</comment>
        <translation>بىر ساقلانغان قوشۇمچە ئۆز خاتىرىسىدە دېيىلگەندىن چوڭ.</translation>
    </message>
    <message>
        <source>A temporary file is written once.</source>
        <comment>temporary_file_written_once</comment>
        <translation>ۋاقىتلىق ھۆججەت بىر قېتىملا يېزىلىدۇ.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs the form key = value</source>
        <comment>text_not_key_value</comment>
        <translation>«%1» ئاچقۇچ = قىممەت شەكلىدە بولۇشى كېرەك</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number; type e.g. 31.25</source>
        <comment>text_not_number</comment>
        <translation>«%1» سان ئەمەس؛ مەسىلەن 31.25 نى كىرگۈزۈڭ</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a whole number; type digits only, e.g. 1250</source>
        <comment>text_not_whole_number</comment>
        <translation>«%1» پۈتۈن سان ئەمەس؛ پەقەت رەقەم كىرگۈزۈڭ، مەسىلەن 1250</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not yes or no</source>
        <comment>text_not_yes_no</comment>
        <translation>«%1» ھەئە ياكى ياق ئەمەس</translation>
    </message>
    <message>
        <source>the coverage</source>
        <comment>the_coverage</comment>
        <translation>قاپلاش دائىرىسى</translation>
    </message>
    <message>
        <source>the membership</source>
        <comment>the_membership</comment>
        <translation>ئەزالىق</translation>
    </message>
    <message>
        <source>the period</source>
        <comment>the_period</comment>
        <translation>مۇددەت</translation>
    </message>
    <message>
        <source>the request</source>
        <comment>the_request</comment>
        <translation>تەلەپ</translation>
    </message>
    <message>
        <source>the visit</source>
        <comment>the_visit</comment>
        <translation>زىيارەت</translation>
    </message>
    <message>
        <source>there is extra data after the end of the archive</source>
        <comment>there_extra_data_after_end</comment>
        <translation>ئارخىپ ئاخىرلاشقاندىن كېيىن ئارتۇقچە سانلىق مەلۇمات بار</translation>
    </message>
    <message>
        <source>There is no duplicate pair %1 in the review queue.</source>
        <comment>there_no_duplicate_pair_review</comment>
        <translation>تەكشۈرۈش ئۆچىرىكىدە %1 تەكرار جۈپ يوق.</translation>
    </message>
    <message>
        <source>There is no %1 with id %2 in this workspace.</source>
        <comment>there_no_id_workspace</comment>
        <translation>بۇ خىزمەت بوشلۇقىدا كىملىكى %2 بولغان %1 يوق.</translation>
    </message>
    <message>
        <source>There is no %1 with id &apos;%2&apos; in this workspace (list them with: aces score --kind %1).</source>
        <comment>there_no_id_workspace_list</comment>
        <translation>بۇ خىزمەت بوشلۇقىدا كىملىكى &apos;%2&apos; بولغان %1 يوق (ئۇلارنى بۇ بۇيرۇق بىلەن تىزىڭ: aces score --kind %1).</translation>
    </message>
    <message>
        <source>There is no recovery file at %1.</source>
        <comment>there_no_recovery_file</comment>
        <translation>%1 دا ئەسلىگە كەلتۈرۈش ھۆججىتى يوق.</translation>
    </message>
    <message>
        <source>There is no workspace database at %1: the recovery file restores keys, not records. Point --workspace at the folder holding workspace.db.</source>
        <comment>there_no_workspace_database_recovery</comment>
        <translation>%1 دا خىزمەت بوشلۇقى ساندانى يوق: ئەسلىگە كەلتۈرۈش ھۆججىتى خاتىرىلەرنى ئەمەس، ئاچقۇچلارنى ئەسلىگە كەلتۈرىدۇ. --workspace نى workspace.db بار قىسقۇچقا قارىتىڭ.</translation>
    </message>
    <message>
        <source>its time %1 is more than %2 hours ahead of this computer&apos;s clock (is the sending device&apos;s clock wrong?)</source>
        <comment>time_ahead</comment>
        <translation>ئۇنىڭ ۋاقتى %1 بۇ كومپيۇتېرنىڭ سائىتىدىن %2 سائەتتىن ئارتۇق ئالدىدا (ئەۋەتكۈچى ئۈسكۈنىنىڭ سائىتى خاتامۇ؟)</translation>
    </message>
    <message>
        <source>%1 is too large to be an identity file.</source>
        <comment>too_large_identity_file</comment>
        <translation>%1 كىملىك ھۆججىتى بولۇشقا بەك چوڭ.</translation>
    </message>
    <message>
        <source>The %1 %2 is too large to travel in a bundle (%3 bytes; the limit is %4).</source>
        <comment>too_large_travel_bundle_bytes</comment>
        <translation>%1 %2 بولاق ئارقىلىق يۆتكىلىشكە بەك چوڭ (%3 بايت؛ چەك %4).</translation>
    </message>
    <message>
        <source>is %1 characters long; the limit is %2</source>
        <comment>too_long</comment>
        <translation>ئۇزۇنلۇقى %1 ھەرپ؛ چەك %2</translation>
    </message>
    <message>
        <source>Too many wrong passphrases. Wait %1 before trying again.</source>
        <comment>too_many_attempts</comment>
        <translation>خاتا مەخپىي ئىبارە بەك كۆپ كىرگۈزۈلدى. قايتا سىناشتىن بۇرۇن %1 ساقلاڭ.</translation>
    </message>
    <message>
        <source>has %1 entries; the limit is %2</source>
        <comment>too_many_entries</comment>
        <translation>%1 تۈر بار؛ چەك %2</translation>
    </message>
    <message>
        <source>has %1 keys; the limit is %2</source>
        <comment>too_many_keys</comment>
        <translation>%1 ئاچقۇچ بار؛ چەك %2</translation>
    </message>
    <message>
        <source>unknown criterion &apos;%1&apos;</source>
        <comment>unknown_criterion</comment>
        <translation>نامەلۇم ئۆلچەم &apos;%1&apos;</translation>
    </message>
    <message>
        <source>unknown criterion &apos;%1&apos;; %2 criteria are %3</source>
        <comment>unknown_criterion_subject</comment>
        <translation>نامەلۇم ئۆلچەم &apos;%1&apos;؛ %2 ئۆلچەملىرى: %3</translation>
    </message>
    <message>
        <source>Unknown export type &apos;%1&apos;; choose one of: %2.</source>
        <comment>unknown_export_type_choose_one</comment>
        <translation>نامەلۇم چىقىرىش تىپى &apos;%1&apos;؛ بۇلارنىڭ بىرىنى تاللاڭ: %2.</translation>
    </message>
    <message>
        <source>Unknown kind of scorecard &apos;%1&apos;.</source>
        <comment>unknown_kind_scorecard</comment>
        <translation>نامەلۇم باھا كارتىسى تۈرى &apos;%1&apos;.</translation>
    </message>
    <message>
        <source>%1: unknown operation &apos;%2&apos;</source>
        <comment>unknown_operation</comment>
        <translation>%1: نامەلۇم مەشغۇلات &apos;%2&apos;</translation>
    </message>
    <message>
        <source>unknown record type &apos;%1&apos;</source>
        <comment>unknown_record_type</comment>
        <translation>نامەلۇم خاتىرە تىپى &apos;%1&apos;</translation>
    </message>
    <message>
        <source>%1: unknown record type &apos;%2&apos;</source>
        <comment>unknown_record_type_2</comment>
        <translation>%1: نامەلۇم خاتىرە تىپى &apos;%2&apos;</translation>
    </message>
    <message>
        <source>%1: unknown revision format %2</source>
        <comment>unknown_revision_format</comment>
        <translation>%1: نامەلۇم نۇسخا فورماتى %2</translation>
    </message>
    <message>
        <source>Unlock the workspace before exporting its recovery file.</source>
        <comment>unlock_workspace_before_exporting_recovery</comment>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتىنى چىقىرىشتىن بۇرۇن خىزمەت بوشلۇقىنى ئېچىڭ.</translation>
    </message>
    <message>
        <source>Upgrading the workspace from schema &apos;%1&apos; failed (%2). The workspace is unchanged, and a copy taken before the attempt is at %3.</source>
        <comment>upgrading_workspace_schema_failed_workspace</comment>
        <translation>خىزمەت بوشلۇقىنى &apos;%1&apos; قېلىپىدىن يېڭىلاش مەغلۇپ بولدى (%2). خىزمەت بوشلۇقى ئۆزگەرمىدى، سىناشتىن بۇرۇن ئېلىنغان كۆپەيتمە %3 دا.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is used by %2 too</source>
        <comment>used_too</comment>
        <translation>&apos;%1&apos; نى %2 مۇ ئىشلىتىدۇ</translation>
    </message>
    <message>
        <source>%1 uses identity format version %2; this version of ACES Desktop reads version %3.</source>
        <comment>uses_identity_format_version_version</comment>
        <translation>%1 %2-نەشرلىك كىملىك فورماتىنى ئىشلىتىدۇ؛ بۇ ACES Desktop نەشرى %3-نەشرنى ئوقۇيدۇ.</translation>
    </message>
    <message>
        <source>it uses an unknown bundle format version %1</source>
        <comment>uses_unknown_bundle_format_version</comment>
        <translation>ئۇ نامەلۇم بولاق فورماتى نەشرى %1 نى ئىشلىتىدۇ</translation>
    </message>
    <message>
        <source>That version&apos;s content is not on this device.</source>
        <comment>version_content_not_device</comment>
        <translation>ئۇ نۇسخىنىڭ مەزمۇنى بۇ ئۈسكۈنىدە يوق.</translation>
    </message>
    <message>
        <source>The visit is sealed: nothing can be added to it. Record a correction as an amendment.</source>
        <comment>visit_sealed</comment>
        <translation>زىيارەت پېچەتلەنگەن: ئۇنىڭغا ھېچنېمە قوشقىلى بولمايدۇ. تۈزىتىشنى تولۇقلىما قىلىپ خاتىرىلەڭ.</translation>
    </message>
    <message>
        <source>%1 Wait %2 before the next attempt.</source>
        <comment>wait_before_next</comment>
        <translation>%1 كېيىنكى سىناشتىن بۇرۇن %2 ساقلاڭ.</translation>
    </message>
    <message>
        <source>A workspace cannot revoke itself.</source>
        <comment>workspace_cannot_revoke_itself</comment>
        <translation>خىزمەت بوشلۇقى ئۆزىنى بىكار قىلالمايدۇ.</translation>
    </message>
    <message>
        <source>The workspace database cannot be opened (%1).</source>
        <comment>workspace_database_cannot_opened</comment>
        <translation>خىزمەت بوشلۇقى ساندانىنى ئاچقىلى بولمايدۇ (%1).</translation>
    </message>
    <message>
        <source>This workspace does not know its organisation yet: trust a coordinator first.</source>
        <comment>workspace_does_not_know_organisation</comment>
        <translation>بۇ خىزمەت بوشلۇقى تېخى ئۆز تەشكىلاتىنى بىلمەيدۇ: ئالدى بىلەن بىر ماسلاشتۇرغۇچىغا ئىشىنىڭ.</translation>
    </message>
    <message>
        <source>%1 already exists and is not empty; choose a new folder.</source>
        <comment>workspace_exists</comment>
        <translation>%1 ئاللىبۇرۇن بار ۋە قۇرۇق ئەمەس؛ يېڭى قىسقۇچ تاللاڭ.</translation>
    </message>
    <message>
        <source>The workspace is incomplete: its &apos;%1&apos; is missing.</source>
        <comment>workspace_incomplete_missing</comment>
        <translation>خىزمەت بوشلۇقى تولۇق ئەمەس: ئۇنىڭ &apos;%1&apos; ى يوق.</translation>
    </message>
    <message>
        <source>The workspace key file %1 cannot be read (%2).</source>
        <comment>workspace_key_file_cannot_read</comment>
        <translation>خىزمەت بوشلۇقى ئاچقۇچ ھۆججىتى %1 نى ئوقۇغىلى بولمايدۇ (%2).</translation>
    </message>
    <message>
        <source>The workspace key file is damaged (%1).</source>
        <comment>workspace_key_file_damaged</comment>
        <translation>خىزمەت بوشلۇقى ئاچقۇچ ھۆججىتى بۇزۇلغان (%1).</translation>
    </message>
    <message>
        <source>The workspace key file %1 is missing: the workspace cannot be opened. If you have a recovery file, restore the keys from it.</source>
        <comment>workspace_key_file_missing_workspace</comment>
        <translation>خىزمەت بوشلۇقى ئاچقۇچ ھۆججىتى %1 يوق: خىزمەت بوشلۇقىنى ئاچقىلى بولمايدۇ. ئەگەر ئەسلىگە كەلتۈرۈش ھۆججىتىڭىز بولسا، ئاچقۇچلارنى ئۇنىڭدىن ئەسلىگە كەلتۈرۈڭ.</translation>
    </message>
    <message>
        <source>The workspace key file has version %1; this version of ACES Desktop reads version 1. Update the application.</source>
        <comment>workspace_key_file_version_version</comment>
        <translation>خىزمەت بوشلۇقى ئاچقۇچ ھۆججىتىنىڭ نەشرى %1؛ بۇ ACES Desktop نەشرى 1-نەشرنى ئوقۇيدۇ. پروگراممىنى يېڭىلاڭ.</translation>
    </message>
    <message>
        <source>The workspace key &apos;%1&apos; is missing.</source>
        <comment>workspace_key_missing</comment>
        <translation>خىزمەت بوشلۇقى ئاچقۇچى &apos;%1&apos; يوق.</translation>
    </message>
    <message>
        <source>The workspace is locked; unlock it with its passphrase.</source>
        <comment>workspace_locked</comment>
        <translation>خىزمەت بوشلۇقى قۇلۇپلانغان؛ ئۇنى مەخپىي ئىبارىسى بىلەن ئېچىڭ.</translation>
    </message>
    <message>
        <source>This workspace has lost its own device entry.</source>
        <comment>workspace_lost_own_device_entry</comment>
        <translation>بۇ خىزمەت بوشلۇقى ئۆزىنىڭ ئۈسكۈنە يازمىسىنى يوقاتقان.</translation>
    </message>
    <message>
        <source>This workspace trusts no coordinator yet: add the coordinator&apos;s identity file first.</source>
        <comment>workspace_trusts_no_coordinator_yet</comment>
        <translation>بۇ خىزمەت بوشلۇقى تېخى ھېچقانداق ماسلاشتۇرغۇچىغا ئىشەنمەيدۇ: ئاۋۋال ماسلاشتۇرغۇچىنىڭ كىملىك ھۆججىتىنى قوشۇڭ.</translation>
    </message>
    <message>
        <source>This workspace trusts no device yet: add the identity file of a field device first.</source>
        <comment>workspace_trusts_no_device_yet</comment>
        <translation>بۇ خىزمەت بوشلۇقى تېخى ھېچقانداق ئۈسكۈنىگە ئىشەنمەيدۇ: ئاۋۋال بىر دالا ئۈسكۈنىسىنىڭ كىملىك ھۆججىتىنى قوشۇڭ.</translation>
    </message>
    <message>
        <source>%1: it was written by a device that no coordinator of this organisation enrolled</source>
        <comment>written_device_no_coordinator_organisation</comment>
        <translation>%1: ئۇنى بۇ تەشكىلاتنىڭ ھېچقانداق ماسلاشتۇرغۇچىسى تىزىملاتمىغان ئۈسكۈنە يازغان</translation>
    </message>
    <message>
        <source>Wrong passphrase for this workspace.</source>
        <comment>wrong_passphrase</comment>
        <translation>بۇ خىزمەت بوشلۇقىنىڭ مەخپىي ئىبارىسى خاتا.</translation>
    </message>
    <message>
        <source>Wrong recovery passphrase.</source>
        <comment>wrong_recovery_passphrase</comment>
        <translation>ئەسلىگە كەلتۈرۈش مەخپىي ئىبارىسى خاتا.</translation>
    </message>
</context>
<context>
    <name>EvidenceForm</name>
    <message>
        <source>Add evidence — %1</source>
        <translation>ئىسپات قوشۇش — %1</translation>
    </message>
    <message>
        <source>&amp;Criterion:</source>
        <translation>&amp;ئۆلچەم:</translation>
    </message>
    <message>
        <source>Level the evidence shows</source>
        <translation>ئىسپات كۆرسەتكەن سەۋىيە</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>&amp;سەۋىيە:</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>&amp;مەنبە:</translation>
    </message>
    <message>
        <source>&amp;Kind of evidence:</source>
        <translation>ئىسپات &amp;تۈرى:</translation>
    </message>
    <message>
        <source>&amp;Date of the evidence:</source>
        <translation>ئىسپاتنىڭ &amp;چېسلاسى:</translation>
    </message>
    <message>
        <source>&amp;Web address:</source>
        <translation>&amp;تور ئادرېسى:</translation>
    </message>
    <message>
        <source>What the evidence shows</source>
        <translation>ئىسپاتنىڭ كۆرسەتكىنى</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>&amp;چۈشەندۈرۈش:</translation>
    </message>
    <message>
        <source>Choose a &amp;file…</source>
        <translation>&amp;ھۆججەت تاللاش…</translation>
    </message>
    <message>
        <source>No file (a PDF, a saved web page, a picture)</source>
        <translation>ھۆججەت يوق (PDF، ساقلانغان تور بەت ياكى سۈرەت)</translation>
    </message>
    <message>
        <source>Source document:</source>
        <translation>مەنبە ھۆججىتى:</translation>
    </message>
    <message>
        <source>Wor&amp;kers covered:</source>
        <translation>قاپلانغان &amp;ئىشچىلار:</translation>
    </message>
    <message>
        <source>Share of the &amp;workforce (%):</source>
        <translation>ئەمگەك كۈچىدىكى &amp;ئۈلۈشى (%):</translation>
    </message>
    <message>
        <source>&amp;Region of the audits:</source>
        <translation>تەپتىشلەرنىڭ &amp;رايونى:</translation>
    </message>
    <message>
        <source>Credit through the &amp;initiative:</source>
        <translation>&amp;تەشەببۇس ئارقىلىق ئېرىشكەن نومۇر:</translation>
    </message>
    <message>
        <source>&amp;Published</source>
        <translation>&amp;ئېلان قىلىنغان</translation>
    </message>
    <message>
        <source>&amp;Board approved</source>
        <translation>&amp;مۇدىرىيەت تەستىقلىغان</translation>
    </message>
    <message>
        <source>Si&amp;gned</source>
        <translation>&amp;ئىمزالانغان</translation>
    </message>
    <message>
        <source>a plain number, e.g. 150000 or 12.5</source>
        <translation>ئاددىي سان، مەسىلەن 150000 ياكى 12.5</translation>
    </message>
    <message>
        <source>e.g. CN-XJ or Xinjiang</source>
        <translation>مەسىلەن CN-XJ ياكى Xinjiang</translation>
    </message>
    <message>
        <source>Source document</source>
        <translation>مەنبە ھۆججىتى</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.html *.htm *.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation>ھۆججەتلەر (*.pdf *.html *.htm *.png *.jpg *.jpeg *.webp);;بارلىق ھۆججەتلەر (*)</translation>
    </message>
    <message>
        <source>A fact cannot be used: %1</source>
        <translation>بىر پاكىتنى ئىشلەتكىلى بولمايدۇ: %1</translation>
    </message>
</context>
<context>
    <name>ExportScorecardDialog</name>
    <message>
        <source>Initiative</source>
        <translation>تەشەببۇس</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>شىركەت</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>ئورۇن</translation>
    </message>
    <message>
        <source>Export scorecard (signed)</source>
        <translation>باھا كارتىسىنى چىقىرىش (ئىمزالانغان)</translation>
    </message>
    <message>
        <source>Scorecard:</source>
        <translation>باھا كارتىسى:</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>ساقلاش ئورنى:</translation>
    </message>
    <message>
        <source>Signer:</source>
        <translation>ئىمزالىغۇچى:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>كۆرۈش…</translation>
    </message>
    <message>
        <source>Sign the scorecard (PAdES)</source>
        <translation>باھا كارتىسىغا ئىمزا قويۇش (PAdES)</translation>
    </message>
    <message>
        <source>Only a coordinator workspace can sign scorecards.</source>
        <translation>پەقەت ماسلاشتۇرغۇچى خىزمەت بوشلۇقىلا باھا كارتىسىغا ئىمزا قويالايدۇ.</translation>
    </message>
    <message>
        <source>This workspace&apos;s person (default)</source>
        <translation>بۇ خىزمەت بوشلۇقىنىڭ ئادىمى (كۆڭۈلدىكى)</translation>
    </message>
    <message>
        <source>Issued by (organisation):</source>
        <translation>تارقاتقۇچى (تەشكىلات):</translation>
    </message>
    <message>
        <source>Logo (PNG or JPEG):</source>
        <translation>لوگو (PNG ياكى JPEG):</translation>
    </message>
    <message>
        <source>The saved logo</source>
        <translation>ساقلانغان لوگو</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>لوگو يوق</translation>
    </message>
    <message>
        <source>Use this organisation and logo for later scorecards too</source>
        <translation>بۇ تەشكىلات ۋە لوگونى كېيىنكى باھا كارتىلىرىدىمۇ ئىشلىتىش</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>چىقىرىش</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>تاقاش</translation>
    </message>
    <message>
        <source>Save scorecard as</source>
        <translation>باھا كارتىسىنى باشقا نامدا ساقلاش</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF ھۆججەتلىرى (*.pdf)</translation>
    </message>
    <message>
        <source>Organisation logo</source>
        <translation>تەشكىلات لوگوسى</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation>سۈرەتلەر (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Choose where to save the scorecard (a .pdf file).</source>
        <translation>باھا كارتىسىنى ساقلايدىغان ئورۇننى تاللاڭ (.pdf ھۆججىتى).</translation>
    </message>
    <message>
        <source>Choose the PKCS#12 file, or the token&apos;s module, token and key.</source>
        <translation>PKCS#12 ھۆججىتىنى، ياكى توكېننىڭ مودۇلى، توكېن ۋە ئاچقۇچنى تاللاڭ.</translation>
    </message>
    <message>
        <source>Writing the scorecard…</source>
        <translation>باھا كارتىسى يېزىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Writing the scorecard</source>
        <translation>باھا كارتىسى يېزىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Signed by %1. Saved as %2 in %3</source>
        <translation>%1 ئىمزالىدى. %3 دا %2 نامىدا ساقلاندى</translation>
    </message>
    <message>
        <source>Saved (not signed) as %1 in %2</source>
        <translation>%2 دا %1 نامىدا ساقلاندى (ئىمزالانمىغان)</translation>
    </message>
</context>
<context>
    <name>FactsEditor</name>
    <message>
        <source>key = value, one per line</source>
        <translation>ئاچقۇچ = قىممەت، ھەر قۇرغا بىردىن</translation>
    </message>
    <message>
        <source>Line %1 needs the form key = value.</source>
        <translation>%1-قۇر ئاچقۇچ = قىممەت شەكلىدە بولۇشى كېرەك.</translation>
    </message>
</context>
<context>
    <name>FeatureMenus</name>
    <message>
        <source>Ratings</source>
        <translation>باھالار</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>ماس قەدەملەش</translation>
    </message>
    <message>
        <source>E&amp;xport this list to a spreadsheet…</source>
        <translation>بۇ تىزىمنى ئېلېكترونلۇق جەدۋەلگە &amp;چىقىرىش…</translation>
    </message>
    <message>
        <source>&amp;Protection</source>
        <translation>&amp;قوغداش</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>&amp;ئېلان قىلىش</translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation>&amp;مەخپىي ئىبارىنى ئۆزگەرتىش…</translation>
    </message>
    <message>
        <source>Export a &amp;recovery file…</source>
        <translation>&amp;ئەسلىگە كەلتۈرۈش ھۆججىتىنى چىقىرىش…</translation>
    </message>
    <message>
        <source>Emergency &amp;wipe…</source>
        <translation>جىددىي &amp;ئۆچۈرۈش…</translation>
    </message>
    <message>
        <source>Restore another workspace from a recovery &amp;file…</source>
        <translation>باشقا خىزمەت بوشلۇقىنى ئەسلىگە كەلتۈرۈش &amp;ھۆججىتىدىن ئەسلىگە كەلتۈرۈش…</translation>
    </message>
    <message>
        <source>Export the public &amp;register…</source>
        <translation>ئاممىۋى &amp;تىزىملىكنى چىقىرىش…</translation>
    </message>
    <message>
        <source>Export &amp;scorecard of the selected rating (signed)…</source>
        <translation>تاللانغان باھانىڭ &amp;باھا كارتىسىنى چىقىرىش (ئىمزالانغان)…</translation>
    </message>
    <message>
        <source>Export &amp;all scorecards…</source>
        <translation>&amp;بارلىق باھا كارتىلىرىنى چىقىرىش…</translation>
    </message>
    <message>
        <source>&amp;Verify a signed PDF…</source>
        <translation>ئىمزالانغان PDF نى &amp;دەلىللەش…</translation>
    </message>
    <message>
        <source>A&amp;ssess the selected initiative or company…</source>
        <translation>تاللانغان تەشەببۇس ياكى شىركەتنى &amp;باھالاش…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>چىقىرىش</translation>
    </message>
    <message>
        <source>Open a list (e.g. Sites) to export it.</source>
        <translation>چىقىرىش ئۈچۈن بىر تىزىمنى ئېچىڭ (مەسىلەن ئورۇنلار).</translation>
    </message>
    <message>
        <source>Folder of the workspace to restore</source>
        <translation>ئەسلىگە كەلتۈرىدىغان خىزمەت بوشلۇقىنىڭ قىسقۇچى</translation>
    </message>
    <message>
        <source>Assess</source>
        <translation>باھالاش</translation>
    </message>
    <message>
        <source>Select an initiative or a company first, in its list or on the Ratings page.</source>
        <translation>ئالدى بىلەن ئۆز تىزىمىدا ياكى «باھالار» بېتىدە بىر تەشەببۇس ياكى شىركەت تاللاڭ.</translation>
    </message>
    <message>
        <source>Export scorecard</source>
        <translation>باھا كارتىسىنى چىقىرىش</translation>
    </message>
    <message>
        <source>Select an initiative, company or site on the Ratings page first.</source>
        <translation>ئالدى بىلەن «باھالار» بېتىدە بىر تەشەببۇس، شىركەت ياكى ئورۇن تاللاڭ.</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>كۇنۇپكا تاختىسى تېزلەتمىلىرى</translation>
    </message>
    <message>
        <source>About ACES Desktop</source>
        <translation>ACES Desktop ھەققىدە</translation>
    </message>
    <message>
        <source>ACES Desktop %1

An offline, encrypted evidence workspace for documenting forced labour and rating companies and initiatives.</source>
        <translation>ACES Desktop %1

مەجبۇرىي ئەمگەكنى خاتىرىلەش ھەمدە شىركەت ۋە تەشەببۇسلارغا باھا بېرىش ئۈچۈن تورسىز، شىفىرلانغان ئىسپات خىزمەت بوشلۇقى.</translation>
    </message>
</context>
<context>
    <name>IndicatorChecklist</name>
    <message>
        <source>Source type</source>
        <translation>مەنبە تىپى</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translatorcomment>Methodology term: one of the ILO forced-labour indicators or another checked condition (resources/reference/indicators.json).</translatorcomment>
        <translation>كۆرسەتكۈچ</translation>
    </message>
    <message>
        <source>Grade</source>
        <translatorcomment>Methodology term: how strongly an indicator was found on a visit (0-3).</translatorcomment>
        <translation>دەرىجە</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ئىزاھات</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>مەنبە</translation>
    </message>
    <message>
        <source>Indicator checklist</source>
        <translation>كۆرسەتكۈچ تەكشۈرۈش جەدۋىلى</translation>
    </message>
    <message>
        <source>— not checked</source>
        <translation>— تەكشۈرۈلمىگەن</translation>
    </message>
    <message>
        <source>0 absent</source>
        <translation>0 يوق</translation>
    </message>
    <message>
        <source>1 risk factor</source>
        <translation>1 خەۋپ ئامىلى</translation>
    </message>
    <message>
        <source>2 medium</source>
        <translation>2 ئوتتۇرا</translation>
    </message>
    <message>
        <source>3 strong</source>
        <translation>3 كۈچلۈك</translation>
    </message>
</context>
<context>
    <name>LinkList</name>
    <message>
        <source>Sites (sources from, owns, supplies)</source>
        <translation>ئورۇنلار (مەنبەسى، ئىگىدارلىق قىلىدۇ، تەمىنلەيدۇ)</translation>
    </message>
    <message>
        <source>Memberships of initiatives</source>
        <translation>تەشەببۇسلاردىكى ئەزالىقلار</translation>
    </message>
    <message>
        <source>Member companies</source>
        <translation>ئەزا شىركەتلەر</translation>
    </message>
    <message>
        <source>Sites covered</source>
        <translation>قاپلانغان ئورۇنلار</translation>
    </message>
    <message>
        <source>Companies linked to this site</source>
        <translation>بۇ ئورۇنغا ئۇلانغان شىركەتلەر</translation>
    </message>
    <message>
        <source>Initiatives covering this site</source>
        <translation>بۇ ئورۇننى قاپلىغان تەشەببۇسلار</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>قوشۇش…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>تەھرىرلەش…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>چىقىرىۋېتىش…</translation>
    </message>
    <message>
        <source>Add a %1</source>
        <translation>%1 قوشۇش</translation>
    </message>
    <message>
        <source>Edit the selected %1 (Enter)</source>
        <translation>تاللانغان %1 نى تەھرىرلەش (Enter)</translation>
    </message>
    <message>
        <source>Remove the selected %1 (Delete)</source>
        <translation>تاللانغان %1 نى چىقىرىۋېتىش (Delete)</translation>
    </message>
    <message>
        <source>Remove the membership of %1 in %2?</source>
        <translation>%1 نىڭ %2 دىكى ئەزالىقى چىقىرىۋېتىلسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Remove the coverage of %1 by %2?</source>
        <translation>%2 نىڭ %1 نى قاپلىشى چىقىرىۋېتىلسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Remove the link %1 — %2 (%3)?</source>
        <translation>%1 — %2 (%3) ئۇلىنىشى چىقىرىۋېتىلسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Its history is kept, and the removal syncs like any change.</source>
        <translation>ئۇنىڭ تارىخى ساقلىنىدۇ، چىقىرىۋېتىشمۇ باشقا ئۆزگىرىشلەرگە ئوخشاش ماس قەدەملىنىدۇ.</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>جەزملەشتۈرۈڭ</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>چىقىرىۋېتىش</translation>
    </message>
</context>
<context>
    <name>LinkTableModel</name>
    <message>
        <source>Period</source>
        <translation>مۇددەت</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>ئىشچىلار</translation>
    </message>
    <message>
        <source>(missing record)</source>
        <translation>(يوقالغان خاتىرە)</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>%1 دىن باشلاپ</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>%1 غىچە</translation>
    </message>
</context>
<context>
    <name>LinksSection</name>
    <message>
        <source>Links</source>
        <translation>ئۇلىنىشلار</translation>
    </message>
</context>
<context>
    <name>ListEditor</name>
    <message>
        <source>One per line</source>
        <translation>ھەر قۇرغا بىردىن</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>New</source>
        <translation>يېڭى</translation>
    </message>
    <message>
        <source>Add a new %1</source>
        <translation>يېڭى %1 قوشۇش</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>تەھرىرلەش</translation>
    </message>
    <message>
        <source>Edit the selected %1</source>
        <translation>تاللانغان %1 نى تەھرىرلەش</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ئۆچۈرۈش</translation>
    </message>
    <message>
        <source>Delete the selected %1</source>
        <translation>تاللانغان %1 نى ئۆچۈرۈش</translation>
    </message>
    <message>
        <source>%1 actions</source>
        <translation>%1 مەشغۇلاتلىرى</translation>
    </message>
    <message>
        <source>Search names and text…</source>
        <translation>نام ۋە تېكىستلەرنى ئىزدەش…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>ئىزدەش</translation>
    </message>
    <message>
        <source>List of records: %1</source>
        <translation>خاتىرىلەر تىزىمى: %1</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>ھەممىسىنى كۆرسىتىش</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n خاتىرە</numerusform>
            <numerusform>%n خاتىرە</numerusform>
        </translation>
    </message>
    <message>
        <source>New %1…</source>
        <translation>يېڭى %1…</translation>
    </message>
    <message>
        <source>Import records…</source>
        <translation>خاتىرىلەرنى ئەكىرىش…</translation>
    </message>
    <message>
        <source>No sites yet. Sites are the factories, farms, mills and mines you audit: add one, or import a list of sites (CSV or JSON).</source>
        <translation>تېخى ئورۇن يوق. ئورۇنلار سىز تەكشۈرىدىغان زاۋۇت، دېھقانچىلىق مەيدانى، تېگىرمەن ۋە كانلاردۇر: بىرنى قوشۇڭ ياكى ئورۇنلار تىزىملىكىنى ئەكىرىڭ (CSV ياكى JSON).</translation>
    </message>
    <message>
        <source>No companies yet. Companies are the brands, retailers, buyers and suppliers linked to sites: add one, or import them.</source>
        <translation>تېخى شىركەت يوق. شىركەتلەر ئورۇنلارغا باغلانغان ماركا، پارچە سودىگەر، سېتىۋالغۇچى ۋە تەمىنلىگۈچىلەردۇر: بىرنى قوشۇڭ ياكى ئەكىرىڭ.</translation>
    </message>
    <message>
        <source>No initiatives yet. Initiatives are the multi-stakeholder and industry schemes that are rated: add one, or import them.</source>
        <translation>تېخى تەشەببۇس يوق. تەشەببۇسلار باھالىنىدىغان كۆپ تەرەپلىك ۋە كەسىپ پىلانلىرىدۇر: بىرنى قوشۇڭ ياكى ئەكىرىڭ.</translation>
    </message>
    <message>
        <source>No visits yet. A visit records when and how a site was audited; its findings grade the indicators.</source>
        <translation>تېخى زىيارەت يوق. زىيارەت بىر ئورۇننىڭ قاچان ۋە قانداق تەكشۈرۈلگەنلىكىنى خاتىرىلەيدۇ؛ ئۇنىڭ بايقاشلىرى كۆرسەتكۈچلەرگە دەرىجە بېرىدۇ.</translation>
    </message>
    <message>
        <source>No findings yet. A finding grades one indicator at a site, usually during a visit.</source>
        <translation>تېخى بايقاش يوق. بايقاش بىر ئورۇندىكى بىر كۆرسەتكۈچكە دەرىجە بېرىدۇ، ئادەتتە زىيارەت جەريانىدا.</translation>
    </message>
    <message>
        <source>No worker notes yet. Worker notes hold what workers said in interviews, under pseudonyms, and stay on this device unless consent allows more.</source>
        <translation>تېخى ئىشچى خاتىرىسى يوق. ئىشچى خاتىرىلىرى ئىشچىلارنىڭ سۆھبەتتە دېگەنلىرىنى تەخەللۇس بىلەن ساقلايدۇ، رازىلىق يول قويمىسا بۇ ئۈسكۈنىدە قالىدۇ.</translation>
    </message>
    <message>
        <source>No company responses yet. Record each request sent to a company and its answer; unanswered requests are flagged when overdue.</source>
        <translation>تېخى شىركەت جاۋابى يوق. شىركەتكە ئەۋەتىلگەن ھەر بىر تەلەپ ۋە ئۇنىڭ جاۋابىنى خاتىرىلەڭ؛ جاۋاب بېرىلمىگەن تەلەپلەر ۋاقتى ئۆتكەندە بەلگە قويۇلىدۇ.</translation>
    </message>
    <message>
        <source>This list is empty.</source>
        <translation>بۇ تىزىملىك قۇرۇق.</translation>
    </message>
    <message>
        <source>Delete the %1 “%2”? Its history is kept, but it leaves every list.</source>
        <translation>%1 «%2» ئۆچۈرۈلسۇنمۇ؟ ئۇنىڭ تارىخى ساقلىنىدۇ، ئەمما ئۇ بارلىق تىزىملاردىن چىقىپ كېتىدۇ.</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>%1 نى ئۆچۈرۈش</translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>Sealed</source>
        <translatorcomment>A finalised record that can no longer change, only be amended.</translatorcomment>
        <translation>پېچەتلەنگەن</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Workspace locked</source>
        <translation>خىزمەت بوشلۇقى قۇلۇپلاندى</translation>
    </message>
    <message>
        <source>“%1” is locked. Enter its passphrase to continue.</source>
        <translation>«%1» قۇلۇپلانغان. داۋاملاشتۇرۇش ئۈچۈن ئۇنىڭ مەخپىي ئىبارىسىنى كىرگۈزۈڭ.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translatorcomment>The long password that decrypts the workspace.</translatorcomment>
        <translation>مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>قۇلۇپنى ئېچىش</translation>
    </message>
    <message>
        <source>Lock screen</source>
        <translation>قۇلۇپ ئېكرانى</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Import records</source>
        <translation>خاتىرە ئەكىرىش</translation>
    </message>
    <message>
        <source>Import files (*.json *.csv);;All files (*)</source>
        <translation>ئەكىرىش ھۆججەتلىرى (*.json *.csv);;بارلىق ھۆججەتلەر (*)</translation>
    </message>
    <message>
        <source>Importing records…</source>
        <translation>خاتىرىلەر ئەكىرىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 unchanged.</source>
        <translation>ئەكىرىلدى: %1 يېڭى، %2 يېڭىلاندى، %3 ئۆزگەرمىدى.</translation>
    </message>
    <message>
        <source>ACES Desktop — %1</source>
        <translation>ACES Desktop — %1</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>ئورۇنلار</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>شىركەتلەر</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>تەشەببۇسلار</translation>
    </message>
    <message>
        <source>Visits and findings</source>
        <translation>زىيارەت ۋە بايقاشلار</translation>
    </message>
    <message>
        <source>Worker notes</source>
        <translation>ئىشچى خاتىرىلىرى</translation>
    </message>
    <message>
        <source>Company responses</source>
        <translation>شىركەت جاۋابلىرى</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>بۆلۈملەر</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;ھۆججەت</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;تەھرىر</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>&amp;يۆتكىلىش</translation>
    </message>
    <message>
        <source>&amp;Open another workspace…</source>
        <translation>باشقا خىزمەت بوشلۇقىنى &amp;ئېچىش…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;تەڭشەكلەر…</translation>
    </message>
    <message>
        <source>&amp;Import records…</source>
        <translation>خاتىرە &amp;ئەكىرىش…</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>ھازىرلا &amp;قۇلۇپلاش</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;چېكىنىش</translation>
    </message>
    <message>
        <source>&amp;New record</source>
        <translation>&amp;يېڭى خاتىرە</translation>
    </message>
    <message>
        <source>&amp;Edit record</source>
        <translation>خاتىرىنى &amp;تەھرىرلەش</translation>
    </message>
    <message>
        <source>&amp;Delete record</source>
        <translation>خاتىرىنى &amp;ئۆچۈرۈش</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;ئىزدەش</translation>
    </message>
    <message>
        <source>&amp;Refresh lists</source>
        <translation>تىزىملارنى &amp;يېڭىلاش</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;ياردەم</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;كۇنۇپكا تاختىسى تېزلەتمىلىرى</translation>
    </message>
    <message>
        <source>&amp;About ACES Desktop</source>
        <translation>ACES Desktop &amp;ھەققىدە</translation>
    </message>
</context>
<context>
    <name>NamesEditor</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Language (e.g. zh, ug)</source>
        <translation>تىل (مەسىلەن zh، ug)</translation>
    </message>
    <message>
        <source>Add name</source>
        <translation>نام قوشۇش</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>چىقىرىۋېتىش</translation>
    </message>
    <message>
        <source>Add a name in another script</source>
        <translation>باشقا يېزىقتىكى نام قوشۇش</translation>
    </message>
    <message>
        <source>Remove the selected name</source>
        <translation>تاللانغان نامنى چىقىرىۋېتىش</translation>
    </message>
</context>
<context>
    <name>NumberEditor</name>
    <message>
        <source>Enter a whole number.</source>
        <translation>پۈتۈن سان كىرگۈزۈڭ.</translation>
    </message>
    <message>
        <source>Enter a number, e.g. 31.25.</source>
        <translation>سان كىرگۈزۈڭ، مەسىلەن 31.25.</translation>
    </message>
</context>
<context>
    <name>PersonsDialog</name>
    <message>
        <source>Persons</source>
        <translation>كىشىلەر</translation>
    </message>
    <message>
        <source>The people who visit sites (auditors, researchers, interpreters); a visit&apos;s team is chosen from them. Names and contacts are personal data: they go to the coordinator in encrypted bundles and are never published or exported.</source>
        <translation>ئورۇنلارنى زىيارەت قىلىدىغان كىشىلەر (تەپتىشچىلەر، تەتقىقاتچىلار، تەرجىمانلار)؛ زىيارەت گۇرۇپپىسى ئۇلارنىڭ ئىچىدىن تاللىنىدۇ. ئىسىم ۋە ئالاقە ئۇچۇرلىرى شەخسىي ئۇچۇر: ئۇلار شىفىرلانغان بولاقلار ئارقىلىق ماسلاشتۇرغۇچىغا يەتكۈزۈلىدۇ، ھەرگىز ئېلان قىلىنمايدۇ ۋە چىقىرىلمايدۇ.</translation>
    </message>
</context>
<context>
    <name>PiiWarningDialog</name>
    <message>
        <source>Person name</source>
        <translation>كىشى ئىسمى</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>تېلېفون نومۇرى</translation>
    </message>
    <message>
        <source>ID-document number</source>
        <translation>كىملىك ھۆججىتى نومۇرى</translation>
    </message>
    <message>
        <source>Personal data in this note</source>
        <translation>بۇ خاتىرىدىكى شەخسىي ئۇچۇر</translation>
    </message>
    <message>
        <source>This note seems to contain %1 item(s) that can identify a person. Workers can be harmed if they are identified. Edit the note to remove them, or share it anyway if they are not personal data.</source>
        <translation>بۇ خاتىرىدە بىر كىشىنى پەرقلەندۈرگىلى بولىدىغان %1 تۈر باردەك قىلىدۇ. ئىشچىلار پەرقلەندۈرۈلسە زىيان تارتىشى مۇمكىن. ئۇلارنى ئۆچۈرۈش ئۈچۈن خاتىرىنى تەھرىرلەڭ، ياكى ئۇلار شەخسىي ئۇچۇر بولمىسا، يەنىلا ھەمبەھىرلەڭ.</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>تەھرىرلەش</translation>
    </message>
    <message>
        <source>Share anyway</source>
        <translation>يەنىلا ھەمبەھىرلەش</translation>
    </message>
</context>
<context>
    <name>RatingsPage</name>
    <message>
        <source>Ratings</source>
        <translation>باھالار</translation>
    </message>
    <message>
        <source>Not scored yet.</source>
        <translation>تېخى نومۇر ھېسابلانمىدى.</translation>
    </message>
    <message>
        <source>Score now</source>
        <translation>ھازىر نومۇر ھېسابلاش</translation>
    </message>
    <message>
        <source>Compute every rating from the workspace and store today&apos;s snapshot.</source>
        <translation>خىزمەت بوشلۇقىدىكى ھەر بىر باھانى ھېسابلاپ، بۈگۈنكى كەسمىنى ساقلاش.</translation>
    </message>
    <message>
        <source>A&amp;ssess…</source>
        <translation>&amp;باھالاش…</translation>
    </message>
    <message>
        <source>Criteria, levels and evidence of the selected initiative or company</source>
        <translation>تاللانغان تەشەببۇس ياكى شىركەتنىڭ ئۆلچەم، سەۋىيە ۋە ئىسپاتلىرى</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>تەشەببۇسلار</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>شىركەتلەر</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>ئورۇنلار</translation>
    </message>
    <message>
        <source>Transparent, Scaled, Accountable per initiative</source>
        <translation>ھەر بىر تەشەببۇسنىڭ ئاشكارىلىقى، كۆلىمى ۋە ھېساب بېرىشى</translation>
    </message>
    <message>
        <source>Companies per tier</source>
        <translation>ھەر قاتلامدىكى شىركەتلەر</translation>
    </message>
    <message>
        <source>Site risk by country and region</source>
        <translation>دۆلەت ۋە رايون بويىچە ئورۇن خەۋپى</translation>
    </message>
    <message>
        <source>Remediation progress over time (snapshots)</source>
        <translation>ۋاقىت بويىچە تۈزىتىش ئىلگىرىلىشى (كەسمىلەر)</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>دىئاگراممىلار</translation>
    </message>
    <message>
        <source>Select a rating to see how it was computed.</source>
        <translation>قانداق ھېسابلانغانلىقىنى كۆرۈش ئۈچۈن بىر باھانى تاللاڭ.</translation>
    </message>
    <message>
        <source>Criterion, level and evidence</source>
        <translation>ئۆلچەم، سەۋىيە ۋە ئىسپات</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>تەپسىلات</translation>
    </message>
    <message>
        <source>Double-click a piece of evidence to open its record.</source>
        <translation>خاتىرىسىنى ئېچىش ئۈچۈن بىر ئىسپاتنى قوش چېكىڭ.</translation>
    </message>
    <message>
        <source>Add &amp;evidence…</source>
        <translation>&amp;ئىسپات قوشۇش…</translation>
    </message>
    <message>
        <source>Add evidence for the selected criterion of this rating</source>
        <translation>بۇ باھانىڭ تاللانغان ئۆلچىمى ئۈچۈن ئىسپات قوشۇش</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>نومۇر ھېسابلاۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Scoring past quarters for the trends (%1 of %2)…</source>
        <translation>يۈزلىنىش ئۈچۈن ئۆتكەن پەسىللەرگە نومۇر ھېسابلاۋاتىدۇ (%2 نىڭ %1-سى)…</translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation>نومۇر ھېسابلاش مەغلۇپ بولدى: %1</translation>
    </message>
    <message>
        <source>As of %1: %2 initiatives, %3 companies, %4 sites (rubric version %5).</source>
        <translation>%1 غىچە: %2 تەشەببۇس، %3 شىركەت، %4 ئورۇن (ئۆلچەم نەشرى %5).</translation>
    </message>
    <message>
        <source>&amp;Open the record</source>
        <translation>خاتىرىنى &amp;ئېچىش</translation>
    </message>
    <message>
        <source>Add &amp;evidence for %1…</source>
        <translation>%1 ئۈچۈن &amp;ئىسپات قوشۇش…</translation>
    </message>
    <message>
        <source>grade %1, %2, coverage %3 %</source>
        <translation>%1 دەرىجە، %2، قاپلاش دائىرىسى %3 %</translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation>ئىسپات يېتەرسىز</translation>
    </message>
    <message>
        <source>Gates</source>
        <translatorcomment>Methodology term: conditions a company must meet before points count.</translatorcomment>
        <translation>دەرۋازىلار</translation>
    </message>
    <message>
        <source>Modern-slavery statement (legal minimum)</source>
        <translation>زامانىۋى قۇللۇق باياناتى (قانۇنىي ئەڭ تۆۋەن تەلەپ)</translation>
    </message>
    <message>
        <source>Membership credit</source>
        <translation>ئەزالىق نومۇرى</translation>
    </message>
    <message>
        <source>Audits where assurance is impossible</source>
        <translation>كاپالەتلەندۈرۈش مۇمكىن بولمىغان جايلاردىكى تەپتىشلەر</translation>
    </message>
    <message>
        <source>Company-response log</source>
        <translation>شىركەت جاۋابى خاتىرىسى</translation>
    </message>
    <message>
        <source>Why this level</source>
        <translation>نېمە ئۈچۈن بۇ سەۋىيە</translation>
    </message>
    <message>
        <source>History (snapshots)</source>
        <translation>تارىخ (كەسمىلەر)</translation>
    </message>
    <message>
        <source>%1 snapshot(s)</source>
        <translation>%1 كەسمە</translation>
    </message>
    <message>
        <source>risk %1, remediation %2</source>
        <translation>خەۋپ %1، تۈزىتىش %2</translation>
    </message>
    <message>
        <source>input hash %1</source>
        <translation>كىرگۈزۈش خەشى %1</translation>
    </message>
    <message>
        <source>%1, score %2, band %3, coverage %4 %</source>
        <translation>%1، نومۇر %2، دائىرە %3، قاپلاش دائىرىسى %4 %</translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation>ئىشەنچ دەرىجىسى %1</translation>
    </message>
    <message>
        <source>Rubric version %1, as of %2, input hash %3</source>
        <translation>ئۆلچەم نەشرى %1، %2 غىچە، كىرگۈزۈش خەشى %3</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>ئىسپات</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>ئەزالىق</translation>
    </message>
    <message>
        <source>Company response log</source>
        <translation>شىركەت جاۋابى خاتىرىسى</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>بايقاش</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>نامەلۇم</translation>
    </message>
    <message>
        <source>decides the risk level</source>
        <translation>خەۋپ دەرىجىسىنى بەلگىلەيدۇ</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>ئېغىرلىقى %1</translation>
    </message>
    <message>
        <source>Unknown: no evidence counted</source>
        <translation>نامەلۇم: ھېچقانداق ئىسپات ھېسابلانمىدى</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>%1-سەۋىيە</translation>
    </message>
    <message>
        <source>stale evidence</source>
        <translation>كونىراپ كەتكەن ئىسپات</translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation>%1 بايقاش</translation>
    </message>
    <message>
        <source>earns %1</source>
        <translation>%1 غا ئېرىشىدۇ</translation>
    </message>
    <message>
        <source>earns nothing</source>
        <translation>ھېچنېمىگە ئېرىشەلمەيدۇ</translation>
    </message>
    <message>
        <source>from a revoked device: %1</source>
        <translation>بىكار قىلىنغان ئۈسكۈنىدىن: %1</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>يېتەكچى</translation>
    </message>
    <message>
        <source>Improver</source>
        <translation>ياخشىلىنىۋاتقان</translation>
    </message>
    <message>
        <source>Starter</source>
        <translation>باشلىغۇچى</translation>
    </message>
    <message>
        <source>Laggard</source>
        <translation>ئارقىدا قالغان</translation>
    </message>
    <message>
        <source>Insufficient evidence</source>
        <translation>ئىسپات يېتەرسىز</translation>
    </message>
    <message>
        <source>%1 other places</source>
        <translation>باشقا %1 جاي</translation>
    </message>
    <message>
        <source>Mean remediation progress of sites (%)</source>
        <translation>ئورۇنلارنىڭ ئوتتۇرىچە تۈزىتىش ئىلگىرىلىشى (%)</translation>
    </message>
    <message>
        <source>high</source>
        <translation>يۇقىرى</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>ئوتتۇرا</translation>
    </message>
    <message>
        <source>low</source>
        <translation>تۆۋەن</translation>
    </message>
    <message>
        <source>not earned: evidence is insufficient</source>
        <translation>ئېرىشىلمىدى: ئىسپات يېتەرسىز</translation>
    </message>
    <message>
        <source>not earned: needs %1 in each dimension</source>
        <translation>ئېرىشىلمىدى: ھەر بىر ئۆلچەمدە %1 كېرەك</translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation>تەشەببۇس</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translatorcomment>Methodology term: share of criteria with evidence, weighted.</translatorcomment>
        <translation>قاپلاش دائىرىسى</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translatorcomment>Methodology term: how reliable the sources behind a rating are.</translatorcomment>
        <translation>ئىشەنچ دەرىجىسى</translation>
    </message>
    <message>
        <source>Model label</source>
        <translation>ئۈلگە بەلگىسى</translation>
    </message>
    <message>
        <source>insufficient</source>
        <translation>يېتەرسىز</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>شىركەت</translation>
    </message>
    <message>
        <source>Tier</source>
        <translatorcomment>Methodology term: the company&apos;s rating tier (Leader, Improver, Starter, Laggard).</translatorcomment>
        <translation>قاتلام</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>نومۇر</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>دائىرە</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>خەتكۈچلەر</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>ئورۇن</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>دۆلەت</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>رايون</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translatorcomment>Methodology term: site risk level 0-4 from the indicators found.</translatorcomment>
        <translation>خەۋپ دەرىجىسى</translation>
    </message>
    <message>
        <source>Indicators checked</source>
        <translation>تەكشۈرۈلگەن كۆرسەتكۈچلەر</translation>
    </message>
    <message>
        <source>Remediation progress</source>
        <translation>تۈزىتىش ئىلگىرىلىشى</translation>
    </message>
    <message>
        <source>Transparent</source>
        <translatorcomment>Initiative rating dimension T.</translatorcomment>
        <translation>ئاشكارا</translation>
    </message>
    <message>
        <source>Scaled</source>
        <translatorcomment>Initiative rating dimension S.</translatorcomment>
        <translation>كۆلەملىك</translation>
    </message>
    <message>
        <source>Accountable</source>
        <translatorcomment>Initiative rating dimension A.</translatorcomment>
        <translation>ھېساب بېرىدىغان</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Notice</source>
        <translation>ئۇقتۇرۇش</translation>
    </message>
    <message>
        <source>Restore draft</source>
        <translation>قارالمىنى ئەسلىگە كەلتۈرۈش</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>قارالمىنى تاشلىۋېتىش</translation>
    </message>
    <message>
        <source>Problem with %1</source>
        <translation>%1 دا مەسىلە بار</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>زۆرۈر</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>قايتۇرۇش</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>قايتا قىلىش</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>قايتۇرۇش (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>قايتا قىلىش (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>ئۆچۈرۈش…</translation>
    </message>
    <message>
        <source>Seal visit…</source>
        <translation>زىيارەتنى پېچەتلەش…</translation>
    </message>
    <message>
        <source>Seal the visit with its findings and worker notes: they become final.</source>
        <translation>زىيارەتنى بايقاش ۋە ئىشچى خاتىرىلىرى بىلەن بىللە پېچەتلەش: ئۇلار ئاخىرقى ھالەتكە كېلىدۇ.</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>تولۇقلاش…</translation>
    </message>
    <message>
        <source>Record a correction to this sealed record.</source>
        <translation>بۇ پېچەتلەنگەن خاتىرىگە تۈزىتىش خاتىرىلەش.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>ساقلاش</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>ساقلاش (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;قايتۇرۇش</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;قايتا قىلىش</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>يېڭى %1</translation>
    </message>
    <message>
        <source>This %1 is sealed: its record is final and cannot be changed. Use Amend to record a correction.</source>
        <translation>بۇ %1 پېچەتلەنگەن: ئۇنىڭ خاتىرىسى ئاخىرقى، ئۆزگەرتكىلى بولمايدۇ. تۈزىتىش خاتىرىلەش ئۈچۈن «تولۇقلاش» نى ئىشلىتىڭ.</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>%1 نى تەھرىرلەش</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked below.</source>
        <translation>ھېچنېمە ساقلانمىدى: تۆۋەندە بەلگە قويۇلغان بۆلەكلەرنى تۈزىتىڭ.</translation>
    </message>
    <message>
        <source>Unsaved changes from %1 (UTC) were kept as a draft.</source>
        <translation>%1 (UTC) دىكى ساقلانمىغان ئۆزگىرىشلەر قارالما قىلىپ ساقلاندى.</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>جەزملەشتۈرۈڭ</translation>
    </message>
    <message>
        <source>Delete the %1 &apos;%2&apos;? Its history is kept, but it disappears from lists.</source>
        <translation>%1 «%2» ئۆچۈرۈلسۇنمۇ؟ ئۇنىڭ تارىخى ساقلىنىدۇ، ئەمما تىزىملىكلەردىن يوقايدۇ.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>ئۆچۈرۈش</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>ئۆچۈرۈلدى.</translation>
    </message>
    <message>
        <source>Seal this visit? The visit, its findings and its worker notes become final: they can no longer be edited or deleted, only amended.</source>
        <translation>بۇ زىيارەت پېچەتلەنسۇنمۇ؟ زىيارەت، ئۇنىڭ بايقاشلىرى ۋە ئىشچى خاتىرىلىرى ئاخىرقى ھالەتكە كېلىدۇ: ئۇلارنى ئەمدى تەھرىرلىگىلى ياكى ئۆچۈرگىلى بولمايدۇ، پەقەت تولۇقلىغىلى بولىدۇ.</translation>
    </message>
    <message>
        <source>Seal visit</source>
        <translation>زىيارەتنى پېچەتلەش</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Type part of a name to search…</source>
        <translation>ئىزدەش ئۈچۈن نامنىڭ بىر قىسمىنى كىرگۈزۈڭ…</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>ھەممىسىنى كۆرسىتىش</translation>
    </message>
    <message>
        <source>Show all records to choose from</source>
        <translation>تاللاش ئۈچۈن بارلىق خاتىرىلەرنى كۆرسىتىش</translation>
    </message>
</context>
<context>
    <name>RecordsPicker</name>
    <message>
        <source>Type part of a name to add…</source>
        <translation>قوشۇش ئۈچۈن نامنىڭ بىر قىسمىنى كىرگۈزۈڭ…</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>تاللانغانلار</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>چىقىرىۋېتىش</translation>
    </message>
    <message>
        <source>Remove the selected one from the list (Delete)</source>
        <translation>تاللانغاننى تىزىمدىن چىقىرىۋېتىش (Delete)</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>يېڭى…</translation>
    </message>
    <message>
        <source>Add a record that is not in the list yet</source>
        <translation>تېخى تىزىمدا يوق بىر خاتىرە قوشۇش</translation>
    </message>
</context>
<context>
    <name>RecoveryExportDialog</name>
    <message>
        <source>Export recovery file</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتىنى چىقىرىش</translation>
    </message>
    <message>
        <source>Recovery file</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتى</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>ئەسلىگە كەلتۈرۈش مەخپىي ئىبارىسى</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>قايتا</translation>
    </message>
    <message>
        <source>Number of shares</source>
        <translation>ئۈلۈش سانى</translation>
    </message>
    <message>
        <source>Shares needed</source>
        <translation>كېرەكلىك ئۈلۈش</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>تاللاش…</translation>
    </message>
    <message>
        <source>Also split the recovery key into shares for colleagues</source>
        <translation>ئەسلىگە كەلتۈرۈش ئاچقۇچىنى خىزمەتداشلار ئۈچۈن ئۈلۈشلەرگىمۇ بۆلۈش</translation>
    </message>
    <message>
        <source>Recovery files (*.recovery)</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججەتلىرى (*.recovery)</translation>
    </message>
    <message>
        <source>Choose where to save the recovery file.</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتىنى ساقلايدىغان ئورۇننى تاللاڭ.</translation>
    </message>
    <message>
        <source>Give each share to a different person; any %1 of them open the recovery file. Write them on paper; they are not saved anywhere.</source>
        <translation>ھەر بىر ئۈلۈشنى ئايرىم بىر كىشىگە بېرىڭ؛ ئۇلارنىڭ خالىغان %1 سى ئەسلىگە كەلتۈرۈش ھۆججىتىنى ئاچالايدۇ. ئۇلارنى قەغەزگە يېزىڭ؛ ئۇلار ھېچ يەردە ساقلانمايدۇ.</translation>
    </message>
    <message>
        <source>Share %1 of %2:</source>
        <translation>%2 ئۈلۈشنىڭ %1-سى:</translation>
    </message>
</context>
<context>
    <name>RecoveryRestoreDialog</name>
    <message>
        <source>Restore from recovery file</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتىدىن ئەسلىگە كەلتۈرۈش</translation>
    </message>
    <message>
        <source>Recovery file</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججىتى</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>ئەسلىگە كەلتۈرۈش مەخپىي ئىبارىسى</translation>
    </message>
    <message>
        <source>Or shares (one per line)</source>
        <translation>ياكى ئۈلۈشلەر (ھەر قۇرغا بىردىن)</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>يېڭى مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>New, again</source>
        <translation>يېڭى، قايتا</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>تاللاش…</translation>
    </message>
    <message>
        <source>Recovery files (*.recovery)</source>
        <translation>ئەسلىگە كەلتۈرۈش ھۆججەتلىرى (*.recovery)</translation>
    </message>
</context>
<context>
    <name>RefEditor</name>
    <message>
        <source>Choose a record from the list (type part of its name).</source>
        <translation>تىزىمدىن بىر خاتىرە تاللاڭ (نامىنىڭ بىر قىسمىنى كىرگۈزۈڭ).</translation>
    </message>
</context>
<context>
    <name>RefsEditor</name>
    <message>
        <source>Choose a record from the list (type part of its name).</source>
        <translation>تىزىمدىن بىر خاتىرە تاللاڭ (نامىنىڭ بىر قىسمىنى كىرگۈزۈڭ).</translation>
    </message>
    <message>
        <source>%1: chosen</source>
        <translation>%1: تاللاندى</translation>
    </message>
</context>
<context>
    <name>RegisterExportDialog</name>
    <message>
        <source>The register could not be written: %1</source>
        <translation>تىزىملىكنى يازغىلى بولمىدى: %1</translation>
    </message>
    <message>
        <source>Export the public register</source>
        <translation>ئاممىۋى تىزىملىكنى چىقىرىش</translation>
    </message>
    <message>
        <source>Writes a static website (index.html) with the same data as CSV and JSON. Sites set to “withhold” are left out, sites published without address lose address and coordinates, and no worker statement or person name is written. Check the site disclosure settings before publishing.</source>
        <translation>ئوخشاش سانلىق مەلۇماتنى CSV ۋە JSON شەكلىدە ئۆز ئىچىگە ئالغان تىنچ تور بېكەت (index.html) يازىدۇ. «توسۇش» قىلىپ بەلگىلەنگەن ئورۇنلار چىقىرىۋېتىلىدۇ، ئادرېسسىز ئېلان قىلىنغان ئورۇنلارنىڭ ئادرېسى ۋە كوئوردىناتى چىقىرىۋېتىلىدۇ، ھېچقانداق ئىشچى بايانى ياكى كىشى ئىسمى يېزىلمايدۇ. ئېلان قىلىشتىن بۇرۇن ئورۇنلارنىڭ ئاشكارىلاش تەڭشىكىنى تەكشۈرۈڭ.</translation>
    </message>
    <message>
        <source>A new or empty folder, or an earlier register</source>
        <translation>يېڭى ياكى قۇرۇق قىسقۇچ، ياكى ئىلگىرىكى بىر تىزىملىك</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>تاللاش…</translation>
    </message>
    <message>
        <source>Sign the list of file hashes with this device&apos;s key</source>
        <translation>ھۆججەت خەشلىرى تىزىمىغا بۇ ئۈسكۈنىنىڭ ئاچقۇچى بىلەن ئىمزا قويۇش</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>قىسقۇچ:</translation>
    </message>
    <message>
        <source>Export date:</source>
        <translation>چىقىرىش چېسلاسى:</translation>
    </message>
    <message>
        <source>Publisher:</source>
        <translation>ئېلان قىلغۇچى:</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>چىقىرىش</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>قىسقۇچنى ئېچىش</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>تاقاش</translation>
    </message>
    <message>
        <source>Initiatives and companies appear only once a coordinator has marked their assessment ready to publish (Assess view, or aces publish ready):</source>
        <translation>تەشەببۇس ۋە شىركەتلەر پەقەت ماسلاشتۇرغۇچى ئۇلارنىڭ باھالىشىغا ئېلان قىلىشقا تەييار دەپ بەلگە قويغاندىن كېيىنلا كۆرۈنىدۇ («باھالاش» كۆرۈنۈشى ياكى aces publish ready):</translation>
    </message>
    <message>
        <source>Folder for the register</source>
        <translation>تىزىملىك قىسقۇچى</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>چىقىرىلىۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Exporting the register</source>
        <translation>تىزىملىك چىقىرىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>بىكار قىلىش</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>تامام</translation>
    </message>
    <message>
        <source>Written to %1: %2 initiatives, %3 companies, %4 sites (%5 withheld), %6 files%7.</source>
        <translation>%1 غا يېزىلدى: %2 تەشەببۇس، %3 شىركەت، %4 ئورۇن (%5 سى توسۇلدى)، %6 ھۆججەت%7.</translation>
    </message>
    <message>
        <source>, signed</source>
        <translation>، ئىمزالانغان</translation>
    </message>
    <message>
        <source>Left out, not marked ready to publish: %1 initiative(s), %2 company(ies).</source>
        <translation>ئېلان قىلىشقا تەييار دەپ بەلگە قويۇلمىغاچقا كىرگۈزۈلمىدى: %1 تەشەببۇس، %2 شىركەت.</translation>
    </message>
</context>
<context>
    <name>ResponsesLog</name>
    <message>
        <source>Status</source>
        <translation>ھالەت</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>شىركەت</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>ئەۋەتىلگەن</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>قانال</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>تېما</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>ئەگىشىش مۇددىتى</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>جاۋاب بېرىلگەن</translation>
    </message>
    <message>
        <source>Commitments</source>
        <translation>ۋەدىلەر</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>ئورۇندالغان</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>مۇددىتى ئۆتكەن: %1</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>كۈتۈۋاتىدۇ</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ھەئە</translation>
    </message>
    <message>
        <source>no</source>
        <translation>ياق</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>جاۋاب بېرىلمىگەن</translation>
    </message>
    <message>
        <source>Overdue: no answer yet.</source>
        <translation>مۇددىتى ئۆتكەن: تېخى جاۋاب يوق.</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>خۇلاسە</translation>
    </message>
    <message>
        <source>Requests to companies</source>
        <translation>شىركەتلەرگە تەلەپلەر</translation>
    </message>
    <message>
        <source>&amp;New request…</source>
        <translation>&amp;يېڭى تەلەپ…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>&amp;تەھرىرلەش…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;يېڭىلاش</translation>
    </message>
    <message>
        <source>%1 request(s), %2 overdue.</source>
        <translation>%1 تەلەپ، %2 سىنىڭ مۇددىتى ئۆتكەن.</translation>
    </message>
</context>
<context>
    <name>ReviewList</name>
    <message>
        <source>Initiative or company</source>
        <translation>تەشەببۇس ياكى شىركەت</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>تىزىملىك</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>سەۋەبى</translation>
    </message>
    <message>
        <source>Review before publication</source>
        <translation>ئېلان قىلىشتىن بۇرۇنقى تەكشۈرۈش</translation>
    </message>
    <message>
        <source>not marked ready</source>
        <translation>تەييار دەپ بەلگە قويۇلمىغان</translation>
    </message>
    <message>
        <source>marked not ready</source>
        <translation>تەييار ئەمەس دەپ بەلگە قويۇلغان</translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation>ئىسپات يېتەرسىز</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>تەييار</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>كىرگۈزۈلمىگەن</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>تەڭشەكلەر</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;تىل</translation>
    </message>
    <message>
        <source>Layout &amp;direction</source>
        <translation>ئورۇنلاشتۇرۇش &amp;يۆنىلىشى</translation>
    </message>
    <message>
        <source>&amp;Lock after idle (minutes)</source>
        <translation>بىكار تۇرغاندىن كېيىن &amp;قۇلۇپلاش (مىنۇت)</translation>
    </message>
    <message>
        <source>Default &amp;workspace</source>
        <translation>كۆڭۈلدىكى &amp;خىزمەت بوشلۇقى</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>تىل</translation>
    </message>
    <message>
        <source>Layout direction</source>
        <translation>ئورۇنلاشتۇرۇش يۆنىلىشى</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>بىكار تۇرغان مىنۇتتىن كېيىن قۇلۇپلاش</translation>
    </message>
    <message>
        <source>Default workspace folder</source>
        <translation>كۆڭۈلدىكى خىزمەت بوشلۇقى قىسقۇچى</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>ھەرگىز</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>ئاپتوماتىك</translation>
    </message>
    <message>
        <source>Left to right</source>
        <translation>سولدىن ئوڭغا</translation>
    </message>
    <message>
        <source>Right to left</source>
        <translation>ئوڭدىن سولغا</translation>
    </message>
    <message>
        <source>Settings never hold a passphrase or a key; only preferences and folder paths.</source>
        <translation>تەڭشەكلەردە ھەرگىز مەخپىي ئىبارە ياكى ئاچقۇچ ساقلانمايدۇ؛ پەقەت مايىللىق ۋە قىسقۇچ يوللىرىلا ساقلىنىدۇ.</translation>
    </message>
</context>
<context>
    <name>SigningIdentityFields</name>
    <message>
        <source>PIN:</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>مەخپىي ئىبارە:</translation>
    </message>
    <message>
        <source>Signing certificate:</source>
        <translation>ئىمزا گۇۋاھنامىسى:</translation>
    </message>
    <message>
        <source>Issued by the organisation CA of this workspace</source>
        <translation>بۇ خىزمەت بوشلۇقىنىڭ تەشكىلات CA سى تارقاتقان</translation>
    </message>
    <message>
        <source>A PKCS#12 file (.p12, .pfx) the organisation holds</source>
        <translation>تەشكىلات ساقلاۋاتقان PKCS#12 ھۆججىتى (.p12، .pfx)</translation>
    </message>
    <message>
        <source>A key on a PKCS#11 token or smart card</source>
        <translation>PKCS#11 توكېنى ياكى ئەقلىي كارتىدىكى ئاچقۇچ</translation>
    </message>
    <message>
        <source>PKCS#12 file:</source>
        <translation>PKCS#12 ھۆججىتى:</translation>
    </message>
    <message>
        <source>PKCS#11 module:</source>
        <translation>PKCS#11 مودۇلى:</translation>
    </message>
    <message>
        <source>Token label:</source>
        <translation>توكېن بەلگىسى:</translation>
    </message>
    <message>
        <source>Key label:</source>
        <translation>ئاچقۇچ بەلگىسى:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>كۆرۈش…</translation>
    </message>
    <message>
        <source>PKCS#12 file</source>
        <translation>PKCS#12 ھۆججىتى</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation>PKCS#12 ھۆججەتلىرى (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation>PKCS#11 مودۇلى</translation>
    </message>
</context>
<context>
    <name>SiteMergeDialog</name>
    <message>
        <source>Merge two sites?</source>
        <translation>ئىككى ئورۇن بىرلەشتۈرۈلسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Merge &apos;%2&apos; into &apos;%1&apos;? Every record that names &apos;%2&apos; will name &apos;%1&apos;; its names become aliases of &apos;%1&apos; and &apos;%2&apos; is deleted (both histories stay).</source>
        <translation>«%2» «%1» غا بىرلەشتۈرۈلسۇنمۇ؟ «%2» نى تىلغا ئالغان ھەر بىر خاتىرە «%1» نى تىلغا ئالىدۇ؛ ئۇنىڭ ناملىرى «%1» نىڭ باشقا ناملىرى بولىدۇ ۋە «%2» ئۆچۈرۈلىدۇ (ھەر ئىككىسىنىڭ تارىخى ساقلىنىدۇ).</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Other names</source>
        <translation>باشقا ناملار</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ئادرېس</translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation>Open Supply Hub كىملىكى</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>كوئوردىناتلار</translation>
    </message>
    <message>
        <source>Linked companies</source>
        <translation>باغلانغان شىركەتلەر</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>زىيارەتلەر</translation>
    </message>
    <message>
        <source>Kept: %1</source>
        <translation>ساقلاندى: %1</translation>
    </message>
    <message>
        <source>Merged in: %1</source>
        <translation>بىرلەشتۈرۈلدى: %1</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>بىرلەشتۈرۈش</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>خاتىرىلەنمىگەن</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>ACES Desktop</source>
        <translation>ACES Desktop</translation>
    </message>
    <message>
        <source>Welcome to ACES Desktop</source>
        <translation>ACES Desktop قا خۇش كەپسىز</translation>
    </message>
    <message>
        <source>Your records stay in an encrypted workspace on this computer. Create one, open one you have, or look around in the demo workspace.</source>
        <translation>خاتىرىلىرىڭىز بۇ كومپيۇتېردىكى شىفىرلانغان خىزمەت بوشلۇقىدا تۇرىدۇ. بىرنى قۇرۇڭ، بارىنى ئېچىڭ ياكى ئۈلگە خىزمەت بوشلۇقىنى كۆرۈپ بېقىڭ.</translation>
    </message>
    <message>
        <source>Create a new workspace…</source>
        <translation>يېڭى خىزمەت بوشلۇقى قۇرۇش…</translation>
    </message>
    <message>
        <source>Open an existing workspace…</source>
        <translation>بار خىزمەت بوشلۇقىنى ئېچىش…</translation>
    </message>
    <message>
        <source>Open the demo workspace</source>
        <translation>ئۈلگە خىزمەت بوشلۇقىنى ئېچىش</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation>يېقىنقى خىزمەت بوشلۇقلىرى</translation>
    </message>
    <message>
        <source>Create a workspace</source>
        <translation>خىزمەت بوشلۇقى قۇرۇش</translation>
    </message>
    <message>
        <source>Field (auditor or researcher)</source>
        <translation>دالا (تەپتىشچى ياكى تەتقىقاتچى)</translation>
    </message>
    <message>
        <source>Coordinator (merges and publishes)</source>
        <translation>ماسلاشتۇرغۇچى (بىرلەشتۈرىدۇ ۋە ئېلان قىلىدۇ)</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>&amp;رول</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;نام</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>&amp;قىسقۇچ</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>&amp;مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>&amp;جەزملەش</translation>
    </message>
    <message>
        <source>e.g. Dhaka field team</source>
        <translation>مەسىلەن، داككا دالا گۇرۇپپىسى</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>كۆرۈش…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>قايتىش</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>قۇرۇش</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>رول</translation>
    </message>
    <message>
        <source>Workspace name</source>
        <translation>خىزمەت بوشلۇقى نامى</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>خىزمەت بوشلۇقى قىسقۇچى</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translatorcomment>The long password that decrypts the workspace.</translatorcomment>
        <translation>مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>Confirm passphrase</source>
        <translation>مەخپىي ئىبارىنى جەزملەش</translation>
    </message>
    <message>
        <source>At least %1 characters. A few unrelated words are easy to remember.</source>
        <translation>كەم دېگەندە %1 ھەرپ. بىر-بىرىگە مۇناسىۋەتسىز بىرنەچچە سۆزنى ئېسىدە تۇتۇش ئاسان.</translation>
    </message>
    <message>
        <source>Weak: make it longer, or use four or more words.</source>
        <translation>ئاجىز: ئۇزۇنراق قىلىڭ ياكى تۆت ياكى ئۇنىڭدىن كۆپ سۆز ئىشلىتىڭ.</translation>
    </message>
    <message>
        <source>Fair: longer is safer.</source>
        <translation>ئوتتۇراھال: ئۇزۇنراق بولسا تېخىمۇ بىخەتەر.</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>كۈچلۈك.</translation>
    </message>
    <message>
        <source>Folder for the new workspace</source>
        <translation>يېڭى خىزمەت بوشلۇقىنىڭ قىسقۇچى</translation>
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <translation>خىزمەت بوشلۇقىغا نام بېرىڭ.</translation>
    </message>
    <message>
        <source>Choose a folder for the workspace.</source>
        <translation>خىزمەت بوشلۇقى ئۈچۈن قىسقۇچ تاللاڭ.</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>مەخپىي ئىبارە كەم دېگەندە %1 ھەرپ بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation>ئىككى مەخپىي ئىبارە ئوخشىمايدۇ؛ قايتا كىرگۈزۈڭ.</translation>
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation>خىزمەت بوشلۇقى قۇرۇلۇۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Open a workspace folder</source>
        <translation>خىزمەت بوشلۇقى قىسقۇچىنى ئېچىش</translation>
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>ئۈلگە خىزمەت بوشلۇقى تەييارلىنىۋاتىدۇ…</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>رول</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>بارماق ئىزى</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>ئۈسكۈنە كىملىكى</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ھالەت</translation>
    </message>
    <message>
        <source>Revoked on %1: %2</source>
        <translation>%1 دا بىكار قىلىنغان: %2</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>ئىشەنچلىك</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>ماسلاشتۇرغۇچى</translation>
    </message>
    <message>
        <source>field</source>
        <translation>دالا</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translatorcomment>A sync bundle: one encrypted file carrying changes between devices.</translatorcomment>
        <translation>بولاق</translation>
    </message>
    <message>
        <source>New</source>
        <translation>يېڭى</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>يېڭىلانغان</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>توقۇنۇشلار</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>تەكرارلار</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>كۈتۈۋاتىدۇ</translation>
    </message>
    <message>
        <source>Refused (reason)</source>
        <translation>رەت قىلىنغان (سەۋەبى)</translation>
    </message>
    <message>
        <source>Site A</source>
        <translation>A ئورۇن</translation>
    </message>
    <message>
        <source>Site B</source>
        <translation>B ئورۇن</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>سەۋەبى</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>نومۇر</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>دۆلەت</translation>
    </message>
    <message>
        <source>This device: &lt;b&gt;%1&lt;/b&gt; (%2). Key fingerprint, to read aloud:</source>
        <translation>بۇ ئۈسكۈنە: &lt;b&gt;%1&lt;/b&gt; (%2). ئاۋاز چىقىرىپ ئوقۇيدىغان ئاچقۇچ بارماق ئىزى:</translation>
    </message>
    <message>
        <source>Own key fingerprint</source>
        <translation>ئۆز ئاچقۇچىنىڭ بارماق ئىزى</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>ئۈسكۈنىلەر</translation>
    </message>
    <message>
        <source>Export and merge</source>
        <translation>چىقىرىش ۋە بىرلەشتۈرۈش</translation>
    </message>
    <message>
        <source>Duplicate sites</source>
        <translation>تەكرار ئورۇنلار</translation>
    </message>
    <message>
        <source>Trust a device only after comparing its fingerprint with its owner, e.g. read aloud on the phone.</source>
        <translation>بىر ئۈسكۈنىگە پەقەت ئۇنىڭ بارماق ئىزىنى ئىگىسى بىلەن سېلىشتۇرغاندىن كېيىنلا ئىشىنىڭ، مەسىلەن تېلېفوندا ئاۋاز چىقىرىپ ئوقۇپ.</translation>
    </message>
    <message>
        <source>Add trusted device from file…</source>
        <translation>ھۆججەتتىن ئىشەنچلىك ئۈسكۈنە قوشۇش…</translation>
    </message>
    <message>
        <source>Save this device&apos;s identity file…</source>
        <translation>بۇ ئۈسكۈنىنىڭ كىملىك ھۆججىتىنى ساقلاش…</translation>
    </message>
    <message>
        <source>Revoke device…</source>
        <translation>ئۈسكۈنىنى بىكار قىلىش…</translation>
    </message>
    <message>
        <source>For a lost or seized laptop: nothing it writes from now on is accepted, here or on the field devices that receive this coordinator&apos;s bundles.</source>
        <translation>يوقالغان ياكى مۇسادىرە قىلىنغان نوتبۇك ئۈچۈن: ئۇ بۇنىڭدىن كېيىن يازغان ھېچنەرسە بۇ يەردە ياكى بۇ ماسلاشتۇرغۇچىنىڭ بولاقلىرىنى تاپشۇرۇۋالىدىغان دالا ئۈسكۈنىلىرىدە قوبۇل قىلىنمايدۇ.</translation>
    </message>
    <message>
        <source>Select the device to revoke in the list first.</source>
        <translation>ئالدى بىلەن تىزىمدىن بىكار قىلىدىغان ئۈسكۈنىنى تاللاڭ.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is revoked already.</source>
        <translation>&apos;%1&apos; ئاللىبۇرۇن بىكار قىلىنغان.</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>ئۈسكۈنىنى بىكار قىلىش</translation>
    </message>
    <message>
        <source>Why is &apos;%1&apos; revoked? (for example: laptop seized)</source>
        <translation>&apos;%1&apos; نېمە ئۈچۈن بىكار قىلىنىدۇ؟ (مەسىلەن: نوتبۇك مۇسادىرە قىلىندى)</translation>
    </message>
    <message>
        <source>Revoke this device?</source>
        <translation>بۇ ئۈسكۈنە بىكار قىلىنسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Revoke &apos;%1&apos; (%2)?

Nothing it writes from now on will be accepted, here or on any field device. What it sent before stays, marked as from a revoked device. This cannot be undone: the person enrols again with a new workspace.</source>
        <translation>&apos;%1&apos; (%2) بىكار قىلىنسۇنمۇ؟

ئۇ بۇنىڭدىن كېيىن يازغان ھېچنەرسە بۇ يەردە ياكى ھېچقانداق دالا ئۈسكۈنىسىدە قوبۇل قىلىنمايدۇ. ئۇ ئىلگىرى ئەۋەتكەنلىرى بىكار قىلىنغان ئۈسكۈنىدىن دەپ بەلگە قويۇلۇپ ساقلىنىدۇ. بۇنى قايتۇرغىلى بولمايدۇ: ئۇ كىشى يېڭى خىزمەت بوشلۇقى بىلەن قايتا تىزىملىتىدۇ.</translation>
    </message>
    <message>
        <source>Revoked &apos;%1&apos;. Export a bundle to the field devices so that they learn it.</source>
        <translation>&apos;%1&apos; بىكار قىلىندى. دالا ئۈسكۈنىلىرى بىلىۋېلىشى ئۈچۈن ئۇلارغا بىر بولاق چىقىرىڭ.</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>كىملىك ھۆججىتى</translation>
    </message>
    <message>
        <source>Trust this device?</source>
        <translation>بۇ ئۈسكۈنىگە ئىشىنەمسىز؟</translation>
    </message>
    <message>
        <source>Trust &apos;%1&apos; (%2)?

Fingerprint:
%3

Compare it with the one its owner reads to you before you continue.</source>
        <translation>&apos;%1&apos; (%2) غا ئىشىنەمسىز؟

بارماق ئىزى:
%3

داۋاملاشتۇرۇشتىن بۇرۇن ئۇنى ئىگىسى سىزگە ئوقۇپ بەرگىنى بىلەن سېلىشتۇرۇڭ.</translation>
    </message>
    <message>
        <source>Save identity file</source>
        <translation>كىملىك ھۆججىتىنى ساقلاش</translation>
    </message>
    <message>
        <source>Export bundle to folder…</source>
        <translation>بولاقنى قىسقۇچقا چىقىرىش…</translation>
    </message>
    <message>
        <source>Everything (not only what was not acknowledged)</source>
        <translation>ھەممىسى (پەقەت تەستىقلانمىغانلىرىلا ئەمەس)</translation>
    </message>
    <message>
        <source>Import and merge bundles…</source>
        <translation>بولاقلارنى ئەكىرىش ۋە بىرلەشتۈرۈش…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>ئىلگىرىلەش</translation>
    </message>
    <message>
        <source>Why was it refused?…</source>
        <translation>نېمە ئۈچۈن رەت قىلىندى؟…</translation>
    </message>
    <message>
        <source>Export to folder or drive</source>
        <translation>قىسقۇچ ياكى دىسكىغا چىقىرىش</translation>
    </message>
    <message>
        <source>Bundle refused</source>
        <translation>بولاق رەت قىلىندى</translation>
    </message>
    <message>
        <source>%1 was refused.</source>
        <translation>%1 رەت قىلىندى.</translation>
    </message>
    <message>
        <source>There is no one to export to yet: add the coordinator&apos;s identity file first, after comparing its fingerprint with the coordinator.</source>
        <translation>تېخى چىقىرىپ بېرىدىغان ئوبيېكت يوق: ئاۋۋال بارماق ئىزىنى ماسلاشتۇرغۇچى بىلەن سېلىشتۇرۇپ، ماسلاشتۇرغۇچىنىڭ كىملىك ھۆججىتىنى قوشۇڭ.</translation>
    </message>
    <message>
        <source>There is no one to export to yet: add a field device&apos;s identity file first, after comparing its fingerprint with its owner.</source>
        <translation>تېخى چىقىرىپ بېرىدىغان ئوبيېكت يوق: ئاۋۋال بارماق ئىزىنى ئىگىسى بىلەن سېلىشتۇرۇپ، دالا ئۈسكۈنىسىنىڭ كىملىك ھۆججىتىنى قوشۇڭ.</translation>
    </message>
    <message>
        <source>Exporting a bundle</source>
        <translation>بولاق چىقىرىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Wrote %1: %2 revisions, %3 attachments, for %4.</source>
        <translation>%1 يېزىلدى: %2 نۇسخا، %3 قوشۇمچە، %4 ئۈچۈن.</translation>
    </message>
    <message>
        <source>Bundles to merge</source>
        <translation>بىرلەشتۈرىدىغان بولاقلار</translation>
    </message>
    <message>
        <source>Sync bundles (*.aces);;All files (*)</source>
        <translation>ماس قەدەملەش بولاقلىرى (*.aces);;بارلىق ھۆججەتلەر (*)</translation>
    </message>
    <message>
        <source>Merging bundles</source>
        <translation>بولاقلار بىرلەشتۈرۈلۈۋاتىدۇ</translation>
    </message>
    <message>
        <source>%1 of %2 bundle(s) merged, %3 refused.</source>
        <translation>%2 بولاقتىن %1 سى بىرلەشتۈرۈلدى، %3 سى رەت قىلىندى.</translation>
    </message>
    <message>
        <source>%1 revision(s) wait for an earlier bundle from the same device.</source>
        <translation>%1 نۇسخا شۇ ئۈسكۈنىدىن كېلىدىغان ئىلگىرىكى بىر بولاقنى كۈتۈۋاتىدۇ.</translation>
    </message>
    <message>
        <source>Version A</source>
        <translation>A نۇسخا</translation>
    </message>
    <message>
        <source>Version B</source>
        <translation>B نۇسخا</translation>
    </message>
    <message>
        <source>Result (editable)</source>
        <translation>نەتىجە (تەھرىرلىگىلى بولىدۇ)</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>مەسىلە</translation>
    </message>
    <message>
        <source>Keep version A</source>
        <translation>A نۇسخىنى ساقلاش</translation>
    </message>
    <message>
        <source>Keep version B</source>
        <translation>B نۇسخىنى ساقلاش</translation>
    </message>
    <message>
        <source>Save the result column</source>
        <translation>نەتىجە ئىستونىنى ساقلاش</translation>
    </message>
    <message>
        <source>Double-click a value to copy it into the result.</source>
        <translation>نەتىجىگە كۆچۈرۈش ئۈچۈن بىر قىممەتنى قوش چېكىڭ.</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>بىكار قىلىنغان</translation>
    </message>
    <message>
        <source>this device</source>
        <translation>بۇ ئۈسكۈنە</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1: %2، %3</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>(ئۆچۈرۈلگەن)</translation>
    </message>
    <message>
        <source>Keep version %1?</source>
        <translation>%1-نەشرى ساقلانسۇنمۇ؟</translation>
    </message>
    <message>
        <source>Keep version %1 of %2 &apos;%3&apos; and set the other version aside? Both stay in the record&apos;s history.</source>
        <translation>%2 «%3» نىڭ %1-نەشرى ساقلىنىپ، يەنە بىر نەشرى چەتكە قايرىلسۇنمۇ؟ ھەر ئىككىسى خاتىرىنىڭ تارىخىدا قالىدۇ.</translation>
    </message>
    <message>
        <source>Version %1 deletes the record.</source>
        <translation>%1-نەشرى خاتىرىنى ئۆچۈرىدۇ.</translation>
    </message>
    <message>
        <source>Resolved the conflict on &apos;%1&apos;.</source>
        <translation>«%1» دىكى توقۇنۇش ھەل قىلىندى.</translation>
    </message>
    <message>
        <source>Kept version %1 of &apos;%2&apos;.</source>
        <translation>«%2» نىڭ %1-نەشرى ساقلاندى.</translation>
    </message>
    <message>
        <source>Merge into site A</source>
        <translation>A ئورۇنغا بىرلەشتۈرۈش</translation>
    </message>
    <message>
        <source>Merge into site B</source>
        <translation>B ئورۇنغا بىرلەشتۈرۈش</translation>
    </message>
    <message>
        <source>Not the same site</source>
        <translation>ئوخشاش ئورۇن ئەمەس</translation>
    </message>
    <message>
        <source>Merged &apos;%1&apos; into &apos;%2&apos;: %3 record(s) now name &apos;%2&apos;.</source>
        <translation>«%1» «%2» غا بىرلەشتۈرۈلدى: ھازىر %3 خاتىرە «%2» نى تىلغا ئالىدۇ.</translation>
    </message>
    <message>
        <source>%1 sealed record(s) keep naming &apos;%2&apos;, which stays for them.</source>
        <translation>پېچەتلەنگەن %1 خاتىرە يەنىلا «%2» نى تىلغا ئالىدۇ، ئۇ ئۇلار ئۈچۈن ساقلىنىدۇ.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was deleted; its history stays.</source>
        <translation>«%1» ئۆچۈرۈلدى؛ ئۇنىڭ تارىخى ساقلىنىدۇ.</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>توقۇنۇشلار (%1)</translation>
    </message>
    <message>
        <source>Duplicate sites (%1)</source>
        <translation>تەكرار ئورۇنلار (%1)</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Something went wrong and the work was not finished: %1</source>
        <translation>بىر خاتالىق كۆرۈلدى، خىزمەت تاماملانمىدى: %1</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>ئىشلەۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>بىكار قىلىش</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>ئىلگىرىلەش</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock workspace</source>
        <translation>خىزمەت بوشلۇقىنى ئېچىش</translation>
    </message>
    <message>
        <source>Enter the passphrase of the workspace in %1.</source>
        <translation>%1 دىكى خىزمەت بوشلۇقىنىڭ مەخپىي ئىبارىسىنى كىرگۈزۈڭ.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translatorcomment>The long password that decrypts the workspace.</translatorcomment>
        <translation>مەخپىي ئىبارە</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>قۇلۇپنى ئېچىش</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>بىكار قىلىش</translation>
    </message>
    <message>
        <source>Opening the workspace…</source>
        <translation>خىزمەت بوشلۇقى ئېچىلىۋاتىدۇ…</translation>
    </message>
</context>
<context>
    <name>VerifyPdfDialog</name>
    <message>
        <source>Verify a signed scorecard</source>
        <translation>ئىمزالانغان باھا كارتىسىنى دەلىللەش</translation>
    </message>
    <message>
        <source>PDF file:</source>
        <translation>PDF ھۆججىتى:</translation>
    </message>
    <message>
        <source>Trust:</source>
        <translation>ئىشەنچ:</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>كۆرۈش…</translation>
    </message>
    <message>
        <source>CA certificate of the issuing organisation</source>
        <translation>تارقاتقۇچى تەشكىلاتنىڭ CA گۇۋاھنامىسى</translation>
    </message>
    <message>
        <source>The organisation CA of this workspace</source>
        <translation>بۇ خىزمەت بوشلۇقىنىڭ تەشكىلات CA سى</translation>
    </message>
    <message>
        <source>A CA certificate file (PEM or DER)</source>
        <translation>CA گۇۋاھنامە ھۆججىتى (PEM ياكى DER)</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>دەلىللەش</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>تاقاش</translation>
    </message>
    <message>
        <source>Choose a PDF</source>
        <translation>PDF تاللاش</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF ھۆججەتلىرى (*.pdf)</translation>
    </message>
    <message>
        <source>Choose a CA certificate</source>
        <translation>CA گۇۋاھنامىسى تاللاش</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation>گۇۋاھنامىلەر (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <source>Choose the PDF file to verify.</source>
        <translation>دەلىللەيدىغان PDF ھۆججىتىنى تاللاڭ.</translation>
    </message>
    <message>
        <source>organisation CA of this workspace</source>
        <translation>بۇ خىزمەت بوشلۇقىنىڭ تەشكىلات CA سى</translation>
    </message>
    <message>
        <source>Choose the CA certificate to trust.</source>
        <translation>ئىشىنىدىغان CA گۇۋاھنامىسىنى تاللاڭ.</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>دەلىللىنىۋاتىدۇ…</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>دەلىللەش</translation>
    </message>
    <message>
        <source>Valid: signed by %1</source>
        <translation>ئىناۋەتلىك: %1 ئىمزالىغان</translation>
    </message>
    <message>
        <source>NOT VALID: do not rely on this file</source>
        <translation>ئىناۋەتسىز: بۇ ھۆججەتكە تايانماڭ</translation>
    </message>
    <message>
        <source>Scorecard</source>
        <translatorcomment>A signed PDF report of one rating.</translatorcomment>
        <translation>باھا كارتىسى</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>ئىمزالىغۇچى</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>تارقاتقۇچى</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>ئىمزالانغان ۋاقىت</translation>
    </message>
    <message>
        <source>Trusting</source>
        <translation>ئىشىنىلگىنى</translation>
    </message>
</context>
<context>
    <name>VisitLogger</name>
    <message>
        <source>Restore</source>
        <translation>ئەسلىگە كەلتۈرۈش</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>تاشلىۋېتىش</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;قايتىش</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>&amp;كېيىنكى</translation>
    </message>
    <message>
        <source>&amp;Finish and save</source>
        <translation>&amp;تاماملاش ۋە ساقلاش</translation>
    </message>
    <message>
        <source>Save the visit, findings and notes (Ctrl+S)</source>
        <translation>زىيارەت، بايقاش ۋە خاتىرىلەرنى ساقلاش (Ctrl+S)</translation>
    </message>
    <message>
        <source>Add &amp;photos and documents…</source>
        <translation>&amp;رەسىم ۋە ھۆججەت قوشۇش…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;تاقاش</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>ئورۇن</translation>
    </message>
    <message>
        <source>Visit method</source>
        <translation>زىيارەت ئۇسۇلى</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>زىيارەت چېسلاسى</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>گۇرۇپپا</translation>
    </message>
    <message>
        <source>Default source type</source>
        <translation>كۆڭۈلدىكى مەنبە تىپى</translation>
    </message>
    <message>
        <source>&amp;Site *</source>
        <translation>&amp;ئورۇن *</translation>
    </message>
    <message>
        <source>&amp;Method *</source>
        <translation>&amp;ئۇسۇل *</translation>
    </message>
    <message>
        <source>&amp;Date *</source>
        <translation>&amp;چېسلا *</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;گۇرۇپپا</translation>
    </message>
    <message>
        <source>Default s&amp;ource</source>
        <translation>كۆڭۈلدىكى &amp;مەنبە</translation>
    </message>
    <message>
        <source>Keys: 0–3 grade · N not checked · Tab or Enter next row · type to write a note · F4 source type</source>
        <translation>كۇنۇپكىلار: 0–3 دەرىجە · N تەكشۈرۈلمىگەن · Tab ياكى Enter كېيىنكى قۇر · ئىزاھات يېزىش ئۈچۈن كىرگۈزۈڭ · F4 مەنبە تىپى</translation>
    </message>
    <message>
        <source>Definition of the indicator</source>
        <translation>كۆرسەتكۈچنىڭ ئېنىقلىمىسى</translation>
    </message>
    <message>
        <source>Summary of the visit</source>
        <translation>زىيارەتنىڭ خۇلاسىسى</translation>
    </message>
    <message>
        <source>S&amp;ummary of the visit</source>
        <translation>زىيارەتنىڭ &amp;خۇلاسىسى</translation>
    </message>
    <message>
        <source>e.g. Worker K-17 (never a real name)</source>
        <translation>مەسىلەن، ئىشچى K-17 (ھەرگىز ھەقىقىي ئىسىم ئەمەس)</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translatorcomment>Never a real name: an invented label for an interviewed worker.</translatorcomment>
        <translation>تەخەللۇس</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translatorcomment>What the worker agreed their statement may be used for.</translatorcomment>
        <translation>رازىلىق دائىرىسى</translation>
    </message>
    <message>
        <source>What the worker said</source>
        <translation>ئىشچىنىڭ دېگىنى</translation>
    </message>
    <message>
        <source>&amp;Add worker note</source>
        <translation>ئىشچى خاتىرىسى &amp;قوشۇش</translation>
    </message>
    <message>
        <source>&amp;Pseudonym *</source>
        <translation>&amp;تەخەللۇس *</translation>
    </message>
    <message>
        <source>&amp;Consent scope</source>
        <translation>&amp;رازىلىق دائىرىسى</translation>
    </message>
    <message>
        <source>Na&amp;rrative</source>
        <translation>&amp;بايان</translation>
    </message>
    <message>
        <source>Worker notes of this visit</source>
        <translation>بۇ زىيارەتنىڭ ئىشچى خاتىرىلىرى</translation>
    </message>
    <message>
        <source>Remove selected note</source>
        <translation>تاللانغان خاتىرىنى چىقىرىۋېتىش</translation>
    </message>
    <message>
        <source>Notes to be saved with the visit:</source>
        <translation>زىيارەت بىلەن بىللە ساقلىنىدىغان خاتىرىلەر:</translation>
    </message>
    <message>
        <source>New visit — 1 of 3: site, method, date, team</source>
        <translation>يېڭى زىيارەت — 3 نىڭ 1-قەدىمى: ئورۇن، ئۇسۇل، چېسلا، گۇرۇپپا</translation>
    </message>
    <message>
        <source>New visit — 2 of 3: indicator checklist</source>
        <translation>يېڭى زىيارەت — 3 نىڭ 2-قەدىمى: كۆرسەتكۈچ تەكشۈرۈش جەدۋىلى</translation>
    </message>
    <message>
        <source>New visit — 3 of 3: worker notes</source>
        <translation>يېڭى زىيارەت — 3 نىڭ 3-قەدىمى: ئىشچى خاتىرىلىرى</translation>
    </message>
    <message>
        <source>Choose the site you visited.</source>
        <translation>زىيارەت قىلغان ئورنىڭىزنى تاللاڭ.</translation>
    </message>
    <message>
        <source>Choose how the visit was made.</source>
        <translation>زىيارەتنىڭ قانداق ئېلىپ بېرىلغانلىقىنى تاللاڭ.</translation>
    </message>
    <message>
        <source>A visit you were logging on %1 (UTC) was not finished.</source>
        <translation>%1 (UTC) دا خاتىرىلەۋاتقان بىر زىيارىتىڭىز تاماملانمىغان.</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>ھېچنېمە ساقلانمىدى: %1</translation>
    </message>
    <message>
        <source>Saved: the visit with %1 findings and %2 worker notes.</source>
        <translation>ساقلاندى: %1 بايقاش ۋە %2 ئىشچى خاتىرىسى بىلەن زىيارەت.</translation>
    </message>
    <message>
        <source>Visit saved: %1 findings and %2 worker notes.</source>
        <translation>زىيارەت ساقلاندى: %1 بايقاش ۋە %2 ئىشچى خاتىرىسى.</translation>
    </message>
</context>
<context>
    <name>VisitsAndFindings</name>
    <message>
        <source>Visits</source>
        <translation>زىيارەتلەر</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>بايقاشلار</translation>
    </message>
    <message>
        <source>Visits and findings</source>
        <translation>زىيارەت ۋە بايقاشلار</translation>
    </message>
    <message>
        <source>Findings of this visit</source>
        <translation>بۇ زىيارەتنىڭ بايقاشلىرى</translation>
    </message>
    <message>
        <source>List the findings of the selected visit</source>
        <translation>تاللانغان زىيارەتنىڭ بايقاشلىرىنى تىزىش</translation>
    </message>
    <message>
        <source>Findings of visit %1</source>
        <translation>%1 زىيارىتىنىڭ بايقاشلىرى</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Wipe workspace</source>
        <translation>خىزمەت بوشلۇقىنى ئۆچۈرۈش</translation>
    </message>
    <message>
        <source>This destroys the workspace “%1” at once: its keys first, so nothing in it can be read again, then all its files. It cannot be undone. Copies elsewhere (backups, recovery files, bundles already sent) are not affected. Type the workspace&apos;s name to confirm.</source>
        <translation>بۇ «%1» خىزمەت بوشلۇقىنى دەرھال يوقىتىدۇ: ئالدى بىلەن ئۇنىڭ ئاچقۇچلىرىنى، شۇنداق قىلىپ ئۇنىڭدىكى ھېچنەرسىنى قايتا ئوقۇغىلى بولمايدۇ، ئاندىن بارلىق ھۆججەتلىرىنى. بۇنى قايتۇرغىلى بولمايدۇ. باشقا يەردىكى كۆپەيتمىلەرگە (زاپاسلار، ئەسلىگە كەلتۈرۈش ھۆججەتلىرى، ئەۋەتىلگەن بولاقلار) تەسىر يەتمەيدۇ. جەزملەش ئۈچۈن خىزمەت بوشلۇقىنىڭ نامىنى كىرگۈزۈڭ.</translation>
    </message>
    <message>
        <source>I understand that everything in it is lost for good</source>
        <translation>ئۇنىڭدىكى ھەممە نەرسىنىڭ مەڭگۈ يوقىلىدىغانلىقىنى چۈشىنىمەن</translation>
    </message>
    <message>
        <source>Wipe now</source>
        <translation>ھازىرلا ئۆچۈرۈش</translation>
    </message>
    <message>
        <source>Type the workspace name and tick the confirmation.</source>
        <translation>خىزمەت بوشلۇقى نامىنى كىرگۈزۈپ، جەزملەشكە بەلگە قويۇڭ.</translation>
    </message>
</context>
<context>
    <name>WorkspaceStatus</name>
    <message>
        <source>Workspace: %1</source>
        <translation>خىزمەت بوشلۇقى: %1</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>ماسلاشتۇرغۇچى</translation>
    </message>
    <message>
        <source>field</source>
        <translation>دالا</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>رول: %1</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>قۇلۇپلانغان</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>ئېچىلغان</translation>
    </message>
    <message>
        <source>Changes made on this device that have not been exported in a sync bundle.</source>
        <translation>بۇ ئۈسكۈنىدە قىلىنغان، تېخى ماس قەدەملەش بولىقىدا چىقىرىلمىغان ئۆزگىرىشلەر.</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>خىزمەت بوشلۇقى</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>رول</translation>
    </message>
    <message>
        <source>Lock state</source>
        <translation>قۇلۇپ ھالىتى</translation>
    </message>
    <message>
        <source>Unsent changes</source>
        <translation>ئەۋەتىلمىگەن ئۆزگىرىشلەر</translation>
    </message>
    <message>
        <source>Unsent changes: %1</source>
        <translation>ئەۋەتىلمىگەن ئۆزگىرىشلەر: %1</translation>
    </message>
</context>
<context>
    <name>_Base</name>
    <message>
        <source>The new passphrase needs at least %1 characters.</source>
        <translation>يېڭى مەخپىي ئىبارە كەم دېگەندە %1 ھەرپ بولۇشى كېرەك.</translation>
    </message>
    <message>
        <source>The new passphrase is too easy to guess: make it longer, or use four or more unrelated words.</source>
        <translation>يېڭى مەخپىي ئىبارىنى پەرەز قىلىش بەك ئاسان: ئۇزۇنراق قىلىڭ ياكى بىر-بىرىگە مۇناسىۋەتسىز تۆت ياكى ئۇنىڭدىن كۆپ سۆز ئىشلىتىڭ.</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>ئىككى يېڭى مەخپىي ئىبارە ئوخشىمايدۇ.</translation>
    </message>
</context>
<context>
    <name>schema</name>
    <message>
        <source>18 25</source>
        <translation>18 25</translation>
    </message>
    <message>
        <source>26 35</source>
        <translation>26 35</translation>
    </message>
    <message>
        <source>36 50</source>
        <translation>36 50</translation>
    </message>
    <message>
        <source>Acronym</source>
        <translation>قىسقارتما</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>ئادرېس</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>ياش دائىرىسى</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>باشقا ناملار</translation>
    </message>
    <message>
        <source>Amended record</source>
        <translation>تولۇقلانغان خاتىرە</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translatorcomment>A correction attached to a sealed record.</translatorcomment>
        <translation>تولۇقلىما</translation>
    </message>
    <message>
        <source>Amends finding</source>
        <translation>تولۇقلايدىغان بايقاش</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>ئالدىن ئۇقتۇرۇلغان</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>جاۋاب</translation>
    </message>
    <message>
        <source>Answered on</source>
        <translation>جاۋاب بېرىلگەن چېسلا</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>قوشۇمچە</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>تەپتىش</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>تەپتىشچى</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>تەۋە</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>ماركا</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>سېتىۋالغۇچى</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>چۈشەندۈرۈش</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>قانال</translation>
    </message>
    <message>
        <source>Commitment met</source>
        <translation>ۋەدە ئورۇندالغان</translation>
    </message>
    <message>
        <source>Commitments</source>
        <translation>ۋەدىلەر</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>شىركەت</translation>
    </message>
    <message>
        <source>Company response</source>
        <translation>شىركەت جاۋابى</translation>
    </message>
    <message>
        <source>Company–site link</source>
        <translation>شىركەت–ئورۇن ئۇلىنىشى</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translatorcomment>Methodology term: how reliable the sources behind a rating are.</translatorcomment>
        <translation>ئىشەنچ دەرىجىسى</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translatorcomment>What the worker agreed their statement may be used for.</translatorcomment>
        <translation>رازىلىق دائىرىسى</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>ئالاقىلاشقۇچى</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>ماسلاشتۇرغۇچى</translation>
    </message>
    <message>
        <source>Countries</source>
        <translation>دۆلەتلەر</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>دۆلەت</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translatorcomment>Methodology term: share of criteria with evidence, weighted.</translatorcomment>
        <translation>قاپلاش دائىرىسى</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translatorcomment>Methodology term: a scored criterion of the rubric (resources/methodology/rubric-v1.toml), rated at a level from 0 to 4.</translatorcomment>
        <translation>ئۆلچەم</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>قارار قىلىنغان ۋاقىت</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>چۈشەندۈرۈش</translation>
    </message>
    <message>
        <source>Desk research</source>
        <translation>ئۈستەل بېشى تەتقىقاتى</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>ئۈسكۈنە</translation>
    </message>
    <message>
        <source>Disclosure</source>
        <translation>ئاشكارىلاش</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>ھۆججەت</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>ئېلخەت</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>ئاخىرلىشىش چېسلاسى</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>ئىسپات</translation>
    </message>
    <message>
        <source>Evidence date</source>
        <translation>ئىسپات چېسلاسى</translation>
    </message>
    <message>
        <source>Expelled</source>
        <translation>قوغلاندى</translation>
    </message>
    <message>
        <source>Factory</source>
        <translation>زاۋۇت</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>پاكىتلار</translation>
    </message>
    <message>
        <source>Farm</source>
        <translation>دېھقانچىلىق مەيدانى</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>بايقاش</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>ئەگىشىش مۇددىتى</translation>
    </message>
    <message>
        <source>Former</source>
        <translation>ئىلگىرىكى</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>تولۇق</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>جىنس</translation>
    </message>
    <message>
        <source>Grade</source>
        <translatorcomment>Methodology term: how strongly an indicator was found on a visit (0-3).</translatorcomment>
        <translation>دەرىجە</translation>
    </message>
    <message>
        <source>High</source>
        <translation>يۇقىرى</translation>
    </message>
    <message>
        <source>In remediation</source>
        <translation>تۈزىتىلىۋاتىدۇ</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translatorcomment>Methodology term: one of the ILO forced-labour indicators or another checked condition (resources/reference/indicators.json).</translatorcomment>
        <translation>كۆرسەتكۈچ</translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation>تەشەببۇس</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>تەرجىمان</translation>
    </message>
    <message>
        <source>Interviewed on</source>
        <translation>سۆھبەت ئۆتكۈزۈلگەن چېسلا</translation>
    </message>
    <message>
        <source>Investor</source>
        <translation>مەبلەغ سالغۇچى</translation>
    </message>
    <message>
        <source>Job role</source>
        <translation>خىزمەت ۋەزىپىسى</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>تۈرى</translation>
    </message>
    <message>
        <source>Labour agent</source>
        <translation>ئەمگەك ۋاسىتىچىسى</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>كەڭلىك</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>خەت</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>سەۋىيە</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>ئۇزۇنلۇق</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>تۆۋەن</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>مېدىيا تىپى</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>ئوتتۇرا</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>يىغىن</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>ئەزا</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>ئەزالىق</translation>
    </message>
    <message>
        <source>Metadata removed</source>
        <translation>مېتا سانلىق مەلۇمات ئۆچۈرۈلگەن</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>ئۇسۇل</translation>
    </message>
    <message>
        <source>Mill</source>
        <translation>تېكىستىل زاۋۇتى</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>كان</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>نام</translation>
    </message>
    <message>
        <source>Names in other scripts</source>
        <translation>باشقا يېزىقلاردىكى ناملار</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>بايان</translation>
    </message>
    <message>
        <source>No address</source>
        <translation>ئادرېس يوق</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>ئىزاھات</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>ئىزاھاتلار</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>كۆزىتىش</translation>
    </message>
    <message>
        <source>Observed on</source>
        <translation>كۆزىتىلگەن چېسلا</translation>
    </message>
    <message>
        <source>Offsite interviews</source>
        <translation>سىرتتا ئېلىپ بېرىلغان سۆھبەتلەر</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>ئوچۇق</translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation>Open Supply Hub كىملىكى</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>تەشكىلات</translation>
    </message>
    <message>
        <source>Original name</source>
        <translation>ئەسلى نامى</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>باشقا</translation>
    </message>
    <message>
        <source>Over 50</source>
        <translation>50 تىن يۇقىرى</translation>
    </message>
    <message>
        <source>Owner type</source>
        <translation>ئىگىدارلىق تىپى</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>ئىگىدارلىق قىلىدۇ</translation>
    </message>
    <message>
        <source>Period end</source>
        <translation>مۇددەت ئاخىرى</translation>
    </message>
    <message>
        <source>Period start</source>
        <translation>مۇددەت بېشى</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>كىشى</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>تېلېفون</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>سىياسەت</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>مەھسۇلاتلار</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translatorcomment>Never a real name: an invented label for an interviewed worker.</translatorcomment>
        <translation>تەخەللۇس</translation>
    </message>
    <message>
        <source>Public anonymised</source>
        <translation>ئاممىۋى، نامسىزلاشتۇرۇلغان</translation>
    </message>
    <message>
        <source>Public report</source>
        <translation>ئاممىۋى دوكلات</translation>
    </message>
    <message>
        <source>Publication decision</source>
        <translation>ئېلان قىلىش قارارى</translation>
    </message>
    <message>
        <source>Ready to publish</source>
        <translation>ئېلان قىلىشقا تەييار</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>سەۋەب</translation>
    </message>
    <message>
        <source>Region of origin</source>
        <translation>كېلىپ چىققان رايون</translation>
    </message>
    <message>
        <source>Region or province</source>
        <translation>رايون ياكى ئۆلكە</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>مۇناسىۋەت</translation>
    </message>
    <message>
        <source>Remediated</source>
        <translation>تۈزىتىلگەن</translation>
    </message>
    <message>
        <source>Remediated on</source>
        <translation>تۈزىتىلگەن چېسلا</translation>
    </message>
    <message>
        <source>Remediation due</source>
        <translation>تۈزىتىش مۇددىتى</translation>
    </message>
    <message>
        <source>Remediation started on</source>
        <translation>تۈزىتىش باشلانغان چېسلا</translation>
    </message>
    <message>
        <source>Remediation status</source>
        <translation>تۈزىتىش ھالىتى</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>يىراقتىن</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>تەلەپ</translation>
    </message>
    <message>
        <source>Request sent on</source>
        <translation>تەلەپ ئەۋەتىلگەن چېسلا</translation>
    </message>
    <message>
        <source>Researcher</source>
        <translation>تەتقىقاتچى</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>جاۋاب</translation>
    </message>
    <message>
        <source>Retailer</source>
        <translation>پارچە سېتىش سودىگىرى</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>رول</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translatorcomment>A finalised record that can no longer change, only be amended.</translatorcomment>
        <translation>پېچەتلەنگەن</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>ساھە</translation>
    </message>
    <message>
        <source>Sha256</source>
        <translation>Sha256</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>باشلاپ</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>ئورۇن</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>چوڭلۇقى</translation>
    </message>
    <message>
        <source>Source type</source>
        <translation>مەنبە تىپى</translation>
    </message>
    <message>
        <source>Sources from</source>
        <translation>مەنبەسى</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>باشلىنىش چېسلاسى</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>بايانات</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>ھالەت</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>تېما</translation>
    </message>
    <message>
        <source>Subject type</source>
        <translation>ئوبيېكت تىپى</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>خۇلاسە</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>تەمىنلىگۈچى</translation>
    </message>
    <message>
        <source>Supplies</source>
        <translation>تەمىنلەيدۇ</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>توختىتىلغان</translation>
    </message>
    <message>
        <source>Target type</source>
        <translation>نىشان تىپى</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>گۇرۇپپا</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>تېكىست</translation>
    </message>
    <message>
        <source>Tier</source>
        <translatorcomment>Methodology term: the company&apos;s rating tier (Leader, Improver, Starter, Laggard).</translatorcomment>
        <translation>قاتلام</translation>
    </message>
    <message>
        <source>Unannounced</source>
        <translation>ئالدىن ئۇقتۇرۇلمىغان</translation>
    </message>
    <message>
        <source>Under 18</source>
        <translation>18 دىن تۆۋەن</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>غىچە</translation>
    </message>
    <message>
        <source>Verified on</source>
        <translation>دەلىللەنگەن چېسلا</translation>
    </message>
    <message>
        <source>Verified remediated</source>
        <translation>تۈزىتىلگەنلىكى دەلىللەنگەن</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>زىيارەت</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>ئامبار</translation>
    </message>
    <message>
        <source>Web address</source>
        <translation>تور ئادرېسى</translation>
    </message>
    <message>
        <source>Web form</source>
        <translation>تور جەدۋىلى</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>تور بېكەت</translation>
    </message>
    <message>
        <source>Withhold</source>
        <translation>توسۇش</translation>
    </message>
    <message>
        <source>Worker note</source>
        <translation>ئىشچى خاتىرىسى</translation>
    </message>
    <message>
        <source>Workers covered</source>
        <translation>قاپلانغان ئىشچىلار</translation>
    </message>
    <message>
        <source>Workforce size</source>
        <translation>ئىشچى سانى</translation>
    </message>
</context>
</TS>
