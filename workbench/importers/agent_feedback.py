"""Parser of the agents' feedback CSV (``agent,date,sentiment,comment``) into AgentFeedback."""

from __future__ import annotations

from pathlib import Path

from workbench.errors import InputError
from workbench.importers.columns import find_columns, missing_column
from workbench.importers.csv_files import open_csv
from workbench.importers.text import EmptyInputError
from workbench.importers.values import cell_text, parse_date, parse_feeling
from workbench.records import AgentFeedback

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "agent": ("agent", "nom_agent", "agent_id", "conseiller", "conseillere"),
    "date": ("date", "date_retour", "date_du_retour"),
    "sentiment": ("sentiment", "ressenti", "avis"),
    "comment": ("comment", "commentaire", "comments", "commentaires"),
}
REQUIRED = ("agent", "date", "sentiment")


def parse_agent_feedback(path: Path) -> list[AgentFeedback]:
    """Read the agents' feedback CSV (delimiter sniffed, UTF-8 or Windows-1252).

    Sentiment ``positif|neutre|négatif`` (any case, accents or not) is stored unaccented.
    Other columns are ignored.
    """
    path = Path(path)
    file = str(path)
    feedback: list[AgentFeedback] = []
    try:
        table = open_csv(path)
    except EmptyInputError:
        raise InputError("fichier vide : aucun retour d'agent", file=file) from None
    with table:
        columns = find_columns(table.columns, COLUMN_ALIASES)
        for name in REQUIRED:
            if name not in columns:
                raise missing_column(file, name, table.columns)
        for line, row in table:
            values = {name: cell_text(row[column]) for name, column in columns.items()}
            for name in REQUIRED:
                if not values[name]:
                    raise InputError("valeur obligatoire vide", file=file, line=line,
                                     column=columns[name])
            where = {"file": file, "line": line, "record": None}
            moment = parse_date(values["date"], column=columns["date"], **where)
            feedback.append(AgentFeedback(
                agent=values["agent"],
                date=moment.date(),
                sentiment=parse_feeling(values["sentiment"], column=columns["sentiment"], **where),
                comment=row[columns["comment"]].strip() if "comment" in columns else "",
            ))
    if not feedback:
        raise InputError("aucun retour d'agent dans le fichier", file=file)
    return feedback
