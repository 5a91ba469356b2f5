# syntax=docker/dockerfile:1
#
# Tor for deploy/compose.yaml: Debian's tor package on bookworm-slim, running as debian-tor.
# There is no official Tor image; this is the smallest thing we trust: Debian's own build.
#
#     docker build -f deploy/docker/tor.Dockerfile -t tipbox-tor deploy/docker
#
# (compose.yaml builds it for you.) Rebuild regularly to pick up Debian's tor security updates.
FROM debian:bookworm-slim

# tor from Debian (creates the debian-tor user/group and /var/lib/tor). No recommends:
# no torsocks, no obfs4proxy, no logrotate.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tor \
 && rm -rf /var/lib/apt/lists/* \
 && tor --version

# Our torrc (the onion services), instead of Debian's all-comments default.
COPY torrc /etc/tor/torrc

# /var/lib/tor: tor's state and the onion services' keys (a named volume in compose; it starts
# as a copy of this directory, so it must already belong to debian-tor with mode 0700).
# /run/tipbox: mount point of the shared socket volume, same owner/mode as in tipbox's image
# (uid/gid 10001, 0710) whichever container creates the volume first.
RUN install -d -o debian-tor -g debian-tor -m 0700 /var/lib/tor \
 && install -d -o 10001 -g 10001 -m 0710 /run/tipbox \
 && tor --verify-config -f /etc/tor/torrc

# Run as debian-tor from the start: tor has no "User" option here, so it never switches user
# and keeps the supplementary groups docker gives it (compose adds group 10001, the sockets'
# group). Starting as root and using "User" would drop them (tor calls setgroups(1, &gid)).
USER debian-tor
VOLUME ["/var/lib/tor"]
# SIGINT is tor's "shut down now"; SIGTERM works too.
STOPSIGNAL SIGINT
ENTRYPOINT ["/usr/bin/tor"]
CMD ["-f", "/etc/tor/torrc"]
