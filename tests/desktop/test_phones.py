"""Phones stay text: Excel's float and scientific forms, prefixes and full-width digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.phones import normalise_phone


@pytest.mark.parametrize("raw", [
    "13800138000", "+86 138-0013-8000", "0086 13800138000", "138 0013 8000",
    "１３８００１３８０００", 13800138000.0, "13800138000.0", "1.38001380000E+10",
    "(+86)138-0013-8000",
])
def test_common_forms_become_digits(raw):
    assert normalise_phone(raw) == "13800138000"


def test_leading_zero_of_a_landline_is_kept():
    assert normalise_phone("0571-8888 6666") == "057188886666"


@pytest.mark.parametrize("raw", ["abc", "138-0013-80x0", "12"])
def test_not_a_phone_is_refused_with_a_message(raw):
    with pytest.raises(ValueError, match="手机号"):
        normalise_phone(raw)


def test_empty_stays_empty():
    assert normalise_phone("") == normalise_phone(None) == ""


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
       st.sampled_from(["{}", "+86{}", "+86 {}", "0086{}", "{}.0"]),
       st.booleans())
def test_any_mobile_number_survives_any_presentation(number, template, full_width):
    text = template.format(f"{number[:3]}-{number[3:7]}-{number[7:]}"
                           if "." not in template else number)
    if full_width:
        text = text.translate({ord(d): 0xFF10 + int(d) for d in "0123456789"})
    assert normalise_phone(text) == number
