"""What every chart shares: the figure shape, the template, escaping and JSON."""

from __future__ import annotations

import html
import json
from datetime import date, datetime

from vocabulary.palette import COLORWAY, DIMENSION_SHORT_LABELS, FONT_FAMILY, GRID_COLOR, ZERO_LINE_COLOR

Figure = dict  # {"data": [trace, ...], "layout": {...}} as plotly.js takes it

_AXIS = {"gridcolor": GRID_COLOR, "zerolinecolor": ZERO_LINE_COLOR, "automargin": True}
# One small template instead of Plotly's default, which would add ~10 kB to every embedded figure.
TEMPLATE = {
    "layout": {
        "font": {"family": FONT_FAMILY, "size": 12},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "colorway": COLORWAY,
        "hoverlabel": {"align": "left"},
        "xaxis": _AXIS,
        "yaxis": _AXIS,
    }
}
# Characters that must not appear raw inside <script type="application/json"> (as Django's `json_script`).
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def esc(value) -> str:
    """Text as Plotly should show it, never as markup."""
    return html.escape(str(value), quote=False)


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy and pandas scalars
        return value.item()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(figure: Figure) -> str:
    """The figure as compact JSON for plotly.js (no NaN: JSON.parse would refuse it)."""
    return json.dumps(figure, separators=(",", ":"), default=_json_default, allow_nan=False)


def script_json(figure: Figure) -> str:
    """The figure as JSON that is safe inside <script type="application/json">; the page marks it safe."""
    return to_json(figure).translate(_SCRIPT_ESCAPES)


def figure(title: str, traces: list[dict] | None = None, **layout) -> Figure:
    """A figure with the shared title, template, margins and legend; `layout` overrides any of them."""
    base = {
        "title": {"text": esc(title), "x": 0, "xanchor": "left", "font": {"size": 15}},
        "template": TEMPLATE,
        "autosize": True,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 50},
        "legend": {"orientation": "h", "y": -0.15, "x": 0},
    }
    base.update(layout)
    return {"data": traces or [], "layout": base}


def short_label(dimension: str, label: str) -> str:
    """A dimension as short as an axis needs it (its full label when it has no short one)."""
    return DIMENSION_SHORT_LABELS.get(dimension, label)


def none_if_nan(value):
    return None if value is None or (isinstance(value, float) and value != value) else value
