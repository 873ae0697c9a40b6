"""Assessment file names: one file per team and label, found again from the names alone.

`identity_key` is what makes two team names (or labels) the same one; the file name is built
from it, readable (letters of every script kept) and capped in length, with a hash when the
readable part loses information, so that two teams never share a file. Files saved by earlier
versions under their plainer names are still found (`legacy_assessment_path`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ops_maturity.core.model.assessment import Assessment
from ops_maturity.core.text import clean_single_line

TEAM_SLUG_MAX_BYTES = 64
LABEL_SLUG_MAX_BYTES = 40
"""Caps on each part of a file name, in UTF-8 bytes, so any name stays far below the file
system's 255-byte limit, with room for the lock file's and temp files' names beside it."""
IDENTITY_HASH_LENGTH = 10
"""Hex digits of the identity hash appended when a slug loses information."""


def identity_key(text: str) -> str:
    """What makes two team names (or labels) the same: NFC, case-folded, spaces collapsed.

    'Équipe' typed as NFC or NFD, 'payments' and 'Payments' are one team; 'Team A' and 'Team-A',
    'C++' and 'C#', 'Команда А' and 'Команда Б' are different teams.
    """
    folded = unicodedata.normalize("NFC", clean_single_line(text)).casefold()
    return unicodedata.normalize("NFC", folded)


def _slug_characters(text: str) -> str:
    """Letters and digits of any script kept, every other run of characters folded to '-'."""
    pieces: list[str] = []
    for character in text:
        category = unicodedata.category(character)
        if category[0] in "LN" or category == "Mn" or category == "Mc":
            pieces.append(character)
        elif not pieces or pieces[-1] != "-":
            pieces.append("-")
    return "".join(pieces).strip("-")


def _cap_bytes(text: str, limit: int) -> str:
    """`text` cut to at most `limit` UTF-8 bytes on a character boundary, no trailing '-'."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore").rstrip("-")


def slugify(text: str, max_bytes: int = TEAM_SLUG_MAX_BYTES) -> str:
    """A readable, file-name-safe form of a name: 'Payments Team' -> 'payments-team'.

    Letters and digits of every script are kept (NFC, case-folded): 'Команда А' -> 'команда-а'.
    Capped at `max_bytes` UTF-8 bytes. Several names can share a slug; file names add a hash.
    """
    return _cap_bytes(_slug_characters(identity_key(text)), max_bytes) or "team"


def _slug_is_lossless(key: str, slug: str) -> bool:
    """True when the slug is the identity key itself, so nothing about the name was lost."""
    return slug == key


def assessment_file_name(team: str, label: str) -> str:
    """`<team>-<label>.toml`, plus `_<hash>` of the exact team and label when the slugs lose
    information. Names that differ only in letter case or Unicode normal form share a file.

    Without the hash, only names whose slugs are exactly themselves qualify, and the team may hold
    no '-' (else 'a-b'+'c' and 'a'+'b-c' would meet). A lossless name never holds '_', so it can
    never equal a hashed one.
    """
    team_key, label_key = identity_key(team), identity_key(label)
    team_slug = slugify(team, TEAM_SLUG_MAX_BYTES)
    label_slug = slugify(label, LABEL_SLUG_MAX_BYTES)
    stem = f"{team_slug}-{label_slug}"
    lossless = (
        _slug_is_lossless(team_key, team_slug)
        and _slug_is_lossless(label_key, label_slug)
        and "-" not in team_slug
    )
    if lossless:
        return f"{stem}.toml"
    digest = hashlib.sha256(f"{team_key}\0{label_key}".encode()).hexdigest()
    return f"{stem}_{digest[:IDENTITY_HASH_LENGTH]}.toml"


def default_assessment_path(folder: Path, team: str, label: str) -> Path:
    """Where a team's assessment for a label lives: one file per team and label."""
    return folder / assessment_file_name(team, label)


_LEGACY_SLUG_UNSAFE = re.compile(r"[^a-z0-9]+")


def legacy_assessment_path(folder: Path, team: str, label: str) -> Path:
    """Where earlier versions saved a team's file ([a-z0-9] only), so those files still resume."""

    def legacy_slug(text: str) -> str:
        return _LEGACY_SLUG_UNSAFE.sub("-", clean_single_line(text).lower()).strip("-") or "team"

    return folder / f"{legacy_slug(team)}-{legacy_slug(label)}.toml"


def same_team_and_label(assessment: Assessment, team: str, label: str) -> bool:
    """True when the file's team and label are the ones asked for (same identity key)."""
    return identity_key(assessment.team) == identity_key(team) and identity_key(
        assessment.label
    ) == identity_key(label)
