"""`workbench demo`: import the bundled French demo data, replay and score (idempotent)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from workbench import config
from workbench.importing import (
    import_agent_feedback,
    import_corpus,
    import_experiences,
    import_questions,
)
from workbench.replay import replay
from workbench.scoring import score_run
from workbench.store import Store

# Generators that need no model server: the demo runs the bundled pipelines that use them.
OFFLINE_GENERATORS = ("extractive", "recorded")
# Scored on every demo run: the metrics that need no model (default set + public service).
DEMO_METRICS = ("default", "public_service")

DEMO_DATASET = "demo"
DEMO_CORPUS = "service-public"


def run_demo(store: Store, *, progress: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Import the bundled data, replay the bundled pipelines that need no model server, score them."""
    data = config.DATASETS_DIR
    summary: dict[str, Any] = {"db": str(store.path)}

    progress("Import du corpus de fiches service-public.fr…")
    corpus = import_corpus(store, data / "fiches", DEMO_CORPUS)
    summary["corpus"] = {"id": corpus.id, "created": corpus.created, **corpus.counts}

    progress("Import des questions de démonstration…")
    dataset = import_questions(store, data / "questions.csv", DEMO_DATASET)
    summary["dataset"] = {"id": dataset.id, "created": dataset.created, **dataset.counts}

    progress("Import des expériences Services Publics+…")
    summary["experiences"] = import_experiences(store, data / "spp_experiences.csv")

    progress("Import des retours d'agents…")
    summary["agent_feedback"] = import_agent_feedback(store, data / "agent_feedback.csv")

    summary["runs"] = []
    dataset_id = dataset.id
    for file in config.bundled_pipelines():
        pipeline = config.load_pipeline(file)
        if pipeline.generation.kind not in OFFLINE_GENERATORS:
            progress(f"Pipeline {pipeline.name} ignoré : il demande un serveur de modèle (voir README).")
            continue
        existing = store.finished_run(pipeline.id, dataset_id)
        if existing:
            entry = {"pipeline": pipeline.name, "run_id": existing, "reused": True}
        else:
            progress(f"Rejeu du pipeline {pipeline.name}…")
            result = replay(store, pipeline, dataset_id)
            entry = {"pipeline": pipeline.name, "reused": False, **result.as_json()}
        # The default metrics need no model; scoring again what is scored is a no-op.
        report = score_run(store, entry["run_id"], DEMO_METRICS)
        entry["scores"] = report.metrics
        summary["runs"].append(entry)

    summary["overview"] = store.overview()
    return summary
