"""docs/scoring.md: its worked example runs as written, and it documents every threshold."""

import doctest
from pathlib import Path

from scoring.engine import thresholds

DOC = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"


def test_the_worked_example_in_the_docs_holds():
    outcome = doctest.testfile(
        str(DOC), module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE, raise_on_error=False
    )
    assert outcome.attempted >= 19
    assert outcome.failed == 0


def test_every_threshold_is_documented():
    text = DOC.read_text()
    names = [n for n in vars(thresholds) if n.isupper()]
    missing = [n for n in names if f"`{n}`" not in text]
    assert missing == []
    assert f"**{thresholds.SCORING_VERSION}**" in text
