"""Who may import whom (docs/architecture.md): the layers stay apart as the code grows.

Read from the source with `ast`, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# package → module prefixes it must never import
FORBIDDEN = {
    "bot/safety": ["bot", "rasa", "rasa_sdk", "telegram", "actions"],
    "bot/content": ["bot.channels", "bot.gateway", "bot.dialogue", "bot.store", "rasa", "telegram",
                    "actions"],
    "bot/store": ["bot.channels", "bot.gateway", "bot.dialogue", "telegram", "actions"],
    "bot/gateway": ["rasa", "rasa_sdk", "bot.dialogue", "actions", "bot.channels", "telegram"],
    "bot/channels": ["rasa", "rasa_sdk", "bot.dialogue", "actions"],
    "actions": ["bot.channels", "bot.gateway", "bot.dialogue", "telegram"],
    "bot/dialogue": ["bot.channels", "bot.gateway", "actions", "telegram", "rasa_sdk"],
}
# What a package may import although a prefix above would forbid it: the detector's own
# modules and the entry-point helper that keeps TensorFlow out of its command.
EXCEPT = {"bot/safety": ("bot.safety", "bot.isolation")}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(package: str, forbidden: list[str], root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / package).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            if any(within(module, allowed) for allowed in EXCEPT.get(package, ())):
                continue
            if any(within(module, prefix) for prefix in forbidden):
                found.append(f"{path.relative_to(root)} imports {module}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_it_may(package):
    assert not violations(package, FORBIDDEN[package])


def test_nothing_but_rasa_loads_the_dialogue_adapters():
    sources = [path for folder in ("bot", "actions") for path in (ROOT / folder).rglob("*.py")
               if (ROOT / "bot" / "dialogue") not in path.parents]
    users = [str(path.relative_to(ROOT)) for path in sources
             if any(within(module, "bot.dialogue") for module in imported_modules(path))]
    assert not users


def test_the_rule_checker_sees_a_forbidden_import(tmp_path):
    package = tmp_path / "bot" / "gateway"
    package.mkdir(parents=True)
    (package / "leak.py").write_text("def f():\n    from rasa.core import agent\n")
    assert violations("bot/gateway", FORBIDDEN["bot/gateway"], tmp_path) == \
        ["bot/gateway/leak.py imports rasa.core"]
