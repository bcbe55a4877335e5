"""Imports as background jobs: the page answers at once, a real worker runs the import.

These tests keep the default backend (the database queue) and run the library's worker,
``manage.py db_worker``: a process on PostgreSQL, in this process on SQLite.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from articles.models import PressLink
from jobs.imports import fail_stale_jobs, run_import_job, start_import, visible_job
from jobs.models import ImportJob
from tests.factories import make_link, make_user
from tests.workers import run_worker_batch

STREAM = (
    "• Premier article\n    https://jobs.example/1\n\n    Un passage cité.\n\n    #Amazon\n\n"
    "• Second article\n    https://jobs.example/2\n\n    Un autre passage.\n\n    #santé\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def editor(client, name="editor"):
    user = make_user(name)
    user.user_permissions.add(Permission.objects.get(codename="change_source"))
    client.force_login(user)
    return user


def upload(client, data: bytes = STREAM.encode(), kind="seenthis", **extra):
    file = SimpleUploadedFile("stream.txt", data)
    return client.post("/import/", {"kind": kind, "file": file, **extra}, HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.django_db
def test_the_upload_is_queued_and_the_answer_is_at_once(client):
    user = editor(client)
    response = upload(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/import/jobs/{job.pk}/"
    assert job.owner == user and job.state == "queued" and job.filename == "stream.txt"
    assert bytes(job.data) == STREAM.encode() and job.total_lines == STREAM.count("\n")
    task = DBTaskResult.objects.get()
    assert task.task_path == "jobs.tasks.import_file" and task.status == "READY"
    assert task.args_kwargs["args"] == [str(job.pk)] and job.task_id == str(task.id)
    assert not PressLink.objects.exists()  # nothing imported before a worker runs it

    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200 and "queued" in text
    assert "no-cache" in page["Cache-Control"]  # it refreshes itself: never a stored copy
    assert '<meta http-equiv="refresh" content="2">' in text
    assert f"0 of {job.total_lines}" in text
    listing = client.get("/import/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/import/jobs/{job.pk}/" in listing


@pytest.mark.django_db
def test_only_the_uploader_and_staff_see_a_job(client):
    owner = make_user("owner")
    job = start_import(owner=owner, kind="seenthis", filename="a.txt", data=b"")
    url = f"/import/jobs/{job.pk}/"
    assert client.get(url).status_code == 302  # anonymous: log in first
    editor(client, "other editor")
    assert client.get(url).status_code == 404
    staff = make_user("staff")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    assert client.get(url).status_code == 200
    client.force_login(owner)
    assert client.get(url).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_queued_import(client):
    make_link(url="https://jobs.example/1", title="Stored before")
    editor(client)
    location = upload(client)["Location"]
    dry = upload(client, dry_run="on")["Location"]
    bad = upload(client, "• Été\n".encode("cp1252"))["Location"]
    assert ImportJob.objects.filter(state="queued").count() == 3

    run_worker_batch()

    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    page = client.get(location, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "done" in page and "refresh" not in page
    assert "Created" in page and "1 press link" in page and "Updated" in page
    job = ImportJob.objects.get(pk=location.split("/")[-2])
    assert job.lines_read == job.total_lines and bytes(job.data) == b""
    assert job.started_at <= job.finished_at
    assert sorted(PressLink.objects.values_list("url", flat=True)) == [
        "https://jobs.example/1",
        "https://jobs.example/2",
    ]
    assert PressLink.objects.get(url="https://jobs.example/2").tags.names()[0] == "santé"

    assert (
        "Dry run: nothing was saved" in client.get(dry, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    failed = client.get(bad, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "failed" in failed and "stream.txt, line 1:" in failed
    assert "Nothing was imported" in failed
    assert PressLink.objects.count() == 2


@pytest.mark.django_db
def test_the_worker_writes_the_job_language():
    owner = make_user("owner")
    with translation.override("fr"):
        job = start_import(owner=owner, kind="bookmarks", filename="b.html", data=b"plain text")
    # Still queued: the database backend only stores the task.
    assert run_import_job(str(job.pk)) == "failed"
    job.refresh_from_db()
    assert job.state == "failed" and "Rien n’a été importé" in job.error
    assert run_import_job(str(job.pk)) == "skipped"  # a job runs once


@pytest.mark.django_db
def test_a_running_job_without_heartbeat_is_shown_failed(client, settings):
    settings.IMPORT_JOB_STALE_SECONDS = 60
    owner = editor(client)
    job = start_import(owner=owner, kind="seenthis", filename="big.txt", data=STREAM.encode())
    long_ago = timezone.now() - timedelta(seconds=61)
    recent = timezone.now() - timedelta(seconds=10)
    ImportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=recent)
    assert visible_job(owner, job.pk).state == "running"
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)
    page = client.get(f"/import/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "failed" in page and "stopped without finishing" in page and "refresh" not in page
    job.refresh_from_db()
    assert job.state == "failed" and job.finished_at is not None and bytes(job.data) == b""

    settings.IMPORT_JOB_STALE_SECONDS = 0  # off: a running job stays running
    ImportJob.objects.filter(pk=job.pk).update(state="running", heartbeat_at=long_ago)
    assert visible_job(owner, job.pk).state == "running"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("command", ["rerender", "reindex"])
def test_background_option_enqueues_the_command(command, capsys):
    make_link(url="https://jobs.example/r", title="Indexed", commentary="Un *texte*.")
    call_command(command, "--background")
    task = DBTaskResult.objects.get()
    assert task.task_path == f"jobs.tasks.{command}" and task.status == "READY"
    assert f"Enqueued as task {task.id}" in capsys.readouterr().out
    run_worker_batch()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    expected = 1 if command == "reindex" else {"campaigns": 0, "excerpts": 0}
    if command == "reindex":
        assert task.return_value == expected
    else:
        assert task.return_value["press links"] == 0  # rendered at save: nothing changes


@pytest.mark.django_db
def test_foreground_stays_the_default(capsys):
    make_link(url="https://jobs.example/f", title="Indexed")
    call_command("reindex")
    call_command("rerender")
    out = capsys.readouterr().out
    assert "Indexed 1 entries" in out and "Rendered again" in out
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_an_import_that_met_a_concurrent_one_is_tried_again(monkeypatch):
    from django.db import IntegrityError

    from jobs import imports

    calls = []
    real = imports.run_import

    def clashing_once(kind, stream, **options):
        calls.append(stream.read(5))  # each try reads the file from its first byte
        stream.rewind()
        if len(calls) == 1:
            raise IntegrityError('duplicate key value violates "articles_source_domain_key"')
        return real(kind, stream, **options)

    monkeypatch.setattr(imports, "run_import", clashing_once)
    monkeypatch.setattr(imports.time, "sleep", lambda seconds: None)
    job = start_import(
        owner=make_user("owner"), kind="seenthis", filename="a.txt", data=STREAM.encode()
    )
    assert run_import_job(str(job.pk)) == "done"
    assert calls == [STREAM.encode()[:5]] * 2
    assert PressLink.objects.count() == 2


@pytest.mark.django_db
def test_an_error_that_is_no_conflict_is_not_tried_again(monkeypatch):
    from django.db import DataError

    from jobs import imports

    calls = []

    def failing(kind, stream, **options):
        calls.append(kind)
        raise DataError("value too long")

    monkeypatch.setattr(imports, "run_import", failing)
    job = start_import(owner=make_user("owner"), kind="seenthis", filename="a.txt", data=b"x")
    assert run_import_job(str(job.pk)) == "failed" and calls == ["seenthis"]
    job.refresh_from_db()
    assert "value too long" in job.error


@pytest.mark.django_db
def test_a_running_job_shows_its_progress(client):
    owner = editor(client)
    job = start_import(owner=owner, kind="seenthis", filename="a.txt", data=STREAM.encode())
    ImportJob.objects.filter(pk=job.pk).update(
        state="running", lines_read=5, heartbeat_at=timezone.now()
    )
    page = client.get(f"/import/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "running" in page and f"5 of {job.total_lines}" in page
    percent = 5 * 100 // job.total_lines
    assert f'<progress max="100" value="{percent}">' in page and 'http-equiv="refresh"' in page
    french = client.get(f"/import/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "en cours" in french and f"5 sur {job.total_lines}" in french


@pytest.mark.django_db
def test_stale_jobs_are_swept_before_a_worker_runs_the_next(settings):
    settings.IMPORT_JOB_STALE_SECONDS = 60
    owner = make_user("owner")
    dead = start_import(owner=owner, kind="seenthis", filename="dead.txt", data=b"")
    alive = start_import(owner=owner, kind="seenthis", filename="alive.txt", data=b"")
    ImportJob.objects.filter(pk=dead.pk).update(
        state="running", heartbeat_at=timezone.now() - timedelta(minutes=5)
    )
    ImportJob.objects.filter(pk=alive.pk).update(state="running", heartbeat_at=timezone.now())
    DBTaskResult.objects.filter(id=dead.task_id).update(status="RUNNING")
    nextone = start_import(owner=owner, kind="seenthis", filename="n.txt", data=STREAM.encode())
    assert run_import_job(str(nextone.pk)) == "done"
    states = dict(ImportJob.objects.values_list("filename", "state"))
    assert states == {"dead.txt": "failed", "alive.txt": "running", "n.txt": "done"}
    assert DBTaskResult.objects.get(id=dead.task_id).status == "FAILED"
    assert fail_stale_jobs() == 0  # nothing left to sweep
