import pytest

from pipeline.registry import (
    Stage,
    StageOrderError,
    StageOutput,
    order_stages,
    select_stages,
)
from pipeline.stages import all_stages


def _stage(name, requires=(), assigns=(), uses=()):
    return Stage(name, tuple(requires), tuple(assigns), lambda **_: StageOutput(), "", tuple(uses))


def test_stages_run_after_what_they_require_and_use():
    stages = [_stage("links", ["cards", "projects"]), _stage("budget", ["norm"], ["projects"], uses=["cards"]),
              _stage("cards", ["norm"], ["cards"]), _stage("normalise", ["source"], ["norm"])]
    assert [s.name for s in order_stages(stages)] == ["normalise", "cards", "budget", "links"]


def test_optional_evidence_is_none_when_no_stage_produced_it():
    budget = _stage("budget", ["norm"], ["projects"], uses=["cards"])
    assert budget.arguments({"norm": 1}) == {"norm": 1, "cards": None}
    assert budget.arguments({}) is None


def test_a_cycle_is_reported():
    with pytest.raises(StageOrderError, match="cycle"):
        order_stages([_stage("a", ["x"], ["y"]), _stage("b", ["y"], ["x"])])


def test_selecting_a_stage_brings_the_producers_of_what_it_requires_and_uses_transitively():
    stages = order_stages([
        _stage("normalise", ["source"], ["norm"]), _stage("headings", ["norm"], ["headings"]),
        _stage("cards", ["norm"], ["cards"], uses=["headings"]), _stage("tables", ["norm"], ["tables"]),
        _stage("budget", ["norm"], ["projects"], uses=["cards", "tables"]), _stage("risks", ["norm"], uses=["tables"]),
        _stage("links", ["cards", "projects"]),
    ])
    assert [s.name for s in select_stages(stages, only=["budget"])] == ["normalise", "headings", "cards", "tables",
                                                                         "budget"]
    assert [s.name for s in select_stages(stages, only=["budget"], skip=["headings"])] == [
        "normalise", "cards", "tables", "budget"]
    assert [s.name for s in select_stages(stages, only=["risks"])] == ["normalise", "tables", "risks"]


def test_selected_pipeline_stage_gets_every_artefact_it_requires_or_uses():
    stages = all_stages()
    for name in ("budget_table", "card_links", "project_cards"):
        selected = select_stages(stages, only=[name])
        produced = {"source", *(a for s in selected for a in s.assigns)}
        wanted = next(s for s in stages if s.name == name)
        assert set(wanted.requires) | set(wanted.uses) <= produced, name


def test_unknown_stage_is_refused():
    with pytest.raises(StageOrderError, match="unknown stage"):
        select_stages(all_stages(), skip=["no-such-stage"])


def test_stages_module_is_written_in_run_order():
    ours = [s for s in all_stages() if s.run.__module__ == "pipeline.stages"]
    assert len(ours) >= 13
    assert ours == sorted(ours, key=lambda s: s.run.__code__.co_firstlineno)
