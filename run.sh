#!/usr/bin/env bash
# Runs the whole Certsmith platform on this machine with no configuration: SQLite under .data/, the edge,
# the API and a local Pebble CA, all on 127.0.0.1 with ports chosen at start (printed, and written to
# .data/cli.env for the CLI). Installs what it needs when missing (Debian's pebble and publicsuffix).
# Extra arguments configure it, e.g. ./run.sh --Acme:DirectoryUrl=https://acme-staging-v02.api.letsencrypt.org/directory
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v pebble >/dev/null 2>&1 && command -v pebble-challtestsrv >/dev/null 2>&1 || missing+=(pebble)
[ -f /usr/share/publicsuffix/public_suffix_list.dat ] || missing+=(publicsuffix)
if ((${#missing[@]})); then
    echo "run.sh: installing Debian packages: ${missing[*]} (apt-get)" >&2
    sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "run.sh: building (Release)" >&2
dotnet build src/Certsmith.Host/Certsmith.Host.csproj -c Release -nologo -v:q -clp:NoSummary >&2
dotnet build src/Certsmith.Cli/Certsmith.Cli.csproj -c Release -nologo -v:q -clp:NoSummary >&2
exec dotnet src/Certsmith.Host/bin/Release/net10.0/certsmith-server.dll "$@"
