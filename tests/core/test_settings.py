import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_settings_refuse_to_start_without_a_secret_when_debug_is_off():
    result = _run(["-c", "import lms.settings"], DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_refuse_to_start_without_a_site_address_when_debug_is_off():
    result = _run(["-c", "import lms.settings"], DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be set" in result.stderr


def test_settings_take_the_site_address_from_the_environment_when_debug_is_off():
    result = _run(
        ["-c", "import lms.settings as s; print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL)"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_SITE_URL="https://introduktion.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["https://introduktion.example.org"] * 2


def test_settings_start_with_debug_on_and_no_secret():
    result = _run(["-c", "import lms.settings as s; print(s.DEBUG, s.SITE_URL)"], DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "http://127.0.0.1:8000"]


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="introduktion.example.org",
        DJANGO_SITE_URL="https://introduktion.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'check.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_redis_url_switches_cache_and_broker():
    code = (
        "import lms.settings as s; "
        "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[-1], 'redis' in s.Q_CLUSTER)"
    )
    result = _run(["-c", code], DJANGO_DEBUG="1", REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.stdout.split() == ["RedisCache", "True"]
    result = _run(["-c", code], DJANGO_DEBUG="1")
    assert result.stdout.split() == ["LocMemCache", "False"]


def test_production_settings_secure_cookies_hsts_and_csp():
    code = (
        "import lms.settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_SSL_REDIRECT, s.X_FRAME_OPTIONS, s.SECURE_PROXY_SSL_HEADER[0])"
    )
    result = _run(
        ["-c", code],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_SITE_URL="https://introduktion.example.org",
    )
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "True",
        "DENY",
        "HTTP_X_FORWARDED_PROTO",
    ]


def test_offline_commands_run_without_a_secret_but_serving_does_not():
    checked = _run(["manage.py", "makemigrations", "--check", "--dry-run"], DJANGO_DEBUG="0")
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    served = _run(["manage.py", "check"], DJANGO_DEBUG="0")
    assert served.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in served.stderr


def test_offline_commands_run_without_a_site_address_but_serving_does_not():
    checked = _run(
        ["manage.py", "makemigrations", "--check", "--dry-run"],
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 50,
    )
    assert checked.returncode == 0, checked.stderr
    assert "No changes detected" in checked.stdout
    served = _run(["manage.py", "check"], DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 50)
    assert served.returncode != 0
    assert "DJANGO_SITE_URL must be set" in served.stderr


def test_trusted_proxy_count_makes_the_rate_limits_count_the_forwarded_client():
    code = (
        "import django; django.setup(); "
        "from django.conf import settings; "
        "from django.test import RequestFactory; "
        "from allauth.account.adapter import get_adapter; "
        "request = RequestFactory().post('/', REMOTE_ADDR='10.0.0.2', "
        "HTTP_X_FORWARDED_FOR='192.0.2.1, 203.0.113.7'); "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, get_adapter().get_client_ip(request))"
    )
    env = {"DJANGO_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "lms.settings"}
    behind_one_proxy = _run(["-c", code], **env, DJANGO_TRUSTED_PROXY_COUNT="1")
    assert behind_one_proxy.returncode == 0, behind_one_proxy.stderr
    assert behind_one_proxy.stdout.split() == ["1", "203.0.113.7"]
    # Unset, no header is trusted: the address is the connection's.
    direct = _run(["-c", code], **env)
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.split() == ["0", "10.0.0.2"]
