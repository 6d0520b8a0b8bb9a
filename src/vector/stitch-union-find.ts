/** Growable union–find over global component ids (path halving, root = smallest id of its set). */
export interface UnionFind {
  /** Reserves n new singleton ids and returns the first. */
  add(n: number): number;
  find(a: number): number;
  union(a: number, b: number): void;
  readonly size: number;
}

export function createUnionFind(initialCapacity = 1024): UnionFind {
  let parent = new Int32Array(initialCapacity);
  let size = 0;
  return {
    add(n: number): number {
      const first = size;
      if (size + n > parent.length) {
        const next = new Int32Array(Math.max(2 * parent.length, size + n));
        next.set(parent.subarray(0, size));
        parent = next;
      }
      for (let i = 0; i < n; i++) parent[first + i] = first + i;
      size += n;
      return first;
    },
    find(a: number): number {
      while (parent[a] !== a) a = parent[a] = parent[parent[a]];
      return a;
    },
    union(a: number, b: number): void {
      while (parent[a] !== a) a = parent[a] = parent[parent[a]];
      while (parent[b] !== b) b = parent[b] = parent[parent[b]];
      if (a < b) parent[b] = a;
      else if (b < a) parent[a] = b;
    },
    get size(): number {
      return size;
    },
  };
}
