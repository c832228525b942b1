"""Reads of organisation data, with their queries bounded."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from roles.models import Responsibility

from .choices import AssignmentLevel
from .models import Assignment, MLSystem, Opening, Organization, Person, PersonSkill, Team


def team_list(*, org: Organization) -> QuerySet[Team]:
    return (
        Team.objects.for_org(org)
        .select_related("parent", "lead")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("name")
    )


def person_list(*, org: Organization) -> QuerySet[Person]:
    return Person.objects.for_org(org).select_related("team", "role", "manager").order_by("name")


def team_tree(*, org: Organization) -> list[tuple[Team, int]]:
    """Teams in depth-first order with their depth, for an indented tree."""
    teams = list(team_list(org=org))
    children: dict[int | None, list[Team]] = {}
    ids = {t.pk for t in teams}
    for t in teams:
        parent = t.parent_id if t.parent_id in ids else None
        children.setdefault(parent, []).append(t)
    out: list[tuple[Team, int]] = []

    def walk(parent_id, depth):
        for t in children.get(parent_id, []):
            out.append((t, depth))
            walk(t.pk, depth + 1)

    walk(None, 0)
    return out


# --- team and person pages --------------------------------------------------------------------------


def team_get(*, org: Organization, team_id: int) -> Team:
    """One team of `org` with its parent and lead, or 404."""
    team = Team.objects.for_org(org).select_related("parent", "lead").filter(pk=team_id).first()
    if team is None:
        raise Http404("No such team.")
    return team


def team_path(*, org: Organization, team: Team) -> list[Team]:
    """The team's ancestors from the top down (one query, however deep)."""
    rows = {
        pk: (name, parent_id)
        for pk, name, parent_id in Team.objects.for_org(org).values_list("pk", "name", "parent_id")
    }
    path, seen, node = [], {team.pk}, team.parent_id
    while node is not None and node in rows and node not in seen:
        seen.add(node)
        name, parent_id = rows[node]
        path.append(Team(pk=node, name=name, parent_id=parent_id))
        node = parent_id
    return list(reversed(path))


def team_children(*, team: Team) -> QuerySet[Team]:
    return team.children.select_related("lead").annotate(member_count=Count("members", distinct=True)).order_by("name")


def team_members(*, team: Team) -> QuerySet[Person]:
    return team.members.select_related("role", "manager").order_by("name")


def system_list(*, org: Organization) -> QuerySet[MLSystem]:
    return (
        MLSystem.objects.for_org(org)
        .select_related("team")
        .prefetch_related(
            Prefetch("owners", queryset=Person.objects.only("pk", "name", "team_id").order_by("name")),
            Prefetch("deployers", queryset=Person.objects.only("pk", "name", "team_id").order_by("name")),
        )
        .order_by("name")
    )


def team_openings(*, team: Team) -> QuerySet[Opening]:
    return team.openings.select_related("role").order_by("-opened_on")


def opening_get(*, org: Organization, opening_id: int) -> Opening:
    """One opening of `org` with its team and role, or 404."""
    opening = Opening.objects.for_org(org).select_related("team", "role").filter(pk=opening_id).first()
    if opening is None:
        raise Http404("No such opening.")
    return opening


def person_get(*, org: Organization, person_id: int) -> Person:
    """One person of `org` with what their page shows, or 404."""
    person = (
        Person.objects.for_org(org)
        .select_related("team", "role", "manager")
        .prefetch_related(
            Prefetch("skills", queryset=PersonSkill.objects.select_related("skill").order_by("skill__name")),
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("responsibility").order_by("level", "responsibility__name"),
            ),
            Prefetch("owned_systems", queryset=MLSystem.objects.select_related("team").order_by("name")),
            Prefetch("deployable_systems", queryset=MLSystem.objects.select_related("team").order_by("name")),
            Prefetch("reports", queryset=Person.objects.select_related("role").order_by("name")),
        )
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise Http404("No such person.")
    return person


def system_get(*, org: Organization, system_id: int) -> MLSystem:
    system = system_list(org=org).filter(pk=system_id).first()
    if system is None:
        raise Http404("No such ML system.")
    return system


# --- the responsibility matrix ----------------------------------------------------------------------

# A person who owns more than this many responsibilities per full-time equivalent is flagged:
# ownership spread that thin usually means nobody really owns them (the matrix page says so too).
OWNED_PER_FTE_LIMIT = 5
MATRIX_PAGE_SIZE = 40


@dataclass
class MatrixColumn:
    responsibility: Responsibility
    owners: int = 0
    contributors: int = 0
    backups: int = 0

    @property
    def unowned(self) -> bool:
        return self.owners == 0


@dataclass
class MatrixRow:
    person: Person
    cells: list[tuple[Responsibility, str]]  # one per column; level "" for none
    editable: bool

    @property
    def levels(self) -> list[str]:
        return [level for _, level in self.cells]

    @property
    def owned(self) -> int:
        return sum(1 for level in self.levels if level == AssignmentLevel.OWNER)

    @property
    def owned_limit(self) -> Decimal:
        return OWNED_PER_FTE_LIMIT * self.person.fte

    @property
    def overloaded(self) -> bool:
        return self.owned > self.owned_limit


@dataclass
class Matrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    page: Page
    people_count: int

    @property
    def unowned_count(self) -> int:
        return sum(1 for c in self.columns if c.unowned)


def matrix_column_totals(*, people: QuerySet[Person], responsibility_ids=None) -> dict[int, dict[str, int]]:
    """Per responsibility id: how many of `people` own, contribute to or back it up (one query)."""
    qs = Assignment.objects.filter(person__in=people.values("pk"))
    if responsibility_ids is not None:
        qs = qs.filter(responsibility_id__in=responsibility_ids)
    totals: dict[int, dict[str, int]] = {}
    for resp_id, level, n in qs.values_list("responsibility_id", "level").annotate(n=Count("pk")).order_by():
        totals.setdefault(resp_id, {})[level] = n
    return totals


def matrix(*, people: QuerySet[Person], page_number, editable) -> Matrix:
    """The responsibility matrix of `people` (already limited to one org): one page of rows, totals over all.

    `editable(person) -> bool` says which rows the viewer may change. A fixed number of queries.
    """
    responsibilities = list(Responsibility.objects.order_by("pillar", "name"))
    page = Paginator(people.select_related("team", "role").order_by("team__name", "name"), MATRIX_PAGE_SIZE).get_page(
        page_number
    )
    on_page = list(page.object_list)
    levels = {
        (p, r): level
        for p, r, level in Assignment.objects.filter(person__in=[p.pk for p in on_page]).values_list(
            "person_id", "responsibility_id", "level"
        )
    }
    totals = matrix_column_totals(people=people)
    columns = [
        MatrixColumn(
            responsibility=r,
            owners=totals.get(r.pk, {}).get(AssignmentLevel.OWNER, 0),
            contributors=totals.get(r.pk, {}).get(AssignmentLevel.CONTRIBUTOR, 0),
            backups=totals.get(r.pk, {}).get(AssignmentLevel.BACKUP, 0),
        )
        for r in responsibilities
    ]
    rows = [
        MatrixRow(person=p, cells=[(r, levels.get((p.pk, r.pk), "")) for r in responsibilities], editable=editable(p))
        for p in on_page
    ]
    return Matrix(columns=columns, rows=rows, page=page, people_count=page.paginator.count)


def owned_count(*, person: Person) -> int:
    return Assignment.objects.filter(person=person, level=AssignmentLevel.OWNER).count()
