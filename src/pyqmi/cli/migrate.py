"""``pyqmi migrate``: turn the ``proto 'qmi'`` sections of /etc/config/network into pyqmi ones.

Theory of operation. The change is made through pyuci, as any UCI tool would: ``set`` of each
section's ``proto`` (and of renamed options, none today: ``migrate_plan.RENAMES``), then
``commit``. libuci rewrites the whole file when it commits (its own quoting and layout,
comments dropped), so what the user sees first is exactly that: the dry run (the default)
makes the same change through pyuci on a private copy of the file and prints the diff of
the real file against the copy's result. Nothing is written.

``--apply`` keeps the file's exact bytes first (``--backup FILE``, default
``/etc/pyqmi/network.before-migrate``, mode 0600: it holds the PIN and password) with a copy
of what the commit wrote, then commits on the real file. ``--revert`` puts the kept bytes
back, byte for byte, but only while the file is still what the migration wrote: if it was
edited since, it says so and changes nothing. ``--apply`` also refuses while UCI holds
uncommitted changes to ``network`` (``/tmp/.uci/network``): its commit would take them along
unseen. Every line printed from the file has the values of secret options (pincode, password)
masked.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import textwrap
from typing import Any

from pyqmi.cli.doctor_config import config_path, interface_sections, open_cursor
from pyqmi.cli.migrate_plan import SectionPlan, plan_section
from pyqmi.config.errors import ConfigError
from pyqmi.config.schema import SECRET_OPTIONS
from pyqmi.config.uci_source import PACKAGE

PROG = "pyqmi migrate"
FROM, TO = "qmi", "pyqmi"
WIDTH = 80
DEFAULT_SAVEDIR = "/tmp/.uci"  # libuci's UCI_SAVEDIR
_SECRET_LINE = re.compile(
    r"^([-+ ]?\s*(?:option|list)\s+['\"]?(?:" + "|".join(sorted(SECRET_OPTIONS)) + r")['\"]?\s+).*$"
)


class MigrateError(Exception):
    """Bad input or a state in which migrating (or reverting) would lose something."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--apply", action="store_true", help="make the change (keeps a backup)")
    what.add_argument("--revert", action="store_true", help="restore the file --apply changed")
    parser.add_argument("--uci-confdir", metavar="DIR", help="UCI config directory (/etc/config)")
    parser.add_argument("--uci-savedir", metavar="DIR", help="UCI save directory (/tmp/.uci)")
    parser.add_argument("--backup", metavar="FILE", help="where --apply keeps the original")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")


def backup_path(args: argparse.Namespace) -> str:
    if args.backup:
        return str(args.backup)
    confdir = os.path.abspath(args.uci_confdir or "/etc/config")
    return os.path.join(os.path.dirname(confdir), "pyqmi", "network.before-migrate")


def _after_path(backup: str) -> str:
    return backup.removesuffix(".before-migrate") + ".after-migrate"


def mask(text: str) -> str:
    """``text`` (file or diff lines) with the value of every secret option replaced."""
    return "\n".join(_SECRET_LINE.sub(r"\1'********'", line) for line in text.split("\n"))


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError as exc:
        raise MigrateError(f"cannot read {path}: {exc.strerror or exc}") from None


def _write(path: str, data: bytes, mode: int) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file, then rename)."""
    os.makedirs(os.path.dirname(path) or ".", mode=0o700, exist_ok=True)
    temporary = f"{path}.pyqmi-{os.getpid()}"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def _commit(confdir: str | None, savedir: str | None, plans: list[SectionPlan]) -> None:
    cursor = open_cursor(confdir, savedir=savedir)
    try:
        for plan in plans:
            cursor.set(PACKAGE, plan.name, "proto", TO)
            for old, new in plan.renames:
                value = cursor.get(PACKAGE, plan.name, old)
                cursor.set(PACKAGE, plan.name, new, value)
                cursor.delete(PACKAGE, plan.name, old)
        cursor.commit(PACKAGE)
    except ConfigError:
        raise
    except Exception as exc:  # pyuci is C; its exceptions carry no message
        raise MigrateError(f"UCI refused the change ({type(exc).__name__})") from None


def _pending(savedir: str | None) -> str:
    """The save file of uncommitted ``network`` changes, if there are any ("" if none)."""
    path = os.path.join(savedir or DEFAULT_SAVEDIR, PACKAGE)
    try:
        return path if os.path.getsize(path) > 0 else ""
    except OSError:
        return ""


def _remove_tree(top: str) -> None:
    for root, dirs, files in os.walk(top, topdown=False):
        for name in files:
            os.remove(os.path.join(root, name))
        for name in dirs:
            os.rmdir(os.path.join(root, name))
    os.rmdir(top)


def simulate(original: bytes, plans: list[SectionPlan]) -> bytes:
    """What committing ``plans`` would write, made through pyuci on a private copy."""
    scratch = os.path.join(os.environ.get("TMPDIR") or "/tmp", f"pyqmi-migrate-{os.getpid()}")
    os.mkdir(scratch, 0o700)
    try:
        confdir, savedir = os.path.join(scratch, "config"), os.path.join(scratch, "save")
        os.mkdir(confdir, 0o700)
        os.mkdir(savedir, 0o700)
        _write(os.path.join(confdir, PACKAGE), original, 0o600)
        _commit(confdir, savedir, plans)
        return _read(os.path.join(confdir, PACKAGE))
    finally:
        _remove_tree(scratch)


def diff(before: bytes, after: bytes, path: str) -> str:
    old = before.decode("utf-8", "replace").splitlines(keepends=True)
    new = after.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, f"{path} (now)", f"{path} (pyqmi)")
    return mask("".join(lines).rstrip("\n"))


def _notes_text(plans: list[SectionPlan]) -> list[str]:
    lines = []
    for plan in plans:
        lines.append(f"{plan.name}: proto '{FROM}' -> '{TO}', every option kept")
        for note in plan.notes:
            lines += textwrap.wrap(f"{note.kind}: {note.text}", WIDTH, initial_indent="  ",
                                   subsequent_indent="    ", break_on_hyphens=False)  # fmt: skip
            if note.fix:
                lines.append(f"    {note.fix}")
    return lines


def _plans(args: argparse.Namespace) -> list[SectionPlan]:
    sections = interface_sections(args.uci_confdir, protos=(FROM,))
    return [plan_section(section) for section in sections]


def migrate(args: argparse.Namespace) -> int:
    path = config_path(args.uci_confdir)
    original = _read(path)
    plans = _plans(args)
    if not plans:
        print(f"{PROG}: no proto '{FROM}' section in {path}: nothing to migrate")
        return 0
    backup = backup_path(args)
    pending = _pending(args.uci_savedir)
    if args.apply and pending:
        raise MigrateError(
            f"{pending} holds uncommitted UCI changes to network, which a commit would take "
            "along; look with 'uci changes network', then 'uci commit network' or "
            "'uci revert network' first"
        )
    if args.apply:
        if os.path.exists(backup):
            raise MigrateError(
                f"{backup} exists: a migration is already applied; undo it with "
                f"'{PROG} --revert' (or remove {backup})"
            )
        _write(backup, original, 0o600)
        try:
            _commit(args.uci_confdir, args.uci_savedir, plans)
        except BaseException:
            os.remove(backup)
            raise
        after = _read(path)
        _write(_after_path(backup), after, 0o600)
    else:
        after = simulate(original, plans)
    text = diff(original, after, path)
    if args.json:
        print(json.dumps(_json(plans, text, applied=args.apply, backup=backup), indent=2))
        return 0
    print(text)
    print("\n".join(["", *_notes_text(plans), ""]))
    if args.apply:
        print(f"applied; the original is kept in {backup}; undo with: {PROG} --revert")
        print("then: reload_config   (netifd restarts the changed interfaces)")
    else:
        if pending:
            print(f"note: {pending} holds uncommitted UCI changes; --apply refuses until they "
                  "are committed or reverted")  # fmt: skip
        print(f"dry run: nothing changed; make the change with: {PROG} --apply")
    return 0


def _json(plans: list[SectionPlan], text: str, *, applied: bool, backup: str) -> dict[str, Any]:
    return {
        "applied": applied,
        "backup": backup if applied else None,
        "sections": [
            {
                "name": plan.name,
                "renames": [list(pair) for pair in plan.renames],
                "notes": [
                    {"option": n.option, "kind": n.kind, "text": n.text, "fix": n.fix}
                    for n in plan.notes
                ],
            }
            for plan in plans
        ],
        "diff": text,
    }


def revert(args: argparse.Namespace) -> int:
    path = config_path(args.uci_confdir)
    backup = backup_path(args)
    if not os.path.exists(backup):
        raise MigrateError(f"nothing to revert: no backup at {backup}")
    original, current = _read(backup), _read(path)
    after_path = _after_path(backup)
    if os.path.exists(after_path) and _read(after_path) != current:
        raise MigrateError(
            f"{path} was changed after the migration, so reverting would lose that; "
            f"to restore the old file anyway: cp {backup} {path}"
        )
    mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644
    _write(path, original, mode)
    os.remove(backup)
    if os.path.exists(after_path):
        os.remove(after_path)
    print(f"restored {path} as it was before '{PROG} --apply'; then: reload_config")
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return revert(args) if args.revert else migrate(args)
    except BrokenPipeError:  # the reader went away (| head): the work is done or not started
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (MigrateError, ConfigError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"{PROG}: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 2
