"""Harbor's flows, declared once in data/flows.yml: who each is for, its intents, commands,
actions and step buttons, and how a running one reads typed text.

The dialogue policies (bot/dialogue) and the gateway read this; nothing else lists flow
membership. Safe defaults: a flow is for adults unless marked `everyone`; a running flow is
left by anything the user clearly means that it does not name as continuing it.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field

from bot.content.loader import Content, ContentError, load
from bot.content.paths import FLOWS_FILE

EVERYONE = "everyone"
ADULTS = "adults"


class RunningFlow(Content):
    slot: str
    next_action: str
    stop_action: str
    stop_intents: tuple[str, ...] = ()
    continue_intents: tuple[str, ...] = ()
    # A flow whose steps arrive by themselves (a paced exercise) runs until the Unix time in
    # this slot: meanwhile its stop intents stop it and anything else is left to its own rules.
    paced_until_slot: str | None = None


class Flow(Content):
    description: str
    audience: Literal["everyone", "adults"] = ADULTS
    before_consent: bool = False
    intents: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    step_payloads: tuple[str, ...] = ()
    running: RunningFlow | None = None

    @property
    def adults_only(self) -> bool:
        return self.audience != EVERYONE


class Flows(Content):
    flows: dict[str, Flow] = Field(default_factory=dict)

    def flow_of_intent(self, intent: str | None) -> str | None:
        return next((name for name, flow in self.flows.items() if intent in flow.intents), None)

    @property
    def adults_only_intents(self) -> frozenset[str]:
        return frozenset(i for flow in self.flows.values() if flow.adults_only for i in flow.intents)

    @property
    def before_consent_intents(self) -> frozenset[str]:
        return frozenset(i for flow in self.flows.values() if flow.before_consent for i in flow.intents)

    @property
    def step_payloads(self) -> frozenset[str]:
        return frozenset(p for flow in self.flows.values() for p in flow.step_payloads)

    @property
    def running_flows(self) -> dict[str, RunningFlow]:
        return {name: flow.running for name, flow in self.flows.items() if flow.running is not None}

    def members(self, kind: str) -> dict[str, list[str]]:
        """For `kind` in intents/commands/actions: each member and the flows that name it."""
        owners: dict[str, list[str]] = {}
        for name, flow in self.flows.items():
            for member in getattr(flow, kind):
                owners.setdefault(member, []).append(name)
        return owners


@cache
def load_flows(*paths: str | Path) -> Flows:
    """data/flows.yml, or these files together (a later file may add flows, not change one)."""
    merged: dict[str, Flow] = {}
    for path in paths or (FLOWS_FILE,):
        for name, flow in load(Path(path), Flows).flows.items():
            if name in merged:
                raise ContentError(f"flow {name!r} is declared twice")
            merged[name] = flow
    return Flows(flows=merged)
