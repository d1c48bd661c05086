/** @polymarket-arb/import: library surface (the CLI lives in cli.ts). */
export const PACKAGE_NAME = '@polymarket-arb/import';
