"""The organisation's teams as the results pages walk them, and what the URL asks for."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from orgs.models import Organization, Team
from vocabulary.teams import ancestors, subtree


@dataclass(frozen=True)
class ResultFilters:
    """What the URL asks for: a team subtree and/or results as they stood on a date."""

    team_id: int | None = None
    as_of: date | None = None

    def query(self) -> dict[str, str]:
        out = {}
        if self.team_id:
            out["team"] = str(self.team_id)
        if self.as_of:
            out["as_of"] = self.as_of.isoformat()
        return out


@dataclass(frozen=True)
class TeamNode:
    id: int
    name: str
    parent_id: int | None
    depth: int


@dataclass
class TeamTree:
    """The org's teams in depth-first order, with the ids below each team."""

    nodes: list[TeamNode]
    by_id: dict[int, TeamNode]
    children: dict[int | None, list[int]]

    def subtree_ids(self, team_id: int) -> set[int]:
        """The team and every team below it."""
        return subtree(((child, parent) for parent, kids in self.children.items() for child in kids), [team_id])

    def path(self, team_id: int) -> list[TeamNode]:
        """The team and its ancestors, top first."""
        if team_id not in self.by_id:
            return []
        above = ancestors({n.id: n.parent_id for n in self.nodes}, team_id)
        return [self.by_id[pk] for pk in reversed([team_id, *above]) if pk in self.by_id]


def team_tree(*, org: Organization) -> TeamTree:
    """All teams of `org` as a tree (one query)."""
    rows = list(Team.objects.for_org(org).order_by("name").values_list("pk", "name", "parent_id"))
    ids = {pk for pk, _, _ in rows}
    children: dict[int | None, list[int]] = defaultdict(list)
    names = {}
    parents = {}
    for pk, name, parent_id in rows:
        parent = parent_id if parent_id in ids else None
        children[parent].append(pk)
        names[pk], parents[pk] = name, parent
    nodes: list[TeamNode] = []
    seen: set[int] = set()
    stack = [(pk, 0) for pk in reversed(children.get(None, []))]
    while stack:
        pk, depth = stack.pop()
        if pk in seen:
            continue
        seen.add(pk)
        nodes.append(TeamNode(pk, names[pk], parents[pk], depth))
        stack.extend((child, depth + 1) for child in reversed(children.get(pk, [])))
    # Teams caught in a parent cycle are not reachable from a root; list them at the top level.
    nodes += [TeamNode(pk, names[pk], None, 0) for pk, _, _ in rows if pk not in seen]
    return TeamTree(nodes=nodes, by_id={n.id: n for n in nodes}, children=dict(children))


@dataclass
class ResultScope:
    """What a results page is about: the organisation, the URL's filters and the team subtree they pick."""

    org: Organization
    filters: ResultFilters
    tree: TeamTree
    team: TeamNode | None  # the filtered subtree's root
    subtree: set[int] | None

    def parts(self) -> dict:
        """The scope's fields, to build a page's data on top of them."""
        return {"org": self.org, "filters": self.filters, "tree": self.tree, "team": self.team, "subtree": self.subtree}


def result_scope(*, org: Organization, filters: ResultFilters, team_id: int | None) -> ResultScope:
    """The teams of `org` and the subtree of `team_id` (none when the team is not of `org`); one query."""
    tree = team_tree(org=org)
    team = tree.by_id.get(team_id) if team_id else None
    return ResultScope(org, filters, tree, team, tree.subtree_ids(team.id) if team else None)
