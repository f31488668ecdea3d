"""demo/demo_hoi.py on a user's JPEG: a detections file of several images, output folders that
do not exist yet, the old argument order, and no report of an unwritten file."""
import json

import cv2
import numpy as np
import pytest

from tests.helpers import load_script
from tests.test_apis.demo_inputs import (PHOTO_DETECTIONS, config_path, make_photo,
                                         tin_detections, untrained_checkpoint)


@pytest.fixture(scope='module')
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp('hoi')
    photo = make_photo(root / 'my_photo.jpg')
    tin_detections(root / 'dets.json', ['my_photo.jpg'])  # between two other images
    return root, photo, untrained_checkpoint('tin', root / 'tin.pth')


def test_detections_file_with_other_images_and_a_new_folder(inputs, tmp_path, capsys):
    root, photo, checkpoint = inputs
    out = tmp_path / 'not/yet/there/hoi.jpg'
    result = load_script('demo/demo_hoi.py').main([
        config_path('tin'), str(checkpoint), str(root / 'my_photo.jpg'), '--dets',
        str(root / 'dets.json'), '--out-filename', str(out)])
    triplets = json.loads(out.with_suffix('.json').read_text())['triplets']
    assert triplets == result['predictions'][0]['triplets'] and len(triplets) > 0
    person = PHOTO_DETECTIONS[0]['bbox']
    assert all(t['box_h'] == person for t in triplets)  # the photo's, not another image's
    drawn = cv2.imread(str(out)).astype(int)
    x1, y1 = person[:2]  # the human box's corner is drawn
    assert np.abs(drawn[y1, x1 + 5] - photo[y1, x1 + 5]).max() > 60
    assert f'wrote {out}' in capsys.readouterr().out


def test_old_argument_order_still_works(inputs, tmp_path, capsys):
    root, _, checkpoint = inputs
    load_script('demo/demo_hoi.py').main([
        str(root / 'my_photo.jpg'), config_path('tin'), str(checkpoint), '--dets',
        str(root / 'dets.json'), '--out', str(tmp_path / 'old.jpg')])
    assert 'deprecated' in capsys.readouterr().out
    assert (tmp_path / 'old.jpg').is_file() and (tmp_path / 'old.json').is_file()


def test_an_unwritable_output_is_an_error_not_a_report(inputs, tmp_path, capsys):
    root, _, checkpoint = inputs
    with pytest.raises(IOError, match='out.unknown'):
        load_script('demo/demo_hoi.py').main([
            config_path('tin'), str(checkpoint), str(root / 'my_photo.jpg'), '--dets',
            str(root / 'dets.json'), '--out-filename', str(tmp_path / 'out.unknown')])
    assert 'wrote' not in capsys.readouterr().out
