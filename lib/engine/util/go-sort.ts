/**
 * Ordering with Go's `sort.Sort` outcome where it is observable. Go's pdqsort runs a plain insertion sort for
 * slices of at most 12 elements, so for those the result (including the order of elements the comparator
 * deems equal) is exactly Go's. Longer slices use a stable merge sort: identical to Go whenever the
 * comparator is a strict weak order without ties among distinct elements (Go's order of tied elements
 * beyond 12 is an artefact of pdqsort and is not reproduced).
 */

/** Sorts `items` in place by `less` and returns it. */
export function goSort<T>(items: T[], less: (a: T, b: T) => boolean): T[] {
  if (items.length <= 12) {
    for (let i = 1; i < items.length; i++) {
      for (let j = i; j > 0 && less(items[j]!, items[j - 1]!); j--) {
        const t = items[j]!;
        items[j] = items[j - 1]!;
        items[j - 1] = t;
      }
    }
    return items;
  }
  // Array.prototype.sort is stable (ES2019); derive a three-way compare from `less`.
  return items.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}
