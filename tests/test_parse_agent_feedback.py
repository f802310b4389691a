"""The agents' feedback CSV."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures_files import write_agent_feedback_csv

from workbench.errors import InputError
from workbench.importers.agent_feedback import parse_agent_feedback

ROWS = [
    {"agent": "agent-01", "date": "2024-03-04", "sentiment": "positif", "comment": "Gain de temps."},
    {"agent": "agent-02", "date": "05/03/2024", "sentiment": "Négatif", "comment": "Réponse\ntrop longue"},
    {"agent": "agent-01", "date": "2024-03-06T17:30:00", "sentiment": "NEUTRE", "comment": ""},
    {"agent": "agent-03", "date": "2024-03-07", "sentiment": "negatif", "comment": ""},
]


def test_feedback(tmp_path):
    feedback = parse_agent_feedback(write_agent_feedback_csv(tmp_path / "f.csv", ROWS))
    assert [(f.agent, f.date, f.sentiment) for f in feedback] == [
        ("agent-01", date(2024, 3, 4), "positif"),
        ("agent-02", date(2024, 3, 5), "negatif"),
        ("agent-01", date(2024, 3, 6), "neutre"),
        ("agent-03", date(2024, 3, 7), "negatif"),
    ]
    assert feedback[0].comment == "Gain de temps."
    assert feedback[1].comment == "Réponse\ntrop longue"


def test_feedback_semicolons_cp1252_french_headers(tmp_path):
    rows = [{"Agent": "a", "Date": "04/03/2024", "Sentiment": "Négatif", "Commentaire": "Trop d'écarts"}]
    path = write_agent_feedback_csv(tmp_path / "f.csv", rows, delimiter=";", encoding="cp1252")
    [feedback] = parse_agent_feedback(path)
    assert (feedback.sentiment, feedback.comment) == ("negatif", "Trop d'écarts")


def test_comment_column_is_optional(tmp_path):
    rows = [{"agent": "a", "date": "2024-03-04", "sentiment": "positif"}]
    assert parse_agent_feedback(write_agent_feedback_csv(tmp_path / "f.csv", rows))[0].comment == ""


def test_missing_column(tmp_path):
    rows = [{"agent": "a", "date": "2024-03-04", "comment": "x"}]
    with pytest.raises(InputError, match="colonne obligatoire absente") as error:
        parse_agent_feedback(write_agent_feedback_csv(tmp_path / "f.csv", rows))
    assert error.value.column == "sentiment"


@pytest.mark.parametrize(("change", "column", "message"), [
    ({"agent": ""}, "agent", "valeur obligatoire vide"),
    ({"date": ""}, "date", "valeur obligatoire vide"),
    ({"date": "31/02/2024"}, "date", "date invalide « 31/02/2024 »"),
    ({"sentiment": "bof"}, "sentiment", "valeur inattendue « bof »"),
])
def test_bad_values_name_line_and_column(tmp_path, change, column, message):
    rows = [ROWS[0], {**ROWS[3], **change}]
    with pytest.raises(InputError, match=message) as error:
        parse_agent_feedback(write_agent_feedback_csv(tmp_path / "f.csv", rows))
    assert (error.value.line, error.value.column) == (3, column)


def test_empty_header_only_and_binary(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError, match="aucun retour d'agent"):
        parse_agent_feedback(path)
    with pytest.raises(InputError, match="aucun retour d'agent"):
        parse_agent_feedback(write_agent_feedback_csv(path, []))
    path.write_bytes(b"agent,date\x00\x00\x00")
    with pytest.raises(InputError, match="binaire"):
        parse_agent_feedback(path)
