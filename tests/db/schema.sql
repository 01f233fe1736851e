CREATE TRIGGER contact_tags_single_choice BEFORE INSERT ON contact_tags
WHEN (SELECT g.single_choice FROM tags t JOIN tag_groups g ON g.id = t.group_id
      WHERE t.id = NEW.tag_id) = 1
 AND EXISTS (SELECT 1 FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id
             WHERE ct.contact_id = NEW.contact_id AND ct.tag_id <> NEW.tag_id
               AND t.group_id = (SELECT group_id FROM tags WHERE id = NEW.tag_id))
BEGIN
    SELECT RAISE(ABORT, 'single-choice tag group already has a tag for this contact');
END;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
CREATE TABLE account_snapshots (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    taken_at         TEXT NOT NULL,                 -- UTC: when the export was imported
    import_batch_id  INTEGER REFERENCES import_batches(id) ON DELETE SET NULL,
    file_name        TEXT NOT NULL DEFAULT '',
    member_count     INTEGER NOT NULL,
    new_count        INTEGER NOT NULL DEFAULT 0,
    lost_count       INTEGER NOT NULL DEFAULT 0,
    readded_count    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE accounts (                       -- the operator's own WeChat / WeCom accounts (矩阵号)
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT 'wechat' CHECK (kind IN ('wechat', 'wecom')),
    note        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE contact_accounts (
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    remark       TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    added_at     TEXT NOT NULL DEFAULT (datetime('now')),
    source       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (contact_id, account_id)
) WITHOUT ROWID;
CREATE TABLE contact_sequence_progress (
    contact_id     INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    sequence_id    INTEGER NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
    step_reached   INTEGER NOT NULL DEFAULT 0,
    updated_at     TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (contact_id, sequence_id)
) WITHOUT ROWID;
CREATE TABLE contact_tags (
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id      INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
) WITHOUT ROWID;
CREATE TABLE contacts (
    id                  INTEGER PRIMARY KEY,
    nickname            TEXT NOT NULL DEFAULT '',      -- 昵称
    remark              TEXT NOT NULL DEFAULT '',      -- 备注
    wechat_id           TEXT NOT NULL DEFAULT '',      -- 微信号
    wecom_external_id   TEXT NOT NULL DEFAULT '',      -- 企业微信 external_userid
    phone               TEXT NOT NULL DEFAULT '',      -- digits only, kept as text
    gender              TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    city                TEXT NOT NULL DEFAULT '',
    birthday            TEXT NOT NULL DEFAULT '',
    owner_account_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,  -- earliest link
    channel             TEXT NOT NULL DEFAULT '',      -- 来源
    added_at            TEXT NOT NULL DEFAULT (datetime('now')),
    notes               TEXT NOT NULL DEFAULT '',
    -- Kept up to date on write from interactions / orders (never derived at query time).
    last_interaction_at TEXT,
    last_order_at       TEXT,
    order_count         INTEGER NOT NULL DEFAULT 0,
    total_spent_fen     INTEGER NOT NULL DEFAULT 0,
    -- Layering (PRODUCT.md "Tier", "Lifecycle stage", "RFM").
    tier                INTEGER NOT NULL DEFAULT 1 CHECK (tier BETWEEN 1 AND 5),
    tier_pinned         INTEGER NOT NULL DEFAULT 0 CHECK (tier_pinned IN (0, 1)),
    tier_reason         TEXT NOT NULL DEFAULT '',
    stage               TEXT NOT NULL DEFAULT 'potential' CHECK (stage IN
                            ('potential', 'new', 'growing', 'mature', 'declining', 'churned')),
    stage_reason        TEXT NOT NULL DEFAULT '',
    rfm_r               INTEGER, rfm_f INTEGER, rfm_m INTEGER,
    rfm_segment         TEXT NOT NULL DEFAULT '',
    -- Search keys, computed when the contact is written (desktop/pinyin_keys.py).
    nickname_pinyin     TEXT NOT NULL DEFAULT '',
    nickname_initials   TEXT NOT NULL DEFAULT '',
    remark_pinyin       TEXT NOT NULL DEFAULT '',
    remark_initials     TEXT NOT NULL DEFAULT '',
    sort_name           TEXT NOT NULL DEFAULT '',      -- pinyin of remark, else of nickname
    phone_reversed      TEXT NOT NULL DEFAULT '',      -- for "last four digits" by index
    import_batch_id     INTEGER REFERENCES import_batches(id) ON DELETE SET NULL,
    created_at          TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at          TEXT NOT NULL DEFAULT (datetime('now')),
    deleted_at          TEXT                            -- set = in the trash
, cycle_days INTEGER, cycle_basis TEXT NOT NULL DEFAULT ''
    CHECK (cycle_basis IN ('', 'own', 'category', 'setting')), cycle_gaps INTEGER NOT NULL DEFAULT 0);
CREATE TABLE friend_losses (
    id                   INTEGER PRIMARY KEY,
    contact_id           INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    account_id           INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    snapshot_id          INTEGER NOT NULL REFERENCES account_snapshots(id) ON DELETE CASCADE,
    seen_at              TEXT NOT NULL,   -- UTC: the last snapshot that had them (lost after)
    missed_at            TEXT NOT NULL,   -- UTC: the first snapshot without them (lost by)
    readded_at           TEXT,            -- UTC: a later snapshot had them again
    readded_snapshot_id  INTEGER REFERENCES account_snapshots(id) ON DELETE SET NULL
);
CREATE TABLE import_batch_effects (
    batch_id     INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('fields', 'tag', 'untag', 'link', 'new_tag',
                                               'new_group', 'new_account')),
    contact_id   INTEGER,
    ref_id       INTEGER,
    detail_json  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE import_batches (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('contacts', 'orders', 'interactions')),
    file_name    TEXT NOT NULL,
    started_at   TEXT NOT NULL DEFAULT (datetime('now')),
    finished_at  TEXT,
    row_count    INTEGER NOT NULL DEFAULT 0,
    created      INTEGER NOT NULL DEFAULT 0,
    merged       INTEGER NOT NULL DEFAULT 0,
    rejected     INTEGER NOT NULL DEFAULT 0,
    undone_at    TEXT
);
CREATE TABLE interactions (                     -- 互动
    id               INTEGER PRIMARY KEY,
    contact_id       INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL CHECK (kind IN ('chat', 'moments_like', 'moments_comment',
                         'group_message', 'store_visit', 'enquiry', 'script_sent', 'note')),
    occurred_at      TEXT NOT NULL,
    note             TEXT NOT NULL DEFAULT '',
    script_id        INTEGER REFERENCES scripts(id) ON DELETE SET NULL,
    import_batch_id  INTEGER REFERENCES import_batches(id) ON DELETE SET NULL
);
CREATE TABLE layer_history (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    dimension   TEXT NOT NULL CHECK (dimension IN ('tier', 'stage')),
    from_value  TEXT NOT NULL DEFAULT '',
    to_value    TEXT NOT NULL,
    changed_at  TEXT NOT NULL DEFAULT (datetime('now')),
    reason      TEXT NOT NULL DEFAULT ''
);
CREATE TABLE moments_media (                    -- images copied into the app's media folder
    id         INTEGER PRIMARY KEY,
    post_id    INTEGER NOT NULL REFERENCES moments_posts(id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,                    -- relative to the media folder
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE moments_posts (                    -- 朋友圈
    id            INTEGER PRIMARY KEY,
    planned_at    TEXT NOT NULL,
    account_id    INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    content_type  TEXT NOT NULL DEFAULT 'daily' CHECK (content_type IN
                      ('product', 'testimonial', 'event', 'daily', 'knowledge', 'perk')),
    body          TEXT NOT NULL DEFAULT '',
    visibility    TEXT NOT NULL DEFAULT 'everyone' CHECK (visibility IN
                      ('everyone', 'only_tags', 'except_tags')),
    status        TEXT NOT NULL DEFAULT 'draft' CHECK (status IN
                      ('draft', 'pending', 'posted', 'skipped')),
    is_hard_ad    INTEGER NOT NULL DEFAULT 0 CHECK (is_hard_ad IN (0, 1)),
    campaign      TEXT NOT NULL DEFAULT '',
    posted_at     TEXT,
    created_at    TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at    TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE moments_slot_templates (           -- weekly slot templates that fill a week
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);
CREATE TABLE moments_slots (
    id            INTEGER PRIMARY KEY,
    template_id   INTEGER NOT NULL REFERENCES moments_slot_templates(id) ON DELETE CASCADE,
    weekday       INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),   -- 1 = Monday
    local_time    TEXT NOT NULL,                                       -- 'HH:MM', local
    content_type  TEXT NOT NULL DEFAULT 'daily',
    body          TEXT NOT NULL DEFAULT '',
    is_hard_ad    INTEGER NOT NULL DEFAULT 0 CHECK (is_hard_ad IN (0, 1))
);
CREATE TABLE moments_visibility_tags (
    post_id  INTEGER NOT NULL REFERENCES moments_posts(id) ON DELETE CASCADE,
    tag_id   INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, tag_id)
) WITHOUT ROWID;
CREATE TABLE orders (                           -- 消费
    id               INTEGER PRIMARY KEY,
    contact_id       INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    ordered_at       TEXT NOT NULL,
    amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
    item             TEXT NOT NULL DEFAULT '',
    category         TEXT NOT NULL DEFAULT '',
    channel          TEXT NOT NULL DEFAULT '',
    import_batch_id  INTEGER REFERENCES import_batches(id) ON DELETE SET NULL
);
CREATE TABLE saved_mappings (                   -- import column mappings, offered again
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    kind               TEXT NOT NULL DEFAULT 'contacts',
    headers_signature  TEXT NOT NULL,
    mapping_json       TEXT NOT NULL,
    created_at         TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE saved_segments (                   -- named filters with live counts
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    filter_json  TEXT NOT NULL,
    sort_order   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE scripts (                          -- 话术
    id            INTEGER PRIMARY KEY,
    title         TEXT NOT NULL,
    category      TEXT NOT NULL DEFAULT '',        -- 欢迎语, 破冰, 促首单, 复购, 召回 …
    body          TEXT NOT NULL DEFAULT '',        -- with placeholders such as {昵称}
    target_tiers  TEXT NOT NULL DEFAULT '',        -- comma-separated tier numbers, '' = all
    target_stages TEXT NOT NULL DEFAULT '',        -- comma-separated stage codes, '' = all
    shortcut      TEXT NOT NULL DEFAULT '',
    favourite     INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    usage_count   INTEGER NOT NULL DEFAULT 0,
    last_used_at  TEXT,
    created_at    TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at    TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE TABLE sequence_steps (
    id           INTEGER PRIMARY KEY,
    sequence_id  INTEGER NOT NULL REFERENCES sequences(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    variant      TEXT NOT NULL DEFAULT 'all' CHECK (variant IN ('all', 'new', 'returning')),
    script_id    INTEGER NOT NULL REFERENCES scripts(id) ON DELETE CASCADE,
    delay_days   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (sequence_id, position, variant)
);
CREATE TABLE sequences (                        -- ordered scripts, e.g. the parcel-card flow
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    description  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value_json  TEXT NOT NULL
);
CREATE TABLE snapshot_members (
    snapshot_id  INTEGER NOT NULL REFERENCES account_snapshots(id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (snapshot_id, contact_id)
) WITHOUT ROWID;
CREATE TABLE "sop_rules" (                    -- 自动规则: trigger → task
    id               INTEGER PRIMARY KEY,
    code             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    trigger          TEXT NOT NULL CHECK (trigger IN ('contact_added', 'first_order',
                         'days_after_last_order', 'no_interaction', 'entered_stage',
                         'birthday', 'reached_tier', 'tag_added')),
    params_json      TEXT NOT NULL DEFAULT '{}',
    delay_minutes    INTEGER NOT NULL DEFAULT 0,
    task_title       TEXT NOT NULL,
    script_category  TEXT NOT NULL DEFAULT '',
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    builtin          INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
);
CREATE TABLE sop_tag_baseline (
    rule_id     INTEGER NOT NULL REFERENCES sop_rules(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, contact_id)
) WITHOUT ROWID;
CREATE TABLE tag_groups (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    single_choice  INTEGER NOT NULL DEFAULT 0 CHECK (single_choice IN (0, 1)),
    sort_order     INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tags (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES tag_groups(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    color       TEXT NOT NULL DEFAULT '#607D8B',       -- '#RRGGBB'
    sort_order  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
);
CREATE TABLE tasks (                            -- 任务
    id                   INTEGER PRIMARY KEY,
    title                TEXT NOT NULL,
    contact_id           INTEGER REFERENCES contacts(id) ON DELETE CASCADE,
    due_at               TEXT,
    remind_at            TEXT,
    recurrence           TEXT NOT NULL DEFAULT '',  -- '', 'daily', 'weekly', 'monthly', 'every:N'
    priority             INTEGER NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),  -- 1 high
    status               TEXT NOT NULL DEFAULT 'open' CHECK (status IN
                             ('open', 'done', 'snoozed', 'cancelled')),
    source               TEXT NOT NULL DEFAULT 'manual' CHECK (source IN ('manual', 'sop', 'moments')),
    sop_rule_id          INTEGER REFERENCES sop_rules(id) ON DELETE SET NULL,
    trigger_key          TEXT,                       -- which occurrence of the trigger made it
    suggested_script_id  INTEGER REFERENCES scripts(id) ON DELETE SET NULL,
    moments_post_id      INTEGER REFERENCES moments_posts(id) ON DELETE CASCADE,
    notes                TEXT NOT NULL DEFAULT '',
    done_at              TEXT,
    created_at           TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX account_snapshots_account ON account_snapshots(account_id, taken_at);
CREATE INDEX contact_accounts_account ON contact_accounts(account_id, contact_id);
CREATE INDEX contact_tags_tag ON contact_tags(tag_id, contact_id);
CREATE INDEX contacts_import_batch ON contacts(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX contacts_live_added ON contacts(added_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_channel ON contacts(channel) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_last_interaction ON contacts(last_interaction_at) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_list ON contacts(
    sort_name, id,
    nickname, remark, nickname_pinyin, remark_pinyin, nickname_initials, remark_initials,
    tier, stage, channel, owner_account_id, added_at, last_interaction_at, last_order_at,
    rfm_segment, phone, wechat_id)
    WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_nickname ON contacts(nickname_pinyin) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_quiet ON contacts(coalesce(last_interaction_at, added_at))
    WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_remark ON contacts(remark_pinyin) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_sort_name ON contacts(sort_name) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_stage ON contacts(stage) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_tier ON contacts(tier) WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_tier_quiet ON contacts(tier, coalesce(last_interaction_at, added_at))
    WHERE deleted_at IS NULL;
CREATE INDEX contacts_live_wechat_id ON contacts(wechat_id COLLATE NOCASE)
    WHERE deleted_at IS NULL AND wechat_id <> '';
CREATE INDEX contacts_live_wecom_id ON contacts(wecom_external_id COLLATE NOCASE)
    WHERE deleted_at IS NULL AND wecom_external_id <> '';
CREATE INDEX contacts_owner ON contacts(owner_account_id);
CREATE INDEX contacts_phone ON contacts(phone) WHERE phone <> '';
CREATE INDEX contacts_phone_reversed ON contacts(phone_reversed) WHERE phone_reversed <> '';
CREATE INDEX contacts_trash ON contacts(deleted_at) WHERE deleted_at IS NOT NULL;
CREATE INDEX contacts_wechat_id ON contacts(wechat_id) WHERE wechat_id <> '';
CREATE INDEX contacts_wecom_id ON contacts(wecom_external_id) WHERE wecom_external_id <> '';
CREATE INDEX friend_losses_contact ON friend_losses(contact_id);
CREATE INDEX friend_losses_open ON friend_losses(account_id, missed_at) WHERE readded_at IS NULL;
CREATE INDEX friend_losses_snapshot ON friend_losses(snapshot_id);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX import_batch_effects_batch ON import_batch_effects(batch_id, kind);
CREATE INDEX interactions_contact_time ON interactions(contact_id, occurred_at);
CREATE INDEX layer_history_contact ON layer_history(contact_id, changed_at);
CREATE INDEX layer_history_time ON layer_history(dimension, changed_at);
CREATE INDEX moments_media_post ON moments_media(post_id, position);
CREATE INDEX moments_posts_planned ON moments_posts(planned_at);
CREATE INDEX orders_contact_time ON orders(contact_id, ordered_at);
CREATE INDEX orders_import_batch ON orders(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX scripts_category ON scripts(category);
CREATE INDEX snapshot_members_contact ON snapshot_members(contact_id);
CREATE INDEX sop_tag_baseline_contact ON sop_tag_baseline(contact_id);
CREATE INDEX tasks_contact ON tasks(contact_id);
CREATE INDEX tasks_open_remind ON tasks(remind_at)
    WHERE status IN ('open', 'snoozed') AND remind_at IS NOT NULL;
CREATE UNIQUE INDEX tasks_sop_once ON tasks(sop_rule_id, contact_id, trigger_key)
    WHERE sop_rule_id IS NOT NULL;
CREATE INDEX tasks_status_due ON tasks(status, due_at);
