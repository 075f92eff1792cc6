/** a label set's way through the cache: label name -> label value -> next node. */
interface Node<T> {
  next?: Map<string, Map<string, Node<T>>>;
  /** what an increment with exactly these labels (in this order) resolved to. */
  hit?: T;
}

/** nodes kept at most; hostile input with endless label sets just starts the cache over. */
export const MAX_CACHED_NODES = 50_000;

/**
 * Remembers which series (and what the cardinality guard did) a metric and label set resolved
 * to, so the common case — a label set seen before — costs a few map lookups on strings the
 * parser already holds, instead of sorting the keys and serializing the set to its series key.
 *
 * the cache is keyed by the labels in the order the line wrote them: two orders of one set are
 * two paths to the same answer, each resolved once the slow way. It only ever holds answers the
 * ledger gave; the ledger clears it whenever a series is taken back (a failed commit).
 */
export class SeriesCache<T> {
  private readonly roots = new Map<string, Node<T>>();
  private nodes = 0;

  get(metric: string, labels: Record<string, string>): T | undefined {
    let node = this.roots.get(metric);
    for (const key in labels) {
      node = node?.next?.get(key)?.get(labels[key]);
      if (!node) return undefined;
    }
    return node?.hit;
  }

  set(metric: string, labels: Record<string, string>, hit: T): void {
    if (this.nodes >= MAX_CACHED_NODES) this.clear();
    let node = this.roots.get(metric);
    if (!node) {
      node = {};
      this.roots.set(metric, node);
      this.nodes++;
    }
    for (const key in labels) {
      node.next ??= new Map();
      let values = node.next.get(key);
      if (!values) {
        values = new Map();
        node.next.set(key, values);
      }
      let child = values.get(labels[key]);
      if (!child) {
        child = {};
        values.set(labels[key], child);
        this.nodes++;
      }
      node = child;
    }
    node.hit = hit;
  }

  clear(): void {
    this.roots.clear();
    this.nodes = 0;
  }
}
