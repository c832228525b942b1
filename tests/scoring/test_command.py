"""python manage.py score ORG."""

import io

import pytest
from django.core.management import CommandError, call_command

from assessments.choices import AssessmentStatus
from tests.scoring.scoring_db import contract_questionnaire, risky_org, submitted_assessment


def score(slug) -> str:
    out = io.StringIO()
    call_command("score", slug, stdout=out)
    return out.getvalue()


def test_without_an_assessment_the_data_risks_are_still_scored(org):
    risky_org(org)
    text = score(org.slug)
    assert "no assessment is submitted yet" in text
    assert "Truck factor: 1 (of 3 production systems, 3 orphaned after losing: Priya Raman)" in text
    assert "Archetype:" in text and "Current structure:" in text and "Recommended structure:" in text
    assert "[CRITICAL] Priya Raman is a universal expert" in text
    assert "people: Priya Raman" in text
    assert "systems: Credit scoring, Fraud detection, Payment alerts" in text
    assert "[MEDIUM] Sam Solo is the only ML practitioner in Payments Pod" in text


def test_with_a_submitted_assessment_levels_are_printed_and_it_is_scored(org):
    risky_org(org)
    assessment = submitted_assessment(org, contract_questionnaire())
    text = score(org.slug)
    assert "Assessment: Spring assessment" in text
    assert "Maturity overall: level 4 (score 0.67)" in text
    assert "MLOps level" in text and "level 3 (0.50)" in text and "2/2 answered" in text
    assert "Unanswered (1): talent-plan" in text
    assert "answer bn-no-single-point: True" in text
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED


def test_scoring_unchanged_data_again_reuses_the_run(org):
    risky_org(org)
    first = score(org.slug)
    second = score(org.slug)
    assert "nothing re-scored" not in first
    assert "inputs unchanged since this run: nothing re-scored" in second


def test_an_unknown_organisation_is_a_clear_error(org):
    with pytest.raises(CommandError, match=f"No organisation with the slug 'nope'. Known slugs: {org.slug}"):
        score("nope")
