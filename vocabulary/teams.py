"""The team hierarchy walk that tenancy, scoring, results and planning share."""

from collections.abc import Iterable


def children_by_parent(edges: Iterable[tuple[int, int | None]]) -> dict[int | None, list[int]]:
    """(team id, parent id) pairs -> parent id -> the ids of its child teams."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in edges:
        children.setdefault(parent_id, []).append(pk)
    return children


def subtree(edges: Iterable[tuple[int, int | None]], roots: Iterable[int]) -> set[int]:
    """The teams `roots` with every team below them, from (team id, parent id) pairs.

    Each team is visited once, so a cycle in bad data ends the walk instead of looping.
    """
    children = children_by_parent(edges)
    result: set[int] = set()
    stack = list(roots)
    while stack:
        pk = stack.pop()
        if pk in result:
            continue
        result.add(pk)
        stack.extend(children.get(pk, ()))
    return result


def ancestors(parents: dict[int, int | None], team_id: int) -> list[int]:
    """The teams above `team_id`, nearest first (a cycle in bad data ends the walk)."""
    out: list[int] = []
    seen = {team_id}
    parent = parents.get(team_id)
    while parent is not None and parent not in seen:
        out.append(parent)
        seen.add(parent)
        parent = parents.get(parent)
    return out
