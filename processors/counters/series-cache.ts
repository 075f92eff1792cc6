/** a tag set's way through the cache: tag key -> tag value as written -> next node. */
interface Node<T> {
  next?: Map<string, Map<unknown, Node<T>>>;
  /** what a line with exactly these tags (in this order) resolved to. */
  hit?: T;
}

/** nodes kept at most; hostile input with endless tag sets just starts the cache over. */
export const MAX_CACHED_NODES = 50_000;

/** the tags of a line, when they can be walked as key/value pairs: a plain object, or none. */
function tagObject(tags: unknown): Record<string, unknown> | undefined | false {
  if (tags === undefined || tags === null) return undefined;
  return typeof tags === 'object' && !Array.isArray(tags) ? (tags as Record<string, unknown>) : false;
}

/**
 * Remembers which series (and what the cardinality guard did) a line's counter name and tags, as
 * written, resolved to. A line seen before then costs a few map lookups on the strings JSON.parse
 * made, instead of validating its name and tags again, turning them into a metric name and labels,
 * sorting the labels and serializing them into a series key.
 *
 * It holds only answers for lines that were valid, keyed by the raw values (a string tag and a
 * number tag are different keys, as `Map` keeps them apart), so a line found here is valid in the
 * same way and names the same series. The cache is keyed by the tags in the order the line wrote
 * them: two orders of one set are two paths to the same answer, each resolved once the slow way.
 * The ledger clears it whenever a series is taken back (a failed commit).
 */
export class SeriesCache<T> {
  private readonly roots = new Map<string, Node<T>>();
  private nodes = 0;

  get(name: string, tags: unknown): T | undefined {
    const object = tagObject(tags);
    if (object === false) return undefined;
    let node = this.roots.get(name);
    for (const key in object) {
      node = node?.next?.get(key)?.get(object[key]);
      if (!node) return undefined;
    }
    return node?.hit;
  }

  set(name: string, tags: unknown, hit: T): void {
    const object = tagObject(tags);
    if (object === false) return;
    if (this.nodes >= MAX_CACHED_NODES) this.clear();
    let node = this.roots.get(name);
    if (!node) {
      node = {};
      this.roots.set(name, node);
      this.nodes++;
    }
    for (const key in object) {
      node.next ??= new Map();
      let values = node.next.get(key);
      if (!values) {
        values = new Map();
        node.next.set(key, values);
      }
      let child = values.get(object[key]);
      if (!child) {
        child = {};
        values.set(object[key], child);
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
