/**
 * Typed reads of a JSON request's members. The SDK does not check required members or types
 * before sending, so a member missing or of the wrong type is answered here with the service's own
 * validation error (Glue's InvalidInputException, Step Functions' ValidationException, …) instead
 * of reaching a local service as `undefined`.
 */
import type { JsonObject } from './json-wire.js';
import { AwsWireError } from './types.js';

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;

export class JsonInput {
  constructor(
    readonly members: JsonObject,
    /** The service's error code for a malformed request. */
    readonly invalidCode: string,
  ) {}

  invalid(message: string): AwsWireError {
    return new AwsWireError(this.invalidCode, message);
  }

  has(name: string): boolean {
    return this.members[name] !== undefined && this.members[name] !== null;
  }

  private required<T>(name: string, read: (name: string) => T | undefined): T {
    const value = read(name);
    if (value === undefined) throw this.invalid(`${name} is required`);
    return value;
  }

  optionalString(name: string): string | undefined {
    const v = this.members[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.invalid(`${name} must be a string, not ${describe(v)}`);
    return v;
  }

  /** A required string, which must not be empty. */
  string(name: string): string {
    const v = this.required(name, (n) => this.optionalString(n));
    if (v === '') throw this.invalid(`${name} must not be empty`);
    return v;
  }

  optionalNumber(name: string): number | undefined {
    const v = this.members[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw this.invalid(`${name} must be a number, not ${describe(v)}`);
    return v;
  }

  optionalBoolean(name: string): boolean | undefined {
    const v = this.members[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw this.invalid(`${name} must be a boolean, not ${describe(v)}`);
    return v;
  }

  optionalObject(name: string): JsonObject | undefined {
    const v = this.members[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v))
      throw this.invalid(`${name} must be a structure, not ${describe(v)}`);
    return v as JsonObject;
  }

  object(name: string): JsonObject {
    return this.required(name, (n) => this.optionalObject(n));
  }

  /** A nested structure, read with the same rules. */
  optionalInput(name: string): JsonInput | undefined {
    const v = this.optionalObject(name);
    return v === undefined ? undefined : new JsonInput(v, this.invalidCode);
  }

  input(name: string): JsonInput {
    return new JsonInput(this.object(name), this.invalidCode);
  }

  optionalList(name: string): readonly unknown[] | undefined {
    const v = this.members[name];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw this.invalid(`${name} must be a list, not ${describe(v)}`);
    return v;
  }

  list(name: string): readonly unknown[] {
    return this.required(name, (n) => this.optionalList(n));
  }

  optionalStringList(name: string): string[] | undefined {
    const v = this.optionalList(name);
    if (v === undefined) return undefined;
    if (!v.every((s) => typeof s === 'string')) throw this.invalid(`${name} must be a list of strings`);
    return [...(v as string[])];
  }

  stringList(name: string): string[] {
    return this.required(name, (n) => this.optionalStringList(n));
  }

  /** A list of structures, each read with the same rules. */
  optionalInputs(name: string): JsonInput[] | undefined {
    const v = this.optionalList(name);
    if (v === undefined) return undefined;
    return v.map((item, i) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item))
        throw this.invalid(`${name}[${i}] must be a structure, not ${describe(item)}`);
      return new JsonInput(item as JsonObject, this.invalidCode);
    });
  }

  inputs(name: string): JsonInput[] {
    return this.required(name, (n) => this.optionalInputs(n));
  }

  optionalStringMap(name: string): Record<string, string> | undefined {
    const v = this.optionalObject(name);
    if (v === undefined) return undefined;
    if (!Object.values(v).every((s) => typeof s === 'string'))
      throw this.invalid(`${name} must map strings to strings`);
    return { ...(v as Record<string, string>) };
  }

  stringMap(name: string): Record<string, string> {
    return this.required(name, (n) => this.optionalStringMap(n));
  }
}
