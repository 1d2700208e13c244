// Objects (stores, schemas, fetch functions) have no name: number them, so a hook's key can tell two apart.
const ids = new WeakMap<object, number>();
let next = 0;

/** @internal A number per object, stable for its lifetime. */
export function idOf(value: object): number {
  let id = ids.get(value);
  if (id === undefined) ids.set(value, (id = ++next));
  return id;
}
