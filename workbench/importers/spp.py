"""Parser of the Services Publics+ experiences export (CSV or JSON) into Experience records.

Columns are matched by their normalised name (see ``normalize_column``), so the current
French headers ("ID expérience", "Intitulé Typologie 1"...), the older snake_case
"voxusagers" headers ("etat_de_lexpérience", "tags_généraux_réactivité"...) and the JSON
keys ("id_experience"...) all land on the same fields. Columns nobody knows are kept, as
text, in ``Experience.metadata`` under their header as written.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.errors import InputError
from workbench.importers.columns import missing_column, normalize_column
from workbench.importers.csv_files import csv_table
from workbench.importers.json_files import MAX_JSON_DEPTH, checked_json, iter_json_array, json_error, load_json
from workbench.importers.text import EmptyInputError, open_text
from workbench.importers.values import cell_text, multiline_text, parse_bool, parse_date, parse_feeling, shown
from workbench.records import Experience, Reply

# Field -> normalised column names, by preference (the first present wins; the others
# are kept in metadata).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id_experience", "identifiant_experience", "identifiant", "id_de_l_experience",
           "id_de_lexperience", "experience_id", "id"),
    "description": ("description", "description_experience", "description_de_l_experience",
                    "description_de_lexperience", "texte_experience"),
    "title": ("titre", "titre_experience", "titre_de_l_experience", "titre_de_lexperience"),
    "pseudonym": ("pseudonyme_usager", "pseudonyme", "pseudo_usager", "pseudo"),
    "written_at": ("ecrit_le", "date_d_envoi_de_l_experience", "date_denvoi_de_lexperience",
                   "date_d_envoi", "date_denvoi", "date_envoi", "date_ecriture"),
    "published_at": ("date_de_publication", "date_publication", "publie_le"),
    "first_reply_at": ("date_de_premiere_reponse", "date_premiere_reponse",
                       "date_de_la_premiere_reponse"),
    "status": ("etat_experience", "etat_de_lexperience", "etat_de_l_experience",
               "statut", "statut_experience", "statut_avec_ou_sans_reponse", "etat"),
    "user_feeling": ("ressenti_usager", "ressenti_de_l_usager", "ressenti_de_lusager", "ressenti"),
    "procedures": ("demarches_saisies_par_usager", "demarches_saisies_par_l_usager",
                   "demarches_saisies_par_lusager", "demarches_saisies", "demarches", "demarche"),
    "region": ("intitule_region_usager", "region_usager", "intitule_region", "region"),
    "department": ("intitule_departement_usager", "departement_usager", "intitule_departement",
                   "departement"),
    "country": ("pays", "pays_usager"),
    "theme": ("theme", "thematique"),
    "useful": ("reponse_utile", "reponse_jugee_utile"),
    "ai_assisted": ("reponse_assistee_par_ia", "reponse_assistee_ia", "assistee_par_ia"),
}

# Tag -> normalised names, found bare or behind a prefix such as "tags_generaux_".
TAG_ALIASES: dict[str, tuple[str, ...]] = {
    "accessibilite": ("accessibilite",),
    "information_explication": ("information_explication", "information_et_explication",
                                "information"),
    "relation": ("relation",),
    "reactivite": ("reactivite",),
    "simplicite_complexite": ("simplicite_complexite", "simplicite_et_complexite", "simplicite"),
}
TAG_PREFIXES = ("tags_generaux_", "tag_generaux_", "tags_general_", "tags_", "tag_")

# Per-structure field -> normalised names without the number n (1..3 in the export):
# "intitule_typologie_1", "reponse_de_la_structure_2"... An unnumbered column counts as n = 1.
NUMBERED_ALIASES: dict[str, tuple[str, ...]] = {
    "typology": ("intitule_typologie", "intitule_de_la_typologie", "typologie"),
    "channels": ("canaux_typologie", "canaux_de_la_typologie", "canal_typologie", "canaux"),
    "structure": ("intitule_structure", "intitule_de_la_structure", "nom_structure", "structure"),
    "reply": ("reponse_structure", "reponse_de_la_structure", "reponse"),
    "similarity": ("taux_de_similarite_reponse_ia_structure", "taux_similarite_reponse_ia_structure",
                   "taux_de_similarite_reponse_ia", "taux_de_similarite_ia_structure",
                   "similarite_reponse_ia_structure", "similarite_ia_structure"),
    "ai_assisted": ("reponse_assistee_par_ia_structure", "reponse_assistee_ia_structure"),
}

# How the error messages name a field when its column is missing.
FIELD_LABELS = {"id": "ID expérience", "description": "Description"}
REQUIRED = ("id", "description")

_NUMBERED_KEY = re.compile(r"(.*?)_?(\d+)")
_UNNUMBERED_RANK = 100  # an explicit "..._1" column beats an unnumbered one
_SIMILARITY_JUNK = re.compile(r"[\s\u00a0\u202f%]")
_PROCEDURE_SEPARATORS = re.compile(r"[|;,\n]")


def parse_experiences(path: Path) -> list[Experience]:
    """Read a Services Publics+ export (CSV or JSON, detected by content) into experiences.

    Raises InputError naming the file, line, record and column of the first problem.
    """
    path = Path(path)
    file = str(path)
    experiences: list[Experience] = []
    first_seen: dict[str, str] = {}
    try:
        handle = open_text(path)
    except EmptyInputError:
        raise InputError("fichier vide : aucune expérience", file=file) from None
    with handle:
        first_char = _first_significant_char(handle)
        if first_char in ("[", "{"):
            handle.seek(0)
            rows = _json_rows(handle.read(), file)
        else:
            rows = _csv_rows(handle, file)
        for line, position, row, layout in rows:
            experience = _experience(row, layout, file, line)
            where = f"ligne {line}" if line is not None else f"n° {position}"
            if experience.id in first_seen:
                raise InputError(
                    f"identifiant d'expérience en double (déjà vu {first_seen[experience.id]})",
                    file=file, line=line, record=experience.id, column=layout.columns["id"],
                )
            first_seen[experience.id] = where
            experiences.append(experience)
    if not experiences:
        raise InputError("aucune expérience dans le fichier", file=file)
    return experiences


def _first_significant_char(handle) -> str:
    while chunk := handle.read(4096):
        stripped = chunk.lstrip("\ufeff \t\r\n")
        if stripped:
            return stripped[0]
    return ""


# --------------------------------------------------------------------------- columns


@dataclass
class Layout:
    """Which column of the file holds which field."""

    columns: dict[str, str] = field(default_factory=dict)  # field -> column
    tags: dict[str, str] = field(default_factory=dict)  # tag -> column
    numbered: dict[int, dict[str, str]] = field(default_factory=dict)  # n -> {field: column}
    extra: list[str] = field(default_factory=list)  # columns kept in metadata


def _classify(key: str) -> tuple[Any, int] | None:
    """The target of a normalised column name, and its rank (lower wins), or None."""
    for name, aliases in FIELD_ALIASES.items():
        if key in aliases:
            return ("field", name), aliases.index(key)
    for prefix in ("", *TAG_PREFIXES):
        if prefix and not key.startswith(prefix):
            continue
        bare = key[len(prefix):]
        for tag, aliases in TAG_ALIASES.items():
            if bare in aliases:
                return ("tag", tag), aliases.index(bare) + (10 if prefix else 0)
    if match := _NUMBERED_KEY.fullmatch(key):
        base, number = match.group(1), int(match.group(2))
        for name, aliases in NUMBERED_ALIASES.items():
            if base in aliases and number >= 1:
                return ("numbered", name, number), aliases.index(base)
    for name, aliases in NUMBERED_ALIASES.items():
        if key in aliases:
            return ("numbered", name, 1), aliases.index(key) + _UNNUMBERED_RANK
    return None


def build_layout(columns: list[str], file: str, *, line: int | None = 1) -> Layout:
    """Assign the columns to fields; check that the required ones are there."""
    chosen: dict[Any, tuple[int, str]] = {}
    layout = Layout()
    for column in columns:
        found = _classify(normalize_column(column))
        if found is None:
            layout.extra.append(column)
            continue
        target, rank = found
        if target in chosen:
            best_rank, best_column = chosen[target]
            if rank == best_rank:
                raise InputError(
                    f"les colonnes « {best_column} » et « {column} » désignent la même donnée",
                    file=file, line=line, column=column,
                )
            if rank > best_rank:
                layout.extra.append(column)
                continue
            layout.extra.append(best_column)
        chosen[target] = (rank, column)
    for target, (_, column) in chosen.items():
        if target[0] == "field":
            layout.columns[target[1]] = column
        elif target[0] == "tag":
            layout.tags[target[1]] = column
        else:
            layout.numbered.setdefault(target[2], {})[target[1]] = column
    layout.numbered = dict(sorted(layout.numbered.items()))
    for name in REQUIRED:
        if name not in layout.columns:
            raise missing_column(file, FIELD_LABELS[name], columns, line=line)
    order = {column: index for index, column in enumerate(columns)}
    layout.extra.sort(key=order.__getitem__)
    return layout


# --------------------------------------------------------------------------- rows


Row = tuple[int | None, int, dict[str, Any], Layout]  # line, position, row, layout


def _csv_rows(handle, file: str) -> Iterator[Row]:
    with csv_table(handle, file) as table:
        layout = build_layout(table.columns, file)
        for position, (line, row) in enumerate(table, start=1):
            yield line, position, row, layout


def _json_rows(text: str, file: str) -> Iterator[Row]:
    layouts: dict[tuple[str, ...], Layout] = {}
    for position, (line, element) in enumerate(_json_elements(text, file), start=1):
        if isinstance(element, dict) and isinstance(element.get("fields"), dict):
            element = element["fields"]  # OpenDataSoft "records" API shape
        if not isinstance(element, dict):
            raise InputError(
                f"objet JSON attendu pour chaque expérience, trouvé {_json_kind(element)}",
                file=file, line=line, record=None if line else f"n° {position}",
            )
        keys = tuple(element)
        if keys not in layouts:
            layouts[keys] = build_layout(list(keys), file, line=line)
        yield line, position, element, layouts[keys]


def _json_elements(text: str, file: str) -> Iterator[tuple[int | None, Any]]:
    """Elements of an array, of a wrapper object (``results``, ``records``...) or JSON lines."""
    if text.lstrip("\ufeff \t\r\n").startswith("["):
        yield from iter_json_array(text, file)
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Extra data"):
            yield from _json_lines(text, file)
            return
        raise json_error(exc, file) from None
    except RecursionError:
        raise InputError(f"JSON trop profondément imbriqué (plus de {MAX_JSON_DEPTH} niveaux)",
                         file=file) from None
    checked_json(document, file)
    for key in ("results", "records", "data", "experiences"):
        if isinstance(document.get(key), list):
            for element in document[key]:
                yield None, element
            return
    yield 1, document


def _json_lines(text: str, file: str) -> Iterator[tuple[int, Any]]:
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            yield number, load_json(raw, file, line=number)


def _json_kind(value: Any) -> str:
    return {list: "un tableau", str: "une chaîne", bool: "un booléen", type(None): "null"}.get(
        type(value), "un nombre"
    )


# --------------------------------------------------------------------------- values


def _experience(row: dict[str, Any], layout: Layout, file: str, line: int | None) -> Experience:
    columns = layout.columns

    def text(name: str) -> str:
        column = columns.get(name)
        return cell_text(row.get(column)) if column else ""

    id_column = columns["id"]
    experience_id = cell_text(row.get(id_column))
    if not experience_id:
        raise InputError("identifiant d'expérience vide", file=file, line=line, column=id_column)
    where = {"file": file, "line": line, "record": experience_id}

    description = multiline_text(row.get(columns["description"]))
    if not description:
        raise InputError("description vide", column=columns["description"], **where)

    def when(name: str):
        column = columns.get(name)
        return parse_date(row.get(column), column=column, **where) if column else None

    written_at, published_at, first_reply_at = when("written_at"), when("published_at"), when("first_reply_at")
    if first_reply_at and published_at and first_reply_at.date() < published_at.date():
        raise InputError(
            f"date de première réponse ({first_reply_at:%d/%m/%Y}) antérieure à la date de "
            f"publication ({published_at:%d/%m/%Y})",
            column=columns["first_reply_at"], **where,
        )

    procedures_value = row.get(columns["procedures"]) if "procedures" in columns else None
    procedures = _procedures_text(procedures_value)
    theme = text("theme") or _first_procedure(procedures_value) or None

    def flag(column: str | None) -> bool | None:
        return parse_bool(row.get(column), column=column, **where) if column else None

    experience = Experience(
        id=experience_id,
        description=description,
        title=text("title") or None,
        status=text("status") or None,
        user_feeling=(parse_feeling(row.get(columns["user_feeling"]), column=columns["user_feeling"], **where)
                      if "user_feeling" in columns else None),
        written_at=written_at,
        published_at=published_at,
        first_reply_at=first_reply_at,
        useful=flag(columns.get("useful")),
        theme=theme,
        procedures=procedures or None,
        region=text("region") or None,
        department=text("department") or None,
        country=text("country") or None,
        pseudonym=text("pseudonym") or None,
    )
    for tag, column in layout.tags.items():
        feeling = parse_feeling(row.get(column), column=column, **where)
        if feeling:
            experience.tags[tag] = feeling

    default_ai = flag(columns.get("ai_assisted"))
    for position, group in layout.numbered.items():
        structure = cell_text(row.get(group["structure"])) if "structure" in group else ""
        typology = cell_text(row.get(group["typology"])) if "typology" in group else ""
        channels = cell_text(row.get(group["channels"])) if "channels" in group else ""
        reply = multiline_text(row.get(group["reply"])) if "reply" in group else ""
        similarity = (_similarity(row.get(group["similarity"]), column=group["similarity"], **where)
                      if "similarity" in group else None)
        ai_assisted = flag(group.get("ai_assisted"))
        if structure:
            experience.structures.append(structure)
        if typology:
            experience.typologies.append(typology)
        if not reply:
            continue
        if not structure:
            structure_column = group.get("structure", f"Intitulé structure {position}")
            raise InputError(
                f"réponse sans structure : la colonne « {structure_column} » est vide",
                column=group["reply"], **where,
            )
        experience.replies.append(Reply(
            position=position,
            structure=structure,
            text=reply,
            typology=typology or None,
            channels=channels or None,
            ai_similarity=similarity,
            ai_assisted=ai_assisted if ai_assisted is not None else default_ai,
        ))
    for column in layout.extra:
        experience.metadata[column] = cell_text(row.get(column))
    return experience


def _procedures_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(cell_text(item) for item in value if cell_text(item))
    return multiline_text(value)


def _first_procedure(value: Any) -> str:
    items = value if isinstance(value, list) else _PROCEDURE_SEPARATORS.split(multiline_text(value))
    for item in items:
        if cell_text(item):
            return cell_text(item)
    return ""


def _similarity(value: Any, *, file: str, line: int | None, record: str | None, column: str) -> float | None:
    """A percentage 0-100: "87", "87,5", "87 %", 87.5; empty gives None."""
    if isinstance(value, bool):
        number = math.nan
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _SIMILARITY_JUNK.sub("", cell_text(value)).replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = math.nan
    if not (0.0 <= number <= 100.0):  # also false for NaN
        raise InputError(
            f"taux de similarité invalide {shown(value)} (attendu un nombre entre 0 et 100)",
            file=file, line=line, record=record, column=column,
        )
    return number
