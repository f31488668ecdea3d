"""EGTEA Gaze+ file formats: clip names of the split files and the raw BeGaze gaze exports.

A clip name ends with ``-F<start>-F<end>`` (video frame numbers) and starts with the video name
(``P21-R04-ContinentalBreakfast-291175-294945-F006979-F007088`` is in video
``P21-R04-ContinentalBreakfast``).
"""
import re
from typing import Dict, List, Tuple

import numpy as np

GAZE_TYPES = ('untracked', 'fixation', 'saccade', 'unknown', 'truncated')
GAZE_TYPE_IDS = {name: index for index, name in enumerate(GAZE_TYPES)}
# BeGaze event names -> gaze types; any other event is 'unknown'
_BEGAZE_EVENTS = {'Fixation': 'fixation', 'Saccade': 'saccade'}
_CLIP_NAME = re.compile(r'^(?P<video>[^-]+-[^-]+-[^-]+)-.*-F(?P<start>\d+)-F(?P<end>\d+)$')


def parse_clip_name(clip: str, source: str = '<clip name>') -> Tuple[str, int, int]:
    """``P21-R04-X-291175-294945-F006979-F007088`` -> ('P21-R04-X', 6979, 7088)."""
    match = _CLIP_NAME.match(clip)
    if match is None:
        raise ValueError(f'{source}: clip name "{clip}" does not end with -F<start>-F<end> '
                         'after a <participant>-<recipe>-<name> video prefix')
    start, end = int(match['start']), int(match['end'])
    if end <= start:
        raise ValueError(f'{source}: clip "{clip}" ends (F{end}) before it starts (F{start})')
    return match['video'], start, end


def _timecode_to_frame(code: str, fps: int = 24) -> int:
    hours, minutes, seconds, frames = (int(part) for part in code.split(':'))
    return (3600 * hours + 60 * minutes + seconds) * fps + frames


def parse_begaze_file(path: str, resolution: Tuple[int, int] = (960, 1280)) -> np.ndarray:
    """Read an EGTEA gaze file (BeGaze text export, either version) into one row per frame.

    Header lines start with ``##``; a sample line has 7 columns (old export: ``... x y frame
    type``) or 26 (new export: x, y in columns 5, 6, ``hh:mm:ss:ff`` timecode at 24 fps, type).
    Several samples of one frame are averaged. A frame without a sample is ``untracked``; a NaN
    coordinate makes the sample ``untracked``; a point outside ``resolution`` is ``truncated``.

    Args:
        path (str): the gaze file.
        resolution (tuple[int, int]): (height, width) of the gaze coordinates. Defaults to
            (960, 1280).

    Returns:
        np.ndarray: [num_frames, 3] float32 rows ``(x, y, type)``, x and y normalised to [0, 1]
        (NaN where untracked), type an index into :data:`GAZE_TYPES`.
    """
    height, width = resolution
    sums: Dict[int, List[float]] = {}
    with open(path) as file:
        for line_no, line in enumerate(file, start=1):
            values = line.split()
            if not values or values[0].startswith('#') or not values[0][0].isdigit():
                continue  # header, column names, blank
            try:
                if len(values) == 7:
                    x, y = float(values[3]), float(values[4])
                    frame, kind = int(values[5]), values[6]
                elif len(values) == 26:
                    x, y = float(values[5]), float(values[6])
                    frame, kind = _timecode_to_frame(values[-2]), values[-1]
                else:
                    raise ValueError(f'{len(values)} columns (expected 7 or 26)')
            except ValueError as error:
                raise ValueError(f'{path}: line {line_no}: not a BeGaze gaze sample: {error}')
            if frame < 0:
                raise ValueError(f'{path}: line {line_no}: field frame: negative frame {frame}')
            kind_id = GAZE_TYPE_IDS[_BEGAZE_EVENTS.get(kind, 'unknown')]
            if not (np.isfinite(x) and np.isfinite(y)):
                continue  # NaN sample: the frame stays untracked unless another sample has gaze
            if not (0 <= x <= width - 1 and 0 <= y <= height - 1):
                kind_id = GAZE_TYPE_IDS['truncated']
            entry = sums.setdefault(frame, [0.0, 0.0, 0, kind_id])
            entry[0] += x
            entry[1] += y
            entry[2] += 1
            entry[3] = kind_id
    num_frames = max(sums) + 1 if sums else 0
    gaze = np.full((num_frames, 3), np.nan, dtype=np.float32)
    gaze[:, 2] = GAZE_TYPE_IDS['untracked']
    for frame, (x, y, count, kind_id) in sums.items():
        gaze[frame] = (x / count / width, y / count / height, kind_id)
    return gaze

