/**
 * Union of the sets of provisional labels a and b in a union–find forest where the smaller label is always
 * the root (path halving on the way), so a set's root is its first label in scan order. Returns the root.
 */
export function unionMin(parent: Int32Array, a: number, b: number): number {
  while (parent[a] !== a) a = parent[a] = parent[parent[a]];
  while (parent[b] !== b) b = parent[b] = parent[parent[b]];
  if (a < b) {
    parent[b] = a;
    return a;
  }
  parent[a] = b;
  return b;
}
