"""Reading an admin page's form the way a browser submits it, and the change-then-revert round trip."""

import html
import json
import re
from html.parser import HTMLParser

from django.urls import reverse

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}
# Inputs every admin form has that are not fields of the object.
NOT_FIELDS = {"csrfmiddlewaretoken"}


class _FormValues(HTMLParser):
    """The values a browser would submit for the form with id `form_id`: name -> list of strings."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.values: dict[str, list[str]] = {}
        self.select: str | None = None
        self.textarea: str | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            # The revert page's form is named after the historical model ("historicalskill_form").
            self.in_form = a.get("id") in (self.form_id, f"historical{self.form_id}")
        if not self.in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in SKIPPED_INPUTS:
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self.values.setdefault(a["name"], [])  # a field, though nothing is sent for it
                return
            self.values.setdefault(a["name"], []).append(a.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = a["name"]
            self.values.setdefault(self.select, [])
        elif tag == "option" and self.select and "selected" in a:
            self.values[self.select].append(a.get("value", ""))
        elif tag == "textarea":
            self.textarea = a["name"]
            self.values[self.textarea] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            # Browsers drop the one newline that follows <textarea>.
            current = self.values[self.textarea][0]
            self.values[self.textarea] = [(current + data) if current else data.removeprefix("\n")]


def form_values(html: str, form_id: str) -> dict[str, list[str]]:
    parser = _FormValues(form_id)
    parser.feed(html)
    return {k: v for k, v in parser.values.items() if k not in NOT_FIELDS}


def fields_shown(client, url: str, form_id: str, *, inlines: bool = False) -> dict[str, list[str]]:
    """The object's fields as the page shows them (with `inlines`, the inline formsets' inputs too)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    values = form_values(response.content.decode(), form_id)
    assert values, f"no form {form_id} on {url}"
    # Inline formsets' inputs are prefixed ("sections-0-title"); the object's own fields are not.
    return {k: sorted(v) for k, v in values.items() if inlines or "-" not in k}


def change_then_revert(client, obj, changes: dict[str, list[str]]) -> dict:
    """Change every field of `obj` through its admin change page, then revert to the version before through
    the admin's revert form, submitted as shown. Returns the pages' field values and the history page."""
    opts = obj._meta
    name = f"admin:{opts.app_label}_{opts.model_name}"
    form_id = f"{opts.model_name}_form"
    change_url = reverse(f"{name}_change", args=[obj.pk])
    before = fields_shown(client, change_url, form_id)
    assert set(changes) == set(before), f"change every field: missing {set(before) - set(changes)}"
    version = obj.history.latest()

    inline_inputs = {k: v for k, v in fields_shown(client, change_url, form_id, inlines=True).items() if "-" in k}
    response = client.post(change_url, {**inline_inputs, **changes})
    assert response.status_code == 302, response.content.decode()[:3000]
    changed = fields_shown(client, change_url, form_id)
    history_page = client.get(reverse(f"{name}_history", args=[obj.pk])).content.decode()

    revert_url = reverse(f"{name}_simple_history", args=[obj.pk, version.history_id])
    revert_form = fields_shown(client, revert_url, form_id)
    response = client.post(revert_url, revert_form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return {
        "before": before,
        "changed": changed,
        "revert_form": revert_form,
        "after": fields_shown(client, change_url, form_id),
        "history_page": history_page,
        "version": version,
    }


def history_text(page: str) -> str:
    """The history page as text: tags dropped, entities decoded, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def change_reasons(page: str) -> list[str]:
    cells = re.findall(r'<td class="history-change-reason">(.*?)</td>', page, re.S)
    return [html.unescape(c).strip() for c in cells]


def _parsed(values: list[str]) -> list:
    # JSON fields come back in the database's own spelling (PostgreSQL's jsonb orders keys): compare meaning.
    out = []
    for v in values:
        try:
            out.append(json.loads(v) if v[:1] in "[{" else v)
        except ValueError:
            out.append(v)
    return out


def assert_round_trip(result, changes, labels: dict[str, str]):
    """Every field changed, each change listed as "label: old → new", and the revert restored every field."""
    before, changed = result["before"], result["changed"]
    assert {k: _parsed(v) for k, v in changed.items()} == {k: _parsed(sorted(v)) for k, v in changes.items()}
    assert [k for k in before if before[k] == changed[k]] == [], "every field must change"
    text = history_text(result["history_page"])
    for label in labels.values():
        assert re.search(rf"{re.escape(label)}: .*? → ", text), f"{label} not listed as changed in the history"
    assert result["revert_form"] == before, "the revert form shows the version's values"
    assert result["after"] == before, "revert restores every field"


def assert_history_after_revert(client, obj):
    opts = obj._meta
    page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])).content.decode()
    reasons = change_reasons(page)
    assert reasons and "None" not in reasons
    assert any(r.startswith("Reverted to the version of") for r in reasons)
    assert "Change reason: None" not in history_text(page)
