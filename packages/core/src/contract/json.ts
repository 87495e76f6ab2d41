/** A JSON value as sessionkit stores it: what is read back deep-equals what was written. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A plain JSON object. Keys such as `__proto__` are ordinary data. */
export interface JsonObject {
  [key: string]: JsonValue;
}
