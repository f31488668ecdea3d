from .saliency_metric import SaliencyMetric  # noqa: F401
from .hico_det_metric import HICODetMetric  # noqa: F401
from .vcoco_metric import VCOCOMetric  # noqa: F401
from .all_class_acc_metric import AllClassAccMetric  # noqa: F401
