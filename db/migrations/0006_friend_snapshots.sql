-- Full contact exports of one account (这是完整导出), each compared with the account's previous
-- one to find the friends who deleted us (流失) and the new ones (desktop/snapshots.py).
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
CREATE INDEX account_snapshots_account ON account_snapshots(account_id, taken_at);

CREATE TABLE snapshot_members (
    snapshot_id  INTEGER NOT NULL REFERENCES account_snapshots(id) ON DELETE CASCADE,
    contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (snapshot_id, contact_id)
) WITHOUT ROWID;
CREATE INDEX snapshot_members_contact ON snapshot_members(contact_id);

-- 流失 (deleted us): in an account's snapshot, missing from its next one. Nothing about the
-- contact is deleted; a later snapshot that has them again closes the row (re-added).
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
CREATE INDEX friend_losses_contact ON friend_losses(contact_id);
CREATE INDEX friend_losses_snapshot ON friend_losses(snapshot_id);
CREATE INDEX friend_losses_open ON friend_losses(account_id, missed_at) WHERE readded_at IS NULL;
