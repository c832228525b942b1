"""Forms of the organisation pages: the workbook upload, people and ML systems."""

import re
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from roles.models import RoleTemplate, Skill
from teamplanner.exceptions import ForbiddenError

from .choices import OpeningStatus, TeamKind, TeamPillar
from .importer.reader import human_size
from .models import MLSystem, Opening, Person, Team
from .services.teams import ONLY_ADMINS_MOVE
from .tenancy import team_subtree_ids

UPLOAD_SUFFIXES = (".xlsx", ".zip", ".csv")


def bootstrap(form: forms.Form) -> None:
    """Give every widget its Bootstrap class."""
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Workbook",
        help_text="An .xlsx workbook, a .zip of CSV files or one CSV file, in the documented format.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_SUFFIXES), "class": "form-control"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise ValidationError(f"The file is {human_size(upload.size)}; the limit is {human_size(limit)}.")
        if PurePosixPath(upload.name or "").suffix.lower() not in UPLOAD_SUFFIXES:
            raise ValidationError("Upload an .xlsx, .zip or .csv file.")
        return upload


class _OrgForm(forms.Form):
    """A form that knows the organisation and which teams the editor may pick."""

    def __init__(self, *args, access, instance=None, **kwargs):
        self.access, self.instance = access, instance
        super().__init__(*args, **kwargs)
        teams = Team.objects.for_org(access.org).order_by("name")
        if not access.is_admin:
            teams = teams.filter(pk__in=access.led_team_ids())
        self.fields["team"].queryset = teams
        bootstrap(self)

    def people_by_email(self, emails: list[str]) -> dict[str, Person]:
        return {p.email.lower(): p for p in Person.objects.for_org(self.access.org).filter(email__in=emails)}


def _split_emails(value: str) -> list[str]:
    return [e.strip().lower() for e in re.split(r"[;,\s]+", value or "") if e.strip()]


class PersonForm(_OrgForm):
    name = forms.CharField(max_length=200)
    email = forms.EmailField(max_length=254)
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    role = forms.ModelChoiceField(queryset=RoleTemplate.objects.order_by("name"))
    manager_email = forms.EmailField(
        required=False,
        label="Manager",
        help_text="Type part of a name and choose from the organisation's people; leave empty for no manager here.",
        widget=forms.EmailInput(attrs={"list": "manager-options", "autocomplete": "off"}),
    )
    fte = forms.DecimalField(
        label="FTE",
        min_value=0.01,
        max_value=1,
        max_digits=3,
        decimal_places=2,
        initial=1,
        help_text="Share of a full-time position, more than 0 and at most 1.",
    )
    start_date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    location = forms.CharField(max_length=100, required=False)

    LEVELS = [("", "–"), *[(str(i), str(i)) for i in range(5)]]

    def __init__(self, *args, access, instance: Person | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "email": instance.email,
                "team": instance.team_id,
                "role": instance.role_id,
                "manager_email": instance.manager.email if instance.manager else "",
                "fte": instance.fte,
                "start_date": instance.start_date,
                "location": instance.location,
                **{f"skill_{ps.skill.slug}": str(ps.level) for ps in instance.skills.all()},
            }
        super().__init__(*args, access=access, instance=instance, **kwargs)
        self.skills = list(Skill.objects.order_by("name"))
        others = Person.objects.for_org(access.org).select_related("team").order_by("name")
        self.manager_options = others.exclude(pk=instance.pk) if instance is not None else others
        for skill in self.skills:
            self.fields[f"skill_{skill.slug}"] = forms.TypedChoiceField(
                label=skill.name,
                choices=self.LEVELS,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def skill_fields(self):
        return [self[f"skill_{s.slug}"] for s in self.skills]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        taken = Person.objects.for_org(self.access.org).filter(email__iexact=email)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("Someone in this organisation already has this email.")
        return email

    def clean_manager_email(self):
        email = (self.cleaned_data.get("manager_email") or "").strip().lower()
        if not email:
            return None
        manager = self.people_by_email([email]).get(email)
        if manager is None:
            raise ValidationError("Nobody in this organisation has this email.")
        if self.instance is not None and manager.pk == self.instance.pk:
            raise ValidationError("A person cannot be their own manager.")
        return manager

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data["email"],
            "team": data["team"],
            "role": data["role"],
            "manager": data["manager_email"],
            "fte": data["fte"],
            "start_date": data["start_date"],
            "location": data["location"].strip(),
            "skills": {s: data.get(f"skill_{s.slug}") for s in self.skills},
        }


class MLSystemForm(_OrgForm):
    name = forms.CharField(max_length=200)
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    stage = forms.ChoiceField(choices=MLSystem._meta.get_field("stage").choices)
    domain = forms.CharField(max_length=100, required=False)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    owners = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Emails of the people who own the system, separated by ';' or new lines.",
    )
    deployers = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Emails of the people who can deploy and run it in production.",
    )

    def __init__(self, *args, access, instance: MLSystem | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "team": instance.team_id,
                "stage": instance.stage,
                "domain": instance.domain,
                "description": instance.description,
                "owners": "; ".join(p.email for p in instance.owners.all()),
                "deployers": "; ".join(p.email for p in instance.deployers.all()),
            }
        super().__init__(*args, access=access, instance=instance, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = MLSystem.objects.for_org(self.access.org).filter(name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("This organisation already has an ML system with this name.")
        return name

    def _people(self, field: str) -> list[Person]:
        emails = _split_emails(self.cleaned_data.get(field, ""))
        bad = []
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                bad.append(email)
        if bad:
            raise ValidationError(f"Not an email address: {', '.join(bad)}.")
        found = self.people_by_email(emails)
        unknown = [e for e in emails if e not in found]
        if unknown:
            raise ValidationError(f"Nobody in this organisation has the email {', '.join(unknown)}.")
        return [found[e] for e in dict.fromkeys(emails)]

    def clean_owners(self):
        return self._people("owners")

    def clean_deployers(self):
        return self._people("deployers")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "team": data["team"],
            "stage": data["stage"],
            "domain": data["domain"].strip(),
            "description": data["description"],
            "owners": data["owners"],
            "deployers": data["deployers"],
        }


class TeamForm(_OrgForm):
    name = forms.CharField(max_length=150)
    parent = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label="Part of",
        help_text="The team this one belongs to; empty for a top-level team.",
    )
    kind = forms.ChoiceField(choices=TeamKind.choices)
    pillar = forms.ChoiceField(choices=TeamPillar.choices, help_text="The part of ML it mostly works on.")
    lead_email = forms.EmailField(
        required=False, label="Lead's email", help_text="A person of this organisation; empty when nobody leads it."
    )
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, access, instance: Team | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "parent": instance.parent_id,
                "kind": instance.kind,
                "pillar": instance.pillar,
                "lead_email": instance.lead.email if instance.lead else "",
                "description": instance.description,
            }
        super().__init__(*args, access=access, instance=instance, **kwargs)
        # `_OrgForm` gave `team` the teams the editor may edit: here they are the possible parents.
        parents = self.fields.pop("team").queryset
        if instance is not None:
            parents = parents.exclude(pk__in=team_subtree_ids(instance.organization_id, [instance.pk]))
        parent = self.fields["parent"]
        parent.queryset = parents
        if instance is not None and not access.can_move_team(instance):
            # the team a lead was given stays where the admins put it
            parent.queryset = Team.objects.filter(pk=instance.parent_id)
            parent.disabled = True
            parent.help_text = ONLY_ADMINS_MOVE
        elif not access.is_admin:
            parent.required = True
            parent.help_text = "The team this one belongs to: one of the teams you lead."
        self.order_fields(["name", "parent", "kind", "pillar", "lead_email", "description"])

    team = forms.ModelChoiceField(queryset=Team.objects.none(), required=False)  # replaced in __init__

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Team.objects.for_org(self.access.org).filter(name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError("This organisation already has a team with this name.")
        return name

    def clean_parent(self):
        # A disabled field keeps its value whatever is sent; a request that asks to move the team anyway
        # is refused as the service refuses it, not saved as if the move had happened.
        parent = self.cleaned_data.get("parent")
        if self.fields["parent"].disabled:
            asked = str(self.data.get(self.add_prefix("parent"), "") or "").strip()
            if asked and asked != str(self.instance.parent_id or ""):
                raise ForbiddenError(ONLY_ADMINS_MOVE, extra={"parent": [ONLY_ADMINS_MOVE]})
        return parent

    def clean_lead_email(self):
        email = (self.cleaned_data.get("lead_email") or "").strip().lower()
        if not email:
            return None
        lead = self.people_by_email([email]).get(email)
        if lead is None:
            raise ValidationError("Nobody in this organisation has this email.")
        return lead

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "parent": data["parent"],
            "kind": data["kind"],
            "pillar": data["pillar"],
            "lead": data["lead_email"],
            "description": data["description"],
        }


class OpeningForm(_OrgForm):
    team = forms.ModelChoiceField(queryset=Team.objects.none())
    role = forms.ModelChoiceField(queryset=RoleTemplate.objects.order_by("name"), help_text="The role being hired.")
    opened_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    status = forms.ChoiceField(choices=OpeningStatus.choices)
    filled_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="When the role was filled (needed for a filled opening; it also calibrates the hiring forecast).",
    )

    def __init__(self, *args, access, instance: Opening | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "team": instance.team_id,
                "role": instance.role_id,
                "opened_on": instance.opened_on,
                "status": instance.status,
                "filled_on": instance.filled_on,
            }
        super().__init__(*args, access=access, instance=instance, **kwargs)

    def clean(self):
        data = super().clean()
        opened, filled, status = data.get("opened_on"), data.get("filled_on"), data.get("status")
        if status == OpeningStatus.FILLED and not filled:
            self.add_error("filled_on", "A filled opening needs the date it was filled.")
        if opened and filled and filled < opened:
            self.add_error("filled_on", "An opening cannot be filled before it was opened.")
        if status == OpeningStatus.OPEN and filled:
            self.add_error("filled_on", "An open role has no fill date: set the status to filled, or clear the date.")
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {key: data[key] for key in ("team", "role", "opened_on", "status", "filled_on")}
