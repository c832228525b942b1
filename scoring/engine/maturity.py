"""Maturity: one 0-1 score and a 1-5 level per dimension, an overall level, the unanswered questions.

Each answer is scored 0-1 (see `answer_score`); a dimension's score is the weighted mean of its
answered questions (weights from the template); "not applicable" answers leave both the numerator
and the denominator. Unanswered questions are listed, never counted as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from vocabulary.questions import Dependency, GivenAnswer, answer_missing, question_visibility

from . import texts
from .inputs import ScoringInputs
from .results import DimensionResult, FindingResult, evidence, to_builtin
from .thresholds import CONTEXT_DIMENSION, LEVEL_BOUNDS, MATURITY_GAP_HIGH, SCALE_MAX, UNSCORED_KINDS


@dataclass
class MaturityResult:
    dimensions: list[DimensionResult]
    overall_score: float | None
    overall_level: int | None
    unanswered: list[dict]
    # code -> {"code", "text", "value"} for every question answered with a value (context ones too)
    answers: dict[str, dict] = field(default_factory=dict)

    def summary(self) -> dict:
        return {"overall_score": self.overall_score, "overall_level": self.overall_level, "unanswered": self.unanswered}


class InvalidAnswer(ValueError):
    """The stored value does not fit the question (wrong type, unknown choice, out of range)."""


def level_for(score: float | None) -> int | None:
    """1-5 from a 0-1 score: [0, .2) -> 1, [.2, .4) -> 2, [.4, .6) -> 3, [.6, .8) -> 4, [.8, 1] -> 5."""
    if score is None:
        return None
    s = round(float(score), 9)
    return sum(1 for bound in LEVEL_BOUNDS if s >= bound) or 1


def _choice_scores(choices) -> dict[str, float]:
    """value -> score; choices without a score are spread evenly from 0 (first) to 1 (last)."""
    choices = [c for c in (choices or []) if isinstance(c, dict) and "value" in c]
    n = len(choices)
    out = {}
    for i, c in enumerate(choices):
        score = c.get("score")
        if score is None:
            score = i / (n - 1) if n > 1 else 1.0
        out[str(c["value"])] = min(1.0, max(0.0, float(score)))
    return out


def answer_score(kind: str, value, choices=None) -> float:
    """0-1 for one answer, by the questionnaire contract.

    scale: value / 4; yes_no: true = 1, false = 0 unless the choices score "yes"/"no";
    single: the chosen choice's score; multiple: mean score of the chosen choices (none chosen = 0).
    Raises InvalidAnswer for a value that does not fit.
    """
    if kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= SCALE_MAX:
            raise InvalidAnswer(f"scale answers are 0-{SCALE_MAX}, got {value!r}")
        return float(value) / SCALE_MAX
    if kind == "yes_no":
        if not isinstance(value, bool):
            raise InvalidAnswer(f"yes/no answers are true or false, got {value!r}")
        scores = _choice_scores(choices)
        key = "yes" if value else "no"
        if key in scores and any(isinstance(c, dict) and c.get("score") is not None for c in choices or []):
            return scores[key]
        return 1.0 if value else 0.0
    if kind == "single":
        scores = _choice_scores(choices)
        if str(value) not in scores or value is None:
            raise InvalidAnswer(f"{value!r} is not one of the choices")
        return scores[str(value)]
    if kind == "multiple":
        if not isinstance(value, list):
            raise InvalidAnswer(f"multiple-choice answers are lists, got {value!r}")
        scores = _choice_scores(choices)
        unknown = [v for v in value if str(v) not in scores]
        if unknown:
            raise InvalidAnswer(f"{unknown!r} are not among the choices")
        return sum(scores[str(v)] for v in value) / len(value) if value else 0.0
    raise InvalidAnswer(f"{kind} questions are not scored")


def _visibility(questions: pd.DataFrame, answer_value: dict, answer_na: dict) -> dict[int, bool]:
    """Question id -> shown, by the rule the form follows too (`vocabulary.questions`)."""
    dependencies = {
        int(qid): Dependency(None if parent is None or pd.isna(parent) else int(parent), wanted)
        for qid, parent, wanted in zip(
            questions["id"].tolist(),
            questions["depends_on_id"].tolist(),
            questions["depends_on_values"].tolist(),
            strict=True,
        )
    }
    given = {int(qid): GivenAnswer(value, bool(answer_na.get(qid))) for qid, value in answer_value.items()}
    return question_visibility(dependencies, given)


def maturity(inputs: ScoringInputs) -> MaturityResult:
    """Scores of the assessment in `inputs` (empty when there is no assessment)."""
    labels = inputs.dimension_labels
    dims = list(inputs.dimensions)
    if not inputs.has_assessment or inputs.questions.empty:
        return MaturityResult(
            dimensions=[DimensionResult(d, labels.get(d, d), None, None, 0, 0, []) for d in dims]
            if inputs.has_assessment
            else [],
            overall_score=None,
            overall_level=None,
            unanswered=[],
        )

    q = inputs.questions
    a = inputs.answers.drop_duplicates("question_id", keep="last").set_index("question_id")
    answer_value = a["value"].to_dict()
    answer_na = a["not_applicable"].to_dict()
    shown = _visibility(q, answer_value, answer_na)

    per_dim: dict[str, dict] = {d: {"num": 0.0, "den": 0.0, "answered": 0, "total": 0, "evidence": []} for d in dims}
    all_num = all_den = 0.0
    unanswered: list[dict] = []
    answers: dict[str, dict] = {}
    for row in q.itertuples(index=False):
        qid = int(row.id)
        if not shown[qid]:
            continue
        value = answer_value.get(qid)
        na = bool(answer_na.get(qid, False))
        is_answered = na or not answer_missing(value)
        if is_answered and not na:
            answers[row.code] = {"code": row.code, "text": row.text, "value": to_builtin(value)}
        scorable = row.dimension != CONTEXT_DIMENSION and row.kind not in UNSCORED_KINDS and float(row.weight) > 0
        score = None
        invalid = False
        if is_answered and not na and scorable:
            try:
                score = answer_score(row.kind, value, row.choices)
            except InvalidAnswer:
                invalid, is_answered = True, False
        if not is_answered:
            unanswered.append({"code": row.code, "text": row.text, "section": row.section})
        if not scorable:
            continue
        d = per_dim.setdefault(row.dimension, {"num": 0.0, "den": 0.0, "answered": 0, "total": 0, "evidence": []})
        d["total"] += 1
        d["answered"] += int(is_answered)
        weight = float(row.weight)
        if score is not None:
            d["num"] += weight * score
            d["den"] += weight
            all_num += weight * score
            all_den += weight
        d["evidence"].append(
            to_builtin(
                {
                    "code": row.code,
                    "text": row.text,
                    "value": value,
                    "score": None if score is None else round(score, 4),
                    "weight": weight,
                    "answered": is_answered,
                    "not_applicable": na,
                    "invalid": invalid,
                }
            )
        )

    dimensions = []
    for dim, d in per_dim.items():
        score = round(d["num"] / d["den"], 4) if d["den"] > 0 else None
        dimensions.append(
            DimensionResult(
                dim, labels.get(dim, dim), score, level_for(score), d["answered"], d["total"], d["evidence"]
            )
        )
    overall = round(all_num / all_den, 4) if all_den > 0 else None
    return MaturityResult(dimensions, overall, level_for(overall), unanswered, answers)


def maturity_gap_findings(result: MaturityResult, *, target_level: int) -> list[FindingResult]:
    """One finding per dimension whose level is below the organisation's target level."""
    out = []
    for d in result.dimensions:
        if d.level is None or d.level >= target_level:
            continue
        gap = target_level - d.level
        weakest = sorted(
            (e for e in d.evidence if e.get("score") is not None), key=lambda e: (e["score"], -e["weight"])
        )[:3]
        out.append(
            FindingResult(
                kind="maturity_gap",
                severity="high" if gap >= MATURITY_GAP_HIGH else "medium",
                title=f"{d.label}: level {d.level}, target {target_level}",
                detail=(
                    f"{d.label} scores {d.score:.2f} (level {d.level}) with {d.answered} of {d.total} questions "
                    "answered; "
                    f"the target is level {target_level}."
                    + (
                        " Weakest answers: " + "; ".join(f"{e['text']} ({e['score']:.2f})" for e in weakest) + "."
                        if weakest
                        else ""
                    )
                ),
                recommendation=texts.MATURITY.get(d.dimension, texts.MATURITY_DEFAULT),
                evidence=evidence(
                    answers=[{"code": e["code"], "text": e["text"], "value": e["value"]} for e in weakest],
                    metrics={"score": d.score, "level": d.level, "target_level": target_level, "gap": gap},
                ),
            )
        )
    return out
