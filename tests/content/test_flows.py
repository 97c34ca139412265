"""data/flows.yml is the one place flow membership is declared: everything belongs somewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.constants import DEFAULT_INTENTS
from rasa.shared.core.domain import Domain

from bot.content.commands import all_commands
from bot.content.flows import load_flows
from bot.content.loader import ContentError, load
from bot.content.paths import FLOWS_FILE
from bot.gateway.commands import registered_commands

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain"))
FLOWS = load_flows()
# Rasa's own intents and actions, which no flow of Harbor's declares.
RASA_BUILT_INS = {"nlu_fallback", *DEFAULT_INTENTS}


def test_every_intent_of_the_domain_belongs_to_a_flow():
    owners = FLOWS.members("intents")
    orphans = [intent for intent in DOMAIN.intents if intent not in owners and intent not in RASA_BUILT_INS]
    assert not orphans, f"intents in no flow of data/flows.yml: {orphans}"


def test_every_custom_action_and_response_belongs_to_a_flow():
    owners = FLOWS.members("actions")
    ours = [*DOMAIN.user_actions, *DOMAIN.responses]
    orphans = sorted({name for name in ours if name not in owners})
    assert not orphans, f"actions/responses in no flow of data/flows.yml: {orphans}"


def test_every_command_belongs_to_a_flow():
    owners = FLOWS.members("commands")
    orphans = [name for name in all_commands() if name not in owners]
    assert not orphans, f"commands in no flow of data/flows.yml: {orphans}"


@pytest.mark.parametrize("kind, known", [
    ("intents", set(DOMAIN.intents)),
    ("actions", set(DOMAIN.user_actions) | set(DOMAIN.responses)),
    ("commands", set(all_commands())),
])
def test_flows_name_only_what_exists(kind, known):
    unknown = sorted(set(FLOWS.members(kind)) - known)
    assert not unknown, f"data/flows.yml names {kind} that do not exist: {unknown}"


def test_each_intent_and_command_belongs_to_exactly_one_flow():
    for kind in ("intents", "commands"):
        shared = {name: flows for name, flows in FLOWS.members(kind).items() if len(flows) > 1}
        assert not shared, f"{kind} in more than one flow: {shared}"


def test_a_running_flow_names_its_own_actions_and_slot():
    for name, running in FLOWS.running_flows.items():
        flow = FLOWS.flows[name]
        assert {running.next_action, running.stop_action} <= set(flow.actions), name
        assert running.slot in [slot.name for slot in DOMAIN.slots], name
        assert set(running.stop_intents) <= set(DOMAIN.intents)
        assert set(running.continue_intents) <= set(DOMAIN.intents) | RASA_BUILT_INS


def test_step_payloads_are_intents_or_gateway_payloads():
    for payload in FLOWS.step_payloads:
        intent = payload.lstrip("/").split(":")[0]
        assert intent in DOMAIN.intents or payload.startswith("/delete:"), payload


def test_commands_the_gateway_answers_are_registered():
    for command in all_commands().values():
        assert bool(command.payload) != bool(command.gateway), command.command
        if command.gateway:
            assert command.gateway in registered_commands(), command.command


def test_a_flow_is_for_adults_unless_marked_for_everyone():
    flows = load_flows(FLOWS_FILE, ROOT / "tests" / "fixtures" / "fixture_flow.yml")
    assert flows.flows["fixture_closeness"].adults_only
    assert {"fixture_start_closeness", "plan_boundaries"} <= flows.adults_only_intents
    assert "/fixture_closeness_step" in flows.step_payloads


def test_a_flow_cannot_be_declared_twice():
    with pytest.raises(ContentError, match="twice"):
        load_flows(FLOWS_FILE, FLOWS_FILE)


def test_a_misspelt_field_is_refused_with_the_file_name(tmp_path):
    broken = tmp_path / "flows.yml"
    broken.write_text("flows:\n  x:\n    description: d\n    intens: [a]\n")
    with pytest.raises(ContentError, match="flows.yml"):
        load(broken, type(FLOWS))
