"""User-facing errors: one line each, naming the file, record and column at fault."""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+\s*")


class WorkbenchError(Exception):
    """An error the user can act on. The CLI prints it on one line, without a traceback."""


class InputError(WorkbenchError):
    """Bad input file: names the file, the record (line or id) and the column at fault."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        record: str | None = None,
        column: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.record = record
        self.column = column
        super().__init__(self.__str__())

    def located(self, file: str) -> "InputError":
        """The same error, with the file name filled in when it was not known yet."""
        if self.file is None:
            self.file = file
        self.args = (self.__str__(),)
        return self

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(str(self.file))
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.record is not None:
            where.append(f"enregistrement {self.record}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        prefix = ", ".join(where)
        text = f"{prefix} : {self.message}" if prefix else self.message
        # One line, whatever a header or a cell quoted in it holds.
        return _LINE_BREAKS.sub(" ", text)


class StoreBusyError(WorkbenchError):
    """The database stayed locked by another process for longer than the patience allowed."""
