"""Questionnaires, assessments, answers (with the autosave's version rule) and the submit and
re-score actions over the API, for each membership role and a member of another organisation."""

import pytest

from assessments.choices import AssessmentStatus, TemplateStatus
from assessments.models import Answer, Assessment
from scoring.models import ScoringRun
from tests.assessments.factories import AssessmentFactory, QuestionnaireTemplateFactory, small_questionnaire

ROLES = ["admin", "executive", "lead", "viewer", "outsider", "anonymous"]


@pytest.fixture
def questionnaire(db):
    return small_questionnaire()


def base(org):
    return f"/api/v1/orgs/{org.slug}/assessments/"


def answer_url(assessment, code):
    return f"{base(assessment.organization)}{assessment.pk}/answers/{code}/"


def test_questionnaires_are_read_by_signed_in_users_drafts_by_staff(api_client, members, staff_user, questionnaire):
    draft = QuestionnaireTemplateFactory(status=TemplateStatus.DRAFT, published_at=None)
    body = api_client(members["viewer"]).get("/api/v1/questionnaires/").json()
    ids = {t["id"] for t in body["results"]}
    assert questionnaire.pk in ids and draft.pk not in ids
    assert api_client(members["viewer"]).get(f"/api/v1/questionnaires/{draft.pk}/").status_code == 404
    assert api_client(staff_user).get(f"/api/v1/questionnaires/{draft.pk}/").status_code == 200
    assert api_client().get("/api/v1/questionnaires/").status_code == 401

    detail = api_client(members["outsider"]).get(f"/api/v1/questionnaires/{questionnaire.pk}/").json()
    assert detail["question_count"] == 8
    assert [s["title"] for s in detail["sections"]] == ["Practice", "Tools"]
    assert [q["code"] for q in detail["sections"][0]["questions"]] == ["scale", "yes", "single", "dep"]
    dep = detail["sections"][0]["questions"][3]
    assert dep["depends_on"] == "yes" and dep["depends_on_values"] == [True]


@pytest.mark.parametrize("role", ROLES)
def test_start_an_assessment_by_role(api_client, members, org_data, questionnaire, role):
    client = api_client(members[role])
    led = client.post(base(org_data.org), {"team": org_data.led_child.pk}, format="json")
    other = client.post(base(org_data.org), {"team": org_data.other.pk}, format="json")
    whole = client.post(base(org_data.org), {"team": None}, format="json")
    expected = {
        "admin": (201, 201, 201),
        "lead": (201, 403, 403),
        "executive": (403, 403, 403),
        "viewer": (403, 403, 403),
        "outsider": (404, 404, 404),
        "anonymous": (401, 401, 401),
    }[role]
    assert (led.status_code, other.status_code, whole.status_code) == expected
    assert Assessment.objects.filter(organization=org_data.org).count() == expected.count(201)
    if led.status_code == 201:
        body = led.json()
        assert body["status"] == "draft" and body["team"] == org_data.led_child.pk
        assert body["template"] == questionnaire.pk and body["template_version"] == 1
    if role == "lead":
        assert "teams you lead" in other.json()["message"]


def test_a_second_draft_of_the_same_scope_is_a_conflict(api_client, members, org_data, questionnaire):
    client = api_client(members["admin"])
    assert client.post(base(org_data.org), {}, format="json").status_code == 201
    response = client.post(base(org_data.org), {}, format="json")
    assert response.status_code == 409
    assert "already open" in response.json()["message"]
    foreign_team = client.post(base(org_data.org), {"team": 10**17}, format="json")
    assert foreign_team.status_code == 400 and "team" in foreign_team.json()["errors"]


def test_drafts_are_seen_only_by_their_editors(api_client, members, org_data, questionnaire):
    draft = AssessmentFactory(organization=org_data.org, team=org_data.led, template=questionnaire)
    submitted = AssessmentFactory(
        organization=org_data.org, team=org_data.other, template=questionnaire, status=AssessmentStatus.SUBMITTED
    )
    for role, sees_draft in [("admin", True), ("lead", True), ("executive", False), ("viewer", False)]:
        client = api_client(members[role])
        listed = {a["id"] for a in client.get(base(org_data.org)).json()["results"]}
        assert (draft.pk in listed) == sees_draft, role
        assert submitted.pk in listed
        assert client.get(f"{base(org_data.org)}{draft.pk}/").status_code == (200 if sees_draft else 404)
        assert client.get(f"{base(org_data.org)}{draft.pk}/answers/").status_code == (200 if sees_draft else 404)
    outsider = api_client(members["outsider"])
    assert outsider.get(f"{base(org_data.org)}{submitted.pk}/").status_code == 404
    assert outsider.get(f"/api/v1/orgs/{members_org(members)}/assessments/{submitted.pk}/").status_code == 404


def members_org(members):
    return members["outsider"].memberships.get().organization.slug


def test_answers_follow_the_version_rule(api_client, members, org_data, questionnaire):
    assessment = AssessmentFactory(organization=org_data.org, team=org_data.led, template=questionnaire)
    lead, admin = api_client(members["lead"]), api_client(members["admin"])
    url = answer_url(assessment, "scale")

    first = lead.put(url, {"value": 2, "expected_version": 0}, format="json")
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 1 and first.json()["value"] == 2

    # The admin saves on top of version 1; the lead's next save, still based on version 1, conflicts.
    assert admin.put(url, {"value": 3, "expected_version": 1, "comment": "Checked"}, format="json").status_code == 200
    stale = lead.put(url, {"value": 4, "expected_version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert "Someone else changed this answer" in body["message"]
    assert body["current"]["value"] == 3 and body["current"]["version"] == 2
    assert body["current"]["comment"] == "Checked"
    assert Answer.objects.get(assessment=assessment, question__code="scale").value == 3

    # Sending what is stored is never a conflict; the current version saves.
    assert lead.put(url, {"value": 3, "expected_version": 1, "comment": "Checked"}, format="json").status_code == 200
    saved = lead.put(url, {"value": 4, "expected_version": 2}, format="json")
    assert saved.status_code == 200 and saved.json()["version"] == 3

    listed = lead.get(f"{base(org_data.org)}{assessment.pk}/answers/").json()
    assert [(a["question"], a["value"], a["version"]) for a in listed["results"]] == [("scale", 4, 3)]
    assert lead.get(url).json()["value"] == 4

    # A comment written from the comment last read goes over a newer version that kept that comment and the value
    merged = lead.put(
        url, {"value": 4, "expected_version": 1, "comment": "Per HR", "comment_base": "Checked"}, format="json"
    )
    assert merged.status_code == 200 and (merged.json()["comment"], merged.json()["version"]) == ("Per HR", 4)
    stale_base = admin.put(
        url, {"value": 4, "expected_version": 1, "comment": "X", "comment_base": "Checked"}, format="json"
    )
    assert stale_base.status_code == 409


def test_answer_errors_are_field_errors(api_client, members, org_data, questionnaire):
    assessment = AssessmentFactory(organization=org_data.org, team=org_data.led, template=questionnaire)
    client = api_client(members["lead"])
    bad_level = client.put(answer_url(assessment, "scale"), {"value": 7, "expected_version": 0}, format="json")
    assert bad_level.status_code == 400 and "value" in bad_level.json()["errors"]
    no_version = client.put(answer_url(assessment, "scale"), {"value": 1}, format="json")
    assert no_version.status_code == 400 and "expected_version" in no_version.json()["errors"]
    na = client.put(answer_url(assessment, "scale"), {"not_applicable": True, "expected_version": 0}, format="json")
    assert na.status_code == 400 and "not_applicable" in na.json()["errors"]
    nul = client.put(answer_url(assessment, "text"), {"value": "a\x00b", "expected_version": 0}, format="json")
    assert nul.status_code == 400 and "NUL" in nul.json()["message"]
    huge = client.put(answer_url(assessment, "number"), {"value": 10**400, "expected_version": 0}, format="json")
    assert huge.status_code == 400 and "value" in huge.json()["errors"]
    unknown = client.put(answer_url(assessment, "nope"), {"value": 1, "expected_version": 0}, format="json")
    assert unknown.status_code == 404
    assert not Answer.objects.filter(assessment=assessment).exists()


@pytest.mark.parametrize("role", ["admin", "executive", "lead", "viewer", "outsider"])
def test_who_may_save_answers(api_client, members, org_data, questionnaire, role):
    led = AssessmentFactory(organization=org_data.org, team=org_data.led, template=questionnaire)
    other = AssessmentFactory(organization=org_data.org, team=org_data.other, template=questionnaire)
    client = api_client(members[role])
    on_led = client.put(answer_url(led, "scale"), {"value": 1, "expected_version": 0}, format="json")
    on_other = client.put(answer_url(other, "scale"), {"value": 1, "expected_version": 0}, format="json")
    # Drafts a member may not edit are not shown to them at all.
    expected = {
        "admin": (200, 200),
        "lead": (200, 404),
        "executive": (404, 404),
        "viewer": (404, 404),
        "outsider": (404, 404),
    }[role]
    assert (on_led.status_code, on_other.status_code) == expected
    assert Answer.objects.count() == expected.count(200)


def test_submitted_assessments_are_read_only(api_client, members, org_data, questionnaire):
    submitted = AssessmentFactory(
        organization=org_data.org, team=org_data.led, template=questionnaire, status=AssessmentStatus.SUBMITTED
    )
    lead = api_client(members["lead"])
    response = lead.put(answer_url(submitted, "scale"), {"value": 1, "expected_version": 0}, format="json")
    assert response.status_code == 409 and "can no longer change" in response.json()["message"]
    viewer = api_client(members["viewer"])
    response = viewer.put(answer_url(submitted, "scale"), {"value": 1, "expected_version": 0}, format="json")
    assert response.status_code == 403
    assert not Answer.objects.exists()


def answer_all_required(client, assessment):
    for code, value in [("scale", 3), ("yes", True), ("dep", 2), ("na", 1)]:
        response = client.put(answer_url(assessment, code), {"value": value, "expected_version": 0}, format="json")
        assert response.status_code == 200, response.json()


def test_submit_then_rescore(api_client, members, org_data, questionnaire, django_capture_on_commit_callbacks):
    assessment = AssessmentFactory(organization=org_data.org, team=org_data.led, template=questionnaire)
    lead = api_client(members["lead"])
    submit = f"{base(org_data.org)}{assessment.pk}/submit/"
    rescore = f"{base(org_data.org)}{assessment.pk}/rescore/"

    assert lead.post(rescore).status_code == 409  # a draft is not scored

    missing = lead.post(submit)
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"scale", "yes", "na"}  # `dep` is hidden until `yes` is answered

    answer_all_required(lead, assessment)
    assert api_client(members["viewer"]).post(submit).status_code == 404  # drafts are not shown to viewers
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(submit)
    assert response.status_code == 200
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED
    assert response.json()["submitted_at"]
    assert ScoringRun.objects.filter(assessment=assessment, status="done").count() == 1

    assert lead.post(submit).status_code == 409
    assert api_client(members["viewer"]).post(rescore).status_code == 403
    assert api_client(members["outsider"]).post(rescore).status_code == 404
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = lead.post(rescore)
    assert response.status_code == 202
    assert response.json()["assessment"]["id"] == assessment.pk
    assert len(callbacks) == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SCORED


def test_date_filters_take_any_utc_offset(api_client, members, org, questionnaire):
    """PostgreSQL rejects offsets beyond about 16 hours; the filter moves the value to UTC first."""
    from django.utils import timezone

    AssessmentFactory(
        organization=org,
        team=None,
        template=questionnaire,
        status=AssessmentStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    client = api_client(members["admin"])
    wide = client.get(
        base(org), {"submitted_after": "0081-01-24T06:50:05-18:36", "submitted_before": "9999-12-31T23:00:00-23:59"}
    )
    assert wide.status_code == 200 and wide.json()["count"] == 1
    late = client.get(base(org), {"submitted_after": "9000-01-01T00:00:00+18:00"})
    assert late.status_code == 200 and late.json()["count"] == 0
    # nothing failed underneath: the database is still usable in the same transaction
    assert Assessment.objects.filter(organization=org).count() == 1
