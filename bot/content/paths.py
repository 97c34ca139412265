"""Where the project's data lives."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = PROJECT_ROOT / "data" / "content"
DATA_DIR = PROJECT_ROOT / "data"
FLOWS_FILE = DATA_DIR / "flows.yml"
