import pytest
from django.core.management import call_command

from assessments.choices import Dimension, QuestionKind, TemplateStatus
from assessments.models import Question, QuestionnaireTemplate
from assessments.questionnaire_default import DEFAULT_SLUG
from assessments.services import questionnaire_default_seed, template_problems

pytestmark = pytest.mark.django_db

CONTRACT_SINGLES = {
    "ctx-company-stage": {"startup-small", "startup-large", "enterprise"},
    "ctx-ml-focus": {"research", "product", "both"},
    "ctx-ml-reports-to": {"c-level", "vp", "department", "it-or-bi"},
    "ctx-path-to-production": {"none", "handoff", "ml-team-deploys", "self-serve"},
    "ctx-data-ownership": {"none", "works-with-data-eng", "voice-in-governance", "owns-data-infra"},
    "ctx-model-ownership": {"none", "builders-own-deployed", "handed-maintained", "handed-operated"},
    "ctx-structure": {"centralized", "decentralized", "hybrid", "centralized-with-product"},
    "ctx-research-vs-engineering": {"research", "engineering", "balanced"},
}
CONTRACT_YES_NO = {"bn-deployment-staffed", "bn-no-single-point", "rr-all-covered", "st-ml-lead-seat"}


@pytest.fixture
def default_template(db):
    return questionnaire_default_seed()


def questions(template):
    return {q.code: q for q in Question.objects.filter(section__template=template).select_related("depends_on")}


def test_default_is_published_and_valid(default_template):
    assert default_template.slug == DEFAULT_SLUG and default_template.status == TemplateStatus.PUBLISHED
    assert template_problems(template=default_template) == {}


def test_default_has_enough_questions_covering_every_dimension(default_template):
    qs = questions(default_template)
    assert len(qs) >= 40
    assert {q.dimension for q in qs.values()} == set(Dimension)
    scored_dimensions = {q.dimension for q in qs.values() if q.is_scored}
    assert scored_dimensions == set(Dimension) - {Dimension.CONTEXT}


def test_default_contains_the_scoring_contract(default_template):
    qs = questions(default_template)
    for code, values in CONTRACT_SINGLES.items():
        assert qs[code].kind == QuestionKind.SINGLE and set(qs[code].choice_values()) == values, code
        assert qs[code].dimension == Dimension.CONTEXT and qs[code].weight == 0
    for code in CONTRACT_YES_NO:
        assert qs[code].kind == QuestionKind.YES_NO, code


def test_default_has_labels_help_required_na_and_dependencies(default_template):
    qs = list(questions(default_template).values())
    scales = [q for q in qs if q.kind == QuestionKind.SCALE]
    assert scales and all(len(q.scale_labels) == 5 for q in scales)
    assert sum(bool(q.help_text) for q in qs) >= 20
    assert any(q.required for q in qs) and any(not q.required for q in qs)
    assert sum(q.allow_na for q in qs) >= 2
    dependents = [q for q in qs if q.depends_on_id]
    assert len(dependents) >= 2
    assert all(q.depends_on.section.template_id == default_template.pk for q in dependents)
    mlops = [q for q in scales if q.dimension == Dimension.MLOPS_LEVEL]
    assert any("manual" in q.scale_labels[0].lower() for q in mlops)
    assert any("automated" in q.scale_labels[4].lower() for q in mlops)


def test_seed_is_idempotent_and_cheap_the_second_time(default_template, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        again = questionnaire_default_seed()
    assert again == default_template
    assert QuestionnaireTemplate.objects.filter(slug=DEFAULT_SLUG).count() == 1


def test_seed_keeps_a_newer_published_version(default_template):
    from assessments.services import template_new_version, template_publish

    v2 = template_publish(template=template_new_version(template=default_template))
    assert questionnaire_default_seed() == v2


def test_seed_writes_history_rows(default_template):
    q = Question.objects.filter(section__template=default_template).first()
    assert q.history.count() == 1


def test_seed_command(db, capsys):
    call_command("seed_questionnaire")
    call_command("seed_questionnaire")
    out = capsys.readouterr().out
    assert out.count("Questionnaire ready") == 2 and "Published" in out
    assert QuestionnaireTemplate.objects.filter(slug=DEFAULT_SLUG).count() == 1
