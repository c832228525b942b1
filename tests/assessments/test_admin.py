import pytest
from django.urls import reverse

from assessments.choices import TemplateStatus
from assessments.models import Question, QuestionnaireTemplate
from assessments.services import template_new_version
from tests.assessments.factories import question
from tests.orgs.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def question_post_data(q: Question, **changes) -> dict:
    data = {
        "section": q.section_id,
        "code": q.code,
        "order": q.order,
        "text": q.text,
        "help_text": q.help_text,
        "dimension": q.dimension,
        "kind": q.kind,
        "weight": q.weight,
        "allow_na": "",
        "choices": "[]",
        "scale_labels": '["a", "b", "c", "d", "e"]',
        "min_value": "",
        "max_value": "",
        "depends_on": "",
        "depends_on_values": "[]",
    }
    if q.required:
        data["required"] = "on"
    data.update(changes)
    return data


def test_published_question_is_read_only_in_admin(staff_client, questionnaire):
    q = question(questionnaire, "scale")
    url = reverse("admin:assessments_question_change", args=[q.pk])
    page = staff_client.get(url)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    response = staff_client.post(url, question_post_data(q, text="Sneaky change"))
    assert response.status_code == 403
    q.refresh_from_db()
    assert q.text == "How automated is training?"


def test_published_template_has_no_editable_inlines(staff_client, questionnaire):
    page = staff_client.get(reverse("admin:assessments_questionnairetemplate_change", args=[questionnaire.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content


def test_publish_new_version_action_then_edit_and_publish(staff_client, questionnaire):
    changelist = reverse("admin:assessments_questionnairetemplate_changelist")
    response = staff_client.post(
        changelist, {"action": "publish_new_version", "_selected_action": [questionnaire.pk]}, follow=True
    )
    assert b"was created as a draft" in response.content
    draft = QuestionnaireTemplate.objects.get(slug=questionnaire.slug, version=2)
    assert draft.status == TemplateStatus.DRAFT

    q = question(draft, "scale")
    url = reverse("admin:assessments_question_change", args=[q.pk])
    response = staff_client.post(url, question_post_data(q, text="Reworded for version 2"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert question(draft, "scale").text == "Reworded for version 2"
    assert question(questionnaire, "scale").text == "How automated is training?"

    response = staff_client.post(changelist, {"action": "publish_drafts", "_selected_action": [draft.pk]}, follow=True)
    assert b"is published" in response.content
    draft.refresh_from_db()
    questionnaire.refresh_from_db()
    assert draft.status == TemplateStatus.PUBLISHED and questionnaire.status == TemplateStatus.ARCHIVED


def test_publish_action_reports_broken_questions(staff_client, questionnaire):
    draft = template_new_version(template=questionnaire)
    Question.objects.filter(section__template=draft, code="scale").update(scale_labels=["just one"])
    response = staff_client.post(
        reverse("admin:assessments_questionnairetemplate_changelist"),
        {"action": "publish_drafts", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert b"cannot be published" in response.content and b"five labels" in response.content
    draft.refresh_from_db()
    assert draft.status == TemplateStatus.DRAFT


def test_admin_form_refuses_a_duplicate_code(staff_client, questionnaire):
    draft = template_new_version(template=questionnaire)
    q = question(draft, "scale")
    response = staff_client.post(
        reverse("admin:assessments_question_change", args=[q.pk]), question_post_data(q, code="yes")
    )
    assert response.status_code == 200 and b"already used in this questionnaire version" in response.content


def test_history_and_revert_of_a_draft_question(staff_client, questionnaire):
    draft = template_new_version(template=questionnaire)
    q = question(draft, "scale")
    original = q.text
    q.text = "Second wording"
    q.save()
    history_url = reverse("admin:assessments_question_history", args=[q.pk])
    page = staff_client.get(history_url)
    assert page.status_code == 200 and b"Second wording" in page.content
    first = q.history.order_by("history_date").first()
    revert_url = reverse("admin:assessments_question_simple_history", args=[q.pk, first.history_id])
    assert staff_client.get(revert_url).status_code == 200
    response = staff_client.post(revert_url, question_post_data(q, text=original))
    assert response.status_code == 302
    q.refresh_from_db()
    assert q.text == original


def test_revert_of_a_published_question_is_refused(staff_client, questionnaire):
    q = question(questionnaire, "scale")
    first = q.history.order_by("history_date").first()
    revert_url = reverse("admin:assessments_question_simple_history", args=[q.pk, first.history_id])
    response = staff_client.post(revert_url, question_post_data(q, text="Reverted?"), follow=True)
    assert b"cannot be reverted" in response.content
    q.refresh_from_db()
    assert q.text == "How automated is training?"
