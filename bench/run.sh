#!/usr/bin/env bash
# Times whole ssooidc processes against curl (the practical floor for one HTTP exchange), the
# AWS CLI v1 (when `aws` is installed) and `cat` printing the same bytes (the floor for answers
# that need no network), side by side in one run, and writes bench/results.md.
#
#   bench/run.sh                      # builds the release binary if needed, then measures
#   BENCH_MIN_RUNS=50 bench/run.sh    # more runs per command (default 30)
#   BENCH_OUT=/tmp/r.md bench/run.sh  # write the table elsewhere
#
# Needs: cargo, python3 (the loopback server), openssl (its certificates), curl, hyperfine and
# GNU time; the last two are installed with apt-get when missing and apt is available.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
out=${BENCH_OUT:-$here/results.md}
min_runs=${BENCH_MIN_RUNS:-30}
# Peak RSS varies little between runs; a few samples give a stable median.
rss_runs=${BENCH_RSS_RUNS:-5}

# Installs a Debian package for a missing tool when we can, else says what is missing.
need() {
    local tool=$1 package=$2
    if command -v "$tool" >/dev/null 2>&1 || [[ -x $tool ]]; then
        return
    fi
    if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) == 0 ]]; then
        echo "installing $package (for $tool)" >&2
        # A fresh machine may have no package lists yet; a failure is reported just below.
        apt-get install -y -qq "$package" >/dev/null 2>&1 ||
            { apt-get update -qq && apt-get install -y -qq "$package" >/dev/null; } || true
    fi
    if ! command -v "$tool" >/dev/null 2>&1 && [[ ! -x $tool ]]; then
        echo "bench/run.sh needs $tool: install the Debian package '$package' (or equivalent)" >&2
        exit 1
    fi
}
need hyperfine hyperfine
need /usr/bin/time time
need openssl openssl
need curl curl
need python3 python3

# Always ask cargo: a no-op when the binary is fresh, and it never measures a stale build.
(cd "$root" && cargo build --release --quiet)
bin=$root/target/release/ssooidc

work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A CA and a leaf for 127.0.0.1 signed by it: webpki (rustls) refuses a self-signed CA certificate
# used as the server's own, so `--ca-bundle` gets the CA and the server the leaf. ECDSA P-256
# keeps the server's share of each handshake small next to the clients'.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=ssooidc-bench-ca -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -subj /CN=127.0.0.1 -keyout "$work/leaf.key" -out "$work/leaf.csr" 2>/dev/null
printf 'basicConstraints=critical,CA:FALSE\nsubjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
    >"$work/leaf.ext"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
    -CAcreateserial -days 2 -extfile "$work/leaf.ext" -out "$work/leaf.pem" 2>/dev/null

python3 "$here/server.py" "$work/ports" "$work/leaf.pem" "$work/leaf.key" &
server_pid=$!
for _ in $(seq 100); do
    [[ -s $work/ports ]] && break
    kill -0 "$server_pid" 2>/dev/null || { echo "the bench server did not start" >&2; exit 1; }
    sleep 0.05
done
read -r http_port https_port <"$work/ports"
http_url=http://127.0.0.1:$http_port
https_url=https://127.0.0.1:$https_port

# Every program sees the same clean settings: a region, no shared credentials file, no proxies,
# no endpoint or CA overrides from the caller's environment. The config file holds only the SSO
# profiles of the export-credentials cases (the other cases name no profile), HOME their token
# and role-credential caches, and the SSO portal is the bench server.
for var in $(env | sed -n 's/^\(AWS_[A-Z_]*\)=.*/\1/p'); do unset "$var"; done
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY no_proxy NO_PROXY
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=$work/config AWS_SHARED_CREDENTIALS_FILE=$work/no-credentials
export HOME=$work/home AWS_ENDPOINT_URL_SSO=$http_url
mkdir -p "$HOME/.aws/sso/cache"
cat >"$AWS_CONFIG_FILE" <<'CONFIG'
[profile bench-cached]
sso_session = bench
sso_account_id = 111122223333
sso_role_name = BenchCached
[profile bench-portal]
sso_session = bench
sso_account_id = 111122223333
sso_role_name = BenchPortal
[profile bench-legacy]
sso_start_url = https://d-1.awsapps.com/legacy
sso_region = us-east-1
[sso-session bench]
sso_start_url = https://d-1.awsapps.com/start
sso_region = us-east-1
CONFIG
# login's SSO-OIDC calls (RegisterClient, StartDeviceAuthorization, CreateToken) go to the bench
# server, which grants the token on the first poll: a whole device code login with no waits.
export AWS_ENDPOINT_URL_SSO_OIDC=$http_url
# The session's token (the file is the SHA-1 of the session name), good until 2099.
printf '%s' '{"startUrl": "https://d-1.awsapps.com/start", "region": "us-east-1", "accessToken": "bench-access-token", "expiresAt": "2099-01-01T00:00:00Z"}' \
    >"$HOME/.aws/sso/cache/$(printf %s bench | sha1sum | cut -d' ' -f1).json"
# bench-portal's role-credential cache entry, removed before each of its runs so that each one
# asks the portal (the CLI v2's key: SHA-1 of the compact, sorted arguments).
portal_entry=$HOME/.aws/cli/cache/$(printf %s '{"accountId":"111122223333","roleName":"BenchPortal","sessionName":"bench"}' | sha1sum | cut -d' ' -f1).json

have_aws=false
if command -v aws >/dev/null 2>&1; then
    have_aws=true
else
    echo "aws (AWS CLI v1) not found: its columns stay empty (pip install awscli to fill them)" >&2
fi

# The request ssooidc sends, header for header, so curl does the same work on the wire. `-q`
# keeps a ~/.curlrc out of it; `--fail` makes a 400 from the server a failed run.
user_agent="$("$bin" --version | cut -d' ' -f1) ua/2.1 os/linux md/arch#$(uname -m) cfg/retry-mode#legacy"
curl_post="curl -q -sS --fail -X POST -H 'accept-encoding: identity' \
-H 'content-type: application/json' \
-H 'amz-sdk-invocation-id: 6f1f3b1e-7f5a-4a44-9a36-5f0c2b1f0d11' \
-H 'amz-sdk-request: attempt=1' -H 'accept: */*' -H 'user-agent: $user_agent' \
--data-binary '{\"clientName\": \"bench\", \"clientType\": \"public\"}'"
register=(register-client --client-name bench --client-type public)
# The other operations, with the bodies ssooidc sends for them (curl sends the same bytes).
device=(start-device-authorization --client-id cid --client-secret cs --start-url d-1.awsapps.com/start)
device_body='{"clientId": "cid", "clientSecret": "cs", "startUrl": "d-1.awsapps.com/start"}'
token=(create-token --client-id cid --client-secret cs --grant-type refresh_token --refresh-token rt)
token_body='{"clientId": "cid", "clientSecret": "cs", "grantType": "refresh_token", "refreshToken": "rt"}'
iam=(create-token-with-iam --client-id cid --grant-type refresh_token --refresh-token rt)
curl_plain="curl -q -sS --fail -X POST -H 'accept-encoding: identity' \
-H 'content-type: application/json' \
-H 'amz-sdk-invocation-id: 6f1f3b1e-7f5a-4a44-9a36-5f0c2b1f0d11' \
-H 'amz-sdk-request: attempt=1' -H 'accept: */*' -H 'user-agent: $user_agent'"
# GetRoleCredentials as ssooidc sends it (no body, the bearer token in a header).
curl_get="curl -q -sS --fail -H 'accept-encoding: identity' \
-H 'x-amz-sso_bearer_token: bench-access-token' \
-H 'amz-sdk-invocation-id: 6f1f3b1e-7f5a-4a44-9a36-5f0c2b1f0d11' \
-H 'amz-sdk-request: attempt=1' -H 'accept: */*' -H 'user-agent: $user_agent'"
# Credentials for the signed operation, from the environment (the first source botocore tries).
export AWS_ACCESS_KEY_ID=AKIDBENCH AWS_SECRET_ACCESS_KEY=bench-secret-key

# The bytes the no-network cases print, for `cat` to print.
"$bin" "${register[@]}" --generate-cli-skeleton >"$work/skeleton.out"
"$bin" --version >"$work/version.out"
"$bin" --help >"$work/help.out"
"$bin" __complete 2 ssooidc --profile '' >"$work/complete.out"
# The first call fills bench-cached's entry; the case then answers from it.
"$bin" export-credentials --profile bench-cached >"$work/export.out"
"$bin" token --sso-session bench >"$work/sso-token.out"
"$bin" register-client --cli-input-json '{}' 2>"$work/validation.out" && {
    echo "expected a validation error" >&2
    exit 1
}

# The commands are split into words by hyperfine (-N: no shell in between, whose start-up would
# swamp a 1 ms process) and by `eval` below, so paths are quoted for that.
q_bin=$(printf %q "$bin")
q_work=$(printf %q "$work")

# Each case: a name, then "label|command" pairs; the first is ssooidc, the second the baseline.
cases=(
    "http|ssooidc|$q_bin ${register[*]} --endpoint-url $http_url|curl|$curl_post $http_url/client/register|aws|aws sso-oidc ${register[*]} --endpoint-url $http_url"
    "https|ssooidc|$q_bin ${register[*]} --endpoint-url $https_url --ca-bundle $q_work/ca.pem|curl|$curl_post --cacert $q_work/ca.pem $https_url/client/register|aws|aws --ca-bundle $q_work/ca.pem sso-oidc ${register[*]} --endpoint-url $https_url"
    "device|ssooidc|$q_bin ${device[*]} --endpoint-url $http_url|curl|$curl_plain --data-binary '$device_body' $http_url/device_authorization|aws|aws sso-oidc ${device[*]} --endpoint-url $http_url"
    "token|ssooidc|$q_bin ${token[*]} --endpoint-url $http_url|curl|$curl_plain --data-binary '$token_body' $http_url/token|aws|aws sso-oidc ${token[*]} --endpoint-url $http_url"
    "signed|ssooidc|$q_bin ${iam[*]} --endpoint-url $http_url|create-token|$q_bin ${token[*]} --endpoint-url $http_url|aws|aws sso-oidc ${iam[*]} --endpoint-url $http_url"
    "skeleton|ssooidc|$q_bin ${register[*]} --generate-cli-skeleton|cat|cat $q_work/skeleton.out|aws|aws sso-oidc ${register[*]} --generate-cli-skeleton"
    "validation|ssooidc|$q_bin register-client --cli-input-json '{}'|cat|cat $q_work/validation.out"
    "version|ssooidc|$q_bin --version|cat|cat $q_work/version.out"
    "help|ssooidc|$q_bin --help|cat|cat $q_work/help.out"
    "complete|ssooidc|$q_bin __complete 2 ssooidc --profile ''|cat|cat $q_work/complete.out"
    "sso-token|ssooidc|$q_bin token --sso-session bench|cat|cat $q_work/sso-token.out"
    "login|ssooidc|$q_bin login --profile bench-legacy --use-device-code --no-browser --force|curl|$curl_plain --data-binary '$token_body' $http_url/token"
    "export-cached|ssooidc|$q_bin export-credentials --profile bench-cached|cat|cat $q_work/export.out"
    "export-portal|ssooidc|$q_bin export-credentials --profile bench-portal|curl|$curl_get '$http_url/federation/credentials?role_name=BenchPortal&account_id=111122223333'"
)

# Peak RSS of one command in KiB: the median of a few runs under GNU time (for export-portal,
# each with an empty role-credential cache, as its timed runs).
peak_rss() {
    local cmd=$1 reset=$2 samples=()
    eval "set -- $cmd"
    for _ in $(seq "$rss_runs"); do
        [[ $reset == export-portal ]] && rm -f "$portal_entry"
        /usr/bin/time -f %M -o "$work/rss" -- "$@" >/dev/null 2>&1 || true
        samples+=("$(tail -n 1 "$work/rss")")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(((rss_runs + 1) / 2))p"
}

: >"$work/rss.tsv"
: >"$work/commands.tsv"
for case in "${cases[@]}"; do
    IFS='|' read -r -a fields <<<"$case"
    name=${fields[0]}
    args=(-N --style basic --warmup 3 --min-runs "$min_runs" --export-json "$work/$name.json")
    # The validation case fails on purpose (exit 255).
    [[ $name == validation ]] && args+=(-i)
    # Each run of this case starts with an empty role-credential cache (curl's runs too: harmless).
    [[ $name == export-portal ]] && args+=(--prepare "rm -f $(printf %q "$portal_entry")")
    for ((i = 1; i < ${#fields[@]}; i += 2)); do
        label=${fields[i]} cmd=${fields[i + 1]}
        [[ $label == aws && $have_aws == false ]] && continue
        args+=(-n "$label" "$cmd")
        printf '%s\t%s\t%s\n' "$name" "$label" "$(peak_rss "$cmd" "$name")" >>"$work/rss.tsv"
        printf '%s\t%s\t%s\n' "$name" "$label" "$cmd" >>"$work/commands.tsv"
    done
    echo "== $name" >&2
    hyperfine "${args[@]}" >&2
done

size=$(stat -c %s "$bin")
machine="$(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r)"
python3 "$here/report.py" "$work" "$size" "$machine" "$min_runs" "$root" >"$out"
cat "$out"
echo "written to $out" >&2
