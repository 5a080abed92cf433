import { connect } from 'node:net';
import { describeK8sLab } from './k8s-cases.js';
import { expectReadOnlySince } from '../integration/k8s/audit.js';
import { kubectl } from '../integration/k8s/kube.js';

/**
 * Lab 11: every case on the test cluster (see k8s-cases.ts), pinned to the real node, and graded
 * through a real ingress controller: Traefik, which `scripts/cluster.sh up --real-node` runs on
 * 127.0.0.1:18080 (LAB_CLUSTER_INGRESS_ADDR) with IngressClass traefik. Traefik on the host
 * reaches the Pods' IPs on the real node's bridge. The grader is told where it listens with
 * LAB_INGRESS_URL, as a student whose controller is not on port 80 would.
 */
const INGRESS_ADDR = process.env.LAB_CLUSTER_INGRESS_ADDR ?? '127.0.0.1:18080';
process.env.LAB_INGRESS_URL = `http://${INGRESS_ADDR}`;

function listening(addr: string): Promise<boolean> {
  const [host, port] = [addr.slice(0, addr.lastIndexOf(':')), Number(addr.slice(addr.lastIndexOf(':') + 1))];
  return new Promise((resolve) => {
    const s = connect({ host, port }, () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

// No silent skip: without the controller every case would fail for a reason of the cluster, so say that once, clearly.
beforeAll(async () => {
  const classes = await kubectl('get', 'ingressclass', 'traefik', '-o', 'jsonpath={.spec.controller}');
  if (!(await listening(INGRESS_ADDR)) || classes.stdout !== 'traefik.io/ingress-controller') {
    throw new Error(`The test cluster's ingress controller is not running (nothing listens on ${INGRESS_ADDR}, or IngressClass traefik is missing): run scripts/cluster.sh up --real-node`);
  }
});

describeK8sLab('11-ingress', '11', { namespaces: ['lab11'], realNode: 'pin' }, ({ since }) => {
  test('the grader listed Ingresses and IngressClasses, and asked the controller itself for the page (no API proxy)', async () => {
    const events = await expectReadOnlySince(since());
    const listed = new Set(events.filter((e) => e.verb === 'list').map((e) => e.objectRef?.resource));
    expect([listed.has('ingresses'), listed.has('ingressclasses')]).toEqual([true, true]);
  });
});
