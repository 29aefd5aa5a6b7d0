"""Media storage by environment: local disk by default, S3-compatible object storage with
MEDIA_STORAGE=s3 (several app servers share it; docs/deploy.md)."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW_STORAGE = (
    "import django, json; django.setup(); "
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(json.dumps([type(s).__name__, getattr(s, 'bucket_name', None), "
    "getattr(s, 'endpoint_url', None), getattr(s, 'file_overwrite', None)]))"
)


def _storage_with(**env):
    completed = subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, "-c", SHOW_STORAGE],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout)


def test_media_is_on_local_disk_by_default():
    assert _storage_with()[0] == "FileSystemStorage"


def test_object_storage_from_the_environment():
    storage = _storage_with(
        MEDIA_STORAGE="s3",
        AWS_STORAGE_BUCKET_NAME="yoriai-media",
        AWS_S3_ENDPOINT_URL="https://s3.isk01.sakurastorage.jp",
    )

    assert storage == ["S3Storage", "yoriai-media", "https://s3.isk01.sakurastorage.jp", False]
