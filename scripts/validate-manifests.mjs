#!/usr/bin/env node
/**
 * Validate the Kubernetes manifests under deploy/: every YAML document is parsed with `yaml` and
 * checked against the Kubernetes API schema of its kind with `kubernetes-models` (a kind this
 * script does not know is an error, not a pass); every kustomization's resources must exist, and
 * every manifest must be reachable from deploy/kustomization.yaml unless it is a template.
 *
 *   node scripts/validate-manifests.mjs [DIR]     (default: deploy/; exit 1 when anything fails)
 *
 * The deployment's own rules (config valid for poly-collect, probes on the health port, non-root,
 * limits, Dockerfile) are checked by packages/collect/test/deploy-manifests.test.ts, which also
 * uses this module.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export const DEPLOY_DIR = fileURLToPath(new URL('../deploy/', import.meta.url));

/** The kinds deploy/ may use, by "apiVersion/kind". Add a model here before using a new kind. */
export const MODELS = Object.freeze({
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
});

const KUSTOMIZATION = 'kustomize.config.k8s.io/v1beta1/Kustomization';
const TEMPLATE_RE = /template/i;

/** Every YAML document of every .yaml/.yml file under `dir`, in path order. */
export function readManifests(dir = DEPLOY_DIR) {
  const out = [];
  for (const path of yamlFiles(dir)) {
    const file = relative(dir, path);
    parseAllDocuments(readFileSync(path, 'utf8')).forEach((doc, index) => {
      const errors = doc.errors.map((e) => e.message.split('\n')[0].replace(/:$/, ''));
      const value = errors.length === 0 ? doc.toJS() : undefined;
      if (errors.length === 0 && value == null) return; // an empty document (a stray ---)
      out.push({ file, path, index, doc: value, errors });
    });
  }
  return out;
}

/** "Deployment poly-collect" (or what is known of a broken document). */
export function describeManifest(m) {
  const kind = m.doc?.kind ?? '(no kind)';
  return `${m.file}#${m.index} ${kind} ${m.doc?.metadata?.name ?? ''}`.trim();
}

/** Undefined when the document is valid; otherwise why not, in one line. */
export function validateManifest(m) {
  if (m.errors.length > 0) return `not valid YAML: ${m.errors.join('; ')}`;
  const doc = m.doc;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return 'not a Kubernetes object (expected a mapping with apiVersion and kind)';
  const key = `${doc.apiVersion}/${doc.kind}`;
  if (key === KUSTOMIZATION) return checkKustomization(m);
  const Model = MODELS[key];
  if (Model === undefined) return `unknown kind ${key}: add its kubernetes-models class to MODELS in scripts/validate-manifests.mjs`;
  if (typeof doc.metadata?.name !== 'string' || doc.metadata.name === '') return 'metadata.name is missing';
  try {
    new Model(doc).validate();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
  return undefined;
}

/** Manifest files not reachable from `dir`/kustomization.yaml (templates excepted). */
export function unreferencedManifests(dir = DEPLOY_DIR) {
  const reached = new Set();
  const visit = (kustomizationDir) => {
    const file = join(kustomizationDir, 'kustomization.yaml');
    if (!existsSync(file)) return;
    reached.add(file);
    for (const entry of kustomizationResources(file)) {
      const target = resolve(kustomizationDir, entry);
      if (existsSync(target) && statSync(target).isDirectory()) visit(target);
      else reached.add(target);
    }
  };
  visit(resolve(dir));
  return yamlFiles(dir)
    .filter((p) => !reached.has(p) && !TEMPLATE_RE.test(relative(dir, p)))
    .map((p) => relative(dir, p));
}

function checkKustomization(m) {
  const missing = kustomizationResources(m.path).filter((entry) => !existsSync(resolve(dirname(m.path), entry)));
  if (missing.length > 0) return `resources not found: ${missing.join(', ')}`;
  const templates = kustomizationResources(m.path).filter((entry) => TEMPLATE_RE.test(entry));
  if (templates.length > 0) return `applies a template (${templates.join(', ')}): templates are for kubectl create by hand`;
  return undefined;
}

function kustomizationResources(file) {
  const doc = parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS() ?? {};
  return Array.isArray(doc.resources) ? doc.resources.map(String) : [];
}

function yamlFiles(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(entry.name)) out.push(path);
  }
  return out;
}

function main() {
  const dir = resolve(process.argv[2] ?? DEPLOY_DIR);
  const manifests = readManifests(dir);
  let failed = 0;
  for (const m of manifests) {
    const problem = validateManifest(m);
    if (problem !== undefined) failed++;
    console.log(
      `${problem === undefined ? 'valid  ' : 'INVALID'}  ${describeManifest(m)}${problem === undefined ? '' : `\n         ${problem}`}`,
    );
  }
  const orphans = unreferencedManifests(dir);
  for (const file of orphans)
    console.log(`INVALID  ${file}: not reachable from kustomization.yaml (name it *template* if it is applied by hand)`);
  failed += orphans.length;
  console.log(`${manifests.length} documents, ${failed} problem${failed === 1 ? '' : 's'}`);
  process.exitCode = failed === 0 ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
