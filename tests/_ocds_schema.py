"""The OCDS 1.1.5 schemas as Draft 4 validators, for the OCDS tests (not a test).

The schemas are found through ``OCDS_SCHEMA_DIR``, or ``../shared/ocds/1.1``
beside the checkout; where neither exists, the tests that need them skip,
saying how to get them.  Nothing is fetched.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(
    os.environ.get("OCDS_SCHEMA_DIR")
    or Path(__file__).resolve().parents[1].parent / "shared" / "ocds" / "1.1"
)
HOW_TO_GET = (
    f"the OCDS 1.1 schema is not at {SCHEMA_DIR}: download release-schema.json, "
    "release-package-schema.json and record-package-schema.json of OCDS 1.1.5 from "
    "https://standard.open-contracting.org/schema/1__1__5/ into a folder and set "
    "OCDS_SCHEMA_DIR to it"
)
DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")
URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[!-~]+")


class Validators(NamedTuple):
    release: Any
    package: Any
    records: Any


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value)
    return DATE_TIME.fullmatch(value) is not None


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or URI.fullmatch(value) is not None


@pytest.fixture(scope="module")
def validators() -> Validators:
    """Draft 4 validators of the local OCDS 1.1 schemas, strict on formats."""
    if not (SCHEMA_DIR / "release-schema.json").is_file():
        pytest.skip(HOW_TO_GET)
    schemas = {
        name: json.loads((SCHEMA_DIR / f"{name}-schema.json").read_text("utf-8"))
        for name in ("release", "release-package", "record-package")
    }
    release = schemas["release"]
    registry: Registry[Any] = Registry().with_resource(
        release["id"], Resource.from_contents(release, default_specification=DRAFT4)
    )
    # jsonschema checks neither date-time nor uri without extras: check both.
    formats = FormatChecker(formats=())
    formats.checks("date-time", raises=ValueError)(_is_date_time)
    formats.checks("uri")(_is_uri)
    return Validators(
        Draft4Validator(release, format_checker=formats),
        Draft4Validator(
            schemas["release-package"], registry=registry, format_checker=formats
        ),
        Draft4Validator(
            schemas["record-package"], registry=registry, format_checker=formats
        ),
    )


def errors(validator: Any, instance: object) -> list[str]:
    """Every schema error of ``instance``, with its JSON path."""
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(instance)
    ]
