"""The parity table: each write the app offers, how the browser and the API ask for it, and who may do it.

A row's `browser` and `api` build the request from the world (tests/parity/world.py); `None` says that door
does not offer the action. `allowed` lists the roles that may do it (the product rules in the README, "Who
does what"); `hidden` the members for whom a whole section does not exist (404 in both doors, as the imports
for all but admins). Every other member is refused (403, with the reason); a member of another organisation
gets 404 and an anonymous client is sent to log in.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from roles.models import Responsibility

from .doors import ALLOWED, FORBIDDEN, LOGIN, NOT_FOUND, Call
from .world import ROLES, people_csv

ADMIN = ("admin",)
EDITORS = ("admin", "lead")  # leads: the teams they lead and every team below them
PLANNERS = ("admin", "executive", "lead", "lead_other")  # every lead plans, not only within their teams
NON_ADMINS = ("executive", "lead", "lead_other", "viewer")
READERS = ("executive", "viewer")


@dataclass
class Action:
    name: str
    browser: object  # world -> Call, or None: the browser offers no page for it
    api: object  # world -> Call, or None: the API offers no endpoint for it
    allowed: tuple
    hidden: tuple = ()
    eager: bool = False  # run after-commit work (the outbox's dispatch) at once: the browser's import needs it
    unlike: tuple = ()  # tables the two doors may leave differently, each with a reason in the row's comment

    def expected(self, role: str) -> str:
        if role == "anonymous":
            return LOGIN
        if role == "outsider" or role in self.hidden:
            return NOT_FOUND
        return ALLOWED if role in self.allowed else FORBIDDEN


def page(w, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": w.org.slug, **kwargs})


def api(w, path: str) -> str:
    return f"/api/v1/orgs/{w.org.slug}/{path}"


def team_form(team, **changes) -> dict:
    data = {
        "name": team.name,
        "parent": team.parent_id or "",
        "kind": team.kind,
        "pillar": team.pillar,
        "lead_email": team.lead.email if team.lead_id else "",
        "description": team.description,
    }
    return {**data, **changes}


def person_form(person, **changes) -> dict:
    data = {
        "name": person.name,
        "email": person.email,
        "team": person.team_id,
        "role": person.role_id,
        "manager_email": "",
        "fte": str(person.fte),
        "start_date": "",
        "location": person.location,
    }
    data.update({f"skill_{ps.skill.slug}": str(ps.level) for ps in person.skills.select_related("skill")})
    return {**data, **changes}


def system_form(system, **changes) -> dict:
    data = {
        "name": system.name,
        "team": system.team_id,
        "stage": system.stage,
        "domain": system.domain,
        "description": system.description,
        "owners": "; ".join(p.email for p in system.owners.all()),
        "deployers": "; ".join(p.email for p in system.deployers.all()),
    }
    return {**data, **changes}


def opening_form(opening, **changes) -> dict:
    data = {
        "team": opening.team_id,
        "role": opening.role_id,
        "opened_on": opening.opened_on.isoformat(),
        "status": opening.status,
        "filled_on": "",
    }
    return {**data, **changes}


def other_responsibility():
    return Responsibility.objects.exclude(slug="model-deployment").order_by("slug").first()


def cell(w, person, responsibility, level) -> Call:
    data = {"person": person.pk, "responsibility": responsibility.pk, "level": level, "team": ""}
    return Call("POST", page(w, "orgs:matrix_cell"), data)


def upload(csv: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("people.csv", csv, content_type="text/csv")


FILLED = date(2025, 6, 2).isoformat()

ACTIONS = [
    # --- teams ------------------------------------------------------------------------------------------------
    Action(
        "team-create",
        lambda w: Call(
            "POST",
            page(w, "orgs:team_new") + f"?parent={w.given.pk}",
            team_form(w.given, name="New Pod", parent=w.given.pk, lead_email="", description=""),
        ),
        lambda w: Call(
            "POST",
            api(w, "teams/"),
            {"name": "New Pod", "parent": w.given.pk, "kind": w.given.kind, "pillar": w.given.pillar},
        ),
        EDITORS,
    ),
    Action(
        "team-rename",
        lambda w: Call("POST", page(w, "orgs:team_edit", team_id=w.sub.pk), team_form(w.sub, name="Sub Renamed")),
        lambda w: Call("PATCH", api(w, f"teams/{w.sub.pk}/"), {"name": "Sub Renamed"}),
        EDITORS,
    ),
    Action(
        "team-move-below-a-led-team",
        lambda w: Call("POST", page(w, "orgs:team_edit", team_id=w.sub.pk), team_form(w.sub, parent=w.leaf.pk)),
        lambda w: Call("PATCH", api(w, f"teams/{w.sub.pk}/"), {"parent": w.leaf.pk}),
        EDITORS,
    ),
    Action(  # the team a lead was given stays where the admins put it
        "team-move-the-given-team",
        lambda w: Call("POST", page(w, "orgs:team_edit", team_id=w.given.pk), team_form(w.given, parent=w.holding.pk)),
        lambda w: Call("PATCH", api(w, f"teams/{w.given.pk}/"), {"parent": w.holding.pk}),
        ADMIN,
    ),
    Action(
        "team-delete-a-sub-team",
        lambda w: Call("POST", page(w, "orgs:team_delete", team_id=w.leaf.pk)),
        lambda w: Call("DELETE", api(w, f"teams/{w.leaf.pk}/")),
        EDITORS,
    ),
    Action(  # only admins remove the team a lead was given
        "team-delete-the-given-team",
        lambda w: Call("POST", page(w, "orgs:team_delete", team_id=w.solo.pk)),
        lambda w: Call("DELETE", api(w, f"teams/{w.solo.pk}/")),
        ADMIN,
    ),
    # --- openings ---------------------------------------------------------------------------------------------
    Action(
        "opening-create",
        lambda w: Call(
            "POST",
            page(w, "orgs:opening_new", team_id=w.sub.pk),
            opening_form(w.opening, opened_on="2025-03-03"),
        ),
        lambda w: Call(
            "POST",
            api(w, "openings/"),
            {"team": w.sub.pk, "role": w.opening.role.slug, "opened_on": "2025-03-03", "status": "open"},
        ),
        EDITORS,
    ),
    Action(
        "opening-fill",
        lambda w: Call(
            "POST",
            page(w, "orgs:opening_edit", opening_id=w.opening.pk),
            opening_form(w.opening, status="filled", filled_on=FILLED),
        ),
        lambda w: Call("PATCH", api(w, f"openings/{w.opening.pk}/"), {"status": "filled", "filled_on": FILLED}),
        EDITORS,
    ),
    Action(
        "opening-cancel",
        lambda w: Call(
            "POST", page(w, "orgs:opening_edit", opening_id=w.opening.pk), opening_form(w.opening, status="cancelled")
        ),
        lambda w: Call("PATCH", api(w, f"openings/{w.opening.pk}/"), {"status": "cancelled"}),
        EDITORS,
    ),
    Action(
        "opening-delete",
        lambda w: Call("POST", page(w, "orgs:opening_delete", opening_id=w.opening.pk)),
        lambda w: Call("DELETE", api(w, f"openings/{w.opening.pk}/")),
        EDITORS,
    ),
    # --- people and their skills ------------------------------------------------------------------------------
    Action(
        "person-create",
        lambda w: Call(
            "POST",
            page(w, "orgs:person_new", team_id=w.sub.pk),
            {"name": "Eve New", "email": "eve.new@example.org", "team": w.sub.pk, "role": w.p_sub.role_id, "fte": "1"},
        ),
        lambda w: Call(
            "POST",
            api(w, "people/"),
            {
                "name": "Eve New",
                "email": "eve.new@example.org",
                "team": w.sub.pk,
                "role": w.p_sub.role.slug,
                "fte": "1",
            },
        ),
        EDITORS,
    ),
    Action(
        "person-update",
        lambda w: Call(
            "POST", page(w, "orgs:person_edit", person_id=w.p_sub.pk), person_form(w.p_sub, location="Porto")
        ),
        lambda w: Call("PATCH", api(w, f"people/{w.p_sub.pk}/"), {"location": "Porto"}),
        EDITORS,
    ),
    Action(
        "person-delete",
        lambda w: Call("POST", page(w, "orgs:person_delete", person_id=w.p_plain.pk)),
        lambda w: Call("DELETE", api(w, f"people/{w.p_plain.pk}/")),
        EDITORS,
    ),
    Action(
        "person-skill-add",
        lambda w: Call(
            "POST",
            page(w, "orgs:person_edit", person_id=w.p_sub.pk),
            person_form(w.p_sub, **{"skill_software-engineering": "3"}),
        ),
        lambda w: Call(
            "POST", api(w, "person-skills/"), {"person": w.p_sub.pk, "skill": "software-engineering", "level": 3}
        ),
        EDITORS,
    ),
    Action(
        "person-skill-change",
        lambda w: Call(
            "POST",
            page(w, "orgs:person_edit", person_id=w.p_sub.pk),
            person_form(w.p_sub, **{"skill_ml-expertise": "4"}),
        ),
        lambda w: Call("PATCH", api(w, f"person-skills/{w.p_skill.pk}/"), {"level": 4}),
        EDITORS,
    ),
    Action(
        "person-skill-remove",
        lambda w: Call(
            "POST",
            page(w, "orgs:person_edit", person_id=w.p_sub.pk),
            person_form(w.p_sub, **{"skill_ml-expertise": ""}),
        ),
        lambda w: Call("DELETE", api(w, f"person-skills/{w.p_skill.pk}/")),
        EDITORS,
    ),
    # --- ML systems -------------------------------------------------------------------------------------------
    Action(
        "system-create",
        lambda w: Call(
            "POST",
            page(w, "orgs:system_new", team_id=w.sub.pk),
            {"name": "Churn Model", "team": w.sub.pk, "stage": "prototype", "owners": w.p_sub.email, "deployers": ""},
        ),
        lambda w: Call(
            "POST",
            api(w, "systems/"),
            {"name": "Churn Model", "team": w.sub.pk, "stage": "prototype", "owners": [w.p_sub.pk], "deployers": []},
        ),
        EDITORS,
    ),
    Action(
        "system-update",
        lambda w: Call(
            "POST", page(w, "orgs:system_edit", system_id=w.system.pk), system_form(w.system, stage="retired")
        ),
        lambda w: Call("PATCH", api(w, f"systems/{w.system.pk}/"), {"stage": "retired"}),
        EDITORS,
    ),
    Action(
        "system-delete",
        lambda w: Call("POST", page(w, "orgs:system_delete", system_id=w.system.pk)),
        lambda w: Call("DELETE", api(w, f"systems/{w.system.pk}/")),
        EDITORS,
    ),
    # --- the responsibility matrix ----------------------------------------------------------------------------
    Action(
        "matrix-cell-set",
        lambda w: cell(w, w.p_sub, other_responsibility(), "contributor"),
        lambda w: Call(
            "POST",
            api(w, "assignments/"),
            {"person": w.p_sub.pk, "responsibility": other_responsibility().slug, "level": "contributor"},
        ),
        EDITORS,
    ),
    Action(
        "matrix-cell-change",
        lambda w: cell(w, w.p_sub, w.assignment.responsibility, "backup"),
        lambda w: Call("PATCH", api(w, f"assignments/{w.assignment.pk}/"), {"level": "backup"}),
        EDITORS,
    ),
    Action(
        "matrix-cell-clear",
        lambda w: cell(w, w.p_sub, w.assignment.responsibility, ""),
        lambda w: Call("DELETE", api(w, f"assignments/{w.assignment.pk}/")),
        EDITORS,
    ),
    # --- members (admins only; the browser hides the page from everyone else) ---------------------------------
    Action(
        "member-add",
        lambda w: Call(
            "POST", page(w, "orgs:member_add"), {"kind": "existing", "user": "parity-newcomer", "role": "viewer"}
        ),
        lambda w: Call("POST", api(w, "members/"), {"user": "parity-newcomer", "role": "viewer"}),
        ADMIN,
    ),
    Action(
        "member-change-role",
        lambda w: Call("POST", page(w, "orgs:member_edit", member_id=w.spare.pk), {"role": "executive"}),
        lambda w: Call("PATCH", api(w, f"members/{w.spare.pk}/"), {"role": "executive"}),
        ADMIN,
    ),
    Action(
        "member-remove",
        lambda w: Call("POST", page(w, "orgs:member_remove", member_id=w.spare.pk)),
        lambda w: Call("DELETE", api(w, f"members/{w.spare.pk}/")),
        ADMIN,
    ),
    # --- import (admins only) ---------------------------------------------------------------------------------
    Action(  # both doors keep the upload and answer at once (the API with 202); a worker checks it (an outbox message)
        "import-upload",
        lambda w: Call("POST", page(w, "orgs:import_upload"), {"file": upload(people_csv("Sub"))}),
        lambda w: Call(
            "POST", api(w, "imports/"), {"file": upload(people_csv("Sub")), "dry_run": "true"}, multipart=True
        ),
        ADMIN,
        hidden=NON_ADMINS,
        eager=True,
        unlike=("OutboxMessage",),
    ),
    Action(  # as above: both doors queue the write of the confirmed file for a worker
        "import-apply",
        lambda w: Call("POST", page(w, "orgs:import_preview", run_id=w.checked_import.pk)),
        lambda w: Call("POST", api(w, f"imports/{w.checked_import.pk}/apply/")),
        ADMIN,
        hidden=NON_ADMINS,
        eager=True,
        unlike=("OutboxMessage",),
    ),
    # --- assessments ------------------------------------------------------------------------------------------
    Action(
        "assessment-start",
        lambda w: Call("POST", page(w, "assessments:start"), {"scope": str(w.leaf.pk)}),
        lambda w: Call("POST", api(w, "assessments/"), {"team": w.leaf.pk}),
        EDITORS,
    ),
    Action(  # a draft is seen only by those who may edit it
        "assessment-answer-save",
        lambda w: Call(
            "POST",
            page(
                w,
                "assessments:answer",
                pk=w.draft.pk,
                question_id=w.template.sections.get(order=2).questions.get(code="text").pk,
            ),
            {"version": 0, "value": "We track drift.", "comment": ""},
        ),
        lambda w: Call(
            "PUT",
            api(w, f"assessments/{w.draft.pk}/answers/text/"),
            {"value": "We track drift.", "expected_version": 0, "not_applicable": False, "comment": ""},
        ),
        EDITORS,
        hidden=("executive", "viewer", "lead_other"),
    ),
    Action(
        "assessment-submit",
        lambda w: Call("POST", page(w, "assessments:submit", pk=w.draft.pk)),
        lambda w: Call("POST", api(w, f"assessments/{w.draft.pk}/submit/")),
        EDITORS,
        hidden=("executive", "viewer", "lead_other"),
    ),
    Action(
        "assessment-rescore",
        None,  # the browser starts scoring only by submitting
        lambda w: Call("POST", api(w, f"assessments/{w.submitted.pk}/rescore/")),
        EDITORS,
    ),
    # --- results ----------------------------------------------------------------------------------------------
    Action(
        "results-rescore",
        lambda w: Call("POST", page(w, "results:rescore")),  # the stale-results banner's "Rescore now"
        lambda w: Call("POST", api(w, "results/rescore/")),
        ADMIN,
    ),
    Action(
        "org-target-level",
        lambda w: Call("POST", page(w, "results:set_target"), {"target_level": "4"}),
        lambda w: Call("PATCH", f"/api/v1/orgs/{w.org.slug}/", {"target_level": 4}),
        ADMIN,
    ),
    # --- scenarios (the world's scenario was made by the admin: its author and the admins change it) ---------
    Action(
        "scenario-create",
        lambda w: Call("POST", page(w, "planning:scenario_create"), {"name": "Spin-off", "description": "Split"}),
        lambda w: Call("POST", api(w, "scenarios/"), {"name": "Spin-off", "description": "Split"}),
        PLANNERS,
    ),
    Action(
        "scenario-rename",
        lambda w: Call(
            "POST", page(w, "planning:scenario_edit", pk=w.scenario.pk), {"name": "Reorg 2", "description": ""}
        ),
        lambda w: Call("PATCH", api(w, f"scenarios/{w.scenario.pk}/"), {"name": "Reorg 2", "description": ""}),
        ADMIN,
    ),
    Action(
        "scenario-copy",
        lambda w: Call("POST", page(w, "planning:scenario_copy", pk=w.scenario.pk)),
        lambda w: Call("POST", api(w, f"scenarios/{w.scenario.pk}/copy/")),
        PLANNERS,
    ),
    Action(
        "scenario-add-change",
        lambda w: Call(
            "POST", page(w, "planning:change_add", pk=w.scenario.pk), {"kind": "leave", "person": w.p_sub.pk}
        ),
        lambda w: Call("POST", api(w, f"scenarios/{w.scenario.pk}/changes/"), {"kind": "leave", "person": w.p_sub.pk}),
        ADMIN,
    ),
    Action(
        "scenario-remove-change",
        lambda w: Call("POST", page(w, "planning:change_remove", pk=w.scenario.pk), {"change": w.change.pk}),
        lambda w: Call("POST", api(w, f"scenarios/{w.scenario.pk}/remove-change/"), {"change": w.change.pk}),
        ADMIN,
    ),
    Action(
        "scenario-score",
        lambda w: Call("POST", page(w, "planning:scenario_score", pk=w.scenario.pk)),
        lambda w: Call("POST", api(w, f"scenarios/{w.scenario.pk}/score/")),
        PLANNERS,
    ),
    Action(
        "scenario-apply",
        lambda w: Call("POST", page(w, "planning:scenario_apply", pk=w.scenario.pk)),
        lambda w: Call("POST", api(w, f"scenarios/{w.scenario.pk}/apply/")),
        ADMIN,
    ),
    Action(
        "scenario-delete",
        lambda w: Call("POST", page(w, "planning:scenario_delete", pk=w.scenario.pk)),
        lambda w: Call("DELETE", api(w, f"scenarios/{w.scenario.pk}/")),
        ADMIN,
    ),
    # --- targets ----------------------------------------------------------------------------------------------
    Action(
        "headcount-target-create",
        lambda w: Call(
            "POST",
            page(w, "planning:targets"),
            {"action": "headcount", "hc-team": w.leaf.pk, "hc-role": w.p_sub.role_id, "hc-headcount": 3},
        ),
        lambda w: Call(
            "POST", api(w, "headcount-targets/"), {"team": w.leaf.pk, "role": w.p_sub.role.slug, "headcount": 3}
        ),
        EDITORS,
    ),
    Action(
        "headcount-target-delete",
        lambda w: Call("POST", page(w, "planning:targets"), {"action": "delete_headcount", "target": w.headcount.pk}),
        lambda w: Call("DELETE", api(w, f"headcount-targets/{w.headcount.pk}/")),
        EDITORS,
    ),
    Action(
        "maturity-target-create",
        lambda w: Call(
            "POST",
            page(w, "planning:targets"),
            {"action": "maturity", "mt-team": w.leaf.pk, "mt-dimension": "mlops_level", "mt-level": 3},
        ),
        lambda w: Call(
            "POST", api(w, "maturity-targets/"), {"team": w.leaf.pk, "dimension": "mlops_level", "level": 3}
        ),
        EDITORS,
    ),
    Action(
        "maturity-target-delete",
        lambda w: Call("POST", page(w, "planning:targets"), {"action": "delete_maturity", "target": w.maturity.pk}),
        lambda w: Call("DELETE", api(w, f"maturity-targets/{w.maturity.pk}/")),
        EDITORS,
    ),
    # --- hiring estimates per role (admins) --------------------------------------------------------------------
    Action(
        "role-estimates-set",
        lambda w: Call(
            "POST",
            page(w, "planning:roles"),
            {"role": w.p_sub.role_id, "annual_cost": "90000", "months_to_hire": "4.5"},
        ),
        None,  # the API has no endpoint for the organisation's role estimates
        ADMIN,
        hidden=NON_ADMINS,
    ),
]

ROWS = [(action, role) for action in ACTIONS for role in ROLES]
