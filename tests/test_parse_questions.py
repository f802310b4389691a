"""Question sets: CSV, TSV, JSON Lines, JSON arrays, Parquet and SQuAD."""

from __future__ import annotations

import json

import pytest
from fixtures_files import DEMO_SQUAD, squad_document, write_csv, write_json, write_jsonl, write_parquet, write_squad

from workbench.errors import InputError
from workbench.importers.squad import parse_squad
from workbench.importers.tabular import parse_questions

ROWS = [
    {"id": "a1", "question": "Comment renouveler mon passeport ?", "theme": "Papiers",
     "structure": "Mairie", "reference_answer": "En mairie, sur rendez-vous.",
     "reference_context_ids": "F21089|F1342", "recorded_answer": "Prenez rendez-vous.", "source": "faq"},
    {"id": "a2", "question": "Quel est le montant du RSA ?\nPour une personne seule.", "theme": "",
     "structure": "", "reference_answer": "", "reference_context_ids": "", "recorded_answer": "",
     "source": ""},
]


def test_csv_questions(tmp_path):
    first, second = parse_questions(write_csv(tmp_path / "q.csv", ROWS))
    assert first.external_id == "a1"
    assert first.text == "Comment renouveler mon passeport ?"
    assert (first.theme, first.structure) == ("Papiers", "Mairie")
    assert first.reference_answer == "En mairie, sur rendez-vous."
    assert first.reference_context_ids == ["F21089", "F1342"]
    assert first.recorded_answer == "Prenez rendez-vous."
    assert first.metadata == {"source": "faq"}
    assert second.text == "Quel est le montant du RSA ?\nPour une personne seule."
    assert (second.theme, second.reference_answer, second.reference_context_ids) == (None, None, [])


def test_csv_with_semicolons_bom_cp1252_and_accented_headers(tmp_path):
    rows = [{"Question": "Où déclarer mes revenus ?", "Thème": "Impôts", "reference_context_ids": "F1; F2"}]
    path = write_csv(tmp_path / "q.csv", rows, delimiter=";", encoding="cp1252")
    [question] = parse_questions(path)
    assert (question.text, question.theme, question.reference_context_ids) == (
        "Où déclarer mes revenus ?", "Impôts", ["F1", "F2"])
    path = write_csv(tmp_path / "bom.csv", rows, delimiter=";", bom=True)
    assert parse_questions(path)[0].text == "Où déclarer mes revenus ?"


def test_default_ids_are_row_numbers(tmp_path):
    rows = [{"question": "Première ?"}, {"question": "Deuxième ?"}]
    questions = parse_questions(write_csv(tmp_path / "q.csv", rows))
    assert [q.external_id for q in questions] == ["q1", "q2"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("F1|F2", ["F1", "F2"]), ("F1;F2", ["F1", "F2"]), ("F1, F2", ["F1", "F2"]),
    ('["F1", "F2"]', ["F1", "F2"]), ("F1", ["F1"]), ("", []),
])
def test_context_ids_in_csv(tmp_path, cell, expected):
    path = write_csv(tmp_path / "q.csv", [{"question": "Q ?", "reference_context_ids": cell}], delimiter="\t")
    assert parse_questions(path)[0].reference_context_ids == expected


def test_tsv_format(tmp_path):
    path = write_csv(tmp_path / "q.tsv", [{"id": "1", "question": "Q, vraiment ; ?"}], delimiter="\t")
    assert parse_questions(path)[0].text == "Q, vraiment ; ?"


def test_jsonl_questions(tmp_path):
    records = [
        {"id": 7, "question": "Q1 ?", "reference_context_ids": ["F1", "F2"], "extra": {"k": [1, 2]}},
        {"question": "Q2 ?", "theme": "Travail"},
    ]
    for name in ("q.jsonl", "q.ndjson", "q.json"):
        first, second = parse_questions(write_jsonl(tmp_path / name, records))
        assert (first.external_id, first.reference_context_ids, first.metadata) == ("7", ["F1", "F2"], {"extra": {"k": [1, 2]}})
        assert (second.external_id, second.theme) == ("q2", "Travail")


def test_json_array_questions(tmp_path):
    path = write_json(tmp_path / "q.json", [{"id": "x", "question": "Q ?"}, {"question": "R ?"}])
    assert [q.external_id for q in parse_questions(path)] == ["x", "q2"]


def test_explicit_format_overrides_extension(tmp_path):
    path = write_jsonl(tmp_path / "q.txt", [{"question": "Q ?"}])
    assert parse_questions(path, "jsonl")[0].text == "Q ?"
    with pytest.raises(InputError, match="extension « .txt » non reconnue"):
        parse_questions(path)
    with pytest.raises(InputError, match="format inconnu « xlsx »"):
        parse_questions(path, "xlsx")


def test_parquet_questions(tmp_path):
    records = [{"id": "p1", "question": "Q1 ?", "reference_context_ids": ["F1"], "score": 0.5},
               {"id": "p2", "question": "Q2 ?", "reference_context_ids": [], "score": None}]
    first, second = parse_questions(write_parquet(tmp_path / "q.parquet", records))
    assert (first.external_id, first.reference_context_ids, first.metadata) == ("p1", ["F1"], {"score": 0.5})
    assert second.reference_context_ids == []


def test_corrupt_parquet(tmp_path):
    path = tmp_path / "bad.parquet"
    path.write_bytes(b"PAR1" + b"\x00garbage" * 10)
    with pytest.raises(InputError, match="fichier Parquet illisible"):
        parse_questions(path)
    good = write_parquet(tmp_path / "good.parquet", [{"question": "Q ?"}] * 50)
    (tmp_path / "cut.parquet").write_bytes(good.read_bytes()[:-30])
    with pytest.raises(InputError, match="fichier Parquet illisible"):
        parse_questions(tmp_path / "cut.parquet")


def test_parquet_without_question_column(tmp_path):
    path = write_parquet(tmp_path / "q.parquet", [{"texte": "Q ?"}])
    with pytest.raises(InputError, match="colonne obligatoire absente.*« texte »") as error:
        parse_questions(path)
    assert error.value.column == "question"


def test_missing_question_column_lists_found_columns(tmp_path):
    path = write_csv(tmp_path / "q.csv", [{"id": "1", "text": "Q ?"}])
    with pytest.raises(InputError) as error:
        parse_questions(path)
    assert (error.value.line, error.value.column) == (1, "question")
    assert "« id », « text »" in str(error.value)


def test_empty_question_names_line_and_column(tmp_path):
    rows = [{"id": "1", "question": "Q ?\nsur deux lignes"}, {"id": "2", "question": "  "}]
    path = write_csv(tmp_path / "q.csv", rows)
    with pytest.raises(InputError, match="texte de la question vide") as error:
        parse_questions(path)
    assert (error.value.line, error.value.record, error.value.column) == (4, "2", "question")


def test_empty_question_in_jsonl(tmp_path):
    path = write_jsonl(tmp_path / "q.jsonl", [{"question": "Q ?"}, {"question": None}])
    with pytest.raises(InputError, match="texte de la question vide") as error:
        parse_questions(path)
    assert (error.value.line, error.value.column) == (2, "question")


def test_duplicate_ids(tmp_path):
    path = write_csv(tmp_path / "q.csv", [{"id": "1", "question": "A ?"}, {"id": "1", "question": "B ?"}])
    with pytest.raises(InputError, match=r"en double \(déjà vu ligne 2\)") as error:
        parse_questions(path)
    assert (error.value.line, error.value.record) == (3, "1")
    path = write_jsonl(tmp_path / "q.jsonl", [{"question": "A ?"}, {"id": "q1", "question": "B ?"}])
    with pytest.raises(InputError, match="en double"):
        parse_questions(path)


def test_invalid_jsonl_names_line_and_column(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "A ?"}\n\n{"question": "B ?",}\n', encoding="utf-8")
    with pytest.raises(InputError) as error:
        parse_questions(path)
    assert error.value.line == 3
    assert "colonne 20" in str(error.value)
    assert "JSON invalide" in str(error.value)


def test_jsonl_line_that_is_not_an_object(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"question": "A ?"}\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(InputError, match="objet JSON attendu") as error:
        parse_questions(path)
    assert error.value.line == 2


@pytest.mark.parametrize("name", ["q.csv", "q.jsonl", "q.json"])
def test_empty_and_binary_files(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(InputError, match="fichier vide"):
        parse_questions(path)
    path.write_bytes(b"\x00\x01\x02question\x00")
    with pytest.raises(InputError, match="binaire"):
        parse_questions(path)


def test_header_only_csv(tmp_path):
    path = write_csv(tmp_path / "q.csv", [], columns=["id", "question"])
    with pytest.raises(InputError, match="aucune question"):
        parse_questions(path)


# --------------------------------------------------------------------------- SQuAD


def test_squad(tmp_path):
    path = write_squad(tmp_path / "squad.json", DEMO_SQUAD)
    questions = parse_squad(path)
    assert [q.external_id for q in questions] == ["cni-1", "cni-2", "cni-3", "pa-1"]
    first = questions[0]
    assert first.text == "Combien de temps est valable la carte d'identité d'un majeur ?"
    assert first.reference_answer == "15 ans"
    assert first.reference_context_ids == ["Carte_nationale_d'identité#0"]
    assert first.metadata["context"].startswith("La carte nationale d'identité est valable")
    assert questions[2].reference_context_ids == ["Carte_nationale_d'identité#1"]
    assert questions[3].reference_context_ids == ["Prime_d'activité#0"]
    # a .json file holding SQuAD is recognised, pretty-printed or on one line
    assert [q.external_id for q in parse_questions(path)] == ["cni-1", "cni-2", "cni-3", "pa-1"]
    one_line = write_squad(tmp_path / "one.json", DEMO_SQUAD, indent=None)
    assert len(parse_questions(one_line)) == 4
    assert len(parse_questions(one_line, "squad")) == 4


def _squad_error(tmp_path, document) -> InputError:
    path = write_json(tmp_path / "s.json", document)
    with pytest.raises(InputError) as error:
        parse_squad(path)
    return error.value


def test_squad_missing_question_names_the_json_path(tmp_path):
    document = squad_document(DEMO_SQUAD)
    del document["data"][0]["paragraphs"][1]["qas"][0]["question"]
    error = _squad_error(tmp_path, document)
    assert error.record == "data[0].paragraphs[1].qas[0]"
    assert "clé « question » manquante" in str(error)


def test_squad_structure_errors(tmp_path):
    assert "clé « data » manquante" in str(_squad_error(tmp_path, {"version": "1.1"}))
    assert "objet JSON attendu à la racine" in str(_squad_error(tmp_path, [1]))
    document = squad_document(DEMO_SQUAD)
    document["data"][1]["paragraphs"] = {"context": "x"}
    error = _squad_error(tmp_path, document)
    assert error.record == "data[1]" and "« paragraphs » : tableau attendu, trouvé un objet" in str(error)
    document = squad_document(DEMO_SQUAD)
    document["data"][1]["paragraphs"][0]["qas"][0]["id"] = "cni-1"
    error = _squad_error(tmp_path, document)
    assert "en double" in str(error) and "data[0].paragraphs[0].qas[0]" in str(error)
    document = squad_document(DEMO_SQUAD)
    document["data"][0]["paragraphs"][0]["qas"][1]["answers"] = [{"answer_start": 3}]
    error = _squad_error(tmp_path, document)
    assert error.record == "data[0].paragraphs[0].qas[1].answers[0]"


def test_squad_invalid_json(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(squad_document(DEMO_SQUAD), indent=2)[:-5], encoding="utf-8")
    with pytest.raises(InputError, match="JSON invalide, colonne") as error:
        parse_squad(path)
    assert error.value.line is not None
