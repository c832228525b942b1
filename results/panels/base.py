"""A chart of a results page with its text alternative, and what the panels share."""

from __future__ import annotations

from dataclasses import dataclass

import charts

from ..selectors import TeamTree


@dataclass
class Table:
    headers: list[str]
    rows: list[list]
    caption: str = ""


@dataclass
class Chart:
    """One figure with its id on the page, a text alternative and an optional note."""

    key: str
    title: str
    figure: charts.Figure
    table: Table
    note: str = ""
    empty: str = ""  # when set, the page shows this instead of the chart


def subtree_names(tree: TeamTree, subtree: set[int] | None) -> set[str] | None:
    return None if subtree is None else {tree.by_id[t].name for t in subtree if t in tree.by_id}
