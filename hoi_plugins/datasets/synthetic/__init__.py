"""Generators of small synthetic datasets in the real on-disk formats, one task per method.

Each task is a function registered in ``SYNTHETIC_TASKS``; it writes a dataset whose labels follow
a learnable rule, so a short CPU run reaches scores far above chance and a broken model does not.
"""
from .base import generate_synthetic, synthetic_task_names
from .video_recognition import generate_video_recognition
from .hico_det import generate_hico_det
from .egtea_gaze import generate_egtea_gaze
from .integral_action import generate_integral_action

__all__ = ['generate_synthetic', 'synthetic_task_names', 'generate_video_recognition',
           'generate_egtea_gaze', 'generate_integral_action', 'generate_hico_det']
from .hotspots import generate_hotspots  # noqa: F401
