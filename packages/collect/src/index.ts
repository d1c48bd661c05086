/** @polymarket-arb/collect: library surface (the CLI lives in cli.ts). */
export const PACKAGE_NAME = '@polymarket-arb/collect';
