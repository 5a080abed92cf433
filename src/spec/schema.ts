import { registry } from '../checks/registry.js';

const localized = {
  type: 'object',
  required: ['es', 'en'],
  additionalProperties: false,
  properties: { es: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  description: 'The same text in Spanish and English',
};

/**
 * The JSON Schema of lab.yaml, built from the registry so each kind's params are
 * validated too. `npm run schema` writes it to labs/lab.schema.json for editors.
 */
export function labSchema(): Record<string, unknown> {
  const kinds = [...registry.values()];
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://lab-grader.dev/lab.schema.json',
    title: 'lab-grader lab spec (lab.yaml)',
    type: 'object',
    required: ['id', 'slug', 'title', 'target', 'checks'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', pattern: '^[0-9]+$', description: 'Number a student types: lab check 1' },
      slug: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Name a student may type instead of the id' },
      title: localized,
      target: { enum: ['docker', 'kubernetes'], description: 'What the checks talk to' },
      namespace: {
        type: 'string',
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
        description: 'Default namespace of a Kubernetes lab (--namespace overrides it)',
      },
      parameters: {
        type: 'object',
        description: 'Per-student values (${name} in params, hints and task files); derived from the course secret, the default without one',
        propertyNames: { pattern: '^[a-z][a-z0-9_]*$' },
        additionalProperties: {
          type: 'object',
          required: ['type', 'default'],
          additionalProperties: false,
          properties: {
            type: { enum: ['string', 'integer', 'port'] },
            default: { type: ['string', 'integer'], description: "The course's value, used without a course secret" },
            values: { type: 'array', items: { type: 'string' }, minItems: 1, description: 'string: one of these' },
            prefix: { type: 'string', description: 'string: this, then length characters of charset' },
            charset: { type: 'string', minLength: 2 },
            length: { type: 'integer', minimum: 1, maximum: 32 },
            min: { type: 'integer' },
            max: { type: 'integer' },
            lab: { type: 'string', pattern: '^[0-9]+$', description: "Derive it as that lab's parameter of the same name (the same value)" },
          },
        },
      },
      checks: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['id', 'kind', 'title', 'params'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', description: 'Stable kebab-case id; never rename a released one' },
            kind: { enum: kinds.map((k) => k.name), description: 'Check kind' },
            title: localized,
            points: { type: 'number', minimum: 0, default: 1 },
            params: { type: 'object' },
            hint: { ...localized, description: 'How to fix it, shown when the check fails' },
            dependsOn: { type: 'array', items: { type: 'string' }, uniqueItems: true, description: 'Earlier checks that must pass first' },
          },
          allOf: kinds.map((k) => ({
            if: { properties: { kind: { const: k.name } }, required: ['kind'] },
            then: { properties: { params: k.paramsSchema } },
          })),
        },
      },
    },
  };
}
