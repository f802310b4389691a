"""The workbench functions behind the pages: exports (formula injection), pipeline files and
the form, result tables."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from workbench import exports, results
from workbench import pipeline_files as pf
from workbench.config import load_pipeline
from workbench.errors import InputError, WorkbenchError

# -- exports ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    ["=HYPERLINK(\"http://x\")", "+33 6 12", "-2+3", "@SUM(A1)", "\tcmd", "\r=1+1", "=cmd|' /C calc'!A0",
     "\n=1+1", "＝1+1", "﹦1+1", "＠SUM(A1)", "  =1+1", "\u00a0+1+1", "\u200b=1+1", "\u22121+1", "-"],
)
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(cell: str) -> None:
    assert exports.neutralise_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Bonjour = merci", "l'APL", "", "42", 3.5, None, "é=1", "-3", "+2.5", "-0,5", "   "])
def test_other_cells_are_left_alone(cell) -> None:
    assert exports.neutralise_cell(cell) == cell


def test_csv_export_is_formula_safe_utf8_with_bom_and_flat() -> None:
    frame = pd.DataFrame(
        {
            "question": ["=1+1 ma carte d'identité ?", "Bonjour"],
            "contexts": [[{"title": "Fiche", "url": "https://x"}], []],
            "score": [0.5, -1.0],  # numbers stay numbers, negative or not
            "@col": ["a", "b"],
        }
    )
    data = exports.to_csv_bytes(frame)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["question"] == "'=1+1 ma carte d'identité ?"
    assert json.loads(rows[0]["contexts"]) == [{"title": "Fiche", "url": "https://x"}]
    assert rows[1]["score"] == "-1.0"
    assert "'@col" in rows[0]


def test_parquet_export_keeps_the_values_as_they_are() -> None:
    frame = pd.DataFrame({"question": ["=1+1", None], "ids": [["F1", "F2"], []], "contexts": ['[{"a": 1}]', None]})
    data, mime = exports.export_bytes(frame, "parquet")
    assert mime == "application/vnd.apache.parquet"
    table = pq.read_table(io.BytesIO(data)).to_pandas()
    assert table["question"].tolist()[0] == "=1+1"
    assert json.loads(table["ids"][0]) == ["F1", "F2"]


# -- pipeline files and the form -------------------------------------------------------------------


def test_every_bundled_pipeline_round_trips_through_the_form() -> None:
    files = pf.pipeline_files()
    assert files and all(f.config is not None for f in files)
    for file in files:
        assert pf.config_from_form(pf.form_values(file.config)).id == file.config.id


def test_form_errors_name_every_bad_field() -> None:
    values = dict(pf.form_values(), name="", r_k=0, g_kind="openai", g_temperature=5.0)
    with pytest.raises(InputError) as error:
        pf.config_from_form(values)
    message = str(error.value)
    assert "name" in message and "retrieval.k" in message and "generation.temperature" in message


def test_saved_pipeline_is_valid_toml_named_after_it_and_never_silently_replaced(tmp_path) -> None:
    config = pf.config_from_form(dict(pf.form_values(), name="Hybride été k=3", r_kind="hybrid", r_corpus="kb", r_k=3))
    path = pf.save_pipeline_file(config, folder=tmp_path)
    assert path.name == "hybride-ete-k-3.toml"
    assert load_pipeline(path).id == config.id
    with pytest.raises(InputError):
        pf.save_pipeline_file(config, folder=tmp_path)
    assert pf.save_pipeline_file(config, folder=tmp_path, overwrite=True) == path


def test_model_discovery_on_an_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(WorkbenchError, match="injoignable"):
        pf.discover_models("http://127.0.0.1:9/v1", timeout_s=1)


# -- result tables ---------------------------------------------------------------------------------


def test_question_table_joins_scores_and_filters() -> None:
    answers = pd.DataFrame(
        {
            "question_id": ["Q1", "Q2", "Q3"],
            "theme": ["retraite", "logement", "retraite"],
            "question": ["Ma retraite ?", "Mon APL ?", "Retraite progressive ?"],
            "answer": ["Bonjour, la retraite…", None, "Bonjour"],
            "error": [None, "HTTP 500 : InternalServerError", None],
            "contexts": ['[{"title": "F"}]', None, "[]"],
            "total_ms": [12.0, None, 8.0],
        }
    )
    scores = pd.DataFrame(
        {
            "run_id": ["r"] * 3,
            "question_id": ["Q1", "Q3", "Q1"],
            "metric": ["rouge_l", "rouge_l", "faithfulness"],
            "judge": ["", "", "albert"],
            "value": [0.5, 0.25, 1.0],
            "reason": [None, None, "ok"],
        }
    )
    table = results.question_table(answers, scores)
    assert list(table["sources"]) == [1, 0, 0]
    assert table.loc[table["id"] == "Q2", "statut"].item().startswith("échec")
    assert table.loc[table["id"] == "Q1", "faithfulness (albert)"].item() == 1.0
    assert list(results.filter_table(table, themes=["retraite"])["id"]) == ["Q1", "Q3"]
    assert list(results.filter_table(table, search="PROGRESSIVE")["id"]) == ["Q3"]
    assert list(results.filter_table(table, only_errors=True)["id"]) == ["Q2"]
    full = results.full_export(answers, scores)
    assert full.loc[full["question_id"] == "Q1", "faithfulness (albert) — justification"].item() == "ok"



def test_deltas_carry_french_labels_and_scales_and_the_forest_plot_puts_mixed_scales_on_one_axis() -> None:
    from workbench.charts import forest_plot

    rows = []
    for i in range(12):  # the candidate is better on readability (0–100) and ROUGE-L (0–1)
        for run, readability, rouge in (("base", 40.0 + i, 0.2 + i / 100), ("cand", 60.0 + i, 0.3 + i / 100)):
            rows += [
                {"run_id": run, "question_id": f"Q{i}", "metric": "readability", "judge": "", "value": readability},
                {"run_id": run, "question_id": f"Q{i}", "metric": "rouge_l", "judge": "", "value": rouge},
                {"run_id": run, "question_id": f"Q{i}", "metric": "faithfulness", "judge": "albert", "value": 1.0},
            ]
    deltas = results.metric_deltas(pd.DataFrame(rows), "base", ["cand"]).set_index("metric")
    assert deltas.loc["readability", "label"] == "Lisibilité (Kandel–Moles)" and deltas.loc["readability", "scale"] == 100
    assert deltas.loc["rouge_l", "label"] == "ROUGE-L" and deltas.loc["rouge_l", "scale"] == 1
    assert deltas.loc["faithfulness (albert)", "label"].endswith(" (albert)")
    assert deltas.loc["readability", "delta"] == pytest.approx(20) and deltas.loc["rouge_l", "delta"] == pytest.approx(0.1)

    figure = forest_plot(deltas.reset_index())
    drawn = dict(zip(figure.data[0].y, figure.data[0].x))
    assert drawn["Lisibilité (Kandel–Moles)"] == pytest.approx(0.2) and drawn["ROUGE-L"] == pytest.approx(0.1)
    assert "échelle" in figure.layout.xaxis.title.text
    assert dict(zip(figure.data[0].y, figure.data[0].customdata))["Lisibilité (Kandel–Moles)"] == pytest.approx(20)
    same_scale = forest_plot(deltas.drop(index="readability").reset_index())
    assert dict(zip(same_scale.data[0].y, same_scale.data[0].x))["ROUGE-L"] == pytest.approx(0.1)
    assert "échelle" not in same_scale.layout.xaxis.title.text

def test_data_in_markdown_labels_is_literal() -> None:
    from workbench.ui import md

    assert md("![pixel](https://tracker.example/p.png)") == r"\!\[pixel\](https\://tracker.example/p.png)"
    assert md("**x** <b>y</b> :material/home: $x$") == r"\*\*x\*\* \<b\>y\</b\> \:material/home\: \$x\$"
    assert md("- pas une liste\n# ni un titre") == r"\- pas une liste \# ni un titre"
    assert md("Démarches (ANTS), 2 € l'unité.") == "Démarches (ANTS), 2 € l'unité."
