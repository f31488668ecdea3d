"""Converters of tools/data/{kinetics,ntu} for IntegralAction."""
import pickle

import cv2
import numpy as np
import pytest

from tests.helpers import load_script


def write_ntu_skeleton(path, num_frames=3, num_people=1):
    lines = [str(num_frames)]
    for t in range(num_frames):
        lines += [str(num_people)]
        for p in range(num_people):
            lines += ['body info', '25']
            lines += [f'0 0 3 0 0 {100 + j + 50 * p} {200 + t} 0 0 0 0 0' for j in range(25)]
    path.write_text('\n'.join(lines) + '\n')


def test_ntu_skeleton_to_pkl(project_root, tmp_path):
    tool = load_script('tools/data/ntu/ntu_skeleton_to_pkl.py')
    write_ntu_skeleton(tmp_path / 'S001C001P001R001A005.skeleton')  # subject 1 trains (xsub)
    write_ntu_skeleton(tmp_path / 'S001C002P003R002A010.skeleton', num_people=2)
    content = tool.convert(sorted(str(p) for p in tmp_path.glob('*.skeleton')))
    assert content['split']['xsub_train'] == ['S001C001P001R001A005']
    assert content['split']['xsub_val'] == ['S001C002P003R002A010']
    assert content['split']['xview_train'] == ['S001C002P003R002A010']  # camera 2
    assert content['split']['xview_val'] == ['S001C001P001R001A005']
    first, second = content['annotations']
    assert first['label'] == 4 and second['label'] == 9
    assert second['keypoint'].shape == (2, 3, 25, 2) and first['img_shape'] == (1080, 1920)
    skipped = tool.convert([str(tmp_path / 'S001C001P001R001A005.skeleton')],
                           ignore={'S001C001P001R001A005'})
    assert skipped['annotations'] == []
    with pytest.raises(ValueError, match='not an NTU sample name'):
        tool.convert([str(tmp_path / 'clip.skeleton')])
    pickle.dumps(content)


def test_extract_frames(project_root, tmp_path):
    tool = load_script('tools/data/kinetics/extract_frames.py')
    writer = cv2.VideoWriter(str(tmp_path / 'v.mp4'), cv2.VideoWriter_fourcc(*'mp4v'), 5,
                             (80, 40))
    for _ in range(6):
        writer.write(np.full((40, 80, 3), 128, np.uint8))
    writer.release()
    assert tool.extract(str(tmp_path / 'v.mp4'), str(tmp_path / 'frames'), short_side=20) == 6
    frame = cv2.imread(str(tmp_path / 'frames' / '000006.jpg'))
    assert frame.shape[:2] == (20, 40)
    tool.extract(str(tmp_path / 'v.mp4'), str(tmp_path / 'fixed'), size=(24, 32))
    assert cv2.imread(str(tmp_path / 'fixed' / '000001.jpg')).shape[:2] == (24, 32)


def test_extract_frames_names_folders_as_estimate_poses_names_predictions(tmp_path):
    # both take their videos from find_videos and their names from video_name
    for relative in ('kick/a.mp4', 'wave/b.MOV', 'notes.txt'):
        path = tmp_path / 'videos' / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == '.txt':
            path.write_text('not a video')
            continue
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*'mp4v'), 5, (32, 24))
        for _ in range(2):
            writer.write(np.full((24, 32, 3), 128, np.uint8))
        writer.release()
    tool = load_script('tools/data/kinetics/extract_frames.py')
    tool.main([str(tmp_path / 'videos'), str(tmp_path / 'flat'), '--short-side', '24'])
    assert sorted(p.name for p in (tmp_path / 'flat').iterdir()) == ['a', 'b']
    tool.main([str(tmp_path / 'videos'), str(tmp_path / 'nested'), '--short-side', '24',
               '--keep-subdirs'])
    assert (tmp_path / 'nested' / 'kick' / 'a' / '000002.jpg').is_file()
    assert (tmp_path / 'nested' / 'wave' / 'b' / '000002.jpg').is_file()
    (tmp_path / 'empty').mkdir()
    with pytest.raises(FileNotFoundError, match='empty: no video'):
        tool.main([str(tmp_path / 'empty'), str(tmp_path / 'out')])
