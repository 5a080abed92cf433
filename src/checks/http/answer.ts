/** An HTTP answer as the checks see it; redirects are not followed, so a redirect is itself an answer. */
export interface Answer {
  status: number;
  location?: string;
  body: string;
}

/** One acceptable answer; every field given must hold. */
export interface Expectation {
  status?: number[];
  bodyIncludes?: string;
  bodyExcludes?: string;
  locationIncludes?: string;
}

export const expectationSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    status: { type: 'array', items: { type: 'integer', minimum: 100, maximum: 599 }, minItems: 1 },
    bodyIncludes: { type: 'string', minLength: 1 },
    bodyExcludes: { type: 'string', minLength: 1 },
    locationIncludes: { type: 'string', minLength: 1 },
  },
} as const;

export function matches(answer: Answer, e: Expectation): boolean {
  if (e.status && !e.status.includes(answer.status)) return false;
  if (e.bodyIncludes && !answer.body.includes(e.bodyIncludes)) return false;
  if (e.bodyExcludes && answer.body.includes(e.bodyExcludes)) return false;
  if (e.locationIncludes && !answer.location?.includes(e.locationIncludes)) return false;
  return true;
}

export function describeExpectation(e: Expectation): string {
  const parts: string[] = [];
  if (e.status) parts.push(e.status.join('|'));
  if (e.locationIncludes) parts.push(`→ …${e.locationIncludes}`);
  if (e.bodyIncludes) parts.push(`«${e.bodyIncludes}»`);
  if (e.bodyExcludes) parts.push(`¬«${e.bodyExcludes}»`);
  return parts.join(' ');
}

/** A one-line summary of an answer: status, redirect target, and the page's title or first text. */
export function describeAnswer(a: Answer): string {
  if (a.location) return `${a.status} → ${a.location}`;
  const status = kubeStatusMessage(a.body);
  if (status) return `${a.status} ${status}`;
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(a.body)?.[1];
  const text = (title ?? a.body.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
  return text ? `${a.status} «${text.length > 80 ? `${text.slice(0, 77)}…` : text}»` : String(a.status);
}

/** The message of a Kubernetes Status object, which the API server answers with when it cannot proxy. */
function kubeStatusMessage(body: string): string | undefined {
  if (!body.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    return parsed.kind === 'Status' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

export async function httpGet(url: string, signal: AbortSignal): Promise<Answer> {
  const res = await fetch(url, { redirect: 'manual', signal, headers: { 'user-agent': 'lab-grader' } });
  const body = await res.text();
  return { status: res.status, location: res.headers.get('location') ?? undefined, body };
}
