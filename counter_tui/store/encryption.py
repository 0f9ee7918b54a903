"""Encrypted backup files (docs/architecture.md §2.8): a passphrase stretched by scrypt into
an AES-256-GCM key, from the `cryptography` library (imported only here, when a backup is
encrypted or decrypted).

The file: a first line that says what it is (``MAGIC``), a second line holding the
manifest as JSON (what it contains, and the scrypt salt and costs and the GCM nonce), then
the ciphertext of the whole SQLite file with GCM's tag. The two lines are authenticated
with it: a changed manifest fails like a changed ciphertext, and a wrong passphrase like
either. The whole file is held in memory, once as plain text and once encrypted.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from counter_tui.domain.errors import N_
from counter_tui.store.errors import StoreError

MAGIC = b"counter-tui encrypted backup\n"
# scrypt's costs: n=2**17 takes 128 MiB and about a third of a second. A file asking for
# more (a hostile one, to exhaust the machine) is refused.
COSTS = {"n": 2**17, "r": 8, "p": 1}
MOST = {"n": 2**20, "r": 16, "p": 4}
MIN_PASSPHRASE = 8  # characters


def is_encrypted(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False  # the restore says why it cannot read it


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreError(
            "backup.passphrase",
            N_("The passphrase must have at least {n} characters"),
            n=MIN_PASSPHRASE,
        )


def _key(passphrase: str, salt: bytes, costs: Mapping[str, int]) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf = Scrypt(salt=salt, length=32, n=costs["n"], r=costs["r"], p=costs["p"])
    return kdf.derive(passphrase.encode("utf-8"))


def encrypt_file(source: Path, target: Path, passphrase: str, manifest: Mapping[str, Any]) -> None:
    """Write ``source`` encrypted at ``target`` (a new file, mode 0600), with ``manifest``
    readable in clear."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    header = {
        **manifest,
        "cipher": "AES-256-GCM",
        "kdf": {"name": "scrypt", "salt": salt.hex(), **COSTS},
        "nonce": nonce.hex(),
    }
    head = MAGIC + json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n"
    sealed = AESGCM(_key(passphrase, salt, COSTS)).encrypt(nonce, source.read_bytes(), head)
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(head + sealed)


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Write the plain SQLite file of the encrypted backup ``source`` at ``target`` (a new
    file, mode 0600); nothing is written when the passphrase is wrong or the file
    damaged."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    head, sealed = _split(source.read_bytes(), source)
    try:
        header = json.loads(head[len(MAGIC) :])
        kdf = header["kdf"]
        costs = {name: int(kdf[name]) for name in COSTS}
        if kdf["name"] != "scrypt" or any(not 0 < costs[k] <= MOST[k] for k in COSTS):
            raise ValueError("scrypt costs out of range")
        salt, nonce = bytes.fromhex(kdf["salt"]), bytes.fromhex(header["nonce"])
        plain = AESGCM(_key(passphrase, salt, costs)).decrypt(nonce, sealed, head)
    except InvalidTag:
        raise StoreError(
            "restore.passphrase",
            N_("{path} cannot be decrypted: the passphrase is wrong, or the file is damaged"),
            path=str(source),
        ) from None
    except (ValueError, KeyError, TypeError) as error:  # JSON, hex, costs, nonce length
        raise _damaged(source, str(error)) from None
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(plain)


def _split(data: bytes, path: Path) -> tuple[bytes, bytes]:
    """The two clear lines and the ciphertext."""
    end = data.find(b"\n", len(MAGIC))
    if not data.startswith(MAGIC) or end < 0:
        raise _damaged(path, "no manifest")
    return data[: end + 1], data[end + 1 :]


def _damaged(path: Path, reason: str) -> StoreError:
    return StoreError(
        "restore.damaged", N_("{path} is damaged: {reason}"), path=str(path), reason=reason
    )
