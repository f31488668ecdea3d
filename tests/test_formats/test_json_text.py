"""The JSON reader of the formats: orjson, and json where orjson refuses the text."""
import json
import math

import pytest

from hoi_plugins.formats.json_text import parse_json


def test_parse_json_reads_what_json_dump_writes():
    value = [dict(file_name='a.jpg', score=0.25, boxes=[[1, 2.5, 3, 4]]), None, True]
    assert parse_json(json.dumps(value).encode()) == value


def test_parse_json_reads_nan_and_infinity_as_json_writes_them():
    # json.dump writes float('nan') as NaN, which orjson refuses
    data = json.dumps([float('nan'), float('inf'), 1.0]).encode()
    nan, inf, one = parse_json(data)
    assert math.isnan(nan) and inf == math.inf and one == 1.0


def test_parse_json_raises_json_errors_with_their_location():
    with pytest.raises(json.JSONDecodeError) as error:
        parse_json(b'[{"a": 1},\n {"b": ')
    assert (error.value.lineno, error.value.pos, error.value.msg) == (2, 18, 'Expecting value')
