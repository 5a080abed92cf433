#!/bin/sh
# -dit, but nobody typed the echo in it: its log is empty.
docker run -dit --name mifedora fedora:40
