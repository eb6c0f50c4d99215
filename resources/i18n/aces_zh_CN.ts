<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Controller</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation>正在准备演示工作区…</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Record details</source>
        <translation>记录详情</translation>
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation>选择一条记录以查看详情。</translation>
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
    <name>Fields</name>
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
        <source>Amends</source>
        <translation>修正对象</translation>
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
        <source>Confidence</source>
        <translation>可信度</translation>
    </message>
    <message>
        <source>Consent scope</source>
        <translation>同意范围</translation>
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
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Disclosure</source>
        <translation>公开程度</translation>
    </message>
    <message>
        <source>End date</source>
        <translation>结束日期</translation>
    </message>
    <message>
        <source>Follow-up due</source>
        <translation>跟进截止</translation>
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
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Interviewed on</source>
        <translation>访谈日期</translation>
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
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Narrative</source>
        <translation>叙述</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Observed on</source>
        <translation>观察日期</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>籍贯</translation>
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation>Open Supply Hub 编号</translation>
    </message>
    <message>
        <source>Other names</source>
        <translation>其他名称</translation>
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
        <source>Region</source>
        <translation>地区</translation>
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
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Request sent on</source>
        <translation>请求发送日期</translation>
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
        <source>Site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Source type</source>
        <translation>来源类型</translation>
    </message>
    <message>
        <source>Start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>小组</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Verified on</source>
        <translation>核实日期</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>网站</translation>
    </message>
    <message>
        <source>Workforce size</source>
        <translation>员工人数</translation>
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Add a new {0}</source>
        <translation>新增{0}</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Edit the selected {0}</source>
        <translation>编辑所选{0}</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected {0}</source>
        <translation>删除所选{0}</translation>
    </message>
    <message>
        <source>{0} actions</source>
        <translation>{0}操作</translation>
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
        <source>List of records: {0}</source>
        <translation>记录列表：{0}</translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>显示全部</translation>
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n 条记录</numerusform></translation>
    </message>
    <message>
        <source>Delete {0}</source>
        <translation>删除{0}</translation>
    </message>
    <message>
        <source>Delete this {0}? Its history is kept, but it leaves every list.</source>
        <translation>删除此{0}？其历史记录会保留，但它将从所有列表中消失。</translation>
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
        <source>“{0}” is locked. Enter its passphrase to continue.</source>
        <translation>“{0}”已锁定。请输入口令以继续。</translation>
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
        <source>Workspace: {0}</source>
        <translation>工作区：{0}</translation>
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
        <source>Role: {0}</source>
        <translation>角色：{0}</translation>
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
        <source>Unsent changes: {0}</source>
        <translation>未发送的更改：{0}</translation>
    </message>
    <message>
        <source>Changes made on this device that have not been exported in a sync bundle.</source>
        <translation>在本设备上做出、尚未导出到同步包的更改。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About ACES Desktop</source>
        <translation>关于 ACES 桌面版</translation>
    </message>
    <message>
        <source>ACES Desktop {0}

An offline, encrypted evidence workspace for documenting forced labour and rating companies and initiatives.</source>
        <translation>ACES 桌面版 {0}

一个离线、加密的证据工作区，用于记录强迫劳动并为公司和倡议评级。</translation>
    </message>
    <message>
        <source>ACES Desktop — {0}</source>
        <translation>ACES 桌面版 — {0}</translation>
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
        <source>At least {0} characters. A few unrelated words are easy to remember.</source>
        <translation>至少 {0} 个字符。几个互不相关的词语容易记住。</translation>
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
        <source>The passphrase needs at least {0} characters.</source>
        <translation>口令至少需要 {0} 个字符。</translation>
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
    <name>Task</name>
    <message>
        <source>Something went wrong and the work was not finished: {0}</source>
        <translation>出现错误，工作未完成：{0}</translation>
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
    <name>Types</name>
    <message>
        <source>site</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>company</source>
        <translation>公司</translation>
    </message>
    <message>
        <source>initiative</source>
        <translation>倡议</translation>
    </message>
    <message>
        <source>visit</source>
        <translation>走访</translation>
    </message>
    <message>
        <source>finding</source>
        <translation>发现</translation>
    </message>
    <message>
        <source>worker note</source>
        <translation>工人记录</translation>
    </message>
    <message>
        <source>company response</source>
        <translation>公司回应</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock workspace</source>
        <translation>解锁工作区</translation>
    </message>
    <message>
        <source>Enter the passphrase of the workspace in {0}.</source>
        <translation>请输入位于 {0} 的工作区的口令。</translation>
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
    <name>Values</name>
    <message>
        <source>factory</source>
        <translation>工厂</translation>
    </message>
    <message>
        <source>farm</source>
        <translation>农场</translation>
    </message>
    <message>
        <source>mill</source>
        <translation>纺纱厂</translation>
    </message>
    <message>
        <source>mine</source>
        <translation>矿场</translation>
    </message>
    <message>
        <source>warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <source>retailer</source>
        <translation>零售商</translation>
    </message>
    <message>
        <source>buyer</source>
        <translation>采购商</translation>
    </message>
    <message>
        <source>investor</source>
        <translation>投资者</translation>
    </message>
    <message>
        <source>supplier</source>
        <translation>供应商</translation>
    </message>
    <message>
        <source>labour agent</source>
        <translation>劳务中介</translation>
    </message>
    <message>
        <source>announced</source>
        <translation>事先通知</translation>
    </message>
    <message>
        <source>unannounced</source>
        <translation>不事先通知</translation>
    </message>
    <message>
        <source>offsite interviews</source>
        <translation>场外访谈</translation>
    </message>
    <message>
        <source>remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <source>desk research</source>
        <translation>案头研究</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未整改</translation>
    </message>
    <message>
        <source>in remediation</source>
        <translation>整改中</translation>
    </message>
    <message>
        <source>remediated</source>
        <translation>已整改</translation>
    </message>
    <message>
        <source>verified remediated</source>
        <translation>整改已核实</translation>
    </message>
    <message>
        <source>this device only</source>
        <translation>仅限本设备</translation>
    </message>
    <message>
        <source>coordinator</source>
        <translation>协调员</translation>
    </message>
    <message>
        <source>public, anonymised</source>
        <translation>匿名公开</translation>
    </message>
    <message>
        <source>email</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <source>meeting</source>
        <translation>会面</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>web form</source>
        <translation>网页表单</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>withhold</source>
        <translation>不公开</translation>
    </message>
    <message>
        <source>without address</source>
        <translation>不含地址</translation>
    </message>
    <message>
        <source>full</source>
        <translation>完全公开</translation>
    </message>
    <message>
        <source>direct observation</source>
        <translation>直接观察</translation>
    </message>
    <message>
        <source>document</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>testimony, corroborated</source>
        <translation>证词（已佐证）</translation>
    </message>
    <message>
        <source>testimony, single</source>
        <translation>证词（单一来源）</translation>
    </message>
    <message>
        <source>public report</source>
        <translation>公开报告</translation>
    </message>
    <message>
        <source>own claim</source>
        <translation>自我声明</translation>
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
        <source>Findings of visit {0}</source>
        <translation>走访 {0} 的发现</translation>
    </message>
</context>
</TS>