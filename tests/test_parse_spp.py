"""The Services Publics+ export parser, and the shared helpers it stands on."""

from __future__ import annotations

from datetime import datetime

import pytest
from fixtures_files import (
    OLD_SPP_COLUMNS,
    SPP_COLUMNS,
    old_spp_row,
    spp_json_record,
    spp_row,
    write_spp_csv,
    write_spp_json,
)

from workbench.errors import InputError
from workbench.importers.columns import normalize_column, sniff_delimiter
from workbench.importers.csv_files import open_csv
from workbench.importers.text import read_text
from workbench.importers.values import parse_date
from workbench.importers.spp import parse_experiences

# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize("name", ["Intitulé Typologie 1", "intitulé_typologie_1", "intitule_typologie_1",
                                  " INTITULÉ  typologie-1 "])
def test_normalize_column_maps_spellings_to_one_key(name):
    assert normalize_column(name) == "intitule_typologie_1"


def test_normalize_column_handles_bom_punctuation_and_ligatures():
    assert normalize_column("\ufeffID expérience") == "id_experience"
    assert normalize_column("Information/Explication") == "information_explication"
    assert normalize_column("Etat de l'expérience") == "etat_de_l_experience"
    assert normalize_column("Cœur") == "coeur"


@pytest.mark.parametrize(("line", "expected"), [
    ('"ID";"Description, longue";"x"', ";"),
    ("id,description,theme", ","),
    ("id\tquestion", "\t"),
    ("question", ","),
])
def test_sniff_delimiter(line, expected):
    assert sniff_delimiter(line) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("2023-01-05", datetime(2023, 1, 5)),
    ("2023-01-05T10:15", datetime(2023, 1, 5, 10, 15)),
    ("2023-01-05 10:15:30", datetime(2023, 1, 5, 10, 15, 30)),
    ("2023-01-05T10:15:30.250", datetime(2023, 1, 5, 10, 15, 30, 250000)),
    ("2023-01-05T09:15:00Z", datetime(2023, 1, 5, 10, 15)),  # UTC+1 in winter
    ("2023-07-05T08:15:00Z", datetime(2023, 7, 5, 10, 15)),  # UTC+2 in summer
    ("2023-07-05T10:15:00+02:00", datetime(2023, 7, 5, 10, 15)),
    ("2023-07-05T04:15:00-0400", datetime(2023, 7, 5, 10, 15)),
    ("05/01/2023", datetime(2023, 1, 5)),
    ("5/1/2023 14:30", datetime(2023, 1, 5, 14, 30)),
    ("05/01/2023 14:30:15", datetime(2023, 1, 5, 14, 30, 15)),
    ("", None),
    ("  ", None),
])
def test_parse_date_accepts_iso_and_french_dates(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2023", "2023-02-30", "2023-13-01", "05-01-2023", "demain",
                                  "2023/01/05", "2023-01-05T25:00", "20230105"])
def test_parse_date_rejects_other_values(text):
    with pytest.raises(InputError) as error:
        parse_date(text, file="x.csv", line=3, column="Écrit le")
    message = str(error.value)
    assert message.startswith("x.csv, ligne 3, colonne « Écrit le » : date invalide")
    assert f"« {text} »" in message
    assert "AAAA-MM-JJ, JJ/MM/AAAA" in message


def test_read_text_decodes_utf8_bom_and_cp1252(tmp_path):
    (tmp_path / "a.csv").write_bytes(b"\xef\xbb\xbfr\xc3\xa9ponse")
    (tmp_path / "b.csv").write_bytes("réponse œuvre €".encode("cp1252"))
    (tmp_path / "c.csv").write_bytes("réponse".encode("utf-16"))
    assert read_text(tmp_path / "a.csv") == "réponse"
    assert read_text(tmp_path / "b.csv") == "réponse œuvre €"
    assert read_text(tmp_path / "c.csv") == "réponse"


def test_csv_reader_gives_physical_lines_of_multiline_records(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text('id;texte\r\n1;"un\r\ndeux\r\ntrois"\r\n\r\n2;"a ""b"""\r\n3;x\r\n', encoding="utf-8")
    with open_csv(path) as table:
        assert table.columns == ["id", "texte"]
        rows = list(table)
    assert [line for line, _ in rows] == [2, 6, 7]
    assert rows[0][1]["texte"] == "un\r\ndeux\r\ntrois"
    assert rows[1][1]["texte"] == 'a "b"'


# --------------------------------------------------------------------------- CSV exports


def test_current_export_with_bom_semicolons_multiline_cells_and_two_structures(tmp_path):
    rows = [
        spp_row("1001"),
        spp_row("1002", {
            "Ressenti usager": "Positif",
            "Intitulé typologie 2": "CPAM",
            "Intitulé structure 2": "CPAM du Rhône",
            "Réponse structure 2": "Bonjour,\r\nnous avons transmis votre demande.",
            "Taux de similarité réponse IA structure 2": "12 %",
        }),
        spp_row("1003", {"Réponse structure 1": "", "Taux de similarité réponse IA structure 1": "",
                         "Etat expérience": "Sans réponse", "Ressenti usager": "neutre"}),
    ]
    path = write_spp_csv(tmp_path / "export.csv", rows)
    assert path.read_bytes().startswith(b'\xef\xbb\xbf"ID exp')

    experiences = parse_experiences(path)

    assert [e.id for e in experiences] == ["1001", "1002", "1003"]
    first, second, third = experiences
    assert first.description == "Bonjour,\nj'attends le versement de ma prime depuis deux mois.\nMerci."
    assert first.title == "Attente du versement de la prime d'activité"
    assert first.written_at == datetime(2023, 1, 4)
    assert first.published_at == datetime(2023, 1, 5, 10, 15)
    assert first.status == "Traitée"
    assert first.user_feeling == "negatif"
    assert first.procedures == "Prime d'activité, Aides au logement"
    assert first.theme == "Prime d'activité"
    assert (first.region, first.department, first.pseudonym) == ("Île-de-France", "Paris", "Camille_75")
    assert first.tags == {"reactivite": "negatif"}
    assert first.structures == ["CAF de Paris"]
    assert first.typologies == ["CAF"]
    [reply] = first.replies
    assert (reply.position, reply.structure, reply.typology, reply.channels) == (1, "CAF de Paris", "CAF", "En ligne")
    assert reply.text.startswith("Bonjour,\nvotre dossier est complet ;")
    assert reply.ai_similarity == 87.5
    assert reply.ai_assisted is None
    assert first.metadata == {}

    assert second.user_feeling == "positif"
    assert second.structures == ["CAF de Paris", "CPAM du Rhône"]
    assert second.typologies == ["CAF", "CPAM"]
    assert [(r.position, r.structure, r.ai_similarity) for r in second.replies] == [
        (1, "CAF de Paris", 87.5), (2, "CPAM du Rhône", 12.0)]
    assert second.replies[1].text == "Bonjour,\nnous avons transmis votre demande."

    assert third.replies == []
    assert third.structures == ["CAF de Paris"]
    assert third.user_feeling == "neutre"


def test_cp1252_export_with_commas_and_no_bom(tmp_path):
    rows = [spp_row("2001", {"Description": "Réclamation : « trop-perçu » de 120 €"}),
            spp_row("2002")]
    path = write_spp_csv(tmp_path / "excel.csv", rows, encoding="cp1252", delimiter=",", bom=False)
    experiences = parse_experiences(path)
    assert [e.id for e in experiences] == ["2001", "2002"]
    assert experiences[0].description == "Réclamation : « trop-perçu » de 120 €"
    assert experiences[0].region == "Île-de-France"
    assert experiences[1].replies[0].ai_similarity == 87.5


def test_old_voxusagers_headers_with_french_dates(tmp_path):
    rows = [old_spp_row("V-1"),
            old_spp_row("V-2", {"date_de_premiere_réponse": "", "réponse_de_la_structure_1": "",
                                "ressenti_usager": "Négatif"})]
    path = write_spp_csv(tmp_path / "vox.csv", rows, columns=OLD_SPP_COLUMNS)
    first, second = parse_experiences(path)
    assert first.written_at == datetime(2021, 3, 2)
    assert first.published_at == datetime(2021, 3, 3)
    assert first.first_reply_at == datetime(2021, 3, 8)
    assert first.status == "Traitée"
    assert first.user_feeling == "neutre"
    assert first.region == "Bretagne"
    assert first.tags == {"reactivite": "positif"}
    assert first.theme == "Certificat d'immatriculation"
    assert [(r.structure, r.typology, r.text, r.ai_similarity) for r in first.replies] == [
        ("ANTS", "ANTS", "Votre dossier a été débloqué.", 40.0)]
    assert first.metadata == {}
    assert second.first_reply_at is None and second.replies == []
    assert second.user_feeling == "negatif"


def test_mixed_date_formats_in_one_file(tmp_path):
    rows = [
        spp_row("1", {"Écrit le": "2023-01-04", "Date de publication": "2023-01-05T10:15:00Z"}),
        spp_row("2", {"Écrit le": "04/01/2023", "Date de publication": "05/01/2023 11:00"}),
        spp_row("3", {"Écrit le": "2023-01-04 08:00", "Date de publication": ""}),
    ]
    experiences = parse_experiences(write_spp_csv(tmp_path / "dates.csv", rows))
    assert [(e.written_at, e.published_at) for e in experiences] == [
        (datetime(2023, 1, 4), datetime(2023, 1, 5, 11, 15)),
        (datetime(2023, 1, 4), datetime(2023, 1, 5, 11, 0)),
        (datetime(2023, 1, 4, 8, 0), None),
    ]


def test_extra_columns_land_in_metadata_and_optional_columns_are_read(tmp_path):
    rows = [spp_row("1", {
        "Motif de rejet": "",
        "Canal de dépôt": "Formulaire web",
        "Thème": "Famille",
        "Pays": "France",
        "Date de première réponse": "2023-01-08",
        "Réponse utile": "Oui",
        "Réponse assistée par IA": "Non",
        "Accessibilité": "positif",
        "Simplicité/Complexité": "NÉGATIF",
    })]
    [experience] = parse_experiences(write_spp_csv(tmp_path / "extra.csv", rows))
    assert experience.metadata == {"Motif de rejet": "", "Canal de dépôt": "Formulaire web"}
    assert experience.theme == "Famille"
    assert experience.country == "France"
    assert experience.first_reply_at == datetime(2023, 1, 8)
    assert experience.useful is True
    assert experience.replies[0].ai_assisted is False
    assert experience.tags == {"accessibilite": "positif", "reactivite": "negatif",
                               "simplicite_complexite": "negatif"}


@pytest.mark.parametrize(("text", "expected"), [("Non", False), ("oui", True), ("true", True),
                                                  ("0", False), ("", None)])
def test_useful_flag_spellings(tmp_path, text, expected):
    path = write_spp_csv(tmp_path / "u.csv", [spp_row("1", {"Réponse utile": text})])
    assert parse_experiences(path)[0].useful is expected


@pytest.mark.parametrize(("text", "expected"), [("87", 87.0), ("87,5", 87.5), ("87 %", 87.0),
                                                  ("0", 0.0), ("100", 100.0), ("", None)])
def test_similarity_spellings(tmp_path, text, expected):
    path = write_spp_csv(tmp_path / "s.csv", [spp_row("1", {"Taux de similarité réponse IA structure 1": text})])
    assert parse_experiences(path)[0].replies[0].ai_similarity == expected


def test_a_preferred_alias_wins_and_the_other_column_is_kept_in_metadata(tmp_path):
    rows = [spp_row("1", {"Statut": "Avec réponse"})]
    [experience] = parse_experiences(write_spp_csv(tmp_path / "alias.csv", rows))
    assert experience.status == "Traitée"
    assert experience.metadata == {"Statut": "Avec réponse"}


# --------------------------------------------------------------------------- JSON exports


def test_json_export(tmp_path):
    records = [
        spp_json_record("J-1"),
        spp_json_record("J-2", {"reponse_structure_1": None, "ressenti_usager": "positif",
                                "demarches_saisies_par_usager": ["Titre de séjour", "Naturalisation"],
                                "source": "opendata", "note": 3}),
    ]
    first, second = parse_experiences(write_spp_json(tmp_path / "export.json", records))
    assert first.id == "J-1"
    assert first.published_at == datetime(2023, 2, 2, 9, 0)
    assert first.user_feeling == "negatif"
    assert first.country == "France"
    assert first.tags == {"reactivite": "negatif", "relation": "neutre",
                          "information_explication": "positif"}
    assert [(r.structure, r.typology, r.ai_similarity) for r in first.replies] == [
        ("Préfecture du Rhône", "Préfecture", 92.0)]
    assert second.replies == [] and second.structures == ["Préfecture du Rhône"]
    assert second.procedures == "Titre de séjour, Naturalisation"
    assert second.theme == "Titre de séjour"
    assert second.metadata == {"source": "opendata", "note": "3"}


def test_json_export_with_numeric_id_and_bom(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'[{"id_experience": 42, "description": "Bonjour"}]')
    [experience] = parse_experiences(path)
    assert experience.id == "42"
    assert experience.replies == []


def test_invalid_json_names_line_and_column(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n  {"id_experience": "1", "description": "a"},\n  {"id_experience": "2" "description": "b"}\n]',
                    encoding="utf-8")
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    assert error.value.line == 3
    assert "colonne 25" in str(error.value)  # the second opening quote
    assert str(error.value).startswith(f"{path}, ligne 3 : JSON invalide")


def test_json_element_that_is_not_an_object(tmp_path):
    path = tmp_path / "list.json"
    path.write_text('[\n{"id_experience": "1", "description": "a"},\n["x"]\n]', encoding="utf-8")
    with pytest.raises(InputError, match="objet JSON attendu") as error:
        parse_experiences(path)
    assert error.value.line == 3


def test_json_record_without_description_names_the_line(tmp_path):
    path = write_spp_json(tmp_path / "nodesc.json", [spp_json_record("1"), {"id_experience": "2"}])
    with pytest.raises(InputError, match="colonne obligatoire absente") as error:
        parse_experiences(path)
    assert error.value.column == "Description"
    assert error.value.line is not None and error.value.line > 1


# --------------------------------------------------------------------------- bad input


def test_impossible_date_names_file_line_record_and_column(tmp_path):
    rows = [spp_row("1"), spp_row("2", {"Écrit le": "31/02/2023"})]
    path = write_spp_csv(tmp_path / "date.csv", rows)
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    # line 1 header; record 1 spans lines 2-6 (multi-line description and reply); record 2 starts at 7
    assert (error.value.file, error.value.line, error.value.record, error.value.column) == (
        str(path), 7, "2", "Écrit le")
    assert str(error.value) == (
        f"{path}, ligne 7, enregistrement 2, colonne « Écrit le » : "
        "date invalide « 31/02/2023 » (formats acceptés : AAAA-MM-JJ, JJ/MM/AAAA)")


def test_missing_required_column_lists_the_columns_found(tmp_path):
    rows = [{"ID expérience": "1", "Titre": "t"}]
    path = write_spp_csv(tmp_path / "nodesc.csv", rows)
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    assert error.value.column == "Description"
    assert "colonne obligatoire absente" in str(error.value)
    assert "« ID expérience », « Titre »" in str(error.value)


def test_missing_id_column(tmp_path):
    path = write_spp_csv(tmp_path / "noid.csv", [{"Description": "d"}])
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    assert error.value.column == "ID expérience"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \r\n\r\n"])
def test_empty_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match="aucune expérience"):
        parse_experiences(path)


def test_header_only(tmp_path):
    path = write_spp_csv(tmp_path / "header.csv", [], columns=SPP_COLUMNS)
    with pytest.raises(InputError, match="aucune expérience"):
        parse_experiences(path)


def test_empty_json_array(tmp_path):
    path = write_spp_json(tmp_path / "empty.json", [])
    with pytest.raises(InputError, match="aucune expérience"):
        parse_experiences(path)


@pytest.mark.parametrize("content", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    b"ID;Description\r\n1;abc\x00def\r\n",
    b"PK\x03\x04\x14\x00\x06\x00\x08\x00" + bytes(range(256)) * 4,
    bytes([0x81, 0x8d, 0x8f, 0x90, 0x9d]) * 20,
    b"\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14 ID;Description",
])
def test_binary_file_is_refused(tmp_path, content):
    path = tmp_path / "junk.csv"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    assert str(path) in str(error.value)
    assert "binaire" in str(error.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="fichier introuvable"):
        parse_experiences(tmp_path / "absent.csv")


def test_duplicate_id_names_both_lines(tmp_path):
    rows = [spp_row("1", {"Description": "a", "Réponse structure 1": "r"}),
            spp_row("2", {"Description": "b", "Réponse structure 1": "r"}),
            spp_row("1", {"Description": "c", "Réponse structure 1": "r"})]
    path = write_spp_csv(tmp_path / "dup.csv", rows)
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    assert error.value.line == 4
    assert error.value.record == "1"
    assert "en double (déjà vu ligne 2)" in str(error.value)


@pytest.mark.parametrize("value", ["101", "-1", "beaucoup", "87,5,2", "nan"])
def test_bad_similarity(tmp_path, value):
    path = write_spp_csv(tmp_path / "sim.csv", [spp_row("1", {"Taux de similarité réponse IA structure 1": value})])
    with pytest.raises(InputError) as error:
        parse_experiences(path)
    assert error.value.column == "Taux de similarité réponse IA structure 1"
    assert error.value.line == 2
    assert f"taux de similarité invalide « {value} »" in str(error.value)


def test_bad_feeling(tmp_path):
    path = write_spp_csv(tmp_path / "f.csv", [spp_row("1", {"Ressenti usager": "Mitigé"})])
    with pytest.raises(InputError, match="valeur inattendue « Mitigé »") as error:
        parse_experiences(path)
    assert error.value.column == "Ressenti usager"


def test_first_reply_before_publication(tmp_path):
    rows = [spp_row("1", {"Date de publication": "2023-01-05", "Date de première réponse": "2023-01-03"})]
    path = write_spp_csv(tmp_path / "order.csv", rows)
    with pytest.raises(InputError, match="antérieure à la date de publication") as error:
        parse_experiences(path)
    assert error.value.column == "Date de première réponse"


def test_same_day_first_reply_without_time_is_accepted(tmp_path):
    rows = [spp_row("1", {"Date de publication": "2023-01-05T15:00:00", "Date de première réponse": "05/01/2023"})]
    [experience] = parse_experiences(write_spp_csv(tmp_path / "sameday.csv", rows))
    assert experience.first_reply_at == datetime(2023, 1, 5)


def test_empty_id_and_empty_description(tmp_path):
    path = write_spp_csv(tmp_path / "e.csv", [spp_row("")])
    with pytest.raises(InputError, match="identifiant d'expérience vide") as error:
        parse_experiences(path)
    assert (error.value.line, error.value.column) == (2, "ID expérience")
    path = write_spp_csv(tmp_path / "d.csv", [spp_row("9", {"Description": "  "})])
    with pytest.raises(InputError, match="description vide"):
        parse_experiences(path)


def test_reply_without_structure(tmp_path):
    path = write_spp_csv(tmp_path / "r.csv", [spp_row("1", {"Intitulé structure 1": ""})])
    with pytest.raises(InputError, match="réponse sans structure") as error:
        parse_experiences(path)
    assert error.value.column == "Réponse structure 1"


def test_unclosed_quote_names_the_record_start(tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text('"ID expérience";"Description"\n"1";"ok"\n"2";"jamais fermé\nsuite\n', encoding="utf-8")
    with pytest.raises(InputError, match="guillemet ouvert jamais fermé") as error:
        parse_experiences(path)
    assert error.value.line == 3


def test_row_with_too_many_cells(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("ID expérience;Description\n1;a\n2;b;c\n", encoding="utf-8")
    with pytest.raises(InputError, match="3 champs au lieu de 2") as error:
        parse_experiences(path)
    assert error.value.line == 3


def test_trailing_empty_cells_and_blank_rows_are_tolerated(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text("ID expérience;Description;\n1;a;\n;;\n\n2;b\n", encoding="utf-8")
    assert [e.id for e in parse_experiences(path)] == ["1", "2"]


def test_duplicate_header(tmp_path):
    path = tmp_path / "dupcol.csv"
    path.write_text("ID expérience;Description;Titre;Titre\n1;a;b;c\n", encoding="utf-8")
    with pytest.raises(InputError, match="colonne en double") as error:
        parse_experiences(path)
    assert error.value.column == "Titre"


def test_two_spellings_of_one_column(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("ID expérience;Description;Intitulé typologie 1;intitule_typologie_1\n1;a;b;c\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="désignent la même donnée"):
        parse_experiences(path)


def test_spp_columns_are_all_recognised(tmp_path):
    """No column of either export format falls into metadata."""
    for name, columns, row in (("new.csv", SPP_COLUMNS, spp_row("1")), ("old.csv", OLD_SPP_COLUMNS, old_spp_row("1"))):
        [experience] = parse_experiences(write_spp_csv(tmp_path / name, [row], columns=columns))
        assert experience.metadata == {}, name


def test_utf8_file_with_a_stray_byte_is_refused_not_misread(tmp_path):
    path = tmp_path / "spoilt.csv"
    path.write_bytes("ID expérience;Description\n1;été\n2;ab\xff\n".encode("utf-8").replace(b"\xc3\xbf", b"\xff"))
    with pytest.raises(InputError, match="octet 0xFF invalide dans un fichier UTF-8") as error:
        parse_experiences(path)
    assert error.value.line == 3


def test_excel_unicode_text_export_utf16_tabs(tmp_path):
    path = write_spp_csv(tmp_path / "unicode.txt", [spp_row("1"), spp_row("2")], delimiter="\t",
                         encoding="utf-16")
    experiences = parse_experiences(path)
    assert [e.id for e in experiences] == ["1", "2"]
    assert experiences[0].region == "Île-de-France"
