<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Controller</name>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Record details</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a record to see its details.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(missing record)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Dialogs</name>
    <message>
        <source>ACES Desktop</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Fields</name>
    <message>
        <source>Acronym</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Age band</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Aliases</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Amends</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Answered on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Commitment met</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Commitments</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Company</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confidence</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Consent scope</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Countries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Country</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Disclosure</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>End date</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Follow-up due</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gender</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Grade</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Indicator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Interviewed on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Job role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latitude</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Longitude</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Narrative</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Observed on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Origin</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Supply Hub id</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other names</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Products</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pseudonym</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediated on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediation due</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediation started on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Remediation status</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Request sent on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sealed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sector</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Site</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Source type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start date</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Team</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Verified on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Visit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Website</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workforce size</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ListPage</name>
    <message>
        <source>New</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Add a new {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Edit the selected {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete the selected {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>{0} actions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search names and text…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>List of records: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Show all</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n record(s)</source>
        <translation>
            <numerusform>%n record</numerusform><numerusform>%n records</numerusform></translation>
    </message>
    <message>
        <source>Delete {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Delete this {0}? Its history is kept, but it leaves every list.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Lists</name>
    <message>
        <source>Sealed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Workspace locked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>“{0}” is locked. Enter its passphrase to continue.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lock screen</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Workspace: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>coordinator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>field</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unlocked</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unsent changes: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Changes made on this device that have not been exported in a sync bundle.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About ACES Desktop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ACES Desktop {0}

An offline, encrypted evidence workspace for documenting forced labour and rating companies and initiatives.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ACES Desktop — {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sites</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Companies</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Initiatives</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Visits and findings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Worker notes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Company responses</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lock state</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unsent changes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Open another workspace…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;New record</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Edit record</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Delete record</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Find</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Refresh lists</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About ACES Desktop</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Layout &amp;direction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Lock after idle (minutes)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default &amp;workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Layout direction</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lock after idle minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Default workspace folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Automatic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Left to right</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Right to left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Settings never hold a passphrase or a key; only preferences and folder paths.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StartDialog</name>
    <message>
        <source>ACES Desktop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Welcome to ACES Desktop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Your records stay in an encrypted workspace on this computer. Create one, open one you have, or look around in the demo workspace.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a new workspace…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open an existing workspace…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open the demo workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create a workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Field (auditor or researcher)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Coordinator (merges and publishes)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Passphrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Confirm</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>e.g. Dhaka field team</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Back</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspace name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Workspace folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confirm passphrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>At least {0} characters. A few unrelated words are easy to remember.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Weak: make it longer, or use four or more words.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Fair: longer is safer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Strong.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Folder for the new workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Give the workspace a name.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a folder for the workspace.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The passphrase needs at least {0} characters.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The two passphrases differ; type them again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Creating the workspace…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open a workspace folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Preparing the demo workspace…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Task</name>
    <message>
        <source>Something went wrong and the work was not finished: {0}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Types</name>
    <message>
        <source>site</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>company</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>initiative</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>visit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>finding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>worker note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>company response</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock workspace</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Enter the passphrase of the workspace in {0}.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Passphrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opening the workspace…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Values</name>
    <message>
        <source>factory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>farm</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>mill</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>mine</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>warehouse</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>other</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>brand</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>retailer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>buyer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>investor</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>supplier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>labour agent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>announced</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unannounced</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>offsite interviews</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>remote</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>desk research</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>in remediation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>remediated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>verified remediated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>this device only</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>coordinator</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>public, anonymised</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>email</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>letter</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>meeting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>phone</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>web form</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>medium</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>high</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>withhold</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>without address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>direct observation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>testimony, corroborated</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>testimony, single</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>public report</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>own claim</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>VisitsAndFindings</name>
    <message>
        <source>Visits</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Visits and findings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Findings of visit {0}</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>