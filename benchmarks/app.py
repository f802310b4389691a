"""The app in a real browser (Debian's Chromium through playwright), on the demo data.

``app_first_paint`` (seconds): from ``page.goto`` to the Accueil title drawn with the script
finished, in a fresh browser session each time; reference: a minimal Streamlit page (a title and
one line of text) served the same way (``streamlit run``, same server flags), measured the same
way. ``page_switch`` (seconds): a click on a sidebar link until the page's title is drawn and its
script finished, over Jeux de données, Pipelines, Rejouer, Résultats, Comparer, several rounds;
reference: a switch between two pages of the minimal Streamlit app (st.navigation).

Run: ``.venv/bin/python benchmarks/app.py [--rounds 3] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from app_server import serve  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
PAGES = ["Jeux de données", "Pipelines", "Rejouer", "Résultats", "Comparer", "Accueil"]

HELLO = '''import streamlit as st

def accueil():
    st.title("Accueil")
    st.write("Bonjour.")

def autre():
    st.title("Autre")
    st.write("Une autre page.")

st.navigation([st.Page(accueil, title="Accueil", default=True), st.Page(autre, title="Autre")]).run()
'''
SERVER_FLAGS = ["--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none"]


def _wait_ready(page, title: str, timeout_s: float = 60) -> None:
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=timeout_s * 1000)
    page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout_s * 1000)


def first_paints(context, url: str, title: str, n: int) -> list[float]:
    times = []
    for _ in range(n):
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        _wait_ready(page, title)
        times.append(time.perf_counter() - started)
        page.close()
    return times


def switches(context, url: str, first: str, pages: list[str], rounds: int) -> list[float]:
    page = context.new_page()
    page.goto(url)
    _wait_ready(page, first)
    nav = page.locator('[data-testid="stSidebarNav"]')
    times = []
    for _ in range(rounds):
        for title in pages:
            started = time.perf_counter()
            nav.get_by_role("link", name=title).click()
            _wait_ready(page, title)
            times.append(time.perf_counter() - started)
    page.close()
    return times


def run(rounds: int = 3, paints: int = 5) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from workbench.scoring import score_run
    from workbench.store import Store

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = folder / "demo.duckdb"
        subprocess.run([sys.executable, "-m", "workbench.cli", "--db", str(db), "demo", "--json"],
                       check=True, capture_output=True, timeout=900, cwd=ROOT)
        store = Store(db)
        for r in store.runs_summary():
            if r["run_id"] not in store.scored_run_ids():
                score_run(store, r["run_id"])
        (folder / "hello.py").write_text(HELLO, encoding="utf-8")
        ours_command = lambda port: [sys.executable, "-m", "workbench.cli", "--db", str(db), "app", "--port", str(port)]  # noqa: E731
        hello_command = lambda port: [sys.executable, "-m", "streamlit", "run", str(folder / "hello.py"), *SERVER_FLAGS,  # noqa: E731
                                      "--server.port", str(port)]
        with serve(ours_command, folder, log_name="ours.log", env={"WORKBENCH_PIPELINES_DIR": str(folder / "pipelines")},
                   timeout_s=120) as ours_url, \
                serve(hello_command, folder, log_name="hello.log", timeout_s=120) as hello_url, \
                sync_playwright() as p:
            context = p.chromium.launch_persistent_context(
                str(folder / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
                viewport={"width": 1440, "height": 1000}, locale="fr-FR",
            )
            try:
                # Warm-up of both (the first session imports the pages' modules).
                first_paints(context, ours_url, "Accueil", 1)
                first_paints(context, hello_url, "Accueil", 1)
                ours_paint = first_paints(context, ours_url, "Accueil", paints)
                hello_paint = first_paints(context, hello_url, "Accueil", paints)
                ours_switch = switches(context, ours_url, "Accueil", PAGES, rounds)
                hello_switch = switches(context, hello_url, "Accueil", ["Autre", "Accueil"], rounds * 3)
            finally:
                context.close()
    fp, hp = statistics.median(ours_paint), statistics.median(hello_paint)
    sw, hs = statistics.median(ours_switch), statistics.median(hello_switch)
    return [
        {"name": "app_first_paint", "ours": round(fp, 3), "reference": round(hp, 3), "unit": "s",
         "ratio": round(fp / hp, 2), "goal": "none set (reported)", "met": None,
         "note": (f"Accueil on the demo data, fresh browser session, medians of {paints} after a warm-up; "
                  f"reference: a minimal Streamlit page (title + text) served the same way; max {max(ours_paint):.2f} s")},
        {"name": "page_switch", "ours": round(sw, 3), "reference": round(hs, 3), "unit": "s",
         "ratio": round(sw / hs, 2), "goal": "none set (reported)", "met": None,
         "note": (f"sidebar click to title drawn and script finished, {', '.join(PAGES)} × {rounds} rounds, median "
                  f"(max {max(ours_switch):.2f} s); reference: switching pages of the minimal Streamlit app")},
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--paints", type=int, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    results = run(args.rounds, args.paints)
    print(json.dumps(results, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"results": results}, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
