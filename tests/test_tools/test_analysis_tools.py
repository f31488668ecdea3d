"""tools/analysis/{print_config,browse_dataset,analyze_logs,get_flops,untrained_checkpoint}.py
on generated inputs (issue 15 item 12)."""
from pathlib import Path

import cv2
import numpy as np
import pytest
import torch
from mmengine.config import Config
from mmengine.registry import init_default_scope
from mmengine.visualization import LocalVisBackend

from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.registry import MODELS
from tests.helpers import PROJECT_ROOT, load_script

SMOKE = PROJECT_ROOT / 'configs/smoke/tiny_i3d_synthetic.py'
# config, synthetic task, small sizes, the streams each item must give
SYNTHETIC = {
    'smoke': ('configs/smoke/tiny_i3d_synthetic.py', 'video_recognition',
              dict(num_train=2, num_val=1), ['inputs']),
    'tin': ('configs/tin/tin_r18-16c_12e_hico-det-synthetic.py', 'hico_det', dict(num_train=2, num_test=1, size=64),
            ['inputs']),
    'hotspots': ('configs/hotspots/hotspots_r18-stage1_12e_synthetic.py', 'hotspots',
                 dict(num_train_objects=2, num_test_objects=1, clips_per_object=1),
                 ['clip', 'inactive', 'negative']),
    'gaze_attention': ('configs/gaze_attention/gaze-attention_tiny-r18_1200it_egtea-synthetic.py', 'egtea_gaze',
                       dict(num_train=2, num_test=1), ['inputs', 'gaze_maps']),
    'integral_action': ('configs/integral_action/integral-action-rgb-pose_tsm-r18-w16_15e_synthetic.py',
                        'integral_action', dict(num_train=6, num_val=2, num_mimetics=1),
                        ['imgs', 'heatmap_imgs']),
}


def synthetic_workspace(root: Path, name: str) -> Config:
    """Generate the synthetic data of ``name`` under ``root`` (the cwd) and load its config."""
    config, task, sizes, _ = SYNTHETIC[name]
    generate_synthetic(task, root / 'data/synthetic' / task, **sizes)
    return Config.fromfile(PROJECT_ROOT / config)


def test_print_config_merges_bases_and_options(tmp_path, capsys):
    out = tmp_path / 'merged.py'
    load_script('tools/analysis/print_config.py').main(
        [str(SMOKE), '--cfg-options', 'train_cfg.max_epochs=7', '--out', str(out)])
    printed = capsys.readouterr().out
    assert printed.startswith('Config:\n') and "default_scope = 'hoi_plugins'" in printed
    assert 'max_epochs=7' in printed
    merged = Config.fromfile(out)
    assert merged.train_cfg.max_epochs == 7 and merged.default_scope == 'hoi_plugins'


@pytest.mark.parametrize('name', list(SYNTHETIC))
def test_browse_dataset_draws_every_stream_of_every_synthetic_dataset(name, tmp_path,
                                                                      monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = synthetic_workspace(tmp_path, name)
    browse = load_script('tools/analysis/browse_dataset.py')
    written = browse.browse(cfg, 'vis', split='train', num_items=2, video=True, fps=4)
    streams = SYNTHETIC[name][3]
    for index in range(2):
        for stream in streams:
            image = cv2.imread(f'vis/{index:04d}_{stream}.png')
            assert image is not None and min(image.shape[:2]) >= browse.MIN_SIDE
            drawn = image[browse.TITLE_HEIGHT:]
            assert drawn.std() > 5, f'{stream} of item {index} is blank'
            assert image[:browse.TITLE_HEIGHT].max() > 200  # the title
    videos = [path for path in written if path.suffix == '.mp4']
    assert videos or name == 'tin'  # TIN items are single images
    for video in videos:
        capture = cv2.VideoCapture(str(video))
        assert capture.get(cv2.CAP_PROP_FRAME_COUNT) > 1
        capture.release()


def test_browse_dataset_draws_hoi_boxes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    init_default_scope('hoi_plugins')  # as browse_dataset.py's main does
    cfg = synthetic_workspace(tmp_path, 'tin')
    browse = load_script('tools/analysis/browse_dataset.py')
    item = browse.DATASETS.build(cfg.train_dataloader.dataset)[0]
    plain = browse.to_bgr(item['inputs'].numpy(), rgb=False)
    boxed = browse.draw_pairs(plain, item['data_samples'].pairs)
    x1, y1, x2, y2 = item['data_samples'].pairs.boxes_h[0].int().tolist()
    top_edge = boxed[y1, x1:x2 + 1]
    assert (top_edge == (255, 0, 0)).all(axis=1).mean() > 0.5  # the human box, blue (BGR)
    assert not (plain[y1, x1:x2 + 1] == (255, 0, 0)).all(axis=1).any()


def test_frames_of_each_layout():
    browse = load_script('tools/analysis/browse_dataset.py')
    assert browse.as_frames(np.zeros((3, 8, 9))).shape == (1, 3, 8, 9)  # image
    assert browse.as_frames(np.zeros((5, 8, 9))).shape == (5, 1, 8, 9)  # maps
    assert browse.as_frames(np.zeros((4, 3, 8, 9))).shape == (4, 3, 8, 9)  # NCHW frames
    assert browse.as_frames(np.zeros((4, 19, 8, 9))).shape == (4, 19, 8, 9)  # pose heatmaps
    clips = np.arange(2 * 3 * 4 * 2 * 2).reshape(2, 3, 4, 2, 2)  # NCTHW
    frames = browse.as_frames(clips)
    assert frames.shape == (8, 3, 2, 2) and (frames[5] == clips[1, :, 1]).all()
    rgb = np.zeros((3, 2, 2), np.uint8)
    rgb[0] = 200  # red in RGB
    assert browse.to_bgr(rgb, rgb=True)[0, 0].tolist() == [0, 0, 200]


def write_scalars(work_dir: Path) -> None:
    """A scalars.json as mmengine's LocalVisBackend writes it: 2 epochs of 3 iterations."""
    backend = LocalVisBackend(save_dir=str(work_dir / '20260101_000000' / 'vis_data'))
    for step in range(1, 7):
        epoch = (step - 1) // 3 + 1
        backend.add_scalars(dict(lr=0.1, loss=1.0 / step, data_time=0.01,
                                 time=0.5 if epoch == 1 else 1.0, epoch=epoch, iter=step,
                                 memory=0), step=step)
        if step % 3 == 0:
            backend.add_scalars({'acc/top1': 0.3 * epoch, 'data_time': 0.2, 'time': 9.0},
                                step=epoch)


def test_analyze_logs_curves_and_train_time(tmp_path, capsys):
    analyze = load_script('tools/analysis/analyze_logs.py')
    write_scalars(tmp_path / 'run')
    records = analyze.read_scalars(analyze.scalars_file(str(tmp_path / 'run')))
    steps, loss = analyze.curve(records, 'loss')
    assert steps.tolist() == [1, 2, 3, 4, 5, 6] and loss[-1] == pytest.approx(1 / 6)
    assert analyze.curve(records, 'acc/top1')[0].tolist() == [1, 2]
    assert 9.0 not in analyze.curve(records, 'time')[1]  # timing from the training lines
    assert analyze.default_keys(records) == ['loss', 'acc/top1']
    assert analyze.train_time(records) == dict(
        mean_iter_time=0.75, slowest_epoch=2, slowest_epoch_time=1.0, fastest_epoch=1,
        fastest_epoch_time=0.5)

    png = tmp_path / 'curves.png'
    analyze.main(['plot_curve', str(tmp_path / 'run'), '--keys', 'loss', 'acc/top1',
                  '--title', 'smoke', '--out', str(png)])
    image = cv2.imread(str(png))
    assert image is not None and image.shape[0] > image.shape[1] / 2  # two stacked panels
    assert image.std() > 5
    analyze.main(['cal_train_time', str(tmp_path / 'run')])
    assert 'mean_iter_time 0.75' in capsys.readouterr().out
    with pytest.raises(SystemExit, match='no run logged "acc/top5"'):
        analyze.main(['plot_curve', str(tmp_path / 'run'), '--keys', 'acc/top5', '--out',
                      str(png)])


def test_get_flops_counts_the_model_on_a_real_item(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    synthetic_workspace(tmp_path, 'smoke')
    get_flops = load_script('tools/analysis/get_flops.py')
    result = get_flops.main([str(SMOKE)])
    assert f'Flops: {result["flops_str"]}' in capsys.readouterr().out
    assert result['input_shapes'] == [(1, 1, 3, 8, 32, 32)]  # batch, clips, C, T, H, W
    init_default_scope('hoi_plugins')
    model = MODELS.build(Config.fromfile(SMOKE).model)
    assert result['params'] == sum(p.numel() for p in model.parameters())
    longer = get_flops.main([str(SMOKE), '--cfg-options',
                             'test_dataloader.dataset.pipeline.0.clip_len=16'])
    assert longer['input_shapes'] == [(1, 1, 3, 16, 32, 32)]
    assert 1.8 < longer['flops'] / result['flops'] < 2.2  # a 3D CNN: FLOPs follow the length


def test_get_flops_with_data_samples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    synthetic_workspace(tmp_path, 'hotspots')
    get_flops = load_script('tools/analysis/get_flops.py')
    result = get_flops.main([str(PROJECT_ROOT / SYNTHETIC['hotspots'][0])])
    assert result['flops'] > 0 and result['params'] > 0


def test_untrained_checkpoint_of_any_config(tmp_path):
    tool = load_script('tools/analysis/untrained_checkpoint.py')
    for name, seed in (('a', 3), ('b', 3), ('c', 4)):
        tool.main([str(SMOKE), str(tmp_path / name / 'untrained.pth'), '--seed', str(seed)])
    a, b, c = (torch.load(tmp_path / name / 'untrained.pth', weights_only=False)
               for name in 'abc')
    assert a['meta'] == dict(seed=3, untrained=True)
    init_default_scope('hoi_plugins')
    assert list(a['state_dict']) == list(MODELS.build(Config.fromfile(SMOKE).model).state_dict())
    key = 'backbone.conv1.conv.weight'
    assert torch.equal(a['state_dict'][key], b['state_dict'][key])
    assert not torch.equal(a['state_dict'][key], c['state_dict'][key])
