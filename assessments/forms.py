"""Forms that turn what the browser posts into the values services expect."""

from django import forms

from orgs.models import Team
from orgs.tenancy import OrgAccess

from .choices import QuestionKind
from .models import Assessment, Question
from .selectors import startable_scopes
from .services import COMMENT_MAX, TEXT_MAX

ORG_SCOPE = "org"


class AnswerForm(forms.Form):
    """One question's answer as posted by its autosaving form.

    `value` depends on the question's kind; an empty value means "no answer". `version` is the
    answer version the page was showing (0 when there was no answer), used to detect conflicts.
    `comment_base` is the comment the page was showing, so a conflict can tell a comment typed here
    from one merely carried along.
    """

    version = forms.IntegerField(min_value=0, error_messages={"required": "The page is out of date; reload it."})
    na = forms.BooleanField(required=False)
    comment = forms.CharField(required=False, max_length=COMMENT_MAX)
    comment_base = forms.CharField(required=False)

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["value"] = self._value_field(question)

    @staticmethod
    def _value_field(question: Question) -> forms.Field:
        kind = question.kind
        if kind == QuestionKind.SCALE:
            return forms.TypedChoiceField(
                required=False, choices=[(str(i), str(i)) for i in range(5)], coerce=int, empty_value=None
            )
        if kind == QuestionKind.YES_NO:
            return forms.TypedChoiceField(
                required=False,
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda v: v == "yes",
                empty_value=None,
            )
        choices = [(v, v) for v in question.choice_values()]
        if kind == QuestionKind.SINGLE:
            return forms.ChoiceField(required=False, choices=choices)
        if kind == QuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(required=False, choices=choices)
        if kind == QuestionKind.NUMBER:
            return forms.FloatField(
                required=False,
                min_value=question.min_value,
                max_value=question.max_value,
                error_messages={"invalid": "Enter a number, such as 12 or 2.5."},
            )
        return forms.CharField(required=False, max_length=TEXT_MAX)

    def clean(self):
        data = super().clean()
        if data.get("na") and not self.question.allow_na:
            raise forms.ValidationError("This question cannot be answered with 'not applicable'.")
        return data

    @property
    def answer(self) -> dict:
        """Keyword arguments for `answer_save` (value, not_applicable, comment)."""
        data = self.cleaned_data
        value = data.get("value")
        if self.question.kind == QuestionKind.MULTIPLE:
            # Unticking every box leaves the question unanswered; "none of these" is a choice of its own.
            value = list(value) or None
        elif value == "":
            value = None
        not_applicable = bool(data.get("na"))
        return {
            "value": None if not_applicable else value,
            "not_applicable": not_applicable,
            # A form without the comment box keeps the stored comment.
            "comment": data.get("comment", "") if "comment" in self.data else None,
        }

    def first_error(self) -> str:
        for field, errors in self.errors.items():
            label = {"value": "", "comment": "Comment: ", "version": "", "__all__": ""}.get(field, "")
            return f"{label}{errors[0]}"
        return ""


class StartForm(forms.Form):
    """Which team (or the whole organisation) to assess, and whether to start from the last assessment."""

    scope = forms.ChoiceField(label="What to assess")
    prefill = forms.BooleanField(
        required=False, initial=True, label="Pre-fill with the answers of the last submitted assessment of it"
    )
    prefill_from = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, access: OrgAccess, **kwargs):
        super().__init__(*args, **kwargs)
        self.access = access
        self.scopes = startable_scopes(access=access)
        self.fields["scope"].choices = [(ORG_SCOPE if t is None else str(t.pk), label) for t, label in self.scopes]

    @property
    def team(self) -> Team | None:
        choice = self.cleaned_data["scope"]
        if choice == ORG_SCOPE:
            return None
        return next(t for t, _ in self.scopes if t is not None and str(t.pk) == choice)

    def clean_prefill_from(self):
        pk = self.cleaned_data.get("prefill_from")
        if pk is None:
            return None
        source = Assessment.objects.for_org(self.access.org).filter(pk=pk).first()
        if source is None:
            raise forms.ValidationError("That assessment does not exist.")
        return source
