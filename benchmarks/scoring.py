"""Default (no-model) metrics over N answers: `score_run` against ragas `evaluate()`.

    .venv/bin/python benchmarks/scoring.py [--n 10000] [--skip-ragas]

Builds a store with N answers (the bundled questions' recorded replies against their reference
answers, with retrieved fiche ids), times `workbench.scoring.score_run` with the default metrics
(everything: reading, computing, storing), then ragas `evaluate()` with the same metrics
(IDBasedContextRecall/Precision, RougeScore, BleuScore, ChrfScore, NonLLMStringSimilarity — the
last one only where rapidfuzz is installed, on both sides), and prints the ratio. Target: <= 0.2.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.records import Question  # noqa: E402
from workbench.store import Store  # noqa: E402


def _rows() -> list[dict[str, str]]:
    with open(ROOT / "datasets" / "questions.csv", encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["reference_answer"] and r["recorded_answer"]]


def build_store(path: Path, n: int) -> tuple[Store, str, list[dict]]:
    rows = _rows()
    store = Store(path)
    questions, answers, samples = [], [], []
    fiches = sorted({r["reference_context_ids"] for r in rows})
    for i in range(n):
        row = rows[i % len(rows)]
        reference_ids = [row["reference_context_ids"]]
        retrieved = [row["reference_context_ids"], fiches[i % len(fiches)], fiches[(i * 7) % len(fiches)]]
        answer = row["recorded_answer"] + f"\n\nRéférence {i}."
        questions.append(
            Question(f"Q{i:05d}", row["question"], reference_answer=row["reference_answer"],
                     reference_context_ids=reference_ids)
        )
        contexts = [
            {"passage_id": f"{d}#0", "document_id": d, "title": d, "url": None, "score": 1.0, "text": f"Texte {d}"}
            for d in retrieved
        ]
        answers.append({"question_id": f"Q{i:05d}", "text": answer, "contexts": contexts, "error": None, "attempts": 1})
        samples.append({"response": answer, "reference": row["reference_answer"], "user_input": row["question"],
                        "retrieved_context_ids": list(dict.fromkeys(retrieved)), "reference_context_ids": reference_ids})
    dataset = store.import_questions("bench", questions)
    store.create_run("run-bench", pipeline_id="pl-bench", dataset_id=dataset.id, corpus_id=None, n_questions=n, params={})
    store.save_answers("run-bench", answers)
    store.set_run_status("run-bench", "finished")
    return store, "run-bench", samples


def run(n: int = 10_000, skip_ragas: bool = False, repeats: int = 3) -> dict:
    """Median of ``repeats`` runs of ours, one ragas ``evaluate()`` (it takes minutes)."""
    import statistics

    from workbench.metrics import text_metrics
    from workbench.scoring import score_run

    has_rapidfuzz = text_metrics._RapidLevenshtein is not None
    metrics = ["context_recall", "context_precision", "rouge_l", "bleu", "chrf"] + (["string_similarity"] if has_rapidfuzz else [])
    ours_runs = []
    with tempfile.TemporaryDirectory() as folder:
        for r in range(repeats):  # a fresh store each time: every repeat computes and stores everything
            store, run_id, samples = build_store(Path(folder) / f"bench{r}.duckdb", n)
            started = time.perf_counter()
            report = score_run(store, run_id, metrics)
            ours_runs.append(time.perf_counter() - started)
        ours = statistics.median(ours_runs)
        print(f"workbench score_run ({', '.join(metrics)}) over {n} answers: {ours:.2f} s (runs: "
              + ", ".join(f"{t:.2f}" for t in ours_runs) + ")")
        print("  means: " + ", ".join(f"{k} {v:.4f}" for k, v in report.metrics.items()))
    result = {"name": "scoring_10k" if n == 10_000 else f"scoring_{n}", "ours": round(ours, 3), "reference": None,
              "unit": "s", "ratio": None, "goal": "ratio ≤ 0.2", "met": None,
              "note": f"{n} answers, metrics {', '.join(metrics)}; ours median of {repeats}"}
    if skip_ragas:
        return result

    from ragas import EvaluationDataset, SingleTurnSample, evaluate
    from ragas.metrics import (
        BleuScore,
        ChrfScore,
        IDBasedContextPrecision,
        IDBasedContextRecall,
        NonLLMStringSimilarity,
        RougeScore,
    )

    ragas_metrics = [IDBasedContextRecall(), IDBasedContextPrecision(), RougeScore(), BleuScore(), ChrfScore()]
    if has_rapidfuzz:
        ragas_metrics.append(NonLLMStringSimilarity())
    dataset = EvaluationDataset([SingleTurnSample(**s) for s in samples])
    started = time.perf_counter()
    evaluate(dataset, metrics=ragas_metrics, show_progress=False)
    theirs = time.perf_counter() - started
    print(f"ragas evaluate() with the same metrics: {theirs:.2f} s")
    print(f"ratio workbench / ragas: {ours / theirs:.3f} (target <= 0.2)")
    result.update(reference=round(theirs, 3), ratio=round(ours / theirs, 4), met=ours / theirs <= 0.2)
    result["note"] += "; ragas evaluate() once (single run: it takes minutes); French tokeniser on our side"
    return result


def main() -> None:
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-ragas", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = run(args.n, args.skip_ragas, args.repeats)
    if args.json:
        args.json.write_text(json.dumps({"results": [result]}, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
