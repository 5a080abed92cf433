import { en } from './en.js';
import { es, type MessageKey } from './es.js';

export type Lang = 'es' | 'en';
export const LANGS: readonly Lang[] = ['es', 'en'];
/** A user-facing text in every language the course is taught in. */
export type Localized = Record<Lang, string>;
export type Params = Record<string, string | number>;
export type Translator = (key: MessageKey, params?: Params) => string;
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { es, en };

export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function translator(lang: Lang): Translator {
  return (key, params) => format(catalogs[lang][key], params);
}

/** --lang wins; then LANG/LC_ALL/LC_MESSAGES; then Spanish, the course's language. */
export function resolveLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'es' || flag === 'en') return flag;
  for (const value of [env.LC_ALL, env.LC_MESSAGES, env.LANG]) {
    const code = value?.slice(0, 2).toLowerCase();
    if (code === 'en' || code === 'es') return code;
  }
  return 'es';
}

export function pick(text: Localized | undefined, lang: Lang): string | undefined {
  return text?.[lang];
}

export function catalog(lang: Lang): Record<MessageKey, string> {
  return catalogs[lang];
}
