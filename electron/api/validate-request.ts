/**
 * Every request's argument is checked here before the API sees it, by both transports
 * (desktop IPC and the browser mode's WebSocket): a renderer is treated as untrusted input.
 * Each check returns a fresh object holding only the known keys, so nothing the sender
 * attached (extra keys, prototypes) reaches the pipeline.
 */
import { isAbsolute, resolve } from 'node:path';
import { API_METHODS, ApiError, type ApiMethod, type ApiRequest, type FrameKind, type ImageSource } from '../../shared/contract';
import { parseRejectionRules, RejectionRuleError } from '../../shared/quality/rejection-rules';
import { demoNightTooBig, REQUEST_LIMITS, type NumericLimit } from '../../shared/request-limits';

/** Longest path accepted (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;
/** Longest frame or master id accepted; ids are relative paths, so the same order as a path. */
export const MAX_ID_LENGTH = 4096;

/** True when `name` is one of the API's method names. */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHODS as readonly string[]).includes(name);
}

/**
 * The argument of `method`, checked: throws ApiError('bad-request') naming the method, the
 * field and what is wrong. Paths come back resolved (no `..` segments, no trailing slash).
 */
export function validateRequest<M extends ApiMethod>(method: M, arg: unknown): ApiRequest<M> {
  if (!isApiMethod(method)) throw new ApiError('bad-request', `unknown method ${describe(method)}`);
  try {
    return VALIDATORS[method](arg) as ApiRequest<M>;
  } catch (error) {
    if (error instanceof FieldError) throw new ApiError('bad-request', `${method}: ${error.message}`);
    throw error;
  }
}

// ---------------------------------------------------------------- checks

/** A bad field; turned into ApiError with the method's name by validateRequest. */
class FieldError extends Error {}

type Check<T> = (value: unknown, field: string) => T;
interface Field<T> {
  readonly optional: boolean;
  readonly check: Check<T>;
}
type Shape = Readonly<Record<string, Field<unknown>>>;
type FromShape<S extends Shape> = { readonly [K in keyof S]: S[K] extends Field<infer T> ? T : never };

function required<T>(check: Check<T>): Field<T> {
  return { optional: false, check };
}

function optional<T>(check: Check<T>): Field<T | undefined> {
  return { optional: true, check };
}

function nothing(arg: unknown): undefined {
  if (arg !== undefined) throw new FieldError(`takes no argument, got ${describe(arg)}`);
  return undefined;
}

function record<S extends Shape>(shape: S): (arg: unknown, field?: string) => FromShape<S> {
  return (arg, field = 'the argument') => {
    if (!isPlainObject(arg)) throw new FieldError(`${field} must be an object, got ${describe(arg)}`);
    const prefix = field === 'the argument' ? '' : `${field}.`;
    for (const key of Object.keys(arg)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) throw new FieldError(`unknown key ${describe(`${prefix}${key}`)}`);
    }
    const result: Record<string, unknown> = {};
    for (const [key, { optional: isOptional, check }] of Object.entries(shape)) {
      const value = arg[key];
      if (value === undefined) {
        if (!isOptional) throw new FieldError(`${prefix}${key} is required`);
        continue;
      }
      result[key] = check(value, `${prefix}${key}`);
    }
    return result as FromShape<S>;
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function text(maxLength: number): Check<string> {
  return (value, field) => {
    if (typeof value !== 'string') throw new FieldError(`${field} must be a string, got ${describe(value)}`);
    if (value.length === 0) throw new FieldError(`${field} must not be empty`);
    if (value.length > maxLength) throw new FieldError(`${field} is ${value.length} characters long; the limit is ${maxLength}`);
    if (value.includes('\0')) throw new FieldError(`${field} contains a NUL character`);
    return value;
  };
}

const identifier: Check<string> = text(MAX_ID_LENGTH);

function absolutePath(value: unknown, field: string): string {
  const path = text(MAX_PATH_LENGTH)(value, field);
  if (!isAbsolute(path)) throw new FieldError(`${field} must be an absolute path, got ${describe(path)}`);
  return resolve(path);
}

function numberIn(min: number, max: number): Check<number> {
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new FieldError(`${field} must be a finite number, got ${describe(value)}`);
    if (value < min || value > max) throw new FieldError(`${field} must be between ${min} and ${max}, got ${value}`);
    return value;
  };
}

function integerIn(min: number, max: number): Check<number> {
  const inRange = numberIn(min, max);
  return (value, field) => {
    if (typeof value === 'number' && Number.isFinite(value) && !Number.isInteger(value)) {
      throw new FieldError(`${field} must be a whole number, got ${value}`);
    }
    return inRange(value, field);
  };
}

/** A whole number within one of the request limits (shared/request-limits.ts). */
function limited(limit: NumericLimit): Check<number> {
  return integerIn(limit.min, limit.max);
}

function oneOf<const T extends string>(values: readonly T[]): Check<T> {
  return (value, field) => {
    if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
      throw new FieldError(`${field} must be one of ${values.map((v) => `'${v}'`).join(', ')}, got ${describe(value)}`);
    }
    return value as T;
  };
}

function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, field) => (value === null ? null : check(value, field));
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new FieldError(`${field} must be true or false, got ${describe(value)}`);
  return value;
}

const frameSource = record({ kind: required(oneOf(['raw', 'calibrated'] as const)), frameId: required(identifier) });
const masterSource = record({ kind: required(oneOf(['master'] as const)), masterId: required(identifier) });

function imageSource(value: unknown, field: string): ImageSource {
  if (!isPlainObject(value)) throw new FieldError(`${field} must be an object, got ${describe(value)}`);
  if (value.kind === 'master') return masterSource(value, field);
  if (value.kind === 'raw' || value.kind === 'calibrated') return frameSource(value, field);
  throw new FieldError(`${field}.kind must be one of 'raw', 'calibrated', 'master', got ${describe(value.kind)}`);
}

// ---------------------------------------------------------------- the methods

const FRAME_KINDS = ['bias', 'dark', 'darkflat', 'flat', 'light', 'unknown'] as const satisfies readonly FrameKind[];
// Fails to compile when FrameKind gains a value this list does not have.
const everyFrameKind: Exclude<FrameKind, (typeof FRAME_KINDS)[number]> extends never ? true : false = true;
void everyFrameKind;

const combineFields = {
  combine: optional(oneOf(['median', 'sigma-clip'] as const)),
  memoryMB: optional(limited(REQUEST_LIMITS.memoryMB)),
  workers: optional(limited(REQUEST_LIMITS.workers)),
};

const demoNightFields = record({ size: optional(limited(REQUEST_LIMITS.demoSize)), lights: optional(limited(REQUEST_LIMITS.demoLights)) });

/** Each field in range, and the whole night small enough not to fill a disk. */
function demoNight(arg: unknown): ApiRequest<'openDemoNight'> {
  const request = demoNightFields(arg);
  const tooBig = demoNightTooBig(request);
  if (tooBig) throw new FieldError(tooBig);
  return request;
}

/** Longest rule text accepted: a dozen rules take a few hundred characters. */
const MAX_RULES_LENGTH = 2000;

/** Rejection rules as text that parse (the error names the bad rule). */
function rejectionRules(value: unknown, field: string): string {
  const rules = text(MAX_RULES_LENGTH)(value, field);
  try {
    parseRejectionRules(rules);
  } catch (error) {
    if (error instanceof RejectionRuleError) throw new FieldError(`${field}: ${error.message}`);
    throw error;
  }
  return rules;
}

const VALIDATORS: { readonly [M in ApiMethod]: (arg: unknown) => ApiRequest<M> } = {
  openNight: record({
    path: required(absolutePath),
    utcOffsetHours: optional(numberIn(REQUEST_LIMITS.utcOffsetHours.min, REQUEST_LIMITS.utcOffsetHours.max)),
  }),
  openDemoNight: demoNight,
  setFrameOverride: record({
    frameId: required(identifier),
    type: optional(nullable(oneOf(FRAME_KINDS))),
    excluded: optional(boolean),
  }),
  buildMasters: record(combineFields),
  calibrate: record({ ...combineFields, outputDir: optional(absolutePath), redo: optional(boolean), rejectRules: optional(rejectionRules) }),
  cancelRun: nothing,
  startWatch: record({ ...combineFields, outputDir: optional(absolutePath) }),
  stopWatch: nothing,
  getPreview: record({ source: required(imageSource), maxSize: optional(limited(REQUEST_LIMITS.previewSize)), mosaic: optional(boolean) }),
  getHeader: record({ source: required(imageSource) }),
  getPixels: record({
    source: required(imageSource),
    x: required(limited(REQUEST_LIMITS.pixelOrigin)),
    y: required(limited(REQUEST_LIMITS.pixelOrigin)),
    width: required(limited(REQUEST_LIMITS.pixelBlockSide)),
    height: required(limited(REQUEST_LIMITS.pixelBlockSide)),
  }),
  getSnapshot: nothing,
  chooseFolder: nothing,
  listFolder: record({ path: optional(absolutePath) }),
  runDestination: record({ combine: combineFields.combine, outputDir: optional(absolutePath) }),
  revealOutput: nothing,
  listLibrary: nothing,
  addToLibrary: record({ path: required(absolutePath) }),
  saveMastersToLibrary: nothing,
  setFrameVerdict: record({ frameId: required(identifier), verdict: required(nullable(oneOf(['keep', 'reject'] as const))) }),
  setRejectionRules: record({ rules: required(nullable(rejectionRules)) }),
};

/** A short, printable account of a value for an error message (never the whole of a huge string). */
function describe(value: unknown): string {
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 60)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
