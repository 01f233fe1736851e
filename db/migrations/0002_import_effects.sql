-- What an import batch changed in rows that existed before it, so that "撤销这次导入" puts
-- exactly that back, also after a restart. Rows the batch created (contacts, orders) carry
-- import_batch_id instead; these effects cover the rest:
--   fields       contact_id, detail_json = {"column": [before, after], …} of a merged contact
--   tag          contact_id, ref_id = tag given to an existing contact
--   untag        contact_id, ref_id = tag taken away (single-choice group, "overwrite" chosen)
--   link         contact_id, ref_id = account (添加人) linked to an existing contact
--   new_tag / new_group / new_account   ref_id = a row the batch created; removed on undo
--                                       when nothing else uses it by then
CREATE TABLE import_batch_effects (
    batch_id     INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('fields', 'tag', 'untag', 'link', 'new_tag',
                                               'new_group', 'new_account')),
    contact_id   INTEGER,
    ref_id       INTEGER,
    detail_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_batch_effects_batch ON import_batch_effects(batch_id, kind);
CREATE INDEX orders_import_batch ON orders(import_batch_id) WHERE import_batch_id IS NOT NULL;
