#!/bin/bash
# lab-grader stand-in for the official wordpress (apache) image's entrypoint.
# On start, when the web root (/var/www/html, the volume) has no WordPress in it, a full,
# self-contained WordPress tree is copied there; when there is no wp-config.php and WORDPRESS_*
# variables are set, wp-config.php is generated from wp-config-docker.php (reads the env at runtime).
# Then the command (apache2-foreground: Apache in the foreground) is exec'ed as PID 1.
set -Eeuo pipefail

if [[ "$1" == apache2* ]]; then
	uid="$(id -u)"
	gid="$(id -g)"
	if [ "$uid" = '0' ]; then
		user="${APACHE_RUN_USER:-www-data}"
		group="${APACHE_RUN_GROUP:-www-data}"
		# strip off any '#' symbol ('#1000' is valid syntax for Apache)
		user="${user#'#'}"
		group="${group#'#'}"
	else
		user="$uid"
		group="$gid"
	fi

	if [ ! -e index.php ] && [ ! -e wp-includes/version.php ]; then
		# a fresh (bind-mounted) directory: make it ours when we can
		if [ "$uid" = '0' ] && [ "$(stat -c '%u:%g' .)" = '0:0' ]; then
			chown "$user:$group" .
		fi

		echo >&2 "WordPress not found in $PWD - copying now..."
		if [ -n "$(find . -mindepth 1 -maxdepth 1 -not -name wp-content)" ]; then
			echo >&2 "WARNING: $PWD is not empty! (copying anyway)"
		fi
		sourceTarArgs=(--create --file - --directory /usr/src/wordpress --one-file-system)
		targetTarArgs=(--extract --file -)
		if [ "$uid" != '0' ]; then
			# avoid "tar: .: Cannot utime: Operation not permitted" and "Cannot change mode"
			targetTarArgs+=(--no-overwrite-dir)
		else
			sourceTarArgs+=(--owner "$user" --group "$group")
		fi
		# loop over "pluggable" content in the source, and if it already exists in the
		# destination, skip it (e.g. a bind-mounted wp-content/themes/mytheme)
		for contentPath in \
			/usr/src/wordpress/.htaccess \
			/usr/src/wordpress/wp-content/*/*/ \
		; do
			contentPath="${contentPath%/}"
			[ -e "$contentPath" ] || continue
			contentPath="${contentPath#/usr/src/wordpress/}"
			if [ -e "$PWD/$contentPath" ]; then
				echo >&2 "WARNING: '$PWD/$contentPath' exists! (not copying the WordPress version)"
				sourceTarArgs+=(--exclude "./$contentPath")
			fi
		done
		tar "${sourceTarArgs[@]}" . | tar "${targetTarArgs[@]}"

		if [ ! -e .htaccess ]; then
			# the standard WordPress permalink rules
			cat > .htaccess <<-'EOHT'
				# BEGIN WordPress
				<IfModule mod_rewrite.c>
				RewriteEngine On
				RewriteRule .* - [E=HTTP_AUTHORIZATION:%{HTTP:Authorization}]
				RewriteBase /
				RewriteRule ^index\.php$ - [L]
				RewriteCond %{REQUEST_FILENAME} !-f
				RewriteCond %{REQUEST_FILENAME} !-d
				RewriteRule . /index.php [L]
				</IfModule>
				# END WordPress
			EOHT
			if [ "$uid" = '0' ]; then chown "$user:$group" .htaccess; fi
		fi
		echo >&2 "Complete! WordPress has been successfully copied to $PWD"
	fi

	wpEnvs=( "${!WORDPRESS_@}" )
	if [ ! -s wp-config.php ] && [ "${#wpEnvs[@]}" -gt 0 ]; then
		for wpConfigDocker in wp-config-docker.php /usr/src/wordpress/wp-config-docker.php; do
			if [ -s "$wpConfigDocker" ]; then
				echo >&2 "No 'wp-config.php' found in $PWD, but 'WORDPRESS_...' variables supplied; copying '$wpConfigDocker' (${wpEnvs[*]})"
				# a random unique phrase for every key/salt not given in the environment
				awk '
					/put your unique phrase here/ {
						cmd = "head -c1m /dev/urandom | sha1sum | cut -d\\  -f1"
						cmd | getline str
						close(cmd)
						gsub("put your unique phrase here", str)
					}
					{ print }
				' "$wpConfigDocker" > wp-config.php
				if [ "$uid" = '0' ]; then
					chown "$user:$group" wp-config.php || true
				fi
				break
			fi
		done
	fi
fi

exec "$@"
