"""Favourite exercises and the user's own things that help: kept encrypted, offered back, removable."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from actions.grounding import ActionGroundingNext, ActionStartGrounding
from actions.things_that_help import ActionAddThingThatHelps, ActionSaveFavourite, ActionThingsThatHelp
from bot.content.exercises import load_exercise
from bot.content.things_that_help import help_words
from tests.actions.conftest import KNOWN_CLOCK, make_tracker, sent_replies, slots_after, start_exercise


async def add(dispatcher, domain, said: str, intent: str = "nlu_fallback") -> bool:
    """"Add something that helps", then the user's answer; False when Harbor did not ask (a full list)."""
    tracker = make_tracker(text='/things_that_help{"helper":"add"}', entities={"helper": "add"})
    slots = slots_after(await ActionThingsThatHelp().run(dispatcher, tracker, domain))
    if slots != {"adding_thing_that_helps": True}:
        return False
    await ActionAddThingThatHelps().run(dispatcher, make_tracker(slots, text=said, intent=intent), domain)
    return True


@pytest.mark.asyncio
async def test_a_favourite_is_kept_and_offered_first_in_the_menu(dispatcher, domain):
    await ActionSaveFavourite().run(dispatcher, make_tracker({"exercise_id": "safe_place"}), domain)
    title = load_exercise("safe_place").title
    assert sent_replies(dispatcher)[-1].text == help_words().saved_favourite.format(title=title)
    await ActionStartGrounding().run(dispatcher, make_tracker(text="/ground"), domain)
    menu = sent_replies(dispatcher)[-1]
    assert menu.buttons[0].payload == '/ground{"exercise":"safe_place"}'  # at the top
    # Choosing it starts that exercise.
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK,
                                 entities={"exercise": "safe_place"})
    assert slots["exercise_id"] == "safe_place"


@pytest.mark.asyncio
async def test_own_things_are_added_kept_encrypted_and_offered_back_after_an_exercise(dispatcher, domain,
                                                                                      user_store):
    await add(dispatcher, domain, "my dog Biscuit")
    assert sent_replies(dispatcher)[-2].text == help_words().added.format(item="my dog Biscuit")
    with user_store.engine.connect() as connection:
        raw = " ".join(row[0] for row in connection.execute(text("SELECT content FROM user_records")))
    assert "Biscuit" not in raw
    slots = await start_exercise(dispatcher, domain, metadata=KNOWN_CLOCK,
                                 entities={"exercise": "grounding_54321"})
    for _ in range(len(load_exercise().steps)):
        slots = slots_after(await ActionGroundingNext().run(
            dispatcher, make_tracker(slots, metadata=KNOWN_CLOCK), domain), slots)
    assert "my dog Biscuit" in sent_replies(dispatcher)[-1].text


@pytest.mark.asyncio
async def test_cancel_adds_nothing(dispatcher, domain, user_store):
    await add(dispatcher, domain, "cancel", intent="stop_exercise")
    assert sent_replies(dispatcher)[-1].text == help_words().nothing_added
    assert user_store.records.list("test-user") == []


@pytest.mark.asyncio
async def test_things_can_be_removed_and_a_forged_removal_removes_nothing(dispatcher, domain, user_store):
    await add(dispatcher, domain, "a hot shower")
    await add(dispatcher, domain, "the song I love")
    for forged in ("o:7", "o:-1", "f:no_such_exercise", "x:0", "o:"):
        await ActionThingsThatHelp().run(dispatcher, make_tracker(entities={"drop": forged}), domain)
    assert user_store.records.list("test-user")[0].content["own"] == ["a hot shower", "the song I love"]
    await ActionThingsThatHelp().run(dispatcher, make_tracker(entities={"drop": "o:0"}), domain)
    assert user_store.records.list("test-user")[0].content["own"] == ["the song I love"]
    shown = sent_replies(dispatcher)[-1]
    assert "the song I love" in shown.text and "a hot shower" not in shown.text


@pytest.mark.asyncio
async def test_the_list_is_short_and_each_thing_one_line(dispatcher, domain, user_store):
    words = help_words()
    for number in range(words.max_items):
        assert await add(dispatcher, domain, f"thing {number}")
    assert not await add(dispatcher, domain, "one more")  # full: Harbor says so and shows the list
    assert sent_replies(dispatcher)[-2].text == words.too_many.format(count=words.max_items)
    assert len(user_store.records.list("test-user")[0].content["own"]) == words.max_items
    await ActionThingsThatHelp().run(dispatcher, make_tracker(entities={"drop": "o:0"}), domain)
    assert await add(dispatcher, domain, "one line\nonly " + "x" * 200)
    newest = user_store.records.list("test-user")[0].content["own"][-1]
    assert "\n" not in newest and len(newest) <= words.max_characters
