import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { stampStudent } from '../../src/cli/cluster.js';

const MANIFESTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'manifests');
const read = (file: string) => readFileSync(join(MANIFESTS, file), 'utf8');
interface Obj { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; [k: string]: unknown }
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Obj);
interface Rule { apiGroups: string[]; resources: string[]; verbs: string[] }
const allows = (rules: Rule[], group: string, resource: string, verb: string) =>
  rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource) && r.verbs.includes(verb));

test('the kind classroom cluster has one control plane and two workers', () => {
  const config = parse(read('kind-classroom.yaml')) as { kind: string; apiVersion: string; nodes: { role: string }[] };
  expect(config.kind).toBe('Cluster');
  expect(config.apiVersion).toBe('kind.x-k8s.io/v1alpha4');
  expect(config.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
});

test('the student template has only the two documented placeholders', () => {
  const template = read('student.yaml');
  expect([...new Set(template.match(/\$\{?\w+\}?/g))].sort()).toEqual(['${NAMESPACE}', '${STUDENT}']);
});

test('a stamped student is a namespace, a ServiceAccount and a Role bound to it, all in that namespace, and may read nodes', () => {
  const objects = docs(stampStudent(read('student.yaml'), 'ana', 'alumno-ana'));
  expect(objects.map((o) => o.kind)).toEqual(['Namespace', 'ServiceAccount', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
  const [ns, sa, role, binding, clusterRole, clusterBinding] = objects;
  expect(ns.metadata).toEqual({ name: 'alumno-ana', labels: { 'lab-grader/student': 'ana' } });
  for (const o of [sa, role, binding]) expect(o.metadata.namespace).toBe('alumno-ana');
  expect(sa.metadata.name).toBe('ana');
  expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'ana', namespace: 'alumno-ana' }]);
  const rules = role.rules as Rule[];
  for (const [group, resource] of [['', 'pods'], ['apps', 'daemonsets'], ['apps', 'deployments'], ['apps', 'statefulsets'], ['', 'services'], ['', 'configmaps'], ['', 'secrets'], ['', 'persistentvolumeclaims']]) {
    expect([resource, allows(rules, group, resource, 'create'), allows(rules, group, resource, 'delete')]).toEqual([resource, true, true]);
  }
  // lab check as the student: events for the hints, the proxies for the web's answer, EndpointSlices, logs.
  for (const [group, resource] of [['', 'events'], ['', 'pods/proxy'], ['', 'services/proxy'], ['', 'pods/log'], ['apps', 'replicasets'], ['discovery.k8s.io', 'endpointslices']]) expect([resource, allows(rules, group, resource, 'get')]).toEqual([resource, true]);
  // A student who could edit RBAC or namespaces could widen their own rights.
  expect(rules.filter((r) => r.apiGroups.includes('rbac.authorization.k8s.io') || r.resources.includes('namespaces') || r.resources.includes('*'))).toEqual([]);

  // Cluster-wide, only reading nodes (lab 4 counts them) and the kube-system namespace (the cluster's identity in a
  // signed report), with names of their own so one student's can be deleted alone.
  expect(clusterRole.rules).toEqual([
    { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['namespaces'], resourceNames: ['kube-system'], verbs: ['get'] },
  ]);
  expect(clusterRole.metadata).toEqual({ name: 'lab-grader-student-alumno-ana', labels: { 'lab-grader/student': 'ana' } });
  expect(clusterBinding.metadata).toEqual(clusterRole.metadata);
  expect(clusterBinding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.metadata.name });
  expect(clusterBinding.subjects).toEqual(binding.subjects);
  const luis = docs(stampStudent(read('student.yaml'), 'luis', 'alumno-luis'));
  expect(luis.slice(4).map((o) => o.metadata.name)).toEqual(['lab-grader-student-alumno-luis', 'lab-grader-student-alumno-luis']);
});

test('the grader may read across namespaces, get the pod and service proxies and logs, and may neither write nor read Secrets', () => {
  const objects = docs(read('grader-rbac.yaml'));
  const role = objects.find((o) => o.kind === 'ClusterRole')!;
  const binding = objects.find((o) => o.kind === 'ClusterRoleBinding')!;
  const sa = objects.find((o) => o.kind === 'ServiceAccount')!;
  expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role.metadata.name });
  expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: sa.metadata.name, namespace: sa.metadata.namespace }]);
  const rules = role.rules as Rule[];
  const listed = [
    ['', 'pods'], ['', 'events'], ['', 'namespaces'], ['', 'services'], ['', 'persistentvolumeclaims'], ['', 'configmaps'],
    ['apps', 'daemonsets'], ['apps', 'deployments'], ['apps', 'replicasets'], ['apps', 'statefulsets'], ['discovery.k8s.io', 'endpointslices'],
  ];
  for (const [group, resource] of listed) expect([resource, allows(rules, group, resource, 'list')]).toEqual([resource, true]);
  for (const sub of ['pods/proxy', 'services/proxy', 'pods/log']) expect([sub, allows(rules, '', sub, 'get')]).toEqual([sub, true]);
  expect([...new Set(rules.flatMap((r) => r.verbs))].filter((v) => !['get', 'list', 'watch'].includes(v))).toEqual([]);
  // Where a password comes from is in the Pod spec: the grader never reads a Secret, nor everything.
  expect(rules.flatMap((r) => r.resources).filter((r) => ['secrets', '*'].includes(r) || r.includes('exec') || r.includes('portforward'))).toEqual([]);
});
