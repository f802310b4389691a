"""Every page of the app, in-process (AppTest) on seeded temporary databases: no exception, the
key widgets present, and the actions (saving a pipeline, replaying, cancelling and resuming,
scoring, exporting) writing to the store or the disk."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from openai_stub import OpenAIStub
from seeding import THEMES, seed
from workbench import pipeline_files as pf
from workbench.config import load_pipeline, parse_pipeline
from workbench.jobs import registry
from workbench.records import Question
from workbench.replay import replay
from workbench.scoring import score_run
from workbench.store import Store
from workbench.ui import pages_for

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["accueil", "jeux_de_donnees", "pipelines", "rejouer", "resultats", "comparer"]


@pytest.fixture
def app_env(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WORKBENCH_DB", str(db_path))
    monkeypatch.setenv("WORKBENCH_PIPELINES_DIR", str(tmp_path / "pipelines"))
    monkeypatch.chdir(ROOT)
    return db_path


@pytest.fixture
def seeded(app_env: Path) -> Store:
    """The shared seed (corpus « kb », dataset « demo »), plus « themes »: the same kind of
    questions with a theme and a reference answer, so that every default metric applies."""
    store = Store(app_env, lock_timeout_s=20)
    seed(store, 12)
    topics = list(THEMES)
    store.import_questions(
        "themes",
        [
            Question(
                external_id=f"T{i:02d}",
                text=f"Comment faire pour ma {topics[i % 4]} ? (cas {i})",
                theme=topics[i % 4],
                reference_answer=THEMES[topics[i % 4]],
                reference_context_ids=[f"F{i % 4}"],
                recorded_answer="Madame, Monsieur, veuillez consulter la fiche. Cordialement.",
            )
            for i in range(8)
        ],
    )
    return store


def app() -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, at.exception[0].stack_trace if at.exception else ""
    return at


def kb_pipeline(name: str = "kb-extractif"):
    return parse_pipeline(
        {"name": name, "retrieval": {"kind": "bm25", "corpus": "kb", "k": 2}, "generation": {"kind": "extractive"}}
    )


def table(at: AppTest, column: str):
    """The first table drawn with this column (AppTest does not expose a dataframe's key)."""
    for frame in at.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no table with a column {column!r}")


# -- every page, empty and seeded ------------------------------------------------------------------


def test_every_page_on_an_empty_database_says_what_to_do(app_env: Path) -> None:
    at = app()
    for page in PAGES:
        goto(at, page)
        assert at.title[0].value
    # Pipelines lists the bundled configurations even on an empty database.
    goto(at, "pipelines")
    assert "bm25-extractif" in " ".join(at.selectbox(key="pipeline_view").options)
    for page, hint in [("rejouer", "Jeux de données"), ("resultats", "Rejouer"), ("comparer", "Rejouer")]:
        goto(at, page)
        assert any(hint in info.value for info in at.info), page


def test_every_page_on_a_seeded_database(seeded: Store) -> None:
    first = replay(seeded, kb_pipeline(), "themes")
    second = replay(seeded, parse_pipeline({"name": "historique", "generation": {"kind": "recorded"}}), "themes")
    for run in (first, second):
        score_run(seeded, run.run_id)
    at = app()
    for page in PAGES:
        goto(at, page)
        # Every table shows a missing value as "—" (Streamlit's default is a grey "None").
        assert all(frame.proto.placeholder == "—" for frame in at.dataframe), page
    # Jeux de données: each tab runs only once opened; every one draws its table without error.
    goto(at, "jeux_de_donnees")
    columns = set()
    for label in ["Corpus", "Expériences", "Retours d'agents", "Importer", "Questions"]:
        at.session_state["datasets_tab"] = label
        at.run()
        assert not at.exception, label
        assert all(frame.proto.placeholder == "—" for frame in at.dataframe), label
        columns |= {tuple(frame.value.columns) for frame in at.dataframe}
        for frame in at.dataframe:  # French headers over the store's column names
            labels = {name: c.get("label") for name, c in json.loads(frame.proto.columns).items()}
            assert all(labels.get(name) not in (None, name) for name in frame.value.columns), (label, labels)
    assert len(at.dataframe) == 1 and "question" in at.dataframe[0].value.columns  # only the open tab's table
    assert any("url" in c for c in columns)  # the corpus tab's documents were drawn when it was open
    goto(at, "accueil")
    assert {m.label: m.value for m in at.metric}["Exécutions"] == "2"
    home = table(at, "exécution").set_index("exécution")  # the latest scores, each run its own
    for run in (first, second):
        rouge = next(m["mean"] for m in seeded.run_metric_summary(run.run_id) if m["metric"] == "rouge_l")
        assert home.loc[run.run_id, "ROUGE-L"] == round(rouge, 3)
    # The recorded replies have no context: their context metrics are missing, drawn as "—".
    assert home.isna().any().any()


def test_roles_decide_which_pages_show(seeded: Store) -> None:
    files = lambda role: [p.file for p in pages_for(role)]  # noqa: E731
    assert files("product_owner")[:6] == [f"views/{p}.py" for p in PAGES]
    assert files("agent")[0] == "views/accueil.py" and "views/rejouer.py" not in files("agent")
    assert files("ministry")[0] == "views/accueil.py" and "views/pipelines.py" not in files("ministry")
    at = app()
    assert at.selectbox(key="role").value == "product_owner"  # no login configured
    links = lambda: {link.proto.page for link in at.get("page_link")}  # noqa: E731
    assert {"replay", "results", "compare"} <= links()
    at.selectbox(key="role").set_value("agent").run()
    assert not at.exception
    assert at.selectbox(key="role").value == "agent"  # the sidebar survives the rerun
    assert links() & {"replay", "pipeline-configs", "results"} == set()
    with pytest.raises(ValueError):  # not in the agent's navigation
        at.switch_page("views/rejouer.py")


def test_english_toggle_relabels_the_pages(seeded: Store) -> None:
    at = app()
    assert at.title[0].value == "Accueil"
    at.toggle(key="lang_toggle").set_value(True).run()
    assert at.title[0].value == "Home"
    goto(at, "rejouer")
    assert at.title[0].value == "Replay"


def test_english_toggle_keeps_the_open_tab(seeded: Store) -> None:
    at = open_form(goto(app(), "pipelines"))
    assert [w for w in at.text_input if w.key == "pf_name"]
    at.toggle(key="lang_toggle").set_value(True).run()
    assert not at.exception
    assert at.session_state["pipelines_tab"] == "New configuration"
    assert [w for w in at.text_input if w.key == "pf_name"]  # the form, not the list
    at.toggle(key="lang_toggle").set_value(False).run()
    assert at.session_state["pipelines_tab"] == "Nouvelle configuration"
    assert [w for w in at.text_input if w.key == "pf_name"]


# -- Pipelines --------------------------------------------------------------------------------------


def open_form(at: AppTest) -> AppTest:
    """Open the « Nouvelle configuration » tab (tabs are lazy: only the open one is drawn)."""
    at.session_state["pipelines_tab"] = "Nouvelle configuration"
    return at.run()


def test_pipelines_page_validates_previews_and_saves_toml(seeded: Store, tmp_path: Path) -> None:
    at = goto(app(), "pipelines")
    # Lazy tabs: the list is drawn, the form is not until its tab is opened (and then the list is not).
    assert at.selectbox(key="pipeline_view").options
    assert not [w for w in at.text_input if w.key == "pf_name"]
    open_form(at)
    assert not [s for s in at.selectbox if s.key == "pipeline_view"]
    at.text_input(key="pf_name").set_value("kb-k3").run()
    at.selectbox(key="pf_r_corpus").set_value("kb")
    at.number_input(key="pf_r_k").set_value(3).run()
    # A rendered preview on a sample question, with the passages BM25 retrieves.
    at.button(key="pf_preview").click().run()
    assert not at.exception
    rendered = " ".join(c.value for c in at.code)
    assert "Bonjour, comment faire pour ma carte d'identité" in rendered and "service-public.fr" in rendered
    # Invalid values: the error is shown and nothing can be saved.
    at.text_input(key="pf_name").set_value("").run()
    assert any("name" in e.value for e in at.error)
    assert at.button(key="pf_save").disabled
    at.text_input(key="pf_name").set_value("kb-k3").run()
    at.button(key="pf_save").click().run()
    assert not at.exception and at.success, [e.value for e in at.error]
    saved = tmp_path / "pipelines" / "kb-k3.toml"
    config = load_pipeline(saved)
    assert (config.name, config.retrieval.corpus, config.retrieval.k) == ("kb-k3", "kb", 3)
    # Saving again under the same name is refused unless « Remplacer » is ticked.
    at.button(key="pf_save").click().run()
    assert any("existe" in e.value or "porte déjà ce nom" in e.value for e in at.error)


def test_pipelines_page_clones_a_configuration_into_the_form(seeded: Store) -> None:
    at = goto(app(), "pipelines")
    at.selectbox(key="pipeline_view").set_value(
        next(o for o in at.selectbox(key="pipeline_view").options if o.startswith("bm25-k5-vllm"))
    ).run()
    at.button(key="pipeline_clone").click().run()
    assert not at.exception
    assert at.session_state["pipelines_tab"] == "Nouvelle configuration"  # cloning opens the form
    assert at.text_input(key="pf_name").value == "bm25-k5-vllm-copie"
    assert at.selectbox(key="pf_g_kind").value == "openai"
    assert at.text_input(key="pf_g_model").value == "albert-light"
    assert at.checkbox(key="pf_g_stream").value is True
    # Back to the list: the configuration picked there is still the one shown (kept while its
    # tab was closed).
    at.session_state["pipelines_tab"] = "Configurations"
    at.run()
    assert at.selectbox(key="pipeline_view").value.startswith("bm25-k5-vllm")


def test_pipelines_page_discovers_the_servers_models(seeded: Store) -> None:
    at = open_form(goto(app(), "pipelines"))
    at.selectbox(key="pf_g_kind").set_value("openai").run()
    with OpenAIStub(model="albert-large") as stub:
        at.text_input(key="pf_g_base_url").set_value(stub.base_url).run()
        at.button(key="pf_discover").click().run()
    assert not at.exception
    assert at.selectbox(key="pf_g_model").options == ["albert-large"]
    # An unreachable server: an error on the page, no traceback.
    at.text_input(key="pf_g_base_url").set_value("http://127.0.0.1:9/v1").run()
    at.button(key="pf_discover").click().run()
    assert not at.exception and any("injoignable" in e.value for e in at.error)


# -- Rejouer, Résultats ----------------------------------------------------------------------------


def test_replay_from_the_page_runs_in_the_background_then_scores_and_exports(seeded: Store, tmp_path: Path) -> None:
    pf.save_pipeline_file(kb_pipeline("kb-rejeu"), folder=tmp_path / "pipelines")
    at = goto(app(), "rejouer")
    options = at.multiselect(key="replay_pipelines").options
    at.multiselect(key="replay_pipelines").select(next(o for o in options if o.startswith("kb-rejeu")))
    at.number_input(key="replay_limit").set_value(4)
    at.button[0].click().run()  # the form's submit button
    assert not at.exception and any("Rejeu lancé" in s.value for s in at.success)
    job = next(j for j in registry().jobs() if j.pipeline == "kb-rejeu")
    assert job.wait(120) and job.status == "finished", job.snapshot()
    at.run()
    assert any(p.value == 100 for p in at.get("progress")), "the finished job's progress bar"
    assert job.run_id in [r["run_id"] for r in seeded.runs_summary()]
    assert len(seeded.answers_frame(job.run_id)) == 4

    at.session_state["results_run"] = job.run_id
    goto(at, "resultats")
    assert at.selectbox(key="results_run").value == job.run_id
    assert len(table(at, "réponse")) == 4
    # Drill-down: question, answer and the sources with their URL.
    sources = table(at, "url")
    assert sources["url"].str.startswith("https://www.service-public.fr/").all()
    # Scoring from the page writes the scores, shown with their reasons.
    at.button(key="score_button").click().run()
    assert not at.exception
    assert any("score(s) calculé(s)" in s.value for s in at.success), [e.value for e in [*at.error, *at.warning, *at.success]]
    assert not seeded.scores_frame([job.run_id]).empty
    at.run()
    assert "Rappel des contextes" in [m.label for m in at.metric]
    assert not table(at, "justification").empty
    # The answers' table keeps the metric ids as data and shows their French labels as headers.
    answers = next(f for f in at.dataframe if "réponse" in f.value.columns)
    assert "context_recall" in answers.value.columns
    assert json.loads(answers.proto.columns)["context_recall"]["label"] == "Rappel des contextes"
    assert at.selectbox(key="results_sort").format_func("context_recall") == "Rappel des contextes"
    # Export: the download button carries the rows shown (CSV by default, Parquet on request).
    assert at.get("download_button")
    at.radio(key="export_format").set_value("parquet").run()
    assert not at.exception


def test_cancel_then_resume_a_replay_from_the_page(seeded: Store, tmp_path: Path) -> None:
    with OpenAIStub(latency_s=0.15) as stub:
        slow = parse_pipeline(
            {
                "name": "lent",
                "retrieval": {"kind": "none"},
                "generation": {"kind": "openai", "base_url": stub.base_url, "timeout_s": 5, "max_retries": 0},
            }
        )
        job = registry().start_replay(seeded, slow, "demo", concurrency=1)
        at = goto(app(), "rejouer")
        deadline = time.monotonic() + 30
        while job.done < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        at.run()
        at.button(key=f"cancel_{job.id}").click().run()
        assert job.wait(30) and job.status == "cancelled", job.snapshot()
        assert 0 < len(seeded.answered_question_ids(job.run_id)) < 12
        at.run()
        assert at.selectbox(key="resume_run").value.endswith(f"({job.run_id}) — {job.answered}/12 répondues")
        at.button(key="resume_button").click().run()
        assert not at.exception and any("Reprise lancée" in s.value for s in at.success)
        resumed = registry().for_run(job.run_id)
        assert resumed.kind == "resume" and resumed.wait(60) and resumed.status == "finished", resumed.snapshot()
    assert len(seeded.answered_question_ids(job.run_id)) == 12
    assert seeded.run(job.run_id)["status"] == "finished"


def test_untrusted_html_in_questions_and_answers_renders_inert(app_env: Path) -> None:
    store = Store(app_env)
    seed(store, 2)
    evil = '<img src=x onerror="alert(1)"><script>alert(2)</script> **gras** [lien](javascript:alert(3))'
    store.import_questions("piege", [Question(external_id="X1", text=evil, recorded_answer=evil, theme="<b>t</b>")])
    run = replay(store, parse_pipeline({"name": "hist", "generation": {"kind": "recorded"}}), "piege")
    at = app()
    at.session_state["results_run"] = run.run_id
    goto(at, "resultats")
    texts = [t.value for t in at.text]
    assert texts.count(evil) == 2  # the question and the answer, as plain text
    assert all(not m.proto.allow_html for m in at.markdown)
    assert not any("<script>" in m.value for m in at.markdown)


# -- Comparer -----------------------------------------------------------------------------------------


def test_compare_page_shows_deltas_with_confidence_intervals(seeded: Store) -> None:
    baseline = replay(seeded, parse_pipeline({"name": "historique", "generation": {"kind": "recorded"}}), "themes")
    candidate = replay(seeded, kb_pipeline(), "themes")
    for run in (baseline, candidate):
        score_run(seeded, run.run_id)
    at = goto(app(), "comparer")
    assert at.multiselect(key="compare_runs").value == [baseline.run_id, candidate.run_id]
    assert at.selectbox(key="compare_baseline").value == baseline.run_id
    deltas = table(at, "IC bas")
    assert set(deltas["métrique"]) >= {"ROUGE-L", "BLEU", "chrF", "Similarité de chaînes"}  # French labels
    assert deltas["IC bas"].notna().all() and (deltas["IC bas"] <= deltas["écart"]).all()
    assert (deltas["écart"] <= deltas["IC haut"]).all()
    assert set(deltas["significatif"]) <= {"oui", "non"}  # in words, not only in colour
    forest, distribution = at.get("plotly_chart")  # plotly charts are UnknownElements in AppTest
    spec = json.loads(forest.proto.spec)
    assert "error_x" in spec["data"][0] and len(spec["data"][0]["y"]) == len(deltas)  # CI whiskers
    assert json.loads(distribution.proto.spec)["data"][0]["type"] == "box"
    # Per-question diff: both answers side by side.
    assert len(table(at, "mêmes réponses")) == 8
    # The theme filter narrows every table.
    at.multiselect(key="compare_themes").select("retraite").run()
    assert not at.exception
    assert set(table(at, "mêmes réponses")["thème"]) == {"retraite"}
    assert table(at, "IC bas")["n"].max() == 2
    answers = [t.value for t in at.text]
    assert any(a.startswith("Madame, Monsieur") for a in answers) and any(a.startswith("Bonjour") for a in answers)
    # Reads, statistics and charts are kept until the runs' answers or scores change: new
    # scores show on the next run of the page.
    at.multiselect(key="compare_themes").set_value([]).run()
    rouge = lambda: table(at, "IC bas").set_index("métrique").loc["ROUGE-L"]  # noqa: E731
    assert rouge()["moyenne"] < 1.0
    ids = list(seeded.answers_frame(candidate.run_id)["question_id"])
    seeded.save_scores(candidate.run_id, [{"question_id": q, "metric": "rouge_l", "judge": "", "version": "test",
                                           "value": 1.0, "reason": None} for q in ids])
    at.run()
    assert not at.exception
    assert rouge()["moyenne"] == 1.0
    at.selectbox(key="compare_metric").set_value("rouge_l").run()
    boxes = json.loads(at.get("plotly_chart")[1].proto.spec)["data"]
    assert list(boxes[1]["y"]) == [1.0] * len(ids)
