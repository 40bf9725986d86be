import pytest

from pipeline.registry import Stage, StageOrderError, StageOutput, order_stages, select_stages
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


def test_selecting_a_stage_brings_what_it_requires():
    names = [s.name for s in select_stages(all_stages(), only=["normalise"])]
    assert names == ["normalise"]
    with pytest.raises(StageOrderError, match="unknown stage"):
        select_stages(all_stages(), skip=["no-such-stage"])


def test_stages_module_is_written_in_run_order():
    ours = [s for s in all_stages() if s.run.__module__ == "pipeline.stages"]
    assert len(ours) >= 13
    assert ours == sorted(ours, key=lambda s: s.run.__code__.co_firstlineno)
