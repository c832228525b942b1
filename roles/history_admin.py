"""The admin of models with history: every change listed as "field: old → new", and a revert that restores
every field.

django-simple-history's revert form is built from the historical row's `instance`, whose many-to-many
managers read the current relations, so the form would offer today's many-to-many values. The history
stores them (`HistoricalRecords(m2m_fields=...)`); the form takes them from there.
"""

from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME
from simple_history.utils import get_m2m_reverse_field_name


def _record_of(obj):
    """The historical row an object was rebuilt from (None for a stored object)."""
    return getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) if obj is not None else None


def history_m2m_values(record) -> dict[str, list[int]]:
    """The ids each tracked many-to-many field held at the time of `record`, by field name."""
    values = {}
    for field in record._history_m2m_fields:
        target = get_m2m_reverse_field_name(field)
        values[field.name] = list(getattr(record, field.name).values_list(f"{target}_id", flat=True))
    return values


def revert_reason(record) -> str:
    when = timezone.localtime(record.history_date)
    return f"Reverted to the version of {when:%Y-%m-%d %H:%M} (#{record.history_id})"


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose revert form shows (and saves) the version's many-to-many values too."""

    object_history_list_template = "admin/history/object_history_list.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        record = _record_of(obj)
        if record is None:
            return form_class
        m2m = history_m2m_values(record)

        class RevertForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                for name, ids in m2m.items():
                    if name in self.fields:
                        self.initial[name] = ids

        RevertForm.__name__ = form_class.__name__
        return RevertForm

    def save_model(self, request, obj, form, change):
        record = _record_of(obj)
        if record is not None:
            obj._change_reason = revert_reason(record)
        super().save_model(request, obj, form, change)
