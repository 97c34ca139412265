"""The safety plan walkthrough's actions on tracker fixtures: the questions, the answers kept as
written (a skip, a "not now"), the plan's card, its PDF, its people on the crisis card."""

from __future__ import annotations

import io

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from sqlalchemy import text

from actions.safety_plan import ActionSafetyPlan, ValidateSafetyPlanForm
from actions.safety_plan_card import ActionManageSafetyPlan, ActionSaveSafetyPlan
from actions.safety_plan_store import guide
from bot.content.crisis_card import plan_contacts, render_crisis_card
from bot.metadata import COUNTRY
from bot.store.records import SAFETY_PLAN
from tests.actions.conftest import make_tracker, sent_replies, slots_after

ANSWERS = {"sp_warning_signs": "cant sleep, replaying what happened", "sp_coping_alone": "",
           "sp_distractions": "the park, my sister's place", "sp_helpers": "Sam 07700 900123, my mum",
           "sp_professionals": "keep these", "sp_safer_surroundings": "give my pills to Sam",
           "sp_reasons": "my cat Zoë", "sp_likelihood": "not very likely"}


def answering(slot: str, said: str, slots: dict | None = None) -> Tracker:
    """The form asked `slot`; the user said `said` (Rasa has put it in the slot, to validate)."""
    latest = {"text": said, "intent": {"name": "nlu_fallback", "confidence": 1.0}, "entities": []}
    events = [{"event": "user", "text": said}, {"event": "slot", "name": slot, "value": said}]
    return Tracker("test-user", {**(slots or {}), slot: said, "requested_slot": slot}, latest, events,
                   False, None, {"name": "safety_plan_form"}, "action_listen")


async def validate(dispatcher, domain, slot: str, said: str, slots: dict | None = None) -> list:
    return await ValidateSafetyPlanForm().run(dispatcher, answering(slot, said, slots), domain)


@pytest.mark.asyncio
async def test_each_step_says_why_it_matters_and_offers_examples(dispatcher, domain):
    from actions.safety_plan import ASK_ACTIONS

    for ask in ASK_ACTIONS:
        await ask().run(dispatcher, make_tracker(metadata={COUNTRY: "UK"}), domain)
    replies = sent_replies(dispatcher)
    assert len(replies) == len(guide().steps)
    for reply, step in zip(replies, guide().steps):
        assert step.why in reply.text and step.prompt in reply.text
        assert [b.payload for b in reply.buttons] == list(step.examples)  # a tap sends the words
    professionals = replies[guide().slots.index("sp_professionals")]
    assert "Samaritans" in professionals.text  # prefilled for the user's country


@pytest.mark.asyncio
async def test_answers_are_kept_as_written_a_skip_is_empty_and_the_draft_is_encrypted(dispatcher, domain,
                                                                                       user_store):
    events = await validate(dispatcher, domain, "sp_warning_signs", "cant   sleep, replaying it")
    assert SlotSet("sp_warning_signs", "cant sleep, replaying it") in events
    events = await validate(dispatcher, domain, "sp_coping_alone", "I don't know",
                            {"sp_warning_signs": "cant sleep, replaying it"})
    assert SlotSet("sp_coping_alone", "") in events
    (record,) = user_store.records.list("test-user", SAFETY_PLAN)
    assert record.content["answers"] == {"sp_warning_signs": "cant sleep, replaying it",
                                         "sp_coping_alone": ""}
    with user_store.engine.connect() as connection:
        raw = " ".join(row[0] for row in connection.execute(text("SELECT content FROM user_records")))
    assert "replaying" not in raw


@pytest.mark.asyncio
async def test_not_now_leaves_the_plan_and_is_not_an_answer(dispatcher, domain, user_store):
    events = await validate(dispatcher, domain, "sp_distractions", "not now",
                            {"sp_warning_signs": "cant sleep", "sp_coping_alone": ""})
    assert SlotSet("sp_distractions", None) in events
    assert SlotSet("requested_slot", None) in events  # the form ends here
    (record,) = user_store.records.list("test-user", SAFETY_PLAN)
    assert "sp_distractions" not in record.content["answers"] and not record.content["complete"]
    # Going on later: the saved answers come back, and a word of welcome.
    events = await ActionSafetyPlan().run(dispatcher, make_tracker(text="/plan_safety"), domain)
    assert SlotSet("sp_warning_signs", "cant sleep") in events
    assert "sp_distractions" not in slots_after(events)  # the form asks it
    assert sent_replies(dispatcher)[-1].text == guide().resumed


@pytest.mark.asyncio
async def test_the_finished_plan_is_a_card_and_its_people_go_on_the_crisis_card(dispatcher, domain,
                                                                                 user_store):
    await ActionSaveSafetyPlan().run(dispatcher, make_tracker(ANSWERS), domain)
    card, obstacles = sent_replies(dispatcher)
    for words in ("replaying what happened", "my sister's place", "Sam 07700 900123", "my cat Zoë"):
        assert words in card.text
    assert "(skipped)" in card.text and obstacles.text == guide().obstacles  # "not very likely"
    records = user_store.records.list("test-user", SAFETY_PLAN)
    crisis_card = render_crisis_card("UK", (), plan_contacts(records))
    assert "Sam: 07700 900123" in crisis_card.text and "my mum" in crisis_card.text


@pytest.mark.asyncio
async def test_the_plan_as_a_pdf_holds_the_users_words(dispatcher, domain):
    from pypdf import PdfReader

    await ActionSaveSafetyPlan().run(dispatcher, make_tracker(ANSWERS), domain)
    tracker = make_tracker(text='/manage_safety_plan{"plan":"pdf"}', entities={"plan": "pdf"})
    await ActionManageSafetyPlan().run(dispatcher, tracker, domain)
    document = sent_replies(dispatcher)[-1].document
    assert document.file_name == guide().pdf_file_name
    words = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(document.content)).pages)
    for said in ("replaying what happened", "Sam 07700 900123", "give my pills to Sam", "Zoë"):
        assert said in words


@pytest.mark.asyncio
async def test_one_step_can_be_changed_without_redoing_the_rest(dispatcher, domain):
    await ActionSaveSafetyPlan().run(dispatcher, make_tracker(ANSWERS), domain)
    tracker = make_tracker(text="/manage_safety_plan", entities={"plan": "change:4"})
    events = await ActionManageSafetyPlan().run(dispatcher, tracker, domain)
    slots = slots_after(events)
    assert slots["sp_helpers"] is None and slots["sp_warning_signs"] == ANSWERS["sp_warning_signs"]
    assert FollowupAction("safety_plan_form") in events


@pytest.mark.asyncio
@pytest.mark.parametrize("forged", ["change:99", "change:0", "change:sp_helpers", "drop tables"])
async def test_a_forged_button_changes_nothing_and_shows_the_plan(dispatcher, domain, forged):
    await ActionSaveSafetyPlan().run(dispatcher, make_tracker(ANSWERS), domain)
    events = await ActionManageSafetyPlan().run(dispatcher, make_tracker(entities={"plan": forged}), domain)
    assert events == [] and "Sam 07700 900123" in sent_replies(dispatcher)[-1].text


@pytest.mark.asyncio
async def test_delete_this_plan_erases_it(dispatcher, domain, user_store):
    await ActionSaveSafetyPlan().run(dispatcher, make_tracker(ANSWERS), domain)
    events = await ActionManageSafetyPlan().run(dispatcher, make_tracker(entities={"plan": "delete"}), domain)
    assert user_store.records.list("test-user", SAFETY_PLAN) == []
    assert SlotSet("sp_helpers", None) in events and sent_replies(dispatcher)[-1].text == guide().deleted
