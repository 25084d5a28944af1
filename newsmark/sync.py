"""`newsmark sync REPO`: a desk exchanges marks through a git repository.

The repository holds one file per annotator, `annotations/<name>.jsonl` (one mark a line,
sorted by id, keys in a fixed order, so git diffs and merges line by line), and one file
per article, `articles/<sha256>.json` (the text and its metadata, named by the text's
sha256 so every database names it alike). A sync:

1. pulls with rebase (a commit left unpushed by an earlier sync is replayed on top);
2. imports every annotation file, the annotator's own too (their other machine may have
   pushed), through the merge of `import-annotations`: matched by id, the newer
   `updated_at` wins, nothing imported twice; articles new to the database are created
   from `articles/`;
3. rewrites this annotator's file and the files of the articles it refers to, and, in a
   colleague's file, each line whose mark is newer here (a verdict or a curation decision
   made on it here), then commits;
4. pushes; when someone pushed meanwhile, pulls again and repeats from 2.

When a rebase stops on the annotator's own file (two machines, one name), the two
versions are merged line by line: for each id the one with the newer `updated_at` is kept.
Both versions stay in the repository's history.

REPO is a working copy (a clone of the desk's repository) used in place, or a bare
repository (or a URL), in which case newsmark keeps its own clone under the user data
folder, one per database and repository. The real `git` binary does the work.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from newsmark.errors import NewsmarkError

ANNOTATIONS_DIR = "annotations"
ARTICLES_DIR = "articles"
PUSH_ATTEMPTS = 5  # a push can lose the race to a colleague's; each retry pulls first
_SAFE = re.compile(r"[A-Za-z0-9_-]")


def annotator_file_name(annotator: str) -> str:
    """A file name for an annotator's marks: letters, digits, `-` and `_` kept, every other
    character %-encoded as UTF-8 bytes, so two names never share a file and no name can
    climb out of the folder ("../x" becomes "%2E%2E%2Fx")."""
    if not annotator:
        raise NewsmarkError("no annotator name; pass --annotator NAME or set NEWSMARK_ANNOTATOR")
    out = []
    for ch in annotator:
        if _SAFE.fullmatch(ch):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out) + ".jsonl"


@dataclass
class SyncReport:
    repo: str
    workdir: str
    annotator: str
    own_file: str
    written: int = 0  # lines in this annotator's file
    articles_written: int = 0
    committed: bool = False
    pushed: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    articles_created: int = 0
    conflicts: list[dict] = field(default_factory=list)  # from imports: {"file", "line", "id", "kept", "fields"}
    resolved: list[dict] = field(default_factory=list)  # rebase conflicts in a file: {"file", "ids"}
    skipped: list[dict] = field(default_factory=list)  # {"file", "line", "error"}

    def to_json(self) -> dict:
        return dict(self.__dict__)


# -- git ----------------------------------------------------------------------------


class Git:
    """Runs `git` in one working copy; a failure becomes one NewsmarkError line."""

    def __init__(self, workdir: Path, identity: str):
        self.workdir = workdir
        self.identity = identity

    def __call__(self, *args: str, check: bool = True, what: str | None = None) -> subprocess.CompletedProcess:
        return run_git(["-C", str(self.workdir), *self._identity(args), *args], check=check,
                       what=what or f"git {args[0]}", where=self.workdir)

    def _identity(self, args) -> list[str]:
        # A machine with no git identity still syncs: commits are signed with the annotator's name.
        if args[0] not in ("commit", "rebase", "pull"):
            return []
        have = run_git(["-C", str(self.workdir), "config", "user.email"], check=False).stdout.strip()
        if have or os.environ.get("GIT_COMMITTER_EMAIL"):
            return []
        return ["-c", f"user.name={self.identity}", "-c", f"user.email={annotator_file_name(self.identity)[:-6]}@newsmark.invalid"]


def git_binary() -> str:
    found = shutil.which("git")
    if not found:
        raise NewsmarkError("git is not installed (or not on PATH); install git to use `newsmark sync`")
    return found


def run_git(args: list[str], *, check: bool = True, what: str = "git", where: Path | str | None = None,
            advice: str = "fix it there (see `git status`) and run sync again") -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "true", "LC_ALL": "C"}
    try:
        done = subprocess.run([git_binary(), *args], capture_output=True, text=True, encoding="utf-8",
                              errors="replace", env=env)
    except OSError as exc:
        raise NewsmarkError(f"cannot run git: {exc.strerror}; check the git installation") from None
    if check and done.returncode != 0:
        detail = _last_line(done.stderr) or _last_line(done.stdout) or f"exit status {done.returncode}"
        place = f" in {where}" if where else ""
        raise NewsmarkError(f"{what} failed{place}: {detail}; {advice}")
    return done


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("hint:")]
    return lines[-1] if lines else ""


# -- where the working copy is ------------------------------------------------------


def _is_url(repo: str) -> bool:
    return "://" in repo or re.match(r"^[\w.-]+@[\w.-]+:", repo) is not None


def working_copy(repo: str, db_path: Path | None, data_dir: Path) -> tuple[Path, bool]:
    """(working copy, whether newsmark manages it). A bare repository or a URL gets a clone
    of newsmark's own under data_dir/sync, one per database and repository."""
    git_binary()
    if not _is_url(repo):
        path = Path(repo).expanduser()
        if not path.exists():
            raise NewsmarkError(f"{repo} does not exist; give a clone of the desk's repository, "
                                f"or create a shared one with `git init --bare {repo}`")
        if not path.is_dir():
            raise NewsmarkError(f"{repo} is a file; give a git repository folder")
        probe = run_git(["-C", str(path), "rev-parse", "--is-bare-repository"], check=False)
        if probe.returncode != 0:
            if any(path.iterdir()):
                raise NewsmarkError(f"{repo} is not a git repository (and holds other files); give the desk's "
                                    "repository, a clone of it, or an empty folder for a new one")
            raise NewsmarkError(f"{repo} is not a git repository; clone the desk's repository there, "
                                f"or create a shared one with `git init --bare {repo}`")
        if probe.stdout.strip() == "false":
            top = run_git(["-C", str(path), "rev-parse", "--show-toplevel"], what="git rev-parse").stdout.strip()
            return Path(top), False
        remote = str(path.resolve())
    else:
        remote = repo
    key = hashlib.sha256(f"{db_path.resolve() if db_path else ':memory:'}\n{remote}".encode()).hexdigest()[:12]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", remote.rstrip("/").rsplit("/", 1)[-1].removesuffix(".git")) or "desk"
    clone = data_dir / "sync" / f"{name}-{key}"
    if not (clone / ".git").is_dir():
        clone.parent.mkdir(parents=True, exist_ok=True)
        if clone.exists():
            shutil.rmtree(clone)  # a clone interrupted half-way; it held nothing of ours yet
        run_git(["-c", "init.defaultBranch=main", "clone", "--quiet", remote, str(clone)], what="git clone",
                where=remote, advice="check the address and that you can reach it (`git clone` it by hand to see)")
    return clone, True


# -- the files ----------------------------------------------------------------------


def sync_line(ann) -> dict:
    """One mark as the repository keeps it: the jsonl export shape, with the article named
    only by its text's sha256 (ids and titles differ between databases), `deleted` for a
    deleted mark so the deletion travels too, and `curated_from` for a curator's mark."""
    record = ann.to_json()
    record["article"] = {"sha256": (ann.article or {}).get("sha256")}
    if ann.deleted:
        record["deleted"] = True
    if ann.curated_from:
        record["curated_from"] = list(ann.curated_from)
    return record


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def article_record(article) -> dict:
    record = {"sha256": article.sha256, "title": article.title, "outlet": article.outlet, "url": article.url,
              "published": article.published}
    # authors and language only where known: an article without them keeps the file it had
    record.update({k: v for k in ("authors", "language") if (v := getattr(article, k))})
    record["text"] = article.text
    return record


def own_lines(store, annotator: str) -> tuple[list[str], set[str]]:
    """This annotator's marks (deleted ones too), sorted by id; and their articles' ids."""
    rows = [a for a in store.annotations(annotator=annotator, include_deleted=True)]
    rows.sort(key=lambda a: a.id)
    return [dumps(sync_line(a)) for a in rows], {a.article_id for a in rows}


def merge_versions(first: str, second: str) -> tuple[str, list[str]]:
    """Two versions of one annotator's file merged: for each id the record with the newer
    `updated_at` (the second on a tie). Returns the file and the ids whose versions differed."""
    records: dict[str, str] = {}
    stamps: dict[str, str] = {}
    differing: list[str] = []
    for text in (first, second):
        for line in text.splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                rid, stamp = record["id"], record.get("updated_at") or ""
            except (ValueError, KeyError, TypeError):
                continue  # an unreadable line in a conflicted file; import reports it later
            if rid in records and records[rid] != line:
                differing.append(rid)
                if stamp < stamps[rid]:
                    continue
            records[rid], stamps[rid] = line, stamp
    return "".join(records[k] + "\n" for k in sorted(records)), sorted(set(differing))


# -- one sync -------------------------------------------------------------------------


def sync(store, repo: str, annotator: str, data_dir: Path) -> SyncReport:
    from newsmark.transfer import import_annotations

    store.require_writable()
    workdir, _managed = working_copy(repo, store.path, data_dir)
    git = Git(workdir, annotator)
    own_name = annotator_file_name(annotator)
    report = SyncReport(repo=repo, workdir=str(workdir), annotator=annotator,
                        own_file=f"{ANNOTATIONS_DIR}/{own_name}")
    state = git("rev-parse", "--git-dir").stdout.strip()
    git_dir = Path(state) if Path(state).is_absolute() else workdir / state
    if (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists() or (git_dir / "MERGE_HEAD").exists():
        raise NewsmarkError(f"{workdir} is in the middle of a rebase or merge; finish or abort it there "
                            "(`git rebase --abort`) and run sync again")

    for attempt in range(PUSH_ATTEMPTS):
        _pull(git, report)
        _import_all(store, workdir, report, import_annotations)
        changed = _write_own(store, workdir, annotator, report)
        changed = _write_newer(store, workdir, annotator) or changed
        if changed:
            git("add", "--all", "--", ANNOTATIONS_DIR, ARTICLES_DIR)
            staged = git("diff", "--cached", "--quiet", check=False).returncode != 0
            if staged:
                git("commit", "--quiet", "-m", f"newsmark sync: {annotator} ({report.written} marks)")
                report.committed = True
        if not _ahead(git):
            report.pushed = report.committed
            return report
        push = git("push", "--quiet", "--set-upstream", "origin", "HEAD", check=False)
        if push.returncode == 0:
            report.pushed = True
            return report
        if not _rejected(push.stderr):
            raise NewsmarkError(f"git push failed in {workdir}: {_push_detail(push.stderr)}; "
                                "check the remote and your access to it, then run sync again")
    raise NewsmarkError(f"the desk repository kept moving during {PUSH_ATTEMPTS} attempts to push; run sync again")


def _remote_branch(git: Git) -> str | None:
    """The remote branch to rebase on: the current branch's upstream, or origin's branch of
    the same name, or None while the shared repository is still empty."""
    upstream = git("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}", check=False)
    if upstream.returncode == 0:
        return upstream.stdout.strip()
    branch = git("symbolic-ref", "--short", "HEAD", check=False).stdout.strip()
    if branch and git("rev-parse", "--verify", "--quiet", f"refs/remotes/origin/{branch}", check=False).returncode == 0:
        return f"origin/{branch}"
    return None


def _ahead(git: Git) -> bool:
    if git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        return False  # nothing committed yet: an empty database on an empty repository
    remote = _remote_branch(git)
    if remote is None:
        return True
    return git("rev-list", "--count", f"{remote}..HEAD").stdout.strip() != "0"


def _push_detail(stderr: str) -> str:
    """What the remote said (a hook's message, the refusal), on one line."""
    said = [line[len("remote:"):].strip() for line in stderr.splitlines() if line.startswith("remote:")]
    refused = [line.strip() for line in stderr.splitlines() if "rejected]" in line]
    return " — ".join(x for x in said + refused if x) or _last_line(stderr)


def _rejected(stderr: str) -> bool:
    """The push lost a race (someone pushed first), as opposed to being refused."""
    return "non-fast-forward" in stderr or "fetch first" in stderr


def _pull(git: Git, report: SyncReport) -> None:
    git("fetch", "--quiet", "origin")
    remote = _remote_branch(git)
    if remote is None:
        return
    if git("rev-parse", "--verify", "--quiet", "HEAD", check=False).returncode != 0:
        # An unborn branch: nothing of ours to replay, just take the desk's history.
        git("reset", "--quiet", "--hard", remote)
        return
    done = git("rebase", "--quiet", "--autostash", remote, check=False)
    while done.returncode != 0:
        conflicted = [p for p in git("diff", "--name-only", "--diff-filter=U").stdout.splitlines() if p]
        if not conflicted:
            git("rebase", "--abort", check=False)
            raise NewsmarkError(f"git rebase failed in {git.workdir}: {_last_line(done.stderr or done.stdout)}; "
                                "fix it there (see `git status`) and run sync again")
        for path in conflicted:
            if not (path.startswith(f"{ANNOTATIONS_DIR}/") or path.startswith(f"{ARTICLES_DIR}/")):
                git("rebase", "--abort", check=False)
                raise NewsmarkError(f"{path} in {git.workdir} conflicts and is not a newsmark file; "
                                    "resolve it there by hand, then run sync again")
            upstream = _stage(git, 2, path)  # during a rebase, stage 2 is the desk's side
            ours = _stage(git, 3, path)  # and stage 3 the commit being replayed
            if path.startswith(f"{ARTICLES_DIR}/"):
                merged, ids = (upstream if upstream is not None else ours or ""), []
            else:
                merged, ids = merge_versions(upstream or "", ours or "")
            (git.workdir / path).write_text(merged, encoding="utf-8", newline="")
            git("add", "--", path)
            if ids:
                report.resolved.append({"file": path, "ids": ids})
        done = git("-c", "core.editor=true", "rebase", "--continue", check=False)
        if done.returncode != 0 and "nothing to commit" in (done.stdout + done.stderr):
            done = git("rebase", "--skip", check=False)


def _stage(git: Git, n: int, path: str) -> str | None:
    shown = git("show", f":{n}:{path}", check=False)
    return shown.stdout if shown.returncode == 0 else None


def _import_all(store, workdir: Path, report: SyncReport, import_annotations) -> None:
    articles: dict[str, dict] = {}
    folder = workdir / ARTICLES_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
                articles[str(record["sha256"])] = record
            except (OSError, ValueError, KeyError, TypeError) as exc:
                report.skipped.append({"file": f"{ARTICLES_DIR}/{path.name}", "line": 1,
                                       "error": f"not an article file ({exc.__class__.__name__})"})
    folder = workdir / ANNOTATIONS_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.jsonl")):
        name = f"{ANNOTATIONS_DIR}/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report.skipped.append({"file": name, "line": 0, "error": f"cannot read: {exc}"})
            continue
        result = import_annotations(store, _with_articles(text.splitlines(), articles, store))
        report.added += result.added
        report.updated += result.updated
        report.unchanged += result.unchanged
        report.articles_created += result.articles_created
        report.conflicts.extend({"file": name, **c} for c in result.conflicts)
        report.skipped.extend({"file": name, **s} for s in result.skipped)


def _with_articles(lines, articles: dict[str, dict], store):
    """Lines of an annotation file, each naming an article this database lacks given the
    article's text and metadata from `articles/`, so import creates it."""
    known: set[str] = set()
    for line in lines:
        try:
            record = json.loads(line)
            sha = record["article"]["sha256"]
        except (ValueError, KeyError, TypeError):
            yield line  # import reports it with its line number
            continue
        if sha not in known and sha in articles and store.article_by_sha(sha) is None:
            record["article"] = {**record["article"], **articles[sha]}
            line = json.dumps(record, ensure_ascii=False)
        known.add(sha)
        yield line


def _write_own(store, workdir: Path, annotator: str, report: SyncReport) -> bool:
    lines, article_ids = own_lines(store, annotator)
    report.written = len(lines)
    changed = False
    path = workdir / ANNOTATIONS_DIR / annotator_file_name(annotator)
    content = "".join(lines)
    if lines or path.exists():
        path.parent.mkdir(exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8", newline="")
            changed = True
    report.articles_written = 0
    for aid in sorted(article_ids):
        article = store.article(aid)
        target = workdir / ARTICLES_DIR / f"{article.sha256}.json"
        if target.exists():
            continue  # named by its text, so an existing file holds this text already
        target.parent.mkdir(exist_ok=True)
        target.write_text(dumps(article_record(article)), encoding="utf-8", newline="")
        report.articles_written += 1
        changed = True
    return changed


def _write_newer(store, workdir: Path, annotator: str) -> bool:
    """A verdict or a curation decision made here on a colleague's mark travels in the
    colleague's file: each line whose mark is newer in this database is rewritten from it
    (the same bytes the colleague's own sync will write once it has the change)."""
    folder = workdir / ANNOTATIONS_DIR
    own = annotator_file_name(annotator)
    changed = False
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
        if path.name == own:
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        out: list[tuple[str, str]] = []  # (id, line); an unreadable line is kept as it is
        touched = False
        for line in lines:
            try:
                record = json.loads(line)
                rid, stamp = str(record["id"]), record.get("updated_at") or ""
            except (ValueError, KeyError, TypeError):
                out.append(("", line + "\n"))
                continue
            local = _local(store, rid)
            if local is not None and local.updated_at > stamp:
                line, touched = dumps(sync_line(local)).rstrip("\n"), True
            out.append((rid, line + "\n"))
        if touched:
            path.write_text("".join(line for _, line in sorted(out, key=lambda pair: pair[0])), encoding="utf-8",
                            newline="")
            changed = True
    return changed


def _local(store, annotation_id: str):
    try:
        return store.annotation(annotation_id)
    except NewsmarkError:
        return None
