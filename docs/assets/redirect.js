/* A moved page (a question's `moved_from`): forward to its new address, keeping the #anchor. */
(function () {
  "use strict";
  var script = document.currentScript;
  var target = script && script.getAttribute("data-target");
  if (target) location.replace(target + location.hash);
})();
