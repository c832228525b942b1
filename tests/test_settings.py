import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k8#Zt2@qP9!wLm4$Xv7^Rb1&Nc6*Hd3(Jf5)Gs0-Ty8+Ue2=Wa9",
    "HTTPS": "true",
    "ALLOWED_HOSTS": "teamplanner.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://teamplanner.example.com",
}


def _manage(*args, env):
    dropped = ("DEBUG", "SECRET_KEY", "HTTPS", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_without_them():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env={"DEBUG": "true"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS" in result.stderr + result.stdout


def test_debug_is_off_unless_asked():
    code = "from django.conf import settings; print('DEBUG is', settings.DEBUG)"
    assert "DEBUG is False" in _manage("shell", "-c", code, env={}).stdout
    assert "DEBUG is True" in _manage("shell", "-c", code, env={"DEBUG": "true"}).stdout
