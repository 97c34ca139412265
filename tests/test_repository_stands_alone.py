"""The repository stands on its own: nothing it ships points at a file beside or outside it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTSIDE = re.compile(r"\.\./shared|/work/|\.\./\.\./")


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split()
    return [ROOT / name for name in listed
            if name.endswith((".md", ".py", ".yml", ".yaml", ".toml", ".txt", ".cfg")) or name == "Makefile"]


def test_no_file_points_outside_the_repository():
    this = Path(__file__).resolve()
    pointing = [str(path.relative_to(ROOT)) for path in tracked_text_files()
                if path.resolve() != this and path.is_file()
                and OUTSIDE.search(path.read_text(encoding="utf-8", errors="replace"))]
    assert not pointing


def test_the_design_and_the_hotline_reference_are_in_the_repository():
    for page in ("docs/architecture.md", "docs/adding-a-flow.md", "docs/reference/crisis-resources.md"):
        assert (ROOT / page).is_file(), page
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/architecture.md" in readme
