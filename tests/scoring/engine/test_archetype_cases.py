"""The case table (archetype_cases*.py): every case is classified as expected, the advice fits its size, and
docs/scoring.md shows the vote table and the case results exactly as the code produces them."""

import re
from collections import Counter
from pathlib import Path

import pytest

from scoring.engine import score_org
from scoring.engine.classification import ARCHETYPE_NAMES, vote_table
from scoring.engine.classification.core import MOVE_ADVICE
from scoring.engine.classification.labels import SOURCES
from scoring.engine.thresholds import HANDFUL_MAX_ML_FTE
from vocabulary.families import ML_PRACTITIONER_FAMILIES

from .archetype_cases_scale import CASES

DOC = Path(__file__).resolve().parents[3] / "docs" / "scoring.md"
BY_KEY = {c.key: c for c in CASES}


def classification_of(case):
    return score_org(case.build()).summary["classification"]


def test_the_table_has_at_least_four_cases_per_archetype_and_twenty_in_all():
    per = Counter(c.archetype for c in CASES)
    assert len(CASES) >= 20
    assert all(per[a] >= 4 for a in ARCHETYPE_NAMES), per
    assert len(BY_KEY) == len(CASES)  # keys are unique
    assert all(c.why and ("FSDL" in c.why or "Hasty" in c.why) for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_each_case_gets_its_archetype_and_structures(case):
    cls = classification_of(case)
    got = (cls["archetype"], cls["current_structure"], cls["recommended_structure"])
    assert got == (case.archetype, case.current, case.recommended), cls["archetype_reasons"]
    assert cls["archetype_reasons"] and cls["structure_reasons"] and cls["recommendation_reasons"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_one_count_of_ml_fte_is_shared_by_archetype_structure_and_advice(case):
    inputs = case.build()
    people = inputs.people
    expected = round(float(people.loc[people["family"].isin(ML_PRACTITIONER_FAMILIES), "fte"].sum()), 2)
    cls = score_org(inputs).summary["classification"]
    assert cls["ml_fte"] == expected
    assert sum(w["fte"] for w in cls["where_ml_sits"]) == pytest.approx(expected)
    n = f"{expected:g} ML practitioner FTE"
    if expected >= 3:  # the structure is read from the data and says how many FTE it read
        assert f"of {n}" in cls["structure_reasons"][0]
    else:
        assert cls["structure_reasons"][0].startswith(n)
    texts = " ".join(cls["archetype_reasons"] + [" ".join(a["facts"]) for a in cls["advice"]])
    counts = {float(x) for x in re.findall(r"(\d+(?:\.\d+)?) ML practitioner FTE", texts)}
    assert counts <= {expected}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.key)
def test_advice_names_its_facts_and_its_source_and_fits_the_size(case):
    cls = classification_of(case)
    advice = cls["advice"]
    assert advice
    for a in advice:
        assert a["text"] and a["facts"], a
        assert any(title in a["source"] for title in SOURCES), a
    topics = [a["topic"] for a in advice]
    if cls["ml_fte"] < HANDFUL_MAX_ML_FTE:
        # a handful: where they go first, whom they report to, whom to hire next; never split into pods or units
        assert {"where", "reports_to", "hire_next"} <= set(topics), topics
        changes = " ".join(cls["changes_needed"])
        assert MOVE_ADVICE["decentralized"] not in changes and MOVE_ADVICE["hybrid"] not in changes
        assert cls["recommended_structure"] in ("centralized", "decentralized")


def test_a_team_of_two_is_not_split():
    for key in ("n-bi-pair", "p-marketplace-pair"):
        cls = classification_of(BY_KEY[key])
        assert cls["ml_fte"] == 2
        assert cls["current_structure"] == cls["recommended_structure"]
        assert not any(c.startswith("Move from") for c in cls["changes_needed"])


def test_ad_hoc_ml_in_bi_is_nascent_not_rnd_and_its_structure_counts_every_ml_person():
    cls = classification_of(BY_KEY["n-issue-insurer"])
    assert cls["archetype"] == 1
    assert cls["ml_fte"] == 4
    assert cls["structure_reasons"][0].startswith("4 of 4 ML practitioner FTE (100%) sit in central teams")
    assert "4 of 4 ML practitioner FTE sit in BI, data, IT or business teams" in " ".join(cls["archetype_reasons"])
    where = [a for a in cls["advice"] if a["topic"] == "where"][0]
    assert "Data (4 FTE)" in where["facts"][0]


def test_a_borderline_case_says_what_tips_it():
    # f-recsys-startup: without its answers, product focus and embedded ML tie it with product-embedded
    case = BY_KEY["f-recsys-startup"]
    votes = classification_of(case)["votes"]
    bare = type(case)(**{**case.__dict__, "answers": {}})
    bare_votes = classification_of(bare)["votes"]
    assert votes["5"] > votes["3"]
    assert bare_votes["5"] == bare_votes["3"]
    assert classification_of(bare)["archetype"] == 3  # ties go to the lower archetype


def case_results_table() -> str:
    rows = [
        "| case | industry, stage, focus | ML FTE | archetype | current | recommended | as expected |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in CASES:
        cls = classification_of(c)
        ok = (cls["archetype"], cls["current_structure"], cls["recommended_structure"]) == (
            c.archetype,
            c.current,
            c.recommended,
        )
        rows.append(
            f"| {c.title} | {c.industry}, {c.stage}, {c.focus} | {cls['ml_fte']:g} | {cls['archetype']} "
            f"{cls['archetype_name']} | {cls['current_structure']} | {cls['recommended_structure']} | "
            f"{'yes' if ok else 'NO'} |"
        )
    return "\n".join(rows)


def test_the_docs_show_the_vote_table_of_the_code():
    assert vote_table() in DOC.read_text()


def test_the_docs_show_the_case_results_of_the_code():
    table = case_results_table()
    assert "| NO |" not in table
    assert table in DOC.read_text(), "regenerate with: python -m tests.scoring.engine.test_archetype_cases"


if __name__ == "__main__":
    print(vote_table(), end="\n\n")
    print(case_results_table())
