-- Repurchase cycles learned per customer and per category (desktop/repurchase.py), written by
-- every recompute of the layers so the repurchase rule, the lifecycle and the contact panel read
-- them instead of recomputing medians. NULL / '' for contacts without orders.
ALTER TABLE contacts ADD COLUMN cycle_days INTEGER;
ALTER TABLE contacts ADD COLUMN cycle_basis TEXT NOT NULL DEFAULT ''
    CHECK (cycle_basis IN ('', 'own', 'category', 'setting'));
ALTER TABLE contacts ADD COLUMN cycle_gaps INTEGER NOT NULL DEFAULT 0;
