"""No secrets in the repository: no private keys, cloud or service tokens, passwords in URLs,
credential files or databases among the tracked files, and no literal secret in the settings."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FORBIDDEN_FILES = re.compile(
    r"(^|/)(\.env|\.envrc|\.netrc|\.pypirc|id_rsa|id_ed25519|id_ecdsa|credentials\.json|service-account.*\.json)$"
    r"|\.(pem|key|p12|pfx|jks|keystore|sqlite3|sqlite|dump)$"
    r"|(^|/)(media|staticfiles)/"
)
PATTERNS = {
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "Stripe key": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{16,}"),
    "JSON web token": re.compile(r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
    "password in a URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:(?P<password>[^/\s@'\"]+)@"),
}
# Values that only stand for a password in documentation and configuration templates.
PLACEHOLDER = re.compile(r"^(?:\$\{[A-Z_]+(?::-[^}]*)?\}|pass|password|secret|replace-me|\.\.\.|<[^>]+>|x+)$", re.I)
SKIP_SUFFIXES = (".png", ".jpg", ".gif", ".ico", ".woff", ".woff2", ".ttf", ".xlsx", ".zip", ".pdf")


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)  # noqa: S607
    return [name for name in result.stdout.decode().split("\0") if name]


def test_no_credential_files_are_tracked():
    files = tracked_files()
    assert len(files) > 50
    offending = [name for name in files if FORBIDDEN_FILES.search(name)]
    assert not offending, offending


def test_no_secrets_in_tracked_files():
    found = []
    for name in tracked_files():
        path = ROOT / name
        if name.endswith(SKIP_SUFFIXES) or not path.is_file():
            continue
        text = path.read_bytes()[:2_000_000].decode("utf-8", errors="ignore")
        for what, pattern in PATTERNS.items():
            for match in pattern.finditer(text):
                password = match.groupdict().get("password")
                if password is not None and PLACEHOLDER.match(password):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{name}:{line}: {what}")
    assert not found, "\n".join(found)


def test_the_patterns_find_what_they_look_for():
    """The scan is not blind: each pattern matches a made-up example of its kind."""
    key_header = "-----BEGIN RSA " + "PRIVATE KEY-----"
    samples = {
        "private key": key_header,
        "AWS access key": "AKIA" + "ABCDEFGHIJKLMNOP",
        "GitHub token": "ghp_" + "a" * 36,
        "password in a URL": "postgres://app:" + "hunter2" + "@db:5432/app",
    }
    for what, sample in samples.items():
        assert PATTERNS[what].search(sample), what
    assert PLACEHOLDER.match("${POSTGRES_PASSWORD:-teamplanner}") and not PLACEHOLDER.match("hunter2")


def test_the_settings_hold_no_real_secret_key():
    """The only literal key is the development default, which `check --deploy` refuses in production."""
    settings_py = (ROOT / "teamplanner" / "settings.py").read_text()
    literals = re.findall(r"SECRET_KEY\s*=\s*env\([^)]*default=\"(?P<value>[^\"]*)\"", settings_py)
    assert literals and all(value.startswith("dev-only") for value in literals), literals
