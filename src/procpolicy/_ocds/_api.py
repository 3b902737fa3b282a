"""The public OCDS functions: ocid, releases, package, record, record_package."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Final

from procpolicy._ocds._mapping import (
    _MAPPERS,
    _NEEDS_AWARD,
    _NEEDS_CONTRACT,
    _ref,
    _Walk,
)
from procpolicy._ocds._values import (
    _OMITTED,
    _PREFIX,
    _URI,
    _WHOLE_LIST,
    LANGUAGE,
    VERSION,
    Json,
    _moment,
)
from procpolicy.errors import InvalidInput
from procpolicy.events import (
    CST,
)
from procpolicy.policy import PolicyFramework
from procpolicy.project import Project


# -- public API ------------------------------------------------------------------
def ocid(project: Project, ocid_prefix: str) -> str:
    """The Open Contracting ID of ``project``: ``{ocid_prefix}-{project.id}``.

    Raises:
        InvalidInput: when ``ocid_prefix`` is not ``ocds-`` and six lowercase
            letters or digits (the form the OCDS registry assigns), or the
            project id holds a ``#``, a space or a control character.

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import Purchaser, PurchaserKind, ServiceCategory
        >>> from procpolicy.events import Drafted
        >>> from procpolicy.project import fold
        >>> buyer = Purchaser("安阳市城市管理局", "城管", PurchaserKind.STATE_ORGAN)
        >>> p = fold([Drafted(at=datetime(2015, 2, 2, 9), project_id="AY-2015-007",
        ...     title="主城区道路保洁", category=ServiceCategory.MUNICIPAL_SANITATION,
        ...     purchaser=buyer)])
        >>> ocid(p, "ocds-213czf")
        'ocds-213czf-AY-2015-007'
        >>> ocid(p, "OCDS-213")
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: ocid_prefix: 'OCDS-213' is not an ocid prefix...
    """
    given: object = project
    prefix: object = ocid_prefix
    if not isinstance(given, Project):
        raise InvalidInput(f"project: must be a Project, not {type(given).__name__}")
    if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
        raise InvalidInput(
            f"ocid_prefix: {prefix!r} is not an ocid prefix; use the one the "
            "OCDS registry assigned to the publisher: 'ocds-' and six lowercase "
            "letters or digits, e.g. 'ocds-213czf'"
        )
    pid = project.id
    if "#" in pid or any(c.isspace() or not c.isprintable() for c in pid):
        raise InvalidInput(
            f"project.id: {pid!r} cannot be part of an ocid or a release id; "
            "use no '#', space or control character (Drafted.project_id)"
        )
    return f"{ocid_prefix}-{pid}"


def releases(
    project: Project,
    ocid_prefix: str,
    *,
    framework: PolicyFramework | None = None,
) -> tuple[Json, ...]:
    """One OCDS 1.1 release per event of ``project``'s history, oldest first.

    Every release has ``ocid``, a stable ``id`` (the ocid and the event's
    1-based place in the history), ``date``, ``tag``, ``initiationType``
    ``tender``, ``language`` ``zh``, the ``buyer`` and every party known by
    then with its roles, and the sections the event changes.  A history
    loaded without judging may hold an event OCDS cannot express here (a
    contract with no award, a payment with no contract): it has no release.

    Args:
        project: the project to export.
        ocid_prefix: the publisher's registered prefix, e.g. ``ocds-213czf``.
        framework: when given, an evaluation also states its grade and the
            payment ratio the rules in force on its day give it.

    Raises:
        InvalidInput: for a bad ``ocid_prefix`` or project id (see `ocid`).

    Examples:
        >>> from datetime import datetime
        >>> from procpolicy import Purchaser, PurchaserKind, ServiceCategory
        >>> from procpolicy.events import Drafted
        >>> from procpolicy.project import fold
        >>> buyer = Purchaser("安阳市城市管理局", "城管", PurchaserKind.STATE_ORGAN)
        >>> p = fold([Drafted(at=datetime(2015, 2, 2, 9), project_id="AY-2015-007",
        ...     title="主城区道路保洁", category=ServiceCategory.MUNICIPAL_SANITATION,
        ...     purchaser=buyer)])
        >>> (first,) = releases(p, "ocds-213czf")
        >>> first["id"], first["date"], first["tag"]
        ('ocds-213czf-AY-2015-007-001', '2015-02-02T09:00:00+08:00', ['planning'])
        >>> first["tender"]["status"], first["parties"][0]["roles"]
        ('planning', ['buyer', 'procuringEntity'])
    """
    walk = _Walk(ocid(project, ocid_prefix), project, framework)
    walk.role(project.purchaser.name, "buyer", "procuringEntity")
    out: list[Json] = []
    for index, event in enumerate(project.history, start=1):
        kind = type(event)
        if (kind in _NEEDS_AWARD and walk.award is None) or (
            kind in _NEEDS_CONTRACT and walk.contract is None
        ):
            continue
        walk.index, walk.at = index, event.instant.isoformat()
        tags, body = _MAPPERS[kind](walk, event)
        out.append(
            {
                "ocid": walk.ocid,
                "id": f"{walk.ocid}-{index:03d}",
                "date": walk.at,
                "tag": list(tags),
                "initiationType": "tender",
                "language": LANGUAGE,
                "buyer": walk.buyer,
                "parties": [
                    {**_ref(name), "roles": list(roles)}
                    for name, roles in walk.roles.items()
                ],
                **body,
            }
        )
    return tuple(out)


def package(
    releases: Iterable[Mapping[str, Any]],
    *,
    publisher: str,
    uri: str,
    published: datetime,
) -> Json:
    """A release package: the releases with publishing metadata.

    ``published`` is when the package was published (a naive value is China
    Standard Time).  The package holds the given release objects, in order.

    Raises:
        InvalidInput: when there is no release, a release is not a mapping,
            two releases share an ``ocid`` and ``id``, ``publisher`` is empty,
            ``uri`` is not an absolute URI or ``published`` not a datetime —
            naming every problem.

    Examples:
        >>> from datetime import datetime
        >>> pkg = package([{"ocid": "ocds-213czf-X", "id": "1"}],
        ...     publisher="安阳市财政局", uri="https://example.org/ocds/x.json",
        ...     published=datetime(2016, 5, 1))
        >>> pkg["version"], pkg["publishedDate"], pkg["publisher"]
        ('1.1', '2016-05-01T00:00:00+08:00', {'name': '安阳市财政局'})
    """
    items, problems = _releases_of(releases)
    seen: set[tuple[object, object]] = set()
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        key = (item.get("ocid"), item.get("id"))
        if key in seen:
            problems.append(
                f"releases[{index}].id: {key[1]!r} repeats an earlier release of "
                f"{key[0]!r}; release ids must be unique within their ocid"
            )
        seen.add(key)
    problems += _publishing_problems(publisher, uri, published)
    if problems:
        raise InvalidInput(problems)
    return _published(uri, published, publisher) | {"releases": items}


def record_package(
    records: Iterable[Mapping[str, Any]],
    *,
    publisher: str,
    uri: str,
    published: datetime,
) -> Json:
    """A record package: records (see `record`) with publishing metadata.

    ``published`` is when the package was published (a naive value is China
    Standard Time).  The package holds the given record objects, in order:
    one record per contracting process, so no two records share an ``ocid``.

    Raises:
        InvalidInput: when there is no record, a record is not a mapping or
            has no ``ocid`` string, two records share an ``ocid``,
            ``publisher`` is empty, ``uri`` is not an absolute URI or
            ``published`` not a datetime — naming every problem.

    Examples:
        >>> from datetime import datetime
        >>> x = "ocds-213czf-X"
        >>> one = record([{"ocid": x, "id": "1", "date": "2016-01-01T00:00:00+08:00",
        ...     "tag": ["tender"], "tender": {"id": "t", "status": "active"}}])
        >>> pkg = record_package([one], publisher="安阳市财政局",
        ...     uri="https://example.org/ocds/records.json",
        ...     published=datetime(2016, 5, 1))
        >>> pkg["version"], pkg["publishedDate"], [r["ocid"] for r in pkg["records"]]
        ('1.1', '2016-05-01T00:00:00+08:00', ['ocds-213czf-X'])
        >>> record_package([one, one], publisher="安阳市财政局",
        ...     uri="https://example.org/ocds/records.json",
        ...     published=datetime(2016, 5, 1))
        Traceback (most recent call last):
        ...
        procpolicy.errors.InvalidInput: records[1].ocid: 'ocds-213czf-X' repeats...
    """
    items, problems = _items_of(records, "records", "record")
    seen: set[str] = set()
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        the_ocid = item.get("ocid")
        if not isinstance(the_ocid, str) or not the_ocid:
            problems.append(
                f"records[{index}].ocid: must be the record's ocid, a non-empty "
                f"string, not {the_ocid!r}"
            )
        elif the_ocid in seen:
            problems.append(
                f"records[{index}].ocid: {the_ocid!r} repeats an earlier record; a "
                "record package holds one record per contracting process"
            )
        else:
            seen.add(the_ocid)
    problems += _publishing_problems(publisher, uri, published)
    if problems:
        raise InvalidInput(problems)
    return _published(uri, published, publisher) | {"records": items}


def _publishing_problems(
    publisher: object, uri: object, published: object
) -> list[str]:
    """What is wrong with a package's publishing metadata, one message each."""
    problems: list[str] = []
    if not isinstance(publisher, str) or not publisher.strip():
        problems.append("publisher: must be the publisher's name, a non-empty string")
    if not isinstance(uri, str) or not _URI.fullmatch(uri):
        problems.append(f"uri: {uri!r} is not an absolute URI (e.g. 'https://…')")
    if not isinstance(published, datetime):
        problems.append(
            f"published: must be a datetime, not {type(published).__name__}"
        )
    return problems


def _published(uri: str, published: datetime, publisher: str) -> Json:
    """The metadata every package starts with, in the schema's order."""
    return {
        "uri": uri,
        "version": VERSION,
        "publishedDate": _moment(published),
        "publisher": {"name": publisher},
    }


def _releases_of(releases: object) -> tuple[list[Any], list[str]]:
    return _items_of(releases, "releases", "release")


def _items_of(given: object, plural: str, one: str) -> tuple[list[Any], list[str]]:
    """The items of ``given`` and a message for each that is not a mapping."""
    if isinstance(given, Mapping | str) or not isinstance(given, Iterable):
        return [], [f"{plural}: must be {plural}, not {type(given).__name__}"]
    items = list(given)
    problems = [
        f"{plural}[{i}]: must be a {one} (a mapping), not {type(r).__name__}"
        for i, r in enumerate(items)
        if not isinstance(r, Mapping)
    ]
    if not items:
        problems.append(f"{plural}: must hold at least one {one}")
    return items, problems


def _date_of(release: Mapping[str, Any], index: int) -> datetime:
    raw = release.get("date")
    try:
        moment = datetime.fromisoformat(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(
            f"releases[{index}].date: {raw!r} is not an RFC 3339 date-time"
        ) from None
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=CST)


def record(releases: Iterable[Mapping[str, Any]]) -> Json:
    """The record of one contracting process: its releases and a compiled release.

    The compiled release follows the OCDS 1.1 merge rules: releases are
    taken oldest first (by ``date``; equal dates keep their order); the
    release ``id``, ``date`` and ``tag`` are not merged (``omitWhenMerged``)
    — the compiled release has ``tag`` ``["compiled"]``, the newest date and
    the id ``{ocid}-{date}``; an object is merged field by field; an array
    whose items are all objects with an ``id`` is merged item by item, by
    ``id`` (identifier merge); any other array, and ``additionalIdentifiers``
    and ``additionalClassifications`` (``wholeListMerge``), replaces the
    earlier one whole; a ``null`` removes the field; an empty object or
    array changes nothing.  No versioned release is built.

    Raises:
        InvalidInput: when there is no release, a release is not a mapping,
            the releases do not share one ``ocid`` or a ``date`` is not a
            date-time.

    Examples:
        >>> x = "ocds-213czf-X"
        >>> r = record([
        ...     {"ocid": x, "id": "2", "date": "2016-01-02T00:00:00+08:00",
        ...      "tag": ["award"], "tender": {"id": "t", "status": "complete"}},
        ...     {"ocid": x, "id": "1", "date": "2016-01-01T00:00:00+08:00",
        ...      "tag": ["tender"], "tender": {"id": "t", "status": "active",
        ...                                    "title": "保洁"}},
        ... ])
        >>> r["compiledRelease"]["tag"], r["compiledRelease"]["tender"]
        (['compiled'], {'id': 't', 'status': 'complete', 'title': '保洁'})
        >>> [release["id"] for release in r["releases"]]
        ['1', '2']
    """
    items, problems = _releases_of(releases)
    if problems:
        raise InvalidInput(problems)
    ocids = {item.get("ocid") for item in items}
    if len(ocids) != 1 or not isinstance(next(iter(ocids)), str):
        raise InvalidInput(
            "releases: a record is of one contracting process; these releases "
            f"have the ocids {sorted(map(repr, ocids))}"
        )
    dates = [_date_of(item, i) for i, item in enumerate(items)]
    order = sorted(range(len(items)), key=dates.__getitem__)
    ordered = [items[i] for i in order]
    merged: Json = {}
    for item in ordered:
        _merge(merged, {k: v for k, v in item.items() if k not in _OMITTED})
    the_ocid = merged.pop("ocid")
    last = ordered[-1]["date"]
    compiled = {
        "ocid": the_ocid,
        "id": f"{the_ocid}-{last}",
        "date": last,
        "tag": ["compiled"],
        **merged,
    }
    return {"ocid": the_ocid, "releases": ordered, "compiledRelease": compiled}


_CONTAINERS: Final = (Mapping, list)
"""A tuple for `isinstance`, built once (``Mapping | list`` is built per use)."""


def _merge(target: Json, source: Mapping[str, Any]) -> None:
    for key, value in source.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, _CONTAINERS) and not value:
            continue
        elif isinstance(value, Mapping):
            into = target.get(key)
            if not isinstance(into, dict):
                into = target[key] = {}
            _merge(into, value)
        elif key not in _WHOLE_LIST and _identified(value):
            into_list = target.get(key)
            if not isinstance(into_list, list) or not _identified(into_list):
                into_list = target[key] = []
            for item in value:
                match = next((o for o in into_list if o["id"] == item["id"]), None)
                if match is None:
                    match = {}
                    into_list.append(match)
                _merge(match, item)
        else:
            target[key] = copy.deepcopy(value)


def _identified(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(item, Mapping) and item.get("id") is not None for item in value
    )
