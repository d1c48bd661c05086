// Node module hook (node --import): makes the optional "chdb" package look uninstalled.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  if (specifier === 'chdb' || specifier.startsWith('chdb/')) {
    const err = new Error("Cannot find package 'chdb' imported from " + context.parentURL);
    err.code = 'ERR_MODULE_NOT_FOUND';
    throw err;
  }
  return next(specifier, context);
}`),
);
