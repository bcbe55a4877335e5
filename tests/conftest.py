from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


@pytest.fixture
def seed_stream() -> str:
    path = SEEDS / "seenthis-stream.txt"
    if not path.exists():
        pytest.skip(f"seed file {path} is not here")
    return path.read_text(encoding="utf-8")
