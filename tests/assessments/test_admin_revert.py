"""Questionnaire templates, sections and questions with history: change every field of a draft's object in the
admin, see each change listed, revert through the admin's revert form and get every field back."""

import json

import pytest

from assessments.choices import Dimension, QuestionKind, TemplateStatus
from assessments.models import Question, QuestionnaireTemplate, Section
from tests.assessments.factories import QuestionFactory, QuestionnaireTemplateFactory, SectionFactory, choices
from tests.orgs.factories import UserFactory
from tests.roles.admin_forms import assert_history_after_revert, assert_round_trip, change_then_revert

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def draft(**kwargs):
    return QuestionnaireTemplateFactory(status=TemplateStatus.DRAFT, published_at=None, **kwargs)


def labels_of(model, changes) -> dict[str, str]:
    return {f.name: f.verbose_name[:1].upper() + f.verbose_name[1:] for f in model._meta.fields if f.name in changes}


def test_questionnaire_template_revert_restores_every_field(staff_client):
    template = draft(name="Maturity check", description="First words.")
    SectionFactory(template=template, title="Practice")
    # The version number and the slug are fixed once created, the status changes only by publishing.
    changes = {"name": ["Maturity check, renamed"], "description": ["Other words."]}
    result = change_then_revert(staff_client, template, changes)
    assert_round_trip(result, changes, labels_of(QuestionnaireTemplate, changes))
    template.refresh_from_db()
    assert (template.name, template.description) == ("Maturity check", "First words.")
    assert_history_after_revert(staff_client, template)


def test_section_revert_restores_every_field(staff_client):
    template, other_template = draft(), draft()
    section = SectionFactory(template=template, order=1, title="Practice", description="")
    QuestionFactory(section=section, code="scale")
    changes = {
        "template": [str(other_template.pk)],
        "order": ["7"],
        "title": ["Tools"],
        "description": ["Moved to the other draft."],
    }
    result = change_then_revert(staff_client, section, changes)
    assert_round_trip(result, changes, labels_of(Section, changes))
    section.refresh_from_db()
    assert (section.template_id, section.order, section.title) == (template.pk, 1, "Practice")
    assert_history_after_revert(staff_client, section)


def test_question_revert_restores_every_field(staff_client):
    template = draft()
    practice = SectionFactory(template=template, order=1, title="Practice")
    tools = SectionFactory(template=template, order=2, title="Tools")
    monitored = QuestionFactory(section=tools, code="monitored", kind=QuestionKind.YES_NO)
    question = QuestionFactory(section=practice, code="scale", order=1, text="How automated is training?")
    new_choices = choices("a", "b")
    changes = {
        "section": [str(tools.pk)],
        "code": ["pick"],
        "order": ["5"],
        "kind": [QuestionKind.SINGLE],
        "dimension": [Dimension.TOOLS],
        "text": ["Pick one"],
        "help_text": ["Any will do."],
        "weight": ["2.50"],
        "required": ["on"],
        "allow_na": ["on"],
        "scale_labels": [json.dumps(["none", "some", "half", "most", "all"])],
        "choices": [json.dumps(new_choices)],
        "min_value": ["1.0"],
        "max_value": ["10.0"],
        "depends_on": [str(monitored.pk)],
        "depends_on_values": [json.dumps([True])],
    }
    result = change_then_revert(staff_client, question, changes)
    assert_round_trip(result, changes, labels_of(Question, changes))
    question = Question.objects.get(pk=question.pk)
    assert (question.section_id, question.code, question.kind, question.depends_on_id) == (
        practice.pk,
        "scale",
        QuestionKind.SCALE,
        None,
    )
    assert question.choices == [] and question.required is False
    assert_history_after_revert(staff_client, question)
