"""Settings (database file, bundled folders) and typed pipeline configurations (TOML).

Resolution order for the database file: ``--db`` (CLI global option), then the ``WORKBENCH_DB``
environment variable, then ``./workbench.duckdb``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from workbench.errors import InputError

DEFAULT_DB = "workbench.duckdb"

# The repository root holds the bundled data (datasets/, pipelines/, prompts/); the package is
# installed in editable mode by `make install`, so it sits next to this package.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = PROJECT_ROOT / "datasets"
PIPELINES_DIR = PROJECT_ROOT / "pipelines"
PROMPTS_DIR = PROJECT_ROOT / "prompts"

# ragas phones home unless told not to; we never allow network calls but the configured endpoints.
os.environ.setdefault("RAGAS_DO_NOT_TRACK", "true")


def db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database file chosen by the CLI option, the environment, or the default."""
    if cli_value:
        return Path(cli_value)
    env = os.environ.get("WORKBENCH_DB")
    if env:
        return Path(env)
    return Path(DEFAULT_DB)


# -- pipeline configurations ------------------------------------------------------------------



class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RetrievalConfig(_Strict):
    """Which passages the generator sees. ``none`` skips retrieval."""

    kind: Literal["none", "bm25", "dense", "hybrid"] = "bm25"
    corpus: str | None = None  # corpus name (latest version) or name@version
    k: int = Field(5, ge=1, le=50)
    chunk_size: int | None = Field(None, ge=20, le=2000)  # re-chunk the documents (words); None: as imported
    chunk_overlap: int | None = Field(None, ge=0, le=1000)
    min_score: float | None = None
    # dense / hybrid: a local encoder shipped in a package, or an OpenAI-compatible /v1/embeddings
    encoder: Literal["local", "openai"] = "local"
    embeddings_base_url: str | None = None
    embeddings_model: str | None = None
    embeddings_api_key_env: str | None = None
    rrf_k: int = Field(60, ge=1)


class ExtractiveGeneration(_Strict):
    """No model: an answer assembled from the best passages' sentences (the offline default)."""

    kind: Literal["extractive"] = "extractive"
    max_sentences: int = Field(4, ge=1, le=20)
    prompt: str | None = None  # rendered and hashed for bookkeeping; not sent anywhere


class RecordedGeneration(_Strict):
    """The question's historical human reply, as a baseline."""

    kind: Literal["recorded"] = "recorded"
    prompt: str | None = None


class OpenAIGeneration(_Strict):
    """Any OpenAI-compatible server: vLLM's, the Albert API..."""

    kind: Literal["openai"] = "openai"
    base_url: str = "http://127.0.0.1:8000/v1"
    model: str | None = None  # None: the first model listed by /v1/models
    api_key_env: str | None = None  # name of the environment variable holding the key
    temperature: float = Field(0.2, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    max_tokens: int = Field(512, ge=1, le=32768)
    seed: int | None = None
    timeout_s: float = Field(60, gt=0)
    max_retries: int = Field(4, ge=0, le=20)
    stream: bool = False
    prompt: str = "prompts/agent_reply.j2"


class VLLMGeneration(_Strict):
    """Offline batch generation with ``vllm.LLM`` (GPU machine; see generation/vllm_local.py)."""

    kind: Literal["vllm"] = "vllm"
    model: str
    temperature: float = Field(0.2, ge=0, le=2)
    top_p: float = Field(1.0, gt=0, le=1)
    max_tokens: int = Field(512, ge=1, le=32768)
    seed: int | None = 0
    max_model_len: int | None = None
    engine_args: dict[str, str | int | float | bool] = Field(default_factory=dict)  # vllm.LLM(...)
    engine_env: dict[str, str] = Field(default_factory=dict)  # environment of the engine process
    python: str | None = None  # interpreter that has vLLM; "self" for this one
    show_engine_log: bool = False
    prompt: str = "prompts/agent_reply.j2"


GenerationConfig = Annotated[
    ExtractiveGeneration | RecordedGeneration | OpenAIGeneration | VLLMGeneration,
    Field(discriminator="kind"),
]


class PipelineConfig(_Strict):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    retrieval: RetrievalConfig = RetrievalConfig(kind="none")
    generation: GenerationConfig = ExtractiveGeneration()

    def normalised(self) -> dict:
        """The configuration that defines behaviour (name and description excluded)."""
        data = self.model_dump(mode="json", exclude={"name", "description"})
        prompt = data["generation"].get("prompt")
        if prompt:
            data["generation"]["prompt_sha256"] = prompt_sha256(prompt)
        return data

    @property
    def id(self) -> str:
        payload = json.dumps(self.normalised(), sort_keys=True)
        return "pl-" + hashlib.sha256(payload.encode()).hexdigest()[:12]

    def to_toml(self) -> str:
        return _to_toml(self.model_dump(mode="json", exclude_defaults=False))


def resolve_prompt(path: str) -> Path:
    """A prompt template path, relative to the project root when not absolute."""
    candidate = Path(path)
    if not candidate.is_absolute() and not candidate.exists():
        candidate = PROJECT_ROOT / path
    return candidate


def prompt_sha256(path: str) -> str:
    file = resolve_prompt(path)
    try:
        return hashlib.sha256(file.read_bytes()).hexdigest()
    except OSError:
        return "missing:" + path


def _format_validation_error(error: ValidationError, source: str) -> InputError:
    first = error.errors()[0]
    location = ".".join(str(p) for p in first["loc"] if p not in ("extractive", "recorded", "openai", "vllm"))
    if first["type"] == "extra_forbidden":
        message = f"clé inconnue « {location} »"
    elif first["type"] == "missing":
        message = f"clé obligatoire manquante « {location} »"
    else:
        message = f"valeur invalide pour « {location} » : {first['msg']}"
    more = len(error.errors()) - 1
    if more:
        message += f" (et {more} autre{'s' if more > 1 else ''} erreur{'s' if more > 1 else ''})"
    return InputError(message, file=source)


def parse_pipeline(data: dict, source: str = "pipeline") -> PipelineConfig:
    try:
        return PipelineConfig.model_validate(data)
    except ValidationError as error:
        raise _format_validation_error(error, source) from None


def load_pipeline(path: str | os.PathLike[str]) -> PipelineConfig:
    """Read and validate a pipeline TOML file; errors name the file and the bad key."""
    file = Path(path)
    if not file.exists() and not file.is_absolute() and (PIPELINES_DIR / file.name).exists() and file.parent == Path("."):
        file = PIPELINES_DIR / file.name
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("fichier de pipeline introuvable", file=str(file)) from None
    except UnicodeDecodeError:
        raise InputError("le fichier n'est pas du texte UTF-8", file=str(file)) from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"TOML invalide : {error}", file=str(file)) from None
    return parse_pipeline(data, str(file))


def bundled_pipelines() -> list[Path]:
    return sorted(PIPELINES_DIR.glob("*.toml"))


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def _to_toml(data: dict) -> str:
    """A small TOML writer for our flat two-level configurations."""
    lines, tables = [], []
    for key, value in data.items():
        if value is None:
            continue
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{key} = {_toml_value(value)}")
    for name, table in tables:
        lines.append("")
        lines.append(f"[{name}]")
        nested = []
        for key, value in table.items():
            if value is None:
                continue
            if isinstance(value, dict):
                nested.append((key, value))
            else:
                lines.append(f"{key} = {_toml_value(value)}")
        for key, value in nested:
            if value:
                lines.append("")
                lines.append(f"[{name}.{key}]")
                lines.extend(f"{k} = {_toml_value(v)}" for k, v in value.items())
    return "\n".join(lines) + "\n"
