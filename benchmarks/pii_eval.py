"""Precision, recall and F1 of workbench.privacy on the labelled set tests/data/pii_fr.jsonl.

Two matchings: "exact" (same start, end and label) and "lenient" (a prediction is right when
it overlaps a gold entity of the same label; a gold entity is found when a prediction of the
same label overlaps it).

    .venv/bin/python benchmarks/pii_eval.py                 # table + JSON
    .venv/bin/python benchmarks/pii_eval.py --rules-only    # without the spaCy model
    .venv/bin/python benchmarks/pii_eval.py --errors        # also list misses and false alarms
    .venv/bin/python benchmarks/pii_eval.py --speed         # also time 500 texts of ~600 chars
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workbench.privacy import LABELS, Pseudonymizer  # noqa: E402

DEFAULT_DATA = ROOT / "tests" / "data" / "pii_fr.jsonl"

Span = tuple[int, int, str]


def load_examples(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _overlaps(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    precision = _ratio(tp_pred, n_pred)
    recall = _ratio(tp_gold, n_gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "gold": n_gold,
        "predicted": n_pred,
    }


def score(golds: list[list[Span]], preds: list[list[Span]]) -> dict:
    """{"exact"|"lenient": {label|"overall": {precision, recall, f1, gold, predicted}}}."""
    # Per mode and label: right predictions, predictions, found gold entities, gold entities.
    counts = {
        mode: {label: [0, 0, 0, 0] for label in (*LABELS, "overall")}
        for mode in ("exact", "lenient")
    }
    for gold, pred in zip(golds, preds):
        gold_set, pred_set = set(gold), set(pred)
        for mode in ("exact", "lenient"):
            if mode == "exact":
                pred_hits = [p in gold_set for p in pred]
                gold_hits = [g in pred_set for g in gold]
            else:
                pred_hits = [any(_overlaps(p, g) for g in gold) for p in pred]
                gold_hits = [any(_overlaps(g, p) for p in pred) for g in gold]
            for p, hit in zip(pred, pred_hits):
                for key in (p[2], "overall"):
                    counts[mode][key][0] += hit
                    counts[mode][key][1] += 1
            for g, hit in zip(gold, gold_hits):
                for key in (g[2], "overall"):
                    counts[mode][key][2] += hit
                    counts[mode][key][3] += 1
    return {
        mode: {label: _prf(*c) for label, c in per_label.items()}
        for mode, per_label in counts.items()
    }


def evaluate(pseudonymizer: Pseudonymizer, examples: list[dict]) -> tuple[dict, list, list]:
    golds = [[(e["start"], e["end"], e["label"]) for e in ex["entities"]] for ex in examples]
    preds = [[(e.start, e.end, e.label) for e in pseudonymizer.find(ex["text"])] for ex in examples]
    return score(golds, preds), golds, preds


def format_table(scores: dict) -> str:
    lines = [
        f"{'label':<9} {'gold':>5} {'pred':>5} | {'P exact':>7} {'R exact':>7} {'F1 exact':>8}"
        f" | {'P len.':>7} {'R len.':>7} {'F1 len.':>8}"
    ]
    lines.append("-" * len(lines[0]))
    for label in (*LABELS, "overall"):
        ex, le = scores["exact"][label], scores["lenient"][label]
        lines.append(
            f"{label:<9} {ex['gold']:>5} {ex['predicted']:>5} | {ex['precision']:>7.3f}"
            f" {ex['recall']:>7.3f} {ex['f1']:>8.3f} | {le['precision']:>7.3f}"
            f" {le['recall']:>7.3f} {le['f1']:>8.3f}"
        )
    return "\n".join(lines)


def print_errors(examples: list[dict], golds: list, preds: list) -> None:
    for ex, gold, pred in zip(examples, golds, preds):
        missed = sorted(set(gold) - set(pred))
        extra = sorted(set(pred) - set(gold))
        if not missed and not extra:
            continue
        text = ex["text"]
        print(f"\n{text!r}")
        for s, e, label in missed:
            print(f"  missed  {label:<8} {text[s:e]!r}")
        for s, e, label in extra:
            print(f"  extra   {label:<8} {text[s:e]!r}")


def speed_texts(examples: list[dict], count: int = 500, length: int = 600) -> list[str]:
    """count texts of about length characters, made of the set's sentences in turn.

    Each sentence gets a reference number of its own ("(réf. 12-3)") so that no sentence
    repeats: the detector would otherwise run its model once for all the copies.
    """
    sentences = [ex["text"] for ex in examples]
    texts, i = [], 0
    for n in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < length:
            sentence = sentences[i % len(sentences)].rstrip()
            cut = len(sentence.rstrip(".!?"))
            parts.append(f"{sentence[:cut]} (réf. {n}-{len(parts)}){sentence[cut:]}")
            i += 1
        texts.append(" ".join(parts))
    return texts


def measure_speed(pseudonymizer: Pseudonymizer, examples: list[dict]) -> dict:
    texts = speed_texts(examples)
    started = time.perf_counter()
    pseudonymizer.find("Bonjour, je m'appelle Marie Dupont.")  # loads the model
    loaded = time.perf_counter()
    cpu = time.process_time()
    pseudonymizer.pseudonymize_many(texts)
    done = time.perf_counter()
    return {
        "texts": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "model_load_s": round(loaded - started, 2),
        "pseudonymize_many_s": round(done - loaded, 2),
        "pseudonymize_many_cpu_s": round(time.process_time() - cpu, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", help='only the examples of this split ("dev", "heldout")')
    parser.add_argument("--rules-only", action="store_true", help="no spaCy model")
    parser.add_argument("--errors", action="store_true", help="list misses and false alarms")
    parser.add_argument("--speed", action="store_true", help="time 500 texts of ~600 chars")
    args = parser.parse_args(argv)

    examples = load_examples(args.data)
    if args.split:
        examples = [ex for ex in examples if ex.get("split") == args.split]
    pseudonymizer = Pseudonymizer(use_ner=not args.rules_only)
    result: dict = {
        "data": str(args.data),
        "split": args.split or "all",
        "examples": len(examples),
        "ner": not args.rules_only,
    }
    if args.speed:
        result["speed"] = measure_speed(pseudonymizer, examples)
    scores, golds, preds = evaluate(pseudonymizer, examples)
    result["scores"] = scores

    print(format_table(scores))
    if args.errors:
        print_errors(examples, golds, preds)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
