"""tools/quickstart/metric.py: the quickstart steps' gate on the metrics tools/test.py writes."""
import json
import os
import subprocess
import sys

import pytest

from tests.helpers import PROJECT_ROOT, load_script

metric = load_script('tools/quickstart/metric.py')


def write_run(work_dir, timestamp, text, mtime):
    run = work_dir / timestamp
    run.mkdir(parents=True)
    path = run / f'{timestamp}.json'
    path.write_text(text)
    os.utime(path, (mtime, mtime))


def test_the_newest_run_holding_the_key_wins(tmp_path):
    write_run(tmp_path, '20260101_000000', json.dumps({'acc/top1': 0.25}), 1000)
    write_run(tmp_path, '20260101_000100', json.dumps({'acc/top1': 0.75}), 2000)
    write_run(tmp_path, '20260101_000200', json.dumps({'other': 1.0}), 3000)
    assert metric.latest_test_metrics(tmp_path, 'acc/top1') == {'acc/top1': 0.75}


def test_a_second_rank_tail_after_the_object_is_ignored(tmp_path):
    # two dist_test.sh ranks writing the same file can leave an extra '}'
    write_run(tmp_path, '20260101_000000', '{"hico/default/mAP": 0.7017}}', 1000)
    assert metric.latest_test_metrics(tmp_path, 'hico/default/mAP')['hico/default/mAP'] == 0.7017


@pytest.mark.parametrize('bound, expect_ok', [('--above', True), ('--below', False)])
def test_the_command_fails_when_the_bound_does_not_hold(tmp_path, bound, expect_ok):
    write_run(tmp_path, '20260101_000000', json.dumps({'acc/top1': 0.75}), 1000)
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / 'tools/quickstart/metric.py'), str(tmp_path),
         'acc/top1', bound, '0.25'], capture_output=True, text=True)
    assert result.stdout.strip() == '0.75'
    assert (result.returncode == 0) == expect_ok
    if not expect_ok:
        assert 'is not below 0.25' in result.stderr


def test_a_missing_key_names_the_files(tmp_path):
    write_run(tmp_path, '20260101_000000', json.dumps({'acc/top1': 0.75}), 1000)
    with pytest.raises(SystemExit, match='no test metrics file holds "acc/mean1"'):
        metric.latest_test_metrics(tmp_path, 'acc/mean1')
