"""Check messages from outside: JSON lines in, one JSON line out per input.

    echo '{"id": 1, "text": "i took all my pills"}' | python -m bot.safety
    {"id": 1, "level": "crisis", "categories": ["medical_emergency"], "rules": [...]}
"""

from __future__ import annotations

import json
import sys

from bot.isolation import keep_tensorflow_out

keep_tensorflow_out()

from bot.safety import assess  # noqa: E402  (must follow keep_tensorflow_out)


def main() -> int:
    for line_number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["text"]
        except (json.JSONDecodeError, KeyError, TypeError):
            print(json.dumps({"line": line_number, "error": "expected {\"id\": ..., \"text\": ...}"}),
                  flush=True)
            continue
        result = assess(text if isinstance(text, str) else str(text))
        print(json.dumps({"id": item.get("id"), "level": str(result.level),
                          "categories": list(result.categories), "rules": list(result.rules)}),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
