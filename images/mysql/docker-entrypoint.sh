#!/bin/bash
# lab-grader stand-in for the official mysql image's entrypoint (server: MariaDB from Debian).
# Env contract: MYSQL_ROOT_PASSWORD | MYSQL_ALLOW_EMPTY_PASSWORD | MYSQL_RANDOM_ROOT_PASSWORD (one is
# required on first run), MYSQL_ROOT_HOST (default %), MYSQL_DATABASE, MYSQL_USER + MYSQL_PASSWORD,
# MYSQL_ONETIME_PASSWORD, MYSQL_INITDB_SKIP_TZINFO, *_FILE variants, /docker-entrypoint-initdb.d/.
# First-run initialisation happens only when the data directory is empty; an existing one is reused
# untouched. The server is exec'ed, so it is PID 1 and shuts down cleanly on SIGTERM (docker stop).
set -eo pipefail
shopt -s nullglob

SERVER_VERSION="$(dpkg-query -W -f '${Version}' mariadb-server 2>/dev/null || echo unknown)"

mysql_log() {
	local type="$1"; shift
	local text="$*"; if [ "$#" -eq 0 ]; then text="$(cat)"; fi
	printf '%s [%s] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$type" "$text"
}
mysql_note() { mysql_log Note "$@"; }
mysql_warn() { mysql_log Warn "$@" >&2; }
mysql_error() { mysql_log ERROR "$@" >&2; exit 1; }

# file_env VAR [default]: VAR or VAR_FILE (contents of a file, e.g. a docker secret)
file_env() {
	local var="$1" fileVar="${1}_FILE" def="${2:-}"
	if [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
		mysql_error "Both $var and $fileVar are set (but are exclusive)"
	fi
	local val="$def"
	if [ "${!var:-}" ]; then
		val="${!var}"
	elif [ "${!fileVar:-}" ]; then
		val="$(< "${!fileVar}")"
	fi
	export "$var"="$val"
	unset "$fileVar"
}

is_server() { case "$1" in mysqld|mariadbd|/usr/sbin/mysqld|/usr/sbin/mariadbd) return 0 ;; esac; return 1; }

wants_help() {
	local arg
	for arg; do
		case "$arg" in -'?'|--help|--print-defaults|-V|--version) return 0 ;; esac
	done
	return 1
}

# Value of a server option as the server resolves it (config files + command line).
get_config() {
	local conf="$1"; shift
	"$@" --verbose --help 2>/dev/null | awk -v conf="$conf" '$1 == conf && /^[^ \t]/ { sub(/^[^ \t]+[ \t]+/, ""); print; exit }'
}

# Escape a string for a single-quoted SQL literal.
sql_escape() { sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g" <<<"$1"; }

# Runs SQL from stdin against the temporary server, as root over the socket.
process_sql() {
	local pw=''
	if [ -n "${ROOT_PASSWORD_SET:-}" ]; then
		pw="${MYSQL_ROOT_PASSWORD:-}"
	fi
	# password through the environment of this one client process (not argv, not a file)
	MYSQL_PWD="$pw" mariadb --protocol=socket --socket="$SOCKET" -uroot -hlocalhost --comments "$@"
}

docker_setup_env() {
	DATADIR="$(get_config datadir "$@")"
	DATADIR="${DATADIR%/}"
	SOCKET="$(get_config socket "$@")"
	file_env MYSQL_ROOT_HOST '%'
	file_env MYSQL_DATABASE
	file_env MYSQL_USER
	file_env MYSQL_PASSWORD
	file_env MYSQL_ROOT_PASSWORD
	DATABASE_ALREADY_EXISTS=
	if [ -d "$DATADIR/mysql" ]; then
		DATABASE_ALREADY_EXISTS=true
	fi
}

docker_verify_minimum_env() {
	if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] && [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
		mysql_error <<-'EOF'
			Database is uninitialized and password option is not specified
			    You need to specify one of the following as an environment variable:
			    - MYSQL_ROOT_PASSWORD
			    - MYSQL_ALLOW_EMPTY_PASSWORD
			    - MYSQL_RANDOM_ROOT_PASSWORD
		EOF
	fi
	if [ "${MYSQL_USER:-}" = 'root' ]; then
		mysql_error <<-'EOF'
			MYSQL_USER="root", MYSQL_USER and MYSQL_PASSWORD are for configuring a regular user and cannot be used for the root user
			    Remove MYSQL_USER="root" and use one of the following to control the root user password:
			    - MYSQL_ROOT_PASSWORD
			    - MYSQL_ALLOW_EMPTY_PASSWORD
			    - MYSQL_RANDOM_ROOT_PASSWORD
		EOF
	fi
	if [ -n "${MYSQL_USER:-}" ] && [ -z "${MYSQL_PASSWORD:-}" ]; then
		mysql_warn 'MYSQL_USER specified, but missing MYSQL_PASSWORD; MYSQL_USER will not be created'
	elif [ -z "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
		mysql_warn 'MYSQL_PASSWORD specified, but missing MYSQL_USER; MYSQL_PASSWORD will be ignored'
	fi
}

docker_create_db_directories() {
	mkdir -p "$DATADIR"
	local socketDir
	socketDir="$(dirname "$SOCKET")"
	mkdir -p "$socketDir"
	if [ "$(id -u)" = '0' ]; then
		# a bind-mounted host directory: make it the server's (like the official image)
		find "$DATADIR" \! -user mysql -exec chown mysql: '{}' +
		chown mysql: "$socketDir" 2>/dev/null || true
		chmod 1777 "$socketDir" 2>/dev/null || true
	fi
}

docker_init_database_dir() {
	mysql_note "Initializing database files"
	mariadb-install-db --datadir="$DATADIR" --rpm --auth-root-authentication-method=normal \
		--skip-test-db --skip-name-resolve --default-time-zone=SYSTEM --skip-log-bin \
		--loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 \
		"${@:2}" >/dev/null
	mysql_note "Database files initialized"
}

docker_temp_server_start() {
	"$@" --skip-networking --default-time-zone=SYSTEM --socket="$SOCKET" --skip-log-bin \
		--loose-innodb_buffer_pool_load_at_startup=0 --loose-innodb_buffer_pool_dump_at_shutdown=0 &
	TEMP_SERVER_PID="$!"
	mysql_note "Waiting for server startup"
	local i
	for i in {60..0}; do
		if process_sql --database=mysql <<<'SELECT 1' &>/dev/null; then
			break
		fi
		if ! kill -0 "$TEMP_SERVER_PID" 2>/dev/null; then
			mysql_error "Unable to start server."
		fi
		sleep 1
	done
	if [ "$i" = 0 ]; then
		mysql_error "Unable to start server."
	fi
}

docker_temp_server_stop() {
	if ! kill -s TERM "$TEMP_SERVER_PID" || ! wait "$TEMP_SERVER_PID"; then
		mysql_error "Unable to shut down server."
	fi
}

docker_setup_db() {
	if [ -z "${MYSQL_INITDB_SKIP_TZINFO:-}" ] && [ -d /usr/share/zoneinfo ]; then
		mysql_tzinfo_to_sql --skip-write-binlog /usr/share/zoneinfo 2>/dev/null | process_sql --database=mysql
	fi

	if [ -n "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
		MYSQL_ROOT_PASSWORD="$(tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32 || true)"
		export MYSQL_ROOT_PASSWORD
		mysql_note "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
	fi

	local rootPw rootHost rootCreate=''
	rootPw="$(sql_escape "${MYSQL_ROOT_PASSWORD:-}")"
	rootHost="$(sql_escape "$MYSQL_ROOT_HOST")"
	if [ -n "$MYSQL_ROOT_HOST" ] && [ "$MYSQL_ROOT_HOST" != 'localhost' ]; then
		rootCreate="CREATE USER 'root'@'${rootHost}' IDENTIFIED BY '${rootPw}';
GRANT ALL ON *.* TO 'root'@'${rootHost}' WITH GRANT OPTION;
GRANT PROXY ON ''@'%' TO 'root'@'${rootHost}' WITH GRANT OPTION;"
	fi

	# Only root@localhost (+ mariadb.sys) survive: no anonymous or host-named accounts.
	local dropUsers
	dropUsers="$(process_sql --database=mysql -N -B <<<"SELECT CONCAT('DROP USER ', QUOTE(User), '@', QUOTE(Host), ';') FROM mysql.user WHERE is_role = 'N' AND User NOT IN ('mariadb.sys', 'mysql.sys', 'mysql.session', 'mysql.infoschema') AND NOT (User = 'root' AND Host = 'localhost');")"

	process_sql --database=mysql <<-EOSQL
		SET @@SESSION.SQL_LOG_BIN=0;
		SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');
		${dropUsers}
		ALTER USER 'root'@'localhost' IDENTIFIED BY '${rootPw}';
		${rootCreate}
		DROP DATABASE IF EXISTS test;
		FLUSH PRIVILEGES;
	EOSQL
	ROOT_PASSWORD_SET=1

	if [ -n "${MYSQL_DATABASE:-}" ]; then
		mysql_note "Creating database ${MYSQL_DATABASE}"
		process_sql <<<"CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE//\`/\`\`}\`;"
	fi

	if [ -n "${MYSQL_USER:-}" ] && [ -n "${MYSQL_PASSWORD:-}" ]; then
		mysql_note "Creating user ${MYSQL_USER}"
		local user pw
		user="$(sql_escape "$MYSQL_USER")"
		pw="$(sql_escape "$MYSQL_PASSWORD")"
		process_sql <<<"CREATE USER '${user}'@'%' IDENTIFIED BY '${pw}';"
		if [ -n "${MYSQL_DATABASE:-}" ]; then
			mysql_note "Giving user ${MYSQL_USER} access to schema ${MYSQL_DATABASE}"
			process_sql <<<"GRANT ALL ON \`${MYSQL_DATABASE//\`/\`\`}\`.* TO '${user}'@'%';"
		fi
		process_sql <<<"FLUSH PRIVILEGES;"
	fi
}

docker_process_init_files() {
	local f
	local dbArg=()
	[ -n "${MYSQL_DATABASE:-}" ] && dbArg=(--database="$MYSQL_DATABASE")
	echo
	for f; do
		case "$f" in
			*.sh)
				if [ -x "$f" ]; then
					mysql_note "$0: running $f"
					"$f"
				else
					mysql_note "$0: sourcing $f"
					# shellcheck disable=SC1090
					. "$f"
				fi
				;;
			*.sql)     mysql_note "$0: running $f"; process_sql "${dbArg[@]}" <"$f"; echo ;;
			*.sql.bz2) mysql_note "$0: running $f"; bunzip2 -c "$f" | process_sql "${dbArg[@]}"; echo ;;
			*.sql.gz)  mysql_note "$0: running $f"; gunzip -c "$f" | process_sql "${dbArg[@]}"; echo ;;
			*.sql.xz)  mysql_note "$0: running $f"; xzcat "$f" | process_sql "${dbArg[@]}"; echo ;;
			*.sql.zst) mysql_note "$0: running $f"; zstd -dc "$f" | process_sql "${dbArg[@]}"; echo ;;
			*)         mysql_warn "$0: ignoring $f" ;;
		esac
		echo
	done
}

_main() {
	# an option as first argument means "mysqld <options>"
	if [ "${1:0:1}" = '-' ]; then
		set -- mysqld "$@"
	fi

	if is_server "$1" && ! wants_help "$@"; then
		mysql_note "Entrypoint script for MySQL Server ${SERVER_VERSION} (lab-grader stand-in, MariaDB) started."
		docker_setup_env "$@"
		docker_create_db_directories

		# started as root: continue as the dedicated user, keeping PID 1 (setpriv execs)
		if [ "$(id -u)" = '0' ]; then
			mysql_note "Switching to dedicated user 'mysql'"
			exec setpriv --reuid=mysql --regid=mysql --init-groups "${BASH_SOURCE[0]}" "$@"
		fi

		if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
			docker_verify_minimum_env
			# like mysqld --initialize: never initialise over someone else's files
			if [ -n "$(ls -A "$DATADIR" 2>/dev/null | grep -v -x -e 'lost+found')" ]; then
				mysql_error "--initialize specified but the data directory $DATADIR has files in it (and no 'mysql' schema). Aborting."
			fi
			docker_init_database_dir "$@"
			mysql_note "Starting temporary server"
			docker_temp_server_start "$@"
			mysql_note "Temporary server started."
			docker_setup_db
			docker_process_init_files /docker-entrypoint-initdb.d/*
			if [ -n "${MYSQL_ONETIME_PASSWORD:-}" ] && [ -n "${MYSQL_ROOT_PASSWORD:-}" ]; then
				process_sql <<<"ALTER USER 'root'@'%' PASSWORD EXPIRE;"
			fi
			mysql_note "Stopping temporary server"
			docker_temp_server_stop
			mysql_note "Temporary server stopped"
			echo
			mysql_note "MySQL init process done. Ready for start up."
			echo
		fi
	fi
	exec "$@"
}

_main "$@"
