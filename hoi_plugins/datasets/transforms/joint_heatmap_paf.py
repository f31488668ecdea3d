"""IntegralAction's pose input: joint heatmaps and part affinity fields on a small grid."""
from typing import Dict, Sequence, Tuple

import numpy as np
import torch
from mmcv.transforms import BaseTransform

from hoi_plugins.formats.skeletons import OPENPOSE18_LIMBS
from hoi_plugins.registry import TRANSFORMS


def draw_joint_heatmaps(coords: torch.Tensor, scores: torch.Tensor, size: Tuple[int, int],
                        sigma: float, score_thr: float) -> torch.Tensor:
    """Joint heatmaps of the official ``render_gaussian_heatmap`` (main/model.py L24-34).

    Args:
        coords (torch.Tensor): ``(..., K, V, 2)`` grid coordinates of K people.
        scores (torch.Tensor): ``(..., K, V)`` joint scores.
        size (tuple[int, int]): grid ``(h, w)``.
        sigma (float): Gaussian std in grid pixels.
        score_thr (float): a joint is drawn when its score is ``> score_thr``.

    Returns:
        torch.Tensor: ``(..., V, h, w)``, summed over people and clipped at 1.
    """
    h, w = size
    xs = torch.arange(w, dtype=coords.dtype, device=coords.device)
    ys = torch.arange(h, dtype=coords.dtype, device=coords.device)
    gauss_x = torch.exp(-((xs - coords[..., 0:1]) / sigma)**2 / 2)  # [..., K, V, w]
    gauss_y = torch.exp(-((ys - coords[..., 1:2]) / sigma)**2 / 2)  # [..., K, V, h]
    valid = (scores > score_thr).to(coords.dtype)  # [..., K, V]
    heatmap = torch.einsum('...kvh,...kvw,...kv->...vhw', gauss_y, gauss_x, valid)
    return heatmap.clamp(max=1.0)  # [..., V, h, w]


def draw_part_affinity_fields(coords: torch.Tensor, scores: torch.Tensor,
                              limbs: torch.Tensor, size: Tuple[int, int], paf_width: float,
                              score_thr: float) -> torch.Tensor:
    """Part affinity fields of the official ``render_paf`` (main/model.py L36-65).

    Args:
        coords (torch.Tensor): ``(..., K, V, 2)`` grid coordinates of K people.
        scores (torch.Tensor): ``(..., K, V)`` joint scores.
        limbs (torch.Tensor): ``(L, 2)`` joint indices of the limbs.
        size (tuple[int, int]): grid ``(h, w)``.
        paf_width (float): half width of a limb's field in grid pixels.
        score_thr (float): a limb is drawn when both joint scores are ``>= score_thr``.

    Returns:
        torch.Tensor: ``(..., 2L, h, w)`` ordered ``(limb0 x, limb0 y, limb1 x, ...)``,
        averaged over the people covering a pixel.
    """
    h, w = size
    if len(limbs) == 0:
        return coords.new_zeros(coords.shape[:-3] + (0, h, w))
    start = coords[..., limbs[:, 0], :]  # [..., K, L, 2]
    vector = coords[..., limbs[:, 1], :] - start
    length = vector.norm(dim=-1)  # [..., K, L]
    unit = vector / torch.where(length > 0, length, torch.ones_like(length))[..., None]
    xx = torch.arange(w, dtype=coords.dtype, device=coords.device)[None, :] - \
        start[..., 0, None, None]  # [..., K, L, 1, w]
    yy = torch.arange(h, dtype=coords.dtype, device=coords.device)[:, None] - \
        start[..., 1, None, None]  # [..., K, L, h, 1]
    ux, uy = unit[..., 0, None, None], unit[..., 1, None, None]
    along = ux * xx + uy * yy  # [..., K, L, h, w]
    across = (uy * xx - ux * yy).abs()
    both_valid = ((scores[..., limbs[:, 0]] >= score_thr)
                  & (scores[..., limbs[:, 1]] >= score_thr) & (length > 0))
    mask = ((along >= 0) & (along <= length[..., None, None]) & (across <= paf_width)
            & both_valid[..., None, None]).to(coords.dtype)  # [..., K, L, h, w]
    field = torch.stack([(mask * ux).sum(-4), (mask * uy).sum(-4)], dim=-3)
    # [..., L, 2, h, w]
    count = mask.sum(-4).clamp(min=1)[..., None, :, :]  # [..., L, 1, h, w]
    return (field / count).flatten(-4, -3)  # [..., 2L, h, w]


def draw_pose_maps(coords: torch.Tensor, scores: torch.Tensor, size: Tuple[int, int],
                   sigma: float, paf_width: float, score_thr: float,
                   limbs: torch.Tensor) -> torch.Tensor:
    """Joint heatmaps and part affinity fields, ``(..., V + 2L, h, w)`` (see above)."""
    return torch.cat([draw_joint_heatmaps(coords, scores, size, sigma, score_thr),
                      draw_part_affinity_fields(coords, scores, limbs, size, paf_width,
                                                score_thr)], dim=-3)


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
        draw (bool): draw the maps here; with False the selected people's grid coordinates
            and scores are stored instead, ``(T, top_k, V, 3)`` (x, y, score; score 0 pads),
            for ``PoseMapsDataPreprocessor`` to draw the maps on the model's device (pack
            them with ``PackActionInputs(collect_keys=(..., output_key))``). Defaults to
            True.
    """

    def __init__(self, heatmap_size: Tuple[int, int] = (56, 56), sigma: float = 0.5,
                 paf_width: float = 1.0, top_k: int = 5, score_thr: float = 0.1,
                 limbs: Sequence[Tuple[int, int]] = OPENPOSE18_LIMBS,
                 output_key: str = 'heatmap_imgs', draw: bool = True) -> None:
        self.heatmap_size = tuple(heatmap_size)
        self.sigma = sigma
        self.paf_width = paf_width
        self.top_k = top_k
        self.score_thr = score_thr
        self.limbs = np.array(limbs, dtype=np.int64).reshape(-1, 2)
        self.output_key = output_key
        self.draw = draw

    def select_people(self, keypoint: np.ndarray,
                      keypoint_score: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
        """The ``top_k`` most confident people of each frame: ``(T, K, V, 2)``, ``(T, K, V)``."""
        keypoint = keypoint.transpose(1, 0, 2, 3)  # [T, M, V, 2]
        keypoint_score = keypoint_score.transpose(1, 0, 2)  # [T, M, V]
        order = np.argsort(-keypoint_score.mean(-1), axis=1, kind='stable')[:, :self.top_k]
        keypoint = np.take_along_axis(keypoint, order[..., None, None], axis=1)
        keypoint_score = np.take_along_axis(keypoint_score, order[..., None], axis=1)
        return keypoint, keypoint_score

    def transform(self, results: Dict) -> Dict:
        keypoint = np.asarray(results['keypoint'], dtype=np.float32)
        keypoint_score = np.asarray(results['keypoint_score'], dtype=np.float32)
        img_h, img_w = results['img_shape']
        h, w = self.heatmap_size
        coords, scores = self.select_people(keypoint, keypoint_score)
        coords = coords * np.array([w / img_w, h / img_h], dtype=np.float32)
        # [T, K, V, 2] on the grid
        if not self.draw:
            num_frames, num_people = scores.shape[:2]
            points = np.zeros((num_frames, self.top_k) + scores.shape[2:] + (3, ), np.float32)
            points[:, :num_people, :, :2] = coords
            points[:, :num_people, :, 2] = scores
            results[self.output_key] = points  # [T, top_k, V, 3], score 0 pads
            return results
        maps = draw_pose_maps(torch.from_numpy(coords), torch.from_numpy(scores),
                              self.heatmap_size, self.sigma, self.paf_width, self.score_thr,
                              torch.from_numpy(self.limbs))
        results[self.output_key] = maps.numpy()  # [T, V + 2L, h, w]
        return results

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(heatmap_size={self.heatmap_size}, '
                f'sigma={self.sigma}, paf_width={self.paf_width}, top_k={self.top_k}, '
                f'score_thr={self.score_thr}, num_limbs={len(self.limbs)}, '
                f'output_key={self.output_key!r}, draw={self.draw})')
