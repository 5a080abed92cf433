// pause: the sandbox ("infra") container of a pod on the real test node.
// It holds the pod's namespaces open, reaps zombies (it is PID 1 of the pod
// when the PID namespace is shared) and exits on SIGINT/SIGTERM.
// Built statically by scripts/cluster/real-node.sh because no registry is
// reachable to pull registry.k8s.io/pause.
package main

import (
	"os"
	"os/signal"
	"syscall"
)

func main() {
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGCHLD)
	for s := range sigs {
		if s != syscall.SIGCHLD {
			os.Exit(0)
		}
		for {
			pid, err := syscall.Wait4(-1, nil, syscall.WNOHANG, nil)
			if pid <= 0 || err != nil {
				break
			}
		}
	}
}
