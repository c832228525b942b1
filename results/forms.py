"""The results filter: a team subtree and a date, both carried in the URL so a view can be shared.

The form checks only the syntax; whether the team belongs to the organisation is decided by the
selectors, which read the org's teams anyway (an unknown team is reported, never an error page).
"""

from django import forms

from .selectors import ResultFilters


class ResultFilterForm(forms.Form):
    team = forms.IntegerField(required=False, min_value=1)
    as_of = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def filters(self) -> ResultFilters:
        """The valid part of the request; invalid parts are dropped and reported by `problems`."""
        if not self.is_bound:
            return ResultFilters()
        self.is_valid()
        return ResultFilters(team_id=self.cleaned_data.get("team"), as_of=self.cleaned_data.get("as_of"))

    def problems(self) -> list[str]:
        if not self.is_bound or self.is_valid():
            return []
        out = []
        if "team" in self.errors:
            out.append("The team in the address was not understood, so the page shows the whole organisation.")
        if "as_of" in self.errors:
            out.append(
                "The date in the address was not understood (use YYYY-MM-DD), so the page shows the latest results."
            )
        return out
