"""The crisis card: emergency number, the country's three lines, the user's own people, a way to ground."""

from __future__ import annotations

from bot.content.crisis_card import PlanContact, render_check_in, render_crisis_card, render_trouble_notice


def test_us_card_by_default():
    card = render_crisis_card()
    assert "call 911" in card.text
    for line in ("988", "800-656-HOPE", "1-800-799-SAFE"):
        assert line in card.text
    assert card.text.rstrip().endswith("Are you somewhere safe right now?")
    assert "/ground" in [b.payload for b in card.buttons]
    assert "not a therapist or an emergency service" in card.text


def test_card_follows_the_country():
    card = render_crisis_card("UK")
    assert "999" in card.text and "116 123" in card.text and "0808 2000 247" in card.text


def test_danger_puts_the_domestic_violence_line_first():
    card = render_crisis_card("US", ["danger_from_others"])
    assert card.text.index("Domestic Violence") < card.text.index("988")


def test_safety_plan_contacts_are_on_the_card():
    card = render_crisis_card("US", plan_contacts=[PlanContact("Sam (sister)", "555-0100")])
    assert "Sam (sister): 555-0100" in card.text


def test_country_without_a_national_line_says_so():
    assert "No single national sexual-assault line" in render_crisis_card("CA").text


def test_check_in_and_trouble_notice():
    assert "safe right now" in render_check_in().text
    notice = render_trouble_notice("US")
    assert "911" in notice.text and "988" in notice.text
