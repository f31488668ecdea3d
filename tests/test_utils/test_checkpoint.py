"""Checkpoints load with weights-only unpickling from every source; bad ones name themselves."""
import functools
import hashlib
import json
import os
import shutil
import sys
import threading
import types
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
import torch
from mmengine.logging import HistoryBuffer, MessageHub
from mmengine.runner import checkpoint as mmengine_checkpoint
from mmengine.runner.checkpoint import CheckpointLoader, _load_checkpoint, save_checkpoint
from torch import nn

from hoi_plugins.utils import (IncompleteCheckpointError, UnsafeCheckpointError,
                               find_resumable_checkpoint, load_checkpoint_safely)
from hoi_plugins.utils.checkpoint import load_url_safely

SERVER_LIFETIME_S = 120  # the test server stops by itself after this, whatever happens


class RunsShellCommand:
    """Unpickling this object runs ``touch <marker>``: what a malicious checkpoint does."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f'touch {self.marker}', )


class ReadsAttribute:
    """Unpickling this reaches ``ndarray.tofile`` through ``getattr``."""

    def __reduce__(self):
        return getattr, (np.zeros(1), 'tofile')


def mmengine_like_checkpoint() -> dict:
    """What ``Runner.save_checkpoint`` writes: weights, optimizer, and a message hub."""
    hub = MessageHub.get_instance('checkpoint-test')
    for value in (1.0, 0.5, np.float64(0.25)):
        hub.update_scalar('train/loss', value)
    hub.update_info('iter', 7)
    model = nn.Linear(2, 2)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.ones(1, 2)).sum().backward()
    optimizer.step()
    state_dict = model.state_dict()
    state_dict['backbone.weight'] = torch.full((2, ), 3.0)  # what mmcls:// keeps
    return dict(
        meta=dict(epoch=1, iter=7, seed=np.int64(3), message_hub=hub.state_dict()),
        state_dict=state_dict, optimizer=optimizer.state_dict())


def test_mmengine_checkpoint_loads_weights_only(tmp_path):
    path = tmp_path / 'iter_7.pth'
    torch.save(mmengine_like_checkpoint(), path)
    with pytest.raises(Exception):  # torch >= 2.6 refuses it without the allow-list
        torch.load(path, weights_only=True)
    checkpoint = load_checkpoint_safely(str(path))
    buffer = checkpoint['meta']['message_hub']['log_scalars']['train/loss']
    assert isinstance(buffer, HistoryBuffer)
    assert buffer.mean() == pytest.approx((1.0 + 0.5 + 0.25) / 3)
    assert buffer.statistics('current') == pytest.approx(0.25)
    assert checkpoint['meta']['seed'] == 3
    # mmengine's own loader goes through ours once hoi_plugins is imported
    assert _load_checkpoint(str(path))['meta']['iter'] == 7


def test_malicious_checkpoint_is_refused_and_runs_nothing(tmp_path):
    marker = tmp_path / 'pwned'
    path = tmp_path / 'evil.pth'
    torch.save(dict(state_dict={}, meta=RunsShellCommand(marker)), path)
    with pytest.raises(UnsafeCheckpointError, match=r'refused to load checkpoint .*evil\.pth'):
        load_checkpoint_safely(str(path))
    with pytest.raises(UnsafeCheckpointError, match='system'):
        _load_checkpoint(str(path))
    assert not marker.exists()


def test_getattr_is_allowed_only_for_history_buffer_statistics(tmp_path):
    path = tmp_path / 'getattr.pth'
    torch.save(dict(meta=ReadsAttribute()), path)
    with pytest.raises(UnsafeCheckpointError, match='tofile'):
        load_checkpoint_safely(str(path))


def test_missing_checkpoint_names_the_file(tmp_path):
    with pytest.raises(FileNotFoundError, match='nothing.pth'):
        load_checkpoint_safely(str(tmp_path / 'nothing.pth'))


# ---------------------------------------------------------------- every CheckpointLoader scheme


class QuietHandler(SimpleHTTPRequestHandler):

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server(tmp_path):
    """``(folder, base URL)``: a server on 127.0.0.1 serving ``folder``, stopped after the test
    (or by itself after ``SERVER_LIFETIME_S``)."""
    folder = tmp_path / 'served'
    folder.mkdir()
    server = ThreadingHTTPServer(('127.0.0.1', 0),
                                 functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, kwargs=dict(poll_interval=0.05),
                              daemon=True)
    thread.start()
    stopper = threading.Timer(SERVER_LIFETIME_S, server.shutdown)
    stopper.daemon = True
    stopper.start()
    yield folder, f'http://127.0.0.1:{server.server_port}'
    stopper.cancel()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def via_http(name, base, tmp_path, monkeypatch):
    return f'{base}/{name}'


def via_open_mmlab(prefix):

    def path(name, base, tmp_path, monkeypatch):
        home = tmp_path / 'mmengine_home'
        home.mkdir(exist_ok=True)
        monkeypatch.setenv('MMENGINE_HOME', str(home))
        (home / 'open_mmlab.json').write_text(json.dumps({'test/model': f'{base}/{name}'}))
        return f'{prefix}test/model'

    return path


def via_open_mmlab_local_file(name, base, tmp_path, monkeypatch):
    """``open-mmlab://`` names whose table entry is a path under ``MMENGINE_HOME``."""
    home = tmp_path / 'mmengine_home'
    (home / 'local').mkdir(parents=True)
    monkeypatch.setenv('MMENGINE_HOME', str(home))
    shutil.copy(tmp_path / 'served' / name, home / 'local' / name)
    (home / 'open_mmlab.json').write_text(json.dumps({'test/local': f'local/{name}'}))
    return 'open-mmlab://test/local'


def via_model_table(prefix, table):

    def path(name, base, tmp_path, monkeypatch):
        monkeypatch.setattr(mmengine_checkpoint, table, lambda: {'test': f'{base}/{name}'})
        return f'{prefix}test'

    return path


def via_pavi(name, base, tmp_path, monkeypatch):
    """``pavi://``: a stand-in ``pavi.modelcloud`` that downloads from the test server."""

    def get(path):
        return types.SimpleNamespace(
            name=os.path.basename(path),
            download=lambda dest: urllib.request.urlretrieve(f'{base}/{path}', dest))

    pavi = types.ModuleType('pavi')
    pavi.modelcloud = types.SimpleNamespace(get=get)
    monkeypatch.setitem(sys.modules, 'pavi', pavi)
    return f'pavi://{name}'


def via_s3(name, base, tmp_path, monkeypatch):
    """``s3://``: a stand-in petrel backend that reads from the test server."""

    class Backend:

        def get(self, filepath):
            with urllib.request.urlopen(f'{base}/{os.path.basename(filepath)}') as response:
                return response.read()

    monkeypatch.setattr(mmengine_checkpoint, 'get_file_backend', lambda *a, **k: Backend())
    return f's3://bucket/{name}'


def via_local_file(name, base, tmp_path, monkeypatch):
    return str(tmp_path / 'served' / name)


SCHEMES = {
    'http': via_http,
    'open-mmlab': via_open_mmlab('open-mmlab://'),
    'openmmlab': via_open_mmlab('openmmlab://'),
    'open-mmlab-local-file': via_open_mmlab_local_file,
    'torchvision': via_model_table('torchvision://', 'get_torchvision_models'),
    'modelzoo': via_model_table('modelzoo://', 'get_torchvision_models'),
    'mmcls': via_model_table('mmcls://', 'get_mmcls_models'),
    'pavi': via_pavi,
    's3': via_s3,
    'local': via_local_file,
}


@pytest.fixture
def hub_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(torch.hub, '_hub_dir', str(tmp_path / 'hub'))
    return tmp_path / 'hub'


@pytest.mark.parametrize('scheme', SCHEMES)
def test_every_scheme_loads_mmengine_checkpoints(scheme, http_server, hub_cache, tmp_path,
                                                 monkeypatch):
    folder, base = http_server
    save_checkpoint(mmengine_like_checkpoint(), str(folder / 'good.pth'))
    checkpoint = _load_checkpoint(SCHEMES[scheme]('good.pth', base, tmp_path, monkeypatch))
    key = 'weight' if scheme == 'mmcls' else 'backbone.weight'  # mmcls:// keeps the backbone
    assert torch.equal(checkpoint['state_dict'][key], torch.full((2, ), 3.0))


@pytest.mark.parametrize('scheme', SCHEMES)
def test_every_scheme_refuses_code_and_names_the_source(scheme, http_server, hub_cache,
                                                        tmp_path, monkeypatch):
    folder, base = http_server
    marker = tmp_path / 'pwned'
    torch.save(dict(state_dict={}, meta=RunsShellCommand(marker)), folder / 'evil.pth')
    filename = SCHEMES[scheme]('evil.pth', base, tmp_path, monkeypatch)
    with pytest.raises(UnsafeCheckpointError) as error:
        _load_checkpoint(filename)
    assert filename in str(error.value) and 'system' in str(error.value)
    assert not marker.exists()
    if scheme == 'http':  # refused again from the hub cache, and the message says where it is
        assert str(hub_cache / 'checkpoints' / 'evil.pth') in str(error.value)
        with pytest.raises(UnsafeCheckpointError):
            _load_checkpoint(filename)
        assert not marker.exists()


def test_scheme_table_keeps_mmengine_prefixes_and_loader_names():
    names = {prefix: loader.__name__ for prefix, loader in CheckpointLoader._schemes.items()}
    assert names == {
        '': 'load_from_local', 'http://': 'load_from_http', 'https://': 'load_from_http',
        'pavi://': 'load_from_pavi', r'(\S+\:)?s3://': 'load_from_ceph',
        r'(\S+\:)?petrel://': 'load_from_ceph', 'modelzoo://': 'load_from_torchvision',
        'torchvision://': 'load_from_torchvision', 'open-mmlab://': 'load_from_openmmlab',
        'openmmlab://': 'load_from_openmmlab', 'mmcls://': 'load_from_mmcls'}
    assert all(loader.weights_only for loader in CheckpointLoader._schemes.values())


def test_downloads_keep_the_hash_check(http_server, hub_cache):
    folder, base = http_server
    save_checkpoint(mmengine_like_checkpoint(), str(folder / 'plain.pth'))
    sha = hashlib.sha256((folder / 'plain.pth').read_bytes()).hexdigest()
    shutil.copy(folder / 'plain.pth', folder / f'model-{sha[:8]}.pth')
    shutil.copy(folder / 'plain.pth', folder / 'model-deadbeef.pth')
    with pytest.raises(RuntimeError, match='invalid hash value'):
        load_url_safely(f'{base}/model-deadbeef.pth', check_hash=True, progress=False)
    checkpoint = load_url_safely(f'{base}/model-{sha[:8]}.pth', check_hash=True, progress=False)
    assert checkpoint['meta']['iter'] == 7


# ------------------------------------------------------------------ truncated checkpoints


@pytest.mark.parametrize('keep', [0.0, 0.5, 0.99])
def test_truncated_checkpoint_names_the_file(tmp_path, keep):
    path = tmp_path / 'epoch_2.pth'
    torch.save(mmengine_like_checkpoint(), path)
    content = path.read_bytes()
    path.write_bytes(content[:int(len(content) * keep)])
    with pytest.raises(IncompleteCheckpointError, match=r'epoch_2\.pth is truncated'):
        load_checkpoint_safely(str(path))
    with pytest.raises(IncompleteCheckpointError, match=r'epoch_2\.pth is truncated'):
        _load_checkpoint(str(path))


def test_resume_picks_the_latest_complete_checkpoint(tmp_path):
    torch.save(mmengine_like_checkpoint(), tmp_path / 'iter_100.pth')
    torch.save(mmengine_like_checkpoint(), tmp_path / 'iter_300.pth')
    (tmp_path / 'iter_300.pth').write_bytes((tmp_path / 'iter_300.pth').read_bytes()[:100])
    (tmp_path / 'iter_400.pth.part').write_bytes(b'PK')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_200.pth'))  # deleted
    assert find_resumable_checkpoint(str(tmp_path)) == str(tmp_path / 'iter_100.pth')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_100.pth'))
    assert find_resumable_checkpoint(str(tmp_path)) == str(tmp_path / 'iter_100.pth')
    (tmp_path / 'iter_100.pth').unlink()
    assert find_resumable_checkpoint(str(tmp_path)) is None
