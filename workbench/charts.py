"""Plotly helpers shared by the pages: reference lines and the Comparer's charts (graph objects
directly: plotly express costs ≈ 60 ms more per drawing)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def reference_line(fig, *, x: float | None = None, y: float | None = None, text: str | None = None,
                   dash: str = "dash", color: str = "#3a3a3a") -> None:
    """A dashed line across the plot at ``y`` (labelled ``text`` on the right) or at ``x``
    (plotly's add_hline/add_vline cost ≈ 20 ms each)."""
    if y is None:
        fig.add_shape(type="line", xref="x", yref="paper", x0=x, x1=x, y0=0, y1=1, line=dict(dash=dash, color=color))
        return
    fig.add_shape(type="line", xref="paper", yref="y", x0=0, x1=1, y0=y, y1=y, line=dict(dash=dash, color=color))
    if text:
        fig.add_annotation(xref="paper", yref="y", x=1, y=y, text=text, showarrow=False, xanchor="right", yanchor="bottom")


def forest_plot(deltas: pd.DataFrame, *, title: str = "") -> Any:
    """A forest plot of metric deltas: one row per (metric, run), point and CI whiskers.

    ``deltas`` has columns ``label``, ``delta``, ``ci_low``, ``ci_high`` and optionally
    ``significant`` (bool) and ``scale`` (the width of the metric's range). When the metrics'
    scales differ (a 0–100 readability beside 0–1 scores), every delta is drawn as a share of its
    scale, so that one axis serves them all; the hover gives the delta itself. Significance is
    shown by the marker shape and the text, not colour.
    """
    import plotly.graph_objects as go

    frame = deltas.iloc[::-1]
    significant = frame.get("significant", pd.Series(False, index=frame.index)).fillna(False).astype(bool)
    scale = frame.get("scale", pd.Series(1.0, index=frame.index)).fillna(1.0).astype(float)
    mixed = scale.nunique() > 1
    if not mixed:
        scale = pd.Series(1.0, index=frame.index)
    delta, low, high = frame["delta"] / scale, frame["ci_low"] / scale, frame["ci_high"] / scale
    fig = go.Figure(
        go.Scatter(
            x=delta,
            y=frame["label"],
            customdata=frame["delta"],
            mode="markers",
            marker=dict(
                size=11,
                color="#000091",
                symbol=["diamond" if s else "circle-open" for s in significant],
                line=dict(width=2, color="#000091"),
            ),
            error_x=dict(
                type="data",
                symmetric=False,
                array=high - delta,
                arrayminus=delta - low,
                color="#3a3a3a",
                thickness=2,
            ),
            hovertemplate="%{y}<br>Δ = %{customdata:.3f}<extra></extra>",
        )
    )
    reference_line(fig, x=0)
    fig.update_layout(
        title=title,
        xaxis_title="écart avec la référence, en part de l'échelle de chaque métrique (IC 95 %)"
        if mixed else "écart avec la référence (IC 95 %)",
        height=max(260, 48 * len(frame) + 120),
        margin=dict(l=10, r=10, t=40 if title else 10, b=40),
        plot_bgcolor="white",
        font=dict(size=14, color="#161616"),
    )
    fig.update_xaxes(gridcolor="#dddddd", zerolinecolor="#3a3a3a", tickfont=dict(size=13, color="#161616"))
    fig.update_yaxes(tickfont=dict(size=14, color="#161616"))
    return fig


def score_boxes(values: dict[str, Any], axis_title: str) -> Any:
    """One box per run (``values``: the run's label → its scores), every point shown."""
    import plotly.graph_objects as go

    return go.Figure(
        [
            go.Box(y=list(scores), name=label, boxpoints="all", marker_color="#000091", line_color="#000091")
            for label, scores in values.items()
        ],
        layout=dict(height=380, margin=dict(l=10, r=10, t=10, b=10), plot_bgcolor="white",
                    font=dict(size=14, color="#161616"), yaxis_title=axis_title, showlegend=False),
    )
