#!/usr/bin/env bash
# Install PostgreSQL (Debian), create the role and database of cchc-monitor, build the tables and
# the reference data, and print the CCHC_DB line for /etc/cchc/cchc.env.
#   sudo deploy/postgresql-setup.sh            (asks for the new role's password)
set -euo pipefail
cd "$(dirname "$0")/.."
apt-get install -y postgresql
read -rsp "Mật khẩu cho tài khoản PostgreSQL 'cchc': " PASSWORD; echo
sudo -u postgres psql -v ON_ERROR_STOP=1 -v password="'${PASSWORD//\'/\'\'}'" -f deploy/postgresql-setup.sql
URL="postgresql://cchc:${PASSWORD}@127.0.0.1:5432/cchc"
.venv/bin/python -m cchc init --db "$URL"
echo "Thêm vào /etc/cchc/cchc.env:  CCHC_DB=$URL"
