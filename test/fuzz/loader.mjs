// Runs test/fuzz from source: Node strips the types itself; this hook only maps the
// codebase's `./x.js` specifiers to the `./x.ts` files that exist (ts-jest does the same).
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, next) {
    try {
      return next(specifier, context);
    } catch (err) {
      if (!/^\.{1,2}\/.*\.js$/.test(specifier)) throw err;
      return next(specifier.replace(/\.js$/, '.ts'), context);
    }
  },
});
