"""Malformed inputs to eval_hoi.py, eval_hotspots.py, make_gt_heatmaps.py and convert_upt.py:
each is one line on stderr naming the file, the item and what was expected (issue 15 item 11);
``--debug`` shows the traceback."""
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from hoi_plugins.datasets.synthetic import generate_synthetic
from hoi_plugins.utils.cli import run_cli
from tests.helpers import PROJECT_ROOT, load_script

TOOLS = dict(eval_hoi='tools/analysis/eval_hoi.py', eval_hotspots='tools/analysis/eval_hotspots.py',
             make_gt='tools/data/opra/make_gt_heatmaps.py',
             convert_upt='tools/data/hico_det/convert_upt.py')


@pytest.fixture(scope='module')
def valid(tmp_path_factory) -> dict:
    """Well-formed inputs of each tool, the malformed ones are made from."""
    root = tmp_path_factory.mktemp('valid')
    generate_synthetic('hico_det', root / 'hico', num_train=1, num_test=2, size=64)
    anno = json.loads((root / 'hico/annotations/test_hico.json').read_text())
    pred = [dict(file_name=image['file_name'], predictions=image['annotations'],
                 hoi_prediction=[dict(pair, score=0.5) for pair in image['hoi_annotation']])
            for image in anno]
    hotspots = dict(test_images=[dict(image=['p', name], verb=1, points=[[3, 4], [5, 6]],
                                      shape=[20, 30]) for name in ('a.jpg', 'b.jpg')],
                    train_images=[])
    upt = dict(filenames=['a.jpg', 'b.jpg'], size=[[64, 48], [64, 48]], correspondence=[],
               annotation=[dict(boxes_h=[[0, 0, 9, 9]], boxes_o=[[5, 5, 20, 20]], hoi=[0],
                                object=[4], verb=[0])] * 2)
    return dict(anno=anno, pred=pred, hotspots=hotspots, upt=upt)


def write(path: Path, content) -> str:
    """Write JSON (dict/list), bytes or arrays (a dict of arrays as .npz) to ``path``."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict) and all(isinstance(v, np.ndarray) for v in content.values()):
        with open(path, 'wb') as file:
            np.savez(file, **content)
    else:
        path.write_text(json.dumps(content))
    return str(path)


def maps(keys, count=None) -> dict:
    count = len(keys) if count is None else count
    return dict(keys=np.array(keys), heatmaps=np.ones((count, 4, 4), np.float32))


def truncated(content) -> bytes:
    text = json.dumps(content).encode()
    return text[:len(text) // 2]


def npz_truncated(d: Path) -> bytes:
    write(d / 'full.npz', maps(['a', 'b']))
    data = (d / 'full.npz').read_bytes()
    return data[:len(data) // 2]


def npy(d: Path) -> bytes:
    np.save(d / 'x.npy', np.ones((2, 4, 4)))
    return (d / 'x.npy').read_bytes()


def bad_subject(pred: list) -> list:
    pred = json.loads(json.dumps(pred))
    pred[1]['hoi_prediction'][0]['subject_id'] = 7
    return pred


# (tool, {file name: content maker}, argv with {name} placeholders, the file at fault,
#  what the message must also say)
CASES = {
    'hoi truncated anno': ('eval_hoi', dict(a=lambda v, d: truncated(v['anno']),
                                            p=lambda v, d: v['pred']),
                           'hico --anno {a} --pred {p}', 'a', ['ends early', 'list of images']),
    'hoi empty pred': ('eval_hoi', dict(a=lambda v, d: v['anno'], p=lambda v, d: b''),
                       'hico --anno {a} --pred {p}', 'p', ['empty file', 'list of images']),
    'hoi pred of the wrong format (UPT dict)': (
        'eval_hoi', dict(a=lambda v, d: v['anno'], p=lambda v, d: v['upt']),
        'hico --anno {a} --pred {p}', 'p', ['holds a JSON dict', 'list of images']),
    'hoi anno of the wrong format (npz)': (
        'eval_hoi', dict(a=lambda v, d: maps(['a']), p=lambda v, d: v['pred']),
        'vcoco --anno {a} --pred {p}', 'a', ['not a text (JSON) file', 'vcoco_json.py']),
    'hoi pred pair id beyond its boxes': (
        'eval_hoi', dict(a=lambda v, d: v['anno'], p=lambda v, d: bad_subject(v['pred'])),
        'hico --anno {a} --pred {p}', 'p', ['image 1', 'subject_id']),
    'hotspots truncated gt': ('eval_hotspots', dict(g=lambda v, d: npz_truncated(d),
                                                    p=lambda v, d: maps(['a', 'b'])),
                              '--gt {g} --pred {p}', 'g', ['truncated', 'heatmaps (N x H x W)']),
    'hotspots empty pred': ('eval_hotspots', dict(g=lambda v, d: maps(['a']),
                                                  p=lambda v, d: b''),
                            '--gt {g} --pred {p}', 'p', ['empty file', 'keys (N strings)']),
    'hotspots text gt': ('eval_hotspots', dict(g=lambda v, d: b'key,map\na,0.5\n'),
                         '--gt {g} --baseline center', 'g', ['not an .npz archive']),
    'hotspots npy as gt': ('eval_hotspots', dict(g=lambda v, d: npy(d)),
                           '--gt {g} --baseline center', 'g', ['single .npy array']),
    'hotspots keys and maps of other lengths': (
        'eval_hotspots', dict(g=lambda v, d: maps(['a', 'b']), p=lambda v, d: maps(['a', 'b'], 3)),
        '--gt {g} --pred {p}', 'p', ['2 keys but 3 heatmaps']),
    'hotspots no heatmaps field': (
        'eval_hotspots', dict(g=lambda v, d: dict(keys=np.array(['a']))),
        '--gt {g} --baseline center', 'g', ['missing field "heatmaps"']),
    'make_gt truncated annotations': ('make_gt', dict(a=lambda v, d: truncated(v['hotspots'])),
                                      '{a} --out {d}/gt.npz', 'a', ['ends early',
                                                                    'annotations.json']),
    'make_gt annotations of the wrong format (list)': (
        'make_gt', dict(a=lambda v, d: v['anno']), '{a} --out {d}/gt.npz', 'a',
        ['holds a JSON list', 'Interaction Hotspots']),
    'make_gt points of odd length': (
        'make_gt', dict(a=lambda v, d: dict(v['hotspots'], test_images=[
            v['hotspots']['test_images'][0], dict(image=['p', 'b.jpg'], verb=2,
                                                  points=[[1, 2, 3]], shape=[9, 9])])),
        '{a} --out {d}/gt.npz', 'a', ['test_images[1]', '"points"', '[x, y] pairs']),
    'make_gt shape of 3 numbers': (
        'make_gt', dict(a=lambda v, d: dict(v['hotspots'], test_images=[dict(
            image=['p', 'b.jpg'], verb=2, points=[], shape=[9, 9, 3])])),
        '{a} --out {d}/gt.npz', 'a', ['test_images[0]', '"shape"', '2 positive sizes']),
    'upt empty': ('convert_upt', dict(s=lambda v, d: b''), '{s} {d}/out.json', 's',
                  ['empty file', 'UPT/PViC']),
    'upt filenames and annotations of other lengths': (
        'convert_upt', dict(s=lambda v, d: dict(v['upt'], filenames=['a.jpg'])),
        '{s} {d}/out.json', 's', ['one entry per image', "'filenames': 1"]),
    'upt pair fields of other lengths': (
        'convert_upt', dict(s=lambda v, d: dict(v['upt'], annotation=[
            v['upt']['annotation'][0], dict(v['upt']['annotation'][0], verb=[0, 1])])),
        '{s} {d}/out.json', 's', ['annotation[1] ("b.jpg")', 'one entry per pair']),
    'upt given our own format': ('convert_upt', dict(s=lambda v, d: v['anno']),
                                 '{s} {d}/out.json', 's', ['holds a JSON list', 'UPT/PViC']),
}


def prepare(case: str, valid: dict, folder: Path):
    tool, files, argv, culprit, expected = CASES[case]
    names = {name: write(folder / f'{name}.{"npz" if tool == "eval_hotspots" else "json"}',
                         make(valid, folder)) for name, make in files.items()}
    return tool, argv.format(d=folder, **names).split(), names[culprit], expected


@pytest.mark.parametrize('case', list(CASES))
def test_malformed_input_is_one_line_naming_file_and_expectation(case, valid, tmp_path, capsys):
    tool, argv, culprit, expected = prepare(case, valid, tmp_path)
    main = load_script(TOOLS[tool]).main
    assert run_cli(main, argv) == 1
    err = capsys.readouterr().err
    assert err.count('\n') == 1 and err.startswith(f'error: {culprit}: '), err
    for text in expected:
        assert text in err, err


def test_cases_cover_each_tool_and_kind():
    tools = [case[0] for case in CASES.values()]
    assert len(CASES) >= 15 and all(tools.count(tool) >= 4 for tool in TOOLS)


def test_command_line_without_and_with_debug(valid, tmp_path):
    tool, argv, culprit, _ = prepare('hoi truncated anno', valid, tmp_path)
    command = [sys.executable, str(PROJECT_ROOT / TOOLS[tool]), *argv]
    result = subprocess.run(command, capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert result.returncode == 1 and 'Traceback' not in result.stderr
    assert result.stderr.startswith(f'error: {culprit}: JSON ends early')
    debug = subprocess.run(command + ['--debug'], capture_output=True, text=True,
                           cwd=PROJECT_ROOT)
    assert debug.returncode == 1 and 'Traceback' in debug.stderr
    assert 'ValueError' in debug.stderr


def test_well_formed_inputs_still_work(valid, tmp_path):
    anno = write(tmp_path / 'a.json', valid['anno'])
    pred = write(tmp_path / 'p.json', valid['pred'])
    report = load_script(TOOLS['eval_hoi']).main(['hico', '--anno', anno, '--pred', pred])
    scored = [c['ap'] for c in report['default']['per_class'] if c['num_gt']]
    assert scored and scored == pytest.approx([1.0] * len(scored))  # ground truth as predictions
    ann = write(tmp_path / 'h.json', valid['hotspots'])
    assert run_cli(load_script(TOOLS['make_gt']).main, [ann, '--out', f'{tmp_path}/gt.npz']) == 0
    assert run_cli(load_script(TOOLS['eval_hotspots']).main,
                   ['--gt', f'{tmp_path}/gt.npz', '--pred', f'{tmp_path}/gt.npz']) == 0
