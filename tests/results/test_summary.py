"""A stored summary is read in the shape of the results contract, whatever was stored."""

from hypothesis import given
from hypothesis import strategies as st

from results.summary import clean_summary
from tests.scoring.factories import empty_summary

SECTIONS = set(empty_summary())
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def test_an_empty_summary_has_every_section():
    s = clean_summary(None)
    assert set(s) == SECTIONS
    assert s["composition"] == [] and s["truck_factor"]["value"] is None and s["ml_lead"]["person"] is None


def test_rows_that_cannot_be_read_are_left_out_and_numbers_coerced():
    s = clean_summary(
        {
            "composition": [
                {"team_id": 1, "team": "A", "role": "ML Engineer", "family": "productioniser", "fte": 2},
                {"team": "no id", "fte": 1.0},
                {"team_id": 2, "fte": "a lot"},
                {"team_id": 3, "fte": -1},
                {"team_id": 4, "team": "D", "role": "R", "family": "builder", "fte": float("inf")},
                "junk",
            ],
            "coverage": [{"owners": 2}, {"name": "Hiring", "owners": "many", "owner_teams": "A"}],
            "talent": {"open_roles": [{"role": None, "months_to_hire": "soon"}], "weighted_open_months": "x"},
            "classification": ["not", "a", "dict"],
            "deployment": {"builder_fte": 3, "production_systems": 4.0},
            "ml_lead": {"person": "someone", "depth": "deep"},
        }
    )
    assert s["composition"] == [
        {"team_id": 1, "team": "A", "parent_id": None, "role": "ML Engineer", "family": "productioniser", "fte": 2.0}
    ]
    assert [(c["name"], c["owners"], c["owner_teams"]) for c in s["coverage"]] == [("Hiring", 0, [])]
    assert s["talent"]["open_roles"][0]["months_to_hire"] is None and s["talent"]["weighted_open_months"] == 0.0
    assert s["classification"]["current_structure"] == "" and s["classification"]["design_choices"] == {}
    assert s["deployment"]["builder_fte"] == 3.0 and s["deployment"]["production_systems"] == 4
    assert s["ml_lead"] == {"person": None, "depth": None}


@given(st.dictionaries(st.sampled_from(sorted(SECTIONS)), json_values) | json_values)
def test_any_stored_json_gives_the_contract_shape(raw):
    s = clean_summary(raw)
    assert set(s) == SECTIONS
    assert all(isinstance(r["fte"], float) and isinstance(r["team_id"], int) for r in s["composition"])
    assert all(isinstance(c["owners"], int) and c["name"] for c in s["coverage"])
