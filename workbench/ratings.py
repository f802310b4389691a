"""Agents' ratings of answers (Albert's France services rubric), blind pairwise preferences and
agreement statistics.

- A rating: stars 0–5 (halves allowed), positive and negative tags, a comment (pseudonymised
  before it is stored) and a "bonne réponse" flag. A rater re-rating an answer replaces their
  previous rating.
- Blind: queues never carry the pipeline's name, and their order is shuffled per rater (seeded by
  the rater's name, so a rater finds the same order again). In a pair, the sides are swapped at
  random per (rater, question).
- Agreement: Krippendorff's alpha (ordinal) on the stars, Fleiss' kappa per tag (tag given or
  not), judge–human agreement (Spearman between each scored metric and the mean stars).
- Pairwise win rates with Wilson confidence intervals (ties excluded from the rate).
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from workbench.errors import WorkbenchError
from workbench.store import Store

POSITIVE_TAGS = {
    "clair": "Clair",
    "synthetique": "Synthétique",
    "complet": "Complet",
    "sources_fiables": "Sources fiables",
}
NEGATIVE_TAGS = {
    "erreurs_grammaire": "Erreurs de grammaire",
    "hallucinations": "Hallucinations",
    "imprecisions": "Imprécisions",
    "incoherences": "Incohérences",
    "manque_de_sources": "Manque de sources",
    "trop_long": "Trop long",
}
TAG_LABELS = {**POSITIVE_TAGS, **NEGATIVE_TAGS}
STAR_VALUES = [i / 2 for i in range(11)]  # 0, 0.5, …, 5
CHOICES = {"A": "Réponse A", "B": "Réponse B", "egalite": "Égalité"}


# -- validation and recording ---------------------------------------------------------------------


def check_stars(stars: float) -> float:
    try:
        value = float(stars)
    except (TypeError, ValueError):
        raise WorkbenchError(f"note invalide « {stars} » (attendu un nombre d'étoiles de 0 à 5, par demi-étoile)") from None
    if math.isnan(value) or not 0 <= value <= 5 or value * 2 != int(value * 2):
        raise WorkbenchError(f"note invalide « {stars} » (attendu un nombre d'étoiles de 0 à 5, par demi-étoile)")
    return value


def check_tags(tags: Sequence[str], allowed: dict[str, str], kind: str) -> list[str]:
    out: list[str] = []
    for tag in tags:
        if tag not in allowed:
            raise WorkbenchError(f"étiquette {kind} inconnue « {tag} » (attendu : {', '.join(allowed)})")
        if tag not in out:
            out.append(tag)
    return out


def check_rater(rater: str) -> str:
    name = " ".join((rater or "").split())
    if not name:
        raise WorkbenchError("nom d'évaluateur vide")
    return name


def _check_answer(store: Store, run_id: str, question_id: str) -> None:
    if store.run(run_id) is None:
        raise WorkbenchError(f"exécution inconnue « {run_id} »")
    if not store.answer_exists(run_id, question_id):
        raise WorkbenchError(f"question « {question_id} » sans réponse dans l'exécution « {run_id} »")


def rate(
    store: Store,
    run_id: str,
    question_id: str,
    *,
    rater: str,
    stars: float,
    positive: Sequence[str] = (),
    negative: Sequence[str] = (),
    comment: str | None = None,
    good_answer: bool = False,
    pseudonymise: bool = True,
) -> dict[str, Any]:
    """Validate and store one rating (replacing this rater's previous rating of the answer)."""
    rater = check_rater(rater)
    row = {
        "id": rating_id(rater, run_id, question_id),
        "rater": rater,
        "run_id": run_id,
        "question_id": question_id,
        "stars": check_stars(stars),
        "positive_tags": check_tags(positive, POSITIVE_TAGS, "positive"),
        "negative_tags": check_tags(negative, NEGATIVE_TAGS, "négative"),
        "good_answer": bool(good_answer),
    }
    _check_answer(store, run_id, question_id)
    row["comment"] = _clean_comment(comment, pseudonymise)  # after the cheap checks: NER is slow
    store.save_rating(row)
    return row


def _clean_comment(comment: str | None, pseudonymise: bool) -> str | None:
    text = (comment or "").strip()
    if not text:
        return None
    if pseudonymise:
        from workbench.privacy import default_pseudonymizer

        text = default_pseudonymizer().pseudonymize(text)
    return text


def rating_id(rater: str, run_id: str, question_id: str) -> str:
    return hashlib.sha256(f"{rater}\x1f{run_id}\x1f{question_id}".encode()).hexdigest()[:24]


def ratings(store: Store, run_id: str) -> list[dict[str, Any]]:
    """A run's ratings, as JSON-ready dicts."""
    out = []
    for row in store.ratings_of_run(run_id):
        row["positive_tags"] = list(row["positive_tags"] or [])
        row["negative_tags"] = list(row["negative_tags"] or [])
        row["created_at"] = str(row["created_at"]) if row.get("created_at") is not None else None
        out.append(row)
    return out


def record_preference(
    store: Store,
    *,
    rater: str,
    question_id: str,
    run_a: str,
    run_b: str,
    choice: str,
    reason: str | None = None,
    pseudonymise: bool = True,
) -> dict[str, Any]:
    """Store a blind A/B choice; ``run_a``/``run_b`` are the runs shown as A and as B."""
    rater = check_rater(rater)
    if choice not in CHOICES:
        raise WorkbenchError(f"choix invalide « {choice} » (attendu : A, B ou egalite)")
    if run_a == run_b:
        raise WorkbenchError("les deux réponses comparées viennent de la même exécution")
    for run_id in (run_a, run_b):
        _check_answer(store, run_id, question_id)
    row = {
        "id": hashlib.sha256(f"{rater}\x1f{question_id}\x1f{'|'.join(sorted((run_a, run_b)))}".encode()).hexdigest()[:24],
        "rater": rater,
        "question_id": question_id,
        "run_a": run_a,
        "run_b": run_b,
        "choice": choice,
        "reason": _clean_comment(reason, pseudonymise),
    }
    store.save_preference(row)
    return row


# -- blind queues ----------------------------------------------------------------------------------


def _seed(*parts: str) -> int:
    return int(hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16], 16)


@dataclass(frozen=True)
class QueueItem:
    """One answer to rate. ``run_id`` is kept to store the rating, never shown to the rater."""

    run_id: str
    question_id: str
    question: str
    answer: str
    contexts: Any
    rated: bool


def rating_queue(store: Store, rater: str, run_ids: Sequence[str] | None = None) -> list[QueueItem]:
    """Every answer (without error) of these runs (default: every run), shuffled for this rater;
    ``rated`` tells which ones the rater has already rated."""
    rater = check_rater(rater)
    rows = store.answers_to_rate(list(run_ids) if run_ids is not None else None)
    done = store.rated_by(rater)
    rows.sort(key=lambda r: (r["run_id"], r["question_id"]))
    random.Random(_seed("queue", rater)).shuffle(rows)
    return [
        QueueItem(r["run_id"], r["question_id"], r["question"] or "", r["answer"] or "", r["contexts"],
                  (r["run_id"], r["question_id"]) in done)
        for r in rows
    ]


def next_to_rate(queue: Sequence[QueueItem]) -> QueueItem | None:
    return next((item for item in queue if not item.rated), None)


def current_item(queue: Sequence[QueueItem], pinned: tuple[str, str] | None) -> QueueItem | None:
    """The answer to show: the one already on screen (``pinned``: run id, question id) while it is
    still unrated, else the next unrated one.

    A queue is reshuffled when new runs arrive while an agent reads an answer; the rating must
    land on the answer the agent read, not on whatever comes first in the new queue.
    """
    if pinned is not None:
        same = next((i for i in queue if (i.run_id, i.question_id) == tuple(pinned) and not i.rated), None)
        if same is not None:
            return same
    return next_to_rate(queue)


def progress(queue: Sequence[QueueItem]) -> tuple[int, int]:
    """(rated, total) of a queue."""
    return sum(item.rated for item in queue), len(queue)


def swapped(rater: str, question_id: str) -> bool:
    """Whether the two sides of this pair are swapped for this rater (random, stable)."""
    return _seed("sides", rater, question_id) % 2 == 1


def pair_queue(store: Store, rater: str, run_x: str, run_y: str) -> list[dict[str, Any]]:
    """Questions answered by both runs, shuffled for this rater, each with its sides:
    ``{"question_id", "question", "run_a", "answer_a", "run_b", "answer_b", "done"}``."""
    rater = check_rater(rater)
    both = store.answers_of_two_runs(run_x, run_y)
    done = store.preferred_by(rater, run_x, run_y)
    both.sort(key=lambda r: r["question_id"])
    random.Random(_seed("pairs", rater, *sorted((run_x, run_y)))).shuffle(both)
    items = []
    for r in both:
        sides = [(run_x, r["answer_x"]), (run_y, r["answer_y"])]
        if swapped(rater, r["question_id"]):
            sides.reverse()
        items.append({
            "question_id": r["question_id"], "question": r["question"] or "",
            "run_a": sides[0][0], "answer_a": sides[0][1] or "",
            "run_b": sides[1][0], "answer_b": sides[1][1] or "",
            "done": r["question_id"] in done,
        })
    return items


# -- statistics ---------------------------------------------------------------------------------------


def krippendorff_alpha(data: Any, level: str = "ordinal") -> float:
    """Krippendorff's alpha of reliability data: one row per coder, one column per unit, NaN for
    a missing value. ``level``: nominal, ordinal or interval. NaN when nothing is pairable or
    when all pairable values are equal (no variation)."""
    matrix = np.asarray(data, dtype=np.float64)
    values = np.unique(matrix[~np.isnan(matrix)])
    if len(values) == 0:
        return math.nan
    index = {v: i for i, v in enumerate(values)}
    k = len(values)
    coincidence = np.zeros((k, k))
    for unit in matrix.T:
        present = unit[~np.isnan(unit)]
        m = len(present)
        if m < 2:
            continue
        counts = np.zeros(k)
        for v in present:
            counts[index[v]] += 1
        coincidence += (np.outer(counts, counts) - np.diag(counts)) / (m - 1)
    marginals = coincidence.sum(axis=1)
    n = marginals.sum()
    if n <= 1:
        return math.nan
    if level == "nominal":
        delta = 1.0 - np.eye(k)
    elif level == "interval":
        delta = (values[:, None] - values[None, :]) ** 2
    elif level == "ordinal":
        cumulative = np.cumsum(marginals)
        delta = np.zeros((k, k))
        for c in range(k):
            for d in range(k):
                lo, hi = min(c, d), max(c, d)
                between = cumulative[hi] - (cumulative[lo - 1] if lo > 0 else 0.0)
                delta[c, d] = (between - (marginals[c] + marginals[d]) / 2) ** 2
    else:
        raise ValueError("level must be nominal, ordinal or interval")
    observed = (coincidence * delta).sum()
    expected = (np.outer(marginals, marginals) * delta).sum()
    if expected == 0:
        return 1.0 if observed == 0 and len(values) > 1 else math.nan
    return float(1.0 - (n - 1) * observed / expected)


def fleiss_kappa(counts: Any) -> float:
    """Fleiss' kappa of a table of counts: one row per item, one column per category (how many
    raters put the item in the category). Items with fewer than two raters are ignored; items
    may have different numbers of raters. NaN when there is no variation at all."""
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim != 2:
        return math.nan
    raters = table.sum(axis=1)
    table, raters = table[raters >= 2], raters[raters >= 2]
    if len(table) == 0:
        return math.nan
    p_items = ((table**2).sum(axis=1) - raters) / (raters * (raters - 1))
    p_bar = p_items.mean()
    p_categories = table.sum(axis=0) / raters.sum()
    p_expected = float((p_categories**2).sum())
    if p_expected >= 1.0:
        return math.nan
    return float((p_bar - p_expected) / (1 - p_expected))


def wilson_interval(successes: float, n: float, confidence: float = 0.95) -> tuple[float, float]:
    if n <= 0:
        return (math.nan, math.nan)
    from scipy.stats import norm

    z = float(norm.ppf(1 - (1 - confidence) / 2))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


def _none_if_nan(value: float) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(value, 4)


def _inter_rater(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Alpha (stars) and kappa per tag over ratings; an item is a (run, question) pair."""
    raters = sorted({r["rater"] for r in rows})
    items = sorted({(r["run_id"], r["question_id"]) for r in rows})
    r_index = {r: i for i, r in enumerate(raters)}
    i_index = {q: i for i, q in enumerate(items)}
    matrix = np.full((len(raters), len(items)), np.nan)
    for r in rows:
        matrix[r_index[r["rater"]], i_index[(r["run_id"], r["question_id"])]] = r["stars"]
    kappas: dict[str, float | None] = {}
    for tag in TAG_LABELS:
        table = np.zeros((len(items), 2))
        for r in rows:
            given = tag in (r["positive_tags"] or []) or tag in (r["negative_tags"] or [])
            table[i_index[(r["run_id"], r["question_id"])], 0 if given else 1] += 1
        kappas[tag] = _none_if_nan(fleiss_kappa(table)) if rows else None
    return {
        "items": len(items),
        "raters": len(raters),
        "ratings": len(rows),
        "mean_stars": _none_if_nan(float(np.nanmean(matrix))) if rows else None,
        "krippendorff_alpha": _none_if_nan(krippendorff_alpha(matrix)) if rows else None,
        "fleiss_kappa": kappas,
        "_mean_by_item": {q: float(np.nanmean(matrix[:, i])) for q, i in i_index.items()},
    }


def agreement(store: Store, run_id: str) -> dict[str, Any]:
    """Inter-rater and judge–human agreement over a run's ratings."""
    from workbench.compare import spearman_with_ci

    if store.run(run_id) is None:
        raise WorkbenchError(f"exécution inconnue « {run_id} »")
    result = _inter_rater(ratings(store, run_id))
    mean_stars = {q: v for (_, q), v in result.pop("_mean_by_item").items()}
    judge_human: dict[str, dict[str, Any]] = {}
    scores = store.scores_frame([run_id])
    if len(scores) and mean_stars:
        judges = scores.groupby("metric")["judge"].nunique()
        for (metric, judge), group in scores.groupby(["metric", "judge"], sort=True):
            values = dict(zip(group["question_id"], group["value"]))
            common = [q for q in sorted(mean_stars) if q in values and values[q] is not None]
            spearman = spearman_with_ci(
                [float(values[q]) for q in common], [mean_stars[q] for q in common]
            ).as_json()
            label = metric if judges[metric] == 1 or not judge else f"{metric} ({judge})"
            judge_human[label] = {
                "rho": _none_if_nan(spearman["rho"]), "ci_low": _none_if_nan(spearman["ci_low"]),
                "ci_high": _none_if_nan(spearman["ci_high"]), "p": spearman["p_value"], "n": spearman["n"],
            }
    return {"run_id": run_id, **result, "judge_human": judge_human}


# -- campaigns ------------------------------------------------------------------------------------------


def create_campaign(
    store: Store, name: str, run_ids: Sequence[str], raters: Sequence[str], *, raters_per_item: int = 2
) -> dict[str, Any]:
    """A campaign over the answers of these runs: each answer goes to ``raters_per_item``
    raters (balanced, the least loaded first), each rater's queue in a shuffled order."""
    name = " ".join((name or "").split())
    if not name:
        raise WorkbenchError("nom de campagne vide")
    people = sorted({check_rater(r) for r in raters})
    if not 1 <= raters_per_item <= len(people):
        raise WorkbenchError(
            f"{raters_per_item} évaluateur(s) par réponse demandé(s), pour {len(people)} évaluateur(s) dans la campagne"
        )
    for run_id in run_ids:
        if store.run(run_id) is None:
            raise WorkbenchError(f"exécution inconnue « {run_id} »")
    items = sorted((r["run_id"], r["question_id"]) for r in store.answers_to_rate(list(run_ids)))
    if not items:
        raise WorkbenchError("aucune réponse à évaluer dans ces exécutions")
    campaign_id = "camp-" + hashlib.sha256(f"{name}\x1f{sorted(run_ids)}".encode()).hexdigest()[:10]
    if any(c["id"] == campaign_id for c in store.campaigns()):
        raise WorkbenchError(f"la campagne « {name} » existe déjà sur ces exécutions")
    rng = random.Random(_seed("campaign", campaign_id))
    rng.shuffle(items)
    load = {p: 0 for p in people}
    queues: dict[str, list[tuple[str, str]]] = {p: [] for p in people}
    for item in items:
        chosen = sorted(people, key=lambda p: (load[p], rng.random()))[:raters_per_item]
        for p in chosen:
            load[p] += 1
            queues[p].append(item)
    assignments = []
    for p, queue in queues.items():
        random.Random(_seed("campaign-queue", campaign_id, p)).shuffle(queue)
        assignments += [
            {"campaign_id": campaign_id, "rater": p, "run_id": run_id, "question_id": q, "position": i}
            for i, (run_id, q) in enumerate(queue)
        ]
    campaign = {"id": campaign_id, "name": name, "run_ids": list(run_ids), "raters": people, "raters_per_item": raters_per_item}
    store.create_campaign(campaign, assignments)
    return {**campaign, "items": len(items), "assignments": len(assignments)}


def campaign_queue(store: Store, campaign_id: str, rater: str) -> list[QueueItem]:
    """A rater's queue in a campaign (empty when the rater is not part of it)."""
    rater = check_rater(rater)
    done = store.rated_by(rater)
    return [
        QueueItem(r["run_id"], r["question_id"], r["question"] or "", r["answer"] or "", r["contexts"],
                  (r["run_id"], r["question_id"]) in done)
        for r in store.campaign_queue(campaign_id, rater)
    ]


def campaign_progress(store: Store, campaign_id: str) -> dict[str, Any]:
    """``{"assigned", "rated", "raters": {rater: {"assigned", "rated"}}}`` of a campaign."""
    rows = store.campaign_progress(campaign_id)
    return {
        "assigned": sum(int(r["assigned"]) for r in rows),
        "rated": sum(int(r["rated"]) for r in rows),
        "raters": {r["rater"]: {"assigned": int(r["assigned"]), "rated": int(r["rated"])} for r in rows},
    }


def campaign_agreement(store: Store, campaign_id: str) -> dict[str, Any]:
    """Alpha and kappas over the ratings of a campaign's assignments."""
    result = _inter_rater(store.campaign_ratings(campaign_id))
    result.pop("_mean_by_item")
    return {"campaign_id": campaign_id, **result}


def win_rates(store: Store, run_x: str, run_y: str) -> dict[str, Any]:
    """Blind preferences between two runs: wins, losses, ties and each run's win rate (ties
    excluded) with its Wilson 95 % interval."""
    wins = {run_x: 0, run_y: 0}
    ties = 0
    for p in store.preferences_between(run_x, run_y):
        if p["choice"] == "egalite":
            ties += 1
        else:
            wins[p["run_a"] if p["choice"] == "A" else p["run_b"]] += 1
    decided = wins[run_x] + wins[run_y]
    out: dict[str, Any] = {"comparisons": decided + ties, "ties": ties, "runs": {}}
    for run_id in (run_x, run_y):
        low, high = wilson_interval(wins[run_id], decided)
        out["runs"][run_id] = {
            "wins": wins[run_id],
            "win_rate": round(wins[run_id] / decided, 4) if decided else None,
            "ci_low": _none_if_nan(low),
            "ci_high": _none_if_nan(high),
        }
    return out


def comparable_pairs(runs: Sequence[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """Pairs of finished runs over the same dataset, as ``(run_x, run_y, dataset)`` (from
    ``Store.runs_summary()``), oldest pair first; no pipeline name in them."""
    finished = [r for r in runs if r["status"] == "finished" and r.get("answered")]
    finished.sort(key=lambda r: (str(r.get("started_at")), r["run_id"]))
    pairs = []
    for i, x in enumerate(finished):
        for y in finished[i + 1:]:
            if x["dataset_id"] == y["dataset_id"]:
                pairs.append((x["run_id"], y["run_id"], x["dataset"]))
    return pairs
