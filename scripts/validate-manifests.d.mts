/** Types of scripts/validate-manifests.mjs, for the TypeScript tests that use it. */

export interface Manifest {
  /** Path relative to the deploy directory. */
  file: string;
  /** Absolute path. */
  path: string;
  /** Index of the document within its file. */
  index: number;
  /** The parsed document (undefined when it did not parse). */
  doc: any;
  /** YAML parse errors, one line each. */
  errors: string[];
}

export const DEPLOY_DIR: string;
export const MODELS: Readonly<Record<string, new (data: any) => { validate(): void }>>;
export function readManifests(dir?: string): Manifest[];
export function describeManifest(m: Manifest): string;
export function validateManifest(m: Manifest): string | undefined;
export function unreferencedManifests(dir?: string): string[];
