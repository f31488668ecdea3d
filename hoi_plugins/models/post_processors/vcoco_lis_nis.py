"""TIN's test-time scoring on V-COCO: LIS, the object prior and NIS (``tools/Vcoco_lis_nis.py``).

The model has the official 29 outputs (:data:`TIN_VCOCO_CLASSES`: 25 ``<action>_<role>``
classes and 4 agent-only actions). Per pair, the official ``generate_pkl`` computes
``LIS(human score) * LIS(object score) * prior(scores)`` with ``LIS(x) = 6 / (1 + exp(6 - 7x))``
(L128, L134, L181, L304) and the prior of ``apply_prior`` and ``prior_mask`` (L173-179).
Per (human, class) it then keeps the best-scoring object only (L185) and replaces that
object's score by 0 with a NaN box when NIS judges the pair non-interactive (per-object
thresholds of L23) or the object is a person (L251). This module computes the pair scores and
that suppression; the per-human choice is the metric's (``VCOCOMetric(one_per_human=True)``),
which also turns a zero score into a NaN box (L247) and writes the agent scores (L188-233).
"""
import pickle
from typing import Optional, Sequence, Tuple, Union

import numpy as np
import torch

from hoi_plugins.class_tables import hico_det_classes
from hoi_plugins.registry import MODELS
from .non_interaction_suppression import low_grade_instance_suppression

# official: the 29 outputs of TIN_VCOCO.py in the order of iCAN's Data/action_index.json
TIN_VCOCO_CLASSES = (
    'surf_instr', 'ski_instr', 'cut_instr', 'walk', 'cut_obj', 'ride_instr',
    'talk_on_phone_instr', 'kick_obj', 'work_on_computer_instr', 'eat_obj', 'sit_instr',
    'jump_instr', 'lay_instr', 'drink_instr', 'carry_obj', 'throw_obj', 'eat_instr', 'smile',
    'look_obj', 'hit_instr', 'hit_obj', 'snowboard_instr', 'run', 'point_instr', 'read_obj',
    'hold_obj', 'skateboard_instr', 'stand', 'catch_obj')

# official: tools/Vcoco_lis_nis.py L23, (t_inter, t_no) per contiguous COCO id 1..80
OFFICIAL_VCOCO_OBJECT_THRESHOLDS = (
    (1e-05, 0.85), (0.0015, 0.8), (0.0002, 0.85), (0.001, 0.8), (0.0007, 0.85), (0.0007, 0.85),
    (0.002, 0.8), (1e-04, 0.85), (5e-05, 0.85), (1e-05, 0.85), (0.0007, 0.85), (0.0007, 0.85),
    (0.0007, 0.85), (0.0002, 0.85), (0.0007, 0.85), (1e-05, 0.85), (1e-05, 0.85), (0.01, 0.95),
    (0.0008, 0.8), (1e-05, 0.85), (5e-05, 0.95), (0.0007, 0.85), (0.0007, 0.85), (0.0007, 0.85),
    (0.00015, 1.0), (5e-05, 0.85), (1e-04, 0.9), (0.004, 0.75), (0.0004, 0.9), (0.01, 0.9),
    (0.01, 0.9), (1e-05, 0.95), (0.005, 0.95), (0.0007, 0.85), (1e-05, 0.85), (1e-05, 0.85),
    (5e-05, 0.95), (1e-05, 0.95), (0.001, 0.95), (0.05, 0.8), (0.005, 0.8), (0.1, 0.75),
    (0.005, 0.8), (0.001, 0.8), (0.007, 0.75), (0.0008, 0.8), (0.0015, 0.85), (0.004, 0.75),
    (0.0007, 0.9), (0.0004, 0.85), (0.00015, 0.8), (0.005, 0.8), (1e-04, 0.8), (0.0035, 0.8),
    (0.002, 0.9), (5e-05, 0.85), (0.005, 0.8), (0.0015, 0.85), (1e-05, 0.85), (0.0025, 0.9),
    (0.05, 0.75), (0.0007, 0.85), (0.0007, 0.85), (1e-05, 0.9), (0.0007, 0.85), (0.05, 0.9),
    (1e-05, 0.85), (0.0015, 1.0), (1e-05, 0.85), (1e-05, 0.85), (0.0007, 0.85), (0.0007, 0.85),
    (0.0007, 0.85), (0.003, 0.75), (0.0007, 0.85), (1e-05, 0.85), (0.0035, 0.9), (0.05, 0.75),
    (1e-05, 0.85), (1e-05, 0.85))

# official: tools/Vcoco_lis_nis.py apply_prior L52-116: class -> the contiguous COCO ids (1..80)
# its object may have; ``('not', ids)``: every object but these
OFFICIAL_VCOCO_PRIOR = {
    'snowboard_instr': (32, ), 'read_obj': (74, ), 'kick_obj': (33, ),
    'drink_instr': (41, 40, 42, 46), 'skateboard_instr': (37, ), 'surf_instr': (38, ),
    'ski_instr': (31, ), 'work_on_computer_instr': (64, ), 'cut_instr': (77, 43, 44),
    'throw_obj': (33, 30), 'catch_obj': (33, 30), 'talk_on_phone_instr': (68, ),
    'lay_instr': (14, 61, 62, 60, 58, 57), 'jump_instr': (32, 31, 37, 38),
    'eat_obj': (47, 48, 49, 50, 51, 52, 53, 54, 55, 56), 'eat_instr': (43, 44, 45),
    'hit_instr': (39, 35), 'hit_obj': (33, ),
    'ride_instr': (2, 4, 6, 8, 9, 7, 5, 3, 18, 21),
    'sit_instr': (2, 4, 18, 21, 14, 57, 58, 60, 62, 61, 29, 27, 25),
    'cut_obj': ('not', (1, ))}

PERSON = 1  # contiguous COCO id of "person"


def official_prior_table(class_names: Sequence[str], num_objects: int = 80) -> np.ndarray:
    """``[C, num_objects + 1]`` 0/1 table of ``apply_prior`` (column = contiguous COCO id)."""
    table = np.ones((len(class_names), num_objects + 1), dtype=np.float32)
    for c, name in enumerate(class_names):
        rule = OFFICIAL_VCOCO_PRIOR.get(name)
        if rule is None:
            continue
        if rule[0] == 'not':
            table[c, list(rule[1])] = 0
        else:
            allowed = np.zeros(num_objects + 1, dtype=bool)
            allowed[list(rule)] = True
            table[c, ~allowed] = 0
    return table


@MODELS.register_module()
class VCOCONonInteractionSuppression:
    """LIS, the object prior and NIS of TIN on V-COCO; same interface as
    :class:`NonInteractionSuppression`.

    Returns the pair scores ``LIS(h) * LIS(o) * prior(s)`` and ``keep``: False for every
    role class of a pair that NIS judges non-interactive or whose object is a person. As in
    the official code, ``keep`` applies *after* the best object of each (human, class) is
    chosen on the scores (``VCOCOMetric(one_per_human=True)``): a suppressed best object
    gives the role score 0 and no box, it does not pass the role to the next object.
    Agent-only classes (no ``_``-role suffix in ``class_names``) are always kept.

    Args:
        class_names (Sequence[str]): the model's outputs. Defaults to the official 29
            (:data:`TIN_VCOCO_CLASSES`).
        lis (Sequence[float] | None): (a, b, c, d) of LIS, None to switch it off. Defaults to
            the official (6, 6, 7, 0).
        object_thresholds (Sequence | str | None): per contiguous COCO id 1..80 the NIS
            ``(t_inter, t_no)``; ``'official'`` for the official table. A pair is
            non-interactive when ``P(interaction) < t_inter`` and ``P(no interaction) > t_no``.
            None switches NIS off. Defaults to ``'official'``.
        prior (bool): apply the official ``apply_prior`` rules. Defaults to True.
        prior_mask (str | np.ndarray | None): the official ``Data/prior_mask.pkl`` (``[C,
            K]``, indexed by contiguous COCO id) or its path; None for none. Defaults to None.
        suppress_person_objects (bool): role scores of pairs whose object is a person are
            suppressed, as the official ``class_O == 1`` test does. Defaults to True.
    """

    def __init__(self, class_names: Sequence[str] = TIN_VCOCO_CLASSES,
                 lis: Optional[Sequence[float]] = (6.0, 6.0, 7.0, 0.0),
                 object_thresholds: Union[str, Sequence, None] = 'official',
                 prior: bool = True, prior_mask: Union[str, np.ndarray, None] = None,
                 suppress_person_objects: bool = True) -> None:
        self.class_names = tuple(class_names)
        self.lis = lis
        self.suppress_person_objects = suppress_person_objects
        coco_ids = np.asarray(hico_det_classes().object_coco_ids)  # [80] COCO id per object
        # HICO object index -> contiguous COCO id (1..80, in COCO id order)
        contiguous = np.empty(len(coco_ids), dtype=np.int64)
        contiguous[np.argsort(coco_ids)] = np.arange(1, len(coco_ids) + 1)
        self.contiguous = torch.from_numpy(contiguous)
        if object_thresholds == 'official':
            object_thresholds = OFFICIAL_VCOCO_OBJECT_THRESHOLDS
        self.thresholds = None if object_thresholds is None else torch.tensor(
            [(np.nan, np.nan)] + [tuple(t) for t in object_thresholds], dtype=torch.float64)
        table = official_prior_table(self.class_names) if prior else \
            np.ones((len(self.class_names), len(coco_ids) + 1), np.float32)
        if isinstance(prior_mask, str):
            with open(prior_mask, 'rb') as f:
                prior_mask = pickle.load(f, encoding='latin1')
        if prior_mask is not None:
            prior_mask = np.asarray(prior_mask, dtype=np.float32)
            if prior_mask.shape[0] != len(self.class_names) or prior_mask.shape[1] <= 80:
                raise ValueError(f'prior_mask: expected shape [{len(self.class_names)}, K > 80] '
                                 f'(indexed by contiguous COCO id), got {prior_mask.shape}')
            table = table * prior_mask[:, :table.shape[1]]
        self.prior = torch.from_numpy(table)  # [C, 81]
        self.role_classes = torch.tensor(['_' in n and n.rsplit('_', 1)[1] in ('obj', 'instr')
                                          for n in self.class_names])

    def suppressed(self, binary_probs: torch.Tensor, coco: torch.Tensor) -> torch.Tensor:
        """``[P]`` bool: NIS (``binary_probs`` ``[P, 2]`` = (no interaction, interaction))."""
        drop = torch.zeros(len(coco), dtype=torch.bool, device=binary_probs.device)
        if self.thresholds is not None:
            thr = self.thresholds.to(binary_probs.device)[coco]  # [P, 2] (t_inter, t_no)
            probs = binary_probs.double()
            drop = (probs[:, 1] < thr[:, 0]) & (probs[:, 0] > thr[:, 1])
        return drop

    def __call__(self, hoi_scores: torch.Tensor, binary_probs: torch.Tensor,
                 objects: torch.Tensor, scores_h: torch.Tensor,
                 scores_o: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        """Pair scores ``[P, C]`` and the kept entries ``[P, C]`` bool.

        Args:
            hoi_scores (torch.Tensor): ``[P, C]`` class scores of each pair.
            binary_probs (torch.Tensor): ``[P, 2]`` (no interaction, interaction) probs.
            objects (torch.Tensor): ``[P]`` HICO object index of each pair.
            scores_h (torch.Tensor): ``[P]`` human detection scores.
            scores_o (torch.Tensor): ``[P]`` object detection scores.
        """
        if hoi_scores.shape[1] != len(self.class_names):
            raise ValueError(f'{self.__class__.__name__}: {hoi_scores.shape[1]} scores per '
                             f'pair, expected {len(self.class_names)} ({self.class_names})')
        coco = self.contiguous.to(objects.device)[objects]  # [P] 1..80
        scores = hoi_scores * self.prior.to(hoi_scores.device)[:, coco].T  # [P, C]
        if self.lis is not None:
            weight = (low_grade_instance_suppression(scores_h, *self.lis)
                      * low_grade_instance_suppression(scores_o, *self.lis))  # [P]
            scores = scores * weight[:, None]
        drop = self.suppressed(binary_probs, coco)
        if self.suppress_person_objects:
            drop = drop | (coco == PERSON)
        keep = ~(drop[:, None] & self.role_classes.to(drop.device)[None])  # [P, C]
        return scores, keep

    def __repr__(self) -> str:
        return (f'{self.__class__.__name__}(lis={self.lis}, '
                f'nis={self.thresholds is not None})')
