"""Interaction hotspots (IntCAM): gradient-weighted activation maps through anticipation.

Works with any recogniser that exposes the anticipation path as two methods:
``inactive_features(images) -> [N, C, h, w]`` (the frame encoder on the inactive images) and
``anticipation_logits(maps) -> [N, K]`` (anticipate, pool, classify as a one-step clip).
"""
from typing import Optional, Sequence, Tuple, Union

import torch
import torch.nn.functional as F


def hotspot_maps(model: torch.nn.Module, features: torch.Tensor,
                 actions: Optional[Sequence[int]] = None
                 ) -> Tuple[torch.Tensor, torch.Tensor]:
    """IntCAM maps of the given actions from encoder maps, in one batched backward pass.

    For action ``c``: ``sum_channels relu(d logit_c / d a * a)`` where ``a`` are the encoder maps
    of the inactive image seen as one time step. The official code runs one backward per action;
    here the one-hot output gradients of all actions are batched (``is_grads_batched``), so the
    forward runs once and the backward once, vectorised over actions.

    Args:
        model (nn.Module): has ``anticipation_logits(maps) -> [N, K]``; should be in eval mode.
        features (torch.Tensor): encoder maps ``[N, C, h, w]``.
        actions (Sequence[int], optional): the actions to map. Defaults to None (all ``K``).

    Returns:
        tuple: ``[N, A, h, w]`` maps, one per requested action (A = len(actions) or K), and
        the logits ``[N, K]`` of the forward pass they come from (detached).
    """
    features = features.detach().requires_grad_(True)
    with torch.enable_grad():
        logits = model.anticipation_logits(features)  # [N, K]
        actions = list(range(logits.shape[1])) if actions is None else list(actions)
        one_hot = torch.zeros(len(actions), *logits.shape, device=logits.device)
        one_hot[torch.arange(len(actions)), :, actions] = 1  # [A, N, K]
        grads, = torch.autograd.grad(logits, features, one_hot,
                                     is_grads_batched=True)  # [A, N, C, h, w]
    cams = F.relu(grads * features.detach()).sum(2)  # [A, N, h, w]
    return cams.transpose(0, 1).contiguous(), logits.detach()  # [N, A, h, w], [N, K]


def interaction_hotspots(
        model: torch.nn.Module, images: torch.Tensor, actions: Optional[Sequence[int]] = None,
        out_size: Optional[Sequence[int]] = None, return_logits: bool = False
) -> Union[torch.Tensor, Tuple[torch.Tensor, torch.Tensor]]:
    """Hotspot heatmaps ``[N, A, h, w]`` (or ``out_size``) of inactive images ``[N, 3, H, W]``.

    The maps are averaged over the hallucinated time steps (one here, as in the official code)
    and, when ``out_size`` is given, upsampled bilinearly to it.

    Args:
        model (nn.Module): recogniser with ``inactive_features`` and ``anticipation_logits``;
            switched to eval mode for the extraction and restored afterwards.
        images (torch.Tensor): normalised inactive images ``[N, 3, H, W]``.
        actions (Sequence[int], optional): actions to map. Defaults to None (all).
        out_size (Sequence[int], optional): ``(H, W)`` to upsample to. Defaults to None.
        return_logits (bool): also return the anticipated action logits ``[N, K]``.
            Defaults to False.
    """
    for method in ('inactive_features', 'anticipation_logits'):
        if not callable(getattr(model, method, None)):
            raise TypeError(f'{type(model).__name__} has no anticipation path: it needs a '
                            f'"{method}" method for hotspot extraction')
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            features = model.inactive_features(images)  # [N, C, h, w]
        cams, logits = hotspot_maps(model, features, actions)  # [N, A, h, w], [N, K]
    finally:
        model.train(was_training)
    if out_size is not None:
        cams = F.interpolate(cams, size=tuple(out_size), mode='bilinear', align_corners=False)
    return (cams, logits) if return_logits else cams
