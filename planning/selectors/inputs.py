"""The organisation's data as the pure engines read it: one loader (`scoring.selectors.load_inputs`), cached."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache

from orgs.models import Organization, Person
from scoring.engine import ScoringInputs
from scoring.selectors import load_inputs

from ..engine.whatif import departure_report

INPUTS_CACHE_SECONDS = 600


def org_data_inputs(*, org: Organization) -> ScoringInputs:
    """The org's data (no questionnaire) as scoring inputs, cached until the data changes.

    The key holds `data_changed_at`, so any edit (noted by the org signals) makes a fresh load.
    """
    key = f"planning:inputs:{org.pk}:{org.data_changed_at.timestamp()}"
    inputs = cache.get(key)
    if inputs is None:
        inputs = load_inputs(org=org).inputs
        cache.set(key, inputs, INPUTS_CACHE_SECONDS)
    return inputs


def what_if_leaves(*, org: Organization, person: Person) -> dict:
    """`planning.engine.whatif.departure_report` for one person of `org`."""
    try:
        return departure_report(org_data_inputs(org=org), person.pk)
    except KeyError:
        # The person is newer than the cached data (an edit raced this request): load the data afresh.
        org.refresh_from_db(fields=["data_changed_at"])
        return departure_report(org_data_inputs(org=org), person.pk)


def org_frames(*, org: Organization, as_of: date) -> ScoringInputs:
    """The org's data as of `as_of` for the forecast: `org_data_inputs` of its latest data (one query when cached)."""
    org.refresh_from_db(fields=["data_changed_at"])
    return org_data_inputs(org=org).replace(as_of=as_of)
