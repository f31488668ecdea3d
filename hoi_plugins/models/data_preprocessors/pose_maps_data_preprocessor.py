"""IntegralAction's pose maps drawn from keypoints on the model's device, as the official
model does (main/model.py L24-65), instead of on the CPU in the data pipeline."""
from typing import Dict, Sequence, Tuple

import torch
from mmaction.models.data_preprocessors import MultiModalDataPreprocessor

from hoi_plugins.datasets.transforms.joint_heatmap_paf import draw_pose_maps
from hoi_plugins.formats.skeletons import OPENPOSE18_LIMBS
from hoi_plugins.registry import MODELS


@MODELS.register_module()
class PoseMapsDataPreprocessor(MultiModalDataPreprocessor):
    """mmaction2's ``MultiModalDataPreprocessor`` that first draws the joint heatmaps and part
    affinity fields of ``GenerateJointHeatmapPAF`` from the packed keypoints.

    The pipeline ends with ``GenerateJointHeatmapPAF(..., draw=False, output_key=points_key)``
    and ``PackActionInputs(collect_keys=('imgs', points_key))``; each sample's
    ``inputs[points_key]`` ``[T, K, V, 3]`` (grid x, y, score) becomes ``inputs[maps_key]``
    ``[T, V + 2L, h, w]`` on the device the batch was moved to, then every modality goes
    through its ``preprocessors`` entry (one is needed for ``maps_key``).

    Args:
        preprocessors (dict): the per-modality preprocessors of
            ``MultiModalDataPreprocessor``.
        points_key (str): input key of the packed keypoints. Defaults to 'pose_points'.
        maps_key (str): input key of the drawn maps. Defaults to 'heatmap_imgs'.
        heatmap_size (tuple[int, int]): grid ``(h, w)``. Defaults to (56, 56).
        sigma (float): Gaussian std in grid pixels. Defaults to 0.5.
        paf_width (float): half width of a limb's field in grid pixels. Defaults to 1.0.
        score_thr (float): joint score threshold. Defaults to 0.1.
        limbs (Sequence[tuple[int, int]]): joint pairs of the limbs. Defaults to the 17
            OpenPose-18 limbs.
    """

    def __init__(self, preprocessors: Dict, points_key: str = 'pose_points',
                 maps_key: str = 'heatmap_imgs', heatmap_size: Tuple[int, int] = (56, 56),
                 sigma: float = 0.5, paf_width: float = 1.0, score_thr: float = 0.1,
                 limbs: Sequence[Tuple[int, int]] = OPENPOSE18_LIMBS) -> None:
        super().__init__(preprocessors)
        self.points_key = points_key
        self.maps_key = maps_key
        self.heatmap_size = tuple(heatmap_size)
        self.sigma = sigma
        self.paf_width = paf_width
        self.score_thr = score_thr
        self.register_buffer('limbs', torch.tensor(limbs, dtype=torch.long).reshape(-1, 2),
                             persistent=False)

    def forward(self, data: Dict, training: bool = False) -> Dict:
        """Draw ``maps_key`` from ``points_key``, then preprocess every modality."""
        data = self.cast_data(data)
        inputs = data['inputs']
        if self.points_key not in inputs:
            raise KeyError(f'PoseMapsDataPreprocessor needs input "{self.points_key}"; the '
                           f'pipeline packed {sorted(inputs)} (GenerateJointHeatmapPAF('
                           f"draw=False, output_key='{self.points_key}') and "
                           'PackActionInputs(collect_keys=...))')
        points = inputs.pop(self.points_key)  # per sample [T, K, V, 3] (or stacked)
        inputs[self.maps_key] = [
            draw_pose_maps(p[..., :2].float(), p[..., 2].float(), self.heatmap_size,
                           self.sigma, self.paf_width, self.score_thr, self.limbs)
            for p in points]  # per sample [T, V + 2L, h, w]
        return super().forward(data, training)
