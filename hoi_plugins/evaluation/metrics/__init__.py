from .saliency_metric import SaliencyMetric  # noqa: F401
