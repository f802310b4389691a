"""Helpers writing real input files (Services Publics+ exports, question sets...) for tests.

Every helper writes ``path`` and returns it. Rows are dicts keyed by the header as it
appears in the file; columns are the union of the rows' keys, in first-seen order, unless
given. Data is invented for this project (French, no real person).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

STRUCTURE_COLUMNS = (
    "Intitulé typologie {n}",
    "Canaux Typologie {n}",
    "Intitulé structure {n}",
    "Réponse structure {n}",
    "Taux de similarité réponse IA structure {n}",
)

# The current export's headers, in the export's order.
SPP_COLUMNS = [
    "ID expérience", "Titre", "Description", "Pseudonyme usager", "Écrit le",
    "Date de publication", "Etat expérience", "Ressenti usager", "Démarches saisies par usager",
    "Intitulé région usager", "Intitulé département usager", "Accessibilité",
    "Information/Explication", "Relation", "Réactivité", "Simplicité/Complexité",
    *[column.format(n=n) for n in (1, 2, 3) for column in STRUCTURE_COLUMNS],
]

# The older "voxusagers" export: snake_case headers with accents, dates as DD/MM/YYYY.
OLD_SPP_COLUMNS = [
    "id_experience", "titre", "description", "pseudonyme_usager", "ecrit_le",
    "date_de_publication", "date_de_premiere_réponse", "etat_de_lexpérience", "ressenti_usager",
    "démarches_saisies_par_usager", "intitulé_région_usager", "tags_généraux_accessibilité",
    "tags_généraux_information_explication", "tags_généraux_relation", "tags_généraux_réactivité",
    "tags_généraux_simplicité_complexité",
    *[f"{c}_{n}" for n in (1, 2, 3) for c in (
        "intitulé_typologie", "canaux_typologie", "intitulé_structure", "réponse_de_la_structure",
        "taux_de_similarité_réponse_ia_structure")],
]


def spp_row(experience_id: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """One experience with the current headers: a CAF reply, other columns filled plausibly."""
    row = {column: "" for column in SPP_COLUMNS}
    row.update({
        "ID expérience": experience_id,
        "Titre": "Attente du versement de la prime d'activité",
        "Description": "Bonjour,\nj'attends le versement de ma prime depuis deux mois.\nMerci.",
        "Pseudonyme usager": "Camille_75",
        "Écrit le": "2023-01-04",
        "Date de publication": "2023-01-05T10:15:00",
        "Etat expérience": "Traitée",
        "Ressenti usager": "Négatif",
        "Démarches saisies par usager": "Prime d'activité, Aides au logement",
        "Intitulé région usager": "Île-de-France",
        "Intitulé département usager": "Paris",
        "Réactivité": "Négatif",
        "Intitulé typologie 1": "CAF",
        "Canaux Typologie 1": "En ligne",
        "Intitulé structure 1": "CAF de Paris",
        "Réponse structure 1": "Bonjour,\nvotre dossier est complet ; le versement interviendra le 10.\nCordialement",
        "Taux de similarité réponse IA structure 1": "87,5",
    })
    row.update(overrides or {})
    return row


def old_spp_row(experience_id: str, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """One experience with the older snake_case headers and DD/MM/YYYY dates."""
    row = {column: "" for column in OLD_SPP_COLUMNS}
    row.update({
        "id_experience": experience_id,
        "titre": "Carte grise introuvable",
        "description": "Ma demande de certificat d'immatriculation est bloquée.",
        "ecrit_le": "02/03/2021",
        "date_de_publication": "03/03/2021",
        "date_de_premiere_réponse": "08/03/2021",
        "etat_de_lexpérience": "Traitée",
        "ressenti_usager": "neutre",
        "démarches_saisies_par_usager": "Certificat d'immatriculation",
        "intitulé_région_usager": "Bretagne",
        "tags_généraux_réactivité": "Positif",
        "intitulé_typologie_1": "ANTS",
        "intitulé_structure_1": "ANTS",
        "réponse_de_la_structure_1": "Votre dossier a été débloqué.",
        "taux_de_similarité_réponse_ia_structure_1": "40",
    })
    row.update(overrides or {})
    return row


def spp_json_record(experience_id: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One experience as the JSON export writes it (unaccented snake_case keys)."""
    record: dict[str, Any] = {
        "id_experience": experience_id,
        "titre": "Rendez-vous en préfecture",
        "description": "Impossible d'obtenir un rendez-vous pour mon titre de séjour.",
        "ressenti_usager": "Négatif",
        "ecrit_le": "2023-02-01",
        "date_de_publication": "2023-02-02T09:00:00+01:00",
        "etat_experience": "Traitée",
        "intitule_typologie_1": "Préfecture",
        "intitule_structure_1": "Préfecture du Rhône",
        "reponse_structure_1": "Des créneaux sont ouverts chaque lundi.",
        "taux_de_similarite_reponse_ia_structure_1": 92,
        "reactivite": "Négatif",
        "relation": "Neutre",
        "information_explication": "Positif",
        "pays": "France",
    }
    record.update(overrides or {})
    return record


def _columns(rows: Iterable[Mapping[str, Any]], columns: list[str] | None) -> list[str]:
    if columns is not None:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def write_csv(
    path: Path,
    rows: list[Mapping[str, Any]],
    *,
    columns: list[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
    quote_all: bool = False,
    line_ending: str = "\r\n",
) -> Path:
    """A CSV file; missing cells are written empty."""
    header = _columns(rows, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_ending,
                        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in header])
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    Path(path).write_bytes(data)
    return Path(path)


def write_spp_csv(
    path: Path,
    rows: list[Mapping[str, Any]],
    *,
    bom: bool = True,
    delimiter: str = ";",
    encoding: str = "utf-8",
    columns: list[str] | None = None,
) -> Path:
    """A Services Publics+ CSV export as users download it: quoted cells, BOM, CRLF."""
    return write_csv(path, rows, columns=columns, delimiter=delimiter, encoding=encoding,
                     bom=bom and encoding.lower().replace("-", "") in ("utf8",), quote_all=True)


def write_json(path: Path, value: Any, *, indent: int | None = 2) -> Path:
    Path(path).write_text(json.dumps(value, ensure_ascii=False, indent=indent), encoding="utf-8")
    return Path(path)


def write_spp_json(path: Path, records: list[Mapping[str, Any]]) -> Path:
    """A Services Publics+ JSON export: an array of flat objects."""
    return write_json(path, list(records))


def write_agent_feedback_csv(
    path: Path,
    rows: list[Mapping[str, Any]],
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    bom: bool = False,
) -> Path:
    """Agents' feedback: columns ``agent,date,sentiment,comment`` unless the rows say otherwise."""
    columns = None if rows else ["agent", "date", "sentiment", "comment"]
    return write_csv(path, rows, columns=columns, delimiter=delimiter, encoding=encoding, bom=bom)


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """One JSON value a line."""
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)


def write_parquet(path: Path, records: list[Mapping[str, Any]]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist([dict(r) for r in records]), path)
    return Path(path)


def squad_document(articles: list[tuple[str, list[tuple[str, list[tuple[str, str, str]]]]]]) -> dict:
    """``[(title, [(context, [(id, question, answer)])])]`` as a SQuAD v1 document."""
    data = []
    for title, paragraphs in articles:
        data.append({"title": title, "paragraphs": [
            {"context": context, "qas": [
                {"id": qid, "question": question,
                 "answers": [{"text": answer, "answer_start": max(context.find(answer), 0)}]}
                for qid, question, answer in qas
            ]}
            for context, qas in paragraphs
        ]})
    return {"version": "1.1", "data": data}


def write_squad(path: Path, articles, *, indent: int | None = 2) -> Path:
    return write_json(path, squad_document(articles), indent=indent)


DEMO_SQUAD = [
    ("Carte_nationale_d'identité", [
        ("La carte nationale d'identité est valable 15 ans pour un majeur et 10 ans pour un mineur.",
         [("cni-1", "Combien de temps est valable la carte d'identité d'un majeur ?", "15 ans"),
          ("cni-2", "Et pour un mineur ?", "10 ans")]),
        ("La demande se fait en mairie, sur rendez-vous.",
         [("cni-3", "Où faire la demande de carte d'identité ?", "en mairie")]),
    ]),
    ("Prime_d'activité", [
        ("La prime d'activité est versée par la CAF ou la MSA chaque mois.",
         [("pa-1", "Qui verse la prime d'activité ?", "la CAF ou la MSA")]),
    ]),
]
