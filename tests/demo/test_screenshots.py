"""`make screenshots` (issue 20.4): every picture the README shows is one the script makes, and each file is a
PNG of the size the script takes it at (scripts/screenshots.py SHOTS)."""

import importlib.util
import re
import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def shots():
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SHOTS


def test_the_readme_shows_exactly_the_pictures_make_screenshots_makes():
    shown = set(re.findall(r"docs/screenshots/([\w.-]+\.png)", (ROOT / "README.md").read_text()))
    assert shown == {name for name, *_ in shots()}


def test_each_picture_is_a_png_of_the_expected_size():
    for name, _who, (width, height), _caption in shots():
        data = (ROOT / "docs" / "screenshots" / name).read_bytes()
        assert data[:8] == PNG_SIGNATURE, name
        assert data[12:16] == b"IHDR", name
        assert struct.unpack(">II", data[16:24]) == (width, height), name
