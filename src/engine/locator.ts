import type { Located, SourceDocument } from '../load/document.js';
import type { Pointer } from '../model/types.js';

/** The pointers of one document that findings point at. */
export interface LocateRequest {
  document: SourceDocument;
  pointers: readonly Pointer[];
}

/**
 * Turns pointers into source ranges, for all documents of a run at once. For each pointer it answers the pointer
 * that exists (the nearest existing ancestor when the one asked for does not) and its range. The engine asks
 * once, at the end of a run, so an implementation may batch or parallelise; it must be deterministic.
 */
export interface Locator {
  locateAll(requests: readonly LocateRequest[]): Located[][];
}

/**
 * The default locator: one document after another, on the calling thread. Each document locates lazily and
 * caches what it scanned (JSON: the members of each object on a path, skipping the values of the others; YAML:
 * a key index per mapping), so a document is passed over once, and only in the parts that findings point into.
 *
 * A worker thread that indexed large JSON documents while the rules ran was measured against this and did not
 * pay on a busy two-core machine (see the README's benchmark section); it was removed.
 */
export const batchLocator: Locator = {
  locateAll: (requests) => requests.map(({ document, pointers }) => pointers.map((pointer) => document.locate(pointer))),
};
