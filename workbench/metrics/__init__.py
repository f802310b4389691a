"""Metrics: one registry, one result type (see ``registry``)."""

from workbench.metrics.registry import (
    BatchMetric,
    Input,
    Metric,
    MetricError,
    MetricInfo,
    MetricResult,
    ModelMetric,
    Sample,
    all_metrics,
    check_requirements,
    default_metric_ids,
    resolve,
)

__all__ = [
    "BatchMetric",
    "Input",
    "Metric",
    "MetricError",
    "MetricInfo",
    "MetricResult",
    "ModelMetric",
    "Sample",
    "all_metrics",
    "check_requirements",
    "default_metric_ids",
    "resolve",
]
