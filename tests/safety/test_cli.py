"""`python -m bot.safety`: JSON lines in, one JSON line out per input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_reads_json_lines_and_writes_one_line_each():
    lines = [{"id": 1, "text": "i took all my pills"}, {"id": "b", "text": "this exam is killing me"},
             {"id": 3, "text": "i wish i could disappear"}]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\nnot json\n"
    run = subprocess.run([sys.executable, "-m", "bot.safety"], input=stdin, capture_output=True,
                         text=True, cwd=ROOT, timeout=120, check=True)
    out = [json.loads(line) for line in run.stdout.splitlines()]
    assert [o.get("id") for o in out[:3]] == [1, "b", 3]
    assert out[0]["level"] == "crisis" and out[0]["categories"] == ["medical_emergency"]
    assert out[0]["rules"]
    assert out[1] == {"id": "b", "level": "none", "categories": [], "rules": []}
    assert out[2]["level"] == "concern"
    assert "error" in out[3]
