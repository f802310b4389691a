"""Streamlit helpers shared by the pages: the cached Store and job registry, roles, labels in
French (English on request), formatting, tables and tabs (plotly helpers: ``workbench.charts``).

The only module of ``workbench`` that imports streamlit.
"""

from __future__ import annotations

import importlib
import json
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

from workbench import config
from workbench.errors import WorkbenchError
from workbench.jobs import JobRegistry, registry
from workbench.store import Store

T = TypeVar("T")

# The app waits less than the CLI for a database held by another process: a page shows a
# "busy, retry" message rather than hanging (see app.py).
APP_LOCK_TIMEOUT_S = 15.0


@st.cache_resource
def _store_for(path: str) -> Store:
    # A Store holds no open connection (each call opens and closes the file), so one instance
    # is safely shared by every session and thread of the app.
    return Store(path, lock_timeout_s=APP_LOCK_TIMEOUT_S)


def get_store() -> Store:
    return _store_for(str(config.db_path()))


def get_jobs() -> JobRegistry:
    """The process-wide registry of background replays (shared by every session)."""
    return registry()


# What a page imports on its first visit and no other page does before: scipy.stats (Comparer's
# tests) takes about 1 s of CPU here; the others' first visits import nothing above 0.1 s.
WARM_UP_MODULES = ("scipy.stats", "workbench.compare")


def _import_modules(names: tuple[str, ...]) -> None:
    for name in names:
        importlib.import_module(name)


@st.cache_resource(show_spinner=False)
def warm_up_imports() -> threading.Thread:
    """Import WARM_UP_MODULES in a background thread, once per server process (app.py calls it
    after the first page is drawn), so that the first visit to Comparer does not wait for them."""
    thread = threading.Thread(target=_import_modules, args=(WARM_UP_MODULES,), name="workbench-warm-up", daemon=True)
    thread.start()
    return thread


# -- labels ------------------------------------------------------------------------------------

# French is the reference; the sidebar toggle shows these English labels instead. Keys are the
# French labels themselves, so a missing translation falls back to French.
ENGLISH = {
    "Accueil": "Home",
    "Jeux de données": "Datasets",
    "Pipelines": "Pipelines",
    "Rejouer": "Replay",
    "Résultats": "Results",
    "Comparer": "Compare",
    "Évaluer": "Rate",
    "Indicateurs": "Indicators",
    "Rôle": "Role",
    "Responsable produit": "Product owner",
    "Agent": "Agent",
    "Agent ministériel": "Ministry staff",
    "English": "English",
    "Pipeline(s)": "Pipeline(s)",
    "Jeu de questions": "Question set",
    "Lancer le rejeu": "Start the replay",
    "Annuler": "Cancel",
    "Reprendre": "Resume",
    "Exécution": "Run",
    "Exécutions": "Runs",
    "Exporter": "Export",
    "Enregistrer": "Save",
    "Noter": "Score",
    "Thèmes": "Themes",
    "Question": "Question",
    "Réponse": "Answer",
    "Sources consultées": "Retrieved sources",
    "Scores": "Scores",
    "Nouvelle configuration": "New configuration",
    "Configurations": "Configurations",
    "Aperçu du prompt": "Prompt preview",
    "Découvrir les modèles": "Discover models",
    "Afficher le prompt rendu": "Render the prompt",
    "Délai moyen de réponse": "Mean reply time",
    "Réponses assistées par l'IA": "AI-assisted replies",
    "Usagers satisfaits": "Satisfied users",
    "Agents positifs sur l'IA": "Agents positive about AI",
    "Noter cette exécution": "Score this run",
    "Réponses par question": "Answers per question",
    "Détail d'une question": "One question in detail",
    "Écarts avec la référence": "Deltas against the baseline",
    "Distributions des scores": "Score distributions",
    "Réponses côte à côte": "Answers side by side",
    "Voir les résultats": "See the results",
    "Rejeux lancés depuis l'application": "Replays started from the app",
    "Reprendre une exécution en échec": "Resume a failed run",
    "Évaluer les réponses d'IA des services publics": "Evaluating the AI answers of French public services",
    "Se connecter": "Log in",
    "Se déconnecter": "Log out",
    "Réessayer": "Retry",
    "Jeux de questions": "Question sets",
    "Fiches": "Fact sheets",
    "Expériences SP+": "SP+ experiences",
    "Retours d'agents": "Agents' feedback",
    "Rejeux en cours": "Replays in progress",
    "Dernières exécutions": "Latest runs",
    "Agir": "Next steps",
    "Parcourir et importer des données": "Browse and import data",
    "Configurer un pipeline": "Configure a pipeline",
    "Rejouer un jeu de questions": "Replay a question set",
    "Voir les résultats d'une exécution": "See a run's results",
    "Comparer des exécutions": "Compare runs",
    "Évaluer des réponses": "Rate answers",
    "Consulter les indicateurs": "Read the indicators",
}


def english() -> bool:
    return bool(st.session_state.get("lang_en", False))


def t(french: str) -> str:
    """A label in the chosen language (French by default)."""
    return ENGLISH.get(french, french) if english() else french


# -- roles and pages ----------------------------------------------------------------------------

@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str  # French label (see ``t``)
    icon: str
    url_path: str  # never the file's name: see below


# Page files live in ``views/``, never ``pages/``: Streamlit (1.67) treats a ``pages/`` folder
# beside the entrypoint as an old-style multipage app until ``st.navigation`` runs, so the first
# run of a session (and every AppTest rerun) would execute a page file alone, without app.py:
# no sidebar, and the first click on a sidebar widget lost. URL paths stay distinct from file
# names all the same, as a second guard.
PAGES = [
    PageSpec("views/accueil.py", "Accueil", ":material/home:", "home"),
    PageSpec("views/jeux_de_donnees.py", "Jeux de données", ":material/dataset:", "datasets"),
    PageSpec("views/pipelines.py", "Pipelines", ":material/tune:", "pipeline-configs"),
    PageSpec("views/rejouer.py", "Rejouer", ":material/play_circle:", "replay"),
    PageSpec("views/resultats.py", "Résultats", ":material/table_view:", "results"),
    PageSpec("views/comparer.py", "Comparer", ":material/compare_arrows:", "compare"),
    PageSpec("views/evaluer.py", "Évaluer", ":material/rate_review:", "rate"),
    PageSpec("views/indicateurs.py", "Indicateurs", ":material/monitoring:", "kpi"),
]

ROLES = {"product_owner": "Responsable produit", "agent": "Agent", "ministry": "Agent ministériel"}
ROLE_PAGES: dict[str, set[str] | None] = {
    "product_owner": None,  # every page
    "agent": {"views/accueil.py", "views/evaluer.py"},
    "ministry": {"views/accueil.py", "views/indicateurs.py"},
}
DEFAULT_ROLE = "product_owner"


def pages_for(role: str, root: Path = config.PROJECT_ROOT) -> list[PageSpec]:
    """The pages a role sees, among the page files that exist."""
    allowed = ROLE_PAGES.get(role, ROLE_PAGES["agent"])
    return [p for p in PAGES if (root / p.file).exists() and (allowed is None or p.file in allowed)]


def visible_pages() -> list[PageSpec]:
    """The pages of the role chosen for this session (set by app.py)."""
    return pages_for(st.session_state.get("active_role", DEFAULT_ROLE))


def login_configured() -> bool:
    """Whether an OIDC provider is configured for ``st.login`` (``[auth]`` in secrets.toml)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all
        return False


def role_of_logged_in_user() -> str:
    """The role given to the logged-in user's e-mail in ``[workbench.roles]`` (secrets.toml)."""
    try:
        roles = st.secrets.get("workbench", {}).get("roles", {})
    except Exception:  # noqa: BLE001
        roles = {}
    email = str(st.user.get("email") or "")
    role = roles.get(email) or roles.get("*") or "agent"
    return role if role in ROLES else "agent"


# -- page helpers ---------------------------------------------------------------------------------

# Bounded in number and time: a run's answers with their passages can weigh tens of megabytes.
@st.cache_data(max_entries=24, ttl=3600, show_spinner=False)
def _kept(key: tuple, _compute: Callable[[], Any]) -> Any:
    return _compute()


@st.cache_resource(max_entries=16, ttl=3600, show_spinner=False)
def _shared(key: tuple, _compute: Callable[[], Any]) -> Any:
    return _compute()


class RunsCache:
    """What a page computes from some runs, kept until their answers or scores change (one
    query for the version, ≈ 5 ms, instead of the reads and statistics: ≈ 130 ms in Comparer).

    ``get(name, compute, *extra)``: the key is the database file, the runs (in order), their
    data version, the interface language, ``name`` and ``extra`` — every other input of
    ``compute`` must be in it. Each
    caller gets its own copy; ``figure(...)`` shares one object instead (plotly figures, which
    take as long to unpickle as to build, and which the page only reads)."""

    def __init__(self, store: Store, run_ids: list[str]) -> None:
        self.key = (str(store.path), tuple(run_ids), store.runs_version(run_ids), english())

    def get(self, name: str, compute: Callable[[], T], *extra: Any) -> T:
        return _kept((name, *self.key, *extra), compute)

    def figure(self, name: str, compute: Callable[[], T], *extra: Any) -> T:
        return _shared((name, *self.key, *extra), compute)


def run_action(action: Callable[[], T], *, success: str | Callable[[T], str]) -> T | None:
    """Run a user action; show its error on the page instead of a traceback."""
    try:
        result = action()
    except WorkbenchError as error:
        st.error(md(error), icon=":material/warning:")
        return None
    st.success(md(success(result) if callable(success) else success), icon=":material/check_circle:")
    return result


@contextmanager
def uploaded_file(upload: Any) -> Iterator[Path]:
    """Write an uploaded file to a private temporary folder under its own name."""
    with tempfile.TemporaryDirectory(prefix="workbench-upload-") as folder:
        path = Path(folder) / Path(upload.name).name
        path.write_bytes(upload.getvalue())
        yield path


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]!<>~:$#])")


def md(text: object) -> str:
    """Text from the data (names, themes, errors) made literal inside a Markdown label: no
    link, image, emphasis, code, icon, formula or HTML can come out of it."""
    escaped = _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(str(text).split()))
    return "\\" + escaped if escaped[:1] in ("-", "+") else escaped


_SAFE_LINK = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)


def safe_link(url: object) -> str | None:
    """A URL from the data, kept for a link column only when it is http(s): a ``javascript:``
    or ``data:`` link would run in the browser when clicked (link cells are not filtered)."""
    text = str(url).strip() if isinstance(url, str) else ""
    return text if _SAFE_LINK.fullmatch(text) else None


MISSING = "—"  # how a table shows a missing value (Streamlit's default is a grey "None")


def data_table(data: Any, **options: Any) -> None:
    """A data table as every page shows one: no index, full width, "—" for missing values."""
    st.dataframe(data, **{"hide_index": True, "width": "stretch", "placeholder": MISSING, **options})


def lazy_tabs(labels: list[str], *, key: str, keep: tuple[str, ...] = ()) -> list[Any]:
    """Tabs of which only the open one runs: test ``tab.open`` before drawing a tab's content.

    Streamlit otherwise runs and sends every tab (four tables for Jeux de données, drawn by the
    browser though hidden); here a click on a tab reruns the page. The open tab is kept in
    ``st.session_state[key]`` (its label): set it to open another one from a callback.
    ``keep``: keys of the tabs' widgets whose value should survive while their tab is closed
    (Streamlit forgets the state of a widget it does not draw); only widgets created without a
    default value, or Streamlit warns that the value was set twice."""
    for widget in keep:
        if widget in st.session_state:
            st.session_state[widget] = st.session_state[widget]
    # The open tab is kept by its label: after the language toggle, relabel it in the new
    # language, or Streamlit would fall back to the first tab.
    shown = [t(label) for label in labels]
    other = {ENGLISH.get(label, label) if not english() else label: now for label, now in zip(labels, shown)}
    if st.session_state.get(key) in other and st.session_state[key] not in shown:
        st.session_state[key] = other[st.session_state[key]]
    return list(st.tabs(shown, key=key, on_change="rerun"))


def open_tab(key: str, label: str) -> None:
    """Open the tab ``label`` of the lazy tabs ``key`` on the next run (from a callback)."""
    st.session_state[key] = t(label)


def empty_state(message: str) -> None:
    st.info(message, icon=":material/info:")


# Words, not colours or emoji alone: readable by everyone and by screen readers.
STATUS_LABELS = {
    "running": "en cours",
    "finished": "terminée",
    "failed": "en échec",
    "cancelled": "annulée",
}


def status_label(status: str) -> str:
    """A run status in words, with an icon (never colour alone)."""
    return STATUS_LABELS.get(status, status)


def run_label(run: dict[str, Any]) -> str:
    started = run.get("started_at")
    when = started.strftime("%d/%m %H:%M") if hasattr(started, "strftime") else str(started or "")
    return f"{run['pipeline']} × {run['dataset']} — {when} — {status_label(run['status'])} ({run['run_id']})"


def contexts_of(value: Any) -> list[dict[str, Any]]:
    """The retrieved passages stored with an answer (JSON text or a list)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return []
    return list(value or [])


def sources_frame(contexts: list[dict[str, Any]]) -> pd.DataFrame:
    """The "transparence des sources": title, URL, date, passage heading and score."""
    return pd.DataFrame(
        [
            {
                "rang": i + 1,
                "titre": c.get("title"),
                "url": safe_link(c.get("url")),
                "date": c.get("date"),
                "section": c.get("heading"),
                "score": c.get("score"),
            }
            for i, c in enumerate(contexts)
        ],
        columns=["rang", "titre", "url", "date", "section", "score"],
    )


def show_sources(contexts: list[dict[str, Any]], *, key: str) -> None:
    if not contexts:
        st.caption("Aucune source : ce pipeline ne fait pas de recherche documentaire.")
        return
    data_table(
        sources_frame(contexts),
        key=key,
        column_config={
            "url": st.column_config.LinkColumn("URL"),
            "score": st.column_config.NumberColumn("score", format="%.3f"),
        },
    )
    with st.expander("Texte des passages"):
        for i, c in enumerate(contexts, 1):
            st.markdown(f"**[{i}]**")
            st.text(c.get("text") or "")  # inert: no Markdown, no HTML


def kpi_tiles(store: Store) -> list[tuple[str, str, str]]:
    """The home page's KPI headline: (label, value, public target), once the KPI module exists."""
    try:
        from workbench import kpi
    except ImportError:
        return []
    figures = kpi.headline(store, kpi.KpiScope())

    def percent(value: float | None) -> str:
        return "—" if value is None else f"{value * 100:.0f} %"

    days = figures.get("mean_response_days")
    return [
        (t("Délai moyen de réponse"), "—" if days is None else f"{days:.1f} j".replace(".", ","),
         f"{kpi.TARGET_RESPONSE_DAYS} jours (partait de {kpi.BASELINE_RESPONSE_DAYS})"),
        (t("Réponses assistées par l'IA"), percent(figures.get("ai_assisted_share")), "1 réponse sur 2"),
        (t("Usagers satisfaits"), percent(figures.get("satisfaction_share")), percent(kpi.TARGET_SATISFACTION_SHARE)),
        (t("Agents positifs sur l'IA"), percent(figures.get("agent_positive_share")), percent(kpi.TARGET_AGENT_POSITIVE_SHARE)),
    ]
