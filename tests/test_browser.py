"""End to end in a real browser: `workbench app` on the demo data, driven by Debian's Chromium.

Visits every page through the sidebar's navigation links, starts a small replay from Rejouer and
finds it in Résultats, and saves a screenshot of each step under ``test-artifacts/browser/``.
Prints the first paint and the page-switch times (generous ceilings only: speed is measured by
the benchmarks).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app_server import serve_app
from workbench.scoring import score_run
from workbench.store import Store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
FIRST_PAINT_CEILING_S = 30.0
PAGE_SWITCH_CEILING_S = 20.0


@pytest.fixture(scope="module")
def served_app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`workbench app` on a copy of the demo database (the session's demo stays untouched)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent : `apt-get install -y chromium` (fait par .ci/run)")
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "demo.duckdb"
    shutil.copy(demo_db, db)
    cache = demo_db.parent / f"{demo_db.name}.cache"
    if cache.exists():
        shutil.copytree(cache, folder / f"{db.name}.cache")
    store = Store(db)
    for run in store.runs_summary():  # the demo's runs, scored (no model) if the demo did not
        if run["run_id"] not in store.scored_run_ids():
            score_run(store, run["run_id"])
    try:
        with serve_app(db, folder, env={"WORKBENCH_PIPELINES_DIR": str(folder / "pipelines")}) as url:
            yield url
    finally:
        print((folder / "app.log").read_text()[-3000:])


@pytest.fixture(scope="module")
def browser(served_app: str, tmp_path_factory: pytest.TempPathFactory):
    from playwright.sync_api import sync_playwright

    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1440, "height": 1000},
            locale="fr-FR",
        )
        try:
            yield context
        finally:
            context.close()


def _shot(page, name: str) -> None:
    """A screenshot of the whole page (Streamlit scrolls inside its main block, not the body:
    the viewport grows to the content's height for the shot)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"], section')].map(e => e.scrollHeight), 1000)"
    )
    page.set_viewport_size({"width": 1440, "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(400)  # tables are canvases: let them redraw at the new size
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size({"width": 1440, "height": 1000})


def _wait_ready(page, title: str, timeout_s: float = PAGE_SWITCH_CEILING_S) -> None:
    """Wait until the page's title is drawn and the script has stopped running."""
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=timeout_s * 1000)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout_s * 1000)


def _click_until(page, button, shown, attempts: int = 3, timeout_s: float = 20) -> None:
    """Click once the script is idle, until ``shown`` appears: a click that lands while Streamlit
    reruns the script can be dropped (seen under load), as a user would click again."""
    for attempt in range(attempts):
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout_s * 1000)
        button.click()
        try:
            shown.wait_for(timeout=timeout_s * 1000)
            return
        except Exception:
            if attempt == attempts - 1:
                raise


def _no_exception(page, where: str) -> None:
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{where}: {exceptions.first.inner_text()}"


PAGES = ["Accueil", "Jeux de données", "Pipelines", "Rejouer", "Résultats", "Comparer"]


def test_every_page_then_a_replay_that_lands_in_results(browser, served_app: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        _walk_through(page, served_app)
    except Exception:
        _shot(page, "failure")
        raise
    assert not errors, errors


def _walk_through(page, served_app: str) -> None:
    started = time.perf_counter()
    page.goto(served_app)
    _wait_ready(page, "Accueil", FIRST_PAINT_CEILING_S)
    first_paint_s = time.perf_counter() - started
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null"
    )
    print(f"\nfirst paint (browser FCP): {paint and paint / 1000:.2f} s; Accueil drawn: {first_paint_s:.2f} s")
    _no_exception(page, "Accueil")
    _shot(page, "01-accueil")

    # Roles (the session's first interaction: it must not be lost): ministry staff see no
    # product-owner page, then the product owner sees them all again.
    sidebar = page.locator('[data-testid="stSidebar"]')
    page.get_by_role("combobox", name="Rôle").click()
    page.get_by_role("option", name="Agent ministériel").click()
    sidebar.get_by_role("link", name="Rejouer").wait_for(state="detached", timeout=20_000)
    _wait_ready(page, "Accueil")
    _no_exception(page, "Accueil (ministère)")
    _shot(page, "01b-accueil-role-ministere")
    page.get_by_role("combobox", name="Rôle").click()
    page.get_by_role("option", name="Responsable produit").click()
    sidebar.get_by_role("link", name="Rejouer").wait_for(timeout=20_000)

    nav = page.locator('[data-testid="stSidebarNav"]')
    extra = [name for name in ("Évaluer", "Indicateurs") if nav.get_by_role("link", name=name).count()]
    switches = {}
    for i, title in enumerate(PAGES[1:] + extra, start=2):
        started = time.perf_counter()
        nav.get_by_role("link", name=title).click()
        _wait_ready(page, title)
        switches[title] = time.perf_counter() - started
        _no_exception(page, title)
        _shot(page, f"{i:02d}-{title.lower().replace(' ', '-')}")
    nav.get_by_role("link", name="Pipelines").click()
    _wait_ready(page, "Pipelines")
    page.get_by_role("tab", name="Nouvelle configuration").click()
    page.get_by_text("Aperçu du prompt", exact=True).click()
    _click_until(page, page.get_by_role("button", name="Afficher le prompt rendu"),
                 page.get_by_text("Prompt rendu", exact=True))
    _no_exception(page, "Pipelines (formulaire)")
    _shot(page, "07-pipelines-formulaire")
    print("page switches: " + ", ".join(f"{k} {v:.2f} s" for k, v in switches.items()))
    assert max(switches.values()) < PAGE_SWITCH_CEILING_S

    # Rejouer: one pipeline over 5 questions, watched until it has finished.
    nav.get_by_role("link", name="Rejouer").click()
    _wait_ready(page, "Rejouer")
    page.get_by_role("combobox", name="Pipeline(s)").click()
    page.get_by_role("option", name="bm25-extractif").first.click()
    page.keyboard.press("Escape")
    limit = page.get_by_role("spinbutton", name="Nombre de questions")
    limit.fill("5")
    limit.press("Tab")
    page.get_by_role("button", name="Lancer le rejeu").click()
    page.get_by_text("Rejeu lancé").wait_for(timeout=30_000)
    progress = page.locator('[data-testid="stProgress"]').first
    progress.wait_for(timeout=30_000)
    _shot(page, "10-rejouer-lance")
    page.get_by_text("terminée : 5/5 questions").wait_for(timeout=120_000)
    _no_exception(page, "Rejouer")
    _shot(page, "11-rejouer-termine")
    run_id = page.locator("code", has_text="run-").first.inner_text().strip()

    page.get_by_role("button", name="Voir les résultats").first.click()
    _wait_ready(page, "Résultats")
    chosen_run = page.locator('[data-testid="stSelectbox"]').filter(has_text="Exécution").first
    assert run_id in chosen_run.inner_text() + chosen_run.locator("input").first.input_value()
    page.get_by_text("5/5").first.wait_for(timeout=10_000)
    _no_exception(page, "Résultats")
    _shot(page, "12-resultats-du-rejeu")
    page.get_by_role("button", name="Noter", exact=True).click()
    page.get_by_text("score(s) calculé(s)").wait_for(timeout=60_000)
    page.get_by_role("button", name="Afficher les nouveaux scores").click()
    page.locator('[data-testid="stMetric"]').filter(has_text="ROUGE-L").wait_for(timeout=20_000)
    _no_exception(page, "Résultats")
    _shot(page, "13-resultats-notes")
    # Export: the file is built when the button is clicked and holds the rows shown.
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name=re.compile(r"Exporter \(CSV, 5 lignes\)")).click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported, newline="")))
    assert len(rows) == 5 and {"question", "réponse"} <= set(rows[0]), list(rows[0])

    # Comparer proposes the newest scored runs: deltas with their confidence intervals.
    nav.get_by_role("link", name="Comparer").click()
    _wait_ready(page, "Comparer")
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=20_000)
    assert page.get_by_text("significatif").count() >= 1
    _no_exception(page, "Comparer")
    _shot(page, "14-comparer")
    # Picking another question redraws its answers (a fragment: the deltas are not computed again).
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Question")
    _click_until(page, picker.get_by_role("button", name="Open"), page.get_by_role("option").first)
    option = page.get_by_role("option").nth(2)
    question_start = option.inner_text().split(" — ", 1)[1][:30]
    option.click()
    page.locator('[data-testid="stText"]').filter(has_text=question_start).first.wait_for(timeout=20_000)
    assert question_start in picker.get_by_role("combobox").input_value()
    _no_exception(page, "Comparer, another question")

    # The English toggle relabels the navigation.
    page.get_by_text("English").click()
    page.get_by_role("heading", name="Compare", level=1).wait_for(timeout=20_000)
    nav.get_by_role("link", name="Results").wait_for(timeout=10_000)
    _shot(page, "15-english")
