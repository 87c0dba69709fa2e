/* Site search: the results always follow what is in the box.
 *
 * Material reads the query on every keyup and its worker answers the queries one after
 * another, in order. While a reader types `all-reduce` key by key, one of those queries is
 * `all-`: Material adds a wildcard to each word (`all-*`), lunr splits that at the hyphen,
 * and the bare `*` left over expands to every word of the index, which takes the worker
 * seconds (about 6 s for this guide on a laptop). Every query typed after it waits behind
 * it, so the list kept showing the results for `all` long after the box said `all-reduce`
 * (issue #22). A word that ends in a hyphen means nothing more than the word without it, so
 * this script does not let Material read the box while a word ends in one: the keyup goes no
 * further (it is only Material's query that listens to keyup on the box; its keyboard
 * handling uses keydown). The next key, or deleting the hyphen, sends the query as usual.
 *
 * Not covered: Material also reads the box when it gains or loses focus, so leaving the box
 * right after typing a hyphen still sends the slow query (its results arrive seconds late).
 */
(function () {
  "use strict";

  // A word ending in one or more hyphens: "all-", "a b-", "nvidia--". A hyphen standing
  // alone ("a - b") is dropped by Material itself and costs nothing.
  var DANGLING_HYPHEN = /[^\s-]-+(?:\s|$)/;

  document.addEventListener("keyup", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains("md-search__input")) return;
    if (DANGLING_HYPHEN.test(box.value.trim())) event.stopPropagation();
  }, true);  // capture: before Material's listener on the box itself
})();
