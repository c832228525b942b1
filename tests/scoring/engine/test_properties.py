"""Invariants of the scoring engine on random small organisations (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.engine import OrgInfo, ScoringInputs, departure_impact, score_org
from scoring.engine.bottlenecks import responsibility_coverage, system_bus_factors, truck_factor_of
from scoring.engine.frames import OrgFrames

FAMILIES = {"ml-engineer": "productioniser", "data-scientist": "builder", "ai-team-lead": "ml_support"}
LEVELS = ("owner", "contributor", "backup")


@st.composite
def orgs(draw):
    n_people = draw(st.integers(1, 8))
    n_systems = draw(st.integers(0, 7))
    n_resps = draw(st.integers(1, 4))
    people_ids = list(range(1, n_people + 1))
    roles = draw(st.lists(st.sampled_from(sorted(FAMILIES)), min_size=n_people, max_size=n_people))
    people = [
        {
            "id": p,
            "name": f"P{p}",
            "team_id": 1 + p % 2,
            "role_slug": r,
            "role_name": r,
            "family": FAMILIES[r],
            "fte": draw(st.sampled_from([0.5, 1.0])),
        }
        for p, r in zip(people_ids, roles, strict=True)
    ]
    systems, owners, deployers = [], [], []
    for s in range(1, n_systems + 1):
        systems.append({"id": s, "name": f"S{s}", "team_id": 1, "stage": draw(st.sampled_from(["production", "mvp"]))})
        owners += [{"system_id": s, "person_id": p} for p in draw(st.sets(st.sampled_from(people_ids), max_size=3))]
        deployers += [{"system_id": s, "person_id": p} for p in draw(st.sets(st.sampled_from(people_ids), max_size=3))]
    pairs = draw(
        st.dictionaries(
            st.tuples(st.sampled_from(people_ids), st.integers(1, n_resps)), st.sampled_from(LEVELS), max_size=12
        )
    )
    return ScoringInputs.build(
        org=OrgInfo(id=1, name="Random"),
        teams=[{"id": 1, "name": "A", "kind": "central_ml"}, {"id": 2, "name": "B", "kind": "embedded_ml"}],
        people=people,
        responsibilities=[{"id": r, "slug": f"r{r}", "name": f"R{r}"} for r in range(1, n_resps + 1)],
        assignments=[{"person_id": p, "responsibility_id": r, "level": lv} for (p, r), lv in pairs.items()],
        systems=systems,
        system_owners=owners,
        system_deployers=deployers,
    )


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def resp_bus_factor(inputs, rid):
    return responsibility_coverage(OrgFrames(inputs)).loc[rid, "bus_factor"]


@SETTINGS
@given(orgs(), st.data())
def test_adding_a_backup_never_lowers_a_responsibility_bus_factor(inputs, data):
    rid = data.draw(st.sampled_from(inputs.responsibilities["id"].tolist()))
    taken = set(inputs.assignments.loc[inputs.assignments["responsibility_id"] == rid, "person_id"])
    free = [p for p in inputs.people["id"].tolist() if p not in taken]
    if not free:
        return
    person = data.draw(st.sampled_from(free))
    more = inputs.replace(
        assignments=[
            *inputs.assignments.to_dict("records"),
            {"person_id": person, "responsibility_id": rid, "level": "backup"},
        ]
    )
    assert resp_bus_factor(more, rid) == resp_bus_factor(inputs, rid) + 1


@SETTINGS
@given(orgs(), st.data())
def test_adding_an_owner_or_deployer_never_lowers_a_system_bus_factor(inputs, data):
    if inputs.systems.empty:
        return
    sid = data.draw(st.sampled_from(inputs.systems["id"].tolist()))
    person = data.draw(st.sampled_from(inputs.people["id"].tolist()))
    side = data.draw(st.sampled_from(["system_owners", "system_deployers"]))
    more = inputs.replace(
        **{side: [*getattr(inputs, side).to_dict("records"), {"system_id": sid, "person_id": person}]}
    )
    before = system_bus_factors(OrgFrames(inputs)).loc[sid, "bus_factor"]
    after = system_bus_factors(OrgFrames(more)).loc[sid, "bus_factor"]
    assert after >= before


@SETTINGS
@given(orgs(), st.data())
def test_removing_all_owners_of_a_running_system_orphans_it(inputs, data):
    bus = system_bus_factors(OrgFrames(inputs))
    running = bus.index[bus["bus_factor"] >= 1].tolist()
    if not running:
        return
    sid = data.draw(st.sampled_from(running))
    owners = inputs.system_owners.loc[inputs.system_owners["system_id"] == sid, "person_id"].tolist()
    impact = departure_impact(inputs, owners)
    assert sid in [s["id"] for s in impact["systems"]]
    assert system_bus_factors(OrgFrames(inputs.without_people(owners))).loc[sid, "bus_factor"] == 0


@SETTINGS
@given(orgs())
def test_the_truck_factor_people_really_orphan_more_than_half(inputs):
    tf = truck_factor_of(OrgFrames(inputs))
    if tf.production_systems == 0:
        assert tf.value == 0
        return
    after = OrgFrames(inputs.without_people(tf.removed))
    bus = system_bus_factors(after)
    orphaned = int(((bus["stage"] == "production") & (bus["bus_factor"] == 0)).sum())
    assert orphaned * 2 > tf.production_systems
    assert orphaned == tf.orphaned_after
    # the greedy stops at the first removal that crosses the line
    if tf.value:
        before = system_bus_factors(OrgFrames(inputs.without_people(tf.removed[:-1])))
        orphaned_before = int(((before["stage"] == "production") & (before["bus_factor"] == 0)).sum())
        assert orphaned_before * 2 <= tf.production_systems
    runners = set(inputs.system_owners["person_id"]) | set(inputs.system_deployers["person_id"])
    assert tf.value <= len(runners)


@SETTINGS
@given(orgs())
def test_universal_experts_orphan_what_their_finding_lists(inputs):
    result = score_org(inputs)
    for finding in result.findings_of("universal_expert"):
        person = finding.evidence["people"][0]["id"]
        impact = departure_impact(inputs, [person])
        assert {s["id"] for s in finding.evidence["systems"]} <= {s["id"] for s in impact["systems"]}
        assert {r["id"] for r in finding.evidence["responsibilities"]} == {r["id"] for r in impact["responsibilities"]}


@SETTINGS
@given(orgs())
def test_actions_are_one_ordered_list(inputs):
    result = score_org(inputs)
    assert [f.rank for f in result.findings] == list(range(1, len(result.findings) + 1))
    priorities = [f.priority for f in result.findings]
    assert priorities == sorted(priorities, reverse=True)
