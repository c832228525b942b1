"""Matching a scenario's findings and figures with today's (pure)."""

from planning.engine.comparison import compare_findings, compare_runs, finding_key


def finding(kind, title, severity="high", *, people=(), responsibilities=(), team_id=None, rank=1):
    return {
        "kind": kind,
        "title": title,
        "severity": severity,
        "team_id": team_id,
        "rank": rank,
        "evidence": {
            "people": [{"id": p, "name": f"P{p}"} for p in people],
            "responsibilities": [{"id": r, "slug": f"r{r}", "name": f"R{r}"} for r in responsibilities],
        },
    }


def test_the_same_risk_is_matched_by_its_subject_not_its_wording():
    a = finding("universal_expert", "Priya: leaving would orphan 7 items", people=[1])
    b = finding("universal_expert", "Priya: leaving would orphan 5 items", "medium", people=[1])
    assert finding_key(a) == finding_key(b)
    assert finding_key(finding("truck_factor", "x")) == finding_key(finding("truck_factor", "y"))
    assert finding_key(finding("bus_factor_system", "x", team_id=3)) != finding_key(
        finding("bus_factor_system", "x", team_id=4)
    )
    assert finding_key(finding("maturity_gap", "MLOps level: level 2, target 4")) == finding_key(
        finding("maturity_gap", "MLOps level: level 3, target 4")
    )


def test_added_removed_changed_and_unchanged():
    today = [
        finding("universal_expert", "Priya is a universal expert", "critical", people=[1]),
        finding("uncovered_responsibility", "Nobody owns CI/CD", responsibilities=[5]),
        finding("truck_factor", "Truck factor 2", "high"),
    ]
    scenario = [
        finding("uncovered_responsibility", "Nobody owns CI/CD", responsibilities=[5]),
        finding("truck_factor", "Truck factor 1", "critical"),
        finding("uncovered_responsibility", "Nobody owns model deployment", responsibilities=[9]),
    ]
    out = compare_findings(today, scenario)
    assert [f["title"] for f in out["added"]] == ["Nobody owns model deployment"]
    assert [f["title"] for f in out["removed"]] == ["Priya is a universal expert"]
    assert [(c["today"]["title"], c["scenario"]["title"], c["worse"]) for c in out["changed"]] == [
        ("Truck factor 2", "Truck factor 1", True)
    ]
    assert out["unchanged"] == 1


def test_headline_figures_say_which_way_they_moved():
    base = {
        "overall_level": 3,
        "truck_factor": 2,
        "current_structure": "centralized",
        "recommended_structure": "hybrid",
        "summary": {
            "deployment": {"builder_fte": 10, "productioniser_fte": 4, "builders_per_productioniser": 2.5},
            "talent": {"open_roles": [{}, {}], "lone_practitioners": []},
        },
        "dimensions": [{"dimension": "mlops_level", "label": "MLOps", "level": 3, "score": 0.5}],
    }
    other = {
        **base,
        "truck_factor": 1,
        "current_structure": "hybrid",
        "summary": {
            "deployment": {"builder_fte": 10, "productioniser_fte": 5, "builders_per_productioniser": 2.0},
            "talent": {"open_roles": [{}], "lone_practitioners": [{}]},
        },
    }
    rows = {r["label"]: r for r in compare_runs(base, other)["headline"]}
    assert (rows["Truck factor"]["today"], rows["Truck factor"]["scenario"], rows["Truck factor"]["verdict"]) == (
        2,
        1,
        "worse",
    )
    assert rows["Productioniser FTE"]["verdict"] == "better"
    assert rows["Model builders per productioniser"]["verdict"] == "better"
    assert rows["Open roles"]["verdict"] == "better" and rows["Lone ML practitioners"]["verdict"] == "worse"
    assert rows["Current structure"]["verdict"] == "changed" and rows["Current structure"]["scenario"] == "Hybrid"
    assert rows["Overall maturity level"]["verdict"] == "same"


def test_a_ratio_that_falls_because_its_numerator_fell_is_not_better():
    def run(builders, ratio):
        deployment = {"builder_fte": builders, "productioniser_fte": 2.5, "builders_per_productioniser": ratio}
        return {"summary": {"deployment": deployment}}

    # A model builder leaves: 4.3 -> 4.0 builder FTE, 1.72 -> 1.6 per productioniser. Fewer builders, not more capacity.
    rows = {r["label"]: r for r in compare_runs(run(4.3, 1.72), run(4.0, 1.6))["headline"]}
    assert rows["Model builders per productioniser"]["verdict"] == "changed"
    assert rows["Model builder FTE"]["verdict"] == "changed"


def test_every_direction_comes_from_the_one_table():
    from vocabulary.metrics import METRICS, verdict

    assert verdict("truck_factor", 2, 3) == "better" and verdict("orphaned_systems", 0, 2) == "worse"
    assert (
        verdict(
            "builders_per_productioniser", 2.0, 3.0, parts_before={"builder_fte": 6}, parts_after={"builder_fte": 6}
        )
        == "worse"
    )
    assert verdict("not_a_metric", 1, 2) == "changed"
    assert METRICS["builders_per_productioniser"].numerator == "builder_fte"
