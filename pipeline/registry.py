"""Stage registry: stages are known by name, with what they read (requires) and produce (assigns).

As in spaCy's pipeline, the runner checks the order from those declarations, and users can
choose stages by name (``--stages``, ``--skip``). A stage is a function of the artefacts it
requires (passed by keyword) returning a ``StageOutput``: new artefacts and table records.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from extractors.records import Record


@dataclass
class StageOutput:
    records: list[Record] = field(default_factory=list)
    artefacts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    run: Callable[..., StageOutput]
    doc: str = ""
    uses: tuple[str, ...] = ()

    def arguments(self, artefacts: dict[str, Any]) -> dict[str, Any] | None:
        """Keyword arguments for ``run``, or None when a required artefact is missing."""
        if any(r not in artefacts for r in self.requires):
            return None
        return {**{u: artefacts.get(u) for u in self.uses}, **{r: artefacts[r] for r in self.requires}}


class StageOrderError(ValueError):
    pass


_STAGES: dict[str, Stage] = {}


def stage(name: str, requires: Iterable[str] = (), assigns: Iterable[str] = (), uses: Iterable[str] = ()):
    """Register ``fn`` as stage ``name``. ``requires`` and ``uses`` name artefacts it takes as keywords."""

    def register(fn: Callable[..., StageOutput]) -> Callable[..., StageOutput]:
        if name in _STAGES and _STAGES[name].run is not fn:
            raise StageOrderError(f"stage {name!r} is registered twice")
        _STAGES[name] = Stage(name, tuple(requires), tuple(assigns), fn, (fn.__doc__ or "").strip(), tuple(uses))
        return fn

    return register


def registered_stages() -> list[Stage]:
    """Every registered stage, in an order where each stage's requirements come first.

    The pipeline's own stages register when ``pipeline.stages`` is imported; its ``all_stages``
    is what callers use.
    """
    return order_stages(list(_STAGES.values()))


def order_stages(stages: list[Stage], available: Iterable[str] = ("source",)) -> list[Stage]:
    have = set(available)
    pending = sorted(stages, key=lambda s: s.name)
    ordered: list[Stage] = []
    producers = {a for s in stages for a in s.assigns} | have
    while pending:
        # A stage waits for what it requires, and for what it uses when some stage produces it.
        ready = [s for s in pending if set(s.requires) <= have
                 and {u for u in s.uses if u in producers} <= have]
        if not ready:
            # Requirements nobody produces (a stage was skipped): run what can run; the rest
            # is reported as skipped by the runner.
            blocked = [s for s in pending if not set(s.requires) <= producers]
            if not blocked:
                names = ", ".join(s.name for s in pending)
                raise StageOrderError(f"stages {names} require each other in a cycle")
            ready = blocked
        first = ready[0]
        ordered.append(first)
        pending.remove(first)
        have.update(first.assigns)
    return ordered


def select_stages(stages: list[Stage], only: Iterable[str] | None = None, skip: Iterable[str] = ()) -> list[Stage]:
    """Of ``stages`` (in run order), those to run: all, or ``only`` and the stages that produce what
    they require or use (transitively), minus ``skip``."""
    by_name = {s.name: s for s in stages}
    unknown = [n for n in [*(only or []), *skip] if n not in by_name]
    if unknown:
        raise StageOrderError(f"unknown stage(s) {', '.join(unknown)}; known: {', '.join(by_name)}")
    if only:
        wanted: set[str] = set()
        todo = list(only)
        producers = {a: s.name for s in stages for a in s.assigns}
        while todo:
            name = todo.pop()
            if name in wanted:
                continue
            wanted.add(name)
            # What a stage uses changes its rows as much as what it requires (budget_table scores
            # its lines by the cards), so ``--stages X`` gives X's rows as a full run does.
            selected = by_name[name]
            todo.extend(producers[a] for a in (*selected.requires, *selected.uses) if a in producers)
        stages = [s for s in stages if s.name in wanted]
    return [s for s in stages if s.name not in set(skip)]
