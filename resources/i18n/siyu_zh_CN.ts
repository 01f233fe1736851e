<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AutoRules</name>
    <message>
        <source>Automation rules could not run: {0}</source>
        <translation>自动规则没能运行：{0}</translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <source>Back up to…</source>
        <translation>备份到…</translation>
    </message>
    <message>
        <source>Restore from backup…</source>
        <translation>从备份恢复…</translation>
    </message>
    <message>
        <source>Backups…</source>
        <translation>备份设置…</translation>
    </message>
    <message>
        <source>Back up to</source>
        <translation>备份到</translation>
    </message>
    <message>
        <source>Siyu Workstation backup (*{0})</source>
        <translation>私域工作台备份 (*{0})</translation>
    </message>
    <message>
        <source>Backup saved</source>
        <translation>备份已保存</translation>
    </message>
    <message>
        <source>Backed up to “{0}”.
{1}</source>
        <translation>已备份到“{0}”。
{1}</translation>
    </message>
    <message>
        <source>Backing up…</source>
        <translation>正在备份…</translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation>从备份恢复</translation>
    </message>
    <message>
        <source>Siyu Workstation backup (*{0});;All files (*)</source>
        <translation>私域工作台备份 (*{0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Replace the current data with this backup?

{0}

The current database is kept in the backups folder first. The window closes and opens again on the restored data.</source>
        <translation>用这个备份替换当前数据吗？

{0}

当前数据库会先保存到备份文件夹。窗口会关闭，然后用恢复后的数据重新打开。</translation>
    </message>
    <message>
        <source>Checking the backup…</source>
        <translation>正在检查备份…</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>备份</translation>
    </message>
    <message>
        <source>Daily backups kept</source>
        <translation>保留每日备份（份）</translation>
    </message>
    <message>
        <source>Weekly backups kept</source>
        <translation>保留每周备份（份）</translation>
    </message>
</context>
<context>
    <name>BriefingCard</name>
    <message>
        <source>Nothing left in today&apos;s queue.</source>
        <translation>今天的清单已全部处理完。</translation>
    </message>
    <message>
        <source>Post text:</source>
        <translation>朋友圈文案：</translation>
    </message>
    <message>
        <source>Suggested script: {0}</source>
        <translation>建议话术：{0}</translation>
    </message>
    <message>
        <source>No suggested script: press Ctrl+K to choose one.</source>
        <translation>没有建议话术：按 Ctrl+K 选择一条。</translation>
    </message>
    <message>
        <source>Copy text (Enter)</source>
        <translation>复制文案 (Enter)</translation>
    </message>
    <message>
        <source>Copy and log (Enter)</source>
        <translation>复制并记录 (Enter)</translation>
    </message>
    <message>
        <source>Mark posted (D)</source>
        <translation>标记已发 (D)</translation>
    </message>
    <message>
        <source>Done (D)</source>
        <translation>完成 (D)</translation>
    </message>
    <message>
        <source>Snooze to tomorrow (S)</source>
        <translation>推迟到明天 (S)</translation>
    </message>
    <message>
        <source>Next (N)</source>
        <translation>下一项 (N)</translation>
    </message>
    <message>
        <source>Open moments (O)</source>
        <translation>打开朋友圈 (O)</translation>
    </message>
    <message>
        <source>Open contact (O)</source>
        <translation>打开客户 (O)</translation>
    </message>
    <message>
        <source>Moments post · {0}</source>
        <translation>朋友圈 · {0}</translation>
    </message>
    <message>
        <source>Why today</source>
        <translation>今日原因</translation>
    </message>
    <message>
        <source>Last purchase</source>
        <translation>最近购买</translation>
    </message>
    <message>
        <source>Recent interactions</source>
        <translation>最近互动</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Open tasks</source>
        <translation>未完成任务</translation>
    </message>
    <message>
        <source>no due time</source>
        <translation>无截止时间</translation>
    </message>
</context>
<context>
    <name>BulkActions</name>
    <message>
        <source>Bulk edit</source>
        <translation>批量操作</translation>
    </message>
    <message>
        <source>Add tags…</source>
        <translation>加标签…</translation>
    </message>
    <message>
        <source>Remove tags…</source>
        <translation>去掉标签…</translation>
    </message>
    <message>
        <source>Set tier (pinned)</source>
        <translation>设置层级（固定）</translation>
    </message>
    <message>
        <source>Unpin tier</source>
        <translation>取消固定层级</translation>
    </message>
    <message>
        <source>Set owner account…</source>
        <translation>设置所属账号…</translation>
    </message>
    <message>
        <source>Move to trash…</source>
        <translation>移到回收站…</translation>
    </message>
    <message>
        <source>Add tags</source>
        <translation>加标签</translation>
    </message>
    <message>
        <source>Add the ticked tags to:</source>
        <translation>把勾选的标签加给：</translation>
    </message>
    <message>
        <source>Remove tags</source>
        <translation>去掉标签</translation>
    </message>
    <message>
        <source>Remove the ticked tags from:</source>
        <translation>从以下客户去掉勾选的标签：</translation>
    </message>
    <message>
        <source>Set tier</source>
        <translation>设置层级</translation>
    </message>
    <message>
        <source>Set the tier to {0} and pin it (recomputing will not change it):</source>
        <translation>把层级设为 {0} 并固定（重新计算不会改动它）：</translation>
    </message>
    <message>
        <source>Let the rules set the tier again for:</source>
        <translation>让规则重新决定以下客户的层级：</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所属账号</translation>
    </message>
    <message>
        <source>Set owner account</source>
        <translation>设置所属账号</translation>
    </message>
    <message>
        <source>Set the owner account of:</source>
        <translation>设置以下客户的所属账号：</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Move to the trash (Ctrl+Z brings them back):</source>
        <translation>移到回收站（按 Ctrl+Z 可恢复）：</translation>
    </message>
</context>
<context>
    <name>BulkDialog</name>
    <message>
        <source>The {0} selected contacts</source>
        <translation>选中的 {0} 位客户</translation>
    </message>
    <message>
        <source>All {0} contacts in the list</source>
        <translation>当前列表全部 {0} 位客户</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Export PNG…</source>
        <translation>导出图片…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出图片</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Could not write {0}.</source>
        <translation>无法写入“{0}”。</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <source>Check before importing</source>
        <translation>导入前检查</translation>
    </message>
    <message>
        <source>Nothing has been written yet. Read what the import will do, then press Import.</source>
        <translation>现在还没有写入任何数据。请看清导入将会做什么，确认无误后点“导入”。</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Export rejected rows…</source>
        <translation>导出被拒绝的行…</translation>
    </message>
    <message>
        <source>Checking the whole file…</source>
        <translation>正在检查整个文件…</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>照常导入</translation>
    </message>
    <message>
        <source>The table shows the first {0} of {1} problems; export the rejected rows to see them all.</source>
        <translation>表中只列出 {1} 条问题中的前 {0} 条；导出被拒绝的行可查看全部。</translation>
    </message>
    <message>
        <source>The check did not finish. Press “Check again” to retry.</source>
        <translation>检查没有完成。可以点“重新检查”再试一次。</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>没有导入任何数据。</translation>
    </message>
    <message>
        <source>{0}-rejected rows.csv</source>
        <translation>{0}-被拒绝的行.csv</translation>
    </message>
    <message>
        <source>Export rejected rows</source>
        <translation>导出被拒绝的行</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入“{0}”：{1}</translation>
    </message>
    <message>
        <source>Saved the rejected rows to {0}.</source>
        <translation>被拒绝的行已保存到“{0}”。</translation>
    </message>
</context>
<context>
    <name>ContactDetailPanel</name>
    <message>
        <source>Select a contact in the list to see and edit it here.</source>
        <translation>在左侧列表中选择一位客户，即可在这里查看和编辑。</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Add interaction…</source>
        <translation>添加互动…</translation>
    </message>
    <message>
        <source>Interactions</source>
        <translation>互动</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Add order…</source>
        <translation>添加订单…</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>What</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Tier history</source>
        <translation>分层历史</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>账号关系</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Remark name</source>
        <translation>备注名</translation>
    </message>
    <message>
        <source>WeChat ID</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>WeCom ID</source>
        <translation>企业微信 ID</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Added at</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>性别</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所属账号</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注说明</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Erase this person&apos;s data…</source>
        <translation>永久删除此人数据…</translation>
    </message>
    <message>
        <source> (pinned)</source>
        <translation>（已固定）</translation>
    </message>
    <message>
        <source>{0} orders, {1} in total</source>
        <translation>订单 {0} 笔，累计 {1}</translation>
    </message>
    <message>
        <source>last interaction {0}</source>
        <translation>最近互动 {0}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>无</translation>
    </message>
    <message>
        <source>in the trash</source>
        <translation>在回收站中</translation>
    </message>
    <message>
        <source>Repurchase cycle: {0}</source>
        <translation>复购周期：{0}</translation>
    </message>
    <message>
        <source>Recency band: {0}</source>
        <translation>活跃度：{0}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source> (pick one)</source>
        <translation>（单选）</translation>
    </message>
</context>
<context>
    <name>ContactPicker</name>
    <message>
        <source>Search: name, pinyin, phone…</source>
        <translation>搜索：名字、拼音、手机号…</translation>
    </message>
    <message>
        <source>(no contact)</source>
        <translation>（不关联客户）</translation>
    </message>
</context>
<context>
    <name>ContactTableModel</name>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Last interaction</source>
        <translation>最近互动</translation>
    </message>
</context>
<context>
    <name>ContactsPage</name>
    <message>
        <source>Search name, remark, pinyin or initials, WeChat ID, phone or its last 4 digits</source>
        <translation>搜索昵称、备注、拼音或首字母、微信号、手机号或尾号 4 位</translation>
    </message>
    <message>
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>Save as segment…</source>
        <translation>保存为分组…</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Move to trash</source>
        <translation>移到回收站</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>回收站</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Delete permanently…</source>
        <translation>永久删除…</translation>
    </message>
    <message>
        <source>Tagging session…</source>
        <translation>打标签模式…</translation>
    </message>
    <message>
        <source>Use a script…</source>
        <translation>使用话术…</translation>
    </message>
    <message>
        <source>{0} found</source>
        <translation>找到 {0} 位客户</translation>
    </message>
    <message>
        <source>{0} in the trash</source>
        <translation>回收站中 {0} 位客户</translation>
    </message>
    <message>
        <source>{0} contacts</source>
        <translation>共 {0} 位客户</translation>
    </message>
    <message>
        <source>Filter: {0}</source>
        <translation>筛选：{0}</translation>
    </message>
    <message>
        <source>Contact list</source>
        <translation>客户列表</translation>
    </message>
    <message>
        <source>Delete permanently</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <source>Permanently delete {0} contacts with their tags, interactions, orders and tasks? This cannot be undone.</source>
        <translation>要永久删除这 {0} 位客户，以及他们的标签、互动、订单和任务吗？此操作无法撤销。</translation>
    </message>
    <message>
        <source>Last check: {0} contacts will be erased for good. Continue?</source>
        <translation>最后确认：{0} 位客户将被彻底删除，无法找回。继续吗？</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Contacts per tier</source>
        <translation>各层级客户数</translation>
    </message>
    <message>
        <source>Contacts per lifecycle stage</source>
        <translation>各生命周期客户数</translation>
    </message>
    <message>
        <source>Contacts per channel</source>
        <translation>各来源渠道客户数</translation>
    </message>
    <message>
        <source>New contacts per week by channel</source>
        <translation>每周新增客户（按来源）</translation>
    </message>
    <message>
        <source>Tasks per week (by due date)</source>
        <translation>每周任务完成情况（按截止日）</translation>
    </message>
    <message>
        <source>Moments plan per week: posted vs skipped</source>
        <translation>每周朋友圈计划：已发与跳过</translation>
    </message>
    <message>
        <source>(no channel)</source>
        <translation>（无来源）</translation>
    </message>
    <message>
        <source>Done on time</source>
        <translation>按时完成</translation>
    </message>
    <message>
        <source>Done late</source>
        <translation>逾期完成</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>已发</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Only added between</source>
        <translation>只看添加时间介于</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Lifecycle stage</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Weeks of</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Week of</source>
        <translation>周</translation>
    </message>
    <message>
        <source>Contacts of the tasks due in the week of {0}: {1}</source>
        <translation>{0} 这一周到期任务的客户：{1}</translation>
    </message>
    <message>
        <source>Then ↓ / now →</source>
        <translation>当时 ↓ / 现在 →</translation>
    </message>
    <message>
        <source>Tier migration</source>
        <translation>层级迁移</translation>
    </message>
    <message>
        <source>Changed since</source>
        <translation>变化起始日期</translation>
    </message>
    <message>
        <source>Tier {0} → {1} since {2}</source>
        <translation>自 {2} 起从 {0} 变为 {1}</translation>
    </message>
    <message>
        <source>{0} · {1} contacts
avg. {2}</source>
        <translation>{0} · {1} 位
人均 {2}</translation>
    </message>
    <message>
        <source>Important</source>
        <translation>重要</translation>
    </message>
    <message>
        <source>General</source>
        <translation>一般</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>价值</translation>
    </message>
    <message>
        <source>Develop</source>
        <translation>发展</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保持</translation>
    </message>
    <message>
        <source>Win back</source>
        <translation>挽留</translation>
    </message>
    <message>
        <source>RFM segment</source>
        <translation>RFM 分群</translation>
    </message>
    <message>
        <source>Average spend (yuan)</source>
        <translation>人均消费（元）</translation>
    </message>
    <message>
        <source>RFM segments</source>
        <translation>RFM 分群</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Imported</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Show lost friends…</source>
        <translation>查看流失好友…</translation>
    </message>
    <message>
        <source>Import #{0} is saved.</source>
        <translation>已保存为第 #{0} 次导入。</translation>
    </message>
    <message>
        <source>Changed your mind? Undo this whole import under File → Import history, or press Ctrl+Z now.</source>
        <translation>如需反悔：可在“文件 → 导入记录”中撤销这一整次导入，或现在直接按 Ctrl+Z。</translation>
    </message>
    <message>
        <source>Create recall tasks for the {0} of them at L3 or above</source>
        <translation>为其中 {0} 位 L3 及以上的客户创建回访任务</translation>
    </message>
    <message>
        <source>Created {0} recall tasks, due today.</source>
        <translation>已创建 {0} 个回访任务，今天到期。</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export contacts</source>
        <translation>导出客户</translation>
    </message>
    <message>
        <source>Which contacts</source>
        <translation>导出哪些客户</translation>
    </message>
    <message>
        <source>The current list ({0})</source>
        <translation>当前列表（{0} 位）</translation>
    </message>
    <message>
        <source>The selected contacts ({0})</source>
        <translation>选中的客户（{0} 位）</translation>
    </message>
    <message>
        <source>All contacts ({0})</source>
        <translation>全部客户（{0} 位）</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>导出的列</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Usual columns</source>
        <translation>常用列</translation>
    </message>
    <message>
        <source>Format and privacy</source>
        <translation>格式与隐私</translation>
    </message>
    <message>
        <source>CSV (opens in Excel and WPS)</source>
        <translation>CSV（Excel 和 WPS 都能打开）</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Excel 工作簿（.xlsx）</translation>
    </message>
    <message>
        <source>Mask phone numbers (138****0000)</source>
        <translation>手机号打码（138****0000）</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Tick at least one column to export.</source>
        <translation>请至少勾选一列再导出。</translation>
    </message>
    <message>
        <source>Contacts export-{0}</source>
        <translation>客户导出-{0}</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Save the export as</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message>
        <source>Exported {0} contacts to
{1}</source>
        <translation>已导出 {0} 位客户到
{1}</translation>
    </message>
    <message>
        <source>Exporting contacts</source>
        <translation>正在导出客户</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <source>Choose the file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Check the preview: the text should be readable and each value in its own column. If not, change the encoding or delimiter.</source>
        <translation>请看一下预览：文字应能正常阅读，每个值各占一列。如果不是，请更换编码或分隔符。</translation>
    </message>
    <message>
        <source>Choose another file…</source>
        <translation>换一个文件…</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Delimiter</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Showing the first {0} rows; the whole file is read when checking.</source>
        <translation>这里预览前 {0} 行；检查时会读取整个文件。</translation>
    </message>
    <message>
        <source>{0} rows in the file.</source>
        <translation>文件共 {0} 行数据。</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>……另有 {0} 条</translation>
    </message>
</context>
<context>
    <name>FilterDialog</name>
    <message>
        <source>Filter contacts</source>
        <translation>筛选客户</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>has any of</source>
        <translation>包含任一</translation>
    </message>
    <message>
        <source>has all of</source>
        <translation>包含全部</translation>
    </message>
    <message>
        <source>has none of</source>
        <translation>都不包含</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>RFM segment</source>
        <translation>RFM 分群</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源与账号</translation>
    </message>
    <message>
        <source>Added between</source>
        <translation>添加时间介于</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
    <message>
        <source>Owner account</source>
        <translation>所属账号</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Activity and details</source>
        <translation>活跃与资料</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>No interaction for at least (days)</source>
        <translation>至少多少天未互动</translation>
    </message>
    <message>
        <source>Ordered within the last (days)</source>
        <translation>最近多少天内下过单</translation>
    </message>
    <message>
        <source>Phone number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeChat ID</source>
        <translation>微信号</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>全部清空</translation>
    </message>
    <message>
        <source>has one</source>
        <translation>有</translation>
    </message>
    <message>
        <source>has none</source>
        <translation>没有</translation>
    </message>
</context>
<context>
    <name>GuardRailsDialog</name>
    <message>
        <source>Posting limits</source>
        <translation>发圈上限</translation>
    </message>
    <message>
        <source> posts a day</source>
        <translation> 条/天</translation>
    </message>
    <message>
        <source> % hard ads a week</source>
        <translation> % 每周硬广占比</translation>
    </message>
    <message>
        <source>At most</source>
        <translation>最多</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Edit history</source>
        <translation>操作记录</translation>
    </message>
    <message>
        <source>Undo back to the selected step</source>
        <translation>撤销到选中的这一步</translation>
    </message>
    <message>
        <source>Newest first. Undoing a step also undoes every step above it.</source>
        <translation>最新的在最上面。撤销某一步时，它上面的各步也会一起撤销。</translation>
    </message>
    <message>
        <source>(undone) {0}</source>
        <translation>（已撤销）{0}</translation>
    </message>
</context>
<context>
    <name>ImportHistoryDialog</name>
    <message>
        <source>Import history</source>
        <translation>导入记录</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Rows</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>No file has been imported yet.</source>
        <translation>还没有导入过文件。</translation>
    </message>
    <message>
        <source>Undo this import…</source>
        <translation>撤销这次导入…</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Undone {0}</source>
        <translation>已撤销（{0}）</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>This deletes the {0} contacts this import created, and restores the fields and tags of the {1} contacts it merged into.</source>
        <translation>将删除本次新建的 {0} 位客户，并还原合并到的 {1} 位已有客户的字段和标签。</translation>
    </message>
    <message>
        <source>It was a full export: the friends it marked lost are no longer marked, those it found re-added are marked lost again, and its open welcome tasks are removed.</source>
        <translation>这是一次完整导出：撤销后，它标记的流失好友不再标记为流失，它发现的重新添加的好友会重新标记为流失，它创建的未完成欢迎任务会被删除。</translation>
    </message>
    <message>
        <source>This deletes the {0} orders this import added.</source>
        <translation>将删除本次导入的 {0} 笔订单。</translation>
    </message>
    <message>
        <source>Undo import #{0} of “{1}”? This cannot be undone.</source>
        <translation>确定撤销第 #{0} 次导入（“{1}”）吗？撤销后不能恢复。</translation>
    </message>
    <message>
        <source>Undo this import</source>
        <translation>撤销这次导入</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <source>Import contacts</source>
        <translation>导入客户</translation>
    </message>
    <message>
        <source>Import orders</source>
        <translation>导入订单</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Choose a file to import</source>
        <translation>选择要导入的文件</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.tsv *.txt *.xlsx *.xls);;All files (*)</source>
        <translation>表格文件 (*.csv *.tsv *.txt *.xlsx *.xls);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Checking {0}</source>
        <translation>正在检查“{0}”</translation>
    </message>
    <message>
        <source>Importing {0}</source>
        <translation>正在导入“{0}”</translation>
    </message>
</context>
<context>
    <name>InteractionDialog</name>
    <message>
        <source>Add interaction</source>
        <translation>添加互动</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>L1 Potential</source>
        <translation>L1 潜在</translation>
    </message>
    <message>
        <source>L2 Low activity</source>
        <translation>L2 低活跃</translation>
    </message>
    <message>
        <source>L3 Mid activity</source>
        <translation>L3 中活跃</translation>
    </message>
    <message>
        <source>L4 High activity</source>
        <translation>L4 高活跃</translation>
    </message>
    <message>
        <source>L5 Super user</source>
        <translation>L5 超级用户</translation>
    </message>
    <message>
        <source>Potential</source>
        <translation>潜在</translation>
    </message>
    <message>
        <source>New customer</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>Growing</source>
        <translation>成长期</translation>
    </message>
    <message>
        <source>Mature</source>
        <translation>成熟期</translation>
    </message>
    <message>
        <source>Declining</source>
        <translation>衰退期</translation>
    </message>
    <message>
        <source>Churned</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>Important value</source>
        <translation>重要价值</translation>
    </message>
    <message>
        <source>Important to develop</source>
        <translation>重要发展</translation>
    </message>
    <message>
        <source>Important to keep</source>
        <translation>重要保持</translation>
    </message>
    <message>
        <source>Important to win back</source>
        <translation>重要挽留</translation>
    </message>
    <message>
        <source>General value</source>
        <translation>一般价值</translation>
    </message>
    <message>
        <source>General to develop</source>
        <translation>一般发展</translation>
    </message>
    <message>
        <source>General to keep</source>
        <translation>一般保持</translation>
    </message>
    <message>
        <source>General to win back</source>
        <translation>一般挽留</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>男</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>女</translation>
    </message>
    <message>
        <source>Private chat</source>
        <translation>私聊</translation>
    </message>
    <message>
        <source>Moments like</source>
        <translation>朋友圈点赞</translation>
    </message>
    <message>
        <source>Moments comment</source>
        <translation>朋友圈评论</translation>
    </message>
    <message>
        <source>Group message</source>
        <translation>群消息</translation>
    </message>
    <message>
        <source>Store visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <source>Enquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>Script sent</source>
        <translation>话术已发送</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Product seeding</source>
        <translation>产品种草</translation>
    </message>
    <message>
        <source>Customer testimonial</source>
        <translation>用户见证</translation>
    </message>
    <message>
        <source>Event preview</source>
        <translation>活动预告</translation>
    </message>
    <message>
        <source>Daily life</source>
        <translation>人设日常</translation>
    </message>
    <message>
        <source>Know-how</source>
        <translation>知识干货</translation>
    </message>
    <message>
        <source>Perks</source>
        <translation>福利</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>To post</source>
        <translation>待发</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>已发</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>分层</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
</context>
<context>
    <name>Layering</name>
    <message>
        <source>Recomputing tiers and stages…</source>
        <translation>正在重新计算层级和阶段…</translation>
    </message>
    <message>
        <source>Tiers could not be recomputed: {0}</source>
        <translation>层级未能重新计算：{0}</translation>
    </message>
</context>
<context>
    <name>LayeringActions</name>
    <message>
        <source>Layering rules…</source>
        <translation>分层规则…</translation>
    </message>
    <message>
        <source>Recompute tiers and stages</source>
        <translation>重新计算分层</translation>
    </message>
</context>
<context>
    <name>LayeringSettingsDialog</name>
    <message>
        <source>Layering rules</source>
        <translation>分层规则</translation>
    </message>
    <message>
        <source>Tiers L2–L5</source>
        <translation>层级 L2–L5</translation>
    </message>
    <message>
        <source>Lifecycle stages</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Recency bands ({0})</source>
        <translation>活跃度分段（{0}）</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>PIN or password</source>
        <translation>PIN 或密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Siyu Workstation is locked. Enter the PIN to continue.</source>
        <translation>私域工作台已锁定。请输入 PIN 继续。</translation>
    </message>
    <message>
        <source>Wrong PIN. Try again.</source>
        <translation>PIN 不正确，请重试。</translation>
    </message>
</context>
<context>
    <name>LostFriendsDialog</name>
    <message>
        <source>Lost friends</source>
        <translation>流失好友</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>生命周期</translation>
    </message>
    <message>
        <source>Total spend</source>
        <translation>累计消费</translation>
    </message>
    <message>
        <source>Last order</source>
        <translation>最近下单</translation>
    </message>
    <message>
        <source>Lost between</source>
        <translation>流失时间段</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Friends</source>
        <translation>好友数</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>流失</translation>
    </message>
    <message>
        <source>Re-added</source>
        <translation>重新添加</translation>
    </message>
    <message>
        <source>Mask phone numbers</source>
        <translation>手机号打码</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Open contact</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Create recall tasks</source>
        <translation>创建回访任务</translation>
    </message>
    <message>
        <source>Full exports</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation>全部账号</translation>
    </message>
    <message>
        <source>{0} lost friends, most valuable first</source>
        <translation>{0} 位流失好友，价值高的在前</translation>
    </message>
    <message>
        <source>Created {0} recall tasks (Ctrl+Z undoes).</source>
        <translation>已创建 {0} 个回访任务（按 Ctrl+Z 可撤销）。</translation>
    </message>
    <message>
        <source>Export lost friends</source>
        <translation>导出流失好友</translation>
    </message>
    <message>
        <source>lost friends.csv</source>
        <translation>流失好友.csv</translation>
    </message>
    <message>
        <source>CSV (*.csv);;Excel (*.xlsx)</source>
        <translation>CSV 文件 (*.csv);;Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exported {0} lost friends to {1}</source>
        <translation>已导出 {0} 位流失好友到 {1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Siyu Workstation</source>
        <translation>私域工作台</translation>
    </message>
    <message>
        <source> The open window was brought to the front.</source>
        <translation> 已切换到已打开的窗口。</translation>
    </message>
    <message>
        <source>Creating sample data…</source>
        <translation>正在生成示例数据…</translation>
    </message>
    <message>
        <source>Siyu Workstation — {0}</source>
        <translation>私域工作台 — {0}</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Scripts</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Moments</source>
        <translation>朋友圈</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import contacts…</source>
        <translation>导入客户…</translation>
    </message>
    <message>
        <source>Import orders…</source>
        <translation>导入订单…</translation>
    </message>
    <message>
        <source>Export contacts…</source>
        <translation>导出客户…</translation>
    </message>
    <message>
        <source>Import history…</source>
        <translation>导入记录…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
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
        <source>Edit history…</source>
        <translation>操作记录…</translation>
    </message>
    <message>
        <source>Find contact</source>
        <translation>查找客户</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>客户(&amp;C)</translation>
    </message>
    <message>
        <source>Lost friends…</source>
        <translation>流失好友…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>Automation rules…</source>
        <translation>自动规则…</translation>
    </message>
    <message>
        <source>Export tasks to calendar (.ics)…</source>
        <translation>导出任务到日历 (.ics)…</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Security…</source>
        <translation>安全…</translation>
    </message>
    <message>
        <source>Contact limit…</source>
        <translation>联系频率上限…</translation>
    </message>
    <message>
        <source>Daily briefing limit…</source>
        <translation>今日清单每日上限…</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Contact limit</source>
        <translation>联系频率上限</translation>
    </message>
    <message>
        <source>Scripts sent to one contact in 7 days before a warning (your own limit: WeCom&apos;s caps change with its versions):</source>
        <translation>同一位客户 7 天内发送几次话术后提醒（这是您自己的上限；企业微信的限制会随版本变化）：</translation>
    </message>
    <message>
        <source>Daily briefing limit</source>
        <translation>今日清单每日上限</translation>
    </message>
    <message>
        <source>Cards in the Today queue per day (the rest are moved to tomorrow):</source>
        <translation>今日清单每天最多几项（其余移到明天）：</translation>
    </message>
    <message>
        <source>Tasks ({0})</source>
        <translation>任务 ({0})</translation>
    </message>
    <message>
        <source>The new language is used from the next start.</source>
        <translation>新的语言将在下次启动时生效。</translation>
    </message>
    <message>
        <source>Undo {0}</source>
        <translation>撤销：{0}</translation>
    </message>
    <message>
        <source>Redo {0}</source>
        <translation>重做：{0}</translation>
    </message>
    <message>
        <source>{0} contacts</source>
        <translation>共 {0} 位客户</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Match the columns</source>
        <translation>对应列</translation>
    </message>
    <message>
        <source>For each field, choose the column of the file that holds it, or “Do not import”.</source>
        <translation>为每个字段选择文件中对应的列；用不到的字段选“不导入”。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>文件中的列</translation>
    </message>
    <message>
        <source>Example from the file</source>
        <translation>文件中的示例</translation>
    </message>
    <message>
        <source>Overwrite existing non-empty fields</source>
        <translation>覆盖已有的非空字段</translation>
    </message>
    <message>
        <source>Off: contacts already in the list keep what they have; only their empty fields are filled and tags are added. On: values in the file replace theirs.</source>
        <translation>不勾选：已有客户的原有内容不变，只填写空字段、添加标签。勾选：用文件中的值替换已有内容。</translation>
    </message>
    <message>
        <source>This is a full export of one account&apos;s friends</source>
        <translation>这是完整导出（该账号的全部好友）</translation>
    </message>
    <message>
        <source>When ticked, the file is compared with this account&apos;s previous full export: friends missing from it are marked lost (they deleted us), new friends get the welcome task. No customer data is deleted.</source>
        <translation>勾选后，与该账号上一次完整导出对比：不在本次名单里的好友会标记为流失（已删除我们），新出现的好友会收到欢迎任务。不会删除任何客户资料。</translation>
    </message>
    <message>
        <source>Choose or type the account</source>
        <translation>选择或输入账号</translation>
    </message>
    <message>
        <source>Save mapping…</source>
        <translation>保存映射…</translation>
    </message>
    <message>
        <source>Applied the saved mapping “{0}”.</source>
        <translation>已套用保存的映射“{0}”。</translation>
    </message>
    <message>
        <source>{0} columns were recognised by their names. Check them and choose the rest.</source>
        <translation>已按列名自动识别 {0} 列，请核对，并为其余字段选择对应的列。</translation>
    </message>
    <message>
        <source>Do not import</source>
        <translation>不导入</translation>
    </message>
    <message>
        <source>Choose which account this is a full export of.</source>
        <translation>请选择这是哪个账号的完整导出。</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存映射</translation>
    </message>
    <message>
        <source>Name of this mapping (offered again for files with the same columns):</source>
        <translation>映射名称（以后导入列相同的文件时会自动套用）：</translation>
    </message>
    <message>
        <source>Saved the mapping “{0}”.</source>
        <translation>已保存映射“{0}”。</translation>
    </message>
</context>
<context>
    <name>MomentsPage</name>
    <message>
        <source>Mon</source>
        <translation>周一</translation>
    </message>
    <message>
        <source>Tue</source>
        <translation>周二</translation>
    </message>
    <message>
        <source>Wed</source>
        <translation>周三</translation>
    </message>
    <message>
        <source>Thu</source>
        <translation>周四</translation>
    </message>
    <message>
        <source>Fri</source>
        <translation>周五</translation>
    </message>
    <message>
        <source>Sat</source>
        <translation>周六</translation>
    </message>
    <message>
        <source>Sun</source>
        <translation>周日</translation>
    </message>
    <message>
        <source>‹</source>
        <translation>‹</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今日</translation>
    </message>
    <message>
        <source>›</source>
        <translation>›</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>新建朋友圈</translation>
    </message>
    <message>
        <source>Fill week</source>
        <translation>按模板填充本周</translation>
    </message>
    <message>
        <source>Add drafts for this week from the slot template</source>
        <translation>按时段模板为本周添加草稿</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Slot template…</source>
        <translation>时段模板…</translation>
    </message>
    <message>
        <source>Posting limits…</source>
        <translation>发圈上限…</translation>
    </message>
    <message>
        <source>Export the plan to a calendar (.ics)…</source>
        <translation>导出发圈计划到日历 (.ics)…</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文案</translation>
    </message>
    <message>
        <source>Mark posted</source>
        <translation>标记已发</translation>
    </message>
    <message>
        <source>{0}-{1:02d}</source>
        <translation>{0}-{1:02d}</translation>
    </message>
    <message>
        <source>This week: {0}</source>
        <translation>本周：{0}</translation>
    </message>
    <message>
        <source>+{0} more</source>
        <translation>还有 {0} 条</translation>
    </message>
    <message>
        <source> (and {0} more)</source>
        <translation>（另有 {0} 条）</translation>
    </message>
    <message>
        <source>Time to post ({0}): {1}{2}</source>
        <translation>该发朋友圈了（{0}）：{1}{2}</translation>
    </message>
    <message>
        <source>Text copied.</source>
        <translation>文案已复制。</translation>
    </message>
    <message>
        <source>Text copied; the {0} images are in the opened folder.</source>
        <translation>文案已复制；{0} 张图片在打开的文件夹里。</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Mark to post</source>
        <translation>标记为待发</translation>
    </message>
    <message>
        <source>Back to draft</source>
        <translation>改回草稿</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Slot template</source>
        <translation>时段模板</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>{0} drafts added from “{1}”.</source>
        <translation>已按“{1}”添加 {0} 条草稿。</translation>
    </message>
    <message>
        <source>This week already has every slot of “{0}”.</source>
        <translation>本周已经有“{0}”的全部时段。</translation>
    </message>
    <message>
        <source>Fill this week</source>
        <translation>填充本周</translation>
    </message>
    <message>
        <source>Export the plan to a calendar</source>
        <translation>导出发圈计划到日历</translation>
    </message>
    <message>
        <source>Calendar (*.ics)</source>
        <translation>日历文件 (*.ics)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>{0} planned posts exported to {1}.</source>
        <translation>已把 {0} 条计划导出到 {1}。</translation>
    </message>
</context>
<context>
    <name>NewContactDialog</name>
    <message>
        <source>New contact</source>
        <translation>新建客户</translation>
    </message>
    <message>
        <source>Nickname *</source>
        <translation>昵称 *</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>WeChat ID</source>
        <translation>微信号</translation>
    </message>
</context>
<context>
    <name>OpRunner</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Cancelled. Nothing was changed.</source>
        <translation>已取消，数据没有任何改动。</translation>
    </message>
    <message>
        <source>Please check</source>
        <translation>请检查</translation>
    </message>
    <message>
        <source>Disk full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>The disk is full, so nothing was saved. Free some space and try again.</source>
        <translation>磁盘空间已满，这次的修改没有保存。请清理出空间后重试。</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>操作失败</translation>
    </message>
    <message>
        <source>The action failed and nothing was changed.

Details: {0}</source>
        <translation>操作没有完成，数据没有任何改动。

详细信息：{0}</translation>
    </message>
</context>
<context>
    <name>OrderDialog</name>
    <message>
        <source>Add order</source>
        <translation>添加订单</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>来源渠道</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Recovery passphrase</source>
        <translation>恢复口令</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>I have written it down</source>
        <translation>我已抄下</translation>
    </message>
    <message>
        <source>The database is now encrypted. Its key is kept in this computer&apos;s keyring. Write down this recovery passphrase and keep it safe: on another computer, or if the keyring is lost, it is the only way to open the database. It is shown only once.</source>
        <translation>数据库现已加密，密钥保存在本机的系统钥匙串中。请抄下这个恢复口令并妥善保管：换电脑或钥匙串丢失时，它是打开数据库的唯一办法。它只显示这一次。</translation>
    </message>
</context>
<context>
    <name>PostCard</name>
    <message>
        <source>(no text yet)</source>
        <translation>（还没有文案）</translation>
    </message>
</context>
<context>
    <name>PostDialog</name>
    <message>
        <source>Edit post</source>
        <translation>编辑朋友圈</translation>
    </message>
    <message>
        <source>New post</source>
        <translation>新建朋友圈</translation>
    </message>
    <message>
        <source>(no account)</source>
        <translation>（未指定账号）</translation>
    </message>
    <message>
        <source>optional, e.g. Double 12</source>
        <translation>可选，例如 双12</translation>
    </message>
    <message>
        <source>The text to post…</source>
        <translation>要发的文案…</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>所有人</translation>
    </message>
    <message>
        <source>Only contacts with these tags</source>
        <translation>仅这些标签的客户可见</translation>
    </message>
    <message>
        <source>Everyone except these tags</source>
        <translation>这些标签的客户不可见</translation>
    </message>
    <message>
        <source>Add images…</source>
        <translation>添加图片…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Content type</source>
        <translation>内容类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文案</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Visible to</source>
        <translation>谁可以看</translation>
    </message>
    <message>
        <source>Add images</source>
        <translation>添加图片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.gif *.webp *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.gif *.webp *.bmp)</translation>
    </message>
</context>
<context>
    <name>QCoreApplication.self</name>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Decrypting the database…</source>
        <translation>正在解密数据库…</translation>
    </message>
    <message>
        <source>Encrypting the database…</source>
        <translation>正在加密数据库…</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Encrypted database</source>
        <translation>数据库已加密</translation>
    </message>
    <message>
        <source>The database “%1” is encrypted and this computer&apos;s keyring does not hold its key (for example on a new computer). Enter the recovery passphrase written down when encryption was turned on.</source>
        <translation>数据库“%1”已加密，但本机的钥匙串里没有它的密钥（例如在新电脑上）。请输入开启加密时抄下的恢复口令。</translation>
    </message>
    <message>
        <source> Tries left: %1</source>
        <translation> 还可以尝试 %1 次</translation>
    </message>
</context>
<context>
    <name>RuleEditDialog</name>
    <message>
        <source>Edit rule</source>
        <translation>编辑规则</translation>
    </message>
    <message>
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <source>after the trigger (0 = at once)</source>
        <translation>之后（0 = 立即）</translation>
    </message>
    <message>
        <source>e.g. Ask {客户} how the product works</source>
        <translation>例如：问问{客户}用得怎么样</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>名称 *</translation>
    </message>
    <message>
        <source>When</source>
        <translation>触发条件</translation>
    </message>
    <message>
        <source>Task due</source>
        <translation>任务截止</translation>
    </message>
    <message>
        <source>Task title *</source>
        <translation>任务标题 *</translation>
    </message>
    <message>
        <source>{客户} in the title becomes the contact&apos;s remark or nickname.</source>
        <translation>标题里的 {客户} 会换成客户的备注名（没有备注时用昵称）。</translation>
    </message>
    <message>
        <source>Suggested script category</source>
        <translation>建议话术类别</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Nothing more to set.</source>
        <translation>无需其他设置。</translation>
    </message>
    <message>
        <source>One category per line, e.g.
面膜 30
精华 60</source>
        <translation>每行一个品类和天数，例如：
面膜 30
精华 60</translation>
    </message>
    <message>
        <source>The reminder comes this many days before the date the customer is expected to buy again. That date is the last order plus the customer&apos;s own cycle (the median of their last gaps, from 3 orders on), else the median of the category over all customers, else the cycles set here.</source>
        <translation>在预计复购日期之前几天提醒。预计日期 = 最近一次下单 + 该客户自己的复购周期（下单满 3 次后，取最近几次间隔的中位数）；不够 3 次时用该品类所有客户的中位间隔；再没有时用这里设置的周期。</translation>
    </message>
    <message>
        <source>Repurchase cycle when none is learned</source>
        <translation>无法学习时的复购周期</translation>
    </message>
    <message>
        <source>Categories with their own cycle</source>
        <translation>单独设置周期的品类</translation>
    </message>
    <message>
        <source>Remind days ahead</source>
        <translation>提前几天提醒</translation>
    </message>
    <message>
        <source>No interaction for</source>
        <translation>没有互动的天数</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>Days before</source>
        <translation>提前天数</translation>
    </message>
    <message>
        <source>At</source>
        <translation>提醒时刻</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>ScriptEditor</name>
    <message>
        <source>Placeholders: {0}</source>
        <translation>占位符：{0}</translation>
    </message>
    <message>
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <source>Preview for… (type a name)</source>
        <translation>预览对象…（输入名字）</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文案</translation>
    </message>
    <message>
        <source>Target tiers</source>
        <translation>目标层级</translation>
    </message>
    <message>
        <source>Target stages</source>
        <translation>目标阶段</translation>
    </message>
    <message>
        <source>Shortcut keyword</source>
        <translation>快捷词</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Script settings</source>
        <translation>话术设置</translation>
    </message>
</context>
<context>
    <name>ScriptPicker</name>
    <message>
        <source>Use a script for {0}</source>
        <translation>给 {0} 使用话术</translation>
    </message>
    <message>
        <source>Type a few letters, pinyin initials or the shortcut keyword; Enter copies</source>
        <translation>输入几个字、拼音首字母或快捷词；按回车复制</translation>
    </message>
    <message>
        <source>Copy and log (Enter)</source>
        <translation>复制并记录 (回车)</translation>
    </message>
    <message>
        <source>Text to send (edit freely; marked placeholders must be filled or removed):</source>
        <translation>要发送的文字（可随意修改；标出的占位符必须填写或删除）：</translation>
    </message>
    <message>
        <source>Already messaged {0} times in the last 7 days; one more goes over the weekly limit of {1}. You can still send.</source>
        <translation>近 7 天已发过 {0} 次，再发一次会超过每周上限 {1} 次。仍然可以发送。</translation>
    </message>
    <message>
        <source>Next: {0} step {1} · </source>
        <translation>下一步：{0} 第 {1} 步 · </translation>
    </message>
</context>
<context>
    <name>ScriptsPage</name>
    <message>
        <source>Search title, text, pinyin or shortcut</source>
        <translation>搜索标题、内容、拼音或快捷词</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷词</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>使用次数</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>话术库</translation>
    </message>
    <message>
        <source>Sequences</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>New script</source>
        <translation>新建话术</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>★ Favourite</source>
        <translation>★ 收藏</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Add starter library</source>
        <translation>导入入门话术库</translation>
    </message>
    <message>
        <source>Script settings…</source>
        <translation>话术设置…</translation>
    </message>
    <message>
        <source>Uncategorised</source>
        <translation>未分类</translation>
    </message>
    <message>
        <source>All ({0})</source>
        <translation>全部（{0}）</translation>
    </message>
    <message>
        <source>★ Favourites ({0})</source>
        <translation>★ 收藏（{0}）</translation>
    </message>
    <message>
        <source>Starter library</source>
        <translation>入门话术库</translation>
    </message>
    <message>
        <source>{0} starter scripts added (those you already have were left as they are).</source>
        <translation>已添加 {0} 条入门话术（已有的保持不变）。</translation>
    </message>
    <message>
        <source>Import scripts</source>
        <translation>导入话术</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>{0} scripts added, {1} updated.</source>
        <translation>新增 {0} 条话术，更新 {1} 条。</translation>
    </message>
    <message>
        <source>Export scripts</source>
        <translation>导出话术</translation>
    </message>
    <message>
        <source>scripts.csv</source>
        <translation>话术.csv</translation>
    </message>
    <message>
        <source>{0} scripts saved to {1}</source>
        <translation>已把 {0} 条话术保存到 {1}</translation>
    </message>
</context>
<context>
    <name>SecuritySettings</name>
    <message>
        <source>Security</source>
        <translation>安全</translation>
    </message>
    <message>
        <source>Encryption at rest</source>
        <translation>数据加密</translation>
    </message>
    <message>
        <source>The database file is encrypted.</source>
        <translation>数据库文件已加密。</translation>
    </message>
    <message>
        <source>The database file is not encrypted.</source>
        <translation>数据库文件未加密。</translation>
    </message>
    <message>
        <source>Turn encryption off…</source>
        <translation>关闭加密…</translation>
    </message>
    <message>
        <source>Turn encryption on…</source>
        <translation>开启加密…</translation>
    </message>
    <message>
        <source>App lock</source>
        <translation>应用锁</translation>
    </message>
    <message>
        <source>Ask for a PIN at start and when idle</source>
        <translation>启动时和闲置后要求输入 PIN</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不修改</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Save app lock</source>
        <translation>保存应用锁设置</translation>
    </message>
    <message>
        <source>New PIN or password</source>
        <translation>新 PIN 或密码</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再输一次</translation>
    </message>
    <message>
        <source>Lock after idle</source>
        <translation>闲置多久后锁定</translation>
    </message>
    <message>
        <source>The app lock only hides the window; whoever copies the database file can read it unless encryption is on.</source>
        <translation>应用锁只是挡住窗口；不开启加密的话，拿到数据库文件的人仍能读取其中内容。</translation>
    </message>
    <message>
        <source>Turn encryption on</source>
        <translation>开启加密</translation>
    </message>
    <message>
        <source>The window closes, the database file is rewritten encrypted, and the window opens again (a large database takes a while).

Then a recovery passphrase is shown once: write it down. Without it the data cannot be opened on another computer or after the system keyring is lost.

Continue?</source>
        <translation>窗口会先关闭，数据库文件会被重写为加密文件，然后窗口重新打开（数据多时需要一些时间）。

之后会显示一次恢复口令，请抄下来。没有它，换电脑或系统钥匙串丢失后将无法打开数据。

继续吗？</translation>
    </message>
    <message>
        <source>Turn encryption off</source>
        <translation>关闭加密</translation>
    </message>
    <message>
        <source>The window closes, the database file is rewritten unencrypted, and the window opens again.

Afterwards anyone who copies the file can read your customers&apos; data.

Continue?</source>
        <translation>窗口会先关闭，数据库文件会被重写为不加密的文件，然后窗口重新打开。

之后任何拷走这个文件的人都能读到您的客户资料。

继续吗？</translation>
    </message>
    <message>
        <source>The two PINs differ.</source>
        <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
        <source>App lock saved.</source>
        <translation>应用锁已保存。</translation>
    </message>
    <message>
        <source>App lock turned off.</source>
        <translation>应用锁已关闭。</translation>
    </message>
</context>
<context>
    <name>SegmentsPanel</name>
    <message>
        <source>All contacts</source>
        <translation>全部客户</translation>
    </message>
    <message>
        <source>Save as segment</source>
        <translation>保存为分组</translation>
    </message>
    <message>
        <source>Name of the segment:</source>
        <translation>分组名称：</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Replace with the current filter</source>
        <translation>改为当前筛选条件</translation>
    </message>
    <message>
        <source>Delete segment</source>
        <translation>删除分组</translation>
    </message>
    <message>
        <source>Rename segment</source>
        <translation>重命名分组</translation>
    </message>
    <message>
        <source>New name:</source>
        <translation>新名称：</translation>
    </message>
    <message>
        <source>Delete the segment “{0}”? The contacts in it are not touched; Ctrl+Z brings the segment back.</source>
        <translation>删除分组“{0}”？分组里的客户不会被改动；按 Ctrl+Z 可以恢复这个分组。</translation>
    </message>
</context>
<context>
    <name>SequencesTab</name>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>For</source>
        <translation>适用</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Wait (days)</source>
        <translation>间隔（天）</translation>
    </message>
    <message>
        <source>Start for a segment…</source>
        <translation>为分组启动…</translation>
    </message>
    <message>
        <source>Start a sequence</source>
        <translation>启动序列</translation>
    </message>
    <message>
        <source>There is no saved segment yet. On the Contacts page, filter the contacts and choose “Save as segment”, then start the sequence for it.</source>
        <translation>还没有保存的分组。请在“客户”页筛选客户并选择“保存为分组”，然后再为它启动序列。</translation>
    </message>
    <message>
        <source>Start “{0}”</source>
        <translation>启动“{0}”</translation>
    </message>
    <message>
        <source>Make a step-1 task for every contact of the segment:</source>
        <translation>为分组里的每位客户创建第 1 步任务：</translation>
    </message>
    <message>
        <source>{0}

Start the sequence for the whole segment anyway?</source>
        <translation>{0}

仍然为整个分组启动这个序列吗？</translation>
    </message>
    <message>
        <source>{0} tasks created for step 1. {1} contacts were already in the sequence and got no second task.</source>
        <translation>已创建 {0} 个第 1 步任务。{1} 位客户已在序列中，没有重复创建。</translation>
    </message>
</context>
<context>
    <name>SlotTemplateDialog</name>
    <message>
        <source>Slot template: {0}</source>
        <translation>时段模板：{0}</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>星期</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Template text</source>
        <translation>模板文案</translation>
    </message>
    <message>
        <source>Add slot</source>
        <translation>添加时段</translation>
    </message>
    <message>
        <source>Remove slot</source>
        <translation>删除时段</translation>
    </message>
</context>
<context>
    <name>SopRules</name>
    <message>
        <source>Contact added</source>
        <translation>添加为好友</translation>
    </message>
    <message>
        <source>First order</source>
        <translation>首次下单</translation>
    </message>
    <message>
        <source>Days after the last order</source>
        <translation>最后一单后若干天（复购周期）</translation>
    </message>
    <message>
        <source>No interaction for some days</source>
        <translation>若干天没有互动</translation>
    </message>
    <message>
        <source>Entered a lifecycle stage</source>
        <translation>进入某个生命周期阶段</translation>
    </message>
    <message>
        <source>Reached a tier</source>
        <translation>升到某个层级</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Tag added</source>
        <translation>被打上某个标签</translation>
    </message>
    <message>
        <source>{0} days after the last order</source>
        <translation>最后一单后 {0} 天</translation>
    </message>
    <message>
        <source>No interaction for {0} days</source>
        <translation>{0} 天没有互动</translation>
    </message>
    <message>
        <source>Entered {0}</source>
        <translation>进入{0}</translation>
    </message>
    <message>
        <source>Reached {0}</source>
        <translation>升到 {0}</translation>
    </message>
    <message>
        <source>On the birthday, at {0}</source>
        <translation>生日当天 {0}</translation>
    </message>
    <message>
        <source>{0} days before the birthday, at {1}</source>
        <translation>生日前 {0} 天 {1}</translation>
    </message>
    <message>
        <source>Tag added: {0}</source>
        <translation>被打上标签：{0}</translation>
    </message>
    <message>
        <source> ({0} categories have their own cycle)</source>
        <translation>（{0} 个品类单独设置了周期）</translation>
    </message>
    <message>
        <source>; a cycle learned from orders comes first; reminded {0} days ahead</source>
        <translation>；优先使用从订单学到的周期；提前 {0} 天提醒</translation>
    </message>
    <message>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>小时</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>At once</source>
        <translation>立即</translation>
    </message>
    <message>
        <source>{0} {1} later</source>
        <translation>{0} {1}后</translation>
    </message>
</context>
<context>
    <name>SopRulesDialog</name>
    <message>
        <source>Automation rules</source>
        <translation>自动规则</translation>
    </message>
    <message>
        <source>Each rule turns an event into a task for the contact, e.g. 30 days without interaction → a recall task. Rules run by themselves at start, every hour and after edits; a rule never makes the same task twice.</source>
        <translation>每条规则把客户身上发生的事变成一个跟进任务，例如 30 天没有互动 → 召回任务。规则会在启动时、每小时以及修改客户资料后自动运行；同一件事不会重复生成任务。</translation>
    </message>
    <message>
        <source>On</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>When</source>
        <translation>触发条件</translation>
    </message>
    <message>
        <source>Task due</source>
        <translation>任务截止</translation>
    </message>
    <message>
        <source>Task title</source>
        <translation>任务标题</translation>
    </message>
    <message>
        <source>Script category</source>
        <translation>话术类别</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>New rule…</source>
        <translation>新建规则…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Run rules now</source>
        <translation>立即运行规则</translation>
    </message>
    <message>
        <source>Built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>Own</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Delete rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Delete the rule “{0}”? The tasks it made stay.</source>
        <translation>删除规则“{0}”吗？它已经生成的任务会保留。</translation>
    </message>
    <message>
        <source>Created {0} new tasks.</source>
        <translation>新建了 {0} 个任务。</translation>
    </message>
    <message>
        <source>Running automation rules</source>
        <translation>正在运行自动规则</translation>
    </message>
</context>
<context>
    <name>TagGroupPicker</name>
    <message>
        <source>Tag groups for the session</source>
        <translation>本次打标签使用的标签组</translation>
    </message>
    <message>
        <source>{0} ({1} tags)</source>
        <translation>{0}（{1} 个标签）</translation>
    </message>
    <message>
        <source>Number keys 1–9 toggle the tags of these groups, in this order; 0 shows more.</source>
        <translation>数字键 1–9 按此顺序切换这些组的标签；按 0 显示更多。</translation>
    </message>
</context>
<context>
    <name>TaggingSessionDialog</name>
    <message>
        <source>Tagging session — {0}</source>
        <translation>打标签模式 — {0}</translation>
    </message>
    <message>
        <source>Last interactions</source>
        <translation>最近互动</translation>
    </message>
    <message>
        <source>Last orders</source>
        <translation>最近订单</translation>
    </message>
    <message>
        <source>toggle tag</source>
        <translation>切换标签</translation>
    </message>
    <message>
        <source>more tags</source>
        <translation>更多标签</translation>
    </message>
    <message>
        <source>tier</source>
        <translation>层级</translation>
    </message>
    <message>
        <source>next</source>
        <translation>下一位</translation>
    </message>
    <message>
        <source>back</source>
        <translation>上一位</translation>
    </message>
    <message>
        <source>skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>end</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Undo all changes of this session</source>
        <translation>撤销本次全部修改</translation>
    </message>
    <message>
        <source>Continue later</source>
        <translation>稍后继续</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source> (pick one)</source>
        <translation>（单选）</translation>
    </message>
    <message>
        <source>No tag groups chosen for this session.</source>
        <translation>本次没有选择标签组。</translation>
    </message>
    <message>
        <source>Tags page {0} / {1} — press 0 for more</source>
        <translation>标签第 {0} / {1} 页 — 按 0 看更多</translation>
    </message>
    <message>
        <source>Done {0} · changed {1} · skipped {2}</source>
        <translation>已处理 {0} · 修改 {1} · 跳过 {2}</translation>
    </message>
    <message>
        <source>Time left: estimating…</source>
        <translation>剩余时间：估算中…</translation>
    </message>
    <message>
        <source>About a minute left</source>
        <translation>约剩 1 分钟</translation>
    </message>
    <message>
        <source>About {0} min left</source>
        <translation>约剩 {0} 分钟</translation>
    </message>
    <message>
        <source>About {0} h {1} min left</source>
        <translation>约剩 {0} 小时 {1} 分钟</translation>
    </message>
    <message>
        <source> (pinned)</source>
        <translation>（已固定）</translation>
    </message>
    <message>
        <source>Nickname: {0}</source>
        <translation>昵称：{0}</translation>
    </message>
    <message>
        <source>Remark: {0}</source>
        <translation>备注：{0}</translation>
    </message>
    <message>
        <source>Channel: {0}</source>
        <translation>来源：{0}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{0} orders, {1} in total</source>
        <translation>订单 {0} 笔，累计 {1}</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>Tier: press 1–5 (any other key cancels)</source>
        <translation>层级：按 1–5（按其他键取消）</translation>
    </message>
    <message>
        <source>Nothing of this session to undo.</source>
        <translation>本次没有可撤销的修改。</translation>
    </message>
    <message>
        <source>Undone: {0}</source>
        <translation>已撤销：{0}</translation>
    </message>
    <message>
        <source>Processed {0}, changed {1}</source>
        <translation>已处理 {0} 位，修改 {1} 位</translation>
    </message>
    <message>
        <source>Resume tagging session</source>
        <translation>继续打标签</translation>
    </message>
    <message>
        <source>The tagging session “{0}” stopped at {1} / {2}. Resume it?

No starts a new session instead.</source>
        <translation>打标签“{0}”停在第 {1} / {2} 位。要继续吗？

选“否”则重新开始一次。</translation>
    </message>
    <message>
        <source>Tagging session</source>
        <translation>打标签模式</translation>
    </message>
    <message>
        <source>There is no contact in “{0}” to tag.</source>
        <translation>“{0}”里没有可以打标签的客户。</translation>
    </message>
</context>
<context>
    <name>TaskEditDialog</name>
    <message>
        <source>Edit task</source>
        <translation>编辑任务</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>e.g. Call back about the order</source>
        <translation>例如：回电话确认订单</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>Task *</source>
        <translation>任务 *</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due time</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Suggested script</source>
        <translation>建议话术</translation>
    </message>
</context>
<context>
    <name>TaskReminders</name>
    <message>
        <source>Show tasks</source>
        <translation>查看任务</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Reminders while you were away</source>
        <translation>关闭期间到期的提醒</translation>
    </message>
    <message>
        <source>Contact: {0}</source>
        <translation>客户：{0}</translation>
    </message>
    <message>
        <source>Due: {0}</source>
        <translation>截止：{0}</translation>
    </message>
    <message>
        <source>Task reminder</source>
        <translation>任务提醒</translation>
    </message>
    <message>
        <source> and more</source>
        <translation> 等</translation>
    </message>
    <message>
        <source>{0} task reminders</source>
        <translation>{0} 个任务提醒</translation>
    </message>
    <message>
        <source>{0} — {1} tasks to do now</source>
        <translation>{0}：现在有 {1} 个任务要处理</translation>
    </message>
</context>
<context>
    <name>TaskTableModel</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止时间</translation>
    </message>
    <message>
        <source>Done at</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Reminder</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Suggested script</source>
        <translation>建议话术</translation>
    </message>
    <message>
        <source> (snoozed)</source>
        <translation>（已推迟）</translation>
    </message>
    <message>
        <source>No due time</source>
        <translation>无截止时间</translation>
    </message>
</context>
<context>
    <name>Tasks</name>
    <message>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>中</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>Does not repeat</source>
        <translation>不重复</translation>
    </message>
    <message>
        <source>Every day</source>
        <translation>每天</translation>
    </message>
    <message>
        <source>Every week</source>
        <translation>每周</translation>
    </message>
    <message>
        <source>Every month</source>
        <translation>每月</translation>
    </message>
    <message>
        <source>Every N days</source>
        <translation>每隔 N 天</translation>
    </message>
    <message>
        <source>Every {0} days</source>
        <translation>每 {0} 天</translation>
    </message>
    <message>
        <source>No reminder</source>
        <translation>不提醒</translation>
    </message>
    <message>
        <source>At the due time</source>
        <translation>到时提醒</translation>
    </message>
    <message>
        <source>{0} day(s) before</source>
        <translation>提前 {0} 天</translation>
    </message>
    <message>
        <source>{0} hour(s) before</source>
        <translation>提前 {0} 小时</translation>
    </message>
    <message>
        <source>{0} minutes before</source>
        <translation>提前 {0} 分钟</translation>
    </message>
    <message>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Automation rule</source>
        <translation>自动规则</translation>
    </message>
    <message>
        <source>Moments post</source>
        <translation>朋友圈</translation>
    </message>
    <message>
        <source>Export tasks to calendar</source>
        <translation>导出任务到日历</translation>
    </message>
    <message>
        <source>Siyu tasks</source>
        <translation>私域任务</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>日历文件 (*.ics)</translation>
    </message>
    <message>
        <source>Exported {0} tasks to
{1}

Import this file into your phone&apos;s calendar to get the reminders there too.</source>
        <translation>导出了 {0} 个任务到
{1}

用手机日历导入这个文件即可收到提醒。</translation>
    </message>
</context>
<context>
    <name>TasksPage</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Snooze</source>
        <translation>推迟</translation>
    </message>
    <message>
        <source>15 minutes</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>Tomorrow 09:00</source>
        <translation>明天 09:00</translation>
    </message>
    <message>
        <source>Pick a time…</source>
        <translation>选择时间…</translation>
    </message>
    <message>
        <source>Reschedule…</source>
        <translation>改期…</translation>
    </message>
    <message>
        <source>Cancel task</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>New task</source>
        <translation>新建任务</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Open contact</source>
        <translation>打开客户</translation>
    </message>
    <message>
        <source>Use a script…</source>
        <translation>使用话术…</translation>
    </message>
    <message>
        <source>Export to calendar (.ics)…</source>
        <translation>导出到日历 (.ics)…</translation>
    </message>
    <message>
        <source>Today ({0})</source>
        <translation>今日 ({0})</translation>
    </message>
    <message>
        <source>Overdue ({0})</source>
        <translation>逾期 ({0})</translation>
    </message>
    <message>
        <source>Upcoming ({0})</source>
        <translation>即将 ({0})</translation>
    </message>
    <message>
        <source>Done ({0})</source>
        <translation>已完成 ({0})</translation>
    </message>
    <message>
        <source>Each tab shows its first {0} tasks.</source>
        <translation>每个标签页最多显示前 {0} 个任务。</translation>
    </message>
    <message>
        <source>Snooze until</source>
        <translation>推迟到</translation>
    </message>
    <message>
        <source>Remind me of “{0}” again at:</source>
        <translation>什么时候再提醒“{0}”：</translation>
    </message>
    <message>
        <source>Reschedule</source>
        <translation>改期</translation>
    </message>
    <message>
        <source>New due time for “{0}”:</source>
        <translation>“{0}”的新截止时间：</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Move to tomorrow</source>
        <translation>顺延到明天</translation>
    </message>
    <message>
        <source>Show them anyway</source>
        <translation>仍然显示</translation>
    </message>
    <message>
        <source>Show them</source>
        <translation>查看</translation>
    </message>
    <message>
        <source>Today, {0}</source>
        <translation>今日 · {0}</translation>
    </message>
    <message>
        <source>Moments post · {0}</source>
        <translation>朋友圈 · {0}</translation>
    </message>
    <message>
        <source> (+{0})</source>
        <translation>（+{0}）</translation>
    </message>
    <message>
        <source>Overdue · </source>
        <translation>已逾期 · </translation>
    </message>
    <message>
        <source>No contact</source>
        <translation>无客户</translation>
    </message>
    <message>
        <source>No script for this card: press Ctrl+K to choose one.</source>
        <translation>这一项没有话术：按 Ctrl+K 选择一条。</translation>
    </message>
    <message>
        <source>Nothing copied: fill {0} first (Ctrl+K lets you edit the text).</source>
        <translation>没有复制：请先填写 {0}（按 Ctrl+K 可以修改文字）。</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <source>Copied and logged as sent.</source>
        <translation>已复制，并记录为已发送。</translation>
    </message>
</context>
</TS>
