"""The metric registry: every metric declares what it needs and returns one result type.

A metric is a small object with a declaration (``MetricInfo``: id, label, inputs, range,
direction, version) and one scoring method:

* ``BatchMetric.score_many(samples, resources)`` — computed locally over a whole run at once
  (lexical, retrieval and public-service metrics: vectorised where it pays);
* ``ModelMetric.ascore(sample, resources)`` — one sample at a time, asynchronously, through an
  LLM judge and/or an embeddings model (the ragas metrics); the orchestrator bounds concurrency.

Before anything is computed, ``check_requirements`` compares each metric's inputs with what a
run holds (and with the judge and embeddings configured) and names what is missing, so that no
token is spent on a run that cannot be scored.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar

from workbench.errors import WorkbenchError

if TYPE_CHECKING:  # pragma: no cover
    from workbench.metrics.ragas_metrics import ModelResources


class Input(str, Enum):
    """What a metric may need."""

    QUESTION = "question"
    ANSWER = "answer"
    CONTEXTS = "contexts"
    REFERENCE_ANSWER = "reference_answer"
    REFERENCE_CONTEXT_IDS = "reference_context_ids"  # ids, or reference context texts
    JUDGE = "judge"
    EMBEDDINGS = "embeddings"


INPUT_LABELS = {
    Input.QUESTION: "la question",
    Input.ANSWER: "la réponse",
    Input.CONTEXTS: "les passages retrouvés (contexts)",
    Input.REFERENCE_ANSWER: "la réponse de référence (reference_answer)",
    Input.REFERENCE_CONTEXT_IDS: "les contextes de référence (reference_context_ids)",
    Input.JUDGE: "un modèle juge (--judge-base-url, --judge-model)",
    Input.EMBEDDINGS: "un modèle d'embeddings",
}

# Inputs that come from the configuration of a scoring session, not from the run's data.
RESOURCE_INPUTS = frozenset({Input.JUDGE, Input.EMBEDDINGS})


class MetricError(WorkbenchError):
    """Unknown metric, or inputs missing for a metric named explicitly."""


@dataclass(frozen=True)
class MetricResult:
    """The one result type: a value (None when undefined for this sample) and a reason."""

    value: float | None
    reason: str | None = None

    def __post_init__(self) -> None:
        if self.value is not None and (isinstance(self.value, float) and math.isnan(self.value)):
            object.__setattr__(self, "value", None)


@dataclass
class Sample:
    """One answered question of a run, with everything a metric may look at."""

    question_id: str
    question: str = ""
    answer: str = ""
    contexts: list[dict[str, Any]] = field(default_factory=list)  # passages as stored by replay
    reference_answer: str | None = None
    reference_context_ids: list[str] = field(default_factory=list)
    reference_contexts: list[str] = field(default_factory=list)  # texts, when the dataset has them

    @property
    def context_texts(self) -> list[str]:
        return [str(c.get("text") or "") for c in self.contexts]

    def has(self, needed: Input) -> bool:
        if needed is Input.QUESTION:
            return bool(self.question and self.question.strip())
        if needed is Input.ANSWER:
            return self.answer is not None  # an empty answer is an answer (and scores low)
        if needed is Input.CONTEXTS:
            return bool(self.contexts)
        if needed is Input.REFERENCE_ANSWER:
            return bool(self.reference_answer and self.reference_answer.strip())
        if needed is Input.REFERENCE_CONTEXT_IDS:
            return bool(self.reference_context_ids or self.reference_contexts)
        return True  # resources are checked at run level


@dataclass(frozen=True)
class MetricInfo:
    id: str
    label: str
    inputs: frozenset[Input]
    range: tuple[float, float] = (0.0, 1.0)
    higher_is_better: bool = True
    version: str = "1"
    description: str = ""
    default: bool = False  # in the default set (no model needed)
    group: str = "no_model"  # no_model | model | public_service

    @property
    def needs_judge(self) -> bool:
        return Input.JUDGE in self.inputs

    @property
    def needs_embeddings(self) -> bool:
        return Input.EMBEDDINGS in self.inputs

    @property
    def sample_inputs(self) -> frozenset[Input]:
        return self.inputs - RESOURCE_INPUTS


class Metric:
    info: ClassVar[MetricInfo]

    def __repr__(self) -> str:
        return f"<metric {self.info.id} v{self.info.version}>"


class BatchMetric(Metric):
    """Computed locally over all samples at once."""

    def score_many(self, samples: Sequence[Sample]) -> list[MetricResult]:
        raise NotImplementedError


class ModelMetric(Metric):
    """Computed one sample at a time through a judge LLM and/or an embeddings model."""

    async def ascore(self, sample: Sample, resources: "ModelResources") -> MetricResult:
        raise NotImplementedError


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.info.id in _REGISTRY:
        raise ValueError(f"metric {metric.info.id} registered twice")
    _REGISTRY[metric.info.id] = metric
    return metric


def _load_builtin() -> None:
    # Importing the modules registers their metrics (no side effect but this dict), in the
    # order of the documentation: no model, model, public service.
    import importlib

    for module in ("text_metrics", "ragas_metrics", "public_service"):
        importlib.import_module(f"workbench.metrics.{module}")


def all_metrics() -> dict[str, Metric]:
    """Every registered metric, in the order of the documentation."""
    _load_builtin()  # idempotent: modules are imported once
    order = ("text_metrics", "ragas_metrics", "public_service")
    return dict(sorted(_REGISTRY.items(), key=lambda kv: order.index(type(kv[1]).__module__.rsplit(".", 1)[-1])
                       if type(kv[1]).__module__.rsplit(".", 1)[-1] in order else len(order)))


def default_metric_ids() -> list[str]:
    return [m.info.id for m in all_metrics().values() if m.info.default]


GROUPS = ("default", "public_service", "model", "all")


def resolve(ids: Iterable[str]) -> list[Metric]:
    """Metrics by id (or a group name: default, public_service, model, all), in order, unique."""
    known = all_metrics()
    chosen: list[Metric] = []
    unknown: list[str] = []
    for raw in ids:
        name = raw.strip()
        if not name:
            continue
        if name in GROUPS:
            members = [
                m for m in known.values()
                if name == "all" or (name == "default" and m.info.default) or m.info.group == name
            ]
        elif name in known:
            members = [known[name]]
        else:
            unknown.append(name)
            continue
        chosen.extend(m for m in members if m not in chosen)
    if unknown:
        raise MetricError(
            f"métrique inconnue : {', '.join(unknown)} ; métriques connues : {', '.join(known)}"
            f" (ou les groupes {', '.join(GROUPS)})"
        )
    return chosen


@dataclass(frozen=True)
class Requirement:
    """What a metric lacks to score a run."""

    metric: str
    missing: tuple[Input, ...]  # missing for the whole run (or not configured)
    partial: dict[Input, int] = field(default_factory=dict)  # samples lacking an input

    @property
    def ok(self) -> bool:
        return not self.missing

    def message(self) -> str:
        labels = ", ".join(INPUT_LABELS[i] for i in self.missing)
        return f"il manque {labels}"


def check_requirements(
    metrics: Sequence[Metric], samples: Sequence[Sample], *, judge: bool, embeddings: bool
) -> dict[str, Requirement]:
    """For each metric, the inputs the run lacks entirely, and how many samples lack one."""
    available = {Input.JUDGE: judge, Input.EMBEDDINGS: embeddings}
    counts = {needed: sum(1 for s in samples if s.has(needed)) for needed in Input if needed not in RESOURCE_INPUTS}
    result = {}
    for metric in metrics:
        missing = []
        partial = {}
        for needed in sorted(metric.info.inputs, key=lambda i: list(Input).index(i)):
            if needed in RESOURCE_INPUTS:
                if not available[needed]:
                    missing.append(needed)
            elif not samples or counts[needed] == 0:
                missing.append(needed)
            elif counts[needed] < len(samples):
                partial[needed] = len(samples) - counts[needed]
        result[metric.info.id] = Requirement(metric.info.id, tuple(missing), partial)
    return result
