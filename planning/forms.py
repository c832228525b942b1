"""Forms of the planning pages: they parse and limit choices to the organisation; the services hold the rules."""

from __future__ import annotations

from datetime import date

from django import forms

from assessments.choices import SCORED_DIMENSIONS
from orgs.choices import AssignmentLevel, OpeningStatus
from orgs.models import Opening, Person, Team
from roles.models import Responsibility, RoleTemplate

from .choices import ChangeKind
from .models import Scenario

PEOPLE_IN_ONE_LIST = 300  # above this, people are picked team by team


def bootstrap(form: forms.Form) -> None:
    """Bootstrap classes on every widget."""
    for field in form.fields.values():
        w = field.widget
        if isinstance(w, forms.CheckboxSelectMultiple | forms.HiddenInput):
            continue
        w.attrs["class"] = "form-select" if isinstance(w, forms.Select) else "form-control"


MONTH = {"input_formats": ["%Y-%m", "%Y-%m-%d"], "widget": forms.DateInput(attrs={"type": "month"}, format="%Y-%m")}


class ScenarioForm(forms.Form):
    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.role.name}, {obj.team.name})"


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.role.name})"


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.role.name} in {obj.team.name}, open since {obj.opened_on:%d %b %Y}"


def _teams(org):
    return Team.objects.for_org(org).order_by("name")


FIELDS = {
    ChangeKind.LEAVE: ["person", "month"],
    ChangeKind.JOIN: ["team", "role", "name", "email", "fte", "month"],
    ChangeKind.MOVE: ["person", "to_team"],
    ChangeKind.REASSIGN: ["responsibility", "person", "to_person", "level"],
    ChangeKind.MERGE_TEAMS: ["team", "to_team"],
    ChangeKind.SPLIT_TEAM: ["team", "name", "people"],
    ChangeKind.ADD_OPENING: ["team", "role", "month"],
    ChangeKind.CANCEL_OPENING: ["opening"],
}
LABELS = {
    ChangeKind.LEAVE: {"person": "Who leaves", "month": "From (month, optional)"},
    ChangeKind.JOIN: {"team": "Team", "name": "Name (optional)", "month": "Starts (month, optional)"},
    ChangeKind.MOVE: {"person": "Who moves", "to_team": "To team"},
    ChangeKind.REASSIGN: {"person": "Taken from (optional)", "to_person": "Given to", "level": "As"},
    ChangeKind.MERGE_TEAMS: {"team": "Team that is merged", "to_team": "Into team"},
    ChangeKind.SPLIT_TEAM: {"team": "Team that splits", "name": "Name of the new team", "people": "Who goes"},
    ChangeKind.ADD_OPENING: {"team": "Team", "role": "Role", "month": "Opens (month, optional)"},
    ChangeKind.CANCEL_OPENING: {"opening": "Opening"},
}


class ChangeForm(forms.Form):
    """One scenario change of `kind`; people are listed team by team in large organisations."""

    pick_team = TeamChoiceField(queryset=Team.objects.none(), required=False, label="People of team")
    person = PersonChoiceField(queryset=Person.objects.none(), required=False)
    to_person = PersonChoiceField(queryset=Person.objects.none(), required=False)
    team = TeamChoiceField(queryset=Team.objects.none(), required=False)
    to_team = TeamChoiceField(queryset=Team.objects.none(), required=False)
    role = forms.ModelChoiceField(queryset=RoleTemplate.objects.order_by("name"), required=False)
    responsibility = forms.ModelChoiceField(queryset=Responsibility.objects.order_by("name"), required=False)
    opening = OpeningChoiceField(queryset=Opening.objects.none(), required=False)
    people = PeopleField(queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple)
    level = forms.ChoiceField(choices=AssignmentLevel.choices, required=False, initial=AssignmentLevel.OWNER)
    month = forms.DateField(required=False, **MONTH)
    name = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    fte = forms.DecimalField(required=False, min_value=0.01, max_value=1, decimal_places=2, initial=1)

    def __init__(self, *args, org, kind: str, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.org = org
        keep = set(FIELDS.get(kind, []))
        people = Person.objects.for_org(org).select_related("role", "team").order_by("name")
        self.large = people.count() > PEOPLE_IN_ONE_LIST
        picked = self._value("pick_team")
        team_id = self._value("team")
        if self.large and keep & {"person", "to_person"}:
            keep.add("pick_team")
            self.fields["pick_team"].queryset = _teams(org)
            people = people.filter(team_id=picked) if picked else people.none()
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in ("person", "to_person"):
            if name in self.fields:
                self.fields[name].queryset = people
        for name in ("team", "to_team"):
            if name in self.fields:
                self.fields[name].queryset = _teams(org)
        if "opening" in self.fields:
            self.fields["opening"].queryset = (
                Opening.objects.for_org(org).filter(status=OpeningStatus.OPEN).select_related("role", "team")
            )
        if "people" in self.fields:
            members = Person.objects.for_org(org).select_related("role").order_by("name")
            self.fields["people"].queryset = members.filter(team_id=team_id) if team_id else members.none()
        for name, label in LABELS.get(kind, {}).items():
            if name in self.fields:
                self.fields[name].label = label
        for name in ("person", "to_person", "team", "to_team", "role", "responsibility", "opening"):
            if name in self.fields:
                self.fields[name].required = not (kind == ChangeKind.REASSIGN and name == "person")
                self.fields[name].empty_label = "—"
        bootstrap(self)
        # Picking a team lists its people: the form is fetched again with what was entered so far.
        refresh = {"pick_team", "team"} if kind == ChangeKind.SPLIT_TEAM else {"pick_team"}
        for name in refresh & set(self.fields):
            self.fields[name].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#change-form-slot",
                    "hx-include": "closest form",
                    "hx-vals": '{"refresh": "1"}',
                }
            )

    def _value(self, name):
        raw = self.data.get(name) if self.is_bound else self.initial.get(name)
        try:
            return int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def change_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "pick_team" and v not in (None, "")}
        if "people" in self.cleaned_data:
            data["people"] = list(self.cleaned_data["people"])
        return data


class HeadcountTargetForm(forms.Form):
    team = TeamChoiceField(queryset=Team.objects.none(), required=False, empty_label="Whole organisation")
    role = forms.ModelChoiceField(queryset=RoleTemplate.objects.order_by("name"))
    headcount = forms.IntegerField(min_value=0, max_value=100000)
    due_on = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="By")

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        bootstrap(self)


class MaturityTargetForm(forms.Form):
    team = TeamChoiceField(queryset=Team.objects.none(), required=False, empty_label="Whole organisation")
    dimension = forms.ChoiceField(choices=[(d.value, d.label) for d in SCORED_DIMENSIONS])
    level = forms.IntegerField(min_value=1, max_value=5)

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
        bootstrap(self)


class RoleSettingForm(forms.Form):
    role = forms.ModelChoiceField(queryset=RoleTemplate.objects.all(), widget=forms.HiddenInput)
    annual_cost = forms.DecimalField(required=False, min_value=0, max_value=99_999_999, decimal_places=0)
    months_to_hire = forms.DecimalField(required=False, min_value=0.1, max_value=60, decimal_places=1)
    hire_time_spread = forms.DecimalField(required=False, min_value=0.05, max_value=2, decimal_places=2)


class ForecastForm(forms.Form):
    scenario = forms.ModelChoiceField(
        queryset=Scenario.objects.none(), required=False, empty_label="Today's data (no scenario)"
    )
    by = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Targets reached by")

    def __init__(self, *args, org, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["scenario"].queryset = (
            Scenario.objects.for_org(org).filter(applied_at__isnull=True).order_by("name")
        )
        bootstrap(self)

    def clean_by(self):
        by = self.cleaned_data.get("by")
        if by and by <= self.today:
            raise forms.ValidationError("Pick a date after today.")
        if by and (by - self.today).days > 366 * 10:
            raise forms.ValidationError("Pick a date within the next ten years.")
        return by


class RoadmapForm(forms.Form):
    effort = forms.IntegerField(min_value=1, max_value=100, required=False, label="Effort budget per quarter")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
