from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def read_seed(name: str) -> str:
    """A seed document's text; the test is skipped when the seeds are not beside the repo."""
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed file {path} is not here")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def seed_stream() -> str:
    return read_seed("seenthis-stream.txt")


@pytest.fixture
def campaign_post() -> str:
    return read_seed("campaign-post.txt")
