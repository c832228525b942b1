"""Maturity from answers: per-answer scores, weighted dimension scores, levels, unanswered questions."""

import pytest

from scoring.engine import score_org
from scoring.engine.maturity import InvalidAnswer, answer_score, level_for, maturity, maturity_gap_findings

from .builders import OrgBuilder

CHOICES = [{"value": "a", "score": 0.0}, {"value": "b", "score": 0.5}, {"value": "c", "score": 1.0}]


@pytest.mark.parametrize(
    ("kind", "value", "choices", "expected"),
    [
        ("scale", 0, None, 0.0),
        ("scale", 3, None, 0.75),
        ("scale", 4, None, 1.0),
        ("yes_no", True, None, 1.0),
        ("yes_no", False, None, 0.0),
        ("yes_no", True, [{"value": "yes", "score": 0.8}, {"value": "no", "score": 0.2}], 0.8),
        ("yes_no", False, [{"value": "yes", "score": 0.8}, {"value": "no", "score": 0.2}], 0.2),
        ("single", "b", CHOICES, 0.5),
        ("multiple", ["a", "c"], CHOICES, 0.5),
        ("multiple", ["c"], CHOICES, 1.0),
        ("multiple", [], CHOICES, 0.0),
        # choices without scores are spread evenly from 0 to 1
        ("single", "y", [{"value": "x"}, {"value": "y"}, {"value": "z"}], 0.5),
    ],
)
def test_answer_score_follows_the_contract(kind, value, choices, expected):
    assert answer_score(kind, value, choices) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("kind", "value", "choices"),
    [
        ("scale", 5, None),
        ("scale", -1, None),
        ("scale", "3", None),
        ("scale", True, None),
        ("yes_no", "yes", None),
        ("single", "nope", CHOICES),
        ("multiple", "a", CHOICES),
        ("multiple", ["a", "zzz"], CHOICES),
        ("number", 3, None),
    ],
)
def test_answers_that_do_not_fit_are_rejected(kind, value, choices):
    with pytest.raises(InvalidAnswer):
        answer_score(kind, value, choices)


@pytest.mark.parametrize(
    ("score", "level"),
    [(0.0, 1), (0.19, 1), (0.2, 2), (0.39, 2), (0.4, 3), (0.6, 4), (0.79, 4), (0.8, 5), (1.0, 5), (None, None)],
)
def test_levels_have_fixed_bounds(score, level):
    assert level_for(score) == level


def _dimension(result, name):
    return next(d for d in result.dimensions if d.dimension == name)


def test_dimension_score_is_the_weighted_mean_and_not_applicable_drops_out():
    b = OrgBuilder()
    b.question("q1", dimension="mlops_level", weight=2)
    b.question("q2", dimension="mlops_level", weight=1)
    b.question("q3", dimension="mlops_level", weight=1, kind="yes_no")
    b.question("q4", dimension="talent_hiring")
    b.answer("q1", 4)  # 1.0 x 2
    b.answer("q2", 1)  # 0.25 x 1
    b.answer("q3", na=True)  # not applicable: neither counted nor unanswered
    b.answer("q4", 2)  # 0.5
    result = maturity(b.build())

    mlops = _dimension(result, "mlops_level")
    assert mlops.score == pytest.approx((2 * 1.0 + 0.25) / 3)
    assert mlops.level == 4
    assert (mlops.answered, mlops.total) == (3, 3)
    assert [e["code"] for e in mlops.evidence] == ["q1", "q2", "q3"]
    assert mlops.evidence[2]["not_applicable"] is True
    assert _dimension(result, "talent_hiring").score == 0.5
    assert result.overall_score == pytest.approx((2 + 0.25 + 0.5) / 4)
    assert result.overall_level == 4
    assert result.unanswered == []


def test_unanswered_questions_are_listed_not_counted_as_zero():
    b = OrgBuilder()
    b.question("q1", section="Tools", text="Can teams deploy alone?")
    b.question("q2")
    b.answer("q1", 4)
    result = maturity(b.build())

    assert result.unanswered == [{"code": "q2", "text": "Question q2", "section": "Section"}]
    mlops = _dimension(result, "mlops_level")
    assert mlops.score == 1.0  # the unanswered question does not pull the score down
    assert (mlops.answered, mlops.total) == (1, 2)


def test_invalid_stored_answers_count_as_unanswered_and_are_marked():
    b = OrgBuilder()
    b.question("q1")
    b.question("q2", kind="single", choices=CHOICES)
    b.answer("q1", 9)
    b.answer("q2", "c")
    result = maturity(b.build())

    assert [u["code"] for u in result.unanswered] == ["q1"]
    mlops = _dimension(result, "mlops_level")
    assert mlops.score == 1.0
    assert mlops.evidence[0]["invalid"] is True


def test_context_zero_weight_number_and_text_questions_do_not_count():
    b = OrgBuilder()
    b.question("ctx-ml-focus", dimension="context", kind="single", choices=[{"value": "product"}])
    b.question("q-weightless", weight=0)
    b.question("q-number", kind="number")
    b.question("q-text", kind="text")
    b.question("q-real")
    b.answer("ctx-ml-focus", "product")
    b.answer("q-weightless", 0)
    b.answer("q-number", 12)
    b.answer("q-text", "notes")
    b.answer("q-real", 2)
    result = maturity(b.build())

    mlops = _dimension(result, "mlops_level")
    assert (mlops.score, mlops.total) == (0.5, 1)
    assert result.overall_score == 0.5
    assert result.answers["ctx-ml-focus"]["value"] == "product"


def test_questions_hidden_by_their_condition_are_not_unanswered():
    b = OrgBuilder()
    b.question("has-platform", kind="yes_no")
    b.question("platform-depth", depends_on="has-platform", depends_on_values=[True])
    b.question("uses-cloud", kind="single", choices=[{"value": "aws"}, {"value": "none"}])
    b.question("cloud-cost", depends_on="uses-cloud", depends_on_values=["aws"])
    b.answer("has-platform", False)
    b.answer("uses-cloud", "aws")
    result = maturity(b.build())

    assert [u["code"] for u in result.unanswered] == ["cloud-cost"]
    assert _dimension(result, "mlops_level").total == 3


@pytest.mark.parametrize("parent_answer", ["missing", "no value", "not applicable"])
def test_a_condition_wanting_none_hides_the_question_until_none_is_answered(parent_answer):
    """A missing answer never matches, not even a wanted value "none" (the form hides it too)."""
    b = OrgBuilder()
    b.question("uses-cloud", kind="single", choices=[{"value": "aws"}, {"value": "none"}])
    b.question("why-no-cloud", depends_on="uses-cloud", depends_on_values=["none"])
    if parent_answer == "no value":
        b.answer("uses-cloud", None)
    elif parent_answer == "not applicable":
        b.answer("uses-cloud", na=True)
    result = maturity(b.build())

    assert "why-no-cloud" not in [u["code"] for u in result.unanswered]
    assert [e["code"] for e in _dimension(result, "mlops_level").evidence] == ["uses-cloud"]


def test_a_condition_wanting_none_shows_the_question_once_none_is_answered():
    b = OrgBuilder()
    b.question("uses-cloud", kind="single", choices=[{"value": "aws"}, {"value": "none"}])
    b.question("why-no-cloud", depends_on="uses-cloud", depends_on_values=["none"])
    b.answer("uses-cloud", "none")
    result = maturity(b.build())

    assert [u["code"] for u in result.unanswered] == ["why-no-cloud"]


def test_dimensions_without_questions_are_present_and_empty():
    b = OrgBuilder()
    b.question("q1")
    b.answer("q1", 4)
    result = maturity(b.build())
    empty = _dimension(result, "talent_hiring")
    assert (empty.score, empty.level, empty.answered, empty.total) == (None, None, 0, 0)


def test_no_assessment_means_no_maturity():
    result = score_org(OrgBuilder().build())
    assert result.dimensions == []
    assert result.overall_level is None
    assert result.summary["maturity"] == {"overall_score": None, "overall_level": None, "unanswered": []}


def test_maturity_gaps_below_the_target_level_are_findings_with_the_weakest_answers():
    b = OrgBuilder(target_level=4)
    b.question("q1", dimension="mlops_level", text="Automated deployment")
    b.question("q2", dimension="mlops_level", text="Monitoring")
    b.question("q3", dimension="talent_hiring")
    b.answer("q1", 0)
    b.answer("q2", 2)
    b.answer("q3", 4)
    result = maturity(b.build())
    gaps = maturity_gap_findings(result, target_level=4)

    assert len(gaps) == 1
    gap = gaps[0]
    assert gap.kind == "maturity_gap"
    assert gap.severity == "high"  # level 2 against target 4
    assert gap.evidence["metrics"] == {"score": 0.25, "level": 2, "target_level": 4, "gap": 2}
    assert [a["code"] for a in gap.evidence["answers"]] == ["q1", "q2"]
    assert "Automated deployment" in gap.detail
