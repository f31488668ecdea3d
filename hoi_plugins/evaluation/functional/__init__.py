from .saliency import auc_judd, kld, saliency_scores, sim, summarize_scores  # noqa: F401
