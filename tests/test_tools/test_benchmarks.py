"""The benchmarks the READMEs show (tools/analysis/benchmark_*.py), run small: each runs to the
end on its generated input and prints what the README quotes. The side-by-side benchmarks
against official code have their own tests (test_benchmark_tin_patterns.py,
test_vcoco_official_detections.py)."""
import re

from tests.helpers import run_script


def run_benchmark(name, *args):
    result = run_script(f'tools/analysis/{name}', *args)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return result.stdout


def test_hico_det_eval_benchmark_on_the_real_test_annotations(reference_data):
    out = run_benchmark('benchmark_hico_det_eval.py', '--anno',
                        reference_data / 'hicodet' / 'instances_test2015.json', '--pairs', 2)
    assert re.search(r'mAP default 0\.\d{4}, known-object 0\.\d{4}', out)
    for stage in ('evaluation from arrays', 'parsing the JSON lists',
                  'command line tool, JSON files on disk'):
        assert re.search(rf'{stage}.*: +\d+\.\d\d s', out), stage


def test_hotspots_benchmark_checks_its_bounds():
    out = run_benchmark('benchmark_hotspots.py', '--maps', 50, '--model', 'small',
                        '--repeats', 1, '--threads', 1, '--actions', 2)
    assert 'metric: 1042 maps (224x224 ground truth, as OPRA)' in out
    assert re.search(r'official loop / ours = \d+\.\d\d \(bound >= 1\.4\)', out)
    # the verdict, not its value: timings of a run this small say nothing
    assert out.rstrip().splitlines()[-1] in ('both bounds hold', 'a bound does not hold')


def test_integral_action_data_benchmark_times_each_pipeline():
    out = run_benchmark('benchmark_integral_action_data.py', '--frames', 60,
                        '--videos', 1, '--people', 1, '--repeats', 1)
    for variant in ('ours', 'ours_device_maps', 'ours_npz_device_maps'):
        assert re.search(rf'60 frames +{variant} +\d+\.\d\d / +\d+\.\d\d ms', out), variant
