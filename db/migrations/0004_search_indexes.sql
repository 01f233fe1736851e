-- Search, filters and saved segments (db/contact_query.py) at 100k contacts within 50 ms.
--
-- contacts_live_list covers every column a search, a filter or a list sort reads, led by the
-- list order (sort_name, id — id spelled out so that ties need no extra sort). Scanning it reads
-- about a tenth of the table's pages: ~10 ms instead of ~150 ms for a substring search or a
-- combination of filters, with the hits already in display order.
CREATE INDEX contacts_live_list ON contacts(
    sort_name, id,
    nickname, remark, nickname_pinyin, remark_pinyin, nickname_initials, remark_initials,
    tier, stage, channel, owner_account_id, added_at, last_interaction_at, last_order_at,
    rfm_segment, phone, wechat_id)
    WHERE deleted_at IS NULL;
-- WeChat / WeCom ids by prefix, ignoring ASCII case (WeCom ids are mixed case; the 0001 indexes
-- compare bytes and include the trash).
CREATE INDEX contacts_live_wechat_id ON contacts(wechat_id COLLATE NOCASE)
    WHERE deleted_at IS NULL AND wechat_id <> '';
CREATE INDEX contacts_live_wecom_id ON contacts(wecom_external_id COLLATE NOCASE)
    WHERE deleted_at IS NULL AND wecom_external_id <> '';
