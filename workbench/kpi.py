"""Key performance indicators of the public services' replies, over the store's KPI views.

The figures, for the experiences published in a period (days, inclusive), of one structure
(any of the experience's structures) and one theme when asked:

- ``experiences``: experiences in scope;
- ``answered_share``: share of them with at least one non-empty reply;
- ``mean_response_days``, ``median_response_days``: over those with a first-reply date, the
  calendar days from the publication date to the first-reply date (dates only; the stored
  timestamps are Europe/Paris local times);
- ``ai_assisted_share``: share of their non-empty replies whose AI-draft similarity is ≥ the
  threshold (an integer, 50 by default) or that are flagged AI-assisted;
- ``satisfaction_share``: share of "Oui" among those with a "Réponse utile" answer;
- ``agent_positive_share``: share of ``positif`` in the agents' feedback dated in the period
  (agents' feedback has no structure nor theme: those filters do not apply to it).

Shares are fractions rounded to 4 decimals, days to 2 (half up, from exact counts); a figure
with nothing to count is None. The Store computes the counts in SQL (see ``Store.kpi_figures``);
this module turns them into figures, and serves the CLI (`workbench kpi`) and the page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from workbench.errors import WorkbenchError
from workbench.store import Store

# Public targets (programme "Services publics +" and the Albert pilots), for the page's tiles.
BASELINE_RESPONSE_DAYS = 7
TARGET_RESPONSE_DAYS = 3
TARGET_AI_ASSISTED_SHARE = 0.5  # one reply in two
TARGET_AGENT_POSITIVE_SHARE = 0.70
TARGET_SATISFACTION_SHARE = 0.74

DEFAULT_AI_THRESHOLD = 50

FIGURES = (
    "experiences",
    "answered_share",
    "mean_response_days",
    "median_response_days",
    "ai_assisted_share",
    "satisfaction_share",
)
MONTH_FIGURES = (
    "experiences",
    "mean_response_days",
    "median_response_days",
    "ai_assisted_share",
    "satisfaction_share",
)

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class KpiScope:
    """Which experiences the figures cover: publication days [start, end], structure, theme."""

    start: date | None = None
    end: date | None = None
    structure: str | None = None
    theme: str | None = None
    ai_threshold: int = DEFAULT_AI_THRESHOLD

    def check(self) -> KpiScope:
        """The scope itself, or a WorkbenchError saying what is wrong with it."""
        if self.start and self.end and self.start > self.end:
            raise WorkbenchError(
                f"période vide : --from {self.start:%d/%m/%Y} est après --to {self.end:%d/%m/%Y}"
            )
        threshold = self.ai_threshold
        if isinstance(threshold, bool) or not isinstance(threshold, int) or not 0 <= threshold <= 100:
            raise WorkbenchError(f"seuil d'IA invalide « {self.ai_threshold} » (attendu un entier de 0 à 100)")
        return self

    def _query(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "structure": self.structure,
            "theme": self.theme,
            "ai_threshold": self.ai_threshold,
        }


def parse_day(text: str | None, option: str) -> date | None:
    """A day given as AAAA-MM-JJ or JJ/MM/AAAA; None or blank gives None."""
    if text is None or not text.strip():
        return None
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise WorkbenchError(f"date invalide « {text} » pour {option} (attendu AAAA-MM-JJ ou JJ/MM/AAAA)")


def scope_from_options(
    *,
    start: str | None = None,
    end: str | None = None,
    structure: str | None = None,
    theme: str | None = None,
    ai_threshold: int = DEFAULT_AI_THRESHOLD,
) -> KpiScope:
    """A checked scope from the CLI's (or a form's) text options."""
    return KpiScope(
        start=parse_day(start, "--from"),
        end=parse_day(end, "--to"),
        structure=(structure or "").strip() or None,
        theme=(theme or "").strip() or None,
        ai_threshold=ai_threshold,
    ).check()


# --------------------------------------------------------------------------- figures


def _rounded(value: Fraction, places: int) -> float:
    scale = 10**places
    return float(Fraction(math.floor(value * scale + Fraction(1, 2)), scale))


def _share(part: int, whole: int) -> float | None:
    return _rounded(Fraction(part, whole), 4) if whole else None


def _figures(counts: dict[str, Any] | None) -> dict[str, Any]:
    """Figures from one row of ``Store.kpi_figures`` (None: nothing in scope)."""
    if counts is None:
        return {"experiences": 0, **{name: None for name in FIGURES[1:]}}
    median = counts["median_response_days"]
    return {
        "experiences": counts["experiences"],
        "answered_share": _share(counts["answered"], counts["experiences"]),
        "mean_response_days": (
            _rounded(Fraction(counts["response_days_sum"], counts["response_n"]), 2)
            if counts["response_n"]
            else None
        ),
        "median_response_days": None if median is None else _rounded(Fraction(median), 2),
        "ai_assisted_share": _share(counts["ai_replies"], counts["replies"]),
        "satisfaction_share": _share(counts["useful_yes"], counts["useful_known"]),
    }


def _headline(rows: list[dict[str, Any]], feedback: dict[str, int]) -> dict[str, Any]:
    return {
        **_figures(rows[0] if rows else None),
        "agent_positive_share": _share(feedback["positive"], feedback["total"]),
    }


def _months(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"month": row["key"], **{k: _figures(row)[k] for k in MONTH_FIGURES}} for row in rows]


def _breakdown(rows: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [{name: row["key"], **_figures(row)} for row in rows]


def headline(store: Store, scope: KpiScope) -> dict[str, Any]:
    """The headline figures of the scope, agents' positive share included."""
    (rows,), (feedback,) = store.kpi_counts([scope._query()], [(scope.start, scope.end)])
    return _headline(rows, feedback)


def by_month(store: Store, scope: KpiScope) -> list[dict[str, Any]]:
    """``{"month": "YYYY-MM", ...}`` per publication month, oldest first."""
    return _months(store.kpi_figures(group_by="month", **scope._query()))


def by_structure(store: Store, scope: KpiScope) -> list[dict[str, Any]]:
    """Figures per structure, most experiences first. An experience counts under each of its
    structures, with all its replies (so the rows may add up to more than the total); with a
    structure filter, only that structure's row."""
    return _breakdown(store.kpi_figures(group_by="structure", **scope._query()), "structure")


def by_theme(store: Store, scope: KpiScope) -> list[dict[str, Any]]:
    """Figures per theme (None: experiences without a theme), most experiences first."""
    return _breakdown(store.kpi_figures(group_by="theme", **scope._query()), "theme")


def split_scopes(scope: KpiScope, day: date) -> tuple[KpiScope, KpiScope]:
    """The scope published before ``day``, and on or after it."""
    before_end = day - timedelta(days=1)
    before = replace(scope, end=min(scope.end, before_end) if scope.end else before_end)
    after = replace(scope, start=max(scope.start, day) if scope.start else day)
    return before, after


def report(store: Store, scope: KpiScope | None = None, *, split: date | None = None) -> dict[str, Any]:
    """Everything `workbench kpi --json` prints: headline figures, ``by_month``,
    ``by_structure``, ``by_theme``, and ``before``/``after`` when ``split`` is given."""
    scope = (scope or KpiScope()).check()
    query = scope._query()
    scopes = [scope, *split_scopes(scope, split)] if split is not None else [scope]
    figures, feedback = store.kpi_counts(
        [query, *({**query, "group_by": g} for g in ("month", "structure", "theme")),
         *(s._query() for s in scopes[1:])],
        [(s.start, s.end) for s in scopes],
    )
    result: dict[str, Any] = {
        **_headline(figures[0], feedback[0]),
        "by_month": _months(figures[1]),
        "by_structure": _breakdown(figures[2], "structure"),
        "by_theme": _breakdown(figures[3], "theme"),
    }
    if split is not None:
        result["before"] = _headline(figures[4], feedback[1])
        result["after"] = _headline(figures[5], feedback[2])
    return result


# --------------------------------------------------------------------------- text


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %".replace(".", ",")


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} j".replace(".", ",")


_ROWS = (
    ("Expériences", "experiences", str, ""),
    ("Avec au moins une réponse", "answered_share", _percent, ""),
    ("Délai de réponse moyen", "mean_response_days", _days,
     f"{TARGET_RESPONSE_DAYS} j (partait de {BASELINE_RESPONSE_DAYS})"),
    ("Délai de réponse médian", "median_response_days", _days, ""),
    ("Réponses assistées par l'IA", "ai_assisted_share", _percent, "1 sur 2"),
    ("Usagers satisfaits (réponse utile)", "satisfaction_share", _percent,
     _percent(TARGET_SATISFACTION_SHARE)),
    ("Agents positifs sur l'IA", "agent_positive_share", _percent, _percent(TARGET_AGENT_POSITIVE_SHARE)),
)


def format_report(result: dict[str, Any], scope: KpiScope, *, split: date | None = None) -> str:
    """A short French table of the headline figures (and of before/after), then the months."""
    where = []
    if scope.start or scope.end:
        start = f"{scope.start:%d/%m/%Y}" if scope.start else "…"
        end = f"{scope.end:%d/%m/%Y}" if scope.end else "…"
        where.append(f"publiées du {start} au {end}")
    if scope.structure:
        where.append(f"structure « {scope.structure} »")
    if scope.theme:
        where.append(f"thème « {scope.theme} »")
    where.append(f"seuil IA {scope.ai_threshold}")
    columns = [("Ensemble", result)]
    if split is not None:
        columns += [(f"Avant le {split:%d/%m/%Y}", result["before"]), (f"Dès le {split:%d/%m/%Y}", result["after"])]
    header = ["Indicateur", *[title for title, _ in columns], "Cible"]
    table = [header] + [
        [label, *[show(figures[key]) for _, figures in columns], target]
        for label, key, show, target in _ROWS
    ]
    lines = [f"Indicateurs ({' ; '.join(where)})", *_aligned(table)]
    if result["by_month"]:
        lines += ["", "Par mois de publication"]
        lines += _aligned(
            [["Mois", "Expériences", "Délai moyen", "Délai médian", "Assistées IA", "Satisfaits"]]
            + [
                [m["month"], str(m["experiences"]), _days(m["mean_response_days"]),
                 _days(m["median_response_days"]), _percent(m["ai_assisted_share"]),
                 _percent(m["satisfaction_share"])]
                for m in result["by_month"]
            ]
        )
    return "\n".join(lines)


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(row, widths))
        ).rstrip()
        for row in rows
    ]
