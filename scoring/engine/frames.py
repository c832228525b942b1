"""Cleaned, joined views of the inputs that several scoring modules share (computed once per scoring)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from vocabulary.families import ML_PRACTITIONER_FAMILIES

from .inputs import ScoringInputs
from .thresholds import PRODUCTION_STAGE, RETIRED_STAGE


def group_lists(df: pd.DataFrame, key: str, value: str, *, sort_by: str | None = None) -> dict[int, list]:
    """{key: [values]} in row order (or sorted by `sort_by`); one pass, no per-group pandas calls."""
    if sort_by:
        df = df.sort_values(sort_by, kind="stable")
    out: dict[int, list] = defaultdict(list)
    for k, v in zip(df[key].tolist(), df[value].tolist(), strict=True):
        out[k].append(v)
    return out


@dataclass
class OrgFrames:
    inputs: ScoringInputs

    @cached_property
    def people(self) -> pd.DataFrame:
        return self.inputs.people.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)

    @cached_property
    def teams(self) -> pd.DataFrame:
        return self.inputs.teams.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)

    @cached_property
    def person_name(self) -> dict[int, str]:
        return dict(zip(self.people["id"].tolist(), self.people["name"].tolist(), strict=True))

    @cached_property
    def person_team(self) -> dict[int, int]:
        return dict(zip(self.people["id"].tolist(), self.people["team_id"].tolist(), strict=True))

    @cached_property
    def team_name(self) -> dict[int, str]:
        return dict(zip(self.teams["id"].tolist(), self.teams["name"].tolist(), strict=True))

    @cached_property
    def lead_ids(self) -> set[int]:
        return {int(x) for x in self.teams["lead_id"].dropna().tolist()}

    @cached_property
    def ml_people(self) -> pd.DataFrame:
        return self.people[self.people["family"].isin(ML_PRACTITIONER_FAMILIES)]

    @cached_property
    def systems(self) -> pd.DataFrame:
        """Systems that are not retired, with their team's name."""
        s = self.inputs.systems.drop_duplicates("id")
        s = s[s["stage"] != RETIRED_STAGE].copy()
        s["team"] = s["team_id"].map(self.team_name).fillna("")
        return s.set_index("id", drop=False).rename_axis(None)

    @cached_property
    def production_ids(self) -> set[int]:
        return set(self.systems.loc[self.systems["stage"] == PRODUCTION_STAGE, "id"].tolist())

    def _links(self, df: pd.DataFrame) -> pd.DataFrame:
        known = df["system_id"].isin(self.systems.index) & df["person_id"].isin(self.people.index)
        return df.loc[known, ["system_id", "person_id"]].drop_duplicates().reset_index(drop=True)

    @cached_property
    def owners(self) -> pd.DataFrame:
        return self._links(self.inputs.system_owners)

    @cached_property
    def deployers(self) -> pd.DataFrame:
        return self._links(self.inputs.system_deployers)

    @cached_property
    def runners(self) -> pd.DataFrame:
        """Distinct (system, person) pairs of owners and deployers."""
        return pd.concat([self.owners, self.deployers]).drop_duplicates().reset_index(drop=True)

    @cached_property
    def responsibilities(self) -> pd.DataFrame:
        return self.inputs.responsibilities.drop_duplicates("id").set_index("id", drop=False).rename_axis(None)

    @cached_property
    def assignments(self) -> pd.DataFrame:
        a = self.inputs.assignments
        known = a["person_id"].isin(self.people.index) & a["responsibility_id"].isin(self.responsibilities.index)
        a = a.loc[known].drop_duplicates(["person_id", "responsibility_id"], keep="last").copy()
        a["team_id"] = a["person_id"].map(self.person_team)
        return a.reset_index(drop=True)

    def person_ref(self, pid) -> dict:
        return {"id": int(pid), "name": self.person_name.get(int(pid), f"#{pid}")}

    def team_ref(self, tid) -> dict:
        return {"id": int(tid), "name": self.team_name.get(int(tid), f"#{tid}")}

    @cached_property
    def system_name(self) -> dict[int, str]:
        return dict(zip(self.systems["id"].tolist(), self.systems["name"].tolist(), strict=True))

    @cached_property
    def resp_info(self) -> dict[int, tuple[str, str]]:
        r = self.responsibilities
        return dict(zip(r["id"].tolist(), zip(r["slug"].tolist(), r["name"].tolist(), strict=True), strict=True))

    def system_ref(self, sid) -> dict:
        return {"id": int(sid), "name": self.system_name.get(int(sid), f"#{sid}")}

    def resp_ref(self, rid) -> dict:
        slug, name = self.resp_info.get(int(rid), ("", f"#{rid}"))
        return {"id": int(rid), "slug": slug, "name": name}
