"""One-line input errors of the command-line tools and the loaders that name the file."""
import argparse
import json

import numpy as np
import pytest

from hoi_plugins.utils.cli import debug_parser, load_json_file, load_npz_file, run_cli


def failing_main(error: BaseException):
    def main(argv):
        argparse.ArgumentParser(parents=[debug_parser()]).parse_args(argv)
        raise error
    return main


def test_an_input_error_is_one_line_and_status_1(capsys):
    error = ValueError('a.json: image 3 ("x.jpg"):\n  `bbox` needs 4 numbers')
    assert run_cli(failing_main(error), []) == 1
    assert capsys.readouterr().err == ('error: a.json: image 3 ("x.jpg"): `bbox` needs 4 numbers '
                                       '(--debug shows the traceback)\n')


def test_key_errors_lose_their_quotes_and_other_types_keep_their_name(capsys):
    assert run_cli(failing_main(KeyError('a.npz: missing field "keys"')), []) == 1
    assert capsys.readouterr().err.startswith('error: a.npz: missing field "keys" (')
    assert run_cli(failing_main(IndexError('index 5 is out of bounds')), []) == 1
    assert capsys.readouterr().err.startswith('error: IndexError: index 5 is out of bounds (')


def test_debug_shows_the_traceback_and_bugs_keep_theirs():
    with pytest.raises(ValueError, match='bad'):
        run_cli(failing_main(ValueError('bad')), ['--debug'])
    with pytest.raises(ZeroDivisionError):  # not an input error: a bug
        run_cli(failing_main(ZeroDivisionError()), [])


def test_status_of_main():
    assert run_cli(lambda argv: None, []) == 0
    assert run_cli(lambda argv: 3, []) == 3
    assert run_cli(lambda argv: dict(report=1), []) == 0  # eval_hoi's main returns its report


@pytest.mark.parametrize('content, message', [
    (None, 'no such file; expected a list'),
    (b'', 'empty file; expected a list'),
    (b'[{"file_name": "a.jpg", "annot',
     'JSON ends early (truncated file?) at line 1 column 25: Unterminated'),
    (b'[{"file_name": "a.jpg"}, ', 'JSON ends early (truncated file?) at line 1 column 26'),
    (b'[1, 2,, 3]', 'invalid JSON at line 1 column 7: Expecting value'),
    (b'PK\x03\x04\x00\xff\xfe', 'not a text (JSON) file'),
    (b'{"a": 1}', 'holds a JSON dict; expected a list'),
])
def test_json_loader_names_the_file_and_what_was_expected(tmp_path, content, message):
    path = tmp_path / 'anno.json'
    if content is not None:
        path.write_bytes(content)
    with pytest.raises((ValueError, FileNotFoundError)) as error:
        load_json_file(path, list, 'a list of images')
    assert str(error.value).startswith(f'{path}: ') and message in str(error.value)
    assert str(error.value).endswith('a list of images')


def test_json_loader_returns_the_content(tmp_path):
    (tmp_path / 'a.json').write_text(json.dumps([dict(file_name='a.jpg')]))
    assert load_json_file(tmp_path / 'a.json', list, 'x') == [dict(file_name='a.jpg')]


def npz_bytes(tmp_path, **arrays) -> bytes:
    np.savez(tmp_path / 'src.npz', **arrays)
    return (tmp_path / 'src.npz').read_bytes()


@pytest.mark.parametrize('make, message', [
    (lambda d: b'', 'empty file'),
    (lambda d: b'keys,heatmaps\na,0.1\n', 'not an .npz archive (numpy.savez)'),
    (lambda d: npz_bytes(d, keys=np.array(['a']), heatmaps=np.ones((1, 2, 2)))[:60],
     'unreadable .npz archive (truncated file?)'),
    (lambda d: npz_bytes(d, keys=np.array(['a'])), 'missing field "heatmaps" (found: keys)'),
    (lambda d: npz_bytes(d, keys=np.array(['a'], dtype=object), heatmaps=np.ones((1, 2, 2))),
     'as plain arrays'),
])
def test_npz_loader_names_the_file_and_what_was_expected(tmp_path, make, message):
    path = tmp_path / 'maps.npz'
    path.write_bytes(make(tmp_path))
    with pytest.raises((ValueError, KeyError)) as error:
        load_npz_file(path, ('keys', 'heatmaps'), 'keys and heatmaps')
    text = error.value.args[0]
    assert text.startswith(f'{path}: ') and message in text and 'keys and heatmaps' in text


def test_npz_loader_refuses_a_single_npy_array(tmp_path):
    np.save(tmp_path / 'maps.npy', np.ones((1, 2, 2)))
    (tmp_path / 'maps.npy').rename(tmp_path / 'maps.npz')
    with pytest.raises(ValueError, match=r'maps.npz: a single .npy array, not an .npz archive'):
        load_npz_file(tmp_path / 'maps.npz', ('keys', ), 'keys')


def test_npz_loader_returns_the_arrays(tmp_path):
    np.savez(tmp_path / 'm.npz', keys=np.array(['a', 'b']), heatmaps=np.zeros((2, 3, 3)), x=1)
    arrays = load_npz_file(tmp_path / 'm.npz', ('keys', 'heatmaps'), 'x')
    assert list(arrays) == ['keys', 'heatmaps'] and arrays['heatmaps'].shape == (2, 3, 3)
