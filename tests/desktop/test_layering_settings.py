"""Layering thresholds in settings: defaults, round trip, undo, restoring defaults, checks."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from db import settings as settings_db
from desktop import layering_rules
from desktop.contacts import ValidationError
from desktop.layering_rules import DEFAULT_SETTINGS, FIELD_INFO, LayeringSettings
from tests.conftest import dump
from tests.desktop.layering_seed import ago, layers, recompute, seed


def test_defaults_are_product_md_and_every_field_has_a_caption(workspace):
    assert layering_rules.load_settings(workspace.conn) == DEFAULT_SETTINGS
    assert (DEFAULT_SETTINGS.tier_window_days, DEFAULT_SETTINGS.l5_min_spent_fen,
            DEFAULT_SETTINGS.churn_days, DEFAULT_SETTINGS.silent_days) == (30, 500_000, 30, 180)
    assert list(FIELD_INFO) == [f.name for f in fields(LayeringSettings)]


def test_save_round_trips_and_undo_restores_exactly(workspace):
    conn = workspace.conn
    before = dump(conn)
    tuned = replace(DEFAULT_SETTINGS, l4_min_interactions=8, churn_days=45)
    result = workspace.execute(lambda c: layering_rules.save_settings(c, values=tuned))
    assert result.label == "修改分层规则" and result.changes.settings
    assert layering_rules.load_settings(conn) == tuned
    assert settings_db.get(conn, "layering.l4_min_interactions") == 8
    workspace.undo()
    assert dump(conn) == before
    workspace.redo()
    assert layering_rules.load_settings(conn) == tuned


def test_restoring_the_defaults_is_one_undoable_step(workspace):
    conn = workspace.conn
    tuned = replace(DEFAULT_SETTINGS, tier_window_days=14)
    workspace.execute(lambda c: layering_rules.save_settings(c, values=tuned))
    result = workspace.execute(lambda c: layering_rules.save_settings(c, values=DEFAULT_SETTINGS))
    assert result.label == "恢复默认分层规则"
    assert layering_rules.load_settings(conn) == DEFAULT_SETTINGS
    workspace.undo()
    assert layering_rules.load_settings(conn) == tuned
    assert not layering_rules.save_settings(conn, values=tuned).changes.any()  # no change


@pytest.mark.parametrize(("change", "field"), [
    ({"tier_window_days": 0}, "tier_window_days"),
    ({"l2_min_interactions": 0}, "l2_min_interactions"),
    ({"l3_avg_min_fen": -1}, "l3_avg_min_fen"),
    ({"declining_percent": 101}, "declining_percent"),
    ({"churn_days": 3651}, "churn_days"),
    ({"l4_min_orders": 2.5}, "l4_min_orders"),
    ({"l5_min_referrals": True}, "l5_min_referrals"),
    ({"l3_avg_min_fen": 30_000}, "l3_avg_max_fen"),
    ({"silent_days": 90}, "silent_days"),
])
def test_values_the_rules_cannot_use_are_refused(workspace, change, field):
    with pytest.raises(ValidationError) as raised:
        layering_rules.save_settings(workspace.conn, values=replace(DEFAULT_SETTINGS, **change))
    assert raised.value.field == field
    assert layering_rules.load_settings(workspace.conn) == DEFAULT_SETTINGS


def test_an_unusable_stored_value_reads_as_its_default(workspace):
    settings_db.put(workspace.conn, "layering.churn_days", "thirty")
    settings_db.put(workspace.conn, "layering.l2_min_orders", 2)
    assert layering_rules.load_settings(workspace.conn) == replace(DEFAULT_SETTINGS,
                                                                   l2_min_orders=2)


def test_fields_checked_together_are_read_together(workspace):
    """A stored L3 range above the default one is valid as a whole, not field by field."""
    wide = replace(DEFAULT_SETTINGS, l3_avg_min_fen=30_000, l3_avg_max_fen=40_000)
    layering_rules.save_settings(workspace.conn, values=wide)
    assert layering_rules.load_settings(workspace.conn) == wide


def test_the_rules_follow_the_settings(workspace):
    conn = workspace.conn
    contact = seed(conn, touches=[ago(1)] * 8)
    recompute(conn)
    assert layers(conn, contact)[:2] == (3, "L3：近30天互动 8 次 ≥ 5")
    layering_rules.save_settings(conn, values=replace(DEFAULT_SETTINGS, l4_min_interactions=8,
                                                      tier_window_days=7))
    recompute(conn)
    assert layers(conn, contact)[:2] == (4, "L4：近7天互动 8 次 ≥ 8")
