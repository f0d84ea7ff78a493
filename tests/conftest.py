"""Shared fixtures: the hand-made samples of ../shared (CI has them beside the checkout)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SAMPLES = SHARED / "samples" / "baodantoc"


def load_manifest() -> list[dict]:
    return json.loads((SAMPLES / "manifest.json").read_text(encoding="utf-8"))


def load_expected() -> list[dict]:
    with (SAMPLES / "expected.jsonl").open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def fetched_at(entry: dict) -> datetime:
    return datetime.fromisoformat(entry["fetched_at"].replace("Z", "+00:00"))


@pytest.fixture(scope="session")
def manifest() -> list[dict]:
    if not SAMPLES.is_dir():
        pytest.fail(f"sample set missing: {SAMPLES} (../shared must sit beside the checkout)")
    return load_manifest()


@pytest.fixture(scope="session")
def expected() -> list[dict]:
    return load_expected()
