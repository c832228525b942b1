"""Question visibility: which questions of a questionnaire are shown, given the answers so far.

The form, the progress counts, the submit check and the scoring engine all ask this one rule, so a
question the lead never saw is never scored, and a question scored was always asked.

A question that depends on a parent is shown only when the parent is shown, answered (not "not
applicable") and its answer matches one of the wanted values (any answer, when none are listed).
A missing answer never matches. A dependency on a question outside the questionnaire, or a
dependency that goes round in a circle, is ignored: the question is shown.
"""

import math
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple


class Dependency(NamedTuple):
    """What a question waits for: the parent question's id (None: always shown) and the wanted values."""

    parent_id: int | None
    wanted: Iterable | None = None


class GivenAnswer(NamedTuple):
    """A stored answer as far as visibility cares: its value and whether it is "not applicable"."""

    value: Any
    not_applicable: bool = False


def answer_missing(value: Any) -> bool:
    """No value: None, NaN (from a data frame) or a blank text."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def answer_matches(value: Any, wanted: Iterable | None) -> bool:
    """Whether a parent answer `value` shows a dependent question that wants one of `wanted`.

    A missing value never matches. No `wanted` values: any value matches. Yes/no answers match
    true/false or "yes"/"no"; multiple-choice answers match when any chosen value is wanted; other
    values compare as they are or as case-insensitive text.
    """
    if answer_missing(value):
        return False
    wanted = list(wanted or [])
    if not wanted:
        return True
    norm = {str(w).lower() for w in wanted}
    if isinstance(value, bool):
        return value in wanted or ("yes" if value else "no") in norm or str(value).lower() in norm
    if isinstance(value, list):
        return any(str(v).lower() in norm for v in value)
    return value in wanted or str(value).lower() in norm


def parent_shows(answer: GivenAnswer | None, wanted: Iterable | None) -> bool:
    """Whether the parent's `answer` shows a dependent question wanting `wanted` (the parent itself being shown)."""
    return answer is not None and not answer.not_applicable and answer_matches(answer.value, wanted)


def question_visibility(dependencies: Mapping[int, Dependency], answers: Mapping[int, GivenAnswer]) -> dict[int, bool]:
    """Question id -> whether it is shown.

    `dependencies` holds every question of the questionnaire (question id -> its Dependency);
    `answers` the stored answers (question id -> GivenAnswer), unanswered questions left out.
    """
    shown: dict[int, bool] = {}
    for qid in dependencies:
        chain = _chain_to_known(qid, dependencies, shown)
        for child in reversed(chain):  # from the top of the chain down, each parent is known by now
            parent_id, wanted = dependencies[child]
            shown[child] = shown[parent_id] and parent_shows(answers.get(parent_id), wanted)
    return shown


def _chain_to_known(qid: int, dependencies: Mapping[int, Dependency], shown: dict[int, bool]) -> list[int]:
    """The questions from `qid` up to the first one whose visibility is known (or settled here), nearest first.

    Questions without a parent in the questionnaire, and questions on a circle of dependencies,
    are settled as shown on the way.
    """
    chain: list[int] = []
    on_chain: set[int] = set()
    current = qid
    while current not in shown:
        if current in on_chain:  # a circle: its questions ignore their dependency
            start = chain.index(current)
            for looped in chain[start:]:
                shown[looped] = True
            return chain[:start]
        parent_id = dependencies[current].parent_id
        if parent_id is None or parent_id not in dependencies:
            shown[current] = True
            break
        chain.append(current)
        on_chain.add(current)
        current = parent_id
    return chain
