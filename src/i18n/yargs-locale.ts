/** Set by the one-file build: yargs' own locales/es.json, which y18n would otherwise read from disk beside yargs. */
declare const LAB_YARGS_ES: Record<string, string> | undefined;

/**
 * yargs' strings for `lang`, loaded explicitly: the one-file build has no yargs folder for y18n
 * to read (it then falls back to English). From source they are {}: y18n reads its own file.
 */
export function yargsStrings(lang: string): Record<string, string> {
  const es = typeof LAB_YARGS_ES === 'undefined' ? {} : LAB_YARGS_ES;
  // yargs' Spanish leaves this one heading in English.
  return lang === 'es' ? { ...es, 'Positionals:': 'Argumentos:' } : {};
}
