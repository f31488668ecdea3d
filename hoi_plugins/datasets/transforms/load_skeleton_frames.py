"""Read the skeletons of the sampled frames of a video from its skeleton file."""
from typing import Dict

import numpy as np
from mmcv.transforms import BaseTransform

from hoi_plugins.formats.skeletons import load_kinetics_skeleton, load_mimetics_pose
from hoi_plugins.registry import TRANSFORMS


@TRANSFORMS.register_module()
class LoadSkeletonFrames(BaseTransform):
    """Convert the people of the sampled frames only (like the official loaders do), in the
    order of ``frame_inds``, to pixels of the stored frames.

    Put it after the clip sampling (``SampleStridedClips``) in pipelines of
    ``PoseRGBDataset`` with ``skeleton_format`` 'kinetics_skeleton' or 'mimetics'. Skeletons
    that come as arrays (``keypoint`` in the results and no ``skeleton_path``: pickle
    annotations, poses held in memory) were picked by the sampler and pass through unchanged.

    Required keys: ``skeleton_path``, ``skeleton_format``, ``frame_inds`` (file numbers),
    ``total_frames``, ``original_shape`` (the size the skeleton file refers to),
    ``img_shape`` (the size of the stored frames); optional ``start_index`` (default 0),
    ``skeleton_frame_index_base`` (default 1).
    Added keys: ``keypoint`` ``(M, len(frame_inds), V, 2)`` and ``keypoint_score``
    ``(M, len(frame_inds), V)``.
    """

    def transform(self, results: Dict) -> Dict:
        if 'skeleton_path' not in results and 'keypoint' in results:
            return results
        frames = np.asarray(results['frame_inds']) - results.get('start_index', 0)
        path, total = results['skeleton_path'], int(results['total_frames'])
        orig_h, orig_w = results['original_shape']
        if results['skeleton_format'] == 'kinetics_skeleton':
            keypoint, score = load_kinetics_skeleton(
                path, total, orig_w, orig_h, frames=frames,
                frame_index_base=results.get('skeleton_frame_index_base', 1))
        elif results['skeleton_format'] == 'mimetics':
            keypoint, score = load_mimetics_pose(path, total, frames=frames)
        else:
            raise ValueError(f'{path}: skeleton_format must be "kinetics_skeleton" or '
                             f'"mimetics", got {results["skeleton_format"]!r}')
        height, width = results['img_shape']
        if (height, width) != (orig_h, orig_w):
            keypoint = keypoint * np.array([width / orig_w, height / orig_h], dtype=np.float32)
        results['keypoint'] = keypoint
        results['keypoint_score'] = score
        return results
