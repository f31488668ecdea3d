"""What the inferencers of the four methods share: our scope, configs by name, class names,
file outputs and the progress bar."""
import math
from abc import abstractmethod
import os.path as osp
from pathlib import Path
from functools import partial
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

import cv2
import numpy as np
import torch
from mmengine.config import Config, ConfigDict
from mmengine.fileio import load
from mmengine.infer import BaseInferencer
from mmengine.registry import FUNCTIONS, init_default_scope
from rich.progress import track

from hoi_plugins.visualization.writers import write_image, write_json, write_video

CONFIG_ROOT = Path(__file__).resolve().parents[3] / 'configs'
InputType = Union[str, np.ndarray]


def find_config(name: str, config_root: Path = CONFIG_ROOT) -> Tuple[Config, Optional[str]]:
    """The config (and weights, if any) of a model name: a ``Name`` in a ``metafile.yml`` under
    ``configs/``, or the stem of a config file there (``tin_r50_1700k_hico-det``, ``opra``).

    Raises:
        ValueError: naming the folder searched when nothing matches.
    """
    for metafile in sorted(config_root.glob('*/metafile.yml')):
        for entry in load(str(metafile)).get('Models', []):
            if entry.get('Name', '').lower() == name.lower():
                weights = entry.get('Weights')
                return Config.fromfile(str(config_root.parent / entry['Config'])), weights
    matches = sorted(config_root.glob(f'*/{name}.py'))
    if len(matches) != 1:
        found = ', '.join(str(m) for m in matches) or 'nothing'
        raise ValueError(f'model {name!r} is neither a config file nor a model name of '
                         f'{config_root} (metafile.yml names or config file stems); found '
                         f'{found}')
    return Config.fromfile(str(matches[0])), None


def load_label_names(labels: Union[None, str, Sequence[str]]) -> Optional[List[str]]:
    """Class names from a list or a text file with one name per line (None stays None)."""
    if labels is None or not isinstance(labels, str):
        return None if labels is None else list(labels)
    with open(labels) as f:
        return [line.strip() for line in f if line.strip()]


class BaseHOIInferencer(BaseInferencer):
    """mmengine's inferencer in the ``hoi_plugins`` scope, drawing with our visualisation
    functions and writing what it drew.

    ``__call__(inputs, out_dir='', show=False, return_vis=False)`` runs preprocess (the
    config's test pipeline), forward, visualize and postprocess; with ``out_dir`` it writes,
    per input, ``<out_dir>/<name><suffix>`` for each drawn image (``.jpg``) or video (``.mp4``)
    and ``<out_dir>/<name>.json`` with the predictions. The written paths are in
    ``result['written']``.

    Args:
        model (str | dict | Config): a config file, config object or model name (a metafile
            ``Name`` or config stem under ``configs/``).
        weights (str, optional): a checkpoint. Without it the model keeps its initial weights
            (with a warning). Defaults to None.
        device (str, optional): Defaults to the available device.
        label_names (str | Sequence[str], optional): class names (a list or a file with one
            per line); else the checkpoint's ``dataset_meta['classes']``, else the indices.
        show_progress (bool): show a progress bar over the inputs. Defaults to True.
    """

    input_suffixes: Tuple[str, ...] = ('.jpg', '.jpeg', '.png', '.bmp')

    def __init__(self, model: Union[str, dict, Config], weights: Optional[str] = None,
                 device: Optional[str] = None,
                 label_names: Union[None, str, Sequence[str]] = None,
                 show_progress: bool = True) -> None:
        init_default_scope('hoi_plugins')
        super().__init__(model=model, weights=weights, device=device, scope='hoi_plugins')
        self.show_progress = show_progress
        self.label_names = load_label_names(label_names) or list(
            self.model.dataset_meta.get('classes', []))

    def _load_model_from_metafile(self, model: str) -> Tuple[Config, Optional[str]]:
        return find_config(model)

    def _load_weights_to_model(self, model: torch.nn.Module, checkpoint: Optional[dict],
                               cfg: Optional[ConfigDict]) -> None:
        """Load the weights and keep the checkpoint's ``dataset_meta`` (``{}`` without)."""
        super()._load_weights_to_model(model, checkpoint, cfg)
        meta = (checkpoint or {}).get('meta') or {}
        model.dataset_meta = dict(meta.get('dataset_meta') or {})

    def _init_collate(self, cfg: ConfigDict) -> Callable:
        """The config's test ``collate_fn`` (a name or a dict with arguments), else
        ``pseudo_collate``, as the runner builds it."""
        collate = dict(cfg.get('test_dataloader', {}).get('collate_fn') or
                       dict(type='pseudo_collate'))
        function = collate.pop('type')
        if isinstance(function, str):
            with FUNCTIONS.switch_scope_and_registry(self.scope) as registry:
                function = registry.get(function)
        return partial(function, **collate)

    def _init_visualizer(self, cfg: ConfigDict) -> None:
        """The drawing is done by ``hoi_plugins.visualization`` functions."""
        return None

    def class_name(self, index: int) -> str:
        return self.label_names[index] if index < len(self.label_names) else str(index)

    def top_k(self, scores: np.ndarray, k: int = 5) -> List[Tuple[str, float]]:
        """The ``k`` best (class name, score) of ``[num_classes]`` scores."""
        return [(self.class_name(int(i)), float(scores[i]))
                for i in np.argsort(-scores, kind='stable')[:k]]

    def video_scores_dict(self, pred: dict, num_frames: int) -> dict:
        """The JSON summary of a video's class scores: ``video``, ``fps``, ``num_frames``,
        ``pred_label``, ``top5`` (label and score) and every class's score."""
        top5 = self.top_k(pred['scores'])
        return dict(video=pred['video'], fps=pred['fps'], num_frames=num_frames,
                    pred_label=top5[0][0], top5=[dict(label=n, score=s) for n, s in top5],
                    scores=pred['scores'].tolist())

    def _inputs_to_list(self, inputs: Union[InputType, Sequence[InputType]]) -> list:
        """A folder becomes its files with one of ``input_suffixes``, sorted by name."""
        if isinstance(inputs, (str, Path)) and osp.isdir(inputs):
            return [str(p) for p in sorted(Path(inputs).iterdir())
                    if p.suffix.lower() in self.input_suffixes]
        if isinstance(inputs, (str, Path)):
            if not osp.isfile(inputs):
                raise FileNotFoundError(f'{inputs}: no such file or folder')
            return [str(inputs)]
        return list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]

    @staticmethod
    def input_name(inputs: InputType, index: int) -> str:
        """The file stem of a path input, else the input's index."""
        return Path(inputs).stem if isinstance(inputs, str) else f'{index:06d}'

    def __call__(self, inputs: Union[InputType, Sequence[InputType]], out_dir: str = '',
                 show: bool = False, return_vis: bool = False,
                 return_datasamples: bool = False, batch_size: int = 1, **kwargs) -> dict:
        """Predict, draw and write the results of ``inputs`` (a path, an array, a folder or a
        list of them).

        Returns:
            dict: ``predictions`` (one JSON-ready dict per input, or the data samples),
            ``visualization`` (with ``return_vis``: per input, a dict suffix -> drawn image
            ``[H, W, 3]`` or frames ``[T, H, W, 3]``, BGR) and ``written`` (paths).
        """
        preprocess_kwargs, forward_kwargs, visualize_kwargs, postprocess_kwargs = \
            self._dispatch_kwargs(**kwargs)
        ori_inputs = self._inputs_to_list(inputs)
        if not ori_inputs:
            raise FileNotFoundError(f'{inputs}: no inputs (an empty folder?)')
        batches = self.preprocess(ori_inputs, batch_size=batch_size, **preprocess_kwargs)
        if self.show_progress:
            batches = track(batches, description=type(self).__name__,
                            total=math.ceil(len(ori_inputs) / batch_size))
        preds = []
        for data in batches:
            preds.extend(self.forward(data, **forward_kwargs))
        visualization = None
        if return_vis or show or out_dir:
            visualization = self.visualize(ori_inputs, preds, show=show, **visualize_kwargs)
        results = self.postprocess(preds, visualization, return_datasamples,
                                   **postprocess_kwargs)
        results['written'] = []
        if out_dir:
            for index, item in enumerate(ori_inputs):
                stem = osp.join(out_dir, self.input_name(item, index))
                results['written'].extend(self.save(
                    stem, visualization[index],
                    None if return_datasamples else results['predictions'][index]))
        if not return_vis:
            results.pop('visualization')
        return results

    def save(self, stem: str, drawn: Dict[str, np.ndarray], prediction: Optional[dict]
             ) -> List[str]:
        """Write one input's drawings (``<stem><suffix>.jpg`` / ``.mp4``) and predictions
        (``<stem>.json``); return the paths written."""
        written = []
        for suffix, content in drawn.items():
            if content.ndim == 4:
                written.append(write_video(f'{stem}{suffix}.mp4', content,
                                           prediction.get('fps', 30.0) if prediction else 30.0))
            else:
                written.append(write_image(f'{stem}{suffix}.jpg', content))
        if prediction is not None:
            written.append(write_json(f'{stem}.json', prediction))
        return written

    @staticmethod
    def show_drawing(drawn: Dict[str, np.ndarray], wait_time: int = 0) -> None:
        """Show each drawing in a window (videos frame by frame)."""
        for suffix, content in drawn.items():
            for frame in (content if content.ndim == 4 else [content]):
                cv2.imshow(suffix or 'result', frame)
                cv2.waitKey(max(wait_time, 1))

    def postprocess(self, preds: List[Any], visualization: Optional[List[dict]],
                    return_datasamples: bool = False, **kwargs) -> dict:
        """``predictions``: the data samples or their JSON-ready dicts (:meth:`pred_to_dict`)."""
        if return_datasamples:
            return dict(predictions=[p.get('data_sample', p) for p in preds],
                        visualization=visualization)
        return dict(predictions=[self.pred_to_dict(p) for p in preds],
                    visualization=visualization)

    @abstractmethod
    def pred_to_dict(self, pred: dict) -> dict:
        """A JSON-ready dict of one prediction."""


VIDEO_SUFFIXES = ('.mp4', '.avi', '.mkv', '.mov', '.webm', '.m4v')


def read_video(path: Union[str, Path]) -> Tuple[np.ndarray, float]:
    """All frames of a video file, BGR uint8 ``[T, H, W, 3]``, and its frame rate (30 when the
    file does not say).

    Raises:
        IOError: naming the file when it cannot be opened or has no decodable frame.
    """
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise IOError(f'{path}: OpenCV cannot open this video')
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    if not frames:
        raise IOError(f'{path}: no frame could be decoded')
    return np.stack(frames), float(fps)


def find_videos(source: Union[str, Path]) -> List[Path]:
    """``source`` itself when it is a file, else the videos (``VIDEO_SUFFIXES``) at any depth
    under it, sorted.

    Raises:
        FileNotFoundError: naming ``source`` when it holds no video.
    """
    if osp.isfile(source):
        return [Path(source)]
    videos = sorted(path for path in Path(source).rglob('*')
                    if path.suffix.lower() in VIDEO_SUFFIXES)
    if not videos:
        raise FileNotFoundError(f'{source}: no video ({", ".join(VIDEO_SUFFIXES)}) found')
    return videos


def video_name(video: Path, source: Union[str, Path], keep_subdirs: bool = False) -> str:
    """The name of what a data tool writes for a video of :func:`find_videos`: its file name
    without the extension, under its sub-folders of ``source`` with ``keep_subdirs``."""
    if keep_subdirs and osp.isdir(source):
        return str(video.relative_to(source).with_suffix(''))
    return video.stem


def video_pipeline(steps: Sequence[dict], ground_truth_steps: Sequence[str] = (),
                   resize_short_side: Optional[int] = None) -> List[dict]:
    """A clip test pipeline that reads a video file with mmaction2's ``OpenCVInit`` /
    ``OpenCVDecode`` instead of frame folders (``RawFrameDecode``), without the steps that
    need ground truth.

    Dataset frames are stored at the size the pipeline expects; a user's video is not. When the
    pipeline has no ``Resize``, ``Resize(scale=(-1, S))`` follows the decoding, with ``S`` =
    ``resize_short_side`` or the side of the pipeline's ``CenterCrop`` (the crop then spans
    the frame's short side).
    """
    has_resize = any(step['type'] == 'Resize' for step in steps)
    if resize_short_side is None:
        crops = [step['crop_size'] for step in steps if step['type'] == 'CenterCrop']
        crop = crops[0] if crops else None
        resize_short_side = min(crop) if isinstance(crop, (tuple, list)) else crop
    out = [dict(type='OpenCVInit')]
    for step in steps:
        if step['type'] in ground_truth_steps:
            continue
        if step['type'] == 'RawFrameDecode':
            out.append(dict(type='OpenCVDecode'))
            if resize_short_side is not None and not has_resize:
                out.append(dict(type='Resize', scale=(-1, resize_short_side)))
        else:
            out.append(step)
    return out
