"""Layout conversion so that mmpose (COCO-17) keypoints drive a Kinetics (OpenPose-18) model."""
from typing import Dict

from mmcv.transforms import BaseTransform

from hoi_plugins.formats.skeletons import coco17_to_openpose18
from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class ConvertCOCO17ToOpenPose18(BaseTransform):
    """Reorder COCO-17 keypoints into OpenPose-18 and add the neck (the shoulders' midpoint).

    Required / modified keys: ``keypoint`` ``(M, T, 17, 2)`` -> ``(M, T, 18, 2)``,
    ``keypoint_score`` ``(M, T, 17)`` -> ``(M, T, 18)``. Put it before the clip sampling when
    the annotations come from mmpose (see :func:`coco17_to_openpose18`).
    """

    def transform(self, results: Dict) -> Dict:
        results['keypoint'], results['keypoint_score'] = coco17_to_openpose18(
            results['keypoint'], results['keypoint_score'])
        return results
