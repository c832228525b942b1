"""Forms of the members page: add an existing account, create a new one, change a member's role and teams."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts

from .choices import MembershipRole
from .models import Team

TEAMS_HELP = "Only for team leads: they edit these teams and the teams below them. Other roles lead no teams."


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


MAX_ID = 2**63 - 1


class TeamsField(forms.ModelMultipleChoiceField):
    """Teams by id; ids no database could hold are refused like ids of no team (not sent to the database)."""

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": text[:20]}
                )
        return super()._check_values(value)


class MemberRoleForm(forms.Form):
    """A member's role and, for leads, the teams of this organisation they lead."""

    role = forms.ChoiceField(choices=MembershipRole.choices, initial=MembershipRole.VIEWER)
    teams = TeamsField(
        queryset=Team.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Teams they lead",
        help_text=TEAMS_HELP,
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teams"].queryset = Team.objects.for_org(org).only("pk", "name").order_by("name")
        _style(self)

    def service_fields(self) -> dict:
        return {"role": self.cleaned_data["role"], "teams": list(self.cleaned_data["teams"])}


class MemberExistingForm(MemberRoleForm):
    """Add an account that exists already, named by its username or e-mail address."""

    kind = "existing"
    user = forms.CharField(
        max_length=254,
        label="Username or e-mail",
        help_text="Exactly as in their account; upper and lower case do not matter.",
    )
    field_order = ["user", "role", "teams"]

    def service_fields(self) -> dict:
        return {"user": self.cleaned_data["user"], **super().service_fields()}


class MemberNewForm(MemberRoleForm):
    """Create an account with an initial password the admin passes on."""

    kind = "new"
    username = forms.CharField(max_length=150, help_text="Letters, digits and @ . + - _ only.")
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(max_length=254, label="E-mail")
    password = forms.CharField(
        label="Initial password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=" ".join(password_validators_help_texts())
        + " Pass it on to the member; they should change it at “Change password” after logging in.",
    )
    field_order = ["username", "first_name", "last_name", "email", "password", "role", "teams"]

    def service_fields(self) -> dict:
        names = ("username", "first_name", "last_name", "email", "password")
        return {**{name: self.cleaned_data[name] for name in names}, **super().service_fields()}
