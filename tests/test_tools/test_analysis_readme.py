"""Every command of tools/analysis/README.md, run as written in a folder of synthetic data."""
import os
import re
import shlex
import subprocess
import sys

import pytest

from hoi_plugins.datasets.synthetic import generate_synthetic
from tests.helpers import PROJECT_ROOT, load_script
from tests.test_tools.test_analysis_tools import write_scalars

README = PROJECT_ROOT / 'tools/analysis/README.md'
COMMANDS = [line.strip() for block in re.findall(r'```shell\n(.*?)```', README.read_text(), re.S)
            for line in block.splitlines() if line.strip()]


@pytest.fixture(scope='module')
def workspace(tmp_path_factory):
    """Small synthetic data sets where the configs look, and a logged run to plot."""
    root = tmp_path_factory.mktemp('analysis_readme')
    for task, sizes in (('video_recognition', dict(num_train=4, num_val=2)),
                        ('hico_det', dict(num_train=2, num_test=1, size=64)),
                        ('integral_action', dict(num_train=6, num_val=2, num_mimetics=1)),
                        ('egtea_gaze', dict(num_train=1, num_test=1))):
        generate_synthetic(task, root / 'data/synthetic' / task, **sizes)
    write_scalars(root / 'work_dirs/quickstart/smoke')
    return root


def test_readme_shows_each_tool():
    tools = {command.split()[1] for command in COMMANDS}
    assert {'tools/analysis/print_config.py', 'tools/analysis/browse_dataset.py',
            'tools/analysis/analyze_logs.py', 'tools/analysis/get_flops.py',
            'tools/analysis/untrained_checkpoint.py', '-m'} <= tools


@pytest.mark.parametrize('command', COMMANDS)
def test_readme_command(command, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    words = shlex.split(command)
    assert words[0] == 'python'
    config = workspace / 'configs'
    if not config.exists():
        config.symlink_to(PROJECT_ROOT / 'configs')
    if words[1].startswith('tools/analysis/'):  # in-process: faster than a new interpreter
        load_script(words[1]).main(words[2:])
        return
    result = subprocess.run([sys.executable, *(str(PROJECT_ROOT / w) if w.startswith('tools/')
                                               else w for w in words[1:])],
                            capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, PYTHONPATH=str(PROJECT_ROOT)))
    output = result.stdout + result.stderr
    if words[1:3] == ['-m', 'hoi_plugins.utils.preflight']:  # no real data, no checkpoint here
        assert result.returncode == 1 and 'Traceback' not in output, output
        assert re.search(r'^  \S+ \(\S+\): ', output, re.M), output
    else:
        assert result.returncode == 0, output[-3000:]
