"""Distress 0-10 before and after an exercise: skippable, a 0 like any other number, 9-10 offers a
person, the change reflected in one line, kept encrypted for the user's own history."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from actions.distress_rating import RECORD_KIND, ActionRateDistress
from actions.grounding import ActionGroundingNext
from bot.content.distress_rating import rating_words
from bot.content.exercises import load_exercise
from bot.content.resources import resources_for
from bot.metadata import COUNTRY
from tests.actions.conftest import KNOWN_CLOCK as CLOCK
from tests.actions.conftest import make_tracker, sent_replies, slots_after, start_exercise

KNOWN_CLOCK = {**CLOCK, COUNTRY: "GB"}
EXERCISE = {"exercise": "grounding_54321"}


async def run_to_the_end(dispatcher, domain, slots: dict) -> dict:
    for _ in range(len(load_exercise(slots["exercise_id"]).steps)):
        tracker = make_tracker(slots, metadata=KNOWN_CLOCK)
        events = await ActionGroundingNext().run(dispatcher, tracker, domain)
        slots = slots_after(events, slots)
    return slots


async def rate(dispatcher, domain, slots: dict, said: str) -> dict:
    tracker = make_tracker(slots, text=said, intent="rate_distress", metadata=KNOWN_CLOCK)
    return slots_after(await ActionRateDistress().run(dispatcher, tracker, domain), slots)


@pytest.mark.asyncio
async def test_before_and_after_are_kept_encrypted_and_the_change_is_reflected(dispatcher, domain,
                                                                                user_store):
    slots = await start_exercise(dispatcher, domain, rating=8, metadata=KNOWN_CLOCK, entities=EXERCISE)
    slots = await run_to_the_end(dispatcher, domain, slots)
    assert slots["distress_asked"] == "after" and sent_replies(dispatcher)[-1].text == rating_words().after
    await rate(dispatcher, domain, slots, "like a 5/10 now")
    reflection = sent_replies(dispatcher)[-1]
    assert reflection.text.startswith(rating_words().went_down.format(before=8, after=5))
    assert [b.payload for b in reflection.buttons][:2] == ['/ground{"need":"another"}', "/goodbye"]
    (record,) = user_store.records.list("test-user", RECORD_KIND)
    assert record.content == {"exercise": "grounding_54321", "before": 8, "after": 5}
    with user_store.engine.connect() as connection:
        raw = " ".join(row[0] for row in connection.execute(text("SELECT content FROM user_records")))
    assert "before" not in raw and "grounding" not in raw


@pytest.mark.asyncio
async def test_a_zero_is_a_rating_like_any_other(dispatcher, domain, user_store):
    slots = await start_exercise(dispatcher, domain, rating=0, metadata=KNOWN_CLOCK, entities=EXERCISE)
    assert slots["distress_before"] == 0 and slots["exercise_active"] is True
    slots = await run_to_the_end(dispatcher, domain, slots)
    assert slots["distress_asked"] == "after"  # asked after, as for any other number
    await rate(dispatcher, domain, slots, "0")
    assert sent_replies(dispatcher)[-1].text.startswith(rating_words().stayed.format(after=0))
    (record,) = user_store.records.list("test-user", RECORD_KIND)
    assert record.content["before"] == 0 and record.content["after"] == 0


@pytest.mark.asyncio
async def test_skipping_starts_the_exercise_keeps_nothing_and_asks_nothing_after(dispatcher, domain,
                                                                                  user_store):
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK, entities=EXERCISE)
    assert slots["exercise_active"] is True and slots["distress_before"] is None
    slots = await run_to_the_end(dispatcher, domain, slots)
    assert slots.get("distress_asked") is None and sent_replies(dispatcher)[-1].text == load_exercise().outro
    assert user_store.records.list("test-user", RECORD_KIND) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("before", [9, 10])
async def test_a_nine_or_ten_offers_a_person_alongside_the_exercise(dispatcher, domain, before):
    await start_exercise(dispatcher, domain, rating=before, metadata=KNOWN_CLOCK, entities=EXERCISE)
    _, offer, first_step = sent_replies(dispatcher)
    assert offer.text.startswith(rating_words().offer_person)
    assert resources_for("GB").services[0].name in offer.text  # the lines for the user's country
    assert first_step.text.startswith(load_exercise().intro)


@pytest.mark.asyncio
async def test_an_eight_offers_no_person_and_goes_straight_to_the_exercise(dispatcher, domain):
    await start_exercise(dispatcher, domain, rating=8, metadata=KNOWN_CLOCK, entities=EXERCISE)
    _, first_step = sent_replies(dispatcher)
    assert first_step.text.startswith(load_exercise().intro)


@pytest.mark.asyncio
async def test_not_now_to_the_question_means_the_exercise_does_not_start(dispatcher, domain):
    from actions.grounding import ActionStartGrounding

    tracker = make_tracker(text="/ground", metadata=KNOWN_CLOCK, entities=EXERCISE)
    slots = slots_after(await ActionStartGrounding().run(dispatcher, tracker, domain))
    tracker = make_tracker(slots, text="/stop_exercise", intent="stop_exercise", metadata=KNOWN_CLOCK)
    slots = slots_after(await ActionRateDistress().run(dispatcher, tracker, domain), slots)
    assert slots["distress_asked"] is None and slots["exercise_active"] is False
    assert sent_replies(dispatcher)[-1].text == load_exercise().stopped


@pytest.mark.asyncio
async def test_words_that_are_not_a_number_start_the_exercise_as_a_skip(dispatcher, domain):
    from actions.grounding import ActionStartGrounding

    tracker = make_tracker(text="/ground", metadata=KNOWN_CLOCK, entities=EXERCISE)
    slots = slots_after(await ActionStartGrounding().run(dispatcher, tracker, domain))
    slots = await rate(dispatcher, domain, slots, "just start please")
    assert slots["exercise_active"] is True and slots["distress_before"] is None
