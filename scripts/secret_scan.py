"""Fail when a tracked file looks like it holds a secret (a bot token, a key, a password URL)."""

from __future__ import annotations

import re
import subprocess
import sys

PATTERNS = {
    "Telegram bot token": re.compile(r"\b\d{8,10}:[A-Za-z0-9_-]{35}\b"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "password in a database URL": re.compile(r"\b(postgres(ql)?|mysql)://[^:/\s]+:[^@\s]+@"),
    "Fernet key assignment": re.compile(r"HARBOR_DATA_KEY\s*=\s*[A-Za-z0-9_-]{43}="),
}


def main() -> int:
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, check=True).stdout.split()
    found = []
    for path in files:
        try:
            text = open(path, encoding="utf-8").read()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for name, pattern in PATTERNS.items():
            if pattern.search(text):
                found.append(f"{path}: looks like a {name}")
    print("\n".join(found) if found else "secret scan: nothing found")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
