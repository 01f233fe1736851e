-- SOP rules gain the trigger 'tag_added' (a custom rule: "打上某个标签后"), and the rule engine
-- and reminders get what they need beside it.
--
-- SQLite cannot change a CHECK in place, so sop_rules is rebuilt: create, copy, drop, rename
-- (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes").
-- The documented recipe switches foreign keys off first, but our connections keep them ON and
-- a migration runs inside a transaction, where that pragma is a no-op. DROP TABLE then does an
-- implicit DELETE whose ON DELETE SET NULL would clear every tasks.sop_rule_id — so the links
-- are saved before and put back after (rule ids are copied unchanged).
CREATE TEMP TABLE task_rule_links AS
    SELECT id, sop_rule_id FROM tasks WHERE sop_rule_id IS NOT NULL;

CREATE TABLE sop_rules_new (                    -- 自动规则: trigger → task
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
INSERT INTO sop_rules_new (id, code, name, trigger, params_json, delay_minutes, task_title,
                           script_category, enabled, builtin)
    SELECT id, code, name, trigger, params_json, delay_minutes, task_title, script_category,
           enabled, builtin
    FROM sop_rules;
DROP TABLE sop_rules;
ALTER TABLE sop_rules_new RENAME TO sop_rules;
UPDATE tasks SET sop_rule_id = l.sop_rule_id
    FROM temp.task_rule_links AS l WHERE l.id = tasks.id;
DROP TABLE temp.task_rule_links;

-- Contacts who already had the tag when a 'tag_added' rule was made (or re-enabled, or pointed
-- at another tag): the rule leaves them alone. contact_tags records no time of adding, and it
-- is written by many code paths; a baseline needs none of them to change (desktop/sop.py).
CREATE TABLE sop_tag_baseline (
    rule_id     INTEGER NOT NULL REFERENCES sop_rules(id) ON DELETE CASCADE,
    contact_id  INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (rule_id, contact_id)
) WITHOUT ROWID;
-- Purging a contact deletes its baseline rows through this index, not by a scan.
CREATE INDEX sop_tag_baseline_contact ON sop_tag_baseline(contact_id);

-- The reminder loop asks "what is due by now" and "when is the next one" (desktop/reminders.py).
CREATE INDEX tasks_open_remind ON tasks(remind_at)
    WHERE status IN ('open', 'snoozed') AND remind_at IS NOT NULL;
