"""The Évaluer and Indicateurs pages in-process (AppTest) on seeded temporary databases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_server import serve_app
from scoring_seed import replay_run, seed_scoring
from workbench import ratings
from workbench.importing import import_agent_feedback, import_experiences
from workbench.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app_env(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("WORKBENCH_PIPELINES_DIR", str(tmp_path / "pipelines"))
    monkeypatch.chdir(ROOT)
    return db_path


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    return at


def as_role(role: str) -> AppTest:
    at = app()
    at.selectbox(key="role").set_value(role).run()
    assert not at.exception
    return at


@pytest.fixture
def two_runs(app_env: Path) -> tuple[Store, str, str]:
    store = Store(app_env, lock_timeout_s=20)
    seed_scoring(store, 4)
    return store, replay_run(store, "extractif-secret", "extractive"), replay_run(store, "humain-secret", "recorded", retrieval="none")


@pytest.fixture
def experiences(app_env: Path) -> Store:
    store = Store(app_env, lock_timeout_s=20)
    import_experiences(store, ROOT / "datasets" / "spp_experiences.csv", pseudonymise=False)
    import_agent_feedback(store, ROOT / "datasets" / "agent_feedback.csv", pseudonymise=False)
    return store


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("text", "markdown", "caption") for e in getattr(at, kind)]
    parts += [str(s.options) for s in at.selectbox]
    return " ".join(str(p) for p in parts)


# -- both pages on an empty database ---------------------------------------------------------------


def test_both_pages_on_an_empty_database(app_env: Path) -> None:
    at = goto(app(), "evaluer")
    assert at.title[0].value == "Évaluer"
    assert any("nom" in i.value for i in at.info)
    at.text_input(key="rater_name").input("Agent Martin").run()
    assert not at.exception and any("Rejouer" in i.value for i in at.info)
    goto(at, "indicateurs")
    assert at.title[0].value == "Indicateurs"
    assert any("Aucune expérience" in i.value for i in at.info)


# -- Évaluer ------------------------------------------------------------------------------------------


def test_agent_rates_blind_answers_and_they_land_in_the_store(two_runs) -> None:
    store, run_x, run_y = two_runs
    at = goto(as_role("agent"), "evaluer")
    at.text_input(key="rater_name").input("agent-a").run()
    assert not at.exception
    with pytest.raises(KeyError):
        at.selectbox(key="rate_run")  # an agent does not choose a run: blind queue only
    assert "secret" not in page_text(at)  # no pipeline name anywhere
    first_question = at.text[0].value
    first = ratings.next_to_rate(ratings.rating_queue(store, "agent-a"))
    assert first_question == first.question and at.text[1].value == first.answer
    at.select_slider(key="rate_stars").set_value(4.5)
    at.multiselect(key="rate_positive").select("clair").select("sources_fiables")
    at.multiselect(key="rate_negative").select("trop_long")
    at.text_area(key="rate_comment").input("Réponse utile")
    at.checkbox(key="rate_good").check()
    at.button[0].click()  # the form's submit button
    at.run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    rows = ratings.ratings(store, first.run_id)
    assert len(rows) == 1
    row = rows[0]
    assert (row["rater"], row["question_id"], row["stars"]) == ("agent-a", first.question_id, 4.5)
    assert row["positive_tags"] == ["clair", "sources_fiables"] and row["negative_tags"] == ["trop_long"]
    assert row["good_answer"] is True and row["comment"] == "Réponse utile"
    assert any("Note enregistrée" in s.value for s in at.success)
    assert "1 réponse(s) notée(s) sur 8" in page_text(at) or any(
        "1 réponse(s) notée(s) sur 8" in str(p.proto) for p in at.get("progress")
    )
    # The name survives a page switch.
    goto(at, "accueil")
    goto(at, "evaluer")
    assert at.text_input(key="rater_name").value == "agent-a"
    # The next answer is another one.
    nxt = ratings.next_to_rate(ratings.rating_queue(store, "agent-a"))
    assert at.text[0].value == nxt.question and (nxt.run_id, nxt.question_id) != (first.run_id, first.question_id)


def test_product_owner_picks_a_run_and_a_b_pairs_record_choices(two_runs) -> None:
    store, run_x, run_y = two_runs
    at = goto(app(), "evaluer")
    at.text_input(key="rater_name").input("po").run()
    assert at.selectbox(key="rate_run").options[0] == "File à l'aveugle (toutes les exécutions)"
    at.selectbox(key="rate_run").set_value(run_y).run()
    assert not at.exception
    # A/B tab (tabs are lazy: its content runs once it is open): the pair shown matches the
    # blind pair queue; choosing B stores run_b's side.
    assert not [r for r in at.radio if r.key == "pair_choice"]
    at.session_state["rate_tabs"] = "Comparer deux réponses (A/B)"
    at.run()
    pair = next(p for p in ratings.pair_queue(store, "po", run_x, run_y) if not p["done"])
    assert pair["answer_a"] in [t.value for t in at.text] and pair["answer_b"] in [t.value for t in at.text]
    at.radio(key="pair_choice").set_value("B")
    at.text_input(key="pair_reason").input("plus complète")
    next(b for b in at.button if "pair_form" in str(b.form_id)).click()
    at.run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    stored = store.preferences_between(run_x, run_y)
    assert len(stored) == 1
    assert (stored[0]["question_id"], stored[0]["run_a"], stored[0]["run_b"], stored[0]["choice"]) == (
        pair["question_id"], pair["run_a"], pair["run_b"], "B",
    )
    assert stored[0]["reason"] == "plus complète"
    wins = next(f.value for f in at.dataframe if "victoires" in f.value.columns)  # the owner sees win rates
    assert dict(zip(wins["exécution"], wins["victoires"])) == {pair["run_b"]: 1, pair["run_a"]: 0}


def test_an_agent_rates_their_campaign_queue_and_the_owner_sees_progress(two_runs) -> None:
    store, run_x, run_y = two_runs
    campaign = ratings.create_campaign(store, "Pilote", [run_x], ["agent-a", "agent-b"], raters_per_item=1)
    queue = ratings.campaign_queue(store, campaign["id"], "agent-a")
    at = goto(as_role("agent"), "evaluer")
    at.text_input(key="rater_name").input("agent-a").run()
    at.selectbox(key="rate_campaign").set_value(campaign["id"]).run()
    assert not at.exception
    assert at.text[0].value == queue[0].question
    at.select_slider(key="rate_stars").set_value(2.5)
    at.button[0].click()
    at.run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    assert [(r["rater"], r["question_id"], r["stars"]) for r in ratings.ratings(store, run_x)] == [
        ("agent-a", queue[0].question_id, 2.5)
    ]
    owner = goto(app(), "evaluer")
    owner.text_input(key="rater_name").input("po").run()
    owner.selectbox(key="rate_campaign").set_value(campaign["id"]).run()
    assert not owner.exception
    board = next(f.value for f in owner.dataframe if "évaluateur" in f.value.columns)
    assert dict(zip(board["évaluateur"], board["notées"])) == {"agent-a": 1, "agent-b": 0}
    assert any("Vous ne faites pas partie" in i.value for i in owner.info)


# -- Indicateurs ---------------------------------------------------------------------------------------


def test_ministry_reads_the_kpi_tiles_trends_and_breakdowns(experiences: Store) -> None:
    at = goto(as_role("ministry"), "indicateurs")
    tiles = {m.label: m.value for m in at.metric}
    assert tiles == {
        "Délai moyen de réponse": "4,4 j",
        "Réponses assistées par l'IA": "36 %",
        "Usagers satisfaits": "74 %",
        "Agents positifs sur l'IA": "70 %",
    }
    assert any("objectif : 3 jours" in (m.help or "") for m in at.metric)
    charts = at.get("plotly_chart")
    assert len(charts) == 2
    delay = json.loads(charts[0].proto.spec)
    assert len(delay["data"][0]["x"]) == len(at.dataframe[0].value)  # one point a month
    frames = {tuple(f.value.columns)[0]: f.value for f in at.dataframe}
    assert "structure" in frames and "theme" in frames and "month" in frames
    assert at.get("download_button")
    # Filters narrow the figures.
    structure = frames["structure"].iloc[0]["structure"]
    expected = int(frames["structure"].iloc[0]["experiences"])
    at.selectbox(key="kpi_structure").set_value(structure).run()
    assert not at.exception
    assert f"{expected} expérience(s)" in " ".join(c.value for c in at.caption)
    # Before / after a split date.
    at.toggle(key="kpi_compare").set_value(True).run()
    at.date_input(key="kpi_split").set_value(date(2025, 6, 1)).run()
    assert not at.exception
    before_after = next(f.value for f in at.dataframe if "période" in f.value.columns)
    assert list(before_after["période"]) == ["avant le 01/06/2025", "à partir du 01/06/2025"]
    assert before_after["expériences"].sum() == expected


def test_an_empty_period_says_so(experiences: Store) -> None:
    at = goto(app(), "indicateurs")
    at.date_input(key="kpi_from").set_value(date(2030, 1, 1)).run()
    assert not at.exception
    assert any("élargissez" in i.value for i in at.info)
    at.date_input(key="kpi_to").set_value(date(2029, 1, 1)).run()
    assert not at.exception and at.error  # an inverted period: one clear error


# -- in a real browser -------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
def test_an_agent_rates_an_answer_in_a_real_browser(two_runs, tmp_path: Path) -> None:
    """`workbench app` served on the seeded file; Chromium picks the agent role, types a name,
    gives 4 stars and a tag, and the rating lands in the file."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium absent : `apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    store, run_x, run_y = two_runs
    with serve_app(store.path, tmp_path) as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
            )
            page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="fr-FR")
            page.goto(url)
            page.get_by_role("heading", name="Accueil", level=1).wait_for(timeout=30_000)
            page.get_by_role("combobox", name="Rôle").click()
            page.get_by_role("option", name="Agent", exact=True).click()
            nav = page.locator('[data-testid="stSidebarNav"]')
            nav.get_by_role("link", name="Évaluer").click()
            page.get_by_role("heading", name="Évaluer", level=1).wait_for(timeout=20_000)
            name = page.get_by_role("textbox", name="Votre nom d'évaluateur")
            name.fill("agent-navigateur")
            name.press("Enter")
            page.get_by_text("réponse(s) notée(s) sur 8").wait_for(timeout=20_000)
            assert "secret" not in page.locator('[data-testid="stMain"]').inner_text()  # blind
            idle = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
            idle.wait_for(timeout=20_000)
            tags = page.get_by_role("combobox", name="Points forts")
            for _ in range(3):  # the first click may land while the widget is redrawn
                tags.click()
                try:
                    page.get_by_role("option", name="Clair").click(timeout=5_000)
                    break
                except Exception:  # noqa: BLE001 - playwright's TimeoutError
                    page.keyboard.press("Escape")
            page.keyboard.press("Escape")
            idle.wait_for(timeout=20_000)
            page.get_by_role("button", name="Enregistrer et passer à la suivante").first.click()
            page.get_by_text("Note enregistrée").wait_for(timeout=20_000)
            page.get_by_text("1 réponse(s) notée(s) sur 8").wait_for(timeout=20_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            browser.close()
    stored = [r for run_id in (run_x, run_y) for r in ratings.ratings(store, run_id)]
    assert [(r["rater"], r["stars"], r["positive_tags"]) for r in stored] == [("agent-navigateur", 3.0, ["clair"])]
