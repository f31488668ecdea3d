"""Pack an image and its human-object pairs for the model."""
import numpy as np
import torch
from mmcv.transforms import BaseTransform
from mmengine.structures import BaseDataElement, InstanceData

from hoi_plugins.registry import TRANSFORMS

PAIR_FIELDS = ('boxes_h', 'boxes_o', 'objects', 'scores_h', 'scores_o', 'has_pose',
               'hoi_labels', 'binary_labels', 'subject_ids', 'object_ids', 'input_scores',
               'input_keep', 'nis_exempt')


@TRANSFORMS.register_module()
class PackHOIInputs(BaseTransform):
    """``inputs``: the image ``[3, H, W]`` uint8 (BGR); ``data_samples``: a ``BaseDataElement``
    whose ``pairs`` (``InstanceData``) hold every ``pair_*`` field present plus ``patterns``
    ``[P, 3, 64, 64]``; ``meta_keys`` become its metainfo.

    Args:
        meta_keys (tuple[str]): keys copied to the metainfo. Defaults to
            ``('img_path', 'file_name', 'img_id', 'ori_shape', 'img_shape')``.
    """

    def __init__(self, meta_keys: tuple = ('img_path', 'file_name', 'img_id', 'ori_shape',
                                           'img_shape')) -> None:
        self.meta_keys = meta_keys

    def transform(self, results: dict) -> dict:
        img = np.ascontiguousarray(results['img'].transpose(2, 0, 1))  # [3, H, W]
        pairs = InstanceData()
        for field in PAIR_FIELDS:
            if f'pair_{field}' in results:
                pairs[field] = torch.from_numpy(np.asarray(results[f'pair_{field}']))
        pairs.patterns = torch.from_numpy(results['interaction_patterns'])
        sample = BaseDataElement(metainfo={k: results[k] for k in self.meta_keys if k in results})
        sample.pairs = pairs
        return dict(inputs=torch.from_numpy(img), data_samples=sample)

    def __repr__(self) -> str:
        return f'{self.__class__.__name__}(meta_keys={self.meta_keys})'
