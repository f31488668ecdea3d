"""IntegralAction's pose input: joint heatmaps and part affinity fields on a small grid."""
from typing import Dict, Sequence, Tuple

import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.formats.skeletons import OPENPOSE18_LIMBS
from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class GenerateJointHeatmapPAF(BaseTransform):
    """Render the official IntegralAction pose maps of every sampled frame.

    Per frame, the ``top_k`` people with the highest mean joint score are kept. Keypoints (in
    pixels of ``img_shape``, i.e. after the crop / resize / flip applied to the RGB frames) are
    scaled onto a ``heatmap_size`` grid, then:

    - joint heatmaps: a Gaussian of std ``sigma`` grid pixels per joint and person, kept where
      the joint score is ``> score_thr``, summed over people and clipped at 1: ``(V, h, w)``;
    - part affinity fields: for each limb, the unit vector from its first to its second joint
      on grid pixels whose projection falls on the segment and whose distance to the limb line
      is ``<= paf_width``, when both joint scores are ``>= score_thr``; averaged over the
      people covering a pixel: ``(2 * L, h, w)`` ordered ``(limb0 x, limb0 y, limb1 x, ...)``.

    Keypoints outside the crop are rendered like the official code does: only the part of their
    Gaussian (or limb) that falls on the grid remains. This differs from mmaction2's
    ``GeneratePoseTarget`` (score-weighted maxima, limb heatmaps instead of vector fields),
    which a config can use instead (with ``scaling`` to reach the grid size).

    Required keys: ``keypoint`` ``(M, T, V, 2)``, ``keypoint_score`` ``(M, T, V)``,
    ``img_shape``. Added key: ``heatmap_imgs`` (or ``output_key``) ``(T, V + 2L, h, w)``
    float32.

    Args:
        heatmap_size (tuple[int, int]): grid ``(h, w)``. Defaults to (56, 56).
        sigma (float): Gaussian std in grid pixels. Defaults to 0.5.
        paf_width (float): half width of a limb's field in grid pixels. Defaults to 1.0.
        top_k (int): people kept per frame. Defaults to 5.
        score_thr (float): joint score threshold. Defaults to 0.1.
        limbs (Sequence[tuple[int, int]]): joint pairs of the limbs; empty for heatmaps only.
            Defaults to the 17 OpenPose-18 limbs of the Kinetics skeletons.
        output_key (str): result key of the maps. Defaults to 'heatmap_imgs'.
    """

    def __init__(self, heatmap_size: Tuple[int, int] = (56, 56), sigma: float = 0.5,
                 paf_width: float = 1.0, top_k: int = 5, score_thr: float = 0.1,
                 limbs: Sequence[Tuple[int, int]] = OPENPOSE18_LIMBS,
                 output_key: str = 'heatmap_imgs') -> None:
        self.heatmap_size = tuple(heatmap_size)
        self.sigma = sigma
        self.paf_width = paf_width
        self.top_k = top_k
        self.score_thr = score_thr
        self.limbs = np.array(limbs, dtype=np.int64).reshape(-1, 2)
        self.output_key = output_key

    def select_people(self, keypoint: np.ndarray,
                      keypoint_score: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """The ``top_k`` most confident people of each frame: ``(T, K, V, 2)``, ``(T, K, V)``."""
        keypoint = keypoint.transpose(1, 0, 2, 3)  # [T, M, V, 2]
        keypoint_score = keypoint_score.transpose(1, 0, 2)  # [T, M, V]
        order = np.argsort(-keypoint_score.mean(-1), axis=1, kind='stable')[:, :self.top_k]
        keypoint = np.take_along_axis(keypoint, order[..., None, None], axis=1)
        keypoint_score = np.take_along_axis(keypoint_score, order[..., None], axis=1)
        return keypoint, keypoint_score

    def joint_heatmaps(self, coords: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """``(T, K, V, 2)`` grid coordinates -> ``(T, V, h, w)`` heatmaps."""
        h, w = self.heatmap_size
        xs = np.arange(w, dtype=np.float32)
        ys = np.arange(h, dtype=np.float32)
        gauss_x = np.exp(-((xs - coords[..., 0:1]) / self.sigma)**2 / 2)  # [T, K, V, w]
        gauss_y = np.exp(-((ys - coords[..., 1:2]) / self.sigma)**2 / 2)  # [T, K, V, h]
        valid = (scores > self.score_thr).astype(np.float32)  # [T, K, V]
        heatmap = np.einsum('tkvh,tkvw,tkv->tvhw', gauss_y, gauss_x, valid)  # [T, V, h, w]
        return np.minimum(heatmap, 1.0)

    def part_affinity_fields(self, coords: np.ndarray, scores: np.ndarray) -> np.ndarray:
        """``(T, K, V, 2)`` grid coordinates -> ``(T, 2L, h, w)`` part affinity fields."""
        h, w = self.heatmap_size
        num_frames = coords.shape[0]
        if len(self.limbs) == 0:
            return np.zeros((num_frames, 0, h, w), dtype=np.float32)
        start = coords[:, :, self.limbs[:, 0]]  # [T, K, L, 2]
        vector = coords[:, :, self.limbs[:, 1]] - start
        length = np.linalg.norm(vector, axis=-1)  # [T, K, L]
        unit = vector / np.where(length > 0, length, 1)[..., None]
        xx = np.arange(w, dtype=np.float32)[None, :] - start[..., 0, None, None]
        yy = np.arange(h, dtype=np.float32)[:, None] - start[..., 1, None, None]
        # [T, K, L, h, w]
        along = unit[..., 0, None, None] * xx + unit[..., 1, None, None] * yy
        across = np.abs(unit[..., 1, None, None] * xx - unit[..., 0, None, None] * yy)
        both_valid = ((scores[:, :, self.limbs[:, 0]] >= self.score_thr)
                      & (scores[:, :, self.limbs[:, 1]] >= self.score_thr) & (length > 0))
        mask = ((along >= 0) & (along <= length[..., None, None])
                & (across <= self.paf_width) & both_valid[..., None, None])
        mask = mask.astype(np.float32)  # [T, K, L, h, w]
        field = np.stack([(mask * unit[..., 0, None, None]).sum(1),
                          (mask * unit[..., 1, None, None]).sum(1)], axis=2)
        # [T, L, 2, h, w]
        count = np.maximum(mask.sum(1), 1)[:, :, None]  # [T, L, 1, h, w]
        return (field / count).reshape(num_frames, -1, h, w)  # [T, 2L, h, w]

    def transform(self, results: Dict) -> Dict:
        keypoint = np.asarray(results['keypoint'], dtype=np.float32)
        keypoint_score = np.asarray(results['keypoint_score'], dtype=np.float32)
        img_h, img_w = results['img_shape']
        h, w = self.heatmap_size
        coords, scores = self.select_people(keypoint, keypoint_score)
        coords = coords * np.array([w / img_w, h / img_h], dtype=np.float32)
        # [T, K, V, 2] on the grid
        heatmaps = self.joint_heatmaps(coords, scores)  # [T, V, h, w]
        fields = self.part_affinity_fields(coords, scores)  # [T, 2L, h, w]
        results[self.output_key] = np.concatenate([heatmaps, fields], 1).astype(np.float32)
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(heatmap_size={self.heatmap_size}, '
                f'sigma={self.sigma}, paf_width={self.paf_width}, top_k={self.top_k}, '
                f'score_thr={self.score_thr}, num_limbs={len(self.limbs)}, '
                f'output_key={self.output_key!r})')
