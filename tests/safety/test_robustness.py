"""Any string at all gets an Assessment: the detector never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.safety import Assessment, assess

ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=5000)
RTL_AND_EMOJI = st.text(alphabet="\u05d0\u05d1\u0627\u0644\u200f\u202e💊🔪🩸😂\u200b\ufe0f ", max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ANY_TEXT)
def test_any_text(text):
    result = assess(text)
    assert isinstance(result, Assessment)
    for start, end in result.spans:
        assert 0 <= start <= end <= len(text)


@settings(max_examples=100, deadline=None)
@given(RTL_AND_EMOJI)
def test_rtl_and_emoji_only(text):
    assert isinstance(assess(text), Assessment)


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=2000))
def test_binary_ish_text(data):
    assert isinstance(assess(data.decode("latin-1")), Assessment)


def test_huge_message():
    assert isinstance(assess("i am fine. " * 50_000), Assessment)


def test_not_a_string():
    assert assess(None).level == 0  # type: ignore[arg-type]
