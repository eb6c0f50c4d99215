<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AssessDialog</name>
    <message>
        <source>Assess — %1</source>
        <translation>评估 — %1</translation>
    </message>
</context>
<context>
    <name>AssessView</name>
    <message>
        <source>&amp;Add evidence…</source>
        <translation>添加证据(&amp;A)…</translation>
    </message>
    <message>
        <source>Add evidence for the selected criterion (or press Enter on it)</source>
        <translation>为所选标准添加证据(或在其上按 Enter)</translation>
    </message>
    <message>
        <source>&amp;Ready to publish</source>
        <translation>可以发布(&amp;R)</translation>
    </message>
    <message>
        <source>Only assessments a coordinator marked ready appear in the public register and in batch scorecards.</source>
        <translation>只有协调员标记为可发布的评估才会出现在公开登记册和批量评分卡中。</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Criteria</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Levels and evidence of the criterion</source>
        <translation>该标准的等级和证据</translation>
    </message>
    <message>
        <source>met</source>
        <translation>已满足</translation>
    </message>
    <message>
        <source>not met</source>
        <translation>未满足</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1: %2, score %3, coverage %4 %</source>
        <translation>%1:%2,得分 %3,覆盖率 %4 %</translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation>证据不足</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>未知:%1</translation>
    </message>
    <message>
        <source>Every criterion has evidence.</source>
        <translation>每项标准都有证据。</translation>
    </message>
    <message>
        <source>Not marked ready to publish: it is left out of the register.</source>
        <translation>未标记为可发布:不列入登记册。</translation>
    </message>
    <message>
        <source>Marked ready to publish on %1.</source>
        <translation>已于 %1 标记为可发布。</translation>
    </message>
    <message>
        <source>Marked not ready to publish on %1.</source>
        <translation>已于 %1 标记为不可发布。</translation>
    </message>
    <message>
        <source>Only a coordinator can change this.</source>
        <translation>只有协调员可以更改此项。</translation>
    </message>
    <message>
        <source>A gate, no points: without a current statement that is published, board approved and signed, the score is capped at %1.</source>
        <translation>门槛项,不计分:若没有已公开、经董事会批准并签署的现行声明,得分上限为 %1。</translation>
    </message>
    <message>
        <source>Weight %1</source>
        <translation>权重 %1</translation>
    </message>
    <message>
        <source>Levels</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>earned</source>
        <translation>已获得</translation>
    </message>
    <message>
        <source>Unknown: no evidence counted.</source>
        <translation>未知:没有计入任何证据。</translation>
    </message>
    <message>
        <source>Add evidence to rate it (Enter or Alt+A).</source>
        <translation>添加证据以进行评级(Enter 或 Alt+A)。</translation>
    </message>
    <message>
        <source>earns %1</source>
        <translation>获得 %1</translation>
    </message>
    <message>
        <source>earns nothing</source>
        <translation>不得分</translation>
    </message>
</context>
<context>
    <name>AttachmentsWidget</name>
    <message>
        <source>&amp;Add files…</source>
        <translation>添加文件(&amp;A)…</translation>
    </message>
    <message>
        <source>Add files (or drop them here)</source>
        <translation>添加文件（或拖放到此处）</translation>
    </message>
    <message>
        <source>Keep location and camera metadata</source>
        <translation>保留位置和相机元数据</translation>
    </message>
    <message>
        <source>Off by default: GPS position and camera details are removed from photos before they are stored, because they can identify people and places.</source>
        <translation>默认关闭：照片在保存前会移除 GPS 位置和相机信息，因为它们可能暴露人员和地点。</translation>
    </message>
    <message>
        <source>Consent scope of new attachments</source>
        <translation>新附件的同意范围</translation>
    </message>
    <message>
        <source>&amp;Consent:</source>
        <translation>同意范围(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>Remove the selected attachment from this record</source>
        <translation>从此记录中移除所选附件</translation>
    </message>
    <message>
        <source>Attached files</source>
        <translation>已附加的文件</translation>
    </message>
    <message>
        <source>Drop files here or use Add files.</source>
        <translation>将文件拖放到此处，或使用“添加文件”。</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>File details</source>
        <translation>文件详情</translation>
    </message>
    <message>
        <source>SHA-256 of the stored file</source>
        <translation>已存储文件的 SHA-256</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>SHA-256:</source>
        <translation>SHA-256：</translation>
    </message>
    <message>
        <source>No preview for %1</source>
        <translation>%1 无法预览</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>kept (or none to remove)</source>
        <translation>已保留（或无可移除）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 bytes&lt;br&gt;Photo metadata: %4&lt;br&gt;Consent: %5</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2 · %3 字节&lt;br&gt;照片元数据：%4&lt;br&gt;同意范围：%5</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>Remove %1 from this record?</source>
        <translation>要从此记录中移除 %1 吗？</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Attachment removed.</source>
        <translation>附件已移除。</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>附加文件</translation>
    </message>
    <message>
        <source>Not attached: %1</source>
        <translation>未附加：%1</translation>
    </message>
    <message>
        <source>%1 file(s) attached.</source>
        <translation>已附加 %1 个文件。</translation>
    </message>
</context>
<context>
    <name>BatchExportDialog</name>
    <message>
        <source>Export all scorecards</source>
        <translation>导出全部评分卡</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Scorecards:</source>
        <translation>评分卡：</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Sign every scorecard with the organisation certificate</source>
        <translation>用机构证书签署每一份评分卡</translation>
    </message>
    <message>
        <source>Include sites withheld from publication and assessments not marked ready to publish (confidential)</source>
        <translation>包括不公开的工厂和未标记为可发布的评估(保密)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>Choose a folder for the scorecards.</source>
        <translation>请为评分卡选择文件夹。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>正在评分…</translation>
    </message>
    <message>
        <source>Writing scorecards</source>
        <translation>正在写出评分卡</translation>
    </message>
    <message>
        <source>Cancelling… (scorecards already written are kept)</source>
        <translation>正在取消…（已写出的评分卡会保留）</translation>
    </message>
    <message>
        <source>Writing scorecard %1 of %2…</source>
        <translation>正在写出第 %1 份评分卡，共 %2 份…</translation>
    </message>
    <message>
        <source>%1 scorecards written (%2 signed) to %3</source>
        <translation>已向 %3 写出 %1 份评分卡（%2 份已签名）</translation>
    </message>
    <message>
        <source>%1 initiatives and companies not marked ready to publish were skipped.</source>
        <translation>已跳过 %1 个未标记为可发布的倡议和公司。</translation>
    </message>
    <message>
        <source>Cancelled. Scorecards already written in the folder are complete.</source>
        <translation>已取消。文件夹中已写出的评分卡是完整的。</translation>
    </message>
</context>
<context>
    <name>BoolEditor</name>
    <message>
        <source>Not known</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ChangePassphraseDialog</name>
    <message>
        <source>Change passphrase</source>
        <translation>更改口令</translation>
    </message>
    <message>
        <source>Current passphrase</source>
        <translation>当前口令</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <source>New, again</source>
        <translation>再次输入新口令</translation>
    </message>
    <message>
        <source>Give the database a new key (recommended)</source>
        <translation>为数据库设置新密钥（推荐）</translation>
    </message>
    <message>
        <source>With a new key, a copy of the old key file no longer opens the workspace, and recovery files made before become useless: export a new one afterwards. If the change is interrupted, the old passphrase still works.</source>
        <translation>设置新密钥后，旧密钥文件的副本将无法再打开工作区，之前制作的恢复文件也将失效：之后请导出新的恢复文件。如果更改中途中断，旧口令仍然有效。</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>正在准备演示工作区…</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <source>Pick a date</source>
        <translation>选择日期</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Record details</source>
        <translation>记录详情</translation>
    </message>
    <message>
        <source>Photos and documents…</source>
        <translation>照片和文件…</translation>
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation>选择一条记录以查看详情。</translation>
    </message>
    <message>
        <source>A&amp;ssess: criteria and evidence…</source>
        <translation>评估:标准和证据(&amp;S)…</translation>
    </message>
    <message>
        <source>Rate it criterion by criterion (Ctrl+Shift+R)</source>
        <translation>逐项标准进行评级(Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Written by a revoked device: %1</source>
        <translation>由已吊销的设备写入：%1</translation>
    </message>
    <message>
        <source>(missing record)</source>
        <translation>（记录缺失）</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>ACES Desktop</source>
        <translation>ACES 桌面版</translation>
    </message>
</context>
<context>
    <name>EditingHub</name>
    <message>
        <source>Log a &amp;visit…</source>
        <translation>记录走访(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Attachments of the selected record…</source>
        <translation>所选记录的附件(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Outreach log…</source>
        <translation>沟通记录(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Persons (auditors, interpreters)…</source>
        <translation>人员（审核员、翻译）(&amp;P)…</translation>
    </message>
    <message>
        <source>Log a visit</source>
        <translation>记录走访</translation>
    </message>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Select a site, visit, finding, worker note, company or company response first; its photos and documents are shown here.</source>
        <translation>请先选择场所、走访、发现、工人记录、公司或公司回应；其照片和文件将显示在此处。</translation>
    </message>
    <message>
        <source>Outreach log</source>
        <translation>沟通记录</translation>
    </message>
</context>
<context>
    <name>EnumEditor</name>
    <message>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>is already the id of a %1</source>
        <comment>already_id</comment>
        <translation>已经是某个%1的 ID</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was already revoked on %2 (%3).</source>
        <comment>already_revoked</comment>
        <translation>“%1”已于 %2 被吊销（%3）。</translation>
    </message>
    <message>
        <source>This visit is already sealed.</source>
        <comment>already_sealed</comment>
        <translation>此次走访已封存。</translation>
    </message>
    <message>
        <source>Another change (a merge or an import) is being written to the workspace; nothing was saved. Try again when it has finished.</source>
        <comment>another_change_merge_import_being</comment>
        <translation>另一项更改（合并或导入）正在写入工作区；未保存任何内容。请在其完成后重试。</translation>
    </message>
    <message>
        <source>Another program has been checking a passphrase of this workspace for a minute; try again when it has finished.</source>
        <comment>another_program_been_checking_passphrase</comment>
        <translation>另一个程序已经检查此工作区的口令一分钟了；请在其完成后重试。</translation>
    </message>
    <message>
        <source>The application&apos;s database migrations are missing.</source>
        <comment>application_database_migrations_missing</comment>
        <translation>应用程序的数据库迁移文件缺失。</translation>
    </message>
    <message>
        <source>the archive end marker is damaged or truncated</source>
        <comment>archive_end_marker_damaged_truncated</comment>
        <translation>归档结束标记已损坏或被截断</translation>
    </message>
    <message>
        <source>must be at least %1</source>
        <comment>at_least</comment>
        <translation>必须至少为 %1</translation>
    </message>
    <message>
        <source>must be at most %1</source>
        <comment>at_most</comment>
        <translation>必须至多为 %1</translation>
    </message>
    <message>
        <source>attachment %1… is %2 bytes but its record declares %3</source>
        <comment>attachment_bytes_but_record_declares</comment>
        <translation>附件 %1… 大小为 %2 字节，但其记录声明为 %3</translation>
    </message>
    <message>
        <source>attachment %1… does not match its name</source>
        <comment>attachment_does_not_match_name</comment>
        <translation>附件 %1… 与其名称不符</translation>
    </message>
    <message>
        <source>The attachment file %1 is damaged (%2).</source>
        <comment>attachment_file_damaged</comment>
        <translation>附件文件 %1 已损坏（%2）。</translation>
    </message>
    <message>
        <source>attachment &apos;%1&apos; is larger than the limit</source>
        <comment>attachment_larger_limit</comment>
        <translation>附件“%1”超过大小限制</translation>
    </message>
    <message>
        <source>The attachment %1… is not in this workspace&apos;s file store.</source>
        <comment>attachment_not_workspace_file_store</comment>
        <translation>附件 %1… 不在此工作区的文件库中。</translation>
    </message>
    <message>
        <source>key &apos;%1&apos; must be lowercase letters, digits or _</source>
        <comment>bad_fact_key</comment>
        <translation>键“%1”只能包含小写字母、数字或 _</translation>
    </message>
    <message>
        <source>&apos;%1&apos; must be text, a number, true/false or null</source>
        <comment>bad_fact_value</comment>
        <translation>“%1”必须是文本、数字、真/假或空值</translation>
    </message>
    <message>
        <source>give both latitude and longitude, or neither</source>
        <comment>both_coordinates</comment>
        <translation>请同时填写纬度和经度，或都不填</translation>
    </message>
    <message>
        <source>Both records must be sites.</source>
        <comment>both_records_must_sites</comment>
        <translation>两条记录都必须是地点。</translation>
    </message>
    <message>
        <source>%1: the bundle changed while it was being merged</source>
        <comment>bundle_changed_while_being_merged</comment>
        <translation>%1：同步包在合并过程中被更改</translation>
    </message>
    <message>
        <source>the bundle changed while it was being merged</source>
        <comment>bundle_changed_while_being_merged_2</comment>
        <translation>同步包在合并过程中被更改</translation>
    </message>
    <message>
        <source>the bundle content is truncated (archive ends mid-way)</source>
        <comment>bundle_content_truncated_archive_ends</comment>
        <translation>同步包内容被截断（归档中途结束）</translation>
    </message>
    <message>
        <source>the bundle content is truncated (a member ends early)</source>
        <comment>bundle_content_truncated_member_ends</comment>
        <translation>同步包内容被截断（某个成员提前结束）</translation>
    </message>
    <message>
        <source>its signature is not valid for the trusted key of &apos;%1&apos;: the bundle was altered or forged</source>
        <comment>bundle_forged</comment>
        <translation>对于“%1”受信任的密钥，它的签名无效：该数据包已被篡改或伪造</translation>
    </message>
    <message>
        <source>it uses bundle format version 1, made by an older version of ACES Desktop without authorship signatures; update ACES Desktop on the sending device and export the bundle again</source>
        <comment>bundle_format_1</comment>
        <translation>它使用数据包格式版本 1，由不带作者签名的旧版 ACES Desktop 生成；请在发送设备上更新 ACES Desktop 并重新导出数据包</translation>
    </message>
    <message>
        <source>it uses bundle format version %1, newer than this version of ACES Desktop reads (%2); update ACES Desktop to merge it</source>
        <comment>bundle_format_newer</comment>
        <translation>它使用数据包格式版本 %1，比本版 ACES Desktop 能读取的版本（%2）更新；请更新 ACES Desktop 后再合并</translation>
    </message>
    <message>
        <source>it was made by this workspace itself</source>
        <comment>bundle_from_itself</comment>
        <translation>它是由本工作区自己生成的</translation>
    </message>
    <message>
        <source>it comes from &apos;%1&apos;, a device revoked on %2 (%3)</source>
        <comment>bundle_from_revoked</comment>
        <translation>它来自“%1”，该设备已于 %2 被吊销（%3）</translation>
    </message>
    <message>
        <source>the bundle has more than %1 members</source>
        <comment>bundle_more_members</comment>
        <translation>同步包的成员超过 %1 个</translation>
    </message>
    <message>
        <source>it was made with a newer record schema (version %1; this version of ACES Desktop knows %2); update ACES Desktop</source>
        <comment>bundle_newer_schema</comment>
        <translation>它使用更新的记录结构生成（版本 %1；本版 ACES Desktop 只认识 %2）；请更新 ACES Desktop</translation>
    </message>
    <message>
        <source>it belongs to another organisation or workspace (replayed from elsewhere?)</source>
        <comment>bundle_other_organisation</comment>
        <translation>它属于另一个组织或工作区（是从别处重放的吗？）</translation>
    </message>
    <message>
        <source>it was made for another workspace, not for this one</source>
        <comment>bundle_other_recipient</comment>
        <translation>它是为另一个工作区生成的，不是为本工作区</translation>
    </message>
    <message>
        <source>%1 is refused: %2.</source>
        <comment>bundle_refused</comment>
        <translation>%1 被拒绝：%2。</translation>
    </message>
    <message>
        <source>it is truncated: the signed manifest is missing</source>
        <comment>bundle_truncated</comment>
        <translation>它不完整：缺少已签名的清单</translation>
    </message>
    <message>
        <source>the sender&apos;s key fingerprint does not match the trusted key of &apos;%1&apos;</source>
        <comment>bundle_wrong_fingerprint</comment>
        <translation>发送方的密钥指纹与“%1”受信任的密钥不符</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <comment>cancelled</comment>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Cannot export to &apos;%1&apos;: the file name must end in .xlsx or .csv.</source>
        <comment>cannot_export_file_name_must</comment>
        <translation>无法导出到“%1”：文件名必须以 .xlsx 或 .csv 结尾。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2.</source>
        <comment>cannot_read</comment>
        <translation>无法读取 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot read the trust certificate %1: %2.</source>
        <comment>cannot_read_trust_certificate</comment>
        <translation>无法读取信任证书 %1：%2。</translation>
    </message>
    <message>
        <source>%1: it carries a %2 whose consent keeps it on its device</source>
        <comment>carries_whose_consent_keeps_device</comment>
        <translation>%1：它携带了一条%2，其同意范围要求它留在其设备上</translation>
    </message>
    <message>
        <source>%1: a change has no content hash</source>
        <comment>change_no_content_hash</comment>
        <translation>%1：某项更改没有内容哈希</translation>
    </message>
    <message>
        <source>Choose a new passphrase for the restored workspace.</source>
        <comment>choose_new_passphrase_restored_workspace</comment>
        <translation>请为恢复的工作区选择新口令。</translation>
    </message>
    <message>
        <source>Choose two different sites to merge.</source>
        <comment>choose_two_different_sites_merge</comment>
        <translation>请选择两个不同的地点进行合并。</translation>
    </message>
    <message>
        <source>Choose a version (--choose REV) or give combined content.</source>
        <comment>choose_version_choose_rev_give</comment>
        <translation>请选择一个版本（--choose REV），或给出合并后的内容。</translation>
    </message>
    <message>
        <source>%1: its logical clock (%2) is further ahead of this workspace&apos;s (%3) than any honest device could be</source>
        <comment>clock_too_far_ahead</comment>
        <translation>%1：它的逻辑时钟（%2）超前本工作区的逻辑时钟（%3）太多，诚实的设备不会如此</translation>
    </message>
    <message>
        <source>%1: the content does not match its hash</source>
        <comment>content_does_not_match_hash</comment>
        <translation>%1：内容与其哈希不符</translation>
    </message>
    <message>
        <source>%1: the content has invalid text encoding</source>
        <comment>content_invalid_text_encoding</comment>
        <translation>%1：内容的文本编码无效</translation>
    </message>
    <message>
        <source>This store holds text encrypted with the organisation&apos;s key, which this workspace does not have or which does not fit: only coordinators of the organisation (joined with an invitation) can read it.</source>
        <comment>content_key_missing</comment>
        <translation>此存储中保存有用组织密钥加密的文本，而此工作区没有该密钥或密钥不匹配：只有该组织的协调员（通过邀请加入）才能读取。</translation>
    </message>
    <message>
        <source>%1: the %2 content is not in canonical form</source>
        <comment>content_not_canonical_form</comment>
        <translation>%1：%2 内容不是规范形式</translation>
    </message>
    <message>
        <source>%1: the content is not an object</source>
        <comment>content_not_object</comment>
        <translation>%1：内容不是一个对象</translation>
    </message>
    <message>
        <source>contains control characters</source>
        <comment>control_characters</comment>
        <translation>包含控制字符</translation>
    </message>
    <message>
        <source>That coordinator belongs to another organisation than the coordinator(s) this workspace already trusts.</source>
        <comment>coordinator_belongs_another_organisation_coordin</comment>
        <translation>该协调员所属的组织与此工作区已信任的协调员所属的组织不同。</translation>
    </message>
    <message>
        <source>%1: line 1: the header names column(s) %2 more than once; each column may appear only once.</source>
        <comment>csv_column_twice</comment>
        <translation>%1：第 1 行：标题中列 %2 出现了不止一次；每列只能出现一次。</translation>
    </message>
    <message>
        <source>%1: the CSV file has no header row.</source>
        <comment>csv_no_header</comment>
        <translation>%1：CSV 文件没有标题行。</translation>
    </message>
    <message>
        <source>%1: line %2: %3.</source>
        <comment>csv_problem</comment>
        <translation>%1：第 %2 行：%3。</translation>
    </message>
    <message>
        <source>%1: line %2 has more values than the header has columns.</source>
        <comment>csv_too_many_values</comment>
        <translation>%1：第 %2 行的值比标题的列多。</translation>
    </message>
    <message>
        <source>%1: unknown column(s) %2.</source>
        <comment>csv_unknown_columns</comment>
        <translation>%1：未知的列 %2。</translation>
    </message>
    <message>
        <source>%1 is damaged or truncated: it cannot be read as a PDF (%2).</source>
        <comment>damaged_truncated_cannot_read_pdf</comment>
        <translation>%1 已损坏或被截断：无法作为 PDF 读取（%2）。</translation>
    </message>
    <message>
        <source>This database already holds an ACES store; a second coordinator joins it with an invitation (aces org invite on a coordinator, then aces init --join).</source>
        <comment>database_already_holds_store</comment>
        <translation>此数据库已有 ACES 存储；第二位协调员须凭邀请加入（在协调员上运行 aces org invite，然后运行 aces init --join）。</translation>
    </message>
    <message>
        <source>Cannot connect to the PostgreSQL database: %1</source>
        <comment>database_cannot_connect</comment>
        <translation>无法连接 PostgreSQL 数据库：%1</translation>
    </message>
    <message>
        <source>This database holds no ACES store yet; the coordinator that created the store must invite with its own database URL.</source>
        <comment>database_holds_no_store</comment>
        <translation>此数据库尚无 ACES 存储；创建该存储的协调员必须用其自己的数据库 URL 发出邀请。</translation>
    </message>
    <message>
        <source>The connection to the PostgreSQL server %1 would not be encrypted: add sslmode=verify-full (or verify-ca, require) to the URL. Only a local socket or localhost may go without TLS.</source>
        <comment>database_needs_tls</comment>
        <translation>与 PostgreSQL 服务器 %1 的连接将不会加密：请在 URL 中加上 sslmode=verify-full（或 verify-ca、require）。只有本地套接字或 localhost 可以不用 TLS。</translation>
    </message>
    <message>
        <source>This database already has tables that are not an ACES store (%1); give an empty database.</source>
        <comment>database_not_empty</comment>
        <translation>此数据库已有不属于 ACES 存储的表（%1）；请提供一个空数据库。</translation>
    </message>
    <message>
        <source>Only a coordinator workspace keeps its data in PostgreSQL; field devices stay on their encrypted workspace file.</source>
        <comment>database_only_coordinator</comment>
        <translation>只有协调员工作区才把数据保存在 PostgreSQL 中；现场设备仍使用其加密的工作区文件。</translation>
    </message>
    <message>
        <source>This database holds the store of another organisation than the invitation&apos;s.</source>
        <comment>database_other_organisation</comment>
        <translation>此数据库保存的是另一个组织的存储，而不是邀请所属组织的。</translation>
    </message>
    <message>
        <source>There is no PostgreSQL role &apos;%1&apos;: the database administrator creates it first (CREATE ROLE %1 LOGIN PASSWORD &apos;…&apos;, see docs/hub.md).</source>
        <comment>database_role_missing</comment>
        <translation>不存在 PostgreSQL 角色“%1”：请数据库管理员先创建它（CREATE ROLE %1 LOGIN PASSWORD &apos;…&apos;，见 docs/hub.md）。</translation>
    </message>
    <message>
        <source>The store must be upgraded from schema %1 to %2, and this workspace&apos;s database role may not change tables. Back the database up (pg_dump), then run: aces org upgrade-store --owner-url URL (the URL of the role owning the database).</source>
        <comment>database_upgrade_needs_owner</comment>
        <translation>存储必须从架构 %1 升级到 %2，而此工作区的数据库角色无权修改表。请先备份数据库（pg_dump），然后运行：aces org upgrade-store --owner-url URL（拥有该数据库的角色的 URL）。</translation>
    </message>
    <message>
        <source>The PostgreSQL URL must name the role to log in as (postgresql://role:password@host/db).</source>
        <comment>database_url_needs_user</comment>
        <translation>PostgreSQL URL 必须写明登录所用的角色（postgresql://role:password@host/db）。</translation>
    </message>
    <message>
        <source>The database must be a PostgreSQL URL (postgresql://user:password@host/database).</source>
        <comment>database_url_not_postgresql</comment>
        <translation>数据库必须是 PostgreSQL URL（postgresql://用户:密码@主机/数据库）。</translation>
    </message>
    <message>
        <source>must be a date in the form YYYY-MM-DD</source>
        <comment>date_form</comment>
        <translation>必须是 YYYY-MM-DD 格式的日期</translation>
    </message>
    <message>
        <source>%1 is out of range: dates run from %2 to %3</source>
        <comment>date_out_of_range</comment>
        <translation>%1 超出范围：日期须在 %2 至 %3 之间</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; expands to more than %2 bytes when decompressed (a decompression bomb?)</source>
        <comment>decompression_bomb</comment>
        <translation>成员“%1”解压后超过 %2 字节（是解压炸弹吗？）</translation>
    </message>
    <message>
        <source>%1: a deletion carries content</source>
        <comment>deletion_carries_content</comment>
        <translation>%1：删除操作携带了内容</translation>
    </message>
    <message>
        <source>%1: a deletion carries a content hash</source>
        <comment>deletion_carries_content_hash</comment>
        <translation>%1：删除操作携带了内容哈希</translation>
    </message>
    <message>
        <source>Device &apos;%1&apos; (%2) is already known with a different key. If it was re-installed, remove the old entry first.</source>
        <comment>device_already_known_different_key</comment>
        <translation>设备“%1”（%2）已以不同的密钥登记。如果它是重新安装的，请先移除旧条目。</translation>
    </message>
    <message>
        <source>device %1 revision %2</source>
        <comment>device_revision</comment>
        <translation>设备 %1 的修订 %2</translation>
    </message>
    <message>
        <source>device %1 revision %2: it names as parent a revision of another record</source>
        <comment>device_revision_names_parent_revision</comment>
        <translation>设备 %1 修订 %2：它将另一条记录的修订列为父修订</translation>
    </message>
    <message>
        <source>device %1 revision %2: the revisions are not covered by their author&apos;s signature (forged or altered?)</source>
        <comment>device_revision_revisions_not_covered</comment>
        <translation>设备 %1 修订 %2：这些修订未被其作者的签名覆盖（伪造或被篡改？）</translation>
    </message>
    <message>
        <source>device %1 revision %2: the signature of its author &apos;%3&apos; over these revisions is not valid (forged or altered?)</source>
        <comment>device_revision_signature_author_over</comment>
        <translation>设备 %1 修订 %2：其作者“%3”对这些修订的签名无效（伪造或被篡改？）</translation>
    </message>
    <message>
        <source>device %1 revision %2: it was written after &apos;%3&apos; was revoked (%4)</source>
        <comment>device_revision_written_after_revoked</comment>
        <translation>设备 %1 修订 %2：它写于“%3”被吊销之后（%4）</translation>
    </message>
    <message>
        <source>%1: the device&apos;s revisions are not contiguous</source>
        <comment>device_revisions_not_contiguous</comment>
        <translation>%1：该设备的修订不连续</translation>
    </message>
    <message>
        <source>Device &apos;%1&apos; (%2) was revoked on %3 (%4). A revoked device cannot be trusted again; to enrol the same person, create a new workspace on their laptop and trust its identity file.</source>
        <comment>device_revoked_revoked_device_cannot</comment>
        <translation>设备“%1”（%2）已于 %3 被吊销（%4）。已吊销的设备不能再被信任；要为同一人登记，请在其笔记本电脑上新建工作区并信任其身份文件。</translation>
    </message>
    <message>
        <source>%1 different share(s) given, but %2 of %3 are needed to open this recovery file.</source>
        <comment>different_share_given_but_needed</comment>
        <translation>给出了 %1 份不同的份额，但打开此恢复文件需要 %3 份中的 %2 份。</translation>
    </message>
    <message>
        <source>%1: differs from the revision already received with that number (a forged or forked chain)</source>
        <comment>differs_revision_already_received_number</comment>
        <translation>%1：与已收到的同编号修订不同（伪造或分叉的链）</translation>
    </message>
    <message>
        <source>%1: does not link to the revision already received before it (a forged or forked chain)</source>
        <comment>does_not_link_revision_already</comment>
        <translation>%1：没有链接到之前已收到的修订（伪造或分叉的链）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; does not name exactly one version of %2.</source>
        <comment>does_not_name_exactly_one</comment>
        <translation>“%1”没有唯一指明 %2 的一个版本。</translation>
    </message>
    <message>
        <source>it does not start with the FORMAT member</source>
        <comment>does_not_start_format_member</comment>
        <translation>它没有以 FORMAT 成员开头</translation>
    </message>
    <message>
        <source>%1 is empty: it is not a sync bundle.</source>
        <comment>empty_not_sync_bundle</comment>
        <translation>%1 是空的：它不是同步包。</translation>
    </message>
    <message>
        <source>Encrypting the bundle failed (%1).</source>
        <comment>encrypting_bundle_failed</comment>
        <translation>加密同步包失败（%1）。</translation>
    </message>
    <message>
        <source>%1 ends before it starts</source>
        <comment>ends_before_start</comment>
        <translation>%1的结束早于开始</translation>
    </message>
    <message>
        <source>entry %1 %2</source>
        <comment>entry_problem</comment>
        <translation>第 %1 项%2</translation>
    </message>
    <message>
        <source>%1 is a %2; evidence rates initiatives and companies</source>
        <comment>evidence_rates_initiatives_companies</comment>
        <translation>%1 是%2；证据评估的是倡议和公司</translation>
    </message>
    <message>
        <source>%1 exists and is not a folder.</source>
        <comment>exists_not_folder</comment>
        <translation>%1 已存在且不是文件夹。</translation>
    </message>
    <message>
        <source>%1 exists and is not a folder; choose another place.</source>
        <comment>exists_not_folder_choose_another</comment>
        <translation>%1 已存在且不是文件夹；请选择其他位置。</translation>
    </message>
    <message>
        <source>it has extra data after the end of its encrypted content</source>
        <comment>extra_data_after_end_encrypted</comment>
        <translation>其加密内容结束后还有多余数据</translation>
    </message>
    <message>
        <source>&apos;%1&apos; %2</source>
        <comment>fact_problem</comment>
        <translation>“%1”%2</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is longer than %2 characters</source>
        <comment>fact_too_long</comment>
        <translation>“%1”超过 %2 个字符</translation>
    </message>
    <message>
        <source>a field device&apos;s bundle carries device identities</source>
        <comment>field_device_bundle_carries_device</comment>
        <translation>外勤设备的同步包携带了设备身份</translation>
    </message>
    <message>
        <source>field &apos;%1&apos;: %2</source>
        <comment>field_problem</comment>
        <translation>字段“%1”：%2</translation>
    </message>
    <message>
        <source>This field is required.</source>
        <comment>field_required</comment>
        <translation>此字段为必填项。</translation>
    </message>
    <message>
        <source>The file holds %1 records; one import is limited to %2.</source>
        <comment>file_holds_records_one_import</comment>
        <translation>该文件包含 %1 条记录；一次导入最多 %2 条。</translation>
    </message>
    <message>
        <source>The file is larger than the limit of %1 MB.</source>
        <comment>file_larger_limit_mb</comment>
        <translation>文件超过 %1 MB 的限制。</translation>
    </message>
    <message>
        <source>%1: the first revision of a device links to a predecessor</source>
        <comment>first_revision_device_links_predecessor</comment>
        <translation>%1：设备的第一条修订链接到了前一条修订</translation>
    </message>
    <message>
        <source>The folder %1 is not empty and holds no earlier register (%2 is missing); choose an empty or new folder.</source>
        <comment>folder_not_empty_holds_no</comment>
        <translation>文件夹 %1 不是空的，且不包含以前的登记册（缺少 %2）；请选择空文件夹或新文件夹。</translation>
    </message>
    <message>
        <source>%1 is a folder, not a PDF file.</source>
        <comment>folder_not_pdf_file</comment>
        <translation>%1 是文件夹，不是 PDF 文件。</translation>
    </message>
    <message>
        <source>its FORMAT member is not an ACES bundle format line</source>
        <comment>format_member_not_aces_bundle</comment>
        <translation>其 FORMAT 成员不是 ACES 同步包格式行</translation>
    </message>
    <message>
        <source>Give both the number of shares and the threshold.</source>
        <comment>give_both_number_shares_threshold</comment>
        <translation>请同时给出份额数和阈值。</translation>
    </message>
    <message>
        <source>Give the %1 a name.</source>
        <comment>give_name</comment>
        <translation>请为%1命名。</translation>
    </message>
    <message>
        <source>Give the reason for the revocation (for example: laptop seized).</source>
        <comment>give_reason_revocation_example_laptop</comment>
        <translation>请给出吊销原因（例如：笔记本电脑被扣押）。</translation>
    </message>
    <message>
        <source>Give the recovery passphrase or the shares.</source>
        <comment>give_recovery_passphrase_shares</comment>
        <translation>请给出恢复口令或份额。</translation>
    </message>
    <message>
        <source>Give a recovery passphrase, or split the recovery key into shares.</source>
        <comment>give_recovery_passphrase_split_recovery</comment>
        <translation>请给出恢复口令，或将恢复密钥拆分为份额。</translation>
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <comment>give_workspace_name</comment>
        <translation>请为工作区命名。</translation>
    </message>
    <message>
        <source>%1: the hash chain is broken (forged or reordered)</source>
        <comment>hash_chain_broken_forged_reordered</comment>
        <translation>%1：哈希链已断开（伪造或顺序被打乱）</translation>
    </message>
    <message>
        <source>%1: the hash chain has a hole (expected revision %2)</source>
        <comment>hash_chain_hole_expected_revision</comment>
        <translation>%1：哈希链有缺口（应为修订 %2）</translation>
    </message>
    <message>
        <source>it holds no members</source>
        <comment>holds_no_members</comment>
        <translation>它不包含任何成员</translation>
    </message>
    <message>
        <source>The identity file&apos;s device or workspace id is malformed.</source>
        <comment>identity_file_device_workspace_id</comment>
        <translation>身份文件中的设备或工作区 ID 格式错误。</translation>
    </message>
    <message>
        <source>The identity file&apos;s fingerprint does not match its keys.</source>
        <comment>identity_file_fingerprint_does_not</comment>
        <translation>身份文件的指纹与其密钥不符。</translation>
    </message>
    <message>
        <source>The identity file&apos;s &apos;%1&apos; is malformed.</source>
        <comment>identity_file_malformed</comment>
        <translation>身份文件的“%1”格式错误。</translation>
    </message>
    <message>
        <source>The identity file names an unknown role &apos;%1&apos;.</source>
        <comment>identity_file_names_unknown_role</comment>
        <translation>身份文件指明了未知角色“%1”。</translation>
    </message>
    <message>
        <source>The identity file has no valid &apos;%1&apos;.</source>
        <comment>identity_file_no_valid</comment>
        <translation>身份文件没有有效的“%1”。</translation>
    </message>
    <message>
        <source>The identity file&apos;s organisation id is malformed.</source>
        <comment>identity_file_organisation_id_malformed</comment>
        <translation>身份文件的组织 ID 格式错误。</translation>
    </message>
    <message>
        <source>The identity file&apos;s signature is not valid: it was altered.</source>
        <comment>identity_file_signature_not_valid</comment>
        <translation>身份文件的签名无效：它已被篡改。</translation>
    </message>
    <message>
        <source>That identity file is this workspace&apos;s own.</source>
        <comment>identity_file_workspace_own</comment>
        <translation>该身份文件属于此工作区本身。</translation>
    </message>
    <message>
        <source>That identity file is this workspace&apos;s own; it is trusted already.</source>
        <comment>identity_file_workspace_own_trusted</comment>
        <translation>该身份文件属于此工作区本身；它已被信任。</translation>
    </message>
    <message>
        <source>%1 changed while it was being imported; nothing was imported. Import it again when nothing is writing to it.</source>
        <comment>import_file_changed</comment>
        <translation>%1 在导入过程中被更改，未导入任何内容。请在没有程序写入该文件时重新导入。</translation>
    </message>
    <message>
        <source>%1 has invalid values</source>
        <comment>import_invalid_values</comment>
        <translation>%1 含有无效的值</translation>
    </message>
    <message>
        <source>%1: %2[%3] must be an object.</source>
        <comment>import_item_not_object</comment>
        <translation>%1：%2[%3] 必须是对象。</translation>
    </message>
    <message>
        <source>%1: the file must hold one JSON object.</source>
        <comment>import_not_object</comment>
        <translation>%1：文件必须只包含一个 JSON 对象。</translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; must be a list of records.</source>
        <comment>import_section_not_list</comment>
        <translation>%1：“%2”必须是记录列表。</translation>
    </message>
    <message>
        <source>%1 is %2 MB; import files are limited to %3 MB.</source>
        <comment>import_too_large</comment>
        <translation>%1 有 %2 MB；导入文件不得超过 %3 MB。</translation>
    </message>
    <message>
        <source>%1: unknown section(s) %2; known: %3.</source>
        <comment>import_unknown_sections</comment>
        <translation>%1：未知的部分 %2；已知的部分：%3。</translation>
    </message>
    <message>
        <source>%1: &quot;format&quot; must be &quot;%2&quot; (see docs/import-format.md).</source>
        <comment>import_wrong_format</comment>
        <translation>%1：“format”必须是“%2”（见 docs/import-format.md）。</translation>
    </message>
    <message>
        <source>%1: import format version %2 is not supported; this version of ACES Desktop reads version %3.</source>
        <comment>import_wrong_version</comment>
        <translation>%1：不支持导入格式版本 %2；本版 ACES Desktop 读取版本 %3。</translation>
    </message>
    <message>
        <source>Invalid data</source>
        <comment>invalid_data</comment>
        <translation>数据无效</translation>
    </message>
    <message>
        <source>contains the invisible character %1 (%2), which can change how the text reads; remove it</source>
        <comment>invisible_character</comment>
        <translation>包含不可见字符 %1（%2），它可能改变文本的读法；请删除</translation>
    </message>
    <message>
        <source>This invitation was already used on %1 (by &apos;%2&apos;); an invitation makes one coordinator. Ask for a new one.</source>
        <comment>invitation_already_used</comment>
        <translation>此邀请已于 %1 被使用（由“%2”）；一份邀请只能产生一位协调员。请索取新的邀请。</translation>
    </message>
    <message>
        <source>This invitation expired on %1; ask the coordinator for a new one.</source>
        <comment>invitation_expired</comment>
        <translation>此邀请已于 %1 过期；请向协调员索取新的邀请。</translation>
    </message>
    <message>
        <source>Give the invitation&apos;s one-time code with --code or in ACES_INVITE_CODE.</source>
        <comment>invitation_needs_code</comment>
        <translation>请用 --code 或 ACES_INVITE_CODE 提供邀请的一次性代码。</translation>
    </message>
    <message>
        <source>Only a coordinator can invite another coordinator.</source>
        <comment>invitation_only_coordinator</comment>
        <translation>只有协调员才能邀请另一位协调员。</translation>
    </message>
    <message>
        <source>This file is not an ACES invitation, or it is damaged: %1</source>
        <comment>invitation_unreadable</comment>
        <translation>此文件不是 ACES 邀请，或已损坏：%1</translation>
    </message>
    <message>
        <source>The code does not open this invitation: it was mistyped, or the invitation was altered. Ask the inviting coordinator to read the code again.</source>
        <comment>invitation_wrong_code</comment>
        <translation>此代码无法打开该邀请：可能输入有误，或邀请已被改动。请邀请方协调员重新读出代码。</translation>
    </message>
    <message>
        <source>is empty</source>
        <comment>is_empty</comment>
        <translation>为空</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2.</source>
        <comment>json_invalid</comment>
        <translation>%1 不是有效的 JSON：%2。</translation>
    </message>
    <message>
        <source>%1 is not valid JSON: %2 at line %3, column %4.</source>
        <comment>json_invalid_at</comment>
        <translation>%1 不是有效的 JSON：%2，位于第 %3 行第 %4 列。</translation>
    </message>
    <message>
        <source>%1: the key &quot;%2&quot; appears twice in one object (again at %3); each key may appear only once.</source>
        <comment>json_key_twice</comment>
        <translation>%1：键“%2”在同一个对象中出现了两次（再次出现于 %3）；每个键只能出现一次。</translation>
    </message>
    <message>
        <source>%1: a number of %2 characters at %3; numbers are limited to %4 characters.</source>
        <comment>json_long_number</comment>
        <translation>%1：%3 处有一个 %2 个字符的数字；数字不得超过 %4 个字符。</translation>
    </message>
    <message>
        <source>a JSON object repeats the key &apos;%1&apos;</source>
        <comment>json_object_repeats_key</comment>
        <translation>某个 JSON 对象重复了键“%1”</translation>
    </message>
    <message>
        <source>%1: JSON nested more than %2 levels deep at %3.</source>
        <comment>json_too_deep</comment>
        <translation>%1：JSON 在 %3 处嵌套超过 %2 层。</translation>
    </message>
    <message>
        <source>a JSON value is not a finite number (%1)</source>
        <comment>json_value_not_finite_number</comment>
        <translation>某个 JSON 值不是有限数（%1）</translation>
    </message>
    <message>
        <source>The workspace database does not open with this key: the key file does not belong to it, or the database is damaged.</source>
        <comment>key_does_not_fit</comment>
        <translation>无法用此密钥打开工作区数据库：密钥文件不属于该数据库，或数据库已损坏。</translation>
    </message>
    <message>
        <source>The kind must be one of %1, not &apos;%2&apos;.</source>
        <comment>kind_must_one_not</comment>
        <translation>类型必须是 %1 之一，而不是“%2”。</translation>
    </message>
    <message>
        <source>%1 is larger than the bundle size limit (%2 MB).</source>
        <comment>larger_bundle_size_limit_mb</comment>
        <translation>%1 超过同步包大小限制（%2 MB）。</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB.</source>
        <comment>larger_mb</comment>
        <translation>%1 超过 %2 MB。</translation>
    </message>
    <message>
        <source>%1 is larger than %2 MB; attach a smaller file.</source>
        <comment>larger_mb_attach_smaller_file</comment>
        <translation>%1 超过 %2 MB；请附加较小的文件。</translation>
    </message>
    <message>
        <source>a level from 0 to 4 is required for this criterion</source>
        <comment>level_required</comment>
        <translation>此标准需要 0 到 4 之间的等级</translation>
    </message>
    <message>
        <source>%1 has levels %2, not %3</source>
        <comment>levels_not</comment>
        <translation>%1 的等级为 %2，而不是 %3</translation>
    </message>
    <message>
        <source>%1: the line is longer than %2 bytes</source>
        <comment>line_longer_bytes</comment>
        <translation>%1：该行超过 %2 字节</translation>
    </message>
    <message>
        <source>%1 is a folder, not a logo file.</source>
        <comment>logo_is_folder</comment>
        <translation>%1 是文件夹，不是标志文件。</translation>
    </message>
    <message>
        <source>There is no logo file %1.</source>
        <comment>logo_missing</comment>
        <translation>标志文件 %1 不存在。</translation>
    </message>
    <message>
        <source>The logo %1 must be a PNG or JPEG picture.</source>
        <comment>logo_not_png_jpeg</comment>
        <translation>标志 %1 必须是 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
        <source>The logo %1 is %2 KB; at most %3 KB.</source>
        <comment>logo_too_big</comment>
        <translation>标志 %1 大小为 %2 KB；最多 %3 KB。</translation>
    </message>
    <message>
        <source>The logo %1 is too large (%2×%3 pixels).</source>
        <comment>logo_too_many_pixels</comment>
        <translation>标志 %1 太大（%2×%3 像素）。</translation>
    </message>
    <message>
        <source>The logo %1 is not a readable PNG or JPEG picture.</source>
        <comment>logo_unreadable</comment>
        <translation>标志 %1 不是可读取的 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
        <source>%1 looks like a %2 picture but cannot be read (is it damaged or cut short?), so its location and camera data cannot be removed. It was not attached; attach it keeping its metadata only on purpose.</source>
        <comment>looks_like_picture_but_cannot</comment>
        <translation>%1 看起来是 %2 图片，但无法读取（是否已损坏或不完整？），因此无法删除其位置和相机数据。未附加该文件；只有在有意保留元数据时才附加它。</translation>
    </message>
    <message>
        <source>the manifest&apos;s acknowledgements are malformed</source>
        <comment>manifest_acknowledgements_malformed</comment>
        <translation>清单的确认信息格式错误</translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;bundle_id&apos; is not a valid id</source>
        <comment>manifest_bundle_id_not_valid</comment>
        <translation>清单的“bundle_id”不是有效 ID</translation>
    </message>
    <message>
        <source>the manifest&apos;s chain head has no valid &apos;legacy&apos;</source>
        <comment>manifest_chain_head_no_valid</comment>
        <translation>清单的链头没有有效的“legacy”</translation>
    </message>
    <message>
        <source>the manifest&apos;s counts are malformed</source>
        <comment>manifest_counts_malformed</comment>
        <translation>清单的计数格式错误</translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;created_at&apos;: %1</source>
        <comment>manifest_created_at</comment>
        <translation>清单的“created_at”：%1</translation>
    </message>
    <message>
        <source>the manifest does not describe an ACES bundle</source>
        <comment>manifest_does_not_describe_aces</comment>
        <translation>清单描述的不是 ACES 同步包</translation>
    </message>
    <message>
        <source>the manifest does not name its sender device</source>
        <comment>manifest_does_not_name_sender</comment>
        <translation>清单没有指明其发送设备</translation>
    </message>
    <message>
        <source>the manifest&apos;s identity of device %1 is malformed</source>
        <comment>manifest_identity_device_malformed</comment>
        <translation>清单中设备 %1 的身份格式错误</translation>
    </message>
    <message>
        <source>the manifest is larger than its limit</source>
        <comment>manifest_larger_limit</comment>
        <translation>清单超过其大小限制</translation>
    </message>
    <message>
        <source>the manifest lists device %1 twice</source>
        <comment>manifest_lists_device_twice</comment>
        <translation>清单两次列出设备 %1</translation>
    </message>
    <message>
        <source>the manifest lists member &apos;%1&apos; twice</source>
        <comment>manifest_lists_member_twice</comment>
        <translation>清单两次列出成员“%1”</translation>
    </message>
    <message>
        <source>the manifest lists two chain heads for device %1</source>
        <comment>manifest_lists_two_chain_heads</comment>
        <translation>清单为设备 %1 列出了两个链头</translation>
    </message>
    <message>
        <source>the manifest&apos;s member list is malformed</source>
        <comment>manifest_member_list_malformed</comment>
        <translation>清单的成员列表格式错误</translation>
    </message>
    <message>
        <source>the manifest names bundle format version %1; this version of ACES Desktop reads version %2</source>
        <comment>manifest_names_bundle_format_version</comment>
        <translation>清单指明同步包格式版本 %1；此版本的 ACES Desktop 读取版本 %2</translation>
    </message>
    <message>
        <source>the manifest has no member list</source>
        <comment>manifest_no_member_list</comment>
        <translation>清单没有成员列表</translation>
    </message>
    <message>
        <source>the manifest has no revision ranges</source>
        <comment>manifest_no_revision_ranges</comment>
        <translation>清单没有修订范围</translation>
    </message>
    <message>
        <source>the manifest&apos;s %1 has no valid &apos;%2&apos;</source>
        <comment>manifest_no_valid</comment>
        <translation>清单的 %1 没有有效的“%2”</translation>
    </message>
    <message>
        <source>the manifest has no valid &apos;full&apos;</source>
        <comment>manifest_no_valid_full</comment>
        <translation>清单没有有效的“full”</translation>
    </message>
    <message>
        <source>the manifest is not a JSON object</source>
        <comment>manifest_not_json_object</comment>
        <translation>清单不是 JSON 对象</translation>
    </message>
    <message>
        <source>the manifest&apos;s &apos;%1&apos; is not a list of objects</source>
        <comment>manifest_not_list_objects</comment>
        <translation>清单的“%1”不是对象列表</translation>
    </message>
    <message>
        <source>the manifest is out of order</source>
        <comment>manifest_out_order</comment>
        <translation>清单的顺序不对</translation>
    </message>
    <message>
        <source>the manifest&apos;s recipients are malformed</source>
        <comment>manifest_recipients_malformed</comment>
        <translation>清单的接收方格式错误</translation>
    </message>
    <message>
        <source>the manifest&apos;s revision ranges are malformed</source>
        <comment>manifest_revision_ranges_malformed</comment>
        <translation>清单的修订范围格式错误</translation>
    </message>
    <message>
        <source>the manifest&apos;s sender is malformed or names another role</source>
        <comment>manifest_sender_malformed_names_another</comment>
        <translation>清单的发送方格式错误或指明了另一角色</translation>
    </message>
    <message>
        <source>the manifest&apos;s %1 has wrong fields</source>
        <comment>manifest_wrong_fields</comment>
        <translation>清单的 %1 字段不正确</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has an absolute path</source>
        <comment>member_absolute_path</comment>
        <translation>成员“%1”使用了绝对路径</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; does not match its SHA-256 in the manifest</source>
        <comment>member_altered</comment>
        <translation>成员“%1”与清单中的 SHA-256 不符</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; appears twice</source>
        <comment>member_appears_twice</comment>
        <translation>成员“%1”出现了两次</translation>
    </message>
    <message>
        <source>member &apos;attachments/%1&apos; belongs to no attachment record</source>
        <comment>member_attachments_belongs_no_attachment</comment>
        <translation>成员“attachments/%1”不属于任何附件记录</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has data after its gzip stream</source>
        <comment>member_data_after_gzip_stream</comment>
        <translation>成员“%1”在其 gzip 流之后还有数据</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; does not end with a newline</source>
        <comment>member_does_not_end_newline</comment>
        <translation>成员“%1”没有以换行符结尾</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a folder; folders are not allowed</source>
        <comment>member_folder_folders_not_allowed</comment>
        <translation>成员“%1”是文件夹；不允许文件夹</translation>
    </message>
    <message>
        <source>a member header is damaged (%1)</source>
        <comment>member_header_damaged</comment>
        <translation>某个成员头已损坏（%1）</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is larger than %2 bytes</source>
        <comment>member_larger_bytes</comment>
        <translation>成员“%1”超过 %2 字节</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is larger than its limit of %2 bytes</source>
        <comment>member_larger_limit_bytes</comment>
        <translation>成员“%1”超过其 %2 字节的限制</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has a line longer than the limit</source>
        <comment>member_line_longer_limit</comment>
        <translation>成员“%1”有一行超过长度限制</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a link; links are not allowed</source>
        <comment>member_link_links_not_allowed</comment>
        <translation>成员“%1”是链接；不允许链接</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; listed in the manifest is missing</source>
        <comment>member_missing</comment>
        <translation>清单中列出的成员“%1”缺失</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has a negative size</source>
        <comment>member_negative_size</comment>
        <translation>成员“%1”的大小为负数</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not listed in the signed manifest</source>
        <comment>member_not_listed</comment>
        <translation>成员“%1”未列在已签名的清单中</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not part of the bundle format</source>
        <comment>member_not_part_bundle_format</comment>
        <translation>成员“%1”不属于同步包格式</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is not valid gzip (%2)</source>
        <comment>member_not_valid_gzip</comment>
        <translation>成员“%1”不是有效的 gzip（%2）</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is out of order</source>
        <comment>member_out_order</comment>
        <translation>成员“%1”顺序不对</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is out of sequence</source>
        <comment>member_out_sequence</comment>
        <translation>成员“%1”不在序列中</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; tries to leave the bundle (path traversal &apos;..&apos;)</source>
        <comment>member_tries_leave_bundle_path</comment>
        <translation>成员“%1”试图离开同步包（路径穿越“..”）</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; is a truncated gzip stream</source>
        <comment>member_truncated_gzip_stream</comment>
        <translation>成员“%1”是被截断的 gzip 流</translation>
    </message>
    <message>
        <source>member &apos;%1&apos; has an unsupported type (%2); only plain files are allowed</source>
        <comment>member_unsupported_type_only_plain</comment>
        <translation>成员“%1”的类型不受支持（%2）；只允许普通文件</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>message</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Metadata cannot be removed from %1 images.</source>
        <comment>metadata_cannot_removed_images</comment>
        <translation>无法从 %1 图片中删除元数据。</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <comment>minutes</comment>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>... and %1 more problem(s)</source>
        <comment>more_problems</comment>
        <translation>……另有 %1 个问题</translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <comment>must_be_bool</comment>
        <translation>必须是真或假，实际为 %1</translation>
    </message>
    <message>
        <source>must be a date (YYYY-MM-DD), got %1</source>
        <comment>must_be_date</comment>
        <translation>必须是日期（YYYY-MM-DD），实际为 %1</translation>
    </message>
    <message>
        <source>must be a finite number</source>
        <comment>must_be_finite</comment>
        <translation>必须是有限的数字</translation>
    </message>
    <message>
        <source>must be a list, got %1</source>
        <comment>must_be_list</comment>
        <translation>必须是列表，实际为 %1</translation>
    </message>
    <message>
        <source>must be a list of names, got %1</source>
        <comment>must_be_names</comment>
        <translation>必须是名称列表，实际为 %1</translation>
    </message>
    <message>
        <source>must be a number, got %1</source>
        <comment>must_be_number</comment>
        <translation>必须是数字，实际为 %1</translation>
    </message>
    <message>
        <source>must be an object</source>
        <comment>must_be_object</comment>
        <translation>必须是对象</translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <comment>must_be_object_got</comment>
        <translation>必须是对象，实际为 %1</translation>
    </message>
    <message>
        <source>must be text, got %1</source>
        <comment>must_be_text</comment>
        <translation>必须是文本，实际为 %1</translation>
    </message>
    <message>
        <source>must be a whole number, got %1</source>
        <comment>must_be_whole_number</comment>
        <translation>必须是整数，实际为 %1</translation>
    </message>
    <message>
        <source>must be a record id (UUID) when given</source>
        <comment>must_record_id_uuid_when</comment>
        <translation>如果给出，必须是记录 ID（UUID）</translation>
    </message>
    <message>
        <source>must be a short non-empty text</source>
        <comment>must_short_non_empty_text</comment>
        <translation>必须是简短的非空文本</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; must be a whole number</source>
        <comment>must_whole_number</comment>
        <translation>%1：“%2”必须是整数</translation>
    </message>
    <message>
        <source>The %1 name is %2 characters long; certificates allow %3.</source>
        <comment>name_characters_long_certificates_allow</comment>
        <translation>%1名称长 %2 个字符；证书最多允许 %3 个。</translation>
    </message>
    <message>
        <source>certificate authority</source>
        <comment>name_of_ca</comment>
        <translation>证书颁发机构</translation>
    </message>
    <message>
        <source>organisation</source>
        <comment>name_of_organisation</comment>
        <translation>组织</translation>
    </message>
    <message>
        <source>signer</source>
        <comment>name_of_signer</comment>
        <translation>签名人</translation>
    </message>
    <message>
        <source>name %1: %2</source>
        <comment>name_problem</comment>
        <translation>名称 %1：%2</translation>
    </message>
    <message>
        <source>each name must be {&quot;text&quot;: ..., &quot;lang&quot;: ...}</source>
        <comment>name_shape</comment>
        <translation>每个名称必须为 {&quot;text&quot;: ..., &quot;lang&quot;: ...}</translation>
    </message>
    <message>
        <source>it names device %1 (&apos;%2&apos;) with a key other than the one this workspace knows</source>
        <comment>names_device_key_other_one</comment>
        <translation>它以不同于此工作区所知的密钥指明设备 %1（“%2”）</translation>
    </message>
    <message>
        <source>%1 is nested too deeply</source>
        <comment>nested_too_deeply</comment>
        <translation>%1 嵌套过深</translation>
    </message>
    <message>
        <source>The new passphrase is empty.</source>
        <comment>new_passphrase_empty</comment>
        <translation>新口令为空。</translation>
    </message>
    <message>
        <source>The new passphrase is the same as the old one.</source>
        <comment>new_passphrase_same_old_one</comment>
        <translation>新口令与旧口令相同。</translation>
    </message>
    <message>
        <source>No signing certificate for &apos;%1&apos; in this workspace (issued to: %2); issue one for this person first.</source>
        <comment>no_signing_certificate_workspace_issued</comment>
        <translation>此工作区中没有“%1”的签名证书（已签发给：%2）；请先为此人签发一个。</translation>
    </message>
    <message>
        <source>it comes from a device this workspace does not trust (%1); add its identity file to the trusted devices first, after comparing fingerprints</source>
        <comment>bundle_from_untrusted</comment>
        <translation>它来自本工作区不信任的设备（%1）；请先核对指纹，再将其身份文件添加到受信任设备</translation>
    </message>
    <message>
        <source>%1 devices are named &apos;%2&apos;; give the device id instead.</source>
        <comment>devices_named_give_device_id</comment>
        <translation>有 %1 台设备名为“%2”；请改为提供设备编号。</translation>
    </message>
    <message>
        <source>no audits in regions without credible assurance</source>
        <comment>gate_assurance_ok</comment>
        <translation>没有在无法提供可信保证的地区进行的审核</translation>
    </message>
    <message>
        <source>%1 active membership(s) earn credit in %2 in proportion to the initiative&apos;s Accountable score</source>
        <comment>gate_membership_credit</comment>
        <translation>%1 个有效成员资格按倡议的问责得分比例在 %2 中获得加分</translation>
    </message>
    <message>
        <source>%1 audit(s) in the Uyghur Region earn no credit for %2</source>
        <comment>gate_no_assurance</comment>
        <translation>%1 项在维吾尔地区进行的审核在 %2 中不获得加分</translation>
    </message>
    <message>
        <source>tagged %1: no outreach request answered within %2 days</source>
        <comment>gate_non_responsive</comment>
        <translation>标记为%1：没有任何联络请求在 %2 天内得到答复</translation>
    </message>
    <message>
        <source>%1 of %2 due requests answered within %3 days</source>
        <comment>gate_responses</comment>
        <translation>%2 项到期请求中有 %1 项在 %3 天内得到答复</translation>
    </message>
    <message>
        <source>statement meets the legal minimum (published, board-approved, signed); no points by itself</source>
        <comment>gate_statement_met</comment>
        <translation>声明符合法定最低要求（已发布、经董事会批准、已签署）；本身不计分</translation>
    </message>
    <message>
        <source>no current statement meeting the legal minimum: score capped at %1</source>
        <comment>gate_statement_missing</comment>
        <translation>没有符合法定最低要求的现行声明：得分上限为 %1</translation>
    </message>
    <message>
        <source>The name typed does not match this workspace&apos;s name; nothing was wiped. Type the name exactly as it is written.</source>
        <comment>name_typed_does_not_match</comment>
        <translation>输入的名称与本工作区的名称不符；未清除任何内容。请按原样准确输入名称。</translation>
    </message>
    <message>
        <source>No device &apos;%1&apos; is known to this workspace.</source>
        <comment>no_device_known_workspace_aces</comment>
        <translation>本工作区不认识设备“%1”。</translation>
    </message>
    <message>
        <source>There is no file %1.</source>
        <comment>no_file</comment>
        <translation>文件 %1 不存在。</translation>
    </message>
    <message>
        <source>no initiative or company with id %1</source>
        <comment>no_initiative_company_id</comment>
        <translation>没有 ID 为 %1 的倡议或公司</translation>
    </message>
    <message>
        <source>No record with id %1 in this workspace.</source>
        <comment>no_record</comment>
        <translation>此工作区中没有 ID 为 %1 的记录。</translation>
    </message>
    <message>
        <source>No record with id %1 to delete.</source>
        <comment>no_record_to_delete</comment>
        <translation>没有可删除的 ID 为 %1 的记录。</translation>
    </message>
    <message>
        <source>No trust anchor: give a CA certificate with --trust.</source>
        <comment>no_trust_anchor_give_ca</comment>
        <translation>没有信任锚：请用 --trust 给出 CA 证书。</translation>
    </message>
    <message>
        <source>No trusted device named %1.</source>
        <comment>no_trusted_device_named</comment>
        <translation>没有名为 %1 的受信任设备。</translation>
    </message>
    <message>
        <source>There is no workspace at %1.</source>
        <comment>no_workspace</comment>
        <translation>%1 处没有工作区。</translation>
    </message>
    <message>
        <source>must be a two-letter ISO 3166 country code, e.g. CN</source>
        <comment>not_a_country</comment>
        <translation>必须是两个字母的 ISO 3166 国家代码，例如 CN</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a date in the form YYYY-MM-DD</source>
        <comment>not_a_date</comment>
        <translation>“%1”不是 YYYY-MM-DD 格式的日期</translation>
    </message>
    <message>
        <source>is not a field of this record</source>
        <comment>not_a_field</comment>
        <translation>不是此记录的字段</translation>
    </message>
    <message>
        <source>name %1: &apos;%2&apos; is not a language tag</source>
        <comment>not_a_language</comment>
        <translation>名称 %1：“%2”不是语言标记</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a real UTC time (from %2 on)</source>
        <comment>not_a_real_time</comment>
        <translation>“%1”不是有效的 UTC 时间（须在 %2 年及以后）</translation>
    </message>
    <message>
        <source>%1: &apos;time&apos; is not a real UTC timestamp (%2)</source>
        <comment>not_a_real_timestamp</comment>
        <translation>%1：“time”不是有效的 UTC 时间戳（%2）</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a record id</source>
        <comment>not_a_record_id</comment>
        <translation>“%1”不是记录 ID</translation>
    </message>
    <message>
        <source>must be a web address starting with http:// or https://</source>
        <comment>not_a_url</comment>
        <translation>必须是以 http:// 或 https:// 开头的网址</translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace (expected %2 and %3 in it).</source>
        <comment>not_a_workspace</comment>
        <translation>%1 不是 ACES 工作区（其中应有 %2 和 %3）。</translation>
    </message>
    <message>
        <source>%1 is not an ACES identity file.</source>
        <comment>not_aces_identity_file</comment>
        <translation>%1 不是 ACES 身份文件。</translation>
    </message>
    <message>
        <source>%1 is not an ACES identity file (not UTF-8 text).</source>
        <comment>not_aces_identity_file_not</comment>
        <translation>%1 不是 ACES 身份文件（不是 UTF-8 文本）。</translation>
    </message>
    <message>
        <source>%1 is not an ACES recovery file.</source>
        <comment>not_aces_recovery_file</comment>
        <translation>%1 不是 ACES 恢复文件。</translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace database (it has no schema version).</source>
        <comment>not_aces_workspace_database_no</comment>
        <translation>%1 不是 ACES 工作区数据库（它没有架构版本）。</translation>
    </message>
    <message>
        <source>%1 is not an ACES workspace; nothing was wiped.</source>
        <comment>not_aces_workspace_nothing_wiped</comment>
        <translation>%1 不是 ACES 工作区；未擦除任何内容。</translation>
    </message>
    <message>
        <source>%1 is not a certificate (expected a PEM or DER X.509 certificate).</source>
        <comment>not_certificate_expected_pem_der</comment>
        <translation>%1 不是证书（应为 PEM 或 DER 格式的 X.509 证书）。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number</source>
        <comment>not_number</comment>
        <translation>“%1”不是数字</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not one of: %2</source>
        <comment>not_one_of</comment>
        <translation>“%1”不在以下选项中：%2</translation>
    </message>
    <message>
        <source>not an Open Supply Hub id (two letters, seven digits, six letters or digits, e.g. CN2019303BQ3FZP)</source>
        <comment>not_os_hub_id</comment>
        <translation>不是 Open Supply Hub ID（两个字母、七位数字、六个字母或数字，例如 CN2019303BQ3FZP）</translation>
    </message>
    <message>
        <source>%1 is not a PDF file.</source>
        <comment>not_pdf_file</comment>
        <translation>%1 不是 PDF 文件。</translation>
    </message>
    <message>
        <source>%1 It is not a readable ACES recovery file.</source>
        <comment>not_readable_aces_recovery_file</comment>
        <translation>%1 它不是可读的 ACES 恢复文件。</translation>
    </message>
    <message>
        <source>%1 is not a readable ACES recovery file (%2).</source>
        <comment>not_readable_aces_recovery_file_2</comment>
        <translation>%1 不是可读的 ACES 恢复文件（%2）。</translation>
    </message>
    <message>
        <source>must be 64 lowercase hexadecimal digits</source>
        <comment>not_sha256</comment>
        <translation>必须是 64 位小写十六进制数字</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a SHA-256 hash</source>
        <comment>not_sha_hash</comment>
        <translation>%1：“%2”不是 SHA-256 哈希</translation>
    </message>
    <message>
        <source>%1 is not signed: it has no digital signature.</source>
        <comment>not_signed_no_digital_signature</comment>
        <translation>%1 未签名：它没有数字签名。</translation>
    </message>
    <message>
        <source>%1 is not a sync bundle (it is not an age-encrypted file).</source>
        <comment>not_sync_bundle_not_age</comment>
        <translation>%1 不是同步包（它不是 age 加密文件）。</translation>
    </message>
    <message>
        <source>%1: it carries revisions written by another device than its sender &apos;%2&apos; (a field device sends only its own)</source>
        <comment>not_the_senders_own</comment>
        <translation>%1：它携带的修订由发送方“%2”以外的设备写入（外勤设备只发送自己的修订）</translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8 text: byte %2 (line %3) cannot be decoded. Save the file as UTF-8 and try again.</source>
        <comment>not_utf8</comment>
        <translation>%1 不是有效的 UTF-8 文本：第 %2 字节（第 %3 行）无法解码。请将文件另存为 UTF-8 后重试。</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a valid id</source>
        <comment>not_valid_id</comment>
        <translation>%1：“%2”不是有效 ID</translation>
    </message>
    <message>
        <source>%1 is not valid JSON (%2)</source>
        <comment>not_valid_json</comment>
        <translation>%1 不是有效的 JSON（%2）</translation>
    </message>
    <message>
        <source>%1 is not valid UTF-8 text (byte %2)</source>
        <comment>not_valid_utf_text_byte</comment>
        <translation>%1 不是有效的 UTF-8 文本（第 %2 字节）</translation>
    </message>
    <message>
        <source>Nothing was imported; the file has problems</source>
        <comment>nothing_imported</comment>
        <translation>未导入任何内容；文件有问题</translation>
    </message>
    <message>
        <source>the number of %1 (%2) does not match the signed manifest (%3)</source>
        <comment>number_does_not_match_signed</comment>
        <translation>%1 的数量（%2）与已签名的清单不符（%3）</translation>
    </message>
    <message>
        <source>1 second</source>
        <comment>one_second</comment>
        <translation>1 秒</translation>
    </message>
    <message>
        <source>Only a coordinator can revoke a device; ask your coordinator to revoke it.</source>
        <comment>only_coordinator_can_revoke_device</comment>
        <translation>只有协调员可以吊销设备；请让您的协调员吊销它。</translation>
    </message>
    <message>
        <source>Only a coordinator workspace holds the organisation certificate authority; this is a field workspace.</source>
        <comment>only_coordinator_workspace_holds_organisation</comment>
        <translation>只有协调员工作区才持有组织证书颁发机构；这是外勤工作区。</translation>
    </message>
    <message>
        <source>starts with &apos;%1&apos; but the site&apos;s country is &apos;%2&apos;</source>
        <comment>os_hub_country</comment>
        <translation>以“%1”开头，但场所所在国家是“%2”</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is out of range (%3)</source>
        <comment>out_range</comment>
        <translation>%1：“%2”超出范围（%3）</translation>
    </message>
    <message>
        <source>%1: it names a parent revision that does not exist (%2…)</source>
        <comment>parent_missing</comment>
        <translation>%1：它指定的父修订不存在（%2…）</translation>
    </message>
    <message>
        <source>%1: a parent is not a SHA-256 hash</source>
        <comment>parent_not_sha_hash</comment>
        <translation>%1：某个父修订不是 SHA-256 哈希</translation>
    </message>
    <message>
        <source>%1: it names as parent a revision of another record</source>
        <comment>parent_of_other_record</comment>
        <translation>%1：它指定的父修订属于另一条记录</translation>
    </message>
    <message>
        <source>%1: &apos;parents&apos; must be a list of at most %2 hashes</source>
        <comment>parents_must_list_most_hashes</comment>
        <translation>%1：“parents”必须是最多 %2 个哈希的列表</translation>
    </message>
    <message>
        <source>%1: &apos;parents&apos; are not sorted and distinct</source>
        <comment>parents_not_sorted_distinct</comment>
        <translation>%1：“parents”未排序或有重复</translation>
    </message>
    <message>
        <source>A passphrase change of this workspace is running (process %1); wait until it has finished, then try again.</source>
        <comment>passphrase_change_workspace_running_process</comment>
        <translation>此工作区正在更改口令（进程 %1）；请等待其完成后重试。</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <comment>passphrase_needs_least_characters</comment>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>A passphrase is required.</source>
        <comment>passphrase_required</comment>
        <translation>需要口令。</translation>
    </message>
    <message>
        <source>The passphrase is too easy to guess: make it longer, or use four or more unrelated words.</source>
        <comment>passphrase_too_easy_guess_make</comment>
        <translation>口令太容易被猜到：请加长口令，或使用四个或更多互不相关的词。</translation>
    </message>
    <message>
        <source>The PDF to sign could not be read (%1).</source>
        <comment>pdf_sign_could_not_read</comment>
        <translation>无法读取要签名的 PDF（%1）。</translation>
    </message>
    <message>
        <source>%1: &apos;person_id&apos; is not a valid id</source>
        <comment>person_id_not_valid_id</comment>
        <translation>%1：“person_id”不是有效 ID</translation>
    </message>
    <message>
        <source>The picture cannot be read to remove its metadata (%1).</source>
        <comment>picture_cannot_read_remove_metadata</comment>
        <translation>无法读取图片以删除其元数据（%1）。</translation>
    </message>
    <message>
        <source>The picture is too large to process.</source>
        <comment>picture_too_large_process</comment>
        <translation>图片太大，无法处理。</translation>
    </message>
    <message>
        <source>The token &apos;%1&apos; holds no key and certificate labelled &apos;%2&apos; (%3).</source>
        <comment>pkcs11_no_key</comment>
        <translation>令牌“%1”上没有标签为“%2”的密钥和证书（%3）。</translation>
    </message>
    <message>
        <source>There is no PKCS#11 module %1.</source>
        <comment>pkcs11_no_module</comment>
        <translation>PKCS#11 模块 %1 不存在。</translation>
    </message>
    <message>
        <source>The PKCS#11 token &apos;%1&apos; could not be opened with %2 (%3). Check the module, the token label and the PIN.</source>
        <comment>pkcs11_token_not_opened</comment>
        <translation>无法用 %2 打开 PKCS#11 令牌“%1”（%3）。请检查模块、令牌标签和 PIN 码。</translation>
    </message>
    <message>
        <source>There is no PKCS#12 file %1.</source>
        <comment>pkcs12_missing</comment>
        <translation>PKCS#12 文件 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 could not be opened: wrong passphrase, or not a PKCS#12 file with a private key and its certificate.</source>
        <comment>pkcs12_not_opened</comment>
        <translation>无法打开 %1：口令错误，或不是包含私钥及其证书的 PKCS#12 文件。</translation>
    </message>
    <message>
        <source>%1 is too large to be a PKCS#12 file.</source>
        <comment>pkcs12_too_large</comment>
        <translation>%1 太大，不可能是 PKCS#12 文件。</translation>
    </message>
    <message>
        <source>Checking %1 (KiB)</source>
        <comment>progress_checking_file</comment>
        <translation>正在检查 %1（KiB）</translation>
    </message>
    <message>
        <source>Writing demo visits and findings</source>
        <comment>progress_demo</comment>
        <translation>正在写入演示走访与发现</translation>
    </message>
    <message>
        <source>Exporting revisions</source>
        <comment>progress_exporting</comment>
        <translation>正在导出修订</translation>
    </message>
    <message>
        <source>Merging %1 (KiB)</source>
        <comment>progress_merging_file</comment>
        <translation>正在合并 %1（KiB）</translation>
    </message>
    <message>
        <source>Scoring past quarters</source>
        <comment>progress_past_quarters</comment>
        <translation>正在为过去的季度评分</translation>
    </message>
    <message>
        <source>Collecting the register</source>
        <comment>progress_register</comment>
        <translation>正在汇集公开名录</translation>
    </message>
    <message>
        <source>Writing the scorecard</source>
        <comment>progress_scorecard</comment>
        <translation>正在写出评分卡</translation>
    </message>
    <message>
        <source>Writing scorecards</source>
        <comment>progress_scorecards</comment>
        <translation>正在写出评分卡</translation>
    </message>
    <message>
        <source>Scoring</source>
        <comment>progress_scoring</comment>
        <translation>正在评分</translation>
    </message>
    <message>
        <source>Summarising findings</source>
        <comment>progress_summarising</comment>
        <translation>正在汇总发现</translation>
    </message>
    <message>
        <source>%1: a field device marked an assessment ready to publish; only a coordinator may</source>
        <comment>publication_from_field</comment>
        <translation>%1:一台现场设备将评估标记为可发布;只有协调员可以这样做</translation>
    </message>
    <message>
        <source>Only a coordinator can mark an assessment ready to publish; this is a field workspace.</source>
        <comment>publish_coordinator_only</comment>
        <translation>只有协调员可以将评估标记为可发布;这是一个现场工作区。</translation>
    </message>
    <message>
        <source>%1 (%2) rates %3s, but the subject is a %4</source>
        <comment>rates_but_subject</comment>
        <translation>%1（%2）评估的是%3，但对象是%4</translation>
    </message>
    <message>
        <source>The re-encrypted database failed its check; nothing was changed.</source>
        <comment>re_encrypted_database_failed_check</comment>
        <translation>重新加密的数据库未通过检查；未更改任何内容。</translation>
    </message>
    <message>
        <source>The reason is longer than %1 characters.</source>
        <comment>reason_longer_characters</comment>
        <translation>原因超过 %1 个字符。</translation>
    </message>
    <message>
        <source>A recipient key is not a valid age public key (%1).</source>
        <comment>recipient_key_not_valid_age</comment>
        <translation>某个接收方密钥不是有效的 age 公钥（%1）。</translation>
    </message>
    <message>
        <source>%1, field &apos;%2&apos;: %3</source>
        <comment>record_field_problem</comment>
        <translation>%1，字段“%2”：%3</translation>
    </message>
    <message>
        <source>Record %1 has no open conflict.</source>
        <comment>record_no_open_conflict</comment>
        <translation>记录 %1 没有未解决的冲突。</translation>
    </message>
    <message>
        <source>Record %1 is a %2, not a %3.</source>
        <comment>record_not</comment>
        <translation>记录 %1 是%2，不是%3。</translation>
    </message>
    <message>
        <source>Record %1 is a %2, not a visit.</source>
        <comment>record_not_visit</comment>
        <translation>记录 %1 是%2，不是走访。</translation>
    </message>
    <message>
        <source>This recovery file belongs to another workspace.</source>
        <comment>recovery_file_belongs_another_workspace</comment>
        <translation>此恢复文件属于另一个工作区。</translation>
    </message>
    <message>
        <source>The recovery file is damaged (%1).</source>
        <comment>recovery_file_damaged</comment>
        <translation>恢复文件已损坏（%1）。</translation>
    </message>
    <message>
        <source>The recovery file %1 is damaged (no key slots).</source>
        <comment>recovery_file_damaged_no_key</comment>
        <translation>恢复文件 %1 已损坏（没有密钥槽）。</translation>
    </message>
    <message>
        <source>This recovery file does not open the database in %1: it belongs to another workspace, or it was made before a passphrase change gave the database a new key.</source>
        <comment>recovery_file_does_not_open</comment>
        <translation>此恢复文件无法打开 %1 中的数据库：它属于另一个工作区，或者它是在口令更改为数据库换用新密钥之前制作的。</translation>
    </message>
    <message>
        <source>This recovery file was not split into shares; use its passphrase.</source>
        <comment>recovery_file_not_split_into</comment>
        <translation>此恢复文件未拆分为份额；请使用其口令。</translation>
    </message>
    <message>
        <source>This recovery file opens only with its shares.</source>
        <comment>recovery_file_opens_only_shares</comment>
        <translation>此恢复文件只能用其份额打开。</translation>
    </message>
    <message>
        <source>The recovery file has version %1; this application reads version %2. Update the application.</source>
        <comment>recovery_file_version_application_reads</comment>
        <translation>恢复文件的版本为 %1；此应用程序读取版本 %2。请更新应用程序。</translation>
    </message>
    <message>
        <source>refers to a %1, expected %2</source>
        <comment>refers_expected</comment>
        <translation>引用了%1，应为%2</translation>
    </message>
    <message>
        <source>refers to %1, a %2; expected %3</source>
        <comment>refers_expected_2</comment>
        <translation>引用了 %1（%2）；应为%3</translation>
    </message>
    <message>
        <source>refers to a %1; expected %2</source>
        <comment>refers_expected_3</comment>
        <translation>引用了%1；应为%2</translation>
    </message>
    <message>
        <source>refers to %1, which does not exist</source>
        <comment>refers_to_missing</comment>
        <translation>引用的 %1 不存在</translation>
    </message>
    <message>
        <source>%1 refers to %2, which is neither in the bundle nor in this workspace (a dangling reference)</source>
        <comment>refers_which_neither_bundle_nor</comment>
        <translation>%1 引用了 %2，但它既不在同步包中也不在此工作区中（悬空引用）</translation>
    </message>
    <message>
        <source>refers to &apos;%1&apos;, which is neither an id nor a ref in this file</source>
        <comment>refers_which_neither_id_nor</comment>
        <translation>引用了“%1”，但它既不是 ID，也不是此文件中的引用</translation>
    </message>
    <message>
        <source>refers to %1, which is not in this workspace or the file</source>
        <comment>refers_which_not_workspace_file</comment>
        <translation>引用了 %1，但它既不在此工作区中也不在文件中</translation>
    </message>
    <message>
        <source>The register refused an item that carries sensitive fields.</source>
        <comment>register_refused_item_carries_sensitive</comment>
        <translation>登记册拒绝了一个带有敏感字段的条目。</translation>
    </message>
    <message>
        <source>is required</source>
        <comment>required</comment>
        <translation>为必填项</translation>
    </message>
    <message>
        <source>%1: the revision does not link to its predecessor</source>
        <comment>revision_does_not_link_predecessor</comment>
        <translation>%1：该修订没有链接到其前一条修订</translation>
    </message>
    <message>
        <source>%1: the revision header is not an object</source>
        <comment>revision_header_not_object</comment>
        <translation>%1：修订头不是对象</translation>
    </message>
    <message>
        <source>%1: the revision header has wrong fields (unknown %2, missing %3)</source>
        <comment>revision_header_wrong_fields_unknown</comment>
        <translation>%1：修订头的字段不正确（未知 %2，缺少 %3）</translation>
    </message>
    <message>
        <source>%1: a revision line must be an object with &apos;h&apos; and &apos;c&apos;</source>
        <comment>revision_line_must_object_h</comment>
        <translation>%1：修订行必须是含“h”和“c”的对象</translation>
    </message>
    <message>
        <source>the revisions do not match the ranges in the signed manifest</source>
        <comment>revisions_do_not_match_ranges</comment>
        <translation>修订与已签名清单中的范围不符</translation>
    </message>
    <message>
        <source>its revocation of device %1 names another key than the one this workspace knows</source>
        <comment>revocation_device_names_another_key</comment>
        <translation>它对设备 %1 的吊销指明了不同于此工作区所知的密钥</translation>
    </message>
    <message>
        <source>its revocation of device %1 is not signed by a coordinator this workspace knows</source>
        <comment>revocation_device_not_signed_coordinator</comment>
        <translation>它对设备 %1 的吊销没有由此工作区所知的协调员签名</translation>
    </message>
    <message>
        <source>The role must be &apos;field&apos; or &apos;coordinator&apos;, not &apos;%1&apos;.</source>
        <comment>role_must_field_coordinator_not</comment>
        <translation>角色必须是“field”或“coordinator”，而不是“%1”。</translation>
    </message>
    <message>
        <source>This workspace was saved by a newer version of ACES Desktop (database schema &apos;%1&apos;; this version knows up to &apos;%2&apos;). Install the newer version to open it. Nothing was changed.</source>
        <comment>schema_too_new</comment>
        <translation>此工作区由更新版本的 ACES 桌面版保存（数据库架构“%1”；本版本最高支持“%2”）。请安装新版本后再打开。未做任何更改。</translation>
    </message>
    <message>
        <source>Scorecards failed verification: %1</source>
        <comment>scorecards_failed_verification</comment>
        <translation>评分卡未通过验证：%1</translation>
    </message>
    <message>
        <source>This record is sealed: it can no longer be changed. Add an amendment to correct it.</source>
        <comment>sealed_no_change</comment>
        <translation>此记录已封存，无法再更改。请添加修正记录进行更正。</translation>
    </message>
    <message>
        <source>This record is sealed and cannot be deleted; add an amendment instead.</source>
        <comment>sealed_no_delete</comment>
        <translation>此记录已封存，无法删除；请改为添加修正记录。</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <comment>seconds</comment>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 is needed: set $%2 or run the command in a terminal.</source>
        <comment>secret_needed</comment>
        <translation>需要%1：请设置 $%2，或在终端中运行此命令。</translation>
    </message>
    <message>
        <source>The shares belong to another recovery file (they rebuilt a key that does not open this one).</source>
        <comment>shares_belong_another_recovery_file</comment>
        <translation>这些份额属于另一个恢复文件（它们重建的密钥无法打开此文件）。</translation>
    </message>
    <message>
        <source>The shares do not fit together: %1</source>
        <comment>shares_do_not_fit_together</comment>
        <translation>这些份额不能组合在一起：%1</translation>
    </message>
    <message>
        <source>Shares need 2 &lt;= threshold &lt;= number of shares &lt;= 16 (got %1 of %2).</source>
        <comment>shares_need_threshold_number_shares</comment>
        <translation>份额需满足 2 &lt;= 阈值 &lt;= 份额数 &lt;= 16（得到 %2 份中的 %1）。</translation>
    </message>
    <message>
        <source>the signature is out of order</source>
        <comment>signature_out_order</comment>
        <translation>签名的顺序不对</translation>
    </message>
    <message>
        <source>A signing key in this workspace has an unexpected type.</source>
        <comment>signing_key_workspace_unexpected_type</comment>
        <translation>此工作区中的某个签名密钥类型异常。</translation>
    </message>
    <message>
        <source>must be the site of the finding&apos;s visit</source>
        <comment>site_of_visit</comment>
        <translation>必须是该发现所属走访的场所</translation>
    </message>
    <message>
        <source>This %1 is still referred to by %2%3 record(s) (%4); delete or change those first.</source>
        <comment>still_referred_record_delete_change</comment>
        <translation>此%1仍被 %2%3 条记录引用（%4）；请先删除或更改这些记录。</translation>
    </message>
    <message>
        <source>The stored attachment %1… is damaged (%2).</source>
        <comment>stored_attachment_damaged</comment>
        <translation>已存储的附件 %1… 已损坏（%2）。</translation>
    </message>
    <message>
        <source>The stored attachment %1… does not match its record.</source>
        <comment>stored_attachment_does_not_match</comment>
        <translation>已存储的附件 %1… 与其记录不符。</translation>
    </message>
    <message>
        <source>The stored attachment %1… does not match its hash.</source>
        <comment>stored_attachment_does_not_match_2</comment>
        <translation>已存储的附件 %1… 与其哈希不符。</translation>
    </message>
    <message>
        <source>A stored attachment is larger than its record says.</source>
        <comment>stored_attachment_larger_record_says</comment>
        <translation>某个已存储的附件比其记录所述的更大。</translation>
    </message>
    <message>
        <source>A temporary file is written once.</source>
        <comment>temporary_file_written_once</comment>
        <translation>临时文件只写入一次。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; needs the form key = value</source>
        <comment>text_not_key_value</comment>
        <translation>“%1”须为“键 = 值”的形式</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a number; type e.g. 31.25</source>
        <comment>text_not_number</comment>
        <translation>“%1”不是数字；请输入例如 31.25</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a whole number; type digits only, e.g. 1250</source>
        <comment>text_not_whole_number</comment>
        <translation>“%1”不是整数；请只输入数字，例如 1250</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not yes or no</source>
        <comment>text_not_yes_no</comment>
        <translation>“%1”不是“是”或“否”</translation>
    </message>
    <message>
        <source>the coverage</source>
        <comment>the_coverage</comment>
        <translation>覆盖期</translation>
    </message>
    <message>
        <source>the membership</source>
        <comment>the_membership</comment>
        <translation>成员资格期</translation>
    </message>
    <message>
        <source>the period</source>
        <comment>the_period</comment>
        <translation>期间</translation>
    </message>
    <message>
        <source>the request</source>
        <comment>the_request</comment>
        <translation>请求</translation>
    </message>
    <message>
        <source>the visit</source>
        <comment>the_visit</comment>
        <translation>走访</translation>
    </message>
    <message>
        <source>there is extra data after the end of the archive</source>
        <comment>there_extra_data_after_end</comment>
        <translation>归档结束后还有多余数据</translation>
    </message>
    <message>
        <source>There is no duplicate pair %1 in the review queue.</source>
        <comment>there_no_duplicate_pair_review</comment>
        <translation>审核队列中没有重复对 %1。</translation>
    </message>
    <message>
        <source>There is no %1 with id %2 in this workspace.</source>
        <comment>there_no_id_workspace</comment>
        <translation>此工作区中没有 ID 为 %2 的%1。</translation>
    </message>
    <message>
        <source>There is no %1 with id &apos;%2&apos; in this workspace (list them with: aces score --kind %1).</source>
        <comment>there_no_id_workspace_list</comment>
        <translation>此工作区中没有 ID 为“%2”的%1（用 aces score --kind %1 列出）。</translation>
    </message>
    <message>
        <source>There is no recovery file at %1.</source>
        <comment>there_no_recovery_file</comment>
        <translation>%1 处没有恢复文件。</translation>
    </message>
    <message>
        <source>There is no workspace database at %1: the recovery file restores keys, not records. Point --workspace at the folder holding workspace.db.</source>
        <comment>there_no_workspace_database_recovery</comment>
        <translation>%1 处没有工作区数据库：恢复文件恢复的是密钥，而不是记录。请将 --workspace 指向包含 workspace.db 的文件夹。</translation>
    </message>
    <message>
        <source>its time %1 is more than %2 hours ahead of this computer&apos;s clock (is the sending device&apos;s clock wrong?)</source>
        <comment>time_ahead</comment>
        <translation>它的时间 %1 比本计算机的时钟超前 %2 小时以上（发送设备的时钟是否有误？）</translation>
    </message>
    <message>
        <source>%1 is too large to be an identity file.</source>
        <comment>too_large_identity_file</comment>
        <translation>%1 太大，不可能是身份文件。</translation>
    </message>
    <message>
        <source>The %1 %2 is too large to travel in a bundle (%3 bytes; the limit is %4).</source>
        <comment>too_large_travel_bundle_bytes</comment>
        <translation>%1 %2 太大，无法随同步包传输（%3 字节；限制为 %4）。</translation>
    </message>
    <message>
        <source>is %1 characters long; the limit is %2</source>
        <comment>too_long</comment>
        <translation>长度为 %1 个字符；上限为 %2</translation>
    </message>
    <message>
        <source>Too many wrong passphrases. Wait %1 before trying again.</source>
        <comment>too_many_attempts</comment>
        <translation>口令错误次数过多。请等待 %1 后再试。</translation>
    </message>
    <message>
        <source>has %1 entries; the limit is %2</source>
        <comment>too_many_entries</comment>
        <translation>有 %1 项；上限为 %2</translation>
    </message>
    <message>
        <source>has %1 keys; the limit is %2</source>
        <comment>too_many_keys</comment>
        <translation>有 %1 个键；上限为 %2</translation>
    </message>
    <message>
        <source>unknown criterion &apos;%1&apos;</source>
        <comment>unknown_criterion</comment>
        <translation>未知标准“%1”</translation>
    </message>
    <message>
        <source>unknown criterion &apos;%1&apos;; %2 criteria are %3</source>
        <comment>unknown_criterion_subject</comment>
        <translation>未知标准“%1”；%2的标准为 %3</translation>
    </message>
    <message>
        <source>Unknown export type &apos;%1&apos;; choose one of: %2.</source>
        <comment>unknown_export_type_choose_one</comment>
        <translation>未知的导出类型“%1”；请从以下选择：%2。</translation>
    </message>
    <message>
        <source>Unknown kind of scorecard &apos;%1&apos;.</source>
        <comment>unknown_kind_scorecard</comment>
        <translation>未知的评分卡类型“%1”。</translation>
    </message>
    <message>
        <source>%1: unknown operation &apos;%2&apos;</source>
        <comment>unknown_operation</comment>
        <translation>%1：未知操作“%2”</translation>
    </message>
    <message>
        <source>unknown record type &apos;%1&apos;</source>
        <comment>unknown_record_type</comment>
        <translation>未知记录类型“%1”</translation>
    </message>
    <message>
        <source>%1: unknown record type &apos;%2&apos;</source>
        <comment>unknown_record_type_2</comment>
        <translation>%1：未知记录类型“%2”</translation>
    </message>
    <message>
        <source>%1: unknown revision format %2</source>
        <comment>unknown_revision_format</comment>
        <translation>%1：未知修订格式 %2</translation>
    </message>
    <message>
        <source>Unlock the workspace before exporting its recovery file.</source>
        <comment>unlock_workspace_before_exporting_recovery</comment>
        <translation>导出恢复文件之前请先解锁工作区。</translation>
    </message>
    <message>
        <source>Upgrading the workspace from schema &apos;%1&apos; failed (%2). The workspace is unchanged, and a copy taken before the attempt is at %3.</source>
        <comment>upgrading_workspace_schema_failed_workspace</comment>
        <translation>从架构“%1”升级工作区失败（%2）。工作区未被更改，尝试前的副本位于 %3。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is used by %2 too</source>
        <comment>used_too</comment>
        <translation>“%1”也被 %2 使用</translation>
    </message>
    <message>
        <source>%1 uses identity format version %2; this version of ACES Desktop reads version %3.</source>
        <comment>uses_identity_format_version_version</comment>
        <translation>%1 使用身份格式版本 %2；此版本的 ACES Desktop 读取版本 %3。</translation>
    </message>
    <message>
        <source>it uses an unknown bundle format version %1</source>
        <comment>uses_unknown_bundle_format_version</comment>
        <translation>它使用未知的同步包格式版本 %1</translation>
    </message>
    <message>
        <source>That version&apos;s content is not on this device.</source>
        <comment>version_content_not_device</comment>
        <translation>该版本的内容不在此设备上。</translation>
    </message>
    <message>
        <source>The visit is sealed: nothing can be added to it. Record a correction as an amendment.</source>
        <comment>visit_sealed</comment>
        <translation>此次走访已封存：无法再添加内容。请以修正记录的方式更正。</translation>
    </message>
    <message>
        <source>%1 Wait %2 before the next attempt.</source>
        <comment>wait_before_next</comment>
        <translation>%1请等待 %2 后再试。</translation>
    </message>
    <message>
        <source>A workspace cannot revoke itself.</source>
        <comment>workspace_cannot_revoke_itself</comment>
        <translation>工作区不能吊销自身。</translation>
    </message>
    <message>
        <source>The workspace database cannot be opened (%1).</source>
        <comment>workspace_database_cannot_opened</comment>
        <translation>无法打开工作区数据库（%1）。</translation>
    </message>
    <message>
        <source>This workspace does not know its organisation yet: trust a coordinator first.</source>
        <comment>workspace_does_not_know_organisation</comment>
        <translation>此工作区尚不知道其所属组织：请先信任一位协调员。</translation>
    </message>
    <message>
        <source>%1 already exists and is not empty; choose a new folder.</source>
        <comment>workspace_exists</comment>
        <translation>%1 已存在且不为空；请选择一个新文件夹。</translation>
    </message>
    <message>
        <source>The workspace is incomplete: its &apos;%1&apos; is missing.</source>
        <comment>workspace_incomplete_missing</comment>
        <translation>工作区不完整：缺少其“%1”。</translation>
    </message>
    <message>
        <source>The workspace key file %1 cannot be read (%2).</source>
        <comment>workspace_key_file_cannot_read</comment>
        <translation>无法读取工作区密钥文件 %1（%2）。</translation>
    </message>
    <message>
        <source>The workspace key file is damaged (%1).</source>
        <comment>workspace_key_file_damaged</comment>
        <translation>工作区密钥文件已损坏（%1）。</translation>
    </message>
    <message>
        <source>The workspace key file %1 is missing: the workspace cannot be opened. If you have a recovery file, restore the keys from it.</source>
        <comment>workspace_key_file_missing_workspace</comment>
        <translation>工作区密钥文件 %1 缺失：无法打开工作区。如果您有恢复文件，请从中恢复密钥。</translation>
    </message>
    <message>
        <source>The workspace key file has version %1; this version of ACES Desktop reads version 1. Update the application.</source>
        <comment>workspace_key_file_version_version</comment>
        <translation>工作区密钥文件的版本为 %1；此版本的 ACES Desktop 读取版本 1。请更新应用程序。</translation>
    </message>
    <message>
        <source>The workspace key &apos;%1&apos; is missing.</source>
        <comment>workspace_key_missing</comment>
        <translation>工作区密钥“%1”缺失。</translation>
    </message>
    <message>
        <source>The workspace is locked; unlock it with its passphrase.</source>
        <comment>workspace_locked</comment>
        <translation>工作区已锁定；请用口令解锁。</translation>
    </message>
    <message>
        <source>This workspace has lost its own device entry.</source>
        <comment>workspace_lost_own_device_entry</comment>
        <translation>此工作区丢失了其自身的设备条目。</translation>
    </message>
    <message>
        <source>This workspace trusts no coordinator yet: add the coordinator&apos;s identity file first.</source>
        <comment>workspace_trusts_no_coordinator_yet</comment>
        <translation>本工作区尚未信任任何协调员：请先添加协调员的身份文件。</translation>
    </message>
    <message>
        <source>This workspace trusts no device yet: add the identity file of a field device first.</source>
        <comment>workspace_trusts_no_device_yet</comment>
        <translation>本工作区尚未信任任何设备：请先添加一台现场设备的身份文件。</translation>
    </message>
    <message>
        <source>%1: it was written by a device that no coordinator of this organisation enrolled</source>
        <comment>written_device_no_coordinator_organisation</comment>
        <translation>%1：它由一台未经本组织任何协调员登记的设备写入</translation>
    </message>
    <message>
        <source>Wrong passphrase for this workspace.</source>
        <comment>wrong_passphrase</comment>
        <translation>此工作区的口令错误。</translation>
    </message>
    <message>
        <source>Wrong recovery passphrase.</source>
        <comment>wrong_recovery_passphrase</comment>
        <translation>恢复口令错误。</translation>
    </message>
</context>
<context>
    <name>EvidenceForm</name>
    <message>
        <source>Add evidence — %1</source>
        <translation>添加证据 — %1</translation>
    </message>
    <message>
        <source>&amp;Criterion:</source>
        <translation>标准(&amp;C):</translation>
    </message>
    <message>
        <source>Level the evidence shows</source>
        <translation>证据显示的等级</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>等级(&amp;L):</translation>
    </message>
    <message>
        <source>&amp;Source:</source>
        <translation>来源(&amp;S):</translation>
    </message>
    <message>
        <source>&amp;Kind of evidence:</source>
        <translation>证据类型(&amp;K):</translation>
    </message>
    <message>
        <source>&amp;Date of the evidence:</source>
        <translation>证据日期(&amp;D):</translation>
    </message>
    <message>
        <source>&amp;Web address:</source>
        <translation>网址(&amp;W):</translation>
    </message>
    <message>
        <source>What the evidence shows</source>
        <translation>证据说明了什么</translation>
    </message>
    <message>
        <source>D&amp;escription:</source>
        <translation>描述(&amp;E):</translation>
    </message>
    <message>
        <source>Choose a &amp;file…</source>
        <translation>选择文件(&amp;F)…</translation>
    </message>
    <message>
        <source>No file (a PDF, a saved web page, a picture)</source>
        <translation>无文件(PDF、保存的网页或图片)</translation>
    </message>
    <message>
        <source>Source document:</source>
        <translation>来源文件:</translation>
    </message>
    <message>
        <source>Wor&amp;kers covered:</source>
        <translation>覆盖工人数(&amp;K):</translation>
    </message>
    <message>
        <source>Share of the &amp;workforce (%):</source>
        <translation>占劳动力比例(%)(&amp;W):</translation>
    </message>
    <message>
        <source>&amp;Region of the audits:</source>
        <translation>审核所在地区(&amp;R):</translation>
    </message>
    <message>
        <source>Credit through the &amp;initiative:</source>
        <translation>通过倡议获得的积分(&amp;I):</translation>
    </message>
    <message>
        <source>&amp;Published</source>
        <translation>已公开(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Board approved</source>
        <translation>经董事会批准(&amp;B)</translation>
    </message>
    <message>
        <source>Si&amp;gned</source>
        <translation>已签署(&amp;G)</translation>
    </message>
    <message>
        <source>a plain number, e.g. 150000 or 12.5</source>
        <translation>普通数字,例如 150000 或 12.5</translation>
    </message>
    <message>
        <source>e.g. CN-XJ or Xinjiang</source>
        <translation>例如 CN-XJ 或 新疆</translation>
    </message>
    <message>
        <source>Source document</source>
        <translation>来源文件</translation>
    </message>
    <message>
        <source>Documents (*.pdf *.html *.htm *.png *.jpg *.jpeg *.webp);;All files (*)</source>
        <translation>文件 (*.pdf *.html *.htm *.png *.jpg *.jpeg *.webp);;所有文件 (*)</translation>
    </message>
    <message>
        <source>A fact cannot be used: %1</source>
        <translation>某项事实无法使用:%1</translation>
    </message>
</context>
<context>
    <name>ExportScorecardDialog</name>
    <message>
        <source>Initiative</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Export scorecard (signed)</source>
        <translation>导出评分卡（已签名）</translation>
    </message>
    <message>
        <source>Scorecard:</source>
        <translation>评分卡：</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <source>Signer:</source>
        <translation>签署人：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Sign the scorecard (PAdES)</source>
        <translation>为评分卡签名（PAdES）</translation>
    </message>
    <message>
        <source>Only a coordinator workspace can sign scorecards.</source>
        <translation>只有协调员工作区才能签署评分卡。</translation>
    </message>
    <message>
        <source>This workspace&apos;s person (default)</source>
        <translation>本工作区的人员（默认）</translation>
    </message>
    <message>
        <source>Issued by (organisation):</source>
        <translation>签发机构：</translation>
    </message>
    <message>
        <source>Logo (PNG or JPEG):</source>
        <translation>标志（PNG 或 JPEG）：</translation>
    </message>
    <message>
        <source>The saved logo</source>
        <translation>已保存的标志</translation>
    </message>
    <message>
        <source>No logo</source>
        <translation>无标志</translation>
    </message>
    <message>
        <source>Use this organisation and logo for later scorecards too</source>
        <translation>以后的评分卡也使用此机构和标志</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Save scorecard as</source>
        <translation>评分卡另存为</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Organisation logo</source>
        <translation>机构标志</translation>
    </message>
    <message>
        <source>Pictures (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>Choose where to save the scorecard (a .pdf file).</source>
        <translation>选择评分卡的保存位置（.pdf 文件）。</translation>
    </message>
    <message>
        <source>Choose the PKCS#12 file, or the token&apos;s module, token and key.</source>
        <translation>请选择 PKCS#12 文件，或令牌的模块、令牌和密钥。</translation>
    </message>
    <message>
        <source>Writing the scorecard…</source>
        <translation>正在写出评分卡…</translation>
    </message>
    <message>
        <source>Writing the scorecard</source>
        <translation>正在写出评分卡</translation>
    </message>
    <message>
        <source>Signed by %1. Saved as %2 in %3</source>
        <translation>由 %1 签署。已保存为 %3 中的 %2</translation>
    </message>
    <message>
        <source>Saved (not signed) as %1 in %2</source>
        <translation>已保存（未签名）为 %2 中的 %1</translation>
    </message>
</context>
<context>
    <name>FactsEditor</name>
    <message>
        <source>key = value, one per line</source>
        <translation>键 = 值，每行一个</translation>
    </message>
    <message>
        <source>Line %1 needs the form key = value.</source>
        <translation>第 %1 行须为“键 = 值”的形式。</translation>
    </message>
</context>
<context>
    <name>FeatureMenus</name>
    <message>
        <source>Ratings</source>
        <translation>评级</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>E&amp;xport this list to a spreadsheet…</source>
        <translation>将此列表导出为电子表格(&amp;X)…</translation>
    </message>
    <message>
        <source>&amp;Protection</source>
        <translation>保护(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Publish</source>
        <translation>发布(&amp;P)</translation>
    </message>
    <message>
        <source>Change &amp;passphrase…</source>
        <translation>更改口令(&amp;P)…</translation>
    </message>
    <message>
        <source>Export a &amp;recovery file…</source>
        <translation>导出恢复文件(&amp;R)…</translation>
    </message>
    <message>
        <source>Emergency &amp;wipe…</source>
        <translation>紧急清除(&amp;W)…</translation>
    </message>
    <message>
        <source>Restore another workspace from a recovery &amp;file…</source>
        <translation>从恢复文件还原另一个工作区(&amp;F)…</translation>
    </message>
    <message>
        <source>Export the public &amp;register…</source>
        <translation>导出公开名录(&amp;R)…</translation>
    </message>
    <message>
        <source>Export &amp;scorecard of the selected rating (signed)…</source>
        <translation>导出所选评级的评分卡（已签名）(&amp;S)…</translation>
    </message>
    <message>
        <source>Export &amp;all scorecards…</source>
        <translation>导出全部评分卡(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Verify a signed PDF…</source>
        <translation>验证已签名的 PDF(&amp;V)…</translation>
    </message>
    <message>
        <source>A&amp;ssess the selected initiative or company…</source>
        <translation>评估所选倡议或公司(&amp;S)…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open a list (e.g. Sites) to export it.</source>
        <translation>请先打开一个列表（例如“场所”）再导出。</translation>
    </message>
    <message>
        <source>Folder of the workspace to restore</source>
        <translation>要还原的工作区文件夹</translation>
    </message>
    <message>
        <source>Assess</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Select an initiative or a company first, in its list or on the Ratings page.</source>
        <translation>请先在列表或评级页面中选择一个倡议或公司。</translation>
    </message>
    <message>
        <source>Export scorecard</source>
        <translation>导出评分卡</translation>
    </message>
    <message>
        <source>Select an initiative, company or site on the Ratings page first.</source>
        <translation>请先在“评级”页面选择倡议、公司或场所。</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About ACES Desktop</source>
        <translation>关于 ACES 桌面版</translation>
    </message>
    <message>
        <source>ACES Desktop %1

An offline, encrypted evidence workspace for documenting forced labour and rating companies and initiatives.</source>
        <translation>ACES 桌面版 %1

一个离线、加密的证据工作区，用于记录强迫劳动并为公司和倡议评级。</translation>
    </message>
</context>
<context>
    <name>IndicatorChecklist</name>
    <message>
        <source>Source type</source>
        <translation>来源类型</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Indicator checklist</source>
        <translation>指标清单</translation>
    </message>
    <message>
        <source>— not checked</source>
        <translation>— 未检查</translation>
    </message>
    <message>
        <source>0 absent</source>
        <translation>0 不存在</translation>
    </message>
    <message>
        <source>1 risk factor</source>
        <translation>1 风险因素</translation>
    </message>
    <message>
        <source>2 medium</source>
        <translation>2 中等</translation>
    </message>
    <message>
        <source>3 strong</source>
        <translation>3 强</translation>
    </message>
</context>
<context>
    <name>LinkList</name>
    <message>
        <source>Sites (sources from, owns, supplies)</source>
        <translation>场所（采购自、拥有、供应）</translation>
    </message>
    <message>
        <source>Memberships of initiatives</source>
        <translation>倡议成员资格</translation>
    </message>
    <message>
        <source>Member companies</source>
        <translation>成员公司</translation>
    </message>
    <message>
        <source>Sites covered</source>
        <translation>覆盖的场所</translation>
    </message>
    <message>
        <source>Companies linked to this site</source>
        <translation>与此场所关联的公司</translation>
    </message>
    <message>
        <source>Initiatives covering this site</source>
        <translation>覆盖此场所的倡议</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>移除…</translation>
    </message>
    <message>
        <source>Add a %1</source>
        <translation>添加%1</translation>
    </message>
    <message>
        <source>Edit the selected %1 (Enter)</source>
        <translation>编辑所选%1（回车）</translation>
    </message>
    <message>
        <source>Remove the selected %1 (Delete)</source>
        <translation>移除所选%1（Delete 键）</translation>
    </message>
    <message>
        <source>Remove the membership of %1 in %2?</source>
        <translation>移除 %1 在 %2 的成员资格？</translation>
    </message>
    <message>
        <source>Remove the coverage of %1 by %2?</source>
        <translation>移除 %2 对 %1 的覆盖？</translation>
    </message>
    <message>
        <source>Remove the link %1 — %2 (%3)?</source>
        <translation>移除关联 %1 — %2（%3）？</translation>
    </message>
    <message>
        <source>Its history is kept, and the removal syncs like any change.</source>
        <translation>其历史会保留，移除操作会像其他更改一样同步。</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>LinkTableModel</name>
    <message>
        <source>Period</source>
        <translation>期间</translation>
    </message>
    <message>
        <source>Workers</source>
        <translation>工人数</translation>
    </message>
    <message>
        <source>(missing record)</source>
        <translation>（记录缺失）</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>至 %1</translation>
    </message>
</context>
<context>
    <name>LinksSection</name>
    <message>
        <source>Links</source>
        <translation>关联</translation>
    </message>
</context>
<context>
    <name>ListEditor</name>
    <message>
        <source>One per line</source>
        <translation>每行一个</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Add a new %1</source>
        <translation>新增%1</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit the selected %1</source>
        <translation>编辑所选%1</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected %1</source>
        <translation>删除所选%1</translation>
    </message>
    <message>
        <source>%1 actions</source>
        <translation>%1操作</translation>
    </message>
    <message>
        <source>Search names and text…</source>
        <translation>搜索名称和文字…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>List of records: %1</source>
        <translation>记录列表：%1</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform>
        </translation>
    </message>
    <message>
        <source>New %1…</source>
        <translation>新建%1…</translation>
    </message>
    <message>
        <source>Import records…</source>
        <translation>导入记录…</translation>
    </message>
    <message>
        <source>No sites yet. Sites are the factories, farms, mills and mines you audit: add one, or import a list of sites (CSV or JSON).</source>
        <translation>还没有场所。场所是您审核的工厂、农场、纺纱厂和矿山：新建一个，或导入场所列表（CSV 或 JSON）。</translation>
    </message>
    <message>
        <source>No companies yet. Companies are the brands, retailers, buyers and suppliers linked to sites: add one, or import them.</source>
        <translation>还没有公司。公司是与场所相关的品牌、零售商、采购商和供应商：新建一个，或导入。</translation>
    </message>
    <message>
        <source>No initiatives yet. Initiatives are the multi-stakeholder and industry schemes that are rated: add one, or import them.</source>
        <translation>还没有倡议。倡议是被评级的多利益相关方和行业计划：新建一个，或导入。</translation>
    </message>
    <message>
        <source>No visits yet. A visit records when and how a site was audited; its findings grade the indicators.</source>
        <translation>还没有走访。走访记录场所何时以及如何被审核；其发现对各项指标评级。</translation>
    </message>
    <message>
        <source>No findings yet. A finding grades one indicator at a site, usually during a visit.</source>
        <translation>还没有发现。发现对某场所的一项指标评级，通常在走访期间记录。</translation>
    </message>
    <message>
        <source>No worker notes yet. Worker notes hold what workers said in interviews, under pseudonyms, and stay on this device unless consent allows more.</source>
        <translation>还没有工人记录。工人记录以化名保存工人在访谈中所说的内容，除非同意范围允许，否则只保留在本设备上。</translation>
    </message>
    <message>
        <source>No company responses yet. Record each request sent to a company and its answer; unanswered requests are flagged when overdue.</source>
        <translation>还没有公司回复。记录发给公司的每项请求及其答复；逾期未答复的请求会被标出。</translation>
    </message>
    <message>
        <source>This list is empty.</source>
        <translation>此列表为空。</translation>
    </message>
    <message>
        <source>Delete the %1 “%2”? Its history is kept, but it leaves every list.</source>
        <translation>删除%1“%2”？其历史记录会保留，但它将从所有列表中消失。</translation>
    </message>
    <message>
        <source>Delete %1</source>
        <translation>删除%1</translation>
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>Sealed</source>
        <translation>已封存</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Workspace locked</source>
        <translation>工作区已锁定</translation>
    </message>
    <message>
        <source>“%1” is locked. Enter its passphrase to continue.</source>
        <translation>“%1”已锁定。请输入口令以继续。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Lock screen</source>
        <translation>锁定画面</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Import records</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Import files (*.json *.csv);;All files (*)</source>
        <translation>导入文件 (*.json *.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Importing records…</source>
        <translation>正在导入记录…</translation>
    </message>
    <message>
        <source>Imported: %1 new, %2 updated, %3 unchanged.</source>
        <translation>已导入：新增 %1 条，更新 %2 条，未变 %3 条。</translation>
    </message>
    <message>
        <source>ACES Desktop — %1</source>
        <translation>ACES 桌面版 — %1</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>Visits and findings</source>
        <translation>走访与发现</translation>
    </message>
    <message>
        <source>Worker notes</source>
        <translation>工人记录</translation>
    </message>
    <message>
        <source>Company responses</source>
        <translation>公司回应</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>栏目</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Open another workspace…</source>
        <translation>打开其他工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Import records…</source>
        <translation>导入记录(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>立即锁定(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;New record</source>
        <translation>新建记录(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Edit record</source>
        <translation>编辑记录(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Delete record</source>
        <translation>删除记录(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Refresh lists</source>
        <translation>刷新列表(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About ACES Desktop</source>
        <translation>关于 ACES 桌面版(&amp;A)</translation>
    </message>
</context>
<context>
    <name>NamesEditor</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Language (e.g. zh, ug)</source>
        <translation>语言（例如 zh、ug）</translation>
    </message>
    <message>
        <source>Add name</source>
        <translation>添加名称</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add a name in another script</source>
        <translation>添加其他文字的名称</translation>
    </message>
    <message>
        <source>Remove the selected name</source>
        <translation>移除所选名称</translation>
    </message>
</context>
<context>
    <name>NumberEditor</name>
    <message>
        <source>Enter a whole number.</source>
        <translation>请输入整数。</translation>
    </message>
    <message>
        <source>Enter a number, e.g. 31.25.</source>
        <translation>请输入数字，例如 31.25。</translation>
    </message>
</context>
<context>
    <name>PersonsDialog</name>
    <message>
        <source>Persons</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>The people who visit sites (auditors, researchers, interpreters); a visit&apos;s team is chosen from them. Names and contacts are personal data: they go to the coordinator in encrypted bundles and are never published or exported.</source>
        <translation>走访场所的人员（审核员、研究员、翻译）；走访的团队从中选择。姓名和联系方式属于个人数据：它们以加密数据包发送给协调员，绝不会被公开或导出。</translation>
    </message>
</context>
<context>
    <name>PiiWarningDialog</name>
    <message>
        <source>Person name</source>
        <translation>人名</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>电话号码</translation>
    </message>
    <message>
        <source>ID-document number</source>
        <translation>身份证件号码</translation>
    </message>
    <message>
        <source>Personal data in this note</source>
        <translation>此记录中含有个人数据</translation>
    </message>
    <message>
        <source>This note seems to contain %1 item(s) that can identify a person. Workers can be harmed if they are identified. Edit the note to remove them, or share it anyway if they are not personal data.</source>
        <translation>此记录似乎含有 %1 项可识别个人身份的信息。工人一旦被识别可能受到伤害。请编辑记录将其删除；如果它们不是个人数据，也可以仍然共享。</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Share anyway</source>
        <translation>仍然共享</translation>
    </message>
</context>
<context>
    <name>RatingsPage</name>
    <message>
        <source>Ratings</source>
        <translation>评级</translation>
    </message>
    <message>
        <source>Not scored yet.</source>
        <translation>尚未评分。</translation>
    </message>
    <message>
        <source>Score now</source>
        <translation>立即评分</translation>
    </message>
    <message>
        <source>Compute every rating from the workspace and store today&apos;s snapshot.</source>
        <translation>根据工作区计算所有评级，并保存今天的快照。</translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>Transparent</source>
        <translation>透明</translation>
    </message>
    <message>
        <source>Scaled</source>
        <translation>规模</translation>
    </message>
    <message>
        <source>Accountable</source>
        <translation>问责</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>not earned: evidence is insufficient</source>
        <translation>未获得：证据不足</translation>
    </message>
    <message>
        <source>not earned: needs %1 in each dimension</source>
        <translation>未获得：每个维度需达到 %1</translation>
    </message>
    <message>
        <source>Model label</source>
        <translation>模式标签</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标记</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>地区</translation>
    </message>
    <message>
        <source>Risk level</source>
        <translation>风险等级</translation>
    </message>
    <message>
        <source>Indicators checked</source>
        <translation>已检查的指标</translation>
    </message>
    <message>
        <source>Remediation progress</source>
        <translation>整改进度</translation>
    </message>
    <message>
        <source>Initiatives</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>Companies</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Transparent, Scaled, Accountable per initiative</source>
        <translation>各倡议的透明、规模、问责</translation>
    </message>
    <message>
        <source>Companies per tier</source>
        <translation>各层级的公司</translation>
    </message>
    <message>
        <source>Site risk by country and region</source>
        <translation>按国家和地区的场所风险</translation>
    </message>
    <message>
        <source>Remediation progress over time (snapshots)</source>
        <translation>整改进度随时间变化（快照）</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Select a rating to see how it was computed.</source>
        <translation>选择一个评级，查看其计算方式。</translation>
    </message>
    <message>
        <source>Criterion, level and evidence</source>
        <translation>标准、级别与证据</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Double-click a piece of evidence to open its record.</source>
        <translation>双击一项证据以打开其记录。</translation>
    </message>
    <message>
        <source>Scoring…</source>
        <translation>正在评分…</translation>
    </message>
    <message>
        <source>Scoring past quarters for the trends (%1 of %2)…</source>
        <translation>正在为趋势计算过去各季度的评分（第 %1 / %2 个）…</translation>
    </message>
    <message>
        <source>Scoring failed: %1</source>
        <translation>评分失败：%1</translation>
    </message>
    <message>
        <source>As of %1: %2 initiatives, %3 companies, %4 sites (rubric version %5).</source>
        <translation>截至 %1：%2 个倡议，%3 家公司，%4 个场所（评分标准版本 %5）。</translation>
    </message>
    <message>
        <source>insufficient</source>
        <translation>不足</translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation>证据不足</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>grade %1, %2, coverage %3 %</source>
        <translation>等级 %1，%2，覆盖率 %3 %</translation>
    </message>
    <message>
        <source>A&amp;ssess…</source>
        <translation>评估(&amp;S)…</translation>
    </message>
    <message>
        <source>Criteria, levels and evidence of the selected initiative or company</source>
        <translation>所选倡议或公司的标准、等级和证据</translation>
    </message>
    <message>
        <source>Add &amp;evidence…</source>
        <translation>添加证据(&amp;E)…</translation>
    </message>
    <message>
        <source>Add evidence for the selected criterion of this rating</source>
        <translation>为此评级的所选标准添加证据</translation>
    </message>
    <message>
        <source>&amp;Open the record</source>
        <translation>打开记录(&amp;O)</translation>
    </message>
    <message>
        <source>Add &amp;evidence for %1…</source>
        <translation>为 %1 添加证据(&amp;E)…</translation>
    </message>
    <message>
        <source>Gates</source>
        <translation>门槛</translation>
    </message>
    <message>
        <source>Modern-slavery statement (legal minimum)</source>
        <translation>现代奴役声明（法定最低要求）</translation>
    </message>
    <message>
        <source>Membership credit</source>
        <translation>成员资格加分</translation>
    </message>
    <message>
        <source>Audits where assurance is impossible</source>
        <translation>无法提供保证的审核</translation>
    </message>
    <message>
        <source>Company-response log</source>
        <translation>公司回应记录</translation>
    </message>
    <message>
        <source>Why this level</source>
        <translation>为何是此级别</translation>
    </message>
    <message>
        <source>History (snapshots)</source>
        <translation>历史（快照）</translation>
    </message>
    <message>
        <source>%1 snapshot(s)</source>
        <translation>%1 个快照</translation>
    </message>
    <message>
        <source>risk %1, remediation %2</source>
        <translation>风险 %1，整改 %2</translation>
    </message>
    <message>
        <source>input hash %1</source>
        <translation>输入哈希 %1</translation>
    </message>
    <message>
        <source>%1, score %2, band %3, coverage %4 %</source>
        <translation>%1，得分 %2，等级 %3，覆盖率 %4 %</translation>
    </message>
    <message>
        <source>confidence %1</source>
        <translation>可信度 %1</translation>
    </message>
    <message>
        <source>Rubric version %1, as of %2, input hash %3</source>
        <translation>评分标准版本 %1，截至 %2，输入哈希 %3</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>成员资格</translation>
    </message>
    <message>
        <source>Company response log</source>
        <translation>公司回应记录</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>decides the risk level</source>
        <translation>决定风险等级</translation>
    </message>
    <message>
        <source>weight %1</source>
        <translation>权重 %1</translation>
    </message>
    <message>
        <source>Unknown: no evidence counted</source>
        <translation>未知：没有计入任何证据</translation>
    </message>
    <message>
        <source>Level %1</source>
        <translation>级别 %1</translation>
    </message>
    <message>
        <source>stale evidence</source>
        <translation>过时的证据</translation>
    </message>
    <message>
        <source>%1 findings</source>
        <translation>%1 项发现</translation>
    </message>
    <message>
        <source>earns %1</source>
        <translation>得 %1</translation>
    </message>
    <message>
        <source>earns nothing</source>
        <translation>不得分</translation>
    </message>
    <message>
        <source>from a revoked device: %1</source>
        <translation>来自已吊销的设备：%1</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>领先者</translation>
    </message>
    <message>
        <source>Improver</source>
        <translation>改进者</translation>
    </message>
    <message>
        <source>Starter</source>
        <translation>起步者</translation>
    </message>
    <message>
        <source>Laggard</source>
        <translation>落后者</translation>
    </message>
    <message>
        <source>Insufficient evidence</source>
        <translation>证据不足</translation>
    </message>
    <message>
        <source>%1 other places</source>
        <translation>其他 %1 个地点</translation>
    </message>
    <message>
        <source>Mean remediation progress of sites (%)</source>
        <translation>场所平均整改进度（%）</translation>
    </message>
</context>
<context>
    <name>RecordEditor</name>
    <message>
        <source>Notice</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Restore draft</source>
        <translation>恢复草稿</translation>
    </message>
    <message>
        <source>Discard draft</source>
        <translation>丢弃草稿</translation>
    </message>
    <message>
        <source>Problem with %1</source>
        <translation>%1 有问题</translation>
    </message>
    <message>
        <source>Required</source>
        <translation>必填</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Undo (Ctrl+Z)</source>
        <translation>撤销 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Seal visit…</source>
        <translation>封存走访…</translation>
    </message>
    <message>
        <source>Seal the visit with its findings and worker notes: they become final.</source>
        <translation>封存走访及其发现和工人记录：它们将成为最终版本。</translation>
    </message>
    <message>
        <source>Amend…</source>
        <translation>修正…</translation>
    </message>
    <message>
        <source>Record a correction to this sealed record.</source>
        <translation>为这条已封存的记录添加更正。</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>New %1</source>
        <translation>新建%1</translation>
    </message>
    <message>
        <source>This %1 is sealed: its record is final and cannot be changed. Use Amend to record a correction.</source>
        <translation>此%1已封存：其记录为最终版本，不能更改。请使用“修正”记录更正。</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑%1</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked below.</source>
        <translation>未保存：请更正下方标出的字段。</translation>
    </message>
    <message>
        <source>Unsaved changes from %1 (UTC) were kept as a draft.</source>
        <translation>%1（UTC）未保存的更改已保留为草稿。</translation>
    </message>
    <message>
        <source>Please confirm</source>
        <translation>请确认</translation>
    </message>
    <message>
        <source>Delete the %1 &apos;%2&apos;? Its history is kept, but it disappears from lists.</source>
        <translation>删除%1“%2”？其历史会保留，但它将从列表中消失。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Deleted.</source>
        <translation>已删除。</translation>
    </message>
    <message>
        <source>Seal this visit? The visit, its findings and its worker notes become final: they can no longer be edited or deleted, only amended.</source>
        <translation>封存此走访？走访、其发现和工人记录将成为最终版本：不能再编辑或删除，只能修正。</translation>
    </message>
    <message>
        <source>Seal visit</source>
        <translation>封存走访</translation>
    </message>
</context>
<context>
    <name>RecordPicker</name>
    <message>
        <source>Type part of a name to search…</source>
        <translation>输入名称的一部分进行搜索…</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message>
        <source>Show all records to choose from</source>
        <translation>显示所有可选记录</translation>
    </message>
</context>
<context>
    <name>RecordsPicker</name>
    <message>
        <source>Type part of a name to add…</source>
        <translation>输入名称的一部分以添加…</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>已选</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected one from the list (Delete)</source>
        <translation>从列表中移除所选项（Delete 键）</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Add a record that is not in the list yet</source>
        <translation>添加列表中尚未有的记录</translation>
    </message>
</context>
<context>
    <name>RecoveryExportDialog</name>
    <message>
        <source>Export recovery file</source>
        <translation>导出恢复文件</translation>
    </message>
    <message>
        <source>Recovery file</source>
        <translation>恢复文件</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>恢复口令</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再次输入</translation>
    </message>
    <message>
        <source>Number of shares</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Shares needed</source>
        <translation>所需份数</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Also split the recovery key into shares for colleagues</source>
        <translation>同时将恢复密钥拆分为多份交给同事</translation>
    </message>
    <message>
        <source>Recovery files (*.recovery)</source>
        <translation>恢复文件 (*.recovery)</translation>
    </message>
    <message>
        <source>Choose where to save the recovery file.</source>
        <translation>选择恢复文件的保存位置。</translation>
    </message>
    <message>
        <source>Give each share to a different person; any %1 of them open the recovery file. Write them on paper; they are not saved anywhere.</source>
        <translation>把每一份交给不同的人；任意 %1 份即可打开恢复文件。请写在纸上；它们不会保存在任何地方。</translation>
    </message>
    <message>
        <source>Share %1 of %2:</source>
        <translation>第 %1 份，共 %2 份：</translation>
    </message>
</context>
<context>
    <name>RecoveryRestoreDialog</name>
    <message>
        <source>Restore from recovery file</source>
        <translation>从恢复文件恢复</translation>
    </message>
    <message>
        <source>Recovery file</source>
        <translation>恢复文件</translation>
    </message>
    <message>
        <source>Recovery passphrase</source>
        <translation>恢复口令</translation>
    </message>
    <message>
        <source>Or shares (one per line)</source>
        <translation>或分份（每行一份）</translation>
    </message>
    <message>
        <source>New passphrase</source>
        <translation>新口令</translation>
    </message>
    <message>
        <source>New, again</source>
        <translation>再次输入新口令</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Recovery files (*.recovery)</source>
        <translation>恢复文件 (*.recovery)</translation>
    </message>
</context>
<context>
    <name>RefEditor</name>
    <message>
        <source>Choose a record from the list (type part of its name).</source>
        <translation>从列表中选择一条记录（输入其名称的一部分）。</translation>
    </message>
</context>
<context>
    <name>RefsEditor</name>
    <message>
        <source>Choose a record from the list (type part of its name).</source>
        <translation>请从列表中选择记录（输入其名称的一部分）。</translation>
    </message>
    <message>
        <source>%1: chosen</source>
        <translation>%1：已选</translation>
    </message>
</context>
<context>
    <name>RegisterExportDialog</name>
    <message>
        <source>The register could not be written: %1</source>
        <translation>无法写出公开名录：%1</translation>
    </message>
    <message>
        <source>Export the public register</source>
        <translation>导出公开名录</translation>
    </message>
    <message>
        <source>Writes a static website (index.html) with the same data as CSV and JSON. Sites set to “withhold” are left out, sites published without address lose address and coordinates, and no worker statement or person name is written. Check the site disclosure settings before publishing.</source>
        <translation>写出一个静态网站（index.html），并以 CSV 和 JSON 提供相同的数据。设为“不公开”的场所不包括在内，“不含地址”发布的场所将去掉地址和坐标，不会写出任何工人陈述或人名。发布前请检查场所的公开设置。</translation>
    </message>
    <message>
        <source>A new or empty folder, or an earlier register</source>
        <translation>新的或空的文件夹，或以前的公开名录</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Sign the list of file hashes with this device&apos;s key</source>
        <translation>用本设备的密钥签署文件哈希列表</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Export date:</source>
        <translation>导出日期：</translation>
    </message>
    <message>
        <source>Publisher:</source>
        <translation>发布者：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Initiatives and companies appear only once a coordinator has marked their assessment ready to publish (Assess view, or aces publish ready):</source>
        <translation>只有协调员将其评估标记为可发布后,倡议和公司才会出现在登记册中(评估视图,或 aces publish ready):</translation>
    </message>
    <message>
        <source>Folder for the register</source>
        <translation>公开名录的文件夹</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exporting the register</source>
        <translation>正在导出公开登记册</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Written to %1: %2 initiatives, %3 companies, %4 sites (%5 withheld), %6 files%7.</source>
        <translation>已写入 %1：%2 个倡议，%3 家公司，%4 个场所（%5 个不公开），%6 个文件%7。</translation>
    </message>
    <message>
        <source>, signed</source>
        <translation>，已签名</translation>
    </message>
    <message>
        <source>Left out, not marked ready to publish: %1 initiative(s), %2 company(ies).</source>
        <translation>未标记为可发布而未列入:%1 个倡议,%2 家公司。</translation>
    </message>
</context>
<context>
    <name>ResponsesLog</name>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>跟进截止</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已答复</translation>
    </message>
    <message>
        <source>Commitments</source>
        <translation>承诺</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>已履行</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Requests to companies</source>
        <translation>向公司发出的请求</translation>
    </message>
    <message>
        <source>&amp;New request…</source>
        <translation>新建请求(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未答复</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Overdue: %1</source>
        <translation>已逾期：%1</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Overdue: no answer yet.</source>
        <translation>已逾期：尚未答复。</translation>
    </message>
    <message>
        <source>%1 request(s), %2 overdue.</source>
        <translation>%1 个请求，%2 个已逾期。</translation>
    </message>
</context>
<context>
    <name>ReviewList</name>
    <message>
        <source>Initiative or company</source>
        <translation>倡议或公司</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>登记册</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Review before publication</source>
        <translation>发布前审核</translation>
    </message>
    <message>
        <source>not marked ready</source>
        <translation>未标记为可发布</translation>
    </message>
    <message>
        <source>marked not ready</source>
        <translation>已标记为不可发布</translation>
    </message>
    <message>
        <source>insufficient evidence</source>
        <translation>证据不足</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>可发布</translation>
    </message>
    <message>
        <source>left out</source>
        <translation>不列入</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Layout &amp;direction</source>
        <translation>布局方向(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Lock after idle (minutes)</source>
        <translation>空闲后锁定（分钟）(&amp;L)</translation>
    </message>
    <message>
        <source>Default &amp;workspace</source>
        <translation>默认工作区(&amp;W)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Layout direction</source>
        <translation>布局方向</translation>
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation>空闲多少分钟后锁定</translation>
    </message>
    <message>
        <source>Default workspace folder</source>
        <translation>默认工作区文件夹</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Left to right</source>
        <translation>从左到右</translation>
    </message>
    <message>
        <source>Right to left</source>
        <translation>从右到左</translation>
    </message>
    <message>
        <source>Settings never hold a passphrase or a key; only preferences and folder paths.</source>
        <translation>设置中从不保存口令或密钥，只保存偏好和文件夹路径。</translation>
    </message>
</context>
<context>
    <name>SigningIdentityFields</name>
    <message>
        <source>PIN:</source>
        <translation>PIN 码：</translation>
    </message>
    <message>
        <source>Passphrase:</source>
        <translation>口令：</translation>
    </message>
    <message>
        <source>Signing certificate:</source>
        <translation>签名证书：</translation>
    </message>
    <message>
        <source>Issued by the organisation CA of this workspace</source>
        <translation>由本工作区的机构证书颁发机构签发</translation>
    </message>
    <message>
        <source>A PKCS#12 file (.p12, .pfx) the organisation holds</source>
        <translation>机构持有的 PKCS#12 文件（.p12、.pfx）</translation>
    </message>
    <message>
        <source>A key on a PKCS#11 token or smart card</source>
        <translation>PKCS#11 令牌或智能卡上的密钥</translation>
    </message>
    <message>
        <source>PKCS#12 file:</source>
        <translation>PKCS#12 文件：</translation>
    </message>
    <message>
        <source>PKCS#11 module:</source>
        <translation>PKCS#11 模块：</translation>
    </message>
    <message>
        <source>Token label:</source>
        <translation>令牌标签：</translation>
    </message>
    <message>
        <source>Key label:</source>
        <translation>密钥标签：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>PKCS#12 file</source>
        <translation>PKCS#12 文件</translation>
    </message>
    <message>
        <source>PKCS#12 files (*.p12 *.pfx)</source>
        <translation>PKCS#12 文件 (*.p12 *.pfx)</translation>
    </message>
    <message>
        <source>PKCS#11 module</source>
        <translation>PKCS#11 模块</translation>
    </message>
</context>
<context>
    <name>SiteMergeDialog</name>
    <message>
        <source>Merge two sites?</source>
        <translation>合并两个场所？</translation>
    </message>
    <message>
        <source>Merge &apos;%2&apos; into &apos;%1&apos;? Every record that names &apos;%2&apos; will name &apos;%1&apos;; its names become aliases of &apos;%1&apos; and &apos;%2&apos; is deleted (both histories stay).</source>
        <translation>将“%2”合并到“%1”？所有指向“%2”的记录将改为指向“%1”；其名称成为“%1”的别名，“%2”被删除（两者的历史都会保留）。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Other names</source>
        <translation>其他名称</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation>Open Supply Hub 编号</translation>
    </message>
    <message>
        <source>Coordinates</source>
        <translation>坐标</translation>
    </message>
    <message>
        <source>Linked companies</source>
        <translation>关联公司</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Kept: %1</source>
        <translation>保留：%1</translation>
    </message>
    <message>
        <source>Merged in: %1</source>
        <translation>并入：%1</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>ACES Desktop</source>
        <translation>ACES 桌面版</translation>
    </message>
    <message>
        <source>Welcome to ACES Desktop</source>
        <translation>欢迎使用 ACES 桌面版</translation>
    </message>
    <message>
        <source>Your records stay in an encrypted workspace on this computer. Create one, open one you have, or look around in the demo workspace.</source>
        <translation>您的记录保存在本机上加密的工作区中。您可以新建工作区、打开已有工作区，或在演示工作区中浏览。</translation>
    </message>
    <message>
        <source>Create a new workspace…</source>
        <translation>新建工作区…</translation>
    </message>
    <message>
        <source>Open an existing workspace…</source>
        <translation>打开已有工作区…</translation>
    </message>
    <message>
        <source>Open the demo workspace</source>
        <translation>打开演示工作区</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation>最近的工作区</translation>
    </message>
    <message>
        <source>Create a workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <source>Field (auditor or researcher)</source>
        <translation>实地（审核员或研究员）</translation>
    </message>
    <message>
        <source>Coordinator (merges and publishes)</source>
        <translation>协调员（合并与发布）</translation>
    </message>
    <message>
        <source>&amp;Role</source>
        <translation>角色(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>名称(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation>文件夹(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation>口令(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation>确认(&amp;C)</translation>
    </message>
    <message>
        <source>e.g. Dhaka field team</source>
        <translation>例如：达卡实地小组</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Workspace name</source>
        <translation>工作区名称</translation>
    </message>
    <message>
        <source>Workspace folder</source>
        <translation>工作区文件夹</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Confirm passphrase</source>
        <translation>确认口令</translation>
    </message>
    <message>
        <source>At least %1 characters. A few unrelated words are easy to remember.</source>
        <translation>至少 %1 个字符。几个互不相关的词语容易记住。</translation>
    </message>
    <message>
        <source>Weak: make it longer, or use four or more words.</source>
        <translation>弱：请加长，或使用四个以上的词语。</translation>
    </message>
    <message>
        <source>Fair: longer is safer.</source>
        <translation>中：越长越安全。</translation>
    </message>
    <message>
        <source>Strong.</source>
        <translation>强。</translation>
    </message>
    <message>
        <source>Folder for the new workspace</source>
        <translation>新工作区的文件夹</translation>
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <translation>请为工作区命名。</translation>
    </message>
    <message>
        <source>Choose a folder for the workspace.</source>
        <translation>请为工作区选择文件夹。</translation>
    </message>
    <message>
        <source>The passphrase needs at least %1 characters.</source>
        <translation>口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation>两次输入的口令不一致，请重新输入。</translation>
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation>正在创建工作区…</translation>
    </message>
    <message>
        <source>Open a workspace folder</source>
        <translation>打开工作区文件夹</translation>
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>正在准备演示工作区…</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>This device: &lt;b&gt;%1&lt;/b&gt; (%2). Key fingerprint, to read aloud:</source>
        <translation>本设备：&lt;b&gt;%1&lt;/b&gt;（%2）。密钥指纹，供朗读核对：</translation>
    </message>
    <message>
        <source>Own key fingerprint</source>
        <translation>本机密钥指纹</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Export and merge</source>
        <translation>导出与合并</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>Duplicate sites</source>
        <translation>重复的场所</translation>
    </message>
    <message>
        <source>Trust a device only after comparing its fingerprint with its owner, e.g. read aloud on the phone.</source>
        <translation>只有在与设备所有者核对指纹（例如通过电话朗读）之后才能信任该设备。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Device id</source>
        <translation>设备编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Add trusted device from file…</source>
        <translation>从文件添加受信任设备…</translation>
    </message>
    <message>
        <source>Save this device&apos;s identity file…</source>
        <translation>保存本设备的身份文件…</translation>
    </message>
    <message>
        <source>Revoke device…</source>
        <translation>吊销设备…</translation>
    </message>
    <message>
        <source>For a lost or seized laptop: nothing it writes from now on is accepted, here or on the field devices that receive this coordinator&apos;s bundles.</source>
        <translation>用于丢失或被扣押的笔记本电脑：此后它写入的任何内容都不会被接受，无论是在这里，还是在接收本协调员同步包的外勤设备上。</translation>
    </message>
    <message>
        <source>Select the device to revoke in the list first.</source>
        <translation>请先在列表中选择要吊销的设备。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is revoked already.</source>
        <translation>“%1”已被吊销。</translation>
    </message>
    <message>
        <source>Revoke device</source>
        <translation>吊销设备</translation>
    </message>
    <message>
        <source>Why is &apos;%1&apos; revoked? (for example: laptop seized)</source>
        <translation>为什么吊销“%1”？（例如：笔记本电脑被扣押）</translation>
    </message>
    <message>
        <source>Revoke this device?</source>
        <translation>吊销此设备？</translation>
    </message>
    <message>
        <source>Revoke &apos;%1&apos; (%2)?

Nothing it writes from now on will be accepted, here or on any field device. What it sent before stays, marked as from a revoked device. This cannot be undone: the person enrols again with a new workspace.</source>
        <translation>吊销“%1”（%2）？

此后它写入的任何内容都不会被接受，无论是在这里还是在任何外勤设备上。它之前发送的内容会保留，并标记为来自已吊销的设备。此操作无法撤销：此人需用新的工作区重新登记。</translation>
    </message>
    <message>
        <source>Revoked &apos;%1&apos;. Export a bundle to the field devices so that they learn it.</source>
        <translation>已吊销“%1”。请向外勤设备导出同步包，使它们得知此事。</translation>
    </message>
    <message>
        <source>Identity file</source>
        <translation>身份文件</translation>
    </message>
    <message>
        <source>Trust this device?</source>
        <translation>信任此设备？</translation>
    </message>
    <message>
        <source>Trust &apos;%1&apos; (%2)?

Fingerprint:
%3

Compare it with the one its owner reads to you before you continue.</source>
        <translation>信任“%1”（%2）？

指纹：
%3

继续之前，请与其所有者向您读出的指纹进行核对。</translation>
    </message>
    <message>
        <source>Save identity file</source>
        <translation>保存身份文件</translation>
    </message>
    <message>
        <source>Export bundle to folder…</source>
        <translation>将同步包导出到文件夹…</translation>
    </message>
    <message>
        <source>Everything (not only what was not acknowledged)</source>
        <translation>全部（不仅是尚未确认接收的部分）</translation>
    </message>
    <message>
        <source>Import and merge bundles…</source>
        <translation>导入并合并同步包…</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Why was it refused?…</source>
        <translation>为什么被拒绝？…</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>field</source>
        <translation>实地</translation>
    </message>
    <message>
        <source>Bundle</source>
        <translation>同步包</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>已更新</translation>
    </message>
    <message>
        <source>Duplicates</source>
        <translation>重复项</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Refused (reason)</source>
        <translation>已拒绝（原因）</translation>
    </message>
    <message>
        <source>Export to folder or drive</source>
        <translation>导出到文件夹或驱动器</translation>
    </message>
    <message>
        <source>Bundle refused</source>
        <translation>同步包被拒绝</translation>
    </message>
    <message>
        <source>%1 was refused.</source>
        <translation>%1 被拒绝。</translation>
    </message>
    <message>
        <source>There is no one to export to yet: add the coordinator&apos;s identity file first, after comparing its fingerprint with the coordinator.</source>
        <translation>还没有可导出的对象：请先与协调员核对指纹，再添加协调员的身份文件。</translation>
    </message>
    <message>
        <source>There is no one to export to yet: add a field device&apos;s identity file first, after comparing its fingerprint with its owner.</source>
        <translation>还没有可导出的对象：请先与设备持有人核对指纹，再添加该现场设备的身份文件。</translation>
    </message>
    <message>
        <source>Exporting a bundle</source>
        <translation>正在导出同步包</translation>
    </message>
    <message>
        <source>Wrote %1: %2 revisions, %3 attachments, for %4.</source>
        <translation>已写出 %1：%2 个修订，%3 个附件，接收方 %4。</translation>
    </message>
    <message>
        <source>Bundles to merge</source>
        <translation>待合并的同步包</translation>
    </message>
    <message>
        <source>Sync bundles (*.aces);;All files (*)</source>
        <translation>同步包 (*.aces);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Merging bundles</source>
        <translation>正在合并同步包</translation>
    </message>
    <message>
        <source>%1 of %2 bundle(s) merged, %3 refused.</source>
        <translation>已合并 %1 个同步包（共 %2 个），拒绝 %3 个。</translation>
    </message>
    <message>
        <source>%1 revision(s) wait for an earlier bundle from the same device.</source>
        <translation>%1 个修订正在等待同一设备的较早同步包。</translation>
    </message>
    <message>
        <source>Version A</source>
        <translation>版本 A</translation>
    </message>
    <message>
        <source>Version B</source>
        <translation>版本 B</translation>
    </message>
    <message>
        <source>Result (editable)</source>
        <translation>结果（可编辑）</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Keep version A</source>
        <translation>保留版本 A</translation>
    </message>
    <message>
        <source>Keep version B</source>
        <translation>保留版本 B</translation>
    </message>
    <message>
        <source>Save the result column</source>
        <translation>保存结果列</translation>
    </message>
    <message>
        <source>Double-click a value to copy it into the result.</source>
        <translation>双击一个值，将其复制到结果中。</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>已吊销</translation>
    </message>
    <message>
        <source>this device</source>
        <translation>本设备</translation>
    </message>
    <message>
        <source>%1: %2, %3</source>
        <translation>%1：%2，%3</translation>
    </message>
    <message>
        <source>Keep version %1?</source>
        <translation>保留版本 %1？</translation>
    </message>
    <message>
        <source>Keep version %1 of %2 &apos;%3&apos; and set the other version aside? Both stay in the record&apos;s history.</source>
        <translation>保留%2“%3”的版本 %1，并搁置另一个版本？两个版本都保留在记录的历史中。</translation>
    </message>
    <message>
        <source>Version %1 deletes the record.</source>
        <translation>版本 %1 删除了该记录。</translation>
    </message>
    <message>
        <source>Resolved the conflict on &apos;%1&apos;.</source>
        <translation>已解决“%1”的冲突。</translation>
    </message>
    <message>
        <source>Kept version %1 of &apos;%2&apos;.</source>
        <translation>已保留“%2”的版本 %1。</translation>
    </message>
    <message>
        <source>Merged &apos;%1&apos; into &apos;%2&apos;: %3 record(s) now name &apos;%2&apos;.</source>
        <translation>已将“%1”合并到“%2”：%3 条记录现在指向“%2”。</translation>
    </message>
    <message>
        <source>%1 sealed record(s) keep naming &apos;%2&apos;, which stays for them.</source>
        <translation>%1 条已封存的记录仍指向“%2”，因此它为这些记录保留。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; was deleted; its history stays.</source>
        <translation>“%1”已删除；其历史保留。</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Site A</source>
        <translation>场所 A</translation>
    </message>
    <message>
        <source>Site B</source>
        <translation>场所 B</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <source>Merge into site A</source>
        <translation>合并到场所 A</translation>
    </message>
    <message>
        <source>Merge into site B</source>
        <translation>合并到场所 B</translation>
    </message>
    <message>
        <source>Not the same site</source>
        <translation>不是同一场所</translation>
    </message>
    <message>
        <source>Revoked on %1: %2</source>
        <translation>于 %1 吊销：%2</translation>
    </message>
    <message>
        <source>Trusted</source>
        <translation>已信任</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>冲突（%1）</translation>
    </message>
    <message>
        <source>Duplicate sites (%1)</source>
        <translation>重复的场所（%1）</translation>
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Something went wrong and the work was not finished: %1</source>
        <translation>出现错误，工作未完成：%1</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>正在处理…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock workspace</source>
        <translation>解锁工作区</translation>
    </message>
    <message>
        <source>Enter the passphrase of the workspace in %1.</source>
        <translation>请输入位于 %1 的工作区的口令。</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Opening the workspace…</source>
        <translation>正在打开工作区…</translation>
    </message>
</context>
<context>
    <name>VerifyPdfDialog</name>
    <message>
        <source>Verify a signed scorecard</source>
        <translation>验证已签名的评分卡</translation>
    </message>
    <message>
        <source>PDF file:</source>
        <translation>PDF 文件：</translation>
    </message>
    <message>
        <source>Trust:</source>
        <translation>信任：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>CA certificate of the issuing organisation</source>
        <translation>签发机构的 CA 证书</translation>
    </message>
    <message>
        <source>The organisation CA of this workspace</source>
        <translation>本工作区的机构 CA</translation>
    </message>
    <message>
        <source>A CA certificate file (PEM or DER)</source>
        <translation>CA 证书文件（PEM 或 DER）</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Choose a PDF</source>
        <translation>选择 PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Choose a CA certificate</source>
        <translation>选择 CA 证书</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.der)</source>
        <translation>证书 (*.pem *.crt *.cer *.der)</translation>
    </message>
    <message>
        <source>Choose the PDF file to verify.</source>
        <translation>选择要验证的 PDF 文件。</translation>
    </message>
    <message>
        <source>organisation CA of this workspace</source>
        <translation>本工作区的机构 CA</translation>
    </message>
    <message>
        <source>Choose the CA certificate to trust.</source>
        <translation>选择要信任的 CA 证书。</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>正在验证…</translation>
    </message>
    <message>
        <source>Verifying</source>
        <translation>正在验证</translation>
    </message>
    <message>
        <source>Valid: signed by %1</source>
        <translation>有效：由 %1 签署</translation>
    </message>
    <message>
        <source>NOT VALID: do not rely on this file</source>
        <translation>无效：请勿信赖此文件</translation>
    </message>
    <message>
        <source>Scorecard</source>
        <translation>评分卡</translation>
    </message>
    <message>
        <source>Signer</source>
        <translation>签署人</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>签发者</translation>
    </message>
    <message>
        <source>Signed at</source>
        <translation>签署时间</translation>
    </message>
    <message>
        <source>Trusting</source>
        <translation>正在信任</translation>
    </message>
</context>
<context>
    <name>VisitLogger</name>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>上一步(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Next</source>
        <translation>下一步(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Finish and save</source>
        <translation>完成并保存(&amp;F)</translation>
    </message>
    <message>
        <source>Save the visit, findings and notes (Ctrl+S)</source>
        <translation>保存走访、发现和记录 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Add &amp;photos and documents…</source>
        <translation>添加照片和文件(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Visit method</source>
        <translation>走访方式</translation>
    </message>
    <message>
        <source>Visit date</source>
        <translation>走访日期</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Default source type</source>
        <translation>默认来源类型</translation>
    </message>
    <message>
        <source>&amp;Site *</source>
        <translation>场所(&amp;S) *</translation>
    </message>
    <message>
        <source>&amp;Method *</source>
        <translation>方式(&amp;M) *</translation>
    </message>
    <message>
        <source>&amp;Date *</source>
        <translation>日期(&amp;D) *</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>小组(&amp;T)</translation>
    </message>
    <message>
        <source>Default s&amp;ource</source>
        <translation>默认来源(&amp;O)</translation>
    </message>
    <message>
        <source>Keys: 0–3 grade · N not checked · Tab or Enter next row · type to write a note · F4 source type</source>
        <translation>按键：0–3 评分 · N 未检查 · Tab 或 Enter 下一行 · 直接输入以写备注 · F4 来源类型</translation>
    </message>
    <message>
        <source>Definition of the indicator</source>
        <translation>指标定义</translation>
    </message>
    <message>
        <source>Summary of the visit</source>
        <translation>走访摘要</translation>
    </message>
    <message>
        <source>S&amp;ummary of the visit</source>
        <translation>走访摘要(&amp;U)</translation>
    </message>
    <message>
        <source>e.g. Worker K-17 (never a real name)</source>
        <translation>例如：工人 K-17（绝不使用真名）</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>化名</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation>同意范围</translation>
    </message>
    <message>
        <source>What the worker said</source>
        <translation>工人所说的内容</translation>
    </message>
    <message>
        <source>&amp;Add worker note</source>
        <translation>添加工人记录(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Pseudonym *</source>
        <translation>化名(&amp;P) *</translation>
    </message>
    <message>
        <source>&amp;Consent scope</source>
        <translation>同意范围(&amp;C)</translation>
    </message>
    <message>
        <source>Na&amp;rrative</source>
        <translation>叙述(&amp;R)</translation>
    </message>
    <message>
        <source>Worker notes of this visit</source>
        <translation>本次走访的工人记录</translation>
    </message>
    <message>
        <source>Remove selected note</source>
        <translation>移除所选记录</translation>
    </message>
    <message>
        <source>Notes to be saved with the visit:</source>
        <translation>将随走访一起保存的记录：</translation>
    </message>
    <message>
        <source>New visit — 1 of 3: site, method, date, team</source>
        <translation>新走访 — 第 1 步，共 3 步：场所、方式、日期、小组</translation>
    </message>
    <message>
        <source>New visit — 2 of 3: indicator checklist</source>
        <translation>新走访 — 第 2 步，共 3 步：指标清单</translation>
    </message>
    <message>
        <source>New visit — 3 of 3: worker notes</source>
        <translation>新走访 — 第 3 步，共 3 步：工人记录</translation>
    </message>
    <message>
        <source>Choose the site you visited.</source>
        <translation>选择您走访的场所。</translation>
    </message>
    <message>
        <source>Choose how the visit was made.</source>
        <translation>请选择走访方式。</translation>
    </message>
    <message>
        <source>A visit you were logging on %1 (UTC) was not finished.</source>
        <translation>您于 %1（UTC）记录的走访尚未完成。</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
    <message>
        <source>Saved: the visit with %1 findings and %2 worker notes.</source>
        <translation>已保存：走访及其 %1 项发现和 %2 条工人记录。</translation>
    </message>
    <message>
        <source>Visit saved: %1 findings and %2 worker notes.</source>
        <translation>走访已保存：%1 项发现和 %2 条工人记录。</translation>
    </message>
</context>
<context>
    <name>VisitsAndFindings</name>
    <message>
        <source>Visits</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Visits and findings</source>
        <translation>走访与发现</translation>
    </message>
    <message>
        <source>Findings of this visit</source>
        <translation>本次走访的发现</translation>
    </message>
    <message>
        <source>List the findings of the selected visit</source>
        <translation>列出所选走访的发现</translation>
    </message>
    <message>
        <source>Findings of visit %1</source>
        <translation>走访 %1 的发现</translation>
    </message>
</context>
<context>
    <name>WipeDialog</name>
    <message>
        <source>Wipe workspace</source>
        <translation>清除工作区</translation>
    </message>
    <message>
        <source>This destroys the workspace “%1” at once: its keys first, so nothing in it can be read again, then all its files. It cannot be undone. Copies elsewhere (backups, recovery files, bundles already sent) are not affected. Type the workspace&apos;s name to confirm.</source>
        <translation>这将立即销毁工作区“%1”：先销毁其密钥，使其中的任何内容都无法再被读取，然后删除其所有文件。此操作无法撤销。其他地方的副本（备份、恢复文件、已发送的同步包）不受影响。请输入工作区名称以确认。</translation>
    </message>
    <message>
        <source>I understand that everything in it is lost for good</source>
        <translation>我明白其中的一切将永久丢失</translation>
    </message>
    <message>
        <source>Wipe now</source>
        <translation>立即清除</translation>
    </message>
    <message>
        <source>Type the workspace name and tick the confirmation.</source>
        <translation>请输入工作区名称并勾选确认。</translation>
    </message>
</context>
<context>
    <name>WorkspaceStatus</name>
    <message>
        <source>Workspace: %1</source>
        <translation>工作区：%1</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>field</source>
        <translation>实地</translation>
    </message>
    <message>
        <source>Role: %1</source>
        <translation>角色：%1</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>已解锁</translation>
    </message>
    <message>
        <source>Changes made on this device that have not been exported in a sync bundle.</source>
        <translation>在本设备上做出、尚未导出到同步包的更改。</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Lock state</source>
        <translation>锁定状态</translation>
    </message>
    <message>
        <source>Unsent changes</source>
        <translation>未发送的更改</translation>
    </message>
    <message>
        <source>Unsent changes: %1</source>
        <translation>未发送的更改：%1</translation>
    </message>
</context>
<context>
    <name>_Base</name>
    <message>
        <source>The new passphrase needs at least %1 characters.</source>
        <translation>新口令至少需要 %1 个字符。</translation>
    </message>
    <message>
        <source>The new passphrase is too easy to guess: make it longer, or use four or more unrelated words.</source>
        <translation>新口令太容易被猜到：请加长，或使用四个以上互不相关的词。</translation>
    </message>
    <message>
        <source>The two new passphrases differ.</source>
        <translation>两次输入的新口令不一致。</translation>
    </message>
</context>
<context>
    <name>schema</name>
    <message>
        <source>18 25</source>
        <translation>18–25 岁</translation>
    </message>
    <message>
        <source>26 35</source>
        <translation>26–35 岁</translation>
    </message>
    <message>
        <source>36 50</source>
        <translation>36–50 岁</translation>
    </message>
    <message>
        <source>Acronym</source>
        <translation>缩写</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Age band</source>
        <translation>年龄段</translation>
    </message>
    <message>
        <source>Aliases</source>
        <translation>别名</translation>
    </message>
    <message>
        <source>Amended record</source>
        <translation>被修正的记录</translation>
    </message>
    <message>
        <source>Amendment</source>
        <translation>修正</translation>
    </message>
    <message>
        <source>Amends finding</source>
        <translation>修正的发现</translation>
    </message>
    <message>
        <source>Announced</source>
        <translation>事先通知</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>答复</translation>
    </message>
    <message>
        <source>Answered on</source>
        <translation>答复日期</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Auditor</source>
        <translation>审核员</translation>
    </message>
    <message>
        <source>Belongs to</source>
        <translation>属于</translation>
    </message>
    <message>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>Buyer</source>
        <translation>采购商</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <source>Commitment met</source>
        <translation>承诺已履行</translation>
    </message>
    <message>
        <source>Commitments</source>
        <translation>承诺</translation>
    </message>
    <message>
        <source>Company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>Company response</source>
        <translation>公司回应</translation>
    </message>
    <message>
        <source>Company–site link</source>
        <translation>公司与场所的关联</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation>同意范围</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>Countries</source>
        <translation>国家</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>国家</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Criterion</source>
        <translation>标准</translation>
    </message>
    <message>
        <source>Decided at</source>
        <translation>决定时间</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Desk research</source>
        <translation>案头研究</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>仅限本设备</translation>
    </message>
    <message>
        <source>Disclosure</source>
        <translation>公开程度</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>证据</translation>
    </message>
    <message>
        <source>Evidence date</source>
        <translation>证据日期</translation>
    </message>
    <message>
        <source>Expelled</source>
        <translation>已开除</translation>
    </message>
    <message>
        <source>Factory</source>
        <translation>工厂</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>事实</translation>
    </message>
    <message>
        <source>Farm</source>
        <translation>农场</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>跟进截止</translation>
    </message>
    <message>
        <source>Former</source>
        <translation>前成员</translation>
    </message>
    <message>
        <source>Full</source>
        <translation>完全公开</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Grade</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>In remediation</source>
        <translation>整改中</translation>
    </message>
    <message>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Initiative</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>Interpreter</source>
        <translation>翻译</translation>
    </message>
    <message>
        <source>Interviewed on</source>
        <translation>访谈日期</translation>
    </message>
    <message>
        <source>Investor</source>
        <translation>投资者</translation>
    </message>
    <message>
        <source>Job role</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Labour agent</source>
        <translation>劳务中介</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Media type</source>
        <translation>媒体类型</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Meeting</source>
        <translation>会面</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Membership</source>
        <translation>成员资格</translation>
    </message>
    <message>
        <source>Metadata removed</source>
        <translation>元数据已移除</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Mill</source>
        <translation>纺纱厂</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>矿场</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Names in other scripts</source>
        <translation>其他文字的名称</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>叙述</translation>
    </message>
    <message>
        <source>No address</source>
        <translation>不含地址</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Observation</source>
        <translation>观察</translation>
    </message>
    <message>
        <source>Observed on</source>
        <translation>观察日期</translation>
    </message>
    <message>
        <source>Offsite interviews</source>
        <translation>场外访谈</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未整改</translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation>Open Supply Hub 编号</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>机构</translation>
    </message>
    <message>
        <source>Original name</source>
        <translation>原文件名</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Over 50</source>
        <translation>50 岁以上</translation>
    </message>
    <message>
        <source>Owner type</source>
        <translation>所属类型</translation>
    </message>
    <message>
        <source>Owns</source>
        <translation>拥有</translation>
    </message>
    <message>
        <source>Period end</source>
        <translation>期间结束</translation>
    </message>
    <message>
        <source>Period start</source>
        <translation>期间开始</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>政策</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>产品</translation>
    </message>
    <message>
        <source>Pseudonym</source>
        <translation>化名</translation>
    </message>
    <message>
        <source>Public anonymised</source>
        <translation>匿名公开</translation>
    </message>
    <message>
        <source>Public report</source>
        <translation>公开报告</translation>
    </message>
    <message>
        <source>Publication decision</source>
        <translation>发布决定</translation>
    </message>
    <message>
        <source>Ready to publish</source>
        <translation>可以发布</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Region of origin</source>
        <translation>原籍地区</translation>
    </message>
    <message>
        <source>Region or province</source>
        <translation>地区或省份</translation>
    </message>
    <message>
        <source>Relation</source>
        <translation>关系</translation>
    </message>
    <message>
        <source>Remediated</source>
        <translation>已整改</translation>
    </message>
    <message>
        <source>Remediated on</source>
        <translation>整改完成日期</translation>
    </message>
    <message>
        <source>Remediation due</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Remediation started on</source>
        <translation>整改开始日期</translation>
    </message>
    <message>
        <source>Remediation status</source>
        <translation>整改状态</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Request sent on</source>
        <translation>请求发送日期</translation>
    </message>
    <message>
        <source>Researcher</source>
        <translation>研究员</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>回应</translation>
    </message>
    <message>
        <source>Retailer</source>
        <translation>零售商</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Sealed</source>
        <translation>已封存</translation>
    </message>
    <message>
        <source>Sector</source>
        <translation>行业</translation>
    </message>
    <message>
        <source>Sha256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Source type</source>
        <translation>来源类型</translation>
    </message>
    <message>
        <source>Sources from</source>
        <translation>采购自</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Statement</source>
        <translation>声明</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Subject type</source>
        <translation>对象类型</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>Supplies</source>
        <translation>供应</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Target type</source>
        <translation>目标类型</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Unannounced</source>
        <translation>不事先通知</translation>
    </message>
    <message>
        <source>Under 18</source>
        <translation>18 岁以下</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Verified on</source>
        <translation>核实日期</translation>
    </message>
    <message>
        <source>Verified remediated</source>
        <translation>整改已核实</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>Web address</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Web form</source>
        <translation>网页表单</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Withhold</source>
        <translation>不公开</translation>
    </message>
    <message>
        <source>Worker note</source>
        <translation>工人记录</translation>
    </message>
    <message>
        <source>Workers covered</source>
        <translation>覆盖的工人</translation>
    </message>
    <message>
        <source>Workforce size</source>
        <translation>员工人数</translation>
    </message>
</context>
</TS>
