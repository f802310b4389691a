"""Prompt templates: Jinja2 files with a ``system`` and a ``user`` block.

Citizen text only ever fills variables of the ``user`` block: the ``system`` block is rendered
without any variable (a template that uses one there is refused), so no text can change the
system prompt, and Jinja2 never evaluates text as template code.

Inside the user block a text stays between the delimiters the template puts around it
(``<experience>…</experience>``): a text that writes one of the template's tags, or a
chat-template control token (``<|im_start|>``, ``[INST]``, ``<start_of_turn>``…, which a server's
tokenizer may read as a real role change), has the angle brackets of that tag or token replaced
by look-alike characters (``‹/experience›``). Nothing else in the text changes.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError, select_autoescape

from workbench.config import resolve_prompt
from workbench.errors import InputError


# Control tokens of common chat templates (ChatML, Llama 2/3, Mistral, Gemma, Phi, Zephyr...).
_CONTROL_TOKEN_RE = re.compile(
    r"<\|[^|<>\s]{1,40}\|>|\[/?(?:INST|SYS|AVAILABLE_TOOLS|TOOL_CALLS|TOOL_RESULTS)\]|<</?SYS>>"
    r"|</?s>|<(?:start|end)_of_turn>|<(?:bos|eos|pad|unk)>",
    re.IGNORECASE,
)
_LOOKALIKE = str.maketrans({"<": "‹", ">": "›", "[": "⟦", "]": "⟧"})
_ANGLES = str.maketrans({"<": "‹", ">": "›"})


def _delimiter_re(source: str) -> re.Pattern[str] | None:
    """The tags a template writes around its variables (``</experience>`` → ``experience``)."""
    names = sorted({name.lower() for name in re.findall(r"</\s*([A-Za-z][\w.-]*)\s*>", source)})
    if not names:
        return None
    # The tag with its attributes, or an unterminated "</experience" on its own.
    return re.compile(r"<\s*/?\s*(?:" + "|".join(map(re.escape, names)) + r")(?![\w.-])(?:[^<>]*>)?", re.IGNORECASE)


def neutralise(text: str, delimiters: re.Pattern[str] | None = None) -> str:
    """``text`` with the template's delimiter tags and chat control tokens made inert."""
    if "<" not in text and "[" not in text:
        return text  # every tag and control token starts with one of them
    text = _CONTROL_TOKEN_RE.sub(lambda m: m.group().translate(_LOOKALIKE), text)
    if delimiters is not None:
        text = delimiters.sub(lambda m: m.group().translate(_ANGLES), text)
    return text


def _neutralise_value(value, delimiters: re.Pattern[str] | None):
    if isinstance(value, str):
        return neutralise(value, delimiters)
    if isinstance(value, dict):
        return {k: _neutralise_value(v, delimiters) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_neutralise_value(v, delimiters) for v in value]
    return value


@lru_cache(maxsize=32)
def _template(path: str, mtime: float):
    """The compiled template and the pattern of its delimiter tags."""
    file = Path(path)
    env = Environment(
        loader=FileSystemLoader(str(file.parent)),
        autoescape=select_autoescape(enabled_extensions=(), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    try:
        template = env.get_template(file.name)
    except TemplateError as error:
        raise InputError(f"gabarit de prompt invalide : {error}", file=str(file)) from None
    missing = {"system", "user"} - set(template.blocks)
    if missing:
        raise InputError(
            f"le gabarit doit définir les blocs {{% block system %}} et {{% block user %}} (manque : {', '.join(sorted(missing))})",
            file=str(file),
        )
    return template, _delimiter_re(file.read_text(encoding="utf-8"))


class Prompt:
    """A loaded template: its system message (rendered once: it takes no variable) and its user block."""

    def __init__(self, path: str) -> None:
        file = resolve_prompt(path)
        if not file.exists():
            raise InputError("gabarit de prompt introuvable", file=str(file))
        self.path = path
        self.template, self.delimiters = _template(str(file), file.stat().st_mtime)
        try:
            self.system = "".join(self.template.blocks["system"](self.template.new_context({}))).strip()
        except TemplateError as error:
            raise InputError(
                f"le bloc system ne doit utiliser aucune variable (le texte des usagers n'y entre jamais) : {error}",
                file=path,
            ) from None

    def render(self, **variables) -> list[dict[str, str]]:
        """The chat messages for one question and its passages."""
        context = self.template.new_context({k: _neutralise_value(v, self.delimiters) for k, v in variables.items()})
        try:
            user = "".join(self.template.blocks["user"](context)).strip()
        except TemplateError as error:
            raise InputError(f"rendu du gabarit impossible : {error}", file=self.path) from None
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


def render_messages(path: str, **variables) -> list[dict[str, str]]:
    """The chat messages of a template for one question and its passages."""
    return Prompt(path).render(**variables)


def messages_hash(messages: list[dict[str, str]]) -> str:
    return hashlib.sha256(json.dumps(messages, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
