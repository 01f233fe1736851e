<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source> (pick one)</source>
        <translation>（单选）</translation>
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
        <source>{0} in the trash</source>
        <translation>回收站中 {0} 位客户</translation>
    </message>
    <message>
        <source>{0} contacts</source>
        <translation>共 {0} 位客户</translation>
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
        <source>Database: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
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
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
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
    <name>TaskDialog</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Due: {0}</source>
        <translation>截止：{0}</translation>
    </message>
    <message>
        <source>Contact: {0}</source>
        <translation>客户：{0}</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>标记完成</translation>
    </message>
    <message>
        <source>Open contact</source>
        <translation>打开客户</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today, {0}</source>
        <translation>今日 · {0}</translation>
    </message>
    <message>
        <source>Overdue tasks ({0})</source>
        <translation>已逾期任务（{0}）</translation>
    </message>
    <message>
        <source>Today&apos;s tasks ({0})</source>
        <translation>今日任务（{0}）</translation>
    </message>
    <message>
        <source>Today&apos;s moments posts ({0})</source>
        <translation>今日朋友圈（{0}）</translation>
    </message>
    <message>
        <source>Need a touch: no interaction for {0} days ({1})</source>
        <translation>需要跟进：超过 {0} 天未互动（{1}）</translation>
    </message>
    <message>
        <source>last interaction {0}</source>
        <translation>最近互动 {0}</translation>
    </message>
    <message>
        <source>never contacted</source>
        <translation>从未互动</translation>
    </message>
    <message>
        <source>Nothing overdue.</source>
        <translation>没有逾期任务。</translation>
    </message>
    <message>
        <source>No tasks for today.</source>
        <translation>今天没有任务。</translation>
    </message>
    <message>
        <source>No posts planned for today.</source>
        <translation>今天没有计划发布的朋友圈。</translation>
    </message>
    <message>
        <source>Everyone has been contacted recently.</source>
        <translation>最近每位客户都有互动。</translation>
    </message>
    <message>
        <source>Moments post</source>
        <translation>朋友圈</translation>
    </message>
</context>
</TS>
